"""What an editor may override in the catalog, over CLDR: country names, date patterns, list patterns.

Each overridable value is a catalog message with a reserved msgctxt (``country/KG``,
``date/day``, ``list/end``; the language's own name is the theme's ``language name``). Its msgid
is CLDR's value in the source language; an empty msgstr keeps CLDR's value for the edition's
language, so these messages are never "untranslated". ``extract`` adds them to the catalogs
with a note that shows CLDR's value for each locale of the project.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from babel import Locale
from babel.dates import DateTimeFormat, format_date, format_interval, format_skeleton, match_skeleton, tokenize_pattern
from babel.lists import format_list

from .model import BulletinSource, DateSpec
from .profiles import profile_for
from .variants import cldr_override, cldr_text


@dataclass(frozen=True)
class DateKind:
    """One kind of date an edition writes, and what its pattern must hold."""

    what: str
    fields: str
    """The fields the whole pattern needs (M stands for M or L)."""
    interval: str = ""
    """For a range: the fields the second date's part needs (it starts at the first repeated field)."""
    start: str = ""
    """For a range: the fields the first date's part needs."""
    forbidden: str = ""


DATE_KINDS: dict[str, DateKind] = {
    "day": DateKind("a single date", "yMd"),
    "month": DateKind("a month", "yM", forbidden="d"),
    "days": DateKind("a range within one month", "yMd", interval="d"),
    "months": DateKind("a range across months of one year", "yMd", interval="Md"),
    "years": DateKind("a range across years", "yMd", interval="yMd", start="y"),
}
"""The date patterns an edition uses, by the msgctxt ``date/<kind>``."""

LIST_PARTS = ("2", "start", "middle", "end")
"""CLDR's list pattern parts (``list/<part>``): two items; the first two of more; the middle; the last."""

PREFIXES = ("country/", "date/", "list/")
DATE_LETTERS = set("GyYuUrQqMLlwWdDFgEec")
# CLDR's default width or skeleton of each kind, when no profile or catalog says otherwise
DEFAULT_FORMATS: dict[str, str] = {"day": "long", "month": "yMMMM", "range": "yMMMd"}  # CLDR has no yMMMMd interval
_INTERVAL_FIELD = {"days": "d", "months": "M", "years": "y"}


def is_override(context: str | None) -> bool:
    """Whether a msgctxt names an override of CLDR (an empty msgstr there means "CLDR's value")."""
    return bool(context) and context.startswith(PREFIXES)  # type: ignore[union-attr]


def _letter(token: tuple) -> str:  # noqa: ANN001
    return {"L": "M", "c": "E", "e": "E"}.get(token[1][0], token[1][0])


def _split(pattern: str) -> list[list[tuple]]:
    """A pattern's tokens, split where a field repeats (CLDR's interval rule); quotes are kept as literal text."""
    parts: list[list[tuple]] = [[]]
    seen: set[str] = set()
    for token in tokenize_pattern(pattern):
        if token[0] == "field":
            if _letter(token) in seen and len(parts) == 1:
                parts.append([])
            seen.add(_letter(token))
        parts[-1].append(token)
    return parts


def _apply(tokens: list[tuple], value: dt.date, locale: str) -> str:
    formatter = DateTimeFormat(value, locale)
    return "".join(token[1] if token[0] == "chars" else formatter[token[1][0] * token[1][1]] for token in tokens)


def date_pattern_problem(kind: str, pattern: str) -> str | None:
    """Why ``pattern`` cannot be the ``date/<kind>`` pattern, or None."""
    spec = DATE_KINDS[kind]
    if len(re.findall(r"'", pattern.replace("''", ""))) % 2:
        return "a quotation mark ' is not closed: literal text goes between two ' ('' for the mark itself)"
    parts = _split(pattern)
    letters = [token[1][0] for part in parts for token in part if token[0] == "field"]
    wrong = sorted(set(letters) - DATE_LETTERS)
    if wrong:
        return f"{', '.join(repr(letter) for letter in wrong)} is not a date field (a pattern uses y, M or L, d, E...)"
    present = {_letter(token) for part in parts for token in part if token[0] == "field"}
    missing = [letter for letter in spec.fields if letter not in present]
    if missing:
        return f"{spec.what} needs the field{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
    if any(letter in present for letter in spec.forbidden):
        return f"{spec.what} has no {', '.join(spec.forbidden)} field"
    if spec.interval:
        if len(parts) < 2:
            return f"{spec.what} needs two dates: the second starts where a field repeats ('d–d MMMM y')"
        for which, part, needed in (("first", parts[0], spec.start), ("second", parts[1], spec.interval)):
            fields = {_letter(token) for token in part if token[0] == "field"}
            lacking = [letter for letter in needed if letter not in fields]
            if lacking:
                return f"the {which} date of {spec.what} needs the field{'s' if len(lacking) > 1 else ''} {', '.join(lacking)}"
    elif len(parts) > 1:
        return f"{spec.what} has each field once"
    return None


