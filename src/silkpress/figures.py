"""The figures of one edition: each event's locator map and the year's timeline, bound to the
edition's language, names and fonts, for the templates (``figures.map(event, name)``).

The templates give the accessible names (interface strings, translated in the theme's
catalogs); :mod:`silkpress.maps` and :mod:`silkpress.timeline` draw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from markupsafe import Markup

from .localization import LocalizedBulletin, LocalizedEvent
from .maps import MapPlace, MapSpec, drawn, render_map
from .model import BulletinSource
from .timeline import Mark, render_timeline


@dataclass(frozen=True)
class Figures:
    locale: str
    font_family: str
    places: Mapping[str, tuple[MapPlace, ...]]
    """Per event with a map, its places that have coordinates, named in the edition's language."""
    countries: Mapping[str, tuple[tuple[str, str], ...]]
    """Per event with a map, its countries (code, name in the edition's language)."""
    marks: tuple[Mark, ...] = ()
    _cache: dict[str, Markup] = field(default_factory=dict, compare=False, repr=False)

    def has_map(self, event: LocalizedEvent) -> bool:
        return event.id in self.countries

    def place_names(self, event: LocalizedEvent) -> list[str]:
        return [place.name for place in self.places.get(event.id, ())]

    def map(self, event: LocalizedEvent, name: str) -> Markup:
        """The event's map as inline SVG; ``name`` is its text alternative (its ``<title>``)."""
        key = f"{event.id}\0{name}"
        if key not in self._cache:  # the web page and the PDF draw the same map
            spec = MapSpec(f"map-{event.id}", self.countries[event.id], self.places[event.id], name, self.font_family)
            self._cache[key] = Markup(render_map(spec))  # noqa: S704 - built by our code, every text escaped
        return self._cache[key]

    def timeline(self, name: str) -> Markup:
        if not self.marks:
            return Markup("")
        return Markup(render_timeline(list(self.marks), self.locale, name, self.font_family, "timeline"))  # noqa: S704


def edition_figures(source: BulletinSource, localized: LocalizedBulletin, font_stack: tuple[str, ...],
                    maps: bool = True, timeline: bool = True) -> Figures:
    """What the edition's pages draw: a map for each event with countries or located places
    (unless the project or the event says ``map: false``), and the timeline of dated events."""
    family = ", ".join(f'"{name}"' for name in font_stack)
    places: dict[str, tuple[MapPlace, ...]] = {}
    countries: dict[str, tuple[tuple[str, str], ...]] = {}
    for event, shown in zip(source.events, localized.events):
        located = tuple(
            MapPlace(name.text, *source.place(place_id).at)  # type: ignore[misc]
            for place_id, name in zip(event.places, shown.places) if source.place(place_id).at is not None
        )
        codes, located = drawn(event.countries, located)
        if not maps or event.extra.get("map") is False or not (codes or located):
            continue
        places[event.id] = located  # what the map shows, and so what its text alternative names
        countries[event.id] = tuple((country.code, country.name) for country in shown.countries if country.code in codes)
    marks = tuple(
        Mark(shown.number_text, spec.start, spec.end, shown.dates[0].text)
        for event, shown in zip(source.events, localized.events) for spec in event.dates[:1]
    ) if timeline else ()
    return Figures(localized.locale, family, places, countries, marks)
