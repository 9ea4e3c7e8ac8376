"""BuildOptions: defaults in one place, and one fingerprint for the fast path and the job cache."""

from __future__ import annotations

import dataclasses
import shutil

import pytest

from silkpress import BuildOptions, ConfigError, load_project
from silkpress.options import DEFAULT_OPTIONS

from .helpers import DATA, copy_project, eject


def test_defaults_resolve_from_the_project(mini):
    resolved = DEFAULT_OPTIONS.resolved(mini)
    assert resolved.locales == mini.locales
    assert resolved.formats == ("pdf", "html")
    assert resolved.out_dir == mini.dist_dir
    assert resolved.pdf_variant == mini.pdf_variant and resolved.base_url == mini.base_url
    assert BuildOptions(pdf_variant=None, base_url="https://x.example/").resolved(mini).pdf_variant is None
    # a selection keeps the registry's order, whatever order it was asked in
    assert BuildOptions(formats=("html", "pdf")).resolved(mini).formats == ("pdf", "html")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"pdf_variant": "pdf/x-4"}, "unknown PDF variant"),
        ({"executor": "dask"}, "needs --scheduler"),
        ({"executor": "slurm"}, "unknown executor"),
        ({"min_complete": 120.0}, "percentage"),
    ],
)
def test_bad_options_are_refused(options, message):
    with pytest.raises(ConfigError, match=message):
        BuildOptions(**options)


def test_a_selection_must_be_configured(mini):
    with pytest.raises(ConfigError, match="not configured"):
        BuildOptions(locales=("fr",)).resolved(mini)


def test_the_fingerprint_covers_what_decides_the_output_and_nothing_else():
    base = DEFAULT_OPTIONS.fingerprint()
    for name, value in [("locales", ("ru",)), ("formats", ("html",)), ("release", True), ("min_complete", 50.0),
                        ("pdf_variant", None), ("base_url", "https://x.example/"), ("archive", True)]:
        assert dataclasses.replace(DEFAULT_OPTIONS, **{name: value}).fingerprint() != base, name
    for name, value in [("force", True), ("jobs", 3), ("executor", "dask"), ("scheduler", "tcp://h:1")]:
        changed = dataclasses.replace(DEFAULT_OPTIONS, **{name: value, "scheduler": "tcp://h:1"})
        assert changed.fingerprint() == dataclasses.replace(DEFAULT_OPTIONS, scheduler="tcp://h:1").fingerprint(), name
    # a format's job key takes only the options that format declares
    assert BuildOptions(archive=True).fingerprint(names=("pdf_variant",)) == DEFAULT_OPTIONS.fingerprint(names=("pdf_variant",))


def test_the_fingerprint_covers_every_input_wherever_it_lives(tmp_path, monkeypatch):
    project = copy_project(DATA / "mini", tmp_path / "mini")
    (project.root / "content").mkdir()
    shutil.move(project.sources[0], project.root / "content" / "mini.yaml")
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace("source/mini.yaml", "content/mini.yaml"), encoding="utf-8")
    (project.root / "locales" / "termbase.tsv").write_text("en\tru\nSummit\tСаммит\n", encoding="utf-8")
    project = load_project(project.root)
    seen = {DEFAULT_OPTIONS.fingerprint(project)}
    for path in (project.sources[0], project.locales_dir / "termbase.tsv", eject(project, "web.css"),
                 project.bulletins[0].catalog_path("kk"), pyproject):
        path.write_bytes(path.read_bytes() + b"\n")
        seen.add(DEFAULT_OPTIONS.fingerprint(project))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    seen.add(DEFAULT_OPTIONS.fingerprint(project))
    assert len(seen) == 7
    # compiled catalogs are outputs, not inputs
    (project.locales_dir / "kk" / "LC_MESSAGES" / "bulletin.mo").write_bytes(b"x")
    assert DEFAULT_OPTIONS.fingerprint(project) in seen


def test_a_fifo_among_the_inputs_is_not_read(tmp_path):
    import os

    project = copy_project(DATA / "mini", tmp_path / "mini")
    os.mkfifo(project.templates_dir / "pipe.html")
    assert len(DEFAULT_OPTIONS.fingerprint(project)) == 64  # returns: a FIFO is never opened


def test_a_cover_picture_outside_the_source_folder_is_an_input(tmp_path):
    project = copy_project(DATA / "mini", tmp_path / "mini")
    (project.root / "art").mkdir()
    picture = project.root / "art" / "cover.svg"
    picture.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"/>', encoding="utf-8")
    source = project.sources[0]
    source.write_text(source.read_text(encoding="utf-8") + "cover:\n  image: ../art/cover.svg  # the picture\n  alt: A picture.\n",
                      encoding="utf-8")
    before = DEFAULT_OPTIONS.fingerprint(project)
    assert picture in set(project.input_files())
    picture.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="5"/>', encoding="utf-8")
    assert DEFAULT_OPTIONS.fingerprint(project) != before
