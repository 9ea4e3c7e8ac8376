"""Stage 3: a bulletin plus one locale's translations -> a :class:`LocalizedBulletin`.

Facts (dates, countries, numbers) are formatted here with Babel/CLDR, so no
translator ever types a date or a country name.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Mapping, Union

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal

from .catalogs import Translations
from .model import BulletinSource, DateSpec, Event, Paragraph, TextUnit
from .profiles import profile_for

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LocalizedText:
    """A unit's text in the edition's language, or the source text as a fallback."""

    id: str
    text: str
    state: str = "translated"
    """``translated``, or ``fuzzy``/``untranslated`` when the source text stands in."""
    source: str = ""
    """The source text (the msgid): links in a translation must come from it."""

    @property
    def translated(self) -> bool:
        return self.state == "translated"

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class LocalizedDate:
    iso: str
    text: str


@dataclass(frozen=True)
class Country:
    code: str
    name: str


@dataclass(frozen=True)
class LocalizedParagraph:
    text: LocalizedText


@dataclass(frozen=True)
class LocalizedList:
    items: tuple[LocalizedText, ...]


LocalizedBlock = Union[LocalizedParagraph, LocalizedList]


@dataclass(frozen=True)
class LocalizedEvent:
    id: str
    number: int
    number_text: str
    title: LocalizedText
    dates: tuple[LocalizedDate, ...]
    when: LocalizedText | None
    places: tuple[LocalizedText, ...]
    countries: tuple[Country, ...]
    body: tuple[LocalizedBlock, ...]
    extra: Mapping[str, object] = field(default_factory=dict, hash=False, compare=False)
    """The event's registered extra fields; text in the edition's language."""


@dataclass(frozen=True)
class LocalizedBulletin:
    """Everything a template needs for one edition, already in its language."""

    bulletin_id: str
    locale: str
    tag: str
    source_tag: str
    direction: str
    title: LocalizedText
    subtitle: LocalizedText | None
    intro: tuple[LocalizedParagraph, ...]
    events: tuple[LocalizedEvent, ...]
    credits: tuple[LocalizedText, ...]
    credits_label: LocalizedText | None
    """The source's label for the credits; None: the theme's default label."""
    published: LocalizedDate
    publisher_name: str
    publisher_url: str | None
    fallbacks: tuple[str, ...]
    """msgctxts shown in the source language because the catalog has no usable translation."""
    fuzzy: tuple[str, ...] = ()
    """Of the fallbacks, those whose translation is fuzzy (waiting for review) rather than missing."""
    issuers: tuple[LocalizedText, ...] = ()
    keywords: tuple[str, ...] = ()
    """Countries (CLDR names) and places of the events, for the PDF's metadata."""
    list_separator: str = ", "
    """CLDR's separator between list items ("、" in Chinese), for lists that keep their markup."""



def language_tag(locale: str, overrides: dict[str, str] | None = None) -> str:
    """The BCP 47 tag for a Babel locale id: ``zh_Hans`` -> ``zh-Hans``."""
    if overrides and locale in overrides:
        return overrides[locale]
    return locale.replace("_", "-")


# How each kind of date is written, as CLDR formats: a width ("long") or a skeleton.
# A locale profile may override any of them (LocaleProfile.date_formats).
DATE_FORMATS: dict[str, str] = {
    "day": "long",
    "month": "yMMMM",
    "range": "yMMMd",  # CLDR has no yMMMMd interval
}


def _date_format(kind: str, locale: str) -> str:
    return profile_for(locale).date_formats.get(kind, DATE_FORMATS[kind])


def _format_one(value: dt.date, pattern: str, locale: str) -> str:
    if pattern in ("short", "medium", "long", "full"):
        return format_date(value, pattern, locale=locale)
    return format_skeleton(pattern, value, locale=locale)


def format_date_spec(spec: DateSpec, locale: str) -> str:
    if spec.end is not None:
        return format_interval(spec.start, spec.end, _date_format("range", locale), locale=locale)
    return _format_one(spec.start, _date_format("month" if spec.precision == "month" else "day", locale), locale)


