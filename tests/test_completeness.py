"""Completeness is measured against the current source and templates, never the catalog alone
(issue 13, item 2): edit the source and leave the catalogs alone, and check, stats, the manifest
and the release gate all see the unit as untranslated until `silkpress update` and a translator."""

from __future__ import annotations

import json
import shutil

import pytest

from silkpress import load_project
from silkpress.editions import release_problems
from silkpress.i18n import extract
from silkpress.i18n.checks import check_project
from silkpress.i18n.stats import catalog_stats, project_stats

from .conftest import REPO
from .helpers import run

TITLE = "title: Top Ten Events in China–Central Asia Relations in 2025"


@pytest.fixture
def real_copy(tmp_path):
    """A writable copy of the real publication: complete catalogs in every locale."""
    root = tmp_path / "real"
    root.mkdir()
    shutil.copy(REPO / "pyproject.toml", root)
    for folder in ("source", "locales", "templates"):
        shutil.copytree(REPO / folder, root / folder)
    return load_project(root)


def edit_title(project, new: str = "title: Top Eleven Events in China–Central Asia Relations in 2025") -> None:
    source = project.bulletins[0].source
    text = source.read_text(encoding="utf-8")
    assert TITLE in text
    source.write_text(text.replace(TITLE, new), encoding="utf-8")


def test_an_edited_source_is_untranslated_until_update_and_translation(real_copy, tmp_path):
    bulletin = real_copy.bulletins[0]
    assert release_problems(bulletin, ["ru", "kk"]) == []
    assert catalog_stats(bulletin, "ru").percent == 100.0
    edit_title(real_copy)

    problems = release_problems(bulletin, ["ru", "kk"])
    assert [(d.path, d.severity, d.check, d.context) for d in problems] == [
        ("locales/ru/LC_MESSAGES/bulletin.po", "error", "untranslated", "title"),
        ("locales/kk/LC_MESSAGES/bulletin.po", "error", "untranslated", "title"),
    ]
    assert "run silkpress update" in problems[0].message and "source/china-central-asia-2025.yaml:12" in problems[0].message
    # at the catalog's entry for the old text (its msgid line)
    assert problems[0].line == 1 + next(number for number, line in enumerate(
        bulletin.catalog_path("ru").read_text(encoding="utf-8").splitlines(), start=1) if line == 'msgctxt "title"')
    # a draft check warns; stats count it; the source locale shows the source, so it is complete
    assert {(d.severity, d.context) for d in check_project(bulletin, ["ru"])} == {("warning", "title")}
    ru, en = catalog_stats(bulletin, "ru"), catalog_stats(bulletin, "en")
    assert (ru.untranslated.messages, ru.untranslated.words, en.percent) == (1, 9, 100.0)  # the new title's words
    assert ru.percent < 100.0
    stats = {row["locale"]: row for row in json.loads(run(real_copy, "stats", "--format", "json", check=True).stdout)}
    assert stats["kk"]["untranslated"]["messages"] == 1 and stats["kk"]["percent"] < 100

    # a draft publishes the English title in the Russian edition, and its manifest says so
    draft = tmp_path / "draft"
    run(real_copy, "build", "--locale", "ru", "--edition-format", "html", "--out", str(draft), check=True)
    manifest = json.loads((draft / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["provenance"]["catalogs"]["ru"]["percent"] == round(ru.percent, 1) < 100

    out = tmp_path / "out"
    refused = run(real_copy, "build", "--release", "--locale", "ru", "--edition-format", "html", "--out", str(out))
    assert refused.exit_code == 1 and "(title)" in refused.output and "run silkpress update" in refused.output
    assert not out.exists() or not any(out.rglob("*.html"))

    # update keeps the old translation as a fuzzy suggestion: still not publishable
    run(real_copy, "update", check=True)
    assert [(d.check, d.context) for d in release_problems(bulletin, ["ru"])] == [("fuzzy", "title")]


def test_stats_extract_once_per_bulletin(real_copy, monkeypatch):
    calls = []
    original = extract.extract_messages
    monkeypatch.setattr(extract, "extract_messages", lambda *args, **kwargs: calls.append(1) or original(*args, **kwargs))
    edit_title(real_copy, "title: Top Events of 2025")  # the POT is stale: its messages cannot stand in
    rows = project_stats(real_copy.bulletins[0])
    assert len(rows) == 7 and all(row.untranslated.messages == 1 for row in rows if row.locale != "en")
    project_stats(real_copy.bulletins[0])
    check_project(real_copy.bulletins[0])
    assert len(calls) == 1


def test_a_broken_source_is_a_check_error_not_a_traceback(real_copy):
    source = real_copy.bulletins[0].source
    source.write_text(source.read_text(encoding="utf-8").replace(TITLE, "title: [unclosed"), encoding="utf-8")
    result = run(real_copy, "check", "ru")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "source/china-central-asia-2025.yaml:13: error: [source] YAML syntax error" in result.output
