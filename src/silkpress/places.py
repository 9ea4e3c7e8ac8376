"""The source's places (a name to translate, and optional coordinates for the maps) and the
per-event ``map:`` switch: field parsers for :mod:`silkpress.source`, kept here so that the
loader stays one stage of readable size."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import yaml

from .model import Place, TextUnit

if TYPE_CHECKING:
    from .source import EventContext, _Reader

PLACE_FIELDS = (("name",), ("at", "note"))
"""A place written as ``{name, at: [lat, lon], note}``; a plain string or ``{text, note}`` has no dot."""
_NUMBERS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _degrees(reader: _Reader, node: yaml.Node, what: str, limit: float) -> float:
    if not isinstance(node, yaml.ScalarNode) or node.tag not in _NUMBERS:
        raise reader.fail(node, f"{what} must be a number of degrees, got {getattr(node, 'value', '?')!r}")
    value = float(yaml.safe_load(node.value))
    if math.isnan(value) or not -limit <= value <= limit:
        raise reader.fail(node, f"{what} {node.value} is out of range (-{limit:g} to {limit:g})")
    return value


def coordinates(reader: _Reader, node: yaml.Node, place_id: str) -> tuple[float, float]:
    """``at: [lat, lon]``: two numbers, latitude in [-90, 90], longitude in [-180, 180]."""
    what = f"place {place_id!r} at"
    if not isinstance(node, yaml.SequenceNode) or len(node.value) != 2:
        raise reader.fail(node, f"{what} must be [latitude, longitude], two numbers of degrees")
    latitude, longitude = node.value
    return _degrees(reader, latitude, f"{what}: latitude", 90), _degrees(reader, longitude, f"{what}: longitude", 180)


def parse_place(reader: _Reader, key: yaml.Node, value: yaml.Node, place_id: str) -> Place:
    if isinstance(value, yaml.MappingNode) and any(k.value == "name" for k, _ in value.value):
        fields = reader.mapping(value, f"place {place_id!r}", *PLACE_FIELDS)
        name_node = fields["name"][1]
        note = reader.string(fields["note"][1], f"place {place_id!r} note") if "note" in fields else None
        name = TextUnit(f"places/{place_id}", reader.text(name_node, f"place {place_id!r}"), reader.origin(name_node), note)
        at = coordinates(reader, fields["at"][1], place_id) if "at" in fields else None
        return Place(place_id, name, at)
    return Place(place_id, reader.unit(value, f"places/{place_id}", f"place {place_id!r}"))


def map_switch(reader: _Reader, node: yaml.Node, ctx: EventContext) -> bool:
    """``map: false`` leaves an event without its locator map."""
    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:bool":
        raise reader.fail(node, f"event {ctx.event_id!r} map must be true or false")
    return bool(yaml.safe_load(node.value))