def list_pattern_problem(pattern: str) -> str | None:
    if pattern.count("{0}") != 1 or pattern.count("{1}") != 1 or len(re.findall(r"[{}]", pattern)) != 4:
        return "a list pattern has {0} and {1} once each, and no other braces"
    return None


def country_problem(name: str) -> str | None:
    if not name.strip() or "\n" in name or "<" in name or len(name) > 100:
        return "a country name is one line of text (at most 100 characters, no markup)"
    return None


def override_problem(context: str, value: str) -> str | None:
    """Why a catalog's override cannot be used (an empty value keeps CLDR's), or None."""
    kind, _, name = context.partition("/")
    if not value:
        return None
    if kind == "date":
        return date_pattern_problem(name, value) if name in DATE_KINDS else f"unknown date kind {name!r} (known: {', '.join(DATE_KINDS)})"
    if kind == "list":
        return list_pattern_problem(value) if name in LIST_PARTS else f"unknown list part {name!r} (known: {', '.join(LIST_PARTS)})"
    return country_problem(value)


@dataclass(frozen=True)
class HouseStyle:
    """One edition's facts as its editors want them written: the catalog's overrides over CLDR."""

    locale: str
    dates: Mapping[str, str] = field(default_factory=dict)
    countries: Mapping[str, str] = field(default_factory=dict)
    lists: Mapping[str, str] = field(default_factory=dict)

    def country(self, code: str) -> str:
        return self.countries.get(code) or cldr_text(self.locale, Locale.parse(self.locale).territories.get(code, code))

    def date(self, spec: DateSpec) -> str:
        # where CLDR lacks the locale (kk_Latn), its parent's month names are transliterated
        return cldr_text(self.locale, self._date(spec))

    def _date(self, spec: DateSpec) -> str:
        if spec.end is not None and spec.end != spec.start:
            kind = "days" if spec.end.replace(day=1) == spec.start.replace(day=1) else "months" if spec.end.year == spec.start.year else "years"
            pattern = self.dates.get(kind)
            if pattern:
                parts = _split(pattern)
                return _apply(parts[0], spec.start, self.locale) + "".join(_apply(part, spec.end, self.locale) for part in parts[1:])
            return format_interval(spec.start, spec.end, _profile_format("range", self.locale), locale=self.locale)
        return self._single(spec.start, "month" if spec.precision == "month" else "day")

    def single(self, value: dt.date, kind: str = "day") -> str:
        return cldr_text(self.locale, self._single(value, kind))

    def _single(self, value: dt.date, kind: str = "day") -> str:
        pattern = self.dates.get(kind)
        if pattern:
            return _apply(_split(pattern)[0], value, self.locale)
        default = _profile_format(kind, self.locale)
        if default in ("short", "medium", "long", "full"):
            return format_date(value, default, locale=self.locale)
        return format_skeleton(default, value, locale=self.locale)

    def join(self, items: Iterable[str]) -> str:
        """Items as a list in the edition's language ("A, B and C", "A、B和C")."""
        items = list(items)
        cldr = {name: cldr_text(self.locale, value) for name, value in Locale.parse(self.locale).list_patterns["standard"].items()}
        if not self.lists and cldr == dict(Locale.parse(self.locale).list_patterns["standard"]) or len(items) < 2:
            return format_list(items, style="standard", locale=self.locale) if items else ""
        patterns = {**cldr, **self.lists}
        if len(items) == 2:
            return patterns["2"].format(*items)
        result = patterns["start"].format(items[0], items[1])
        for item in items[2:-1]:
            result = patterns["middle"].format(result, item)
        return patterns["end"].format(result, items[-1])

    @property
    def list_separator(self) -> str:
        """The separator between list items, for lists that keep their markup."""
        middle = self.lists.get("middle") or cldr_text(self.locale, Locale.parse(self.locale).list_patterns["standard"]["middle"])
        return middle.replace("{0}", "").replace("{1}", "")


