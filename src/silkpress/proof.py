"""The proof edition's data: every translatable unit of a bulletin beside its translation, in
document order, with what a proofreader needs (msgctxt, .po line, status, comments, notes, and
for a fuzzy unit the change of its English), and an appendix of the interface strings and the
facts CLDR writes (countries, dates).

Pure data in, data out: :mod:`silkpress.proofing` renders it and :mod:`silkpress.output` writes it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Iterable, Mapping

from .catalogs import Translations
from .i18n.pofile import Entry, PoFile
from .localization import LocalizedBulletin
from .model import BulletinSource, TextUnit
from .overrides import HouseStyle, is_override

STATES = ("translated", "fuzzy", "untranslated")


@dataclass(frozen=True)
class DiffPiece:
    """A stretch of a diff: ``same``, ``del`` (only in the old text) or ``ins`` (only in the new)."""

    kind: str
    text: str


@dataclass(frozen=True)
class ProofUnit:
    """One unit as the proof shows it."""

    id: str
    """The msgctxt."""
    source: str
    translation: str
    """The catalog's msgstr (a fuzzy one included); empty when there is none."""
    state: str
    where: str
    """``path:line`` of the msgid in the catalog, or the catalog's path when it lacks the unit."""
    comments: tuple[str, ...] = ()
    """Translator comments (``#``)."""
    notes: tuple[str, ...] = ()
    """Extracted comments (``#.``): the source's notes for translators."""
    previous: str | None = None
    """The English the translation was made for (``#|``), when it changed."""
    diff: tuple[DiffPiece, ...] = ()


@dataclass(frozen=True)
class Pair:
    """A line of the appendix: what it is, the source language's text and the edition's."""

    id: str
    source: str
    text: str
    state: str = "translated"
    where: str = ""


@dataclass(frozen=True)
class ProofData:
    """One locale's proof: its units and its appendix."""

    locale: str
    units: tuple[ProofUnit, ...]
    interface: tuple[Pair, ...]
    places: tuple[Pair, ...]
    countries: tuple[Pair, ...]
    dates: tuple[Pair, ...]

    @property
    def counts(self) -> dict[str, int]:
        return {state: sum(1 for unit in self.units if unit.state == state) for state in STATES}


# Words, runs of spaces, and single other characters: a changed comma is not a changed word.
_WORD = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def tokens(text: str, by_character: bool = False) -> list[str]:
    """A text split for diffing: by word, or by character for scripts written without spaces."""
    return list(text) if by_character else _WORD.findall(text)


def word_diff(old: str, new: str, by_character: bool = False) -> tuple[DiffPiece, ...]:
    """How ``old`` became ``new``, word by word (or character by character): each change reads as
    its deletion, then its insertion; a lone space between two changes joins them ("took place"
    -> "was held", not "took" -> "was", "place" -> "held")."""
    a, b = tokens(old, by_character), tokens(new, by_character)
    pieces: list[DiffPiece] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        pieces.extend(DiffPiece(kind, "".join(words)) for kind, words in (("del", deleted), ("ins", inserted)) if words)
        deleted.clear()
        inserted.clear()

    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for number, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op != "equal":
            deleted += a[i1:i2]
            inserted += b[j1:j2]
            continue
        bridge = 0 < number < len(opcodes) - 1 and "".join(a[i1:i2]).isspace()
        if bridge:
            deleted += a[i1:i2]
            inserted += b[j1:j2]
            continue
        flush()
        pieces.append(DiffPiece("same", "".join(a[i1:i2])))
    flush()
    return tuple(pieces)


def in_context(pieces: tuple[DiffPiece, ...], keep: int = 8, by_character: bool = False) -> tuple[DiffPiece, ...]:
    """The diff with each unchanged stretch cut to ``keep`` words (or characters) beside the changes,
    an ellipsis for the rest: the proof prints the whole text just above it."""
    span = keep if by_character else 2 * keep  # word tokens come with the spaces between them
    out = []
    for number, piece in enumerate(pieces):
        words = tokens(piece.text, by_character)
        if piece.kind != "same" or len(words) <= 2 * span + 1:
            out.append(piece)
            continue
        before, after = "".join(words[:span]), "".join(words[-span:])
        if number == 0:  # only what leads up to the first change
            text = "…" + after
        elif number == len(pieces) - 1:
            text = before + "…"
        else:
            text = f"{before} … {after}"
        out.append(DiffPiece("same", text))
    return tuple(out)


