"""Locator maps and the year timeline: projection, data, framing, labels, text alternatives,
validation of coordinates and switches (fast; the PDFs are in test_maps_pdf.py)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import itertools
import math
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from silkpress import parse_bulletin
from silkpress.configuration import Table, settings
from silkpress.errors import ConfigError, SourceError
from silkpress.geometry import clip, lambert_conformal_conic, overlaps, simplify
from silkpress.labels import Dot, Label, place_labels
from silkpress.maps import HEIGHT, MIN_EXTENT_KM, WIDTH, MapPlace, MapSpec, frame, load_map_data, map_size, render_map
from silkpress.timeline import Mark, render_timeline

from .conftest import REPO

SVG = "{http://www.w3.org/2000/svg}"
PROJECTION = {"lat1": 30.0, "lat2": 55.0, "lat0": 45.0, "lon0": 80.0, "radius_km": 6371.0}


def make_map_script():
    spec = importlib.util.spec_from_file_location("make_map", REPO / "scripts" / "make_map.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- projection and geometry ------------------------------------------------------------------

def test_the_projection_is_centred_on_its_origin_and_true_on_its_standard_parallels():
    project = lambert_conformal_conic(PROJECTION)
    assert project(45.0, 80.0) == pytest.approx((0.0, 0.0), abs=1e-6)
    assert project(60.0, 80.0)[0] == pytest.approx(0.0, abs=1e-6)  # the central meridian is straight and upright
    assert project(60.0, 80.0)[1] > project(40.0, 80.0)[1]
    for latitude in (30.0, 55.0):  # one degree of longitude along a standard parallel: its true length
        (x0, y0), (x1, y1) = project(latitude, 80.0), project(latitude, 81.0)
        true = 2 * math.pi * 6371.0 * math.cos(math.radians(latitude)) / 360
        assert math.hypot(x1 - x0, y1 - y0) == pytest.approx(true, rel=1e-3)
    # the far side of 180° continues Russia eastwards instead of jumping west
    assert project(66.0, -175.0)[0] > project(66.0, 175.0)[0]


def test_douglas_peucker_keeps_corners_and_drops_what_is_within_tolerance():
    line = [(0, 0), (1, 0.1), (2, -0.1), (3, 0), (3, 5)]
    assert simplify(line, 0.5) == [(0, 0), (3, 0), (3, 5)]
    assert simplify(line, 0.01) == line


def test_clipping_a_ring_to_a_rectangle():
    square = [(-5, -5), (5, -5), (5, 5), (-5, 5)]
    clipped = clip(square, (0, 0, 10, 10))
    assert sorted(clipped) == [(0, 0), (0, 5), (5, 0), (5, 5)]
    assert clip(square, (20, 20, 30, 30)) == []


# -- the bundled data -------------------------------------------------------------------------

def test_the_bundled_map_data_checks_out_without_the_network():
    script = make_map_script()
    body = script.OUTPUT.read_bytes()
    import json

    assert script.problems(json.loads(body), len(body)) == []
    data = load_map_data()
    assert set(script.NEEDED) <= set(data.countries)
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "make_map.py"), "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout


def test_a_tampered_map_file_fails_its_check():
    script = make_map_script()
    import json

    data = json.loads(script.OUTPUT.read_bytes())
    del data["countries"]["KG"]
    data["countries"]["KZ"]["rings"][0][0] += 1
    found = script.problems(data, 1000)
    assert any("missing countries: KG" in problem for problem in found)
    assert any("SHA-256" in problem for problem in found)


def test_places_project_inside_their_countries():
    data = load_map_data()
    from silkpress.maps import _inside

    for code, (lat, lon) in {"KZ": (51.17, 71.45), "CN": (39.90, 116.40), "UZ": (41.31, 69.28), "RU": (55.75, 37.62)}.items():
        x, y = data.project(lat, lon)
        assert any(_inside(ring, x, y) for ring in data.countries[code].rings), code


# -- framing ----------------------------------------------------------------------------------

def test_the_frame_holds_the_countries_and_places_with_margins_at_the_maps_aspect():
    data = load_map_data()
    astana = data.project(51.17, 71.45)
    view = frame(data, ["KZ", "KG"], [astana])
    for code in ("KZ", "KG"):
        box = data.countries[code].frame
        assert view[0] < box[0] and view[1] < box[1] and box[2] < view[2] and box[3] < view[3]
    assert (view[2] - view[0]) / (view[3] - view[1]) == pytest.approx(WIDTH / HEIGHT)


def test_a_single_place_gets_the_minimum_extent():
    data = load_map_data()
    point = data.project(41.31, 69.28)
    view = frame(data, [], [point])
    assert view[2] - view[0] == pytest.approx(MIN_EXTENT_KM)
    assert view[0] < point[0] < view[2] and view[1] < point[1] < view[3]


# -- labels -----------------------------------------------------------------------------------

def assert_no_overlaps(placed, dots):
    for a, b in itertools.combinations([p.box for p in placed], 2):
        assert not overlaps(a, b)
    for label, dot in itertools.product(placed, dots):
        assert not overlaps(label.box, dot.box)


def test_labels_of_close_places_do_not_hide_one_another():
    data = load_map_data()
    view = frame(data, ["CN"], [])
    scale = WIDTH / (view[2] - view[0])
    dots = [Dot((x - view[0]) * scale, (y - view[1]) * scale)
            for x, y in (data.project(39.90, 116.40), data.project(39.13, 117.20))]  # Beijing, Tianjin
    assert math.dist((dots[0].x, dots[0].y), (dots[1].x, dots[1].y)) < 15  # closer than a label's height
    placed = place_labels(dots, [Label("Beijing", 13.5), Label("Tianjin", 13.5)], (WIDTH, HEIGHT))
    assert [p.number for p in placed] == [0, 0]
    assert_no_overlaps(placed, dots)


def test_a_crowd_of_places_falls_back_to_leader_lines_then_a_numbered_key():
    dots = [Dot(320 + i % 3, 200 + i // 3) for i in range(14)]
    labels = [Label(f"Place number {i}", 13.5) for i in range(14)]
    placed = place_labels(dots, labels, (WIDTH, HEIGHT))
    assert len(placed) == 14
    assert any(p.leader for p in placed)
    numbered = [p for p in placed if p.number]
    assert numbered and [p.number for p in numbered] == list(range(1, len(numbered) + 1))
    for a, b in itertools.combinations([p.box for p in placed if not p.number], 2):
        assert not overlaps(a, b)
    svg = render_map(MapSpec("m", (), tuple(MapPlace(f"P{i}", 41.3 + i * 0.01, 69.2) for i in range(14)), "T", "Noto Serif"))
    root = ET.fromstring(svg)
    key = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.startswith("1 ")]
    assert key and "P" in key[0]


# -- the SVG and its text alternative ----------------------------------------------------------

def sample_spec(**changes) -> MapSpec:
    values = dict(id="map-astana-summit", countries=(("CN", "Китай"), ("KZ", "Казахстан")),
                  places=(MapPlace("Астана", 51.17, 71.45), MapPlace("Алматы", 43.24, 76.95)),
                  title="Карта: Китай и Казахстан. Отмечены на карте: Астана и Алматы", font_family='"Noto Serif"')
    values.update(changes)
    return MapSpec(**values)


def test_a_map_is_valid_svg_with_its_accessible_name_labels_and_font():
    svg = render_map(sample_spec())
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert root.get("aria-labelledby") == title.get("id") == "map-astana-summit-title"
    assert title.text == "Карта: Китай и Казахстан. Отмечены на карте: Астана и Алматы"
    texts = {t.text for t in root.iter(f"{SVG}text")}
    assert {"Астана", "Алматы", "Казахстан"} <= texts
    assert root.get("font-family") == '"Noto Serif"'
    assert len(root.findall(f"{SVG}g/{SVG}circle")) == 2


def test_a_place_beyond_the_region_gets_no_dot_and_the_map_stays_on_the_region():
    spec = sample_spec(places=(MapPlace("New York", 40.71, -74.01), MapPlace("Астана", 51.17, 71.45)))
    root = ET.fromstring(render_map(spec))
    assert len(root.findall(f"{SVG}g/{SVG}circle")) == 1
    assert "New York" not in {t.text for t in root.iter(f"{SVG}text")}
    from silkpress.maps import drawn

    assert drawn([], [MapPlace("New York", 40.71, -74.01)]) == ((), ())  # such an event gets no map at all
    astana = MapPlace("Астана", 51.17, 71.45)
    assert drawn(["KZ"], []) == (("KZ",), ()) and drawn([], [astana]) == ((), (astana,))


def test_text_is_escaped_in_the_svg():
    svg = render_map(sample_spec(title="<script>&", places=(MapPlace("A<b>", 51.17, 71.45),)))
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "<script>&"
    assert "A<b>" in {t.text for t in root.iter(f"{SVG}text")}


def test_a_map_is_small_after_gzip():
    assert map_size(render_map(sample_spec())) <= 15_000


def test_the_real_editions_maps_text_alternatives_and_sizes(real_project):
    from silkpress.editions import load_edition
    from silkpress.source import load_bulletin

    bulletin = real_project.bulletins[0]
    source = load_bulletin(bulletin.source, bulletin.shown, real_project.root)
    edition = load_edition(bulletin, source, "ru")
    figures = edition.env.globals["figures"]
    assert len(figures.countries) == 10
    event = edition.localized.events[0]
    macros = edition.env.get_template("_macros.html").module
    html = str(macros.event_map(event, edition.localized))
    assert '<figure class="map">' in html and 'role="img"' in html
    assert "Карта: Китай, Казахстан, Кыргызстан, Таджикистан, Туркменистан и Узбекистан. Отмечены на карте: Астана" in html
    assert '<figcaption class="visually-hidden">' in html
    assert "Кыргызстан" in html  # the edition's override of CLDR (country/KG), as on the page
    for shown in edition.localized.events:
        assert map_size(str(figures.map(shown, "x"))) <= 15_000


# -- the timeline -----------------------------------------------------------------------------

def test_the_timeline_names_months_in_the_editions_language_and_keeps_numbers_apart():
    marks = [Mark(str(n), dt.date(2025, 6, 17 + n % 2), text=f"d{n}") for n in range(1, 6)]
    marks.append(Mark("6", dt.date(2025, 8, 31), dt.date(2025, 9, 3), text="31.08–03.09"))
    svg = render_timeline(marks, "ru", "Хронология событий года", '"Noto Serif"', "timeline")
    root = ET.fromstring(svg)
    texts = [t for t in root.iter(f"{SVG}text")]
    assert "янв." in {t.text for t in texts} and "дек." in {t.text for t in texts}
    assert root.find(f"{SVG}title").text == "Хронология событий года"
    assert root.find(f"{SVG}desc").text.startswith("1 — d1; 2 — d2")
    numbers = [(float(t.get("x")), float(t.get("y"))) for t in texts if t.text and t.text.isdigit()]
    assert len(numbers) == 6
    for (x0, y0), (x1, y1) in itertools.combinations(numbers, 2):
        assert abs(x0 - x1) >= 10 or abs(y0 - y1) >= 12  # never drawn over one another
    assert render_timeline([], "en", "t", "f", "timeline") == ""


# -- validation: coordinates, map switches ------------------------------------------------------

BULLETIN = """\
id: b
title: T
published: 2025-01-01
publisher: {{name: P}}
places:
  astana: {place}