def _profile_format(kind: str, locale: str) -> str:
    return profile_for(locale).date_formats.get(kind, DEFAULT_FORMATS[kind])


def house_style(locale: str, messages: Mapping[tuple[str | None, str], str]) -> HouseStyle:
    """The overrides among a catalog's usable translations (ones :func:`override_problem` refuses are
    left to CLDR: ``check`` reports them)."""
    found: dict[str, dict[str, str]] = {"date": {}, "country": {}, "list": {}}
    for (context, _msgid), value in messages.items():
        if is_override(context) and value and override_problem(context, value) is None:  # type: ignore[arg-type]
            kind, _, name = context.partition("/")  # type: ignore[union-attr]
            found[kind][name] = value
    return HouseStyle(locale, found["date"], found["country"], found["list"])


def cldr_value(context: str, locale: str) -> str:
    """CLDR's value for an override in ``locale`` (the msgid, in the source locale; the notes' defaults);
    where CLDR lacks the locale (kk_Latn), its parent's, transliterated."""
    return cldr_override(locale, context, _cldr_value(context, locale))


def _cldr_value(context: str, locale: str) -> str:
    kind, _, name = context.partition("/")
    data = Locale.parse(locale)
    if kind == "country":
        return data.territories.get(name, name)
    if kind == "list":
        return data.list_patterns["standard"][name]
    if name in _INTERVAL_FIELD:
        skeleton = _profile_format("range", locale)
        skeleton = skeleton if skeleton in data.interval_formats else match_skeleton(skeleton, data.interval_formats) or ""
        parts = data.interval_formats.get(skeleton, {}).get(_INTERVAL_FIELD[name])
        if parts:
            return "".join(parts)
        single = _cldr_value("date/day", locale)  # CLDR's fallback: two whole dates
        return f"{single} – {single}"
    default = _profile_format(name, locale)
    if default in ("short", "medium", "long", "full"):
        return data.date_formats[default].pattern
    skeleton = default if default in data.datetime_skeletons else match_skeleton(default, data.datetime_skeletons)
    return data.datetime_skeletons[skeleton].pattern if skeleton else data.date_formats["long"].pattern


EXAMPLES: dict[str, DateSpec] = {
    "day": DateSpec(dt.date(2025, 6, 17)),
    "month": DateSpec(dt.date(2025, 9, 1), precision="month"),
    "days": DateSpec(dt.date(2025, 6, 1), dt.date(2025, 6, 17)),
    "months": DateSpec(dt.date(2025, 8, 31), dt.date(2025, 9, 3)),
    "years": DateSpec(dt.date(2025, 12, 29), dt.date(2026, 1, 2)),
}


def override_contexts(source: BulletinSource) -> list[tuple[str, str]]:
    """(msgctxt, what it is) of every override a bulletin's catalogs offer: its events' countries,
    every date kind and every list part."""
    codes = sorted({code for event in source.events for code in event.countries})
    return (
        [(f"country/{code}", f"the name of the country {code}") for code in codes]
        + [(f"date/{kind}", f"the date pattern of {spec.what}") for kind, spec in DATE_KINDS.items()]
        + [(f"list/{part}", f"the list pattern '{part}'") for part in LIST_PARTS]
    )


def override_note(context: str, what: str, locales: Iterable[str]) -> list[str]:
    """The ``#.`` note of an override: what it is, how to write it, and CLDR's value per locale."""
    kind, _, name = context.partition("/")
    how = {
        "country": "Leave empty for CLDR's name.",
        "list": "Leave empty for CLDR's pattern; {0} and {1} stand for the items.",
        "date": ("Leave empty for CLDR's pattern. An LDML date pattern (y year, MMMM month, d day, 'text' literal);"
                 " a range's second date starts at the first field that repeats."),
    }[kind]
    lines = [f"Override of CLDR: {what}. {how} CLDR:"]
    for locale in locales:
        value = cldr_value(context, locale)
        example = ""
        if kind == "date":
            example = f" ({HouseStyle(locale).date(EXAMPLES[name])})"
        lines.append(f"{locale}: {value}{example}")
    return ["\n".join(lines)]

