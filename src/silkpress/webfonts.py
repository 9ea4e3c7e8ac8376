"""Web fonts cut to each page: the characters a page shows, the bundled faces that draw them,
and a WOFF2 subset of each face per page, named by its content (shared by pages that show the
same characters).

A page's own font stack (its script's) draws what it covers; a character it lacks (the
switcher's "中文" on an English page) falls to the first other bundled family that has it, so
every page loads a font for everything it shows. ``unicode-range`` on each ``@font-face`` keeps
the browser from downloading a subset the page does not use. Subsets are cached by font digest
and character set in the project's state folder, so a rebuild does not cut them again.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, Iterable

from .atomic import write_atomic
from .cache import file_digest
from .errors import OutputError
from .fonts import LATIN_CYRILLIC, SIMPLIFIED_CHINESE, FontFace, coverage, css_string, to_ranges
from .diagnostics import Diagnostic
from .glyphs import needs_glyph

logger = logging.getLogger(__name__)

BUNDLED: tuple[FontFace, ...] = LATIN_CYRILLIC + SIMPLIFIED_CHINESE
"""Every face a web page may load, in fallback order (a family's first face is its regular)."""

PLACEHOLDER = "/* silkpress: web fonts */"
"""Where a page's template puts its font CSS; replaced once the page's characters are known."""

SUBSET_VERSION = "1"
"""Part of the cache key: bump when the subsetter's options change."""

# What is never drawn with the page's fonts: code, styles, the tab's title, templates.
_HIDDEN = {"script", "style", "title", "template", "noscript"}
_CSS_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'')


class _Text(HTMLParser):
    """The characters of a page's text and of its alt texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chars: set[str] = set()
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        for name, value in attrs:
            if name == "alt" and value:
                self.chars.update(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.chars.update(data)


def page_characters(html: str, css: Iterable[str] = ()) -> frozenset[int]:
    """The code points a page shows: its text, its alt texts, and the strings of ``css`` (generated
    content such as the label suffix "："), less those that draw nothing."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    chars = set(parser.chars)
    for sheet in css:
        for match in _CSS_STRING.finditer(sheet):
            chars.update(match.group(1) or match.group(2) or "")
    return frozenset(ord(char) for char in chars if needs_glyph(char))


@dataclass(frozen=True)
class Subset:
    """One face cut to ``chars``: ``name`` is its file name, from its content."""

    face: FontFace
    chars: frozenset[int]
    data: bytes

    @property
    def name(self) -> str:
        return f"{Path(self.face.filename).stem}-{hashlib.sha256(self.data).hexdigest()[:16]}.woff2"


@dataclass(frozen=True)
class PageFonts:
    """The fonts one page loads: its font stack, a subset per face it needs, what nothing covers."""

    stack: tuple[str, ...]
    subsets: tuple[Subset, ...]
    missing: frozenset[int]

    def css(self, url_for: Callable[[Subset], str], root_css: str = "") -> str:
        """@font-face rules with unicode-range, and the root element's font stack (plus ``root_css``)."""
        rules = [
            '@font-face { font-family: %s; font-weight: %d; font-style: normal; src: url(%s) format("woff2");'
            " unicode-range: %s; }" % (css_string(s.face.family), s.face.weight, css_string(url_for(s)), unicode_range(s.chars))
            for s in self.subsets
        ]
        rules.append(f"html {{ font-family: {', '.join(css_string(family) for family in self.stack)};{root_css} }}")
        return "\n".join(rules)


def unicode_range(chars: Iterable[int]) -> str:
    """``U+20-7E, U+4E2D`` for a set of code points: runs of consecutive ones as ranges."""
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in to_ranges(chars))


def _drawable(family: str) -> frozenset[int]:
    """What a family draws in both weights (headings and labels are bold)."""
    faces = [face for face in BUNDLED if face.family == family]
    return coverage(faces, 400) & coverage(faces, 700)


def assign(chars: frozenset[int], stack: tuple[str, ...]) -> tuple[tuple[str, ...], dict[str, frozenset[int]], frozenset[int]]:
    """Which family draws each character: the first of ``stack`` that has it, else the first other
    bundled family. Returns the stack (with the fallbacks used), the characters per family, and
    those no bundled family has."""
    families = tuple(dict.fromkeys(stack + tuple(face.family for face in BUNDLED)))
    left = set(chars)
    by_family: dict[str, frozenset[int]] = {}
    for family in families:
        mine = frozenset(left) & _drawable(family)
        if mine or family in stack:
            by_family[family] = mine
        left -= mine
    used = tuple(family for family in families if family in stack or by_family.get(family))
    return used, {family: found for family, found in by_family.items() if found}, frozenset(left)


