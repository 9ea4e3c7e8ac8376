from __future__ import annotations

import datetime as dt

import pytest

from silkpress import load_bulletin, load_translations, localize
from silkpress.catalogs import Translations
from silkpress.localization import format_date_spec
from silkpress.model import DateSpec

TAGS = {"zh_Hans": "zh-Hans", "uz": "uz-Latn"}

# What CLDR gives each edition, checked once by a reader of each language.
EXPECTED = {
    "zh_Hans": ("2025年6月17日", "哈萨克斯坦", "2025年9月"),
    "en": ("June 17, 2025", "Kazakhstan", "September 2025"),
    "ru": ("17 июня 2025\u202fг.", "Казахстан", "сентябрь 2025\u202fг."),
    "kk": ("2025\u202fж. 17 маусым", "Қазақстан", "2025\u202fж. қыркүйек"),
    "uz": ("17-iyun, 2025", "Qozogʻiston", "sentabr, 2025"),
}


@pytest.mark.parametrize("locale", sorted(EXPECTED))
def test_dates_and_country_names_come_from_cldr(mini, locale):
    bulletin = load_bulletin(mini.sources[0])
    edition = localize(bulletin, Translations(locale), "en", TAGS)
    day, kazakhstan, month = EXPECTED[locale]
    summit, forums = edition.events
    assert summit.dates[0].text == day
    assert summit.dates[0].iso == "2025-06-17"
    assert summit.countries[0].name == kazakhstan
    assert forums.dates[0].text == month and forums.dates[0].iso == "2025-09"
    assert summit.dates[1].iso == "2025-08-31/2025-09-03"
    assert "31" in summit.dates[1].text and "3" in summit.dates[1].text
    assert edition.published.iso == "2025-12-26"
    assert edition.events[1].number_text == "2"


def test_language_tags(mini):
    bulletin = load_bulletin(mini.sources[0])
    # the CLDR id with '-', unless the configuration gives a tag
    assert [localize(bulletin, Translations(loc), "en", TAGS).tag for loc in ("zh_Hans", "de_CH", "kk", "uz")] == [
        "zh-Hans", "de-CH", "kk", "uz-Latn",
    ]


def test_translations_and_fallbacks(mini):
    bulletin = load_bulletin(mini.sources[0])
    ru = localize(bulletin, load_translations(mini.bulletins[0].catalog_path("ru"), "ru"), "en", TAGS)
    assert ru.events[0].title.text == "Саммит состоялся" and ru.events[0].title.translated
    assert ru.events[1].title.text == "Forums met" and not ru.events[1].title.translated
    assert "forums/title" in ru.fallbacks and "summit/title" not in ru.fallbacks
    assert ru.events[0].places[0].text == "Астана"


def test_source_locale_never_counts_as_missing(mini):
    bulletin = load_bulletin(mini.sources[0])
    en = localize(bulletin, load_translations(mini.bulletins[0].catalog_path("en"), "en"), "en", TAGS)
    assert en.fallbacks == ()
    assert en.title.text == bulletin.title.text


def test_english_override(mini):
    bulletin = load_bulletin(mini.sources[0])
    overrides = Translations("en", messages={("forums/title", "Forums met"): "Forums convened"})
    assert localize(bulletin, overrides, "en", TAGS).events[1].title.text == "Forums convened"


def test_real_catalogs_are_complete(real_project):
    bulletin = load_bulletin(real_project.sources[0])
    for locale in real_project.locales:
        translations = load_translations(real_project.bulletins[0].catalog_path(locale), locale)
        assert localize(bulletin, translations, "en", TAGS).fallbacks == (), locale


def test_day_month_and_range_formats():
    assert format_date_spec(DateSpec(dt.date(2025, 8, 31), dt.date(2025, 9, 3)), "ru") == "31 авг. — 3 сент. 2025\u202fг."
    assert format_date_spec(DateSpec(dt.date(2025, 8, 31), dt.date(2025, 9, 3)), "zh_Hans").startswith("2025年8月31日")


def test_the_credits_label_is_translated_like_any_unit():
    from silkpress import parse_bulletin

    head = "id: x\ntitle: X\npublished: 2025-01-01\npublisher: {name: X}\nintro: [{p: I.}]\nevents: [{id: a, title: A, body: [{p: B.}]}]\n"
    bulletin = parse_bulletin(head + "credits: {label: Photos, items: [Xinhua]}\n", "x.yaml")
    ru = localize(bulletin, Translations("ru", messages={("credits/label", "Photos"): "Фото"}), "en", TAGS)
    assert ru.credits_label.text == "Фото" and ru.credits_label.translated and "credits/label" not in ru.fallbacks
    kk = localize(bulletin, Translations("kk"), "en", TAGS)
    assert kk.credits_label.text == "Photos" and kk.credits_label.state == "untranslated"
    assert kk.fallbacks[-2:] == ("credits/label", "credits/c1")  # in the catalog's order
    plain = parse_bulletin(head + "credits: [Xinhua]\n", "x.yaml")
    assert localize(plain, Translations("ru"), "en", TAGS).credits_label is None


def test_the_real_credits_read_as_before(real_project):
    """The 2025 bulletin's credits label moved from the theme ("Photos provided by:") into its source."""
    bulletin = load_bulletin(real_project.sources[0])
    expected = {"en": "Photos provided by", "ru": "Фотографии предоставлены", "kk": "Фотосуреттерді ұсынғандар",
                "uz": "Fotosuratlar manbasi", "zh_Hans": "图片提供"}
    for locale, label in expected.items():
        translations = load_translations(real_project.bulletins[0].catalog_path(locale), locale)
        assert localize(bulletin, translations, "en", TAGS).credits_label.text == label