intro: [{{p: I}}]
events:
  - id: e
    title: E
    places: [astana]
    countries: [KZ]{extra}
    body: [{{p: B}}]
"""


@pytest.mark.parametrize("place, message", [
    ("{name: Astana, at: [51.17]}", "src.yaml:6: place 'astana' at must be [latitude, longitude], two numbers of degrees"),
    ("{name: Astana, at: ['51.17', 71.45]}", "src.yaml:6: place 'astana' at: latitude must be a number of degrees, got '51.17'"),
    ("{name: Astana, at: [91, 71.45]}", "src.yaml:6: place 'astana' at: latitude 91 is out of range (-90 to 90)"),
    ("{name: Astana, at: [51.17, -180.5]}", "src.yaml:6: place 'astana' at: longitude -180.5 is out of range (-180 to 180)"),
    ("{name: Astana, at: [.nan, 71.45]}", "src.yaml:6: place 'astana' at: latitude .nan is out of range (-90 to 90)"),
    ("{name: Astana, at: 51.17}", "src.yaml:6: place 'astana' at must be [latitude, longitude], two numbers of degrees"),
    ("{name: Astana, where: [1, 2]}", "src.yaml:6: place 'astana': unknown field 'where' (allowed: name, at, note)"),
])
def test_bad_coordinates_are_path_line_errors(place, message):
    with pytest.raises(SourceError) as caught:
        parse_bulletin(BULLETIN.format(place=place, extra=""), "src.yaml")
    assert str(caught.value) == message


def test_places_with_and_without_coordinates():
    plain = parse_bulletin(BULLETIN.format(place="Astana", extra=""), "src.yaml")
    assert plain.places[0].at is None and plain.places[0].name.text == "Astana"
    located = parse_bulletin(BULLETIN.format(place="{name: Astana, at: [51.17, 71.45], note: Capital}", extra=""), "s.yaml")
    assert located.places[0].at == (51.17, 71.45)
    assert located.places[0].name.note == "Capital" and located.places[0].name.id == "places/astana"


def test_map_false_is_read_and_anything_else_refused():
    bulletin = parse_bulletin(BULLETIN.format(place="Astana", extra="\n    map: false"), "src.yaml")
    assert bulletin.events[0].extra["map"] is False
    with pytest.raises(SourceError, match=r"^src.yaml:13: event 'e' map must be true or false$"):
        parse_bulletin(BULLETIN.format(place="Astana", extra="\n    map: no-thanks"), "src.yaml")


def test_figures_leave_out_what_the_project_or_the_event_switches_off():
    from silkpress.catalogs import Translations
    from silkpress.figures import edition_figures
    from silkpress.localization import localize

    text = BULLETIN.format(place="{name: Astana, at: [51.17, 71.45]}", extra="\n    dates: [2025-06-17]")
    source = parse_bulletin(text, "src.yaml")
    localized = localize(source, Translations("en"))
    figures = edition_figures(source, localized, ("Noto Serif",))
    assert list(figures.countries) == ["e"] and figures.place_names(localized.events[0]) == ["Astana"]
    assert len(figures.marks) == 1
    assert edition_figures(source, localized, ("Noto Serif",), maps=False, timeline=False).countries == {}
    assert edition_figures(source, localized, ("Noto Serif",), timeline=False).marks == ()
    off = parse_bulletin(BULLETIN.format(place="Astana", extra="\n    map: false"), "src.yaml")
    assert edition_figures(off, localize(off, Translations("en")), ("Noto Serif",)).countries == {}


def test_a_map_names_only_what_it_draws():
    from silkpress.catalogs import Translations
    from silkpress.figures import edition_figures
    from silkpress.localization import localize

    text = BULLETIN.format(place="{name: Astana, at: [51.17, 71.45]}", extra="").replace(
        "  astana: {name: Astana, at: [51.17, 71.45]}\n",
        "  astana: {name: Astana, at: [51.17, 71.45]}\n  brasilia: {name: Brasília, at: [-15.79, -47.88]}\n",
    ).replace("places: [astana]", "places: [astana, brasilia]").replace("countries: [KZ]", "countries: [KZ, BR]")
    source = parse_bulletin(text, "src.yaml")
    localized = localize(source, Translations("en"))
    figures = edition_figures(source, localized, ("Noto Serif",))
    event = localized.events[0]
    assert [name for _, name in figures.countries["e"]] == ["Kazakhstan"]  # Brazil is not on an Asian map
    assert figures.place_names(event) == ["Astana"]
    svg = str(figures.map(event, "Map"))
    assert "Brasília" not in svg and "Brazil" not in svg and "Astana" in svg


def test_the_project_switches_are_checked_with_their_line():
    text = '[tool.silkpress]\nsource = "s.yaml"\nmaps = "no"\n'
    table = Table("tool.silkpress", {"source": "s.yaml", "maps": "no"}, text, __import__("pathlib").Path("pyproject.toml"))
    with pytest.raises(ConfigError) as caught:
        settings(table)
    assert str(caught.value) == "pyproject.toml:3: [tool.silkpress] maps must be true or false, not 'no'"
    table = Table("tool.silkpress", {"maps": False, "timeline": False}, "", __import__("pathlib").Path("pyproject.toml"))
    assert (settings(table)["maps"], settings(table)["timeline"]) == (False, False)
