"""Catalogs against the tools translators use: GNU gettext (msgcat, msgfmt, msgattrib), polib,
translate-toolkit and Babel. GNU's output is the reference: our files must be what msgcat writes,
our reader must accept and reject what msgfmt -c does, at its lines."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest

from silkpress.i18n.compile import compile_catalogs
from silkpress.i18n.mofile import render_mo
from silkpress.i18n.pofile import parse_po, read_po
from silkpress.i18n.powrite import render_po

from .conftest import DATA, REPO
from .gnu import (
    TOOLS,
    msgattrib_ok,
    msgcat,
    msgfmt_errors,
    parses_everywhere,
    save_with,
)
from .helpers import run

CORPUS = sorted((DATA / "po").glob("*.po"))




def repository_catalogs() -> list[Path]:
    """Every catalog in the repository that GNU can read: the bulletin's, the fixture project's and
    the check fixtures. (tests/data/po holds hand-written odd forms on purpose, and two fixtures
    are broken on purpose.)"""
    return sorted(
        [*REPO.glob("locales/*.pot"), *REPO.glob("locales/*/LC_MESSAGES/*.po"),
         *DATA.glob("mini/locales/*.pot"), *DATA.glob("mini/locales/*/LC_MESSAGES/*.po"),
         *(p for p in DATA.glob("checks/*.po") if p.name != "syntax-bad.po")]
    )


@pytest.mark.parametrize("path", repository_catalogs(), ids=lambda p: str(p.relative_to(REPO)))
def test_repository_catalogs_are_their_own_msgcat_output(path):
    assert msgcat(path) == path.read_bytes()


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_reader_agrees_with_msgfmt_and_writer_with_msgcat(path):
    """tests/data/po: broken and odd catalogs. Same verdict and first line as msgfmt -c;
    for the accepted ones, the bytes msgcat writes."""
    status, gnu_errors = msgfmt_errors(path)
    pofile, errors = parse_po(path.read_bytes(), path.name)
    assert bool(errors) == (status != 0), (errors, gnu_errors)
    if errors:
        assert path.stem.startswith("bad-")
        # GNU gives no line for a file-level error such as a missing header; silkpress says line 1
        gnu_line = gnu_errors[0][0] if gnu_errors else None  # "header missing" is printed as a warning
        assert errors[0].line == (gnu_line or 1), (errors[0], gnu_errors)
    else:
        assert path.stem.startswith("ok-")
        assert render_po(pofile) == msgcat(path)


@pytest.fixture
def edited_real_project(tmp_path):
    """The real bulletin with one long paragraph (over 300 characters) edited and one credit removed."""
    project = tmp_path / "real"
    for name in ("source", "locales", "templates"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "pyproject.toml", project / "pyproject.toml")
    source = next((project / "source").glob("*.yaml"))
    text = source.read_text(encoding="utf-8")
    paragraph = next(line for line in text.splitlines() if "is a flagship Belt and Road Initiative project" in line)
    assert len(paragraph.strip()) > 300
    text = text.replace("is a flagship Belt and Road Initiative project", "is a flagship Belt and Road Initiative (BRI) project")
    text = text.replace("  - Shaanxi Provincial Department of Culture and Tourism\n", "")
    source.write_text(text, encoding="utf-8")
    run(project, "extract", check=True)
    run(project, "update", check=True)
    return project


def test_long_paragraph_edit_leaves_catalogs_every_tool_reads(edited_real_project):
    catalogs = sorted(edited_real_project.glob("locales/*/LC_MESSAGES/*.po"))
    assert len(catalogs) == 7  # five translated, two derived (kk_Latn, uz_Cyrl)
    for path in catalogs:
        status, errors = msgfmt_errors(path)
        assert status == 0, errors
        assert msgattrib_ok(path)
        assert msgcat(path) == path.read_bytes()
        parses_everywhere(path)
        if "/en/" in str(path):
            continue
        import polib

        (entry,) = [e for e in polib.pofile(str(path)) if e.msgctxt == "railway/p2"]
        assert entry.fuzzy and entry.previous_msgid.startswith("The China–Kyrgyzstan–Uzbekistan railway is a flagship Belt and Road Initiative project")
        assert [e.msgid for e in polib.pofile(str(path)).obsolete_entries()] == ["Shaanxi Provincial Department of Culture and Tourism"]
    # a second update changes no byte and keeps #|
    before = {p: p.read_bytes() for p in catalogs}
    run(edited_real_project, "update", check=True)
    assert {p: p.read_bytes() for p in catalogs} == before
    assert b"#| msgid" in before[edited_real_project / "locales/ru/LC_MESSAGES/bulletin.po"]


@pytest.mark.parametrize("tool", TOOLS)
def test_round_trip_through_each_tool_loses_nothing(edited_real_project, tool, tmp_path):
    """Re-save a catalog with fuzzy, #| and #~ entries in a tool, then update: valid, nothing lost;
    after a GNU tool or translate-toolkit, not one byte changed."""
    path = edited_real_project / "locales/ru/LC_MESSAGES/bulletin.po"
    ours = path.read_bytes()
    saved = tmp_path / "saved.po"
    save_with(tool, path, saved)
    shutil.copy(saved, path)
    run(edited_real_project, "update", check=True)
    after = path.read_bytes()
    assert msgfmt_errors(path)[0] == 0
    assert msgcat(path) == after  # canonical again
    expected, got = read_po(ours), read_po(after)
    assert got.entries[1:] == expected.entries[1:]  # every message, comment, flag and #|, in order
    header = {k.lower(): v.lower() for k, v in got.header_fields.items()}
    assert header == {k.lower(): v.lower() for k, v in expected.header_fields.items()}
    if tool in ("msgcat", "msgcat --no-wrap", "translate-toolkit"):
        assert after == ours


def test_update_repairs_the_broken_previous_lines_of_silkpress_0_1(mini):
    po = mini.bulletins[0].catalog_path("ru")
    text = po.read_text(encoding="utf-8").replace(
        'msgctxt "summit/p1"',
        '#, fuzzy\n#| msgid "" "The first paragraph, as it was before the edit, a long one that Babel\n'
        '#| wrapped " "like a comment"\nmsgctxt "summit/p1"',
    )
    po.write_text(text, encoding="utf-8")
    assert msgfmt_errors(po)[0] != 0  # what the old update wrote: GNU cannot read it
    result = run(mini.root, "update", check=True)
    assert "previous msgid(s) recovered" in result.output
    entry = read_po(po.read_bytes()).get("First paragraph.", "summit/p1")
    assert entry.previous_msgid == "The first paragraph, as it was before the edit, a long one that Babel wrapped like a comment"
    assert msgfmt_errors(po)[0] == 0 and msgcat(po) == po.read_bytes()


def test_compile_writes_what_msgfmt_writes(mini, tmp_path):
    locales = [locale for locale in mini.locales if locale != "ru"]  # ru carries hostile markup
    for locale, ours in zip(locales, compile_catalogs(mini.bulletins[0], locales)):
        theirs = tmp_path / f"{locale}.mo"
        subprocess.run(["msgfmt", "-o", str(theirs), str(mini.bulletins[0].catalog_path(locale))], check=True)
        with ours.open("rb") as a, theirs.open("rb") as b:
            mine, gnu = gettext.GNUTranslations(a), gettext.GNUTranslations(b)
        assert mine._catalog == gnu._catalog, locale  # same messages, contexts and plural forms
        assert [mine.plural(n) for n in range(200)] == [gnu.plural(n) for n in range(200)]
        assert mine.info() == gnu.info()


def test_real_catalogs_compile_like_msgfmt(real_project, tmp_path):
    for locale in real_project.locales:
        path = real_project.bulletins[0].catalog_path(locale)
        ours = tmp_path / f"{locale}.ours.mo"
        ours.write_bytes(render_mo(read_po(path.read_bytes())))
        theirs = tmp_path / f"{locale}.gnu.mo"
        subprocess.run(["msgfmt", "-o", str(theirs), str(path)], check=True)
        with ours.open("rb") as a, theirs.open("rb") as b:
            assert gettext.GNUTranslations(a)._catalog == gettext.GNUTranslations(b)._catalog, locale


def test_update_keeps_obsolete_entries_as_gnu_wrote_them(mini):
    po = mini.bulletins[0].catalog_path("ru")
    text = po.read_text(encoding="utf-8") + (
        "\n# kept\n#: old.c:1\n#, fuzzy\n#~| msgid \"older text\"\n#~ msgid \"old text\"\n#~ msgstr \"старый текст\"\n"
    )
    po.write_text(text, encoding="utf-8")
    canonical = msgcat(po)
    po.write_bytes(canonical)
    run(mini.root, "update", check=True)
    assert po.read_bytes() == canonical  # the '#~|' and the reference of an obsolete entry stay