def join_list(items: list[str], locale: str) -> str:
    return format_list(items, style="standard", locale=locale) if items else ""


class _Localizer:
    def __init__(self, translations: Translations, locale: str, is_source: bool) -> None:
        self.translations = translations
        self.locale = locale
        self.is_source = is_source
        self.fallbacks: list[str] = []
        self.fuzzy: list[str] = []

    def text(self, unit: TextUnit) -> LocalizedText:
        translated = self.translations.lookup(unit.id, unit.text)
        if translated is not None:
            return LocalizedText(unit.id, translated, source=unit.text)
        if self.is_source:  # the source text is the original, not a stand-in
            return LocalizedText(unit.id, unit.text, source=unit.text)
        self.fallbacks.append(unit.id)
        state = self.translations.state(unit.id, unit.text)
        if state == "fuzzy":
            self.fuzzy.append(unit.id)
        return LocalizedText(unit.id, unit.text, state, source=unit.text)

    def date(self, spec: DateSpec) -> LocalizedDate:
        return LocalizedDate(spec.iso, format_date_spec(spec, self.locale))

    def event(self, event: Event, bulletin: BulletinSource, territories: dict[str, str]) -> LocalizedEvent:
        body = []
        for block in event.body:
            if isinstance(block, Paragraph):
                body.append(LocalizedParagraph(self.text(block.unit)))
            else:
                body.append(LocalizedList(tuple(self.text(item) for item in block.items)))
        return LocalizedEvent(
            id=event.id,
            number=event.number,
            number_text=format_decimal(event.number, locale=self.locale),
            title=self.text(event.title),
            dates=tuple(self.date(spec) for spec in event.dates),
            when=self.text(event.when) if event.when else None,
            places=tuple(self.text(bulletin.place(place).name) for place in event.places),
            countries=tuple(Country(code, territories[code]) for code in event.countries),
            body=tuple(body),
            extra={name: self.text(value) if isinstance(value, TextUnit) else value for name, value in event.extra.items()},
        )


def localize(
    bulletin: BulletinSource,
    translations: Translations,
    source_locale: str = "en",
    tags: dict[str, str] | None = None,
) -> LocalizedBulletin:
    """Translate every unit of ``bulletin`` and format its facts for ``translations.locale``."""
    locale = translations.locale
    babel_locale = Locale.parse(locale)
    localizer = _Localizer(translations, locale, locale == source_locale)
    territories = babel_locale.territories
    title = localizer.text(bulletin.title)
    subtitle = localizer.text(bulletin.subtitle) if bulletin.subtitle else None
    intro = tuple(LocalizedParagraph(localizer.text(p.unit)) for p in bulletin.intro)
    events = tuple(localizer.event(event, bulletin, territories) for event in bulletin.events)
    credits_label = localizer.text(bulletin.credits_label) if bulletin.credits_label else None
    credits = tuple(localizer.text(unit) for unit in bulletin.credits)
    issuers = tuple(localizer.text(unit) for unit in bulletin.issuers)
    keywords = tuple(
        dict.fromkeys(
            [country.name for event in events for country in event.countries]
            + [place.text for event in events for place in event.places]
        )
    )
    fallbacks = tuple(localizer.fallbacks)
    return LocalizedBulletin(
        bulletin_id=bulletin.id,
        locale=locale,
        tag=language_tag(locale, tags),
        source_tag=language_tag(source_locale, tags),
        direction=profile_for(locale).direction,
        title=title,
        subtitle=subtitle,
        intro=intro,
        events=events,
        credits=credits,
        credits_label=credits_label,
        published=LocalizedDate(bulletin.published.isoformat(), _format_one(bulletin.published, _date_format("day", locale), locale)),
        publisher_name=bulletin.publisher_name,
        publisher_url=bulletin.publisher_url,
        fallbacks=fallbacks,
        fuzzy=tuple(localizer.fuzzy),
        issuers=issuers,
        keywords=keywords,
        list_separator=babel_locale.list_patterns["standard"]["middle"].replace("{0}", "").replace("{1}", ""),
    )
