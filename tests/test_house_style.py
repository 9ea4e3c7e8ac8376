"""The 2025 bulletin's editions follow docs/style/: each page's Overrides table is in its catalog."""

from __future__ import annotations

import re

import pytest

from silkpress.editions import load_edition
from silkpress.overrides import EXAMPLES, HouseStyle, cldr_value

from .conftest import REPO
from .helpers import load_po, real_tags

pytestmark = pytest.mark.content
ROW = re.compile(r"^\| `([a-z]+/[A-Za-z0-9]+)` \| (.*?) \| (.*?) \| (.*?) \|$", re.M)


def _unescape(cell: str) -> str:
    return re.sub(r"\\u([0-9a-f]{4})", lambda match: chr(int(match.group(1), 16)), cell.strip().strip("`"))


def style_rows(locale):
    """(msgctxt, house value or None for "(same)", example output) of the locale's style page."""
    text = (REPO / "docs" / "style" / f"{locale}.md").read_text(encoding="utf-8")
    table = text[text.index("## Overrides"):]
    return [(context, None if house.strip() == "(same)" else _unescape(house), _unescape(example))
            for context, _cldr, house, example in ROW.findall(table)]


@pytest.mark.parametrize("locale", list(real_tags()))
def test_the_catalog_carries_the_style_page_overrides_and_they_give_its_examples(locale):
    rows = style_rows(locale)
    assert any(context.startswith("date/") for context, _, _ in rows)
    entries = {entry.msgctxt: entry.msgstr for entry in load_po(REPO / "locales" / locale / "LC_MESSAGES" / "bulletin.po").messages}
    for context, house, example in rows:
        # "(same)": CLDR's value, left empty or written out (the translated catalogs write it, so GNU
        # tools count every message translated)
        assert entries.get(context, "") in ((house,) if house else ("", cldr_value(context, locale))), context
        kind, _, name = context.partition("/")
        style = HouseStyle(locale, {name: house} if house and kind == "date" else {})
        if kind == "date":
            assert style.date(EXAMPLES[name]) == example, context


def test_the_real_editions_write_dates_and_countries_in_house_style(real_project):
    bulletin = real_project.bulletins[0]
    source = bulletin.load()
    expected = {"ru": ("Кыргызстан", "31 августа\u00a0— 3 сентября 2025\u202fг."), "kk": ("Қырғызстан", "2025 жылғы 31\u00a0тамыз\u00a0– 3\u00a0қыркүйек"),
                "uz": ("Qirgʻiziston", "2025-yil 31-avgust\u00a0– 3-sentabr"), "zh_Hans": ("吉尔吉斯斯坦", "2025年8月31日至9月3日"),
                "en": ("Kyrgyzstan", "August 31\u202f–\u2009September 3, 2025")}
    for locale, (kyrgyzstan, range_) in expected.items():
        edition = load_edition(bulletin, source, locale).localized
        visit = next(event for event in edition.events if event.id == "global-governance")
        assert visit.dates[0].text == range_, locale
        assert kyrgyzstan in [country.name for country in visit.countries], locale
