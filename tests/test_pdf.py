"""PDFs are checked by what a reader gets: text, fonts, outline, metadata."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from silkpress import load_bulletin, load_translations, localize

from .helpers import real_tags

pytestmark = pytest.mark.slow  # PDFs, real tools or long runs: left out of the fast layer

FOLDERS = real_tags()  # locale -> its folder (its BCP 47 tag), from the configuration


def squash(text: str) -> str:
    # Line breaks, justification and hyphenation change spacing and add hyphens at breaks.
    return re.sub(r"[\s\u00ad\u2010-]+", "", text)


def reader(real_build, locale: str) -> PdfReader:
    folder = FOLDERS[locale]
    return PdfReader(real_build.out_dir / folder / f"china-central-asia-2025-{folder}.pdf")


def edition(real_project, locale):
    bulletin = load_bulletin(real_project.sources[0])
    translations = load_translations(real_project.bulletins[0].catalog_path(locale), locale,
                                     required=locale != real_project.source_locale)
    return localize(bulletin, translations, real_project.source_locale, dict(real_project.tags))


@pytest.mark.parametrize("locale", list(FOLDERS))
def test_text_has_title_and_every_event_title(real_build, real_project, locale):
    pdf = reader(real_build, locale)
    text = squash("".join(page.extract_text() for page in pdf.pages))
    localized = edition(real_project, locale)
    assert squash(localized.title.text) in text
    for event in localized.events:
        assert squash(event.title.text) in text, event.id
    assert squash(localized.events[6].body[-1].items[0].text) in text
    assert len(pdf.pages) >= 4


@pytest.mark.parametrize("locale", list(FOLDERS))
def test_fonts_are_bundled_subsets_and_embedded(real_build, locale):
    pdf = reader(real_build, locale)
    fonts = {}
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"])] = embedded
    assert fonts and all(fonts.values()), fonts
    # subset prefix (ABCDEF+) and only our bundled families: no silent system fallback
    assert all(re.match(r"^/[A-Z]{6}\+Silkpress-Serif", name) for name in fonts), fonts
    chinese = any("Serif-SC" in name for name in fonts)
    assert chinese == (locale == "zh_Hans")
    assert any(name.endswith("-Bold") for name in fonts)


@pytest.mark.parametrize("locale", list(FOLDERS))
def test_outline_has_the_ten_events(real_build, real_project, locale):
    pdf = reader(real_build, locale)
    outline = pdf.outline
    assert len(outline) == 10
    titles = [squash(item.title) for item in outline]
    localized = edition(real_project, locale)
    assert titles == [squash(f"{e.number_text} {e.title.text}") for e in localized.events]
    pages = [pdf.get_destination_page_number(item) for item in outline]
    assert pages == sorted(pages) and pages[0] >= 2


@pytest.mark.parametrize("locale", list(FOLDERS))
def test_metadata(real_build, real_project, locale):
    pdf = reader(real_build, locale)
    localized = edition(real_project, locale)
    assert pdf.metadata.title == localized.title.text
    assert pdf.metadata.author == "CentralasianLIGHT.org"
    assert str(pdf.trailer["/Root"]["/Lang"]) == FOLDERS[locale]
    assert pdf.metadata["/CreationDate"].startswith("D:20251226")


def test_page_numbers_and_running_header(real_build, real_project):
    pdf = reader(real_build, "ru")
    total = len(pdf.pages)
    third = pdf.pages[2].extract_text()
    assert f"Страница 3 из {total}" in third
    title = edition(real_project, "ru").title.text
    assert squash(title) in squash(pdf.pages[1].extract_text())  # header on a verso page
    zh = reader(real_build, "zh_Hans")
    assert f"第3页，共{len(zh.pages)}页" in zh.pages[2].extract_text()  # the theme's zh folio (review m8)


def test_table_of_contents_has_page_numbers(real_build):
    pdf = reader(real_build, "en")
    contents = pdf.pages[1].extract_text()
    assert "Contents" in contents
    entries = re.findall(r"\.{3,}\s*(\d+)", contents)
    assert len(entries) == 10
    first_event_page = pdf.get_destination_page_number(pdf.outline[0]) + 1
    assert int(entries[0]) == first_event_page
