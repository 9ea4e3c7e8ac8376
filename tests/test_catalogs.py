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


def interface(msgid: str, msgstr: str, **fields):
    from silkpress.i18n.pofile import Entry

    return Entry(msgid=msgid, msgstr=msgstr, references=(("templates/edition.html", 46),), **fields)


@pytest.mark.parametrize(("msgid", "msgstr", "refused"), [
    ("Published %(date)s", "Опубликовано %(date)100000000s", "'%(date)100000000s' where the msgid has '%(date)s'"),
    ("Published %(date)s", "Опубликовано %(date)9999999999s", "'%(date)9999999999s'"),
    ("Published %(date)s", "%(date).3s", "'%(date).3s'"),
    ("Published %(date)s", "%(date)-s", "'%(date)-s'"),
    ("Published %(date)s", "%(date)r", "'%(date)r' where the msgid has '%(date)s'"),
    ("Published %(date)s", "Опубликовано %(date)s, 100%5%", "'%5%': write a literal % as %%"),
    ("%(n)5.2f km", "%(n)6.2f км", "where the msgid has '%(n)5.2f'"),
    ("%(n)5d km or %(n)d", "%(n)x км", "'%(n)x' where the msgid has '%(n)5d' or '%(n)d'"),
    ("%d of %s", "%d из %.3s", "'%.3s' where the msgid has '%s'"),
    ("Contents", "Содержание %5s", "number of format specifications"),
    ("Published %(date)s", "Опубликовано %(date)s", None),
    ("Published %(date)s", "Опубликовано %(date)s (100%%)", None),
    ("%(n)5.2f km", "%(n)5.2f км", None),
    ("%(n)-5d km", "%(n)-5i км", None),  # Python writes d, i and u alike
    ("%(n)05d and %(n)d", "%(n)d и %(n)05d", None),
    ("%d of %s", "%d из %s", None),
])
def test_a_placeholder_is_written_as_the_msgid_writes_it(msgid, msgstr, refused):
    from silkpress.catalogs import format_problem

    problem = format_problem(interface(msgid, msgstr))
    if refused is None:
        assert problem is None
    else:
        assert problem is not None and refused in problem, problem


def test_bulletin_text_and_literal_strings_are_never_format_strings():
    from silkpress.catalogs import format_problem
    from silkpress.i18n.pofile import Entry

    assert format_problem(Entry(msgid="62% rose", msgstr="рост %(x)999999s", references=(("source/b.yaml", 3),))) is None
    assert format_problem(interface("Contents", "Содержание %5%", formats=(("python", "no"),))) is None


def test_plural_forms_keep_the_placeholders_of_either_english_form():
    from silkpress.catalogs import format_problem
    from silkpress.i18n.pofile import Entry

    def plural(*forms: str) -> str | None:
        return format_problem(Entry(msgid="%(n)d page", msgid_plural="%(n)3d pages", msgstr_plural=forms,
                                    references=(("templates/print.html", 3),)))

    assert plural("%(n)d страница", "%(n)3d страницы", "%(n)d страниц") is None
    assert "msgstr[2] writes '%(n)999999999d' where the msgid has '%(n)3d' or '%(n)d'" in plural("%(n)d страница", "%(n)d страницы", "%(n)999999999d страниц")
