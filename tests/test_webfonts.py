"""Web fonts cut to each page (silkpress.webfonts): the characters a page shows, which bundled family
draws each, the subsets and their cache, and what a real build publishes."""

from __future__ import annotations

import io
import re

import pytest
from fontTools.ttLib import TTFont

from silkpress.fonts import LATIN_CYRILLIC, SERIF, SERIF_SC
from silkpress.webfonts import (
    BUNDLED, CACHE_VARIABLE, PLACEHOLDER, SubsetCache, assign, cache_folder, page_characters, page_fonts, unicode_range, unlocated,
)

from .helpers import build_with


def test_page_characters_are_the_text_and_alt_texts_not_code_styles_or_the_title():
    page = ('<html><head><title>Ж</title><style>p { color: red }</style><script>var q = "Щ";</script></head>'
            '<body><p>ab &amp; 中</p><img alt="Ё"><!-- Ю --></body></html>')
    chars = page_characters(page, ['.x::after { content: "：" }'])
    assert chars == frozenset(map(ord, "ab &中Ё："))


def test_characters_that_draw_nothing_are_left_out():
    assert page_characters("<p>a\u00ad\u200bb\n</p>") == frozenset(map(ord, "ab"))


def test_unicode_range_joins_runs():
    assert unicode_range([0x41, 0x42, 0x43, 0x4E2D, 0x20]) == "U+20, U+41-43, U+4E2D"


def test_the_stack_draws_what_it_covers_and_another_bundled_family_the_rest():
    stack, by_family, missing = assign(frozenset(map(ord, "Ab中ש")), (SERIF,))
    assert stack == (SERIF, SERIF_SC)  # the switcher's 中文 on an English page
    assert by_family == {SERIF: frozenset(map(ord, "Ab")), SERIF_SC: frozenset([ord("中")])}
    assert missing == frozenset([ord("ש")])


def test_a_chinese_page_draws_latin_with_its_own_face_first():
    stack, by_family, _ = assign(frozenset(map(ord, "A中Ж")), (SERIF_SC, SERIF))
    assert stack == (SERIF_SC, SERIF)
    assert ord("A") in by_family[SERIF_SC] and by_family[SERIF] == frozenset([ord("Ж")])


def test_subsets_hold_the_characters_and_are_cached_by_content(tmp_path):
    cache = SubsetCache(tmp_path)
    fonts = page_fonts(frozenset(map(ord, "Hi中文")), (SERIF,), cache)
    assert [(s.face.family, s.face.weight) for s in fonts.subsets] == [(SERIF, 400), (SERIF, 700), (SERIF_SC, 400), (SERIF_SC, 700)]
    for subset in fonts.subsets:
        font = TTFont(io.BytesIO(subset.data))
        assert font.flavor == "woff2"
        assert set(font.getBestCmap()) == set(subset.chars)
        assert re.fullmatch(r"NotoSerif(SC)?-(Regular|Bold)-[0-9a-f]{16}\.woff2", subset.name)
    assert len(list(tmp_path.glob("*.woff2"))) == 4
    again = page_fonts(frozenset(map(ord, "Hi中文")), (SERIF,), SubsetCache(tmp_path))
    assert [s.data for s in again.subsets] == [s.data for s in fonts.subsets]
    css = fonts.css(lambda s: "f/" + s.name, " --x: 1;")
    assert css.count("@font-face") == 4 and "unicode-range: U+4E2D, U+6587" in css
    assert 'html { font-family: "Silkpress Serif", "Silkpress Serif SC"; --x: 1; }' in css


def test_a_cached_subset_is_used_as_stored(tmp_path):
    face = LATIN_CYRILLIC[0]
    SubsetCache(tmp_path).subset(face, frozenset([ord("a")]))
    (stored,) = tmp_path.glob("*.woff2")
    stored.write_bytes(b"cached")
    assert SubsetCache(tmp_path).subset(face, frozenset([ord("a")])).data == b"cached"
    assert SubsetCache(tmp_path).subset(face, frozenset([ord("b")])).data != b"cached"


def test_unlocated_characters_are_reported_at_the_page():
    (diagnostic,) = unlocated([0x05E9], "en/index.html", "Silkpress Serif")
    assert str(diagnostic).startswith("en/index.html: error: [glyphs] 'ש' U+05E9 HEBREW LETTER SHIN")


@pytest.fixture(scope="module")
def mini_build(tmp_path_factory):
    from .helpers import DATA, copy_project

    project = copy_project(DATA / "mini", tmp_path_factory.mktemp("mini") / "project")
    out = project.root / "dist"
    return project, build_with(project, out_dir=out, formats=["html"]), out


def test_pages_load_only_subsets_named_by_content_and_no_full_font(mini_build):
    project, result, out = mini_build
    fonts = sorted(p.name for p in (out / "assets" / "fonts").glob("*.woff2"))
    assert fonts and all(re.fullmatch(r"NotoSerif(SC)?-(Regular|Bold)-[0-9a-f]{16}\.woff2", name) for name in fonts)
    named = set()
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert PLACEHOLDER not in html
        named |= set(re.findall(r"NotoSerif[\w-]+\.woff2", html))
        assert "unicode-range" in html
    assert named == set(fonts)  # every subset is used, and nothing else is in the folder
    assert sum((out / "assets" / "fonts" / name).stat().st_size for name in fonts) < 200_000


def test_a_rebuild_after_a_text_change_drops_the_subsets_no_page_names(mini_build, tmp_path):
    from silkpress import load_project

    from .helpers import copy_project

    project = copy_project(mini_build[0].root, tmp_path / "p")
    out = tmp_path / "out"
    build_with(project, out_dir=out, formats=["html"])
    before = {p.name for p in (out / "assets" / "fonts").glob("*.woff2")}
    source = next((project.root / "source").glob("*.yaml"))
    source.write_text(source.read_text(encoding="utf-8").replace("title:", "title: Qz Ω", 1), encoding="utf-8")
    build_with(load_project(project.root), out_dir=out, formats=["html"])
    after = {p.name for p in (out / "assets" / "fonts").glob("*.woff2")}
    assert after != before and not any(n in after for n in before - after)
    manifest = (out / "manifest.json").read_text(encoding="utf-8")
    assert all(name not in manifest for name in before - after)


def test_the_cache_folder_is_the_state_folder_unless_the_environment_names_one(tmp_path, monkeypatch):
    monkeypatch.delenv(CACHE_VARIABLE, raising=False)
    assert cache_folder(tmp_path / ".silkpress") == tmp_path / ".silkpress" / "fonts"
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path / "shared"))
    assert cache_folder(tmp_path / ".silkpress") == tmp_path / "shared"


def test_a_subset_keeps_the_layout_features_of_the_characters_it_holds(tmp_path):
    face = next(f for f in BUNDLED if f.family == SERIF_SC and f.weight == 400)
    data = SubsetCache(tmp_path).subset(face, frozenset(map(ord, "日期："))).data
    font = TTFont(io.BytesIO(data))
    assert font.flavor == "woff2"
    assert set(font.getBestCmap()) == set(map(ord, "日期："))
    assert "halt" in {record.FeatureTag for record in font["GPOS"].table.FeatureList.FeatureRecord}