def _entry_for(unit: TextUnit, index: Mapping[tuple[str | None, str], Entry], by_context: Mapping[str, Entry]) -> tuple[Entry | None, bool]:
    """The catalog's entry for a unit, and whether its msgid is the current English. A catalog not
    yet updated may hold the unit under its old English: that entry, as update would make it fuzzy."""
    entry = index.get((unit.id, unit.text))
    if entry is not None:
        return entry, True
    return by_context.get(unit.id), False


def proof_unit(unit: TextUnit, entry: Entry | None, current: bool, shown: str, by_character: bool = False) -> ProofUnit:
    """One unit beside its catalog entry (None: the catalog lacks it)."""
    if entry is None:
        return ProofUnit(unit.id, unit.text, "", "untranslated", shown, notes=(unit.note,) if unit.note else ())
    translation = entry.strings[0] if entry.strings else ""
    previous = entry.previous_msgid if current else entry.msgid
    state = entry.state if current else ("fuzzy" if translation else "untranslated")
    if previous == unit.text:
        previous = None
    # a comment's lines are one text wrapped at 76 columns: the proof shows it as one paragraph
    notes = (" ".join(entry.extracted),) if entry.extracted else ((unit.note,) if unit.note else ())
    comments = (" ".join(entry.comments),) if entry.comments else ()
    diff = in_context(word_diff(previous, unit.text, by_character), by_character=by_character) if (
        previous is not None and state == "fuzzy") else ()
    return ProofUnit(
        unit.id, unit.text, translation, state, f"{shown}:{entry.line}", comments, notes,
        previous if state == "fuzzy" else None, diff,
    )


def proof_units(
    source: BulletinSource, catalog: PoFile | None, shown: str, only: Iterable[str] = (), by_character: bool = False,
) -> tuple[ProofUnit, ...]:
    """Every unit of ``source`` in document order beside ``catalog``'s translation (``shown``: the
    catalog's path as messages give it); with ``only``, just the units in those states."""
    entries = list(catalog.messages) if catalog is not None else []
    index = {entry.key: entry for entry in entries}
    by_context = {entry.msgctxt: entry for entry in entries if entry.msgctxt is not None}
    wanted = set(only)
    units = []
    for unit in source.units():
        entry, current = _entry_for(unit, index, by_context)
        proofed = proof_unit(unit, entry, current, shown, by_character)
        if not wanted or proofed.state in wanted:
            units.append(proofed)
    return tuple(units)


def interface_pairs(
    entries: Iterable[Entry], used: Translations, lines: Mapping[tuple[str | None, str], str], only: Iterable[str] = (),
) -> tuple[Pair, ...]:
    """The interface strings (``entries``: the theme's and the project's templates') as the edition
    shows them: ``used`` is its interface translations, ``lines`` where each was translated."""
    wanted = set(only)
    pairs = []
    for entry in entries:
        if is_override(entry.msgctxt):
            continue
        key = entry.key
        state = used.state(*key)
        forms = used.plurals.get(key)
        text = " | ".join(forms) if forms else used.messages.get(key, "")
        english = entry.msgid if entry.msgid_plural is None else f"{entry.msgid} | {entry.msgid_plural}"
        label = f"{entry.msgctxt} · {english}" if entry.msgctxt else english
        if not wanted or state in wanted:
            pairs.append(Pair(label, english, text, state, lines.get(key, "")))
    return tuple(pairs)


def fact_pairs(
    source: BulletinSource, original: LocalizedBulletin, edition: LocalizedBulletin, translations: Translations,
) -> dict[str, tuple[Pair, ...]]:
    """The places, the countries and the dates: in the source language and as the edition shows them."""
    places = tuple(
        Pair(place.name.id, place.name.text, translations.lookup(place.name.id, place.name.text) or "",
             translations.state(place.name.id, place.name.text))
        for place in source.places
    )
    english = HouseStyle(original.locale) if original.style is None else original.style
    style = edition.style or HouseStyle(edition.locale)
    codes = dict.fromkeys(code for event in source.events for code in event.countries)
    countries = tuple(Pair(f"country/{code}", english.country(code), style.country(code)) for code in codes)
    dates = [Pair("published", original.published.text, edition.published.text)]
    for event, mine, theirs in zip(source.events, original.events, edition.events):
        dates += [Pair(f"{event.id} · {a.iso}", a.text, b.text) for a, b in zip(mine.dates, theirs.dates)]
    return {"places": places, "countries": countries, "dates": tuple(dates)}

