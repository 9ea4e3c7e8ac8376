"""The sample projects in examples/: each builds as a draft, passes its checks and the W3C Nu HTML
checker, and keeps its shape. Each is built from a copy: nothing is written into examples/."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess

import pytest

from silkpress import load_project

from .helpers import REPO, build_with, run
from .test_web import VNU

pytestmark = pytest.mark.slow  # PDFs and the Nu checker

EXAMPLES = REPO / "examples"
# locale -> percent translated, as each example's manifest must report it
COMPLETENESS = {
    "minimal": {"en": 100.0, "ru": 100.0},
    "digest": {"en": 100.0, "kk": 100.0, "uz": 50.0},
    "chronicle": {"en": 100.0, "zh_Hans": 43.5, "ru": 100.0},
}


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not {"dist", ".silkpress"} & set(p.relative_to(folder).parts)}


def copy_example(name, tmp_path):
    root = tmp_path / name
    shutil.copytree(EXAMPLES / name, root, ignore=shutil.ignore_patterns("dist", ".silkpress"))
    return load_project(root)


@pytest.mark.parametrize("name", list(COMPLETENESS))
def test_each_example_builds_as_a_draft_passes_its_checks_and_the_nu_checker(name, tmp_path):
    before = snapshot(EXAMPLES / name)
    project = copy_example(name, tmp_path)
    result = build_with(project, out_dir=tmp_path / "out")
    assert not result.failures
    pages = assert_editions(project, result.out_dir)
    manifest = json.loads((result.out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert {locale: c["percent"] for locale, c in manifest["provenance"]["catalogs"].items()} == COMPLETENESS[name]
    check = run(project, "check")
    assert check.exit_code == 0, check.output
    assert check.stderr.strip().splitlines()[-1].startswith("0 error(s)")
    assert all("[untranslated]" in line for line in check.stdout.splitlines())  # warnings for what is left only
    assert run(project, "update", "--check").exit_code == 0  # the catalogs are what update writes
    assert nu_errors(pages) == []
    assert snapshot(EXAMPLES / name) == before  # nothing is ever written into examples/


def assert_editions(project, out):
    """The chooser, the status page, and each edition's page and PDF; returns every page."""
    bulletin = project.bulletins[0].load()
    chooser = (out / "index.html").read_text(encoding="utf-8")
    assert (out / "status.html").is_file()
    for locale in project.locales:
        tag = project.tag(locale)
        assert (out / tag / "index.html").is_file() and (out / tag / f"{bulletin.id}-{tag}.pdf").is_file(), tag
        assert f'href="{tag}/index.html"' in chooser, tag
    pages = sorted(str(p) for p in out.rglob("*.html"))
    assert len(pages) == len(project.locales) + 2
    return pages


def nu_errors(pages):
    assert VNU.is_file(), "the Nu checker is installed by 'make test' (npm package vnu-jar)"
    checked = subprocess.run(["java", "-jar", str(VNU), "--format", "json", *pages], capture_output=True, text=True,
                             check=False)
    messages = json.loads(checked.stderr or '{"messages": []}')["messages"]
    return [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"][:5]


def test_the_examples_have_their_shapes():
    minimal, digest, chronicle = (load_project(EXAMPLES / name) for name in ("minimal", "digest", "chronicle"))
    assert len(minimal.bulletins[0].load().events) == 1 and len(minimal.locales) == 2
    source = digest.bulletins[0].load()
    texts = [unit.text for unit in source.units()]
    assert any("62% of passengers" in text for text in texts) and any("2,400" in text for text in texts)
    assert any(len(event.countries) == 1 for event in source.events)
    source = chronicle.bulletins[0].load()
    dates = [date for event in source.events for date in event.dates]
    assert len(source.events) == 30 and max(len(event.countries) for event in source.events) == 8
    assert any(d.precision == "month" for d in dates) and any(d.end is not None for d in dates)
    assert len(source.places) == 18 and len(chronicle.locales) == 3
