"""Stage 1: read a bulletin source (YAML) and validate it into a :class:`BulletinSource`.

We walk PyYAML's node graph rather than its Python objects so that every value
keeps its line, and every schema error can say ``path:line: message``.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

import yaml
from babel import Locale

from .covers import COVER_FIELDS, load_image, parse_cover  # noqa: F401  (COVER_FIELDS: a field table, as those below)
from .errors import SourceError
from .inputs import decode, read_input
from .limits import MAX_NAME
from .places import PLACE_FIELDS, map_switch, parse_place  # noqa: F401  (PLACE_FIELDS: a field table)
from .model import (
    Block,
    BulletinSource,
    DateSpec,
    Event,
    ItemList,
    Origin,
    Paragraph,
    Place,  # noqa: F401
    TextUnit,
)
from .urls import LINKS, WEB, text_links, url_problem
from .yamlsafe import compose

logger = logging.getLogger(__name__)

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Ids become msgctxts, anchors and (the bulletin's) file names: bounded well below any file
# system's 255 bytes, with room for a tag and a suffix.
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_SPACES = re.compile(r"[ \t\r\n]+")
# CLDR lists these among territories, but they are not countries.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "QO", "UN", "ZZ"})
T = TypeVar("T")

# The loader's field tables, (required, optional) for each kind of mapping in a source. The
# README's source-format reference is tested against them (tests/test_readme_source.py).
BULLETIN_FIELDS = (("id", "title", "published", "publisher", "intro", "events"),
                   ("subtitle", "issuers", "cover", "places", "credits"))
PUBLISHER_FIELDS = (("name",), ("url",))
EVENT_REQUIRED = ("id", "title", "body")
"""An event's required fields; its optional ones are the registry, :data:`EVENT_FIELDS`."""
UNIT_FIELDS = (("text",), ("note", "id"))
"""A unit written as a mapping (a paragraph's text is ``p`` instead of ``text``)."""
PARAGRAPH_FIELDS = (("p",), ("note", "id"))
LIST_FIELDS = (("list",), ())
CREDITS_FIELDS = (("items",), ("label",))
"""``credits`` written as a mapping; a plain list is its items, under the theme's label."""
DATE_FORMS = "YYYY-MM-DD, YYYY-MM, or a range YYYY-MM-DD/YYYY-MM-DD"
"""The forms a date may take, as error messages name them."""


def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes known to CLDR (so every edition can name them)."""
    return frozenset(
        code for code in Locale("en").territories if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    )


class _Reader:
    """Typed access to YAML nodes; every complaint carries path and line."""

    def __init__(self, path: str) -> None:
        self.path = path

    def origin(self, node: yaml.Node) -> Origin:
        return Origin(self.path, node.start_mark.line + 1)

    def fail(self, node: yaml.Node, message: str) -> SourceError:
        return SourceError(message, self.path, node.start_mark.line + 1)

    def mapping(
        self, node: yaml.Node, what: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, f"{what} must be a mapping")
        fields: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                raise self.fail(key, f"{what}: keys must be plain words")
            if key.value in fields:
                raise self.fail(key, f"{what}: duplicate key {key.value!r}")
            if key.value not in required and key.value not in optional:
                allowed = ", ".join(required + optional)
                raise self.fail(key, f"{what}: unknown field {key.value!r} (allowed: {allowed})")
            fields[key.value] = (key, value)
        for name in required:
            if name not in fields:
                raise self.fail(node, f"{what}: missing required field {name!r}")
        return fields

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, f"{what} must be a list")
        return list(node.value)

    def string(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag == "tag:yaml.org,2002:null":
            raise self.fail(node, f"{what} must be text")
        # Collapse only ASCII whitespace: a no-break space in the source is meant.
        text = _SPACES.sub(" ", str(node.value)).strip(" ")
        if not text:
            raise self.fail(node, f"{what} must not be empty")
        return text

    def ident(self, node: yaml.Node, what: str) -> str:
        value = self.string(node, what)
        if not ID_PATTERN.match(value):
            raise self.fail(node, f"{what} {value!r} is not a valid id (lowercase letters, digits and '-')")
        if len(value) > MAX_NAME:
            raise self.fail(node, f"{what} is {len(value)} characters long (at most {MAX_NAME})")
        return value

    def url(self, node: yaml.Node, what: str, schemes: tuple[str, ...] = WEB) -> str:
        value = self.string(node, what)
        problem = url_problem(value, schemes)
        if problem:
            raise self.fail(node, f"{what}: {problem}")
        return value

    def text(self, node: yaml.Node, what: str) -> str:
        """A unit's text: its links may only lead to web pages or mail addresses."""
        value = self.string(node, what)
        for href in text_links(value):
            problem = url_problem(href, LINKS)
            if problem:
                raise self.fail(node, f"{what}: a link to {problem}")
        return value

    def unit(self, node: yaml.Node, unit_id: str, what: str, text_key: str = "text", own_id: bool = False) -> TextUnit:
        """A unit is a plain string, or a mapping {text, note} (and ``id``, read by the caller,
        where a unit may name itself: paragraphs and list items)."""
        if isinstance(node, yaml.ScalarNode):
            return TextUnit(unit_id, self.text(node, what), self.origin(node))
        fields = self.mapping(node, what, (text_key,), UNIT_FIELDS[1] if own_id else ("note",))
        text_node = fields[text_key][1]
        note = self.string(fields["note"][1], f"{what} note") if "note" in fields else None
        return TextUnit(unit_id, self.text(text_node, what), self.origin(text_node), note)


