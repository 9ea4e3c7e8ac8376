from __future__ import annotations

import pytest

from silkpress import CatalogError, load_translations
from silkpress.catalogs import parse_catalog, translations_from_po

from .conftest import DATA

PO = """\
msgid ""
msgstr ""
"Language: ru\\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgctxt "a/p1"
msgid "Hello"
msgstr "Привет"

#, fuzzy
msgctxt "a/p2"
msgid "Fuzzy"
msgstr "Неточно"

msgctxt "a/p3"
msgid "Empty"
msgstr ""

msgid "Date"
msgid_plural "Dates"
msgstr[0] "Дата"
msgstr[1] "Даты"
msgstr[2] "Дат"

#~ msgctxt "old"
#~ msgid "Gone"
#~ msgstr "Ушло"
"""


def translations():
    return translations_from_po(parse_catalog(PO.encode(), "ru.po"), "ru")


def test_only_usable_translations_are_used():
    t = translations()
    assert t.lookup("a/p1", "Hello") == "Привет"
    assert t.lookup("a/p2", "Fuzzy") is None
    assert t.lookup("a/p3", "Empty") is None
    assert t.lookup("old", "Gone") is None
    assert t.lookup(None, "Hello") is None  # the context is part of the key
    assert t.pgettext("a/p3", "Empty") == "Empty"


def test_plurals_follow_the_catalog():
    t = translations()
    assert [t.ngettext("Date", "Dates", n) for n in (1, 3, 5, 21)] == ["Дата", "Даты", "Дат", "Дата"]


def test_broken_catalog_reports_line():
    path = DATA / "broken" / "broken-catalog.po"
    with pytest.raises(CatalogError) as info:
        load_translations(path, "ru", "broken-catalog.po")
    assert info.value.path == "broken-catalog.po"
    # msgfmt's line: GNU reports an unterminated string on the line after it
    assert info.value.line == 13
    assert str(info.value).startswith("broken-catalog.po:13: end-of-line within string")
    assert "line 12" in str(info.value)


def test_missing_catalog(tmp_path):
    with pytest.raises(CatalogError, match="silkpress init ru"):
        load_translations(tmp_path / "none.po", "ru")
    assert load_translations(tmp_path / "none.po", "en", required=False).messages == {}


def test_build_reads_po_not_a_stale_mo(mini):
    path = mini.bulletins[0].catalog_path("ru")
    (path.with_suffix(".mo")).write_bytes(b"\xde\x12\x04\x95 stale")
    t = load_translations(path, "ru")
    assert t.lookup("summit/title", "The summit was held") == "Саммит состоялся"
