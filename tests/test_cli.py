from __future__ import annotations

import json

import pytest

COMMANDS = ["build", "extract", "update", "init", "new"]

from .helpers import run as shared_run


def run(*args: str):
    return shared_run(None, *args)


def test_help():
    result = run("--help")
    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_help_on_every_command(command):
    result = run(command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output


def test_build_html_for_one_locale(mini, tmp_path):
    out = tmp_path / "out"
    result = run("--project", str(mini.root), "build", "--locale", "ru", "--edition-format", "html", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "ru" / "index.html").is_file()
    assert not (out / "en" / "index.html").exists()
    assert "ru: html" in result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {e["path"] for e in manifest["artifacts"]} >= {"ru/index.html", "index.html"}


def test_bad_source_gives_path_line_message_and_exit_1(mini):
    mini.sources[0].write_text(mini.sources[0].read_text(encoding="utf-8").replace("2025-06-17", "2025-13-01"), encoding="utf-8")
    result = run("--project", str(mini.root), "build", "--edition-format", "html")
    assert result.exit_code == 1
    assert result.stderr.startswith("source/mini.yaml:17: ")
    assert "Traceback" not in result.output


def test_unknown_locale_is_refused(mini):
    result = run("--project", str(mini.root), "build", "--locale", "xx")
    assert result.exit_code == 1 and "not configured" in result.stderr


def test_unknown_format_is_a_usage_error(mini):
    result = run("--project", str(mini.root), "build", "--format", "docx")
    assert result.exit_code == 2


def test_not_a_project(tmp_path):
    result = run("--project", str(tmp_path), "build")
    assert result.exit_code == 1 and "not a silkpress project" in result.stderr


def test_init_refuses_malformed_and_existing_locales(mini):
    assert run("--project", str(mini.root), "init", "xx_YY_ZZ").exit_code == 1
    existing = run("--project", str(mini.root), "init", "ru")
    assert existing.exit_code == 1 and "already exists" in existing.stderr


def test_extract_is_idempotent(mini):
    first = run("--project", str(mini.root), "extract")
    assert first.exit_code == 0 and "unchanged" in first.output


def test_doctor_reports_the_machine():
    result = run("doctor", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["versions"]["weasyprint"] != "missing" and report["versions"]["pango"] != "missing"
    assert report["cpus"] >= 1
    assert any("NotoSerifSC-Regular.woff2 (ok)" in line for line in report["fonts"]["zh_Hans"])
    assert not any("NotoSerifSC" in line for line in report["fonts"]["en"])
    assert "hb-subset" in run("doctor").stdout


@pytest.mark.parametrize("present", [True, False])
def test_doctor_says_whether_hb_subset_is_there(monkeypatch, present):
    """Both answers, whatever this machine has installed."""
    import ctypes.util

    real = ctypes.util.find_library
    monkeypatch.setattr(ctypes.util, "find_library",
                        lambda name: ("libharfbuzz-subset.so.0" if present else None) if name == "harfbuzz-subset" else real(name))
    report = json.loads(run("doctor", "--format", "json").stdout)
    assert report["hb_subset"] is present
    assert any("libharfbuzz-subset0" in warning for warning in report["warnings"]) is not present


# --- issue 14: interface strings no catalog translates are marked in drafts ----------------------

MARK = '<span lang="en" data-l10n="{}">{}</span>'


def _with_german(mini):
    """The fixture with a locale the theme does not translate: de, set up as a user does."""
    pyproject = mini.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace('"uz"]', '"uz", "de"]'), encoding="utf-8")
    assert run("--project", str(mini.root), "init", "de").exit_code == 0


def test_a_draft_marks_the_interface_strings_no_catalog_translates(mini, tmp_path):
    _with_german(mini)
    out = tmp_path / "out"
    assert run("--project", str(mini.root), "build", "--edition-format", "html", "--out", str(out)).exit_code == 0
    german = (out / "de" / "index.html").read_text(encoding="utf-8")
    for text in ("Contents", "Dates", "Date", "Place", "Countries", "Skip to content", "All languages", "Credits"):
        assert MARK.format("untranslated", text) in german, text
    assert MARK.format("untranslated", 'Published <time datetime="2025-12-26">26. Dezember 2025</time>') in german
    # never in an attribute, the <title>, JSON-LD or the feed
    assert 'aria-label="Other languages"' in german and "data-l10n" not in (out / "de" / "feed.xml").read_text(encoding="utf-8")
    head = german.split("</head>")[0]
    assert "data-l10n" not in head
    # ru: the theme translates them, so only the bulletin's untranslated units are marked
    russian = (out / "ru" / "index.html").read_text(encoding="utf-8")
    assert ">Содержание<" in russian and "Страны" in russian
    assert '<span lang="en" data-l10n' not in russian.replace('<span lang="en" data-l10n="untranslated">Forums met</span>', "")
    assert "data-l10n" not in (out / "en" / "index.html").read_text(encoding="utf-8")  # the source itself


def test_a_fuzzy_interface_string_is_marked_fuzzy_and_a_translated_one_not_at_all(mini, tmp_path):
    from .helpers import add_entry

    _with_german(mini)
    po = mini.bulletins[0].catalog_path("de")
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgid "Contents"\nmsgstr ""', '#, fuzzy\nmsgid "Contents"\nmsgstr "Inhalt"')
    countries = 'msgid "Country"\nmsgid_plural "Countries"\nmsgstr[0] ""\nmsgstr[1] ""'
    assert countries in text
    po.write_text(text.replace(countries, countries.replace('[0] ""', '[0] "Land"').replace('[1] ""', '[1] "Länder"')),
                  encoding="utf-8")
    add_entry(mini, "ru", "All languages", "Все языки!")  # a project's override of a theme string
    out = tmp_path / "out"
    assert run("--project", str(mini.root), "build", "--edition-format", "html", "--out", str(out)).exit_code == 0
    german = (out / "de" / "index.html").read_text(encoding="utf-8")
    assert MARK.format("fuzzy", "Contents") in german  # shown in English, as a fuzzy unit is
    assert "<dt>Länder</dt>" in german
    assert ">Все языки!<" in (out / "ru" / "index.html").read_text(encoding="utf-8")


def test_print_editions_mark_in_drafts_and_releases_never_do(mini):
    """The print document (print.html) marks the same way; the folio, CSS content, never is.
    A release's editions (draft=False) never mark, whatever their catalogs hold."""
    from silkpress import load_project
    from silkpress.editions import load_edition
    from silkpress.html import render_template

    _with_german(mini)
    project = load_project(mini.root)
    bulletin = project.bulletins[0]
    source = bulletin.load()
    documents = {}
    for draft in (True, False):
        edition = load_edition(bulletin, source, "de", draft=draft)
        documents[draft] = render_template(edition.env, "print.html", project.root, font_css="", hyphenate=None,
                                           event_break="continuous", provenance={}, edition=edition.localized,
                                           contents=True)
    assert MARK.format("untranslated", "Contents") in documents[True]
    assert 'content: "Page " counter(page) " of " counter(pages)' in documents[True]
    assert '<h2 class="toc-title">Contents</h2>' in documents[False]
    for text in ("Contents", "Dates", "Date", "Place", "Countries", "Credits"):
        assert MARK.format("untranslated", text) in documents[True], text
        assert MARK.format("untranslated", text) not in documents[False], text
