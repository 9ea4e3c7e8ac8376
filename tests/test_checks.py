"""Each catalog check, on a bad fixture and on clean catalogs (tests/data/checks/*.po)."""

from __future__ import annotations

import re

import pytest

from silkpress.i18n.checks import check_catalog, check_project
from silkpress.i18n.checks.termbase import load_termbase

from .conftest import DATA

CHECKS = DATA / "checks"
FIXTURES = sorted(CHECKS.glob("*.po"))
TERMS = load_termbase(CHECKS / "termbase.tsv", "termbase.tsv")
LINE = re.compile(r"^[^:]+:(\d+): (error|warning): \[([a-z-]+)\] .+")


def expectation(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.match(r"# checked as (\w+); expect:(.*)$", first)
    return match.group(1), sorted(match.group(2).split())


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_each_check_catches_its_fixture(path):
    locale, expected = expectation(path)
    diagnostics = check_catalog(path, locale, path.name, "en", TERMS)
    assert sorted({d.check for d in diagnostics}) == expected
    for diagnostic in diagnostics:
        assert LINE.match(str(diagnostic)), str(diagnostic)
        assert diagnostic.line is not None


def test_diagnostics_name_line_and_msgctxt():
    numbers = check_catalog(CHECKS / "numbers-bad.po", "ru", "numbers-bad.po", "en", TERMS)
    assert [str(d) for d in numbers] == [
        "numbers-bad.po:11: error: [numbers] the number 37.7 is missing from the translation (a/p1)"
    ]
    syntax = check_catalog(CHECKS / "syntax-bad.po", "ru", "syntax-bad.po", "en", TERMS)
    # GNU msgfmt's messages, at its lines (an unclosed string is reported on the next line)
    assert [(d.line, d.message.split(" (")[0]) for d in syntax] == [
        (11, "end-of-line within string"), (13, 'keyword "msgfoo" unknown'), (13, "syntax error"),
        (16, 'keyword "stray" unknown'), (16, "syntax error"), (23, "duplicate message definition"),
    ]


def test_header_problems():
    messages = [d.message for d in check_catalog(CHECKS / "header-bad.po", "ru", "h.po", "en", TERMS)]
    assert any("Language is 'kk'" in m for m in messages)
    assert any("nplurals = 2 but plural expression can produce values as large as 2" in m for m in messages)
    assert any("CLDR says 3" in m for m in messages)


def test_numbers_allow_locale_formats_and_words(tmp_path):
    po = tmp_path / "n.po"
    text = (CHECKS / "clean-ru.po").read_text(encoding="utf-8")
    po.write_text(text + '\nmsgctxt "x/p1"\nmsgid "Six bases, 1,000 trees, 3 years."\nmsgstr "Шесть баз, 1\u00a0000 деревьев, три года."\n', encoding="utf-8")
    assert check_catalog(po, "ru", "n.po", "en", TERMS) == []


def test_invalid_utf8_is_reported(tmp_path):
    po = tmp_path / "bad.po"
    header = b'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    po.write_bytes(header + b'\nmsgid "A"\nmsgstr "\xff"\n')
    (diagnostic,) = check_catalog(po, "ru", "bad.po")  # as msgfmt -c says it
    assert (diagnostic.check, diagnostic.line, diagnostic.message) == ("po-syntax", 7, "invalid multibyte sequence")
    # with no charset, GNU reads the bytes as they are; silkpress still wants UTF-8
    po.write_bytes(b'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\nmsgid "A"\nmsgstr "\xff"\n')
    found = {(d.check, d.line) for d in check_catalog(po, "ru", "bad.po")}
    assert ("po-syntax", 6) in found and ("header", 1) in found


@pytest.mark.content
def test_real_catalogs_have_no_errors_or_warnings(real_project):
    assert [str(d) for d in check_project(real_project.bulletins[0])] == []
