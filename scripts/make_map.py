"""Build src/silkpress/theme/maps/asia.json, the locator maps' country shapes, from Natural Earth.

The source is Natural Earth's admin-0 countries (public domain) as the npm package
``world-atlas@2.0.2`` ships them (TopoJSON, 1:50m by default):

    npm install --prefix /tmp/wa world-atlas@2.0.2
    python scripts/make_map.py --atlas /tmp/wa/node_modules/world-atlas
    python scripts/make_map.py --check [--atlas ...]   # re-derive and compare (or, without the
                                                        # package, check the bundled file alone)

What it does: decodes the TopoJSON (delta-encoded, quantized arcs), projects every arc with the
Lambert conformal conic below, simplifies each arc once with Douglas-Peucker (shared borders stay
shared, so neighbours never gap), assembles each country's rings, clips them to the region's
rectangle, quantizes to whole kilometres and writes rings delta-encoded, keyed by ISO 3166-1
alpha-2 (CLDR's numeric-code aliases; Natural Earth's areas with no code by name). Runs are
reproducible; the file records the SHA-256 of its content.

The projection: Lambert conformal conic on a sphere, standard parallels 30°N and 55°N, central
meridian 80°E, origin 45°N. Conformal, so a country keeps its recognizable shape (what a
locator map is for); the scale is true on the two parallels and within about 5 % between them,
where Central Asia, the Caucasus, Mongolia and northern China lie; the central meridian runs
through Kazakhstan and Xinjiang, so the bulletins' core region stands upright.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))  # the projection is the toolkit's own, so maps and data agree

from silkpress.geometry import Point, clip, lambert_conformal_conic, ring_area as area, simplify  # noqa: E402
OUTPUT = ROOT / "src/silkpress/theme/maps/asia.json"
SCALES = {"50m": OUTPUT, "110m": OUTPUT.with_name("asia-110m.json")}
"""Two levels of detail: 1:50m for close views, 1:110m for wide ones (silkpress.maps picks)."""
PACKAGE = "world-atlas@2.0.2"
SEARCH = (ROOT / ".venv/node/node_modules/world-atlas", ROOT / "node_modules/world-atlas")
PROJECTION = {"name": "lcc", "lat1": 30.0, "lat2": 55.0, "lat0": 45.0, "lon0": 80.0, "radius_km": 6371.0}
REGION = {"lon": (22.0, 182.0), "lat": (-8.0, 80.0)}
"""The region, in degrees (longitudes east of 180 continue past it); its projected bounding
rectangle is what the file covers."""
TOLERANCE_KM = 2.5
MIN_RING_KM2 = 400.0
"""Islands smaller than this are dropped, except a country's largest ring."""
NEEDED = ("CN", "KZ", "KG", "TJ", "TM", "UZ", "RU", "MN", "AF", "PK", "IN", "IR", "AZ", "AM", "GE",
          "TR", "UA", "BY", "JP", "KR", "KP", "NP", "BT", "BD", "MM", "LA", "VN", "TH", "IQ", "SY",
          "SA", "OM", "AE", "LK", "TW", "FI", "NO", "SE", "KH", "PH", "XK")
BY_NAME = {"Kosovo": "XK"}
LEFT_OUT = ("AQ",)
"""Antarctica circles the pole: projected by a cone on the northern hemisphere it would wrap the
whole region."""
"""Natural Earth areas with no ISO numeric code that have an alpha-2 code all the same."""
MAX_BYTES = 600_000


def ring(arc_ids: list[int], arcs: list[list[Point]]) -> list[Point]:
    """A ring from its arcs (~i is arc i reversed); consecutive arcs share their joint."""
    points: list[Point] = []
    for index in arc_ids:
        part = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(part[1:] if points else part)
    return points