def _parse_date(reader: _Reader, node: yaml.Node, what: str) -> DateSpec:
    text = reader.string(node, what)
    parts = text.split("/")
    if len(parts) > 2:
        raise reader.fail(node, f"{what}: bad date {text!r} (expected {DATE_FORMS})")
    specs = [_parse_one_date(reader, node, part, text, what) for part in parts]
    if len(specs) == 1:
        return specs[0]
    start, end = specs
    if start.precision != "day" or end.precision != "day":
        raise reader.fail(node, f"{what}: a date range needs full dates (YYYY-MM-DD/YYYY-MM-DD), got {text!r}")
    if end.start <= start.start:
        raise reader.fail(node, f"{what}: date range {text!r} ends before it starts")
    return DateSpec(start.start, end.start)


def _parse_one_date(reader: _Reader, node: yaml.Node, part: str, text: str, what: str) -> DateSpec:
    """One date of ``text`` (all of it, or one end of a range); errors show the whole of ``text``."""
    try:
        if match := _DAY.match(part):
            return DateSpec(dt.date(*map(int, match.groups())))
        if match := _MONTH.match(part):
            year, month = map(int, match.groups())
            return DateSpec(dt.date(year, month, 1), precision="month")
    except ValueError as error:
        raise reader.fail(node, f"{what}: bad date {text!r} ({error})") from error
    raise reader.fail(node, f"{what}: bad date {text!r} (expected {DATE_FORMS})")


def _unique(reader: _Reader, node: yaml.Node, seen: set[str], value: str, what: str) -> None:
    if value in seen:
        raise reader.fail(node, f"duplicate {what} id {value!r}")
    seen.add(value)


def _block_unit(reader: _Reader, item: yaml.Node, prefix: str, default_id: str, ids: set[str], what: str, key: str) -> TextUnit:
    """A paragraph or a list item: its msgctxt is ``<prefix>/<id>``, with its own ``id:`` if it
    sets one (which keeps it when blocks are inserted before it), else ``p2``, ``item3``."""
    explicit = None
    if isinstance(item, yaml.MappingNode):
        explicit = next((reader.ident(v, f"{what} id") for k, v in item.value if k.value == "id"), None)
    local = explicit or default_id
    _unique(reader, item, ids, local, "block")
    return reader.unit(item, f"{prefix}/{local}", what, key, own_id=True)


def _intro(reader: _Reader, node: yaml.Node) -> tuple[Paragraph, ...]:
    ids: set[str] = set()
    return tuple(Paragraph(_block_unit(reader, item, "intro", f"p{index}", ids, "intro paragraph", "p"))
                 for index, item in enumerate(reader.sequence(node, "intro"), start=1))


