"""The bundled fonts (subsets of Noto, OFL-1.1) and which of them each edition loads.

Family names are our own ("Silkpress ...") so that a same-named system font can
never stand in for a bundled one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable

FONTS_DIR = Path(str(resources.files("silkpress") / "fonts"))

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


def _is_chinese(locale: str) -> bool:
    return locale.split("_")[0] == "zh"


def faces_for(locale: str) -> tuple[FontFace, ...]:
    """The faces an edition loads: the CJK faces only for Chinese, since every loaded face costs time and memory."""
    return LATIN_CYRILLIC + SIMPLIFIED_CHINESE if _is_chinese(locale) else LATIN_CYRILLIC


def font_stack(locale: str) -> tuple[str, ...]:
    # The CJK face comes first in Chinese so that punctuation such as “” is full-width.
    return (SERIF_SC, SERIF) if _is_chinese(locale) else (SERIF,)


def css_string(text: str) -> str:
    """A CSS string literal that cannot break out of its declaration or of a <style> element."""
    out = []
    for char in text:
        if char in '"\\<>&' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def font_face_css(locale: str, url_for: Callable[[FontFace], str]) -> str:
    """@font-face rules for an edition, and the font stack its root element uses."""
    rules = [
        "@font-face { font-family: %s; font-weight: %d; font-style: normal; src: url(%s) format(\"woff2\"); }"
        % (css_string(face.family), face.weight, css_string(url_for(face)))
        for face in faces_for(locale)
    ]
    stack = ", ".join(css_string(family) for family in font_stack(locale))
    rules.append(f"html {{ font-family: {stack}; }}")
    return "\n".join(rules)


@lru_cache(maxsize=None)
def _cmap(filename: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(FONTS_DIR / filename), lazy=True) as font:
        return frozenset(font.getBestCmap())


def coverage(locale: str, weight: int = 400) -> frozenset[int]:
    """The code points an edition's font stack can draw at ``weight`` (the bundled faces only)."""
    return frozenset().union(*(_cmap(face.filename) for face in faces_for(locale) if face.weight == weight))