def decode_arcs(topology: dict) -> list[list[Point]]:
    """TopoJSON arcs as (lon, lat) points: undo the delta encoding, then the quantization."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def region_box(project) -> tuple[int, int, int, int]:  # noqa: ANN001
    (lon0, lon1), (lat0, lat1) = REGION["lon"], REGION["lat"]
    edge = [(lat, lon0 + (lon1 - lon0) * i / 64) for lat in (lat0, lat1) for i in range(65)]
    edge += [(lat0 + (lat1 - lat0) * i / 64, lon) for lon in (lon0, lon1) for i in range(65)]
    xs, ys = zip(*(project(lat, lon) for lat, lon in edge))
    return (round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys)))


def code_of(geometry: dict, aliases: dict[str, list[str]]) -> str | None:
    name = geometry.get("properties", {}).get("name", "")
    if "id" in geometry and geometry["id"] in aliases:
        return aliases[geometry["id"]][0]
    return BY_NAME.get(name)


def quantize(points: list[tuple[float, float]]) -> list[int]:
    """Whole kilometres, y down (as SVG), delta-encoded: [x0, y0, dx1, dy1, ...]."""
    flat: list[int] = []
    last = None
    for x, y in points:
        point = (round(x), round(-y))
        if point == last:
            continue
        if last is None:
            flat += point
        else:
            flat += (point[0] - last[0], point[1] - last[1])
        last = point
    return flat if len(flat) >= 8 else []


def label_point(points: list[tuple[float, float]]) -> tuple[int, int]:
    """A point well inside the ring (the grid point farthest from its edge): a centroid may fall
    outside a concave country."""
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    best, where = -1.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    steps = 24
    for i in range(1, steps):
        for j in range(1, steps):
            x = min(xs) + (max(xs) - min(xs)) * i / steps
            y = min(ys) + (max(ys) - min(ys)) * j / steps
            if not _inside(points, x, y):
                continue
            d = min(_segment_distance(x, y, a, b) for a, b in zip(points, points[1:] + points[:1]))
            if d > best:
                best, where = d, (x, y)
    return round(where[0]), round(-where[1])


def _inside(points: list[tuple[float, float]], x: float, y: float) -> bool:
    inside = False
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _segment_distance(x: float, y: float, a: tuple[float, float], b: tuple[float, float]) -> float:
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy))) if dx or dy else 0.0
    return math.hypot(x - ax - t * dx, y - ay - t * dy)


def build(atlas: Path, scale: str = "50m") -> dict:
    from babel.core import get_global

    topology = json.loads((atlas / f"countries-{scale}.json").read_text(encoding="utf-8"))
    aliases = get_global("territory_aliases")
    project = lambert_conformal_conic(PROJECTION)
    box = region_box(project)
    arcs = [[project(lat, lon) for lon, lat in arc] for arc in decode_arcs(topology)]
    arcs = [simplify(arc, TOLERANCE_KM) for arc in arcs]
    countries: dict[str, dict] = {}
    other: list[dict] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = code_of(geometry, aliases)
        name = geometry.get("properties", {}).get("name", "")
        if code in LEFT_OUT:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        rings = [clip(ring(ids, arcs), box) for polygon in polygons for ids in polygon]
        rings = sorted((r for r in rings if len(r) >= 4), key=area, reverse=True)
        if not rings:
            continue
        kept = [rings[0]] + [r for r in rings[1:] if area(r) >= MIN_RING_KM2]
        encoded = [q for q in (quantize(r) for r in kept) if q]
        if not encoded:
            continue
        entry = {"rings": encoded, "label": list(label_point(rings[0]))}
        if code is None or code in countries:
            other.append({"name": name, **entry})  # disputed or uncoded land: drawn, never highlighted
        else:
            countries[code] = entry
    data = {
        "source": f"Natural Earth admin-0 countries 1:{scale} via npm {PACKAGE}",
        "projection": PROJECTION,
        "units": "km, y down, rings delta-encoded [x0, y0, dx, dy, ...]",
        "bbox": [box[0], -box[3], box[2], -box[1]],
        "countries": dict(sorted(countries.items())),
        "other": sorted(other, key=lambda item: item["name"]),
    }
    data["sha256"] = digest(data)
    return data


def digest(data: dict) -> str:
    body = {key: value for key, value in data.items() if key != "sha256"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def serialize(data: dict) -> bytes:
    return (json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def problems(data: dict, size: int) -> list[str]:
    """What is wrong with a map file: missing countries, size, bounding box, digest, structure."""
    found = []
    missing = [code for code in NEEDED if code not in data.get("countries", {})]
    if missing:
        found.append(f"missing countries: {', '.join(missing)}")
    if size > MAX_BYTES:
        found.append(f"{size} bytes (at most {MAX_BYTES})")
    x0, y0, x1, y1 = data.get("bbox", (0, 0, 0, 0))
    if not (x1 - x0 > 8000 and y1 - y0 > 6000):
        found.append(f"bounding box {data.get('bbox')} is too small for the region")
    if data.get("sha256") != digest(data):
        found.append("the recorded SHA-256 does not match the content")
    if data.get("projection") != PROJECTION:
        found.append("the projection differs from this script's")
    found += [f"{code} must be left out" for code in LEFT_OUT if code in data.get("countries", {})]
    for code, entry in data.get("countries", {}).items():
        for flat in entry["rings"]:
            if len(flat) < 8 or len(flat) % 2 or not all(isinstance(v, int) for v in flat):
                found.append(f"{code}: a malformed ring")
                break
    return found


def find_atlas(given: str | None) -> Path | None:
    for path in ([Path(given)] if given else list(SEARCH)):
        if (path / "countries-50m.json").is_file():
            return path
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--atlas", help=f"the folder of the npm package {PACKAGE}")
    parser.add_argument("--check", action="store_true", help="compare with the bundled file instead of writing it")
    args = parser.parse_args(argv)
    atlas = find_atlas(args.atlas)
    if args.check:
        return check(atlas)
    if atlas is None:
        print(f"{PACKAGE} not found; npm install --prefix /tmp/wa {PACKAGE} and pass --atlas", file=sys.stderr)
        return 2
    for scale, output in SCALES.items():
        data = build(atlas, scale)
        body = serialize(data)
        issues = problems(data, len(body))
        for issue in issues:
            print(f"{output}: {issue}", file=sys.stderr)
        if issues:
            return 1
        output.parent.mkdir(parents=True, exist_ok=True)
        temporary = output.with_name(output.name + ".tmp")
        temporary.write_bytes(body)
        temporary.replace(output)  # atomic: a reader never sees half a file
        print(f"{output}: {len(data['countries'])} countries, {len(data['other'])} other areas, {len(body)} bytes, "
              f"sha256 {data['sha256'][:12]}")
    return 0


def check(atlas: Path | None) -> int:
    """Each bundled file's structure and digest; with the package at hand, also byte for byte."""
    if atlas is None:
        print(f"{PACKAGE} not found: checked the bundled files' structure and digests only")
    issues = []
    for scale, output in SCALES.items():
        bundled = output.read_bytes()
        issues += [f"{output}: {issue}" for issue in problems(json.loads(bundled), len(bundled))]
        if atlas is not None and serialize(build(atlas, scale)) != bundled:
            issues.append(f"{output}: differs from what {atlas} gives (run this script to refresh it)")
    for issue in issues:
        print(issue, file=sys.stderr)
    print("ok" if not issues else f"{len(issues)} problem(s)")
    return 1 if issues else 0

if __name__ == "__main__":
    sys.exit(main())
