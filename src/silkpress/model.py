"""Pure data: the bulletin as loaded from its source, before any localization."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Iterator, Literal, Mapping, Union


@dataclass(frozen=True)
class Origin:
    """Where something was written: a source path (as given) and a 1-based line."""

    path: str
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class TextUnit:
    """One translatable piece of text; ``id`` becomes the gettext msgctxt."""

    id: str
    text: str
    origin: Origin
    note: str | None = None


@dataclass(frozen=True)
class Paragraph:
    unit: TextUnit


@dataclass(frozen=True)
class ItemList:
    items: tuple[TextUnit, ...]


Block = Union[Paragraph, ItemList]


@dataclass(frozen=True)
class DateSpec:
    """An ISO 8601 date, month or closed range, as written in the source."""

    start: dt.date
    end: dt.date | None = None
    precision: Literal["day", "month"] = "day"

    @property
    def iso(self) -> str:
        """The ISO 8601 form, usable in ``<time datetime>``."""
        first = self.start.isoformat() if self.precision == "day" else self.start.strftime("%Y-%m")
        if self.end is None:
            return first
        return f"{first}/{self.end.isoformat()}"


@dataclass(frozen=True)
class Place:
    id: str
    name: TextUnit
    at: tuple[float, float] | None = None
    """(latitude, longitude) in degrees, for the maps; None: the place has no dot."""


@dataclass(frozen=True)
class Event:
    id: str
    number: int
    title: TextUnit
    body: tuple[Block, ...]
    origin: Origin
    dates: tuple[DateSpec, ...] = ()
    when: TextUnit | None = None
    places: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    extra: Mapping[str, object] = field(default_factory=dict, hash=False, compare=False)
    """Fields registered in ``silkpress.source.EVENT_FIELDS`` beyond the ones above, by name."""

    def units(self) -> Iterator[TextUnit]:
        yield self.title
        if self.when is not None:
            yield self.when
        yield from (value for value in self.extra.values() if isinstance(value, TextUnit))
        for block in self.body:
            if isinstance(block, Paragraph):
                yield block.unit
            else:
                yield from block.items


@dataclass(frozen=True)
class Cover:
    """The PDF cover's picture: a file beside the source, its text alternative and its credit."""

    image: str
    """The path as written, relative to the source file's folder."""
    alt: TextUnit
    origin: Origin
    credit: TextUnit | None = None
    data: bytes = field(default=b"", repr=False)
    """The image's bytes, once :func:`silkpress.covers.load_image` has read and checked them."""
    media_type: str = ""


@dataclass(frozen=True)
class BulletinSource:
    """A bulletin's content as its source file gives it (see :class:`silkpress.project.Bulletin`
    for the bulletin as a project's unit of work: its files and folders)."""

    id: str
    path: str
    title: TextUnit
    published: dt.date
    publisher_name: str
    publisher_url: str | None
    intro: tuple[Paragraph, ...]
    events: tuple[Event, ...]
    credits: tuple[TextUnit, ...] = ()
    places: tuple[Place, ...] = ()
    subtitle: TextUnit | None = None
    issuers: tuple[TextUnit, ...] = ()
    """The organizations that issued the bulletin, for the cover (optional)."""
    credits_label: TextUnit | None = None
    """The label before the credits ("Photos"); None: the theme's."""
    cover: Cover | None = None
    """The cover's picture (optional)."""

    def units(self) -> Iterator[TextUnit]:
        """Every translatable unit, in reading order (the order of the catalog)."""
        yield self.title
        if self.subtitle is not None:
            yield self.subtitle
        yield from self.issuers
        if self.cover is not None:
            yield self.cover.alt
            if self.cover.credit is not None:
                yield self.cover.credit
        for paragraph in self.intro:
            yield paragraph.unit
        for event in self.events:
            yield from event.units()
        if self.credits_label is not None:
            yield self.credits_label
        yield from self.credits
        for place in self.places:
            yield place.name

    def place(self, place_id: str) -> Place:
        for place in self.places:
            if place.id == place_id:
                return place
        raise KeyError(place_id)
