"""A stage of its own: an event's countries and places in, an SVG locator map out.

The shapes come from the bundled ``theme/maps/asia.json`` (scripts/make_map.py: Natural Earth,
Lambert conformal conic, km). A map is framed to the highlighted countries' main land and the
places, drawn with a muted palette, and labelled by :mod:`silkpress.labels`, which keeps labels
from hiding one another. The same SVG goes inline into the web page and the PDF.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

from markupsafe import escape

from .geometry import Box, Point, clip, lambert_conformal_conic, overlaps, ring_area, simplify
from .labels import Dot, Label, place_labels, text_box, text_width

MAP_FILE = Path(__file__).parent / "theme" / "maps" / "asia.json"
COARSE_FILE = MAP_FILE.with_name("asia-110m.json")
COARSE_KM_PER_UNIT = 7.0
"""From this scale on (a map wider than about 4,500 km), shapes come from Natural Earth's 1:110m
data: finer detail would not show, and every point costs bytes and rendering time."""
WIDTH, HEIGHT = 640, 400
MARGIN = 0.12
"""Of the framed extent, on every side."""
MIN_EXTENT_KM = 1400.0
"""The narrowest map: a city-sized event still shows its country's neighbours."""
MAIN_PART = 0.15
"""Rings smaller than this share of a country's largest frame nothing (islands far away)."""
PALETTE = {"sea": "#e4edf2", "land": "#ece9e2", "border": "#ffffff", "focus": "#e9c98f",
           "focus-border": "#8c6a37", "country-text": "#5b4426", "dot": "#8b1e1e", "text": "#1f1f1f"}
COUNTRY_SIZE, PLACE_SIZE = 12.5, 13.5
DETAIL_PX, NEIGHBOUR_DETAIL_PX, MIN_RING_PX2 = 1.5, 4.0, 16.0
"""Detail finer than this (in map units, about 0.2 mm in print) is dropped, and so are islands
smaller than this: every point costs bytes in the page and the PDF."""


@dataclass(frozen=True)
class Shape:
    rings: tuple[tuple[Point, ...], ...]
    label: Point
    frame: Box
    """The bounding box of its main rings."""
    box: Box


@dataclass(frozen=True)
class MapData:
    projection: Mapping[str, float]
    bbox: Box
    countries: Mapping[str, Shape]
    other: tuple[Shape, ...]

    def project(self, lat: float, lon: float) -> Point:
        x, y = _projection(tuple(sorted(self.projection.items())))(lat, lon)
        return x, -y


@dataclass(frozen=True)
class MapPlace:
    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class MapSpec:
    """What one map shows: highlighted countries (code, name in the edition's language), places
    with coordinates, the accessible name, and the edition's font stack."""

    id: str
    countries: tuple[tuple[str, str], ...]
    places: tuple[MapPlace, ...]
    title: str
    font_family: str
    description: str = ""


@functools.lru_cache(maxsize=4)
def _projection(items: tuple[tuple[str, float], ...]):  # noqa: ANN202
    return lambert_conformal_conic(dict(items))


def _shape(entry: Mapping) -> Shape:
    rings = []
    for flat in entry["rings"]:
        x, y = flat[0], flat[1]
        points = [(x, y)]
        for i in range(2, len(flat), 2):
            x, y = x + flat[i], y + flat[i + 1]
            points.append((x, y))
        rings.append(tuple(points))
    largest = max(ring_area(r) for r in rings)
    main = [p for r in rings if ring_area(r) >= MAIN_PART * largest for p in r]
    every = [p for r in rings for p in r]
    return Shape(tuple(rings), tuple(entry["label"]), _bounds(main), _bounds(every))  # type: ignore[arg-type]


def _bounds(points: Sequence[Point]) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


@functools.lru_cache(maxsize=4)
def load_map_data(path: Path = MAP_FILE) -> MapData:
    data = json.loads(path.read_text(encoding="utf-8"))
    return MapData(data["projection"], tuple(data["bbox"]), {code: _shape(e) for code, e in data["countries"].items()},
                   tuple(_shape(e) for e in data["other"]))  # type: ignore[arg-type]


