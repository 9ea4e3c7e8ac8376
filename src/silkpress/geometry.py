"""Plane geometry for the locator maps, shared by :mod:`silkpress.maps` and scripts/make_map.py:
the projection, Douglas-Peucker simplification and rectangle clipping. Pure functions."""

from __future__ import annotations

import math
from typing import Callable, Mapping, Sequence

Point = tuple[float, float]
Box = tuple[float, float, float, float]
"""(x0, y0, x1, y1), x0 < x1 and y0 < y1."""


def lambert_conformal_conic(params: Mapping[str, float]) -> Callable[[float, float], Point]:
    """The forward projection (lat, lon in degrees) -> (x, y) in km, y up (a sphere; Snyder's
    formulas 15-1 to 15-4). Longitudes are taken relative to the central meridian, so land just
    east of 180° stays beside the rest of Russia."""
    rad = math.radians
    p1, p2, p0 = rad(params["lat1"]), rad(params["lat2"]), rad(params["lat0"])

    def t(phi: float) -> float:
        return math.tan(math.pi / 4 + phi / 2)

    n = math.log(math.cos(p1) / math.cos(p2)) / math.log(t(p2) / t(p1))
    f = math.cos(p1) * t(p1) ** n / n
    radius = params["radius_km"]
    rho0 = radius * f / t(p0) ** n

    def project(lat: float, lon: float) -> Point:
        delta = (lon - params["lon0"] + 180.0) % 360.0 - 180.0
        rho = radius * f / t(rad(max(min(lat, 89.9), -60.0))) ** n  # the cone's apex is at the pole
        theta = n * rad(delta)
        return rho * math.sin(theta), rho0 - rho * math.cos(theta)

    return project


def simplify(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative; the end points stay (arcs meet there)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    if points[0] == points[-1]:  # a closed line: split at its farthest point first
        far = max(range(len(points)), key=lambda i: math.dist(points[0], points[i]))
        keep[far] = True
        stack = [(0, far), (far, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        best, index = 0.0, 0
        for i in range(first + 1, last):
            px, py = points[i]
            d = abs(dx * (ay - py) - (ax - px) * dy) / length if length else math.hypot(px - ax, py - ay)
            if d > best:
                best, index = d, i
        if best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep) if kept]


def clip(points: Sequence[Point], box: Box) -> list[Point]:
    """A closed ring clipped to a rectangle (Sutherland-Hodgman); [] when nothing is inside."""
    x0, y0, x1, y1 = box
    result = list(points)
    for axis, limit, low in ((0, x0, True), (0, x1, False), (1, y0, True), (1, y1, False)):
        source, result = result, []
        for i, current in enumerate(source):
            previous = source[i - 1]
            now, before = (current[axis] >= limit) == low, (previous[axis] >= limit) == low
            if now != before:
                t = (limit - previous[axis]) / (current[axis] - previous[axis])
                other = 1 - axis
                cut = previous[other] + t * (current[other] - previous[other])
                result.append((limit, cut) if axis == 0 else (cut, limit))
            if now:
                result.append(current)
        if not result:
            return []
    return result


def ring_area(points: Sequence[Point]) -> float:
    pairs = zip(points, list(points[1:]) + list(points[:1]))
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairs)) / 2


def bounds(points: Sequence[Point]) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