def _body(reader: _Reader, node: yaml.Node, event_id: str) -> tuple[Block, ...]:
    blocks: list[Block] = []
    ids: set[str] = set()
    paragraphs = items = 0
    for block in reader.sequence(node, f"event {event_id!r} body"):
        if isinstance(block, yaml.MappingNode) and any(k.value == "list" for k, _ in block.value):
            fields = reader.mapping(block, f"event {event_id!r} list", *LIST_FIELDS)
            units = []
            for item in reader.sequence(fields["list"][1], f"event {event_id!r} list"):
                items += 1
                units.append(_block_unit(reader, item, event_id, f"item{items}", ids, f"event {event_id!r} list item", "text"))
            if not units:
                raise reader.fail(block, f"event {event_id!r}: empty list")
            blocks.append(ItemList(tuple(units)))
        elif isinstance(block, yaml.MappingNode):
            paragraphs += 1
            what = f"event {event_id!r} paragraph"
            blocks.append(Paragraph(_block_unit(reader, block, event_id, f"p{paragraphs}", ids, what, "p")))
        else:
            raise reader.fail(block, f"event {event_id!r}: a body block is {{p: ...}} or {{list: [...]}}")
    if not blocks:
        raise reader.fail(node, f"event {event_id!r}: the body is empty")
    return tuple(blocks)


@dataclass(frozen=True)
class EventContext:
    """What a field parser may need besides its node: the event and the bulletin's registers."""

    event_id: str
    places: frozenset[str]
    countries: frozenset[str]


FieldParser = Callable[[_Reader, yaml.Node, EventContext], object]


def _dates(reader: _Reader, node: yaml.Node, ctx: EventContext) -> tuple[DateSpec, ...]:
    what = f"event {ctx.event_id!r} date"
    return tuple(_parse_date(reader, item, what) for item in reader.sequence(node, f"event {ctx.event_id!r} dates"))


def _when(reader: _Reader, node: yaml.Node, ctx: EventContext) -> TextUnit:
    return reader.unit(node, f"{ctx.event_id}/when", f"event {ctx.event_id!r} when")


def _places(reader: _Reader, node: yaml.Node, ctx: EventContext) -> tuple[str, ...]:
    place_ids: list[str] = []
    for item in reader.sequence(node, "places"):
        place_id = reader.ident(item, "place")
        if place_id not in ctx.places:
            raise reader.fail(item, f"event {ctx.event_id!r}: unknown place {place_id!r} (declare it under 'places')")
        place_ids.append(place_id)
    return tuple(place_ids)


def _countries(reader: _Reader, node: yaml.Node, ctx: EventContext) -> tuple[str, ...]:
    codes: list[str] = []
    for item in reader.sequence(node, "countries"):
        code = reader.string(item, "country code")
        if code not in ctx.countries:
            raise reader.fail(item, f"event {ctx.event_id!r}: unknown country code {code!r} (expected ISO 3166-1 alpha-2, such as KZ)")
        if code in codes:
            raise reader.fail(item, f"event {ctx.event_id!r}: country {code!r} listed twice")
        codes.append(code)
    return tuple(codes)


def text_field(name: str) -> FieldParser:
    """A parser for an optional translatable text field: its msgctxt is ``<event id>/<name>``."""
    return lambda reader, node, ctx: reader.unit(node, f"{ctx.event_id}/{name}", f"event {ctx.event_id!r} {name}")


EVENT_FIELDS: dict[str, FieldParser] = {
    "dates": _dates,
    "when": _when,
    "places": _places,
    "countries": _countries,
    "map": map_switch,
}
"""An event's optional fields and their parsers. Those that are Event attributes land there;
any other registered field lands in ``Event.extra`` (a TextUnit value is translated like any
unit), where templates find it as ``event.extra.<name>``."""
_EVENT_ATTRIBUTES = ("dates", "when", "places", "countries")


def _event(reader: _Reader, node: yaml.Node, number: int, places: frozenset[str], countries: frozenset[str]) -> Event:
    fields = reader.mapping(node, f"event {number}", EVENT_REQUIRED, tuple(EVENT_FIELDS))
    event_id = reader.ident(fields["id"][1], "event id")
    if event_id in ("intro", "credits", "places", "title", "subtitle", "issuers"):
        raise reader.fail(fields["id"][1], f"event id {event_id!r} is reserved")
    title = reader.unit(fields["title"][1], f"{event_id}/title", f"event {event_id!r} title")
    ctx = EventContext(event_id, places, countries)
    values = {name: parse(reader, fields[name][1], ctx) for name, parse in EVENT_FIELDS.items() if name in fields}
    attributes = {name: values.pop(name) for name in _EVENT_ATTRIBUTES if name in values}
    body = _body(reader, fields["body"][1], event_id)
    return Event(id=event_id, number=number, title=title, body=body, origin=reader.origin(node), extra=values,
                 **attributes)  # type: ignore[arg-type]


