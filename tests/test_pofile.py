"""The PO reader and writer on small inline inputs: GNU's wrapping, escapes, comments and errors.

Expected bytes here were produced by GNU msgcat 0.21; tests/test_interop.py checks the same
against the real tools on many more inputs.
"""

from __future__ import annotations

import pytest

from silkpress.errors import CatalogError
from silkpress.i18n.linebreak import (
    POSSIBLE,
    PROHIBITED,
    fill,
    possible_breaks,
    width_breaks,
)
from silkpress.i18n.pofile import Entry, PoFile, parse_po, read_po
from silkpress.i18n.powrite import render_entry, render_po, wrap

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'


def po(body: str) -> bytes:
    return (HEADER + body).encode("utf-8")


def first_error(body: str) -> tuple[int | None, str]:
    _, errors = parse_po(po(body))
    assert errors, "expected an error"
    return errors[0].line, errors[0].message


# --- line breaking ------------------------------------------------------------------------

def breaks_at(text: str) -> list[int]:
    return [i for i, value in enumerate(possible_breaks(text)) if value == POSSIBLE]


def test_break_opportunities_follow_uax14():
    assert breaks_at("Hello world") == [6]
    assert breaks_at("well-known") == [5]  # after a hyphen
    assert breaks_at("中文字") == [1, 2]  # between ideographs
    assert breaks_at("中文。字") == [1, 3]  # never before closing punctuation
    assert breaks_at("«Пояс и путь»") == [6, 8]
    assert breaks_at("100%") == []  # no break before a postfix sign
    assert breaks_at("100 %") == [4]  # but after a space, as UAX #14 allows
    assert breaks_at("a\u00a0b") == []  # no-break space


def test_width_breaks_fill_greedily():
    text = "aaa bbb ccc ddd"
    chosen = [i for i, v in enumerate(width_breaks(text, 8, 0)) if v == POSSIBLE]
    assert chosen == [8]  # "aaa bbb " fills 8 columns, "ccc ddd" fits on the next line
    assert [i for i, v in enumerate(width_breaks(text, 5, 0)) if v == POSSIBLE] == [4, 8, 12]
    assert all(v == PROHIBITED for v in width_breaks(text, 80, 0))


# --- writer -------------------------------------------------------------------------------

def test_short_and_long_strings_wrap_as_gnu_does():
    assert wrap("", "msgid", "Hello") == 'msgid "Hello"\n'
    long = "The China–Kyrgyzstan–Uzbekistan railway is a flagship Belt and Road Initiative project."
    assert wrap("", "msgid", long) == (
        'msgid ""\n'
        '"The China–Kyrgyzstan–Uzbekistan railway is a flagship Belt and Road "\n'
        '"Initiative project."\n'
    )
    # previous strings are strings too, continuation lines included
    assert wrap("#| ", "msgid", long) == (
        '#| msgid ""\n'
        '#| "The China–Kyrgyzstan–Uzbekistan railway is a flagship Belt and Road "\n'
        '#| "Initiative project."\n'
    )


def test_newlines_split_lines_and_escapes():
    assert wrap("", "msgstr", 'a "b"\\c\n\td') == 'msgstr ""\n"a \\"b\\"\\\\c\\n"\n"\\td"\n'
    # characters GNU has no escape for are written as they are
    assert wrap("", "msgstr", "x\u2028y\x1ez\u0085") == 'msgstr "x\u2028y\x1ez\u0085"\n'


def test_wide_characters_count_two_columns():
    text = "中" * 40
    lines = wrap("", "msgstr", text).splitlines()
    assert lines[0] == 'msgstr ""'
    assert [len(line) for line in lines[1:]] == [2 + 38, 2 + 2]  # 38 ideographs = 76 columns


def test_entry_comment_order_flags_and_previous():
    entry = Entry(
        msgid="New", msgstr="Новый", msgctxt="a/p1", comments=("checked",), extracted=("a note",),
        references=(("source/x.yaml", 3), ("./templates/y.html", None)), fuzzy=True,
        formats=(("python", "no"),), previous_msgid="Old",
    )
    assert render_entry(entry) == (
        "# checked\n#. a note\n#: source/x.yaml:3 templates/y.html\n#, fuzzy, no-python-format\n"
        '#| msgid "Old"\nmsgctxt "a/p1"\nmsgid "New"\nmsgstr "Новый"\n'
    )


