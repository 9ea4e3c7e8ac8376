"""Label placement for the locator maps: no place label hides another label or a dot.

Greedy, in the order given: each label tries the positions around its dot (right, left, above,
below, the diagonals); then farther out with a leader line; and when nothing fits, a number
beside the dot that a key under the map explains. Widths are estimated from the characters
(generously: a CJK character is a full em), so the check errs towards more room.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from markupsafe import escape

from .geometry import Box, overlaps

GAP = 3.0
DIRECTIONS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (1, 1), (-1, -1), (-1, 1))
LEADER_DISTANCES = (22.0, 38.0)


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float = 3.5

    @property
    def box(self) -> Box:
        return (self.x - self.r - 1, self.y - self.r - 1, self.x + self.r + 1, self.y + self.r + 1)


@dataclass(frozen=True)
class Label:
    text: str
    size: float


@dataclass(frozen=True)
class Placed:
    text: str
    x: float
    y: float
    anchor: str
    box: Box
    leader: str = ""
    """An SVG line from the dot to the label, when the label had to move away."""
    number: int = 0
    """Non-zero: the dot carries this number and the key names the place."""

    @property
    def svg(self) -> str:
        shown = str(self.number) if self.number else self.text
        return f'<text x="{self.x:.1f}" y="{self.y:.1f}" text-anchor="{self.anchor}">{escape(shown)}</text>'


def text_width(text: str, size: float) -> float:
    """An upper estimate of the rendered width: full-width characters one em, capitals 0.72,
    the rest 0.56 (a serif's lowercase averages about 0.5)."""
    width = 0.0
    for char in text:
        if unicodedata.east_asian_width(char) in "WF":
            width += 1.0
        elif char.isspace():
            width += 0.3
        elif char.isupper():
            width += 0.72
        else:
            width += 0.56
    return width * size


def text_box(text: str, size: float, x: float, y: float, anchor: str) -> Box:
    """The box of a text whose baseline starts (or is anchored) at x, y."""
    width = text_width(text, size)
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return (left, y - 0.9 * size, left + width, y + 0.28 * size)


def _candidate(dot: Dot, label: Label, direction: tuple[int, int], distance: float) -> tuple[float, float, str]:
    dx, dy = direction
    anchor = "start" if dx > 0 else "end" if dx < 0 else "middle"
    x = dot.x + dx * distance
    # the text's middle sits on the dot's level for left and right; above and below clear the dot
    y = dot.y + 0.32 * label.size if dy == 0 else dot.y + dy * distance + (0.9 * label.size if dy > 0 else -0.28 * label.size)
    return x, y, anchor


def _fits(box: Box, taken: list[Box], size: tuple[float, float]) -> bool:
    inside = box[0] >= 1 and box[1] >= 1 and box[2] <= size[0] - 1 and box[3] <= size[1] - 1
    return inside and not any(overlaps(box, other) for other in taken)


def _try(dot: Dot, label: Label, distance: float, taken: list[Box], size: tuple[float, float]) -> Placed | None:
    for direction in DIRECTIONS:
        x, y, anchor = _candidate(dot, label, direction, distance)
        box = text_box(label.text, label.size, x, y, anchor)
        if _fits(box, taken, size):
            return Placed(label.text, x, y, anchor, box)
    return None


def place_labels(dots: list[Dot], labels: list[Label], size: tuple[float, float]) -> list[Placed]:
    """One placement per label (labels[i] belongs to dots[i]); no two boxes overlap, and no box
    covers a dot."""
    taken = [dot.box for dot in dots]
    placed: list[Placed] = []
    number = 0
    for dot, label in zip(dots, labels):
        found = _try(dot, label, dot.r + GAP, taken, size)
        for distance in LEADER_DISTANCES if found is None else ():
            found = _try(dot, label, distance, taken, size)
            if found is not None:
                end_x = min(max(dot.x, found.box[0]), found.box[2])
                end_y = min(max(dot.y, found.box[1]), found.box[3])
                line = f'<line x1="{dot.x:.1f}" y1="{dot.y:.1f}" x2="{end_x:.1f}" y2="{end_y:.1f}"/>'
                found = Placed(found.text, found.x, found.y, found.anchor, found.box, leader=line)
                break
        if found is None:
            number += 1
            numeral = Label(str(number), label.size * 0.85)
            spot = _try(dot, numeral, dot.r + 1, taken, size) or _try(dot, numeral, dot.r + 8, taken, size)
            x, y, anchor, box = (spot.x, spot.y, spot.anchor, spot.box) if spot else (dot.x + dot.r, dot.y, "start", dot.box)
            found = Placed(label.text, x, y, anchor, box, number=number)
        taken.append(found.box)
        placed.append(found)
    return placed
