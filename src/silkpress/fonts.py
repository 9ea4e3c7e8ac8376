"""The bundled fonts (subsets of Noto, OFL-1.1). Which of them an edition loads is its script's
business (:mod:`silkpress.profiles`).

Family names are our own ("Silkpress ...") so that a same-named system font can
never stand in for a bundled one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable

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


@lru_cache(maxsize=None)
def _cmap(filename: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(FONTS_DIR / filename), lazy=True) as font:
        return frozenset(font.getBestCmap())


def coverage(faces: Iterable[FontFace], weight: int = 400) -> frozenset[int]:
    """The code points ``faces`` can draw at ``weight``."""
    return frozenset().union(*(_cmap(face.filename) for face in faces if face.weight == weight))
