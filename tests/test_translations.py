"""The four translations: complete, valid for GNU gettext, and typeset by each language's rules."""

from __future__ import annotations

import csv
import re
import subprocess

import pytest
from babel import Locale

from silkpress.catalogs import parse_catalog
from silkpress.overrides import is_override

from .conftest import REPO
from .helpers import real_tags

pytestmark = pytest.mark.content  # the publication's translations, not the toolkit

TRANSLATED = [locale for locale in real_tags() if locale != "en"]  # every configured locale but the source
HAN = r"[\u4e00-\u9fff]"


def catalog(locale):
    path = REPO / "locales" / locale / "LC_MESSAGES" / "bulletin.po"
    return parse_catalog(path.read_bytes(), str(path))


def strings(locale):
    """(msgctxt, msgid, msgstr) of every text message (not the overrides of CLDR), plural forms flattened."""
    return [(m.msgctxt, m.msgid, form) for m in catalog(locale).messages if not is_override(m.msgctxt) for form in m.strings]


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_message_translated_and_none_fuzzy(locale):
    messages = list(catalog(locale).messages)
    assert messages
    assert [m.msgctxt or m.msgid for m in messages if m.fuzzy] == []
    assert [m.msgctxt or m.msgid for m in messages if not all(m.strings) and not is_override(m.msgctxt)] == []