def parse_bulletin(text: str, path: str) -> BulletinSource:
    """Parse and validate bulletin source ``text``; ``path`` is used in messages and references."""
    reader = _Reader(path)
    root = compose(text, path)
    if root is None:
        raise SourceError("the source is empty", path, 1)
    fields = reader.mapping(root, "bulletin", *BULLETIN_FIELDS)
    published_node = fields["published"][1]
    published = _parse_date(reader, published_node, "published")
    if published.precision != "day" or published.end is not None:
        raise reader.fail(published_node, "published must be one full date (YYYY-MM-DD)")
    publisher = reader.mapping(fields["publisher"][1], "publisher", *PUBLISHER_FIELDS)
    places = _bulletin_places(reader, fields["places"][1]) if "places" in fields else ()
    credits_label, credits = _credits(reader, fields["credits"][1]) if "credits" in fields else (None, ())
    return BulletinSource(
        id=reader.ident(fields["id"][1], "bulletin id"),
        issuers=_units(reader, fields, "issuers", "issuers/o", "issuing organization"),
        path=path,
        title=reader.unit(fields["title"][1], "title", "title"),
        subtitle=reader.unit(fields["subtitle"][1], "subtitle", "subtitle") if "subtitle" in fields else None,
        published=published.start,
        publisher_name=reader.string(publisher["name"][1], "publisher name"),
        publisher_url=reader.url(publisher["url"][1], "publisher url") if "url" in publisher else None,
        intro=_intro(reader, fields["intro"][1]),
        events=_events(reader, fields["events"][1], frozenset(place.id for place in places)),
        credits=credits,
        credits_label=credits_label,
        places=places,
        cover=parse_cover(reader, fields["cover"][1]) if "cover" in fields else None,
    )


def _bulletin_places(reader: _Reader, node: yaml.Node) -> tuple[Place, ...]:
    if not isinstance(node, yaml.MappingNode):
        raise reader.fail(node, "places must be a mapping of place id to name")
    places: list[Place] = []
    seen: set[str] = set()
    for key, value in node.value:
        place_id = reader.ident(key, "place id")
        _unique(reader, key, seen, place_id, "place")
        places.append(parse_place(reader, key, value, place_id))
    return tuple(places)


def _events(reader: _Reader, node: yaml.Node, places: frozenset[str]) -> tuple[Event, ...]:
    countries = country_codes()
    events: list[Event] = []
    seen: set[str] = set()
    for number, item in enumerate(reader.sequence(node, "events"), start=1):
        event = _event(reader, item, number, places, countries)
        _unique(reader, item, seen, event.id, "event")
        events.append(event)
    if not events:
        raise reader.fail(node, "a bulletin needs at least one event")
    return tuple(events)


def _credits(reader: _Reader, node: yaml.Node) -> tuple[TextUnit | None, tuple[TextUnit, ...]]:
    """``credits``: a list of credit lines, or a mapping ``{label, items}`` whose label replaces
    the theme's ("Photos", "Illustrations", "Sources")."""
    label = None
    if isinstance(node, yaml.MappingNode):
        fields = reader.mapping(node, "credits", *CREDITS_FIELDS)
        label = reader.unit(fields["label"][1], "credits/label", "credits label") if "label" in fields else None
        node = fields["items"][1]
    elif not isinstance(node, yaml.SequenceNode):
        raise reader.fail(node, "credits must be a list, or a mapping {label: ..., items: [...]}")
    items = reader.sequence(node, "credits items")
    if label is not None and not items:
        raise reader.fail(node, "credits: a label needs at least one item")
    return label, tuple(reader.unit(item, f"credits/c{index}", "credit line") for index, item in enumerate(items, 1))


def _units(reader: _Reader, fields: dict, name: str, prefix: str, what: str) -> tuple[TextUnit, ...]:  # noqa: ANN001
    """An optional list of units, numbered from 1 (``issuers/o1``, ``issuers/o2`` ...)."""
    if name not in fields:
        return ()
    return tuple(reader.unit(node, f"{prefix}{index}", what) for index, node in enumerate(reader.sequence(fields[name][1], name), 1))


def load_bulletin(path: Path, display_path: str | None = None, root: Path | None = None) -> BulletinSource:
    """Read and validate the bulletin at ``path``.

    ``display_path`` (for example the path relative to the project) is what
    error messages and catalog references show. With ``root``, a source that points
    out of that folder through a symlink is refused.
    """
    shown = display_path or str(path)
    bulletin = parse_bulletin(decode(read_input(path, "source", shown, root), "source", shown), shown)
    return load_image(bulletin, path, root)
