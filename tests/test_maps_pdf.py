"""The maps and the timeline in the real bulletin's editions, as a reader gets them: the labels'
text inside each PDF Figure, the Figure's alt text in the tag tree, the sizes of the PDFs and of
each map in the web page after gzip."""

from __future__ import annotations

import gzip
import re

import pytest
from pypdf import PdfReader

from silkpress.editions import load_edition
from silkpress.source import load_bulletin

pytestmark = pytest.mark.slow  # renders the real PDFs

TAGS = {"zh_Hans": "zh-Hans", "en": "en", "ru": "ru", "kk": "kk", "uz": "uz-Latn"}
ALT_START = {"zh_Hans": "地图：", "en": "Map: ", "ru": "Карта: ", "kk": "Карта: ", "uz": "Xarita: "}
LIMITS = {"zh_Hans": 1_000_000, "en": 200_000, "ru": 200_000, "kk": 200_000, "uz": 200_000}


def figure_text(reader: PdfReader) -> str:
    """The text drawn inside the tagged Figures (marked content /Figure ... EMC)."""
    found: list[str] = []
    for page in reader.pages:
        depth = [0]

        def before(operator, args, cm, tm):  # noqa: ANN001, ANN202
            if operator in (b"BDC", b"BMC"):
                depth.append(depth[-1] + 1 if depth[-1] or (args and args[0] == "/Figure") else 0)
            elif operator == b"EMC" and len(depth) > 1:
                depth.pop()

        def text(value, cm, tm, font, size):  # noqa: ANN001, ANN202
            if depth[-1]:
                found.append(value)

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return "".join(found)


def figures_in_tags(reader: PdfReader) -> list[str]:
    """The /Alt of every Figure in the structure tree."""
    alts: list[str] = []
    stack = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if hasattr(node, "get") and node.get("/S") == "/Figure":
            alts.append(str(node.get("/Alt", "")))
        kids = node.get("/K") if hasattr(node, "get") else None
        if kids is None:
            continue
        kids = kids.get_object()
        for kid in (kids if isinstance(kids, list) else [kids]):
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if hasattr(kid, "get") and kid.get("/Type") in ("/StructElem", None) and "/S" in kid:
                stack.append(kid)
    return alts


@pytest.fixture(scope="module")
def editions(real_project):
    bulletin = real_project.bulletins[0]
    source = load_bulletin(bulletin.source, bulletin.shown, real_project.root)
    return {locale: load_edition(bulletin, source, locale) for locale in TAGS}


@pytest.mark.parametrize("locale", list(TAGS))
def test_each_pdf_draws_the_maps_labelled_in_its_language_as_tagged_figures(real_build, editions, locale):
    path = real_build.out_dir / TAGS[locale] / f"china-central-asia-2025-{TAGS[locale]}.pdf"
    reader = PdfReader(path)
    figures = editions[locale].env.globals["figures"]
    drawn = re.sub(r"\s+", "", figure_text(reader))
    names = {name for event in editions[locale].localized.events for name in figures.place_names(event)}
    assert len(names) == 12
    for name in names:
        assert re.sub(r"\s+", "", name) in drawn, (locale, name)
    assert re.sub(r"\s+", "", editions[locale].localized.events[0].countries[0].name) in drawn  # China, labelled
    title = editions[locale].localized.events[0].title.text
    assert re.sub(r"\s+", "", title)[:12] not in drawn  # only the figures' own text
    alts = figures_in_tags(reader)
    maps = [alt for alt in alts if alt.startswith(ALT_START[locale])]
    assert len(maps) == 10, alts
    assert editions[locale].localized.events[0].places[0].text in maps[0] or any(
        editions[locale].localized.events[0].places[0].text in alt for alt in maps)
    assert len(alts) == 11  # and the timeline
    assert path.stat().st_size <= LIMITS[locale]


def test_each_web_page_has_ten_small_maps_and_a_timeline(real_build):
    for tag in TAGS.values():
        page = (real_build.out_dir / tag / "index.html").read_text(encoding="utf-8")
        svgs = re.findall(r'<svg xmlns="http://www.w3.org/2000/svg" class="locator-map".*?</svg>', page, re.S)
        assert len(svgs) == 10
        assert all(len(gzip.compress(svg.encode("utf-8"))) <= 15_000 for svg in svgs)
        assert page.count('class="timeline"') == 2  # the figure and its svg
        assert "Natural Earth" in page