def frame(data: MapData, codes: Sequence[str], points: Sequence[Point]) -> Box:
    """The map's extent in km: the countries' main land and the places, with margins, at least
    MIN_EXTENT_KM wide, at the map's aspect ratio, and inside the data's extent."""
    boxes = [data.countries[c].frame for c in codes if c in data.countries] + [(x, y, x, y) for x, y in points]
    if not boxes:
        raise ValueError("a map needs a country or a place")
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    width = max((x1 - x0) * (1 + 2 * MARGIN), MIN_EXTENT_KM)
    height = max((y1 - y0) * (1 + 2 * MARGIN), MIN_EXTENT_KM * HEIGHT / WIDTH)
    width, height = max(width, height * WIDTH / HEIGHT), max(height, width * HEIGHT / WIDTH)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    bx0, by0, bx1, by1 = data.bbox
    width, height = min(width, bx1 - bx0), min(height, by1 - by0)
    cx = min(max(cx, bx0 + width / 2), bx1 - width / 2)
    cy = min(max(cy, by0 + height / 2), by1 - height / 2)
    return cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2


def _path(rings: Sequence[Sequence[Point]], view: Box, detail: float = DETAIL_PX) -> str:
    """SVG path data in map units, relative integer steps; detail below half a unit is dropped."""
    scale = WIDTH / (view[2] - view[0])
    pad = 4 / scale
    window = (view[0] - pad, view[1] - pad, view[2] + pad, view[3] + pad)
    parts = []
    for ring in rings:
        points = clip(ring, window)
        if len(points) < 3:
            continue
        px = [((x - view[0]) * scale, (y - view[1]) * scale) for x, y in points]
        px = simplify(px + px[:1], detail)[:-1]
        if ring_area(px) < MIN_RING_PX2:
            continue
        steps, last = [], None
        for x, y in px:
            point = (round(x), round(y))
            if point != last:
                steps.append(point if last is None else (point[0] - last[0], point[1] - last[1]))
                last = point
        if len(steps) < 3:
            continue
        moves = " ".join(f"{dx} {dy}" for dx, dy in steps[1:]).replace(" -", "-")  # a minus separates
        parts.append(f"M{steps[0][0]} {steps[0][1]}l{moves}z")
    return "".join(parts)


@functools.lru_cache(maxsize=64)
def _geometry(view: Box, focus: tuple[str, ...], path: Path = MAP_FILE) -> tuple[str, str]:
    """The neighbours' and the highlighted countries' path data; the same for every edition.
    A wide view draws the coarse data, where it has the country."""
    data = load_map_data(path)
    if path == MAP_FILE and (view[2] - view[0]) / WIDTH >= COARSE_KM_PER_UNIT:
        coarse = load_map_data(COARSE_FILE)
        data = MapData(data.projection, data.bbox, {**data.countries, **coarse.countries}, coarse.other)
    window = (view[0], view[1], view[2], view[3])
    land = [shape for code, shape in sorted(data.countries.items()) if code not in focus] + list(data.other)
    neighbours = "".join(_path(s.rings, window, NEIGHBOUR_DETAIL_PX) for s in land if overlaps(s.box, window))
    focused = "".join(_path(data.countries[c].rings, window) for c in focus if c in data.countries)
    return neighbours, focused


def _on_map(data: MapData, place: MapPlace) -> bool:
    x, y = data.project(place.lat, place.lon)
    return data.bbox[0] < x < data.bbox[2] and data.bbox[1] < y < data.bbox[3]


def drawn(codes: Sequence[str], places: Sequence[MapPlace], path: Path = MAP_FILE) -> tuple[tuple[str, ...], tuple[MapPlace, ...]]:
    """What a map can show of these: the countries its data has, the places in its region (the
    text alternative names only these; with neither, there is no map)."""
    data = load_map_data(path)
    return tuple(code for code in codes if code in data.countries), tuple(p for p in places if _on_map(data, p))


def render_map(spec: MapSpec, path: Path = MAP_FILE) -> str:
    """The SVG of one locator map (an ``<svg role="img">`` with its ``<title>``)."""
    data = load_map_data(path)
    codes = tuple(code for code, _ in spec.countries)
    # a place beyond the data's region (New York, say) gets no dot: the map stays on the region
    places = [place for place in spec.places if _on_map(data, place)]
    points = [data.project(place.lat, place.lon) for place in places]
    view = frame(data, codes, points)
    scale = WIDTH / (view[2] - view[0])

    def to_px(point: Point) -> Point:
        return (point[0] - view[0]) * scale, (point[1] - view[1]) * scale

    neighbours, focused = _geometry(view, codes, path)
    dots = [Dot(*to_px(p)) for p in points]
    placed = place_labels(dots, [Label(place.name, PLACE_SIZE) for place in places], (WIDTH, HEIGHT))
    taken = [p.box for p in placed] + [d.box for d in dots]
    country_labels = []
    for code, name in spec.countries:
        shape = data.countries.get(code)
        spot = _country_spot(shape, name, view, scale, taken) if shape else None
        if spot is None:
            continue  # named in the text alternative all the same
        x, y, box = spot
        taken.append(box)
        country_labels.append(f'<text x="{x:.0f}" y="{y:.0f}">{escape(name)}</text>')
    return _svg(spec, neighbours, focused, country_labels, dots, placed)


