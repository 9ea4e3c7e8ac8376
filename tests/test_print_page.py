"""Page details of the print edition, measured where a reader sees them: the running header and
the space after a label's full-width colon (positions read back from the PDF with pypdf)."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from .test_pdf import FOLDERS, edition, reader, squash

pytestmark = pytest.mark.slow  # PDFs: left out of the fast layer

TOP = 842 - 24 * 72 / 25.4  # A4 height in points minus the top margin: the header lies above this


def runs(page) -> list[tuple[str, float, float]]:  # noqa: ANN001
    """Every text run of a page with its position (x, y in points from the bottom left)."""
    found: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font, size):  # noqa: ANN001
        if text.strip():
            found.append((text, cm[4] + tm[4] * cm[0], cm[5] + tm[5] * cm[3]))

    page.extract_text(visitor_text=visit)
    return found


def header(page) -> str:  # noqa: ANN001
    return "".join(text for text, _, y in runs(page) if y > TOP).strip()


def plain(text: str) -> str:
    """Text as a reader reads it: the typography pass's no-break spaces are spaces, word joiners nothing."""
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2060", "")


def shows(head: str, title: str) -> bool:
    """The header shows ``title``, whole or cut short with an ellipsis."""
    head, title = plain(head), plain(title)
    cut = head.removesuffix("…").rstrip()
    return bool(cut) and (head == title or (head.endswith("…") and title.startswith(cut)))


@pytest.mark.parametrize("locale", list(FOLDERS))
def test_the_header_shows_the_bulletin_title_until_the_first_event_begins(real_build, real_project, locale):
    pdf: PdfReader = reader(real_build, locale)
    localized = edition(real_project, locale)
    starts = [pdf.get_destination_page_number(item) for item in pdf.outline]  # the page each event begins on
    titles = [f"{event.number_text} {event.title.text}" for event in localized.events]
    intro = 2  # the cover, the contents, then the intro
    assert plain(localized.intro[0].text.text[:12]) in plain(pdf.pages[intro].extract_text())
    assert starts[0] >= intro and intro % 2 == 0  # a right-hand page (pages count from 1)
    assert shows(header(pdf.pages[intro]), localized.title.text), header(pdf.pages[intro])
    checked = 0
    for index in range(intro + 2, len(pdf.pages), 2):  # right-hand pages (even indices) show the current event
        beginning = [number for number, start in enumerate(starts) if start == index]
        current = beginning[0] if beginning else max(n for n, start in enumerate(starts) if start < index)
        head = header(pdf.pages[index])
        if index == len(pdf.pages) - 1 and not head:
            continue  # a last page holding only the colophon may carry no event
        assert shows(head, titles[current]), (index, head, titles[current])
        checked += 1
    assert checked >= 1


def colon_advances(pdf: PdfReader) -> list[float]:
    """For each facts label ending in a full-width colon, the distance from the colon's start to the
    start of the value that follows it, in points."""
    advances = []
    for page in pdf.pages:
        found = runs(page)
        for (text, x, y), (_, next_x, next_y) in zip(found, found[1:]):
            if text == "：" and abs(next_y - y) < 0.5:
                advances.append(next_x - x)
    return advances


def test_no_wide_gap_after_a_full_width_colon(real_build):
    """The facts line is 9pt: the colon's own advance was a full em (9pt) and the date's label had a
    space after it as well (11.3pt in all); set half-width, every label's colon advances 4.5pt."""
    advances = colon_advances(reader(real_build, "zh_Hans"))
    assert len(advances) >= 20  # every event's date, place and country labels
    assert max(advances) < 5.0 and min(advances) > 4.0, sorted(set(round(a, 2) for a in advances))


@pytest.mark.parametrize("locale", list(FOLDERS))
def test_the_cover_fills_the_page_in_every_script(real_build, real_project, locale):
    """No logo and no picture (the real bulletin has neither): the publisher heads the page, the
    title block follows, and the date and issuers sit at its foot, not 40 % of the page above it."""
    pdf = reader(real_build, locale)
    localized = edition(real_project, locale)
    page = pdf.pages[0]
    text = squash(page.extract_text())
    for shown in (localized.publisher_name, localized.title.text, localized.published.text, *(i.text for i in localized.issuers)):
        assert squash(shown) in text, shown
    found = runs(page)
    top = max(y for _, _, y in found)
    bottom = min(y for _, _, y in found)
    assert top > 842 - 30 * 72 / 25.4  # the masthead, within 30 mm of the top edge
    assert bottom < 40 * 72 / 25.4  # the last issuer, within 40 mm of the bottom edge
    date_y = next(y for text, _, y in found if squash(text) and squash(text) in squash(localized.published.text))
    assert date_y < 297 / 3 * 72 / 25.4  # the date is in the page's lower third
    assert len(pdf.pages[0].images) == 0


def fills(page) -> set[tuple[float, float, float]]:  # noqa: ANN001
    """The RGB fill colours a page paints with."""
    colours: set[tuple[float, float, float]] = set()

    def visit(operator, operands, cm, tm):  # noqa: ANN001
        if operator == b"rg" and len(operands) == 3:
            colours.add(tuple(round(float(value), 2) for value in operands))

    page.extract_text(visitor_operand_before=visit)
    return colours


def test_a_logo_and_a_cover_picture_are_drawn_on_the_cover(mini, tmp_path):
    from .helpers import build_with
    from .test_cover import LOGO, png, with_logo

    plain = build_with(mini, locales=["en"], formats=["pdf"], out_dir=tmp_path / "plain")
    assert not plain.failures
    with_logo(mini, "images/logo.svg", LOGO.encode())
    (mini.root / "source" / "pics").mkdir()
    (mini.root / "source" / "pics" / "steppe.png").write_bytes(png(40, 30))
    source = mini.root / "source" / "mini.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("places:\n", "cover:\n  image: pics/steppe.png\n  alt: The steppe\n  credit: Photo by the editors\nplaces:\n", 1),
                      encoding="utf-8")
    from silkpress import load_project

    project = load_project(mini.root)
    result = build_with(project, locales=["en"], formats=["pdf"], out_dir=tmp_path / "pictures")
    assert not result.failures
    before = PdfReader(tmp_path / "plain" / "en" / "mini-en.pdf").pages[0]
    after = PdfReader(tmp_path / "pictures" / "en" / "mini-en.pdf").pages[0]
    assert len(before.images) == 0 and len(after.images) == 1  # the cover picture, as pdfimages -list counts it
    assert (after.images[0].image.width, after.images[0].image.height) == (40, 30)
    logo_blue = (0.07, 0.2, 0.34)  # the test logo's #123456: the SVG is drawn as vector paths
    assert logo_blue in fills(after) and logo_blue not in fills(before)
    assert "Photo by the editors" in after.extract_text() and "Example.org" in after.extract_text()
