"""Editors override CLDR in the catalog: country names, date patterns, list patterns (silkpress.overrides)."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess

import pytest
from pypdf import PdfReader

from silkpress.catalogs import Translations
from silkpress.i18n.extract import extract_messages
from silkpress.i18n.stats import catalog_stats
from silkpress.model import DateSpec
from silkpress.overrides import HouseStyle, cldr_value, date_pattern_problem, house_style, override_problem

from .helpers import build_with, load_po, run

JUNE_17 = DateSpec(dt.date(2025, 6, 17))
RANGES = {
    "days": DateSpec(dt.date(2025, 6, 1), dt.date(2025, 6, 17)),
    "months": DateSpec(dt.date(2025, 8, 31), dt.date(2025, 9, 3)),
    "years": DateSpec(dt.date(2025, 12, 29), dt.date(2026, 1, 2)),
}


@pytest.mark.parametrize(("locale", "dates", "expected"), [
    ("kk", {"day": "y 'жылғы' d MMMM"}, "2025 жылғы 17 маусым"),
    ("uz", {"day": "y-'yil' d-MMMM"}, "2025-yil 17-iyun"),  # 'yil' stays literal: y, i, l are pattern letters
    ("ru", {"day": "d MMMM y 'года'"}, "17 июня 2025 года"),
])
def test_a_single_date_pattern(locale, dates, expected):
    assert HouseStyle(locale, dates).date(JUNE_17) == expected
    assert HouseStyle(locale).date(JUNE_17) != expected  # CLDR's, without the override


def test_a_range_takes_the_pattern_of_its_kind_and_the_second_date_starts_where_a_field_repeats():
    style = HouseStyle("zh_Hans", {"days": "y年M月d日至d日", "months": "y年M月d日至M月d日", "years": "y年M月d日至y年M月d日"})
    assert [style.date(RANGES[kind]) for kind in ("days", "months", "years")] == [
        "2025年6月1日至17日", "2025年8月31日至9月3日", "2025年12月29日至2026年1月2日"]
    assert HouseStyle("zh_Hans").date(RANGES["months"]) == "2025年8月31日\u2009–\u20099月3日"  # CLDR's
    only_months = HouseStyle("ru", {"months": "d MMMM\u00a0— d MMMM y 'г'."})
    assert only_months.date(RANGES["months"]) == "31 августа\u00a0— 3 сентября 2025 г."
    assert "дек." in only_months.date(RANGES["years"])  # a kind without an override keeps CLDR's


def test_country_names_and_list_patterns():
    style = HouseStyle("ru", countries={"KG": "Кыргызстан"})
    assert (style.country("KG"), style.country("KZ")) == ("Кыргызстан", "Казахстан")
    kk = HouseStyle("kk", lists={"end": "{0} және {1}"})
    assert kk.join(["Қытай", "Қазақстан", "Қырғызстан"]) == "Қытай, Қазақстан және Қырғызстан"
    assert HouseStyle("kk").join(["Қытай", "Қазақстан", "Қырғызстан"]) == "Қытай, Қазақстан, Қырғызстан"
    assert kk.join(["A", "B"]) == HouseStyle("kk").join(["A", "B"])  # list/2 is not overridden
    assert HouseStyle("zh_Hans", lists={"middle": "{0}；{1}"}).list_separator == "；"


@pytest.mark.parametrize(("kind", "pattern", "problem"), [
    ("day", "y 'жылғы d MMMM", "not closed"),
    ("day", "d MMMM y HH:mm", "'H', 'm' is not a date field"),
    ("day", "MMMM y", "needs the field d"),
    ("month", "d MMMM y", "has no d field"),
    ("days", "d MMMM y", "needs two dates"),
    ("months", "d MMMM y – d", "second date of a range across months of one year needs the field M"),
    ("years", "d MMMM – d MMMM y", "the first date of a range across years needs the field y"),
    ("day", "d MMMM y – d", "has each field once"),
])
def test_a_date_pattern_is_checked_for_syntax_and_its_fields(kind, pattern, problem):
    assert problem in (date_pattern_problem(kind, pattern) or "")


def test_good_patterns_pass_and_other_overrides_are_checked():
    for kind, pattern in [("day", "y 'жылғы' d MMMM"), ("month", "LLLL y 'г'."), ("days", "d–d MMMM y"),
                          ("months", "y年M月d日至M月d日"), ("years", "MMMM d, y – MMMM d, y")]:
        assert date_pattern_problem(kind, pattern) is None, pattern
    assert override_problem("list/end", "{0} және {1}") is None
    assert "once each" in override_problem("list/end", "{0} және")
    assert "unknown list part" in override_problem("list/last", "{0}, {1}")
    assert "unknown date kind" in override_problem("date/week", "w")
    assert "one line" in override_problem("country/KG", "Kyrgyz<br>stan")
    assert override_problem("date/day", "") is None  # empty: CLDR's value


def test_house_style_reads_usable_overrides_and_leaves_bad_ones_to_cldr():
    messages = {("country/KG", "Kyrgyzstan"): "Кыргызстан", ("date/day", "MMMM d, y"): "d MMMM y HH",
                ("intro/p1", "Text"): "Текст"}
    style = house_style("ru", messages)
    assert style.countries == {"KG": "Кыргызстан"} and style.dates == {}


def test_extract_offers_the_bulletins_countries_every_date_kind_and_list_part_with_cldr_per_locale(mini):
    pot = extract_messages(mini.bulletins[0])
    overrides = {entry.msgctxt: entry for entry in pot.messages if entry.msgctxt.startswith(("country/", "date/", "list/"))}
    assert sorted(overrides) == sorted(["country/CN", "country/KZ", "country/UZ", "date/day", "date/month", "date/days",
                                        "date/months", "date/years", "list/2", "list/start", "list/middle", "list/end"])
    day = overrides["date/day"]
    assert day.msgid == cldr_value("date/day", "en") == "MMMM d, y" and day.msgstr == ""
    note = "\n".join(day.extracted)
    for locale in mini.locales:  # the note shows every locale's CLDR value, and what it gives
        assert f"{locale}: {cldr_value('date/day', locale)}" in note
    assert "ru: d MMMM y 'г'. (17 июня 2025 г.)" in note.replace("\u202f", " ")
    assert overrides["country/KZ"].msgid == "Kazakhstan"


def test_after_update_the_overrides_are_in_every_catalog_empty_and_never_untranslated(mini):
    bulletin = mini.bulletins[0]
    before = catalog_stats(bulletin, "ru")
    run(mini, "update", check=True)
    ru = load_po(bulletin.catalog_path("ru"))
    empty = {entry.msgctxt for entry in ru.messages if entry.msgctxt.startswith(("country/", "date/", "list/")) and not entry.msgstr}
    assert empty >= {"country/KZ", "date/days", "list/end"}
    assert catalog_stats(bulletin, "ru") == before  # they count neither as translated nor as untranslated
    assert "[overrides]" not in run(mini, "check", "ru").output


def _set(path, values):
    text = path.read_text(encoding="utf-8")
    for context, value in values.items():
        text, count = re.subn(rf'(msgctxt "{re.escape(context)}"\nmsgid "[^\n]*"\nmsgstr )""', rf'\1"{value}"', text)
        assert count == 1, context
    path.write_text(text, encoding="utf-8")


def test_check_reports_a_bad_override_at_its_line_and_the_build_uses_cldr(mini):
    run(mini, "update", check=True)
    path = mini.bulletins[0].catalog_path("ru")
    _set(path, {"date/day": "d MMMM y HH"})
    line = path.read_text(encoding="utf-8").splitlines().index('msgstr "d MMMM y HH"') + 1
    result = run(mini, "check", "ru")
    assert result.exit_code == 1
    assert f"locales/ru/LC_MESSAGES/bulletin.po:{line - 1}: error: [overrides] 'H' is not a date field" in result.output
    assert run(mini, "build", "--locale", "ru", "--edition-format", "html", "--release").exit_code == 1  # release refuses
    translations = Translations("ru", messages={("date/day", "MMMM d, y"): "d MMMM y HH"})
    assert house_style("ru", translations.messages).date(JUNE_17) == "17 июня 2025\u202fг."  # CLDR's until fixed


@pytest.mark.slow
def test_a_country_and_a_date_override_reach_html_pdf_feed_json_ld_and_pdf_keywords(mini):
    source = mini.sources[0]
    source.write_text(source.read_text(encoding="utf-8").replace("countries: [KZ, CN]", "countries: [KZ, CN, KG]"),
                      encoding="utf-8")
    run(mini, "update", check=True)
    _set(mini.bulletins[0].catalog_path("ru"), {"country/KG": "Кыргызстан (ред.)", "date/day": "d MMMM y 'года'"})
    out = mini.root / "dist"
    assert build_with(mini, locales=["ru"], out_dir=out).failures == ()
    country, date = "Кыргызстан (ред.)", "17 июня 2025 года"
    html = (out / "ru" / "index.html").read_text(encoding="utf-8")
    feed = (out / "ru" / "feed.xml").read_text(encoding="utf-8")
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    pdf_path = next((out / "ru").glob("*.pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    keywords = PdfReader(pdf_path).metadata["/Keywords"]
    for where, content in [("html", html), ("feed", feed), ("json-ld", json.dumps(ld, ensure_ascii=False)),
                           ("pdf", " ".join(text.split())), ("keywords", keywords)]:
        assert country in content and date in content, where
    assert "Киргизия" not in html + feed + text + keywords  # CLDR's name is gone everywhere


def test_cldr_values_for_skeletons_a_locale_lacks_fall_back_as_babel_does(monkeypatch):
    from silkpress import overrides

    monkeypatch.setitem(overrides.DEFAULT_FORMATS, "range", "yMMMMEEEEd")  # in no locale's interval data
    monkeypatch.setitem(overrides.DEFAULT_FORMATS, "day", "yMMMMEEEEd")
    for locale in ("en", "ru", "kk", "uz", "zh_Hans", "de"):
        for kind in ("day", "days", "months", "years"):
            value = cldr_value(f"date/{kind}", locale)
            assert value and date_pattern_problem(kind, value) is None, (locale, kind, value)


@pytest.mark.parametrize("locale", ["en", "ru", "kk", "uz", "zh_Hans", "de", "be", "fr"])
def test_cldr_own_patterns_pass_the_override_check(locale):
    """A translator who copies the note's CLDR value into the msgstr is never refused."""
    for kind in ("day", "month", "days", "months", "years"):
        assert date_pattern_problem(kind, cldr_value(f"date/{kind}", locale)) is None, kind
    for part in ("2", "start", "middle", "end"):
        assert override_problem(f"list/{part}", cldr_value(f"list/{part}", locale)) is None, part