COUNTRY_SHIFTS = ((0, 0), (0, -1), (0, 1), (-0.6, 0), (0.6, 0), (0, -2), (0, 2), (-0.6, -1), (0.6, 1), (-0.6, 1), (0.6, -1))
"""Where a country's name may go, in units of its height from the country's label point."""


def _country_spot(shape: Shape, name: str, view: Box, scale: float, taken: list[Box]) -> tuple[float, float, Box] | None:
    """The first place near the country's label point where its name stays inside the map and
    the country, and clear of every label and dot already placed."""
    lx, ly = (shape.label[0] - view[0]) * scale, (shape.label[1] - view[1]) * scale
    for dx, dy in COUNTRY_SHIFTS:
        x, y = lx + dx * text_width(name, COUNTRY_SIZE), ly + dy * COUNTRY_SIZE * 1.1
        box = text_box(name, COUNTRY_SIZE, x, y + COUNTRY_SIZE * 0.35, "middle")
        if box[0] < 0 or box[2] > WIDTH or box[1] < 0 or box[3] > HEIGHT or any(overlaps(box, t) for t in taken):
            continue
        middle = (x / scale + view[0], y / scale + view[1])
        if any(_inside(ring, *middle) for ring in shape.rings):
            return x, y + COUNTRY_SIZE * 0.35, box
    return None


def _inside(ring: Sequence[Point], x: float, y: float) -> bool:
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, list(ring[1:]) + list(ring[:1])):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _svg(spec: MapSpec, neighbours: str, focused: str, countries: list[str], dots: list, placed: list) -> str:  # noqa: ANN001
    p = PALETTE
    key = [item for item in placed if item.number]
    height = HEIGHT + (24 if key else 0)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="locator-map" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{spec.id}-title"'
        f' font-family="{escape(spec.font_family)}">',
        f'<title id="{spec.id}-title">{escape(spec.title)}</title>',
        f'<desc>{escape(spec.description)}</desc>' if spec.description else "",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{p["sea"]}"/>',
        f'<path d="{neighbours}" fill="{p["land"]}" stroke="{p["border"]}" stroke-width="0.8" stroke-linejoin="round"/>',
        f'<path d="{focused}" fill="{p["focus"]}" stroke="{p["focus-border"]}" stroke-width="0.7" stroke-linejoin="round"/>',
        f'<g font-size="{COUNTRY_SIZE}" fill="{p["country-text"]}" text-anchor="middle" letter-spacing="0.3">{"".join(countries)}</g>',
        f'<g fill="{p["dot"]}" stroke="#ffffff" stroke-width="1.2">'
        + "".join(f'<circle cx="{d.x:.1f}" cy="{d.y:.1f}" r="{d.r}"/>' for d in dots) + "</g>",
        f'<g stroke="{p["text"]}" stroke-width="0.7">' + "".join(item.leader for item in placed) + "</g>",
        f'<g font-size="{PLACE_SIZE}" fill="{p["text"]}">' + "".join(item.svg for item in placed) + "</g>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="none" stroke="#b9b4aa" stroke-width="1"/>',
    ]
    if key:
        text = "   ".join(f"{item.number} {item.text}" for item in key)
        out.append(f'<text x="4" y="{HEIGHT + 17}" font-size="{PLACE_SIZE - 1}" fill="{p["text"]}">{escape(text)}</text>')
    out.append("</svg>")
    return "".join(part for part in out if part)


def map_size(svg: str) -> int:
    """Bytes of a map after gzip, as a web server sends it."""
    import gzip

    return len(gzip.compress(svg.encode("utf-8"), mtime=0))


def degrees_ok(lat: float, lon: float) -> bool:
    return -90 <= lat <= 90 and -180 <= lon <= 180 and not (math.isnan(lat) or math.isnan(lon))