def test_untranslated_fuzzy_and_empty_obsolete_are_normalized_as_gnu_does():
    live = Entry(msgid="A", fuzzy=True)
    gone = Entry(msgid="B", msgstr="", obsolete=True)
    kept = Entry(msgid="C", msgstr="В", obsolete=True, fuzzy=True, previous_msgid="Cc")
    text = render_po(PoFile((Entry(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n"), live, gone, kept))).decode()
    assert '#, fuzzy\nmsgid "A"' not in text  # no fuzzy flag on an empty translation
    assert 'msgid "B"' not in text  # an obsolete entry without translation is dropped
    assert text.endswith('#, fuzzy\n#~| msgid "Cc"\n#~ msgid "C"\n#~ msgstr "В"\n')


def test_references_wrap_at_79_columns():
    refs = tuple((f"templates/a-rather-long-template-name-{i}.html", i) for i in range(4))
    lines = render_entry(Entry(msgid="x", references=refs)).splitlines()
    assert [line for line in lines if line.startswith("#:")] == [
        "#: templates/a-rather-long-template-name-0.html:0",
        "#: templates/a-rather-long-template-name-1.html:1",
        "#: templates/a-rather-long-template-name-2.html:2",
        "#: templates/a-rather-long-template-name-3.html:3",
    ]


def test_comment_ending_in_backslash_stays_one_line():
    # GNU joins a line that ends in a backslash with the next; the writer keeps them apart
    data = render_po(PoFile((Entry(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n"),
                             Entry(msgid="x", extracted=("C:\\",)))))
    pofile = read_po(data)
    assert pofile.get("x").extracted == ("C:\\ ",)


# --- reader -------------------------------------------------------------------------------

def test_reader_keeps_everything_gnu_keeps():
    pofile = read_po(po(
        "\n# translator\n#. extracted\n#: a.py:1 b.py\n#, fuzzy, python-format\n#| msgctxt \"old\"\n#| msgid \"Old %s\"\n"
        'msgctxt "ctx"\nmsgid "New %s"\nmsgstr "Новый %s"\n\n#~ msgid "gone"\n#~ msgstr "ушло"\n'
    ))
    entry = pofile.get("New %s", "ctx")
    assert entry.comments == ("translator",) and entry.extracted == ("extracted",)
    assert entry.references == (("a.py", 1), ("b.py", None))
    assert entry.fuzzy and entry.formats == (("python", "yes"),)
    assert (entry.previous_msgctxt, entry.previous_msgid) == ("old", "Old %s")
    assert (entry.line, entry.msgstr_line) == (13, 14)
    assert pofile.get("gone", obsolete=True).msgstr == "ушло"


def test_literal_control_and_separator_characters_are_accepted():
    # GNU ends a line only at \n: U+2028, U+0085, form feed and U+001E are characters in a string
    pofile = read_po(po('\nmsgid "a"\nmsgstr "x\u2028y\u0085z\fw\x1ev"\n\nmsgid "b"\nmsgstr "c"\n'))
    assert pofile.get("a").msgstr == "x\u2028y\u0085z\fw\x1ev"
    assert pofile.get("b").line == 9  # and the lines after them do not shift


@pytest.mark.parametrize("body, line, message", [
    ('\nmsgid "a"\nmsgstr "unterminated\n', 8, "end-of-line within string"),
    ('\nmsgid "a"\nmsgstr "b\\q"\n', 7, "invalid control sequence"),
    ('\nmsgid "a"\nmsgfoo "b"\n', 7, 'keyword "msgfoo" unknown'),
    ('\nmsgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 6, "missing 'msgstr' section"),
    ('\nmsgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 9, "duplicate message definition"),
    ('\nmsgid "a"\nmsgid_plural "b"\nmsgstr[0] "c"\n', 2, "nplurals = 2"),
    ('\n#, python-format\nmsgid "%(a)s"\nmsgstr "%(b)s"\n', 8, "a format specification for argument 'b'"),
    ('\nmsgid "a\\n"\nmsgstr "b"\n', 7, "do not both end with '\\n'"),
    ('\n#| some text\nmsgid "a"\nmsgstr "b"\n', 6, 'keyword "some" unknown'),
])
def test_reader_rejects_what_msgfmt_rejects_at_its_line(body, line, message):
    found_line, found = first_error(body)
    assert (found_line, message in found) == (line, True), found


def test_no_header_is_an_error_and_read_po_names_the_file():
    with pytest.raises(CatalogError) as info:
        read_po(b'msgid "a"\nmsgstr "b"\n', "x.po")
    assert str(info.value).startswith("x.po:1: PO file header missing")


def test_invalid_utf8_is_checked_once_the_charset_is_known():
    with pytest.raises(CatalogError, match="invalid multibyte sequence") as info:
        read_po(po("") + b'\nmsgid "a"\nmsgstr "\xff"\n')
    assert info.value.line == 7
    # GNU does not look at the bytes of a comment, and writes them back as they were
    data = po("") + b'\n# caf\xe9\nmsgid "a"\nmsgstr "b"\n'
    assert render_po(read_po(data)) == data


def test_percent_is_never_a_flag_by_itself():
    pofile = read_po(po('\nmsgid "62% of passengers"\nmsgstr "62 % пассажиров"\n'))
    assert pofile.get("62% of passengers").formats == ()  # and msgfmt -c accepts it


def test_written_file_reads_back_identically():
    text = po(
        '\n# c\n#. d\n#: f.py:1\n#, fuzzy, python-format\n#| msgid "Old %(n)s"\nmsgid "New %(n)s"\nmsgid_plural "News %(n)s"\n'
        'msgstr[0] "Новый %(n)s"\nmsgstr[1] "Новые %(n)s"\n\n#~ msgid "gone"\n#~ msgstr "ушло"\n'
    )
    pofile = read_po(text)
    assert render_po(pofile) == text
    assert read_po(render_po(pofile)).entries == pofile.entries


# --- the fast paths give the reference algorithms' results ----------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from silkpress.i18n import pofile as pofile_module  # noqa: E402
from silkpress.i18n.linebreak import UNDEFINED, Text  # noqa: E402

from .conftest import DATA  # noqa: E402

CHARS = st.sampled_from(list("abc xyz-–—/.,:;!?%()[]«»\"'\\ 0123\t") + ["中", "文", "。", "，", "\u00a0", "\u200b", "\u0301", "😀", "🇺🇿",
                                                                      "שׁ", "\u2028", "ʻ", "Қ", "\x1e", "  "])
FAST = settings(max_examples=300, deadline=None, derandomize=True)


@FAST
@given(st.lists(CHARS, max_size=60).map("".join), st.integers(5, 80), st.integers(-5, 12), st.sets(st.integers(0, 80)))
def test_fast_line_filling_equals_the_full_algorithm(text, width, column, prohibited):
    exact = [i for i, value in enumerate(possible_breaks(text)) if value == POSSIBLE]
    assert Text(text).opportunities == exact
    prohibited = {i for i in prohibited if i < len(text)}
    fast = fill(Text(text, prohibited), width, column)
    if fast is not None:
        overrides = [PROHIBITED if i in prohibited else UNDEFINED for i in range(len(text))]
        assert fast == [i for i, v in enumerate(width_breaks(text, width, column, overrides)) if v == POSSIBLE]


@FAST
@given(st.lists(st.sampled_from(["a", "b.c", ":", " ", "\t", "\n", "12", "x:1", "::", "é", "src/a.py:12", "\u00a0", "\r"]),
                max_size=10).map("".join))
def test_fast_reference_reading_equals_gnus_rules(text):
    assert list(pofile_module._parse_references(text)) == list(pofile_module._references_general(text))


SEEDS = [DATA / "mini/locales/ru/LC_MESSAGES/bulletin.po", *sorted((DATA / "po").glob("ok-*.po"))]
PIECES = st.sampled_from([b'"', b"\\", b"\n", b"#", b"#~ ", b"#| ", b"#, fuzzy\n", b"x", b"msgstr ", b"msgid ", b'msgid_plural "p"\n',
                          b"[0]", b"\xff", b"\\n", b"\\q", b"\x04", b'"\n"', b'\n#~ msgid "zz"\n#~ msgstr "q"\n', b"\n\n", b"# c\n"])


@FAST
@given(st.sampled_from(SEEDS), st.lists(st.tuples(st.floats(0, 1), PIECES), max_size=3))
def test_fast_reader_equals_the_full_parser(seed, mutations):
    data = seed.read_bytes()
    for where, piece in mutations:
        at = int(where * len(data))
        data = data[:at] + piece + data[at:]
    text = data.decode("utf-8", "surrogateescape")
    fast = pofile_module._fast_parse(text)
    if fast is None:
        return  # not the simple shape: the full parser reads it
    full = pofile_module._Parser(text)
    full.parse()
    assert [(e, e.line, e.msgstr_line) for e in fast.entries] == [(e, e.line, e.msgstr_line) for e in full.entries]
    assert (fast.warnings, fast.errors) == (full.warnings, full.errors)
    if render_po(PoFile(tuple(fast.entries))) == data:  # a canonical file: the kept text is each entry as written
        assert all(fast.raw[id(entry)] == render_entry(entry) for entry in fast.entries)