CACHE_VARIABLE = "SILKPRESS_FONT_CACHE"


def cache_folder(state_dir: Path) -> Path:
    """Where subsets are kept: the project's state folder, or the folder ``$SILKPRESS_FONT_CACHE``
    names (shared by several projects: the test suite's copies, a CI machine's checkouts)."""
    shared = os.environ.get(CACHE_VARIABLE, "").strip()
    return Path(shared) if shared else state_dir / "fonts"


class SubsetCache:
    """Subsets by (font digest, character set), in ``folder`` (the project's state folder)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.made: dict[str, bytes] = {}

    def subset(self, face: FontFace, chars: frozenset[int]) -> Subset:
        text = "".join(map(chr, sorted(chars)))
        key = hashlib.sha256(f"{SUBSET_VERSION}\0{file_digest(face.path)}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()
        data = self.made.get(key)
        if data is None:
            path = self.folder / f"{key}.woff2"
            try:
                data = path.read_bytes()
            except OSError:
                data = cut(face.path, text)
                try:
                    write_atomic(path, data)
                except (OSError, OutputError) as error:  # the cache only saves time
                    logger.warning("cannot save a font subset: %s", error)
            self.made[key] = data
        return Subset(face, chars, data)


def cut(path: Path, text: str) -> bytes:
    """``path`` subset to the characters of ``text``, as WOFF2.

    HarfBuzz's subsetter (uharfbuzz) cuts a CJK face in about 10 ms where fontTools' takes 1.3 s;
    fontTools writes the WOFF2 container (Brotli at its quality 11, which is most of what is left)."""
    import uharfbuzz as hb
    from fontTools.ttLib import TTFont

    request = hb.SubsetInput()
    request.unicode_set.update(ord(char) for char in text)
    request.flags = hb.SubsetFlags.NO_HINTING  # screens at web sizes; a third smaller
    result = hb.subset(hb.Face(hb.Blob(_sfnt(str(path)))), request)
    if result is None:
        raise OutputError(f"{path}: HarfBuzz could not subset this font")
    font = TTFont(io.BytesIO(bytes(result.blob.data)))
    try:
        font.flavor = "woff2"
        out = io.BytesIO()
        font.save(out, reorderTables=False)
    finally:
        font.close()
    return out.getvalue()


@lru_cache(maxsize=4)
def _sfnt(path: str) -> bytes:
    """A bundled WOFF2 font decompressed (HarfBuzz reads only OpenType), once per process."""
    from fontTools.ttLib import TTFont

    font = TTFont(path)
    try:
        font.flavor = None
        out = io.BytesIO()
        font.save(out, reorderTables=False)
    finally:
        font.close()
    return out.getvalue()


def page_fonts(chars: frozenset[int], stack: tuple[str, ...], cache: SubsetCache) -> PageFonts:
    """The fonts a page showing ``chars`` loads, with ``stack`` (its script's) first."""
    used, by_family, missing = assign(chars, stack)
    faces = [face for face in BUNDLED if face.family in by_family]
    if len(faces) < 2:
        return PageFonts(used, tuple(cache.subset(face, by_family[face.family]) for face in faces), missing)
    # Brotli, most of a cut, releases the GIL: a page's faces (the Chinese Regular and Bold,
    # a second each) are cut side by side on a first build; cached ones cost nothing either way.
    with ThreadPoolExecutor(max_workers=len(faces)) as pool:
        subsets = tuple(pool.map(lambda face: cache.subset(face, by_family[face.family]), faces))
    return PageFonts(used, subsets, missing)


def unlocated(points: Iterable[int], page: str, families: str) -> list[Diagnostic]:
    """Characters a page shows that no bundled font has, where no catalog or source line shows them
    (a template's own text, say): reported at the page."""
    return [
        Diagnostic(page, None, "error", "glyphs",
                   f"{chr(point)!r} U+{point:04X} {unicodedata.name(chr(point), 'unnamed')} is not in the fonts {page} loads ({families})",
                   None)
        for point in sorted(points)
    ]
