"""A stage of its own: the events' dates in, an SVG timeline of the year out.

Months are CLDR's abbreviated stand-alone names in the edition's language; each event is its
number at its first date (a range also gets a bar to its end). Numbers that would touch move up
a row, so none hides another.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from babel.dates import get_month_names
from markupsafe import escape

from .labels import text_width

WIDTH, AXIS, ROW = 640, 62, 17
LEFT, RIGHT = 8, 632
SIZE = 12


@dataclass(frozen=True)
class Mark:
    number: str
    """The event's number as the edition writes it."""
    start: dt.date
    end: dt.date | None = None
    text: str = ""
    """The date as the edition writes it, for the text alternative."""


def timeline_year(marks: list[Mark]) -> int | None:
    """The year most of the events fall in (None: no event has a date)."""
    years = Counter(mark.start.year for mark in marks)
    return years.most_common(1)[0][0] if years else None


def _x(day: dt.date, year: int) -> float:
    first = dt.date(year, 1, 1)
    length = (dt.date(year + 1, 1, 1) - first).days
    return LEFT + (RIGHT - LEFT) * min(max((day - first).days, 0), length) / length


def render_timeline(marks: list[Mark], locale: str, title: str, font_family: str, element_id: str) -> str:
    """The SVG; its <title> is ``title`` and its <desc> lists each event's number and date."""
    year = timeline_year(marks)
    if year is None:
        return ""
    description = "; ".join(f"{mark.number} — {mark.text}" for mark in marks if mark.text)
    months = get_month_names("abbreviated", context="stand-alone", locale=locale)
    ticks, names = [], []
    for month in range(1, 13):
        x0, x1 = _x(dt.date(year, month, 1), year), _x(dt.date(year + month // 12, month % 12 + 1, 1), year)
        ticks.append(f'<line x1="{x0:.1f}" y1="{AXIS - 4}" x2="{x0:.1f}" y2="{AXIS + 4}"/>')
        names.append(f'<text x="{(x0 + x1) / 2:.1f}" y="{AXIS + 19}">{escape(months[month])}</text>')
    rows: list[list[tuple[float, float]]] = []
    lines: list[str] = []
    numbers: list[str] = []
    for mark in sorted((m for m in marks if m.start.year == year), key=lambda m: m.start):
        x = _x(mark.start, year)
        half = text_width(mark.number, SIZE) / 2 + 5
        row = next((i for i, taken in enumerate(rows) if all(x - half >= b or x + half <= a for a, b in taken)), len(rows))
        if row == len(rows):
            rows.append([])
        rows[row].append((x - half, x + half))
        y = AXIS - 12 - row * ROW
        if mark.end is not None:
            lines.append(f'<line class="span" x1="{x:.1f}" y1="{AXIS}" x2="{_x(mark.end, year):.1f}" y2="{AXIS}"'
                         ' stroke="#8b1e1e" stroke-width="4"/>')
        lines.append(f'<line x1="{x:.1f}" y1="{AXIS}" x2="{x:.1f}" y2="{y + 3}" stroke="#8c6a37" stroke-width="0.8"/>')
        lines.append(f'<circle cx="{x:.1f}" cy="{AXIS}" r="3" fill="#8b1e1e"/>')
        # a paper-coloured ground, so that a stem from a higher row never strikes through a number
        numbers.append(f'<rect x="{x - half + 3:.1f}" y="{y - SIZE * 0.85:.1f}" width="{2 * half - 6:.1f}" height="{SIZE * 1.1:.1f}"'
                       f' fill="#fdfcf8"/><text x="{x:.1f}" y="{y}" text-anchor="middle" font-weight="bold">{escape(mark.number)}</text>')
    top = max(0, len(rows) - 3) * ROW
    height = AXIS + 28 + top
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 {-top} {WIDTH} {height}" width="{WIDTH}"'
        f' height="{height}" role="img" aria-labelledby="{element_id}-title" font-family="{escape(font_family)}"'
        f' font-size="{SIZE}"><title id="{element_id}-title">{escape(title)}</title><desc>{escape(description)}</desc>'
        f'<line x1="{LEFT}" y1="{AXIS}" x2="{RIGHT}" y2="{AXIS}" stroke="#8c8577" stroke-width="1.2"/>'
        f'<g stroke="#8c8577" stroke-width="0.8">{"".join(ticks)}</g>'
        f'<g fill="#5b4426" text-anchor="middle">{"".join(names)}</g>'
        f'<g>{"".join(lines)}</g><g fill="#1f1f1f">{"".join(numbers)}</g></svg>'
    )
