"""Page weight as a reader gets it, and the fonts the autonyms are drawn with: each page of the real
build, served on 127.0.0.1, loaded in headless Chromium with a fresh profile (a first visit)."""

from __future__ import annotations

import pytest

from .test_browser import make_driver, site  # noqa: F401 (a fixture)
from .test_pdf import FOLDERS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ENTRIES = """
const entries = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));
return entries.map(e => [e.name, e.transferSize || e.encodedBodySize]);
"""

# Bytes of a first visit before the fonts were cut to each page (benchmarks/bench_pages.py, the
# commit before): the Latin and Cyrillic editions must be no worse; zh-Hans and the chooser have
# targets of their own (3.9 MB each before).
LIMITS = {
    "zh-Hans/index.html": 400_000, "index.html": 200_000, "status.html": 200_000,
    "en/index.html": 176_813, "ru/index.html": 194_350, "kk/index.html": 193_600, "uz-Latn/index.html": 180_154,
}

def bundled_families() -> set[str]:
    """The family names inside the bundled font files (what Chromium reports for a web font)."""
    from fontTools.ttLib import TTFont

    from silkpress.webfonts import BUNDLED

    names = set()
    for face in BUNDLED:
        with TTFont(str(face.path), lazy=True) as font:
            names.add(font["name"].getDebugName(1))
    return names


def first_visit(url: str) -> tuple[list[tuple[str, int]], dict[str, list[dict]]]:
    """Every request of a first visit with its bytes, and the platform fonts of each autonym."""
    driver = make_driver()
    try:
        driver.get(url)
        driver.execute_async_script("const done = arguments[arguments.length - 1]; document.fonts.ready.then(() => done(1));")
        entries = [(name, int(size)) for name, size in driver.execute_script(ENTRIES)]
        driver.execute_cdp_cmd("DOM.enable", {})
        driver.execute_cdp_cmd("CSS.enable", {})
        root = driver.execute_cdp_cmd("DOM.getDocument", {})["root"]["nodeId"]
        fonts = {}
        for tag in FOLDERS.values():
            node = driver.execute_cdp_cmd("DOM.querySelector", {"nodeId": root, "selector": f'a[hreflang="{tag}"], span[lang="{tag}"]'})["nodeId"]
            assert node, (url, tag)
            # the text node inside the link is what is drawn
            link = driver.execute_cdp_cmd("DOM.describeNode", {"nodeId": node, "depth": 1})["node"]
            text = next(child for child in link["children"] if child["nodeType"] == 3)
            pushed = driver.execute_cdp_cmd("DOM.pushNodesByBackendIdsToFrontend", {"backendNodeIds": [text["backendNodeId"]]})
            fonts[tag] = driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": pushed["nodeIds"][0]})["fonts"]
    finally:
        driver.quit()
    return entries, fonts


@pytest.mark.parametrize("page", list(LIMITS))
def test_a_first_visit_stays_in_dist_within_its_weight_and_draws_autonyms_with_bundled_fonts(site, page):  # noqa: F811
    entries, fonts = first_visit(site + page)
    assert entries[0][0] == site + page
    outside = [name for name, _ in entries if not name.startswith(site)]
    assert outside == []
    total = sum(size for _, size in entries)
    assert 0 < total <= LIMITS[page], (page, total, entries)
    assert not any(name.endswith(("NotoSerifSC-Regular.woff2", "NotoSerifSC-Bold.woff2")) for name, _ in entries)
    for tag, used in fonts.items():
        assert used, (page, tag)
        for font in used:
            assert font["isCustomFont"] and font["familyName"] in bundled_families(), (page, tag, used)
