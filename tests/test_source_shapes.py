"""Bulletins of other shapes than the first one: events with one, several or no facts, a credits
label of the source's own, 1 event or 200, and the contents page only where it is worth a page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from silkpress import load_project
from silkpress.project import Project
from silkpress.source import country_codes

from .helpers import DATA, build_with, copy_project

HEAD = """id: shapes
title: A Bulletin of Many Shapes
published: 2026-03-01
publisher: {name: Example.org}
places:
  bishkek: Bishkek
  osh: Osh
intro:
  - p: An introduction.
events:
"""
# 21 countries: Russian takes the singular after 21 ("21 страна"), but a label of 21 is plural.
MANY = sorted(country_codes())[:21]


def event(event_id: str, facts: str = "") -> str:
    return f"  - id: {event_id}\n    title: The {event_id} event\n{facts}    body:\n      - p: What happened at {event_id}.\n"


FACTS = {
    "one": "    dates: [2026-01-15]\n    places: [bishkek]\n    countries: [KG]\n",
    "several": "    dates: [2026-01, 2026-02-01/2026-02-03]\n    places: [bishkek, osh]\n    countries: [KG, KZ]\n",
    "bare": "",
    "vague": "    when: Since spring\n",
    "twenty-one": f"    countries: [{', '.join(MANY)}]\n",
}


def shaped(tmp_path: Path, events: str, credits: str = "", printing: str = "") -> Project:
    """The fixture project (its catalogs, stale for this source: a draft) with another source."""
    project = copy_project(DATA / "mini", tmp_path / "shapes")
    project.sources[0].write_text(HEAD + events + credits, encoding="utf-8")
    if printing:
        pyproject = project.root / "pyproject.toml"
        pyproject.write_text(pyproject.read_text(encoding="utf-8") + f"\n[tool.silkpress.print]\n{printing}", encoding="utf-8")
    return load_project(project.root)


def articles(page: str) -> dict[str, str]:
    return dict(re.findall(r'<article class="event" id="([^"]+)".*?>(.*?)</article>', page, re.S))


def labels(article: str) -> list[str]:
    return re.findall(r"<dt>([^<]*)</dt>", article)


@pytest.fixture(scope="module")
def web(tmp_path_factory) -> Path:
    tmp_path = tmp_path_factory.mktemp("web")
    project = shaped(tmp_path, "".join(event(name, facts) for name, facts in FACTS.items()),
                     "credits:\n  label: Illustrations\n  items: [The editorial team, A studio]\n")
    out = tmp_path / "dist"
    result = build_with(project, locales=["en", "ru", "zh_Hans"], formats=["html"], out_dir=out)
    assert result.failures == ()
    return out


@pytest.mark.parametrize(("locale", "expected"), [
    ("en", {"one": ["Date", "Place", "Country"], "several": ["Dates", "Places", "Countries"], "bare": [],
            "vague": ["Date"], "twenty-one": ["Countries"]}),
    ("ru", {"one": ["Дата", "Место", "Страна"], "several": ["Даты", "Места", "Страны"], "bare": [],
            "vague": ["Дата"], "twenty-one": ["Страны"]}),
    ("zh-Hans", {"one": ["日期", "地点", "国家"], "several": ["日期", "地点", "国家"], "bare": [],
                 "vague": ["日期"], "twenty-one": ["国家"]}),
])
def test_labels_are_singular_for_one_and_plural_for_several(web, locale, expected):
    page = (web / locale / "index.html").read_text(encoding="utf-8")
    found = articles(page)
    assert {name: labels(found[name]) for name in expected} == expected


def test_one_country_reads_country_and_no_facts_make_no_facts_list(web):
    en, ru = ((web / tag / "index.html").read_text(encoding="utf-8") for tag in ("en", "ru"))
    assert re.search(r"<dt>Country</dt><dd>Kyrgyzstan</dd>", en)
    assert re.search(r"<dt>Страна</dt><dd>Киргизия</dd>", ru)
    assert 'class="facts"' not in articles(en)["bare"]
    assert re.search(r'<dt>Date</dt><dd>Since spring</dd>', articles(en)["vague"])


def test_the_credits_label_is_the_source_s_and_a_unit_to_translate(web):
    en, ru = ((web / tag / "index.html").read_text(encoding="utf-8") for tag in ("en", "ru"))
    assert '<span class="label">Illustrations</span> The editorial team and A studio' in en
    # not in the ru catalog yet: shown in English, marked for proofreaders
    assert '<span class="label" lang="en" data-l10n="untranslated">Illustrations</span>' in ru


def test_a_plain_credits_list_takes_the_theme_s_label(tmp_path):
    project = shaped(tmp_path, event("one", FACTS["one"]), "credits: [An agency]\n")
    build_with(project, locales=["en", "ru", "zh_Hans", "kk", "uz"], formats=["html"], out_dir=tmp_path / "dist")
    for tag, label in {"en": "Credits", "ru": "Источники", "zh-Hans": "来源", "kk": "Дереккөздер", "uz-Latn": "Manbalar"}.items():
        page = (tmp_path / "dist" / tag / "index.html").read_text(encoding="utf-8")
        assert f'<span class="label">{label}</span>' in page, tag


def pdf(out: Path, tag: str = "en") -> PdfReader:
    return PdfReader(next((out / tag).glob("*.pdf")))


def texts(reader: PdfReader) -> list[str]:
    return [page.extract_text() for page in reader.pages]


@pytest.mark.slow
def test_a_bulletin_of_one_event_builds_with_its_facts_and_no_contents_page(tmp_path):
    project = shaped(tmp_path, event("one", FACTS["one"]), "credits:\n  label: Photos\n  items: [An agency]\n")
    out = tmp_path / "dist"
    assert build_with(project, locales=["en", "ru"], out_dir=out).failures == ()
    en, ru = pdf(out, "en"), pdf(out, "ru")
    text = "\n".join(texts(en))
    assert "Country: Kyrgyzstan" in text and "Place: Bishkek" in text and "Date: January 15, 2026" in text
    assert "Photos: An agency" in text and "Contents" not in text
    assert "Страна: Киргизия" in "\n".join(texts(ru)) and "Содержание" not in "\n".join(texts(ru))
    assert len(en.outline) == 1 and len(en.pages) == 2  # the cover, then the intro and the event


@pytest.mark.slow
def test_events_with_no_facts_or_a_when_only_print(tmp_path):
    project = shaped(tmp_path, event("bare") + event("vague", FACTS["vague"]))
    out = tmp_path / "dist"
    assert build_with(project, locales=["en"], formats=["pdf"], out_dir=out).failures == ()
    text = "\n".join(texts(pdf(out)))
    assert "The bare event" in text and "What happened at bare." in text and "Date: Since spring" in text


@pytest.mark.slow
@pytest.mark.parametrize(("events", "printing", "contents"), [
    (3, "", False),                                  # auto, below 4 events: no contents page
    (4, "", True),                                   # auto, from 4 events on
    (3, 'contents = "always"\n', True),
    (4, "contents-min-events = 5\n", False),
    (12, 'contents = "never"\n', False),
])
def test_a_contents_page_only_where_it_is_worth_a_page(tmp_path, events, printing, contents):
    project = shaped(tmp_path, "".join(event(f"e{n}", FACTS["one"]) for n in range(1, events + 1)), printing=printing)
    out = tmp_path / "dist"
    assert build_with(project, locales=["en"], formats=["pdf"], out_dir=out).failures == ()
    reader = pdf(out)
    pages = texts(reader)
    first_event = reader.get_destination_page_number(reader.outline[0])
    assert ("Contents" in pages[1]) is contents
    assert first_event == (2 if contents else 1)  # the contents take the page after the cover, or nothing
    assert sum("Contents" in page for page in pages) == (1 if contents else 0)


@pytest.mark.slow
def test_a_bulletin_of_200_events_builds(tmp_path):
    facts = list(FACTS.values())
    project = shaped(tmp_path, "".join(event(f"e{n}", facts[n % len(facts)]) for n in range(1, 201)))
    out = tmp_path / "dist"
    assert build_with(project, locales=["en", "ru"], out_dir=out).failures == ()
    reader = pdf(out)
    assert len(reader.outline) == 200
    pages = texts(reader)
    assert "Contents" in pages[1] and reader.get_destination_page_number(reader.outline[0]) > 2  # contents over pages
    assert "The e200 event" in pages[-1] or "The e200 event" in pages[-2]
    page = (out / "ru" / "index.html").read_text(encoding="utf-8")
    assert len(articles(page)) == 200 and page.count('<li><a href="#e') == 200
