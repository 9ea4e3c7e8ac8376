"""Hypothesis fuzzing of everything that reads untrusted text: only silkpress's own errors may escape.

Bounded for CI (SILKPRESS_FUZZ_EXAMPLES examples per target, 150 by default); a longer run:
    SILKPRESS_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import os

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from silkpress import SilkpressError, parse_bulletin
from silkpress.catalogs import parse_catalog, translations_from_po
from silkpress.i18n.checks import check_catalog
from silkpress.project import check_locale

EXAMPLES = int(os.environ.get("SILKPRESS_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=False)

PO_PIECES = st.sampled_from([
    'msgid ""', 'msgstr ""', '"Language: ru\\n"', '"Content-Type: text/plain; charset=UTF-8\\n"',
    '"Plural-Forms: nplurals=3; plural=(n%10==1 ? 0 : n/0);\\n"', '"Plural-Forms: nplurals=2; plural=n>1 ? 2 : 0;\\n"',
    '"Plural-Forms: nplurals=1; plural=0;\\n"', 'msgctxt "a/p1"', 'msgid "Page %(page)s of %(pages)s"',
    'msgstr "Страница %(page)s из %(pages"', 'msgstr "100%"', 'msgid "Date"', 'msgid_plural "Dates"',
    'msgstr[0] "Дата %d"', 'msgstr[1] "Даты"', 'msgstr[7] "x"', '#, fuzzy', '#, python-format', '#: templates/x.html:1',
    '#~ msgid "old"', '#| msgid "prev"', '"continued \\" text"', 'msgstr "<img src=file:///etc/passwd>"',
    'msgstr "unterminated', 'stray', '', '\\x00', 'msgid "Ünïcödé ☃"', '#. note',
])


def catalog_text(pieces: list[str]) -> bytes:
    return "\n".join(pieces).encode("utf-8", "surrogatepass")


def read_catalog(data: bytes) -> None:
    try:
        translations_from_po(parse_catalog(data, "fuzz.po"), "ru", None, "fuzz.po")
    except SilkpressError:
        pass


@FUZZ
@given(st.binary(max_size=3000))
def test_catalog_bytes(data):
    read_catalog(data)


@FUZZ
@given(st.lists(PO_PIECES, max_size=40))
def test_catalog_structure(pieces):
    read_catalog(catalog_text(pieces))


@FUZZ
@given(st.lists(PO_PIECES, max_size=30))
def test_check_never_raises(tmp_path_factory, pieces):
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.po"
    path.write_bytes(catalog_text(pieces))
    for diagnostic in check_catalog(path, "ru", "fuzz.po"):
        assert diagnostic.check and diagnostic.severity in ("error", "warning")


@FUZZ
@given(st.text(max_size=3000))
def test_source_text(text):
    try:
        parse_bulletin(text, "fuzz.yaml")
    except SilkpressError:
        pass


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.sampled_from(["2025-06-17", "2025-13-40", "KZ", "XX", "astana"]),
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.sampled_from(["id", "title", "published", "publisher", "intro", "events", "body", "p", "list",
                                        "dates", "countries", "places", "credits", "note", "text", "when", "name", "x"]),
                      children, max_size=6),
    max_leaves=30,
)


@FUZZ
@given(YAML_VALUES)
def test_source_structure(value):
    try:
        parse_bulletin(yaml.safe_dump(value, allow_unicode=True), "fuzz.yaml")
    except SilkpressError:
        pass


@FUZZ
@given(st.text(max_size=40) | st.from_regex(r"[a-z]{2,3}(_[A-Z][a-z]{3})?(_[A-Z]{2})?", fullmatch=True))
def test_locale_ids(text):
    try:
        check_locale(text)
    except SilkpressError:
        pass