@pytest.mark.parametrize("locale", TRANSLATED)
def test_msgfmt_check_reports_everything_translated(locale):
    path = REPO / "locales" / locale / "LC_MESSAGES" / "bulletin.po"
    result = subprocess.run(
        ["msgfmt", "-c", "--statistics", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    # every text message is translated; an empty override of CLDR (date/day...) means CLDR's value
    messages = list(catalog(locale).messages)
    empty = [m for m in messages if not all(m.strings)]
    assert all(is_override(m.msgctxt) for m in empty)
    expected = f"{len(messages) - len(empty)} translated messages" + (f", {len(empty)} untranslated messages." if empty else ".")
    assert expected in result.stderr


@pytest.mark.parametrize("locale", TRANSLATED)
def test_placeholders_are_kept(locale):
    for context, msgid, msgstr in strings(locale):
        assert sorted(re.findall(r"%\(\w+\)s", msgstr)) == sorted(re.findall(r"%\(\w+\)s", msgid)), (context, msgid)


@pytest.mark.parametrize("locale", TRANSLATED)
def test_no_ascii_quotes_and_no_english_quotes(locale):
    for context, _, msgstr in strings(locale):
        assert '"' not in msgstr, context
        if locale in ("ru", "kk"):
            assert "“" not in msgstr.replace("„", "") or msgstr.count("„") == msgstr.count("“"), context
            assert "”" not in msgstr, context


def test_chinese_typography():
    for context, msgid, text in strings("zh_Hans"):
        # The folio is set as 第 3 页 共 12 页, with spaces around the numbers by design.
        # A title in 《》 keeps its published form: two clauses with one space between them
        # (《凝聚上合力量 完善全球治理》); running text has no space between Han characters.
        running = re.sub(rf"《[^《》]*》", lambda title: re.sub(rf"(?<=[{HAN[1:-1]}”]) (?={HAN})", "", title.group()), text)
        if msgid != "Page %(page)s of %(pages)s":
            assert not re.search(rf"{HAN}\s+{HAN}", running), context
        assert not re.search(rf"{HAN}[,.:;!?()]|[,.:;!?()]{HAN}", text), context
    units = {c: t for c, _, t in strings("zh_Hans")}
    assert "《" in units["xi-works/p1"] and "》" in units["xi-works/p1"]
    assert "中国—中亚峰会" in units["astana-summit/title"]
    assert "2025年6月17日" in units["intro/p1"] + units["astana-summit/p1"] or "6月17日" in units["astana-summit/p1"]


def test_russian_typography():
    for context, _, text in strings("ru"):
        assert not re.search(r"\d %", text) and not re.search(r"\d%", text), context  # NBSP before %
        assert " - " not in text, context  # a hyphen is not a dash
        assert not re.search(r"\S—", text.replace("\u00a0—", " —")), context
        assert text.count("«") == text.count("»"), context
        assert text.count("„") == text.count("“"), context


def test_kazakh_letters_and_spelling():
    text = " ".join(t for _, _, t in strings("kk"))
    for letter in "әғқңөұүі":
        assert letter in text
    for russian in ("Казахстан", "Алма-Ата"):
        assert russian not in text
    # the SCO is «Шанхай ынтымақтастық ұйымы» (Akorda, Kazinform); the city is «Шаңхай»
    assert "Шанхай" not in re.sub(r"Шанхай ынтымақтастық ұйым", "", text)
    assert "Шаңхай ынтымақтастық" not in text and "Шаңхай" in text
    assert text.count("«") == text.count("»")


def test_uzbek_apostrophes():
    for context, _, text in strings("uz"):
        for bad in ("'", "\u2018", "\u2019", "`"):
            assert bad not in text, (context, bad)
        assert not re.search(r"[oOgG][\u02bc]", text), context  # oʻ/gʻ take U+02BB
    units = {c: t for c, _, t in strings("uz")}
    assert "Ostona" in units["places/astana"] and "Astana" not in " ".join(units.values())


def read_termbase(path):
    with path.open(encoding="utf-8", newline="") as fileobj:
        return list(csv.DictReader(fileobj, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_project_termbase_extends_the_official_one():
    rows = read_termbase(REPO / "locales" / "termbase.tsv")
    assert rows and list(rows[0]) == ["en", "zh_Hans", "ru", "kk", "uz", "status", "do not use"]
    assert len(rows) >= 60
    for row in rows:
        assert all(row[column] for column in ("en", "zh_Hans", "ru", "kk", "uz")), row["en"]
    by_en = {row["en"]: row for row in rows}
    assert len(by_en) == len(rows)
    # the official forms we were given are kept (Russian dashes normalized to the spaced em dash)
    assert by_en["Treaty on Eternal Good-Neighborliness, Friendship, and Cooperation"]["zh_Hans"] == "永久睦邻友好合作条约"
    assert by_en["Astana"]["uz"] == "Ostona"
    assert by_en["Shanghai"]["kk"] == "Шаңхай"
    assert any("unverified" in row["status"] for row in rows)


def test_chinese_catalog_uses_termbase_forms():
    """Chinese does not inflect, so each term's form must appear wherever its English does.

    Longer terms are matched first and consume their text, so "China" inside
    "China–Kyrgyzstan–Uzbekistan railway" asks for 中吉乌铁路, not for 中国. Country
    names are left out: the facts come from CLDR, and prose may say 中方 or 中哈.
    """
    countries = set(Locale("en").territories.values())
    rows = sorted(
        (row for row in read_termbase(REPO / "locales" / "termbase.tsv") if row["en"] not in countries),
        key=lambda row: -len(row["en"]),
    )
    units = {c: (msgid, t) for c, msgid, t in strings("zh_Hans") if c}
    missing = []
    for context, (msgid, text) in units.items():
        remaining = msgid
        for row in rows:
            pattern = rf"(?<!\w){re.escape(row['en'])}(?!\w)"
            if re.search(pattern, remaining):
                if row["zh_Hans"] not in text:
                    missing.append((row["en"], context))
                remaining = re.sub(pattern, "\x00", remaining)
    assert missing == []


def test_every_rejected_form_of_the_termbase_is_flagged(tmp_path):
    """Each 'do not use' form, written in a catalog of its language, is a termbase error."""
    from silkpress.i18n.checks import check_catalog
    from silkpress.i18n.checks.termbase import load_termbase

    terms = load_termbase(REPO / "locales" / "termbase.tsv", "termbase.tsv")
    rejected = [(locale, form, term.en) for term in terms for locale, forms in term.avoid.items() for form in forms]
    assert len(rejected) >= 30 and {locale for locale, _, _ in rejected} == {"zh_Hans", "ru", "kk", "uz"}
    for number, (locale, form, english) in enumerate(rejected):
        po = tmp_path / f"{number}.po"
        po.write_text(f'msgid ""\nmsgstr ""\n"Language: {locale}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                      f'msgctxt "u/p1"\nmsgid "It happened."\nmsgstr "{form.replace(chr(34), chr(92) + chr(34))}."\n',
                      encoding="utf-8")
        found = [d.message for d in check_catalog(po, locale, po.name, "en", terms) if d.check == "termbase"]
        assert any(f"{form!r} is a rejected form of {english!r}" in message for message in found), (locale, form)
