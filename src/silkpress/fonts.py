"""The bundled fonts (subsets of Noto, OFL-1.1). Which of them an edition loads is its script's
business (:mod:`silkpress.profiles`).

Family names are our own ("Silkpress ...") so that a same-named system font can
never stand in for a bundled one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable

logger = logging.getLogger(__name__)

FONTS_DIR = Path(str(resources.files("silkpress") / "theme" / "fonts"))  # the default theme's

SERIF = "Silkpress Serif"
SERIF_SC = "Silkpress Serif SC"


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    filename: str

    @property
    def path(self) -> Path:
        return FONTS_DIR / self.filename


LATIN_CYRILLIC = (
    FontFace(SERIF, 400, "NotoSerif-Regular.woff2"),
    FontFace(SERIF, 700, "NotoSerif-Bold.woff2"),
)
SIMPLIFIED_CHINESE = (
    FontFace(SERIF_SC, 400, "NotoSerifSC-Regular.woff2"),
    FontFace(SERIF_SC, 700, "NotoSerifSC-Bold.woff2"),
)


def css_string(text: str) -> str:
    """A CSS string literal that cannot break out of its declaration or of a <style> element."""
    out = []
    for char in text:
        if char in '"\\<>&' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def font_face_css(faces: Iterable[FontFace], stack: Iterable[str], url_for: Callable[[FontFace], str], root_css: str = "") -> str:
    """@font-face rules for ``faces``, and the font stack (plus ``root_css``) of the root element."""
    rules = [
        "@font-face { font-family: %s; font-weight: %d; font-style: normal; src: url(%s) format(\"woff2\"); }"
        % (css_string(face.family), face.weight, css_string(url_for(face)))
        for face in faces
    ]
    families = ", ".join(css_string(family) for family in stack)
    rules.append(f"html {{ font-family: {families};{root_css} }}")
    return "\n".join(rules)


COVERAGE_TABLE = "coverage.json"
"""Beside the fonts: the code points each bundled font covers, as ranges, with the font's SHA-256
(written by ``scripts/make_fonts.py --table``), so a build need not decompress a WOFF2 cmap."""


def to_ranges(points: Iterable[int]) -> list[list[int]]:
    """Sorted code points as inclusive ``[first, last]`` ranges."""
    out: list[list[int]] = []
    for point in sorted(points):
        if out and point == out[-1][1] + 1:
            out[-1][1] = point
        else:
            out.append([point, point])
    return out


def from_ranges(ranges: Iterable[Iterable[int]]) -> frozenset[int]:
    return frozenset(point for first, last in ranges for point in range(first, last + 1))


def read_cmap(path: Path) -> frozenset[int]:
    """The code points ``path`` maps, read from the font itself (slow for a WOFF2: it is decompressed)."""
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap())


def coverage_table(folder: Path, filenames: Iterable[str]) -> dict[str, object]:
    """The coverage table of the fonts ``filenames`` in ``folder``, as COVERAGE_TABLE holds it."""
    import hashlib

    fonts = {}
    for name in sorted(filenames):
        path = folder / name
        fonts[name] = {"sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "ranges": to_ranges(read_cmap(path))}
    return {"version": 1, "fonts": fonts}


@lru_cache(maxsize=None)
def _table(folder: Path) -> dict[str, dict[str, object]]:
    import json

    try:
        table = json.loads((folder / COVERAGE_TABLE).read_text(encoding="utf-8"))
        return dict(table["fonts"]) if table.get("version") == 1 else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}  # no table (or a broken one): every font is read


@lru_cache(maxsize=None)
def _cmap(filename: str) -> frozenset[int]:
    from .cache import file_digest

    path = FONTS_DIR / filename
    entry = _table(FONTS_DIR).get(filename)
    if isinstance(entry, dict) and entry.get("sha256") == file_digest(path):
        return from_ranges(entry["ranges"])  # type: ignore[arg-type]
    # A font changed since the table was made (or is not in it): its own cmap is the truth.
    logger.info("%s: not in %s with this digest; reading its cmap", filename, COVERAGE_TABLE)
    return read_cmap(path)


def coverage(faces: Iterable[FontFace], weight: int = 400) -> frozenset[int]:
    """The code points ``faces`` can draw at ``weight``."""
    return frozenset().union(*(_cmap(face.filename) for face in faces if face.weight == weight))
