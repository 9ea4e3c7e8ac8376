"""Stage 3: a bulletin plus one locale's translations -> a :class:`LocalizedBulletin`.

Facts (dates, countries, numbers) are formatted here with Babel/CLDR, so no
translator ever types a date or a country name.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field, replace
from typing import Mapping, Union

from babel.numbers import format_decimal

from .catalogs import Translations
from .covers import CoverPicture, cover_picture
from .model import BulletinSource, DateSpec, Event, Paragraph, TextUnit
from .overrides import DEFAULT_FORMATS, HouseStyle, house_style
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
    facts: str = ""
    """Its dates, places and countries on one line ("17 June 2025 · Astana · China and Kazakhstan"),
    for the feed and the JSON-LD."""


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
    """Countries, places and dates of the events and the publication date, for the PDF's metadata."""
    list_separator: str = ", "
    """The separator between list items ("、" in Chinese), for lists that keep their markup."""
    cover: CoverPicture | None = None
    """The cover's picture (its alt text and credit in the edition's language), or None."""
    style: HouseStyle | None = field(default=None, hash=False, compare=False)
    """The catalog's overrides of CLDR (lists are joined with its patterns)."""



def language_tag(locale: str, overrides: dict[str, str] | None = None) -> str:
    """The BCP 47 tag for a Babel locale id: ``zh_Hans`` -> ``zh-Hans``."""
    if overrides and locale in overrides:
        return overrides[locale]
    return locale.replace("_", "-")


# How each kind of date is written, as CLDR formats: a width ("long") or a skeleton. A locale
# profile may override any of them (LocaleProfile.date_formats), and a catalog any pattern
# (date/<kind>: :mod:`silkpress.overrides`).
DATE_FORMATS: dict[str, str] = DEFAULT_FORMATS


def format_date_spec(spec: DateSpec, locale: str, style: HouseStyle | None = None) -> str:
    return (style or HouseStyle(locale)).date(spec)


def join_list(items: list[str], locale: str, style: HouseStyle | None = None) -> str:
    return (style or HouseStyle(locale)).join(items)


class _Localizer:
    def __init__(self, translations: Translations, locale: str, is_source: bool) -> None:
        self.translations = translations
        self.style = house_style(locale, translations.messages)
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
        return LocalizedDate(spec.iso, self.style.date(spec))

    def event(self, event: Event, bulletin: BulletinSource) -> LocalizedEvent:
        body = []
        for block in event.body:
            if isinstance(block, Paragraph):
                body.append(LocalizedParagraph(self.text(block.unit)))
            else:
                body.append(LocalizedList(tuple(self.text(item) for item in block.items)))
        localized = LocalizedEvent(
            id=event.id,
            number=event.number,
            number_text=format_decimal(event.number, locale=self.locale),
            title=self.text(event.title),
            dates=tuple(self.date(spec) for spec in event.dates),
            when=self.text(event.when) if event.when else None,
            places=tuple(self.text(bulletin.place(place).name) for place in event.places),
            countries=tuple(Country(code, self.style.country(code)) for code in event.countries),
            body=tuple(body),
            extra={name: self.text(value) if isinstance(value, TextUnit) else value for name, value in event.extra.items()},
        )
        groups = ([date.text for date in localized.dates], [place.text for place in localized.places],
                  [country.name for country in localized.countries])
        return replace(localized, facts=" · ".join(self.style.join(group) for group in groups if group))


def localize(
    bulletin: BulletinSource,
    translations: Translations,
    source_locale: str = "en",
    tags: dict[str, str] | None = None,
) -> LocalizedBulletin:
    """Translate every unit of ``bulletin`` and format its facts for ``translations.locale``."""
    locale = translations.locale
    localizer = _Localizer(translations, locale, locale == source_locale)
    style = localizer.style
    title = localizer.text(bulletin.title)
    subtitle = localizer.text(bulletin.subtitle) if bulletin.subtitle else None
    intro = tuple(LocalizedParagraph(localizer.text(p.unit)) for p in bulletin.intro)
    events = tuple(localizer.event(event, bulletin) for event in bulletin.events)
    credits_label = localizer.text(bulletin.credits_label) if bulletin.credits_label else None
    credits = tuple(localizer.text(unit) for unit in bulletin.credits)
    cover = cover_picture(bulletin.cover, localizer.text)
    issuers = tuple(localizer.text(unit) for unit in bulletin.issuers)
    published = LocalizedDate(bulletin.published.isoformat(), style.single(bulletin.published))
    keywords = tuple(
        dict.fromkeys(
            [country.name for event in events for country in event.countries]
            + [place.text for event in events for place in event.places]
            + [date.text for event in events for date in event.dates] + [published.text]
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
        published=published,
        publisher_name=bulletin.publisher_name,
        publisher_url=bulletin.publisher_url,
        fallbacks=fallbacks,
        fuzzy=tuple(localizer.fuzzy),
        issuers=issuers,
        keywords=keywords,
        list_separator=style.list_separator,
        style=style,
        cover=cover,
    )
