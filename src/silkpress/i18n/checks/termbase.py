"""The project termbase (locales/termbase.tsv): official names must be used as given."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from babel import Locale

from ...errors import CatalogError
from ...inputs import decode, exists, read_input
from .invisible import visible


AVOID = "do not use"
"""The column of rejected forms: ``ru: a form; kk: another; ru: a third``."""


@dataclass(frozen=True)
class Term:
    en: str
    forms: dict[str, str] = field(hash=False, compare=False)
    line: int = 0
    avoid: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False, compare=False)
    """Forms reviews rejected, by locale: a catalog must not use them anywhere."""


def _avoided(value: str, shown: str, line: int) -> dict[str, tuple[str, ...]]:
    avoid: dict[str, tuple[str, ...]] = {}
    for item in filter(None, (part.strip() for part in value.split(";"))):
        locale, colon, form = item.partition(":")
        if not colon or not form.strip() or not re.fullmatch(r"[a-z]{2,3}(?:_[A-Za-z]{2,4})*", locale.strip()):
            raise CatalogError(f"'{AVOID}' lists forms as 'locale: form', separated by ';', not {item!r}", shown, line)
        avoid[locale.strip()] = avoid.get(locale.strip(), ()) + (form.strip(),)
    return avoid


def load_termbase(path: Path, shown: str, root: Path | None = None) -> tuple[Term, ...]:
    """Terms sorted longest first; a missing termbase means no terms."""
    if not exists(path):
        return ()
    text = decode(read_input(path, "termbase", shown, root), "termbase", shown)
    rows = csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(rows, None)
    if not header or header[0] != "en":
        raise CatalogError("the termbase must start with a header line beginning with 'en'", shown, 1)
    terms = []
    for number, row in enumerate(rows, start=2):
        if not row or not row[0].strip():
            continue
        cells = dict(zip(header[1:], row[1:]))
        forms = {column: value.strip() for column, value in cells.items() if value.strip() and column not in ("status", AVOID)}
        terms.append(Term(row[0].strip(), forms, number, _avoided(cells.get(AVOID, ""), shown, number)))
    return tuple(sorted(terms, key=lambda term: -len(term.en)))


_WORD = re.compile(r"[^\W\d_]+(?:[\u02bb\u02bc][^\W\d_]+)*")


def _stems(form: str, trim: int = 3, shortest: int = 4) -> list[str]:
    """The words of a form that carry it (``shortest`` letters or more), less the letters an ending may change."""
    return [word[: max(3, len(word) - trim)].lower() for word in _WORD.findall(form) if len(word) >= shortest]


def _uses(form: str, translation: str, inflects: bool, trim: int = 3) -> bool:
    """Whether the translation has the form, inflected as the language may (its words in any order)."""
    if not inflects:  # a script written without inflection (Chinese): the form as written
        return form in translation
    lowered = translation.lower()
    return all(stem in lowered for stem in _stems(form, trim))


def _in_order(form: str, translation: str, inflects: bool, trim: int = 3) -> bool:
    """Whether the form's words stand in the translation in the form's order, close together."""
    if not inflects:
        return form in translation
    stems = _stems(form, trim)
    if not stems:  # an abbreviation such as ШОС: the form as written
        return form.lower() in translation.lower()
    lowered = translation.lower()
    start = lowered.find(stems[0])
    while start >= 0:  # from each place the first word stands
        position = start + len(stems[0])
        for stem in stems[1:]:
            position = lowered.find(stem, position)
            if position < 0:
                return False
            position += len(stem)
        if position - start <= 2 * len(form):
            return True
        start = lowered.find(stems[0], start + 1)
    return False


def _sequence(stems: list[str], lowered: str) -> bool:
    """Whether the stems stand in this order somewhere in the text, however far apart."""
    position = 0
    for stem in stems:
        position = lowered.find(stem, position)
        if position < 0:
            return False
        position += len(stem)
    return True


def _reordered(form: str, translation: str, inflects: bool, trim: int = 3) -> bool:
    """Whether the translation has the form's words close together but in another order (the other
    word order of a name: "one term, one form")."""
    stems = _stems(form, trim) if inflects else []
    lowered = translation.lower()
    if len(stems) < 2 or _sequence(stems, lowered):
        return False
    for start in (match.start() for match in re.finditer(re.escape(stems[0]), lowered)):
        window = lowered[max(0, start - 2 * len(form)): start + 2 * len(form)]
        if all(stem in window for stem in stems):
            return True
    return False


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    return frozenset(Locale("en").territories.values())


@lru_cache(maxsize=4096)
def _term_pattern(english: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(english)}(?!\w)")


def check_terms(unit, info) -> Iterator[tuple[str, str, str]]:
    """Where the English names a term, the translation uses its form (by stem in inflecting languages,
    so in any inflection), in the form's word order; and no translation uses a rejected form.

    Longer terms are matched first and consume their text; country names are
    left to CLDR, since prose may name a country in more than one way.
    """
    if info.is_source or not info.terms:
        return
    countries = _country_names()
    # as a reader sees them: hidden characters are the invisible check's finding, not a wrong term
    remaining, translation = visible(unit.source), visible(unit.translation)
    inflects, trim = info.profile.script.terms_inflect, info.profile.term_endings
    yield from _rejected(info, translation, inflects, trim)
    for term in info.terms:
        form = term.forms.get(info.locale)
        if term.en not in remaining:  # most terms are not there: skip the regular expression
            continue
        pattern = _term_pattern(term.en)
        if not pattern.search(remaining):
            continue
        remaining = pattern.sub("\x00", remaining)
        if not form or term.en in countries:
            continue
        if not _uses(visible(form), translation, inflects, trim):
            yield "error", "termbase", f"{term.en!r} should be translated as {form!r} (termbase line {term.line})"
        elif _reordered(visible(form), translation, inflects, trim):
            yield "warning", "termbase", (f"{term.en!r} is written {form!r} in the termbase (line {term.line}), in that"
                                          " word order: one term, one form")


def _rejected(info, translation: str, inflects: bool, trim: int) -> Iterator[tuple[str, str, str]]:  # noqa: ANN001
    for term in info.terms:
        use = term.forms.get(info.locale)
        for avoid in term.avoid.get(info.locale, ()):
            if _has_rejected(visible(avoid), visible(use or ""), translation, inflects, trim):
                instead = f": write {use!r}" if use else ""
                yield "error", "termbase", f"{avoid!r} is a rejected form of {term.en!r} (termbase line {term.line}){instead}"


def _has_rejected(avoid: str, official: str, translation: str, inflects: bool, trim: int) -> bool:
    """A rejected form as written (any case), or inflected: its words in its order, close together,
    unless the official form's words from the same first word stand there (so a rejected form that differs from the
    official one only in endings, «tahliliy markazlar» against «tahlil markazlari», is caught as
    written, and never in the right text)."""
    lowered = translation.lower()
    if " ".join(avoid.lower().split()) in " ".join(lowered.split()):
        return True
    stems = _stems(avoid, trim) if inflects else []
    if len(stems) < 2:  # one short stem is in too many words: such a form is matched as written
        return False
    official_stems = _stems(official, trim) if official else []
    # the official form's words from the one the rejected form starts with
    first = next((index for index, stem in enumerate(official_stems)
                  if stem.startswith(stems[0]) or stems[0].startswith(stem)), None)
    official_rest = official_stems[first:] if first is not None else []
    for start in (match.start() for match in re.finditer(re.escape(stems[0]), lowered)):
        official_here = bool(official_rest) and _sequence(official_rest, lowered[start: start + 2 * len(official)])
        if _sequence(stems, lowered[start: start + 2 * len(avoid)]) and not official_here:
            return True
    return False



# the two sides of a format name in quotes: «Китай — Центральная Азия», “Markaziy Osiyo – Xitoy”
_PAIR = re.compile(r"(?<=[«„“\"])([^\W\d_][^—–«»„“”\"]*?)\s*([—–])\s*([^\W\d_][^—–«»„“”\"]*?)(?=[»“”\"])")


def _swapped(form: str) -> str | None:
    """The form with the two sides of its quoted format name swapped, or None if it has no such name."""
    match = _PAIR.search(form)
    if not match:
        return None
    first, dash, second = match.groups()
    return f"{form[:match.start()]}{second}\u00a0{dash} {first}{form[match.end():]}"


def _written(form: str, text: str, trim: int) -> bool:
    """Whether the form's words (three letters or more, endings free) stand in the text in its order,
    within about the form's own length."""
    stems = _stems(form, trim, shortest=3)
    for start in (match.start() for match in re.finditer(re.escape(stems[0]), text)) if stems else ():
        if _sequence(stems, text[start: start + int(1.3 * len(form)) + 6]):
            return True
    return False


def check_consistency(units, info) -> Iterator[tuple[object, str, str, str]]:  # noqa: ANN001
    """One term, one form in a catalog: where some messages name a format in the termbase's order
    («саммит «Центральная Азия — Китай»») and another names it with its two sides swapped
    («саммит «Китай — Центральная Азия»»), whatever their English says, the other is warned about."""
    if info.is_source or not info.terms or not info.profile.script.terms_inflect:
        return
    trim = info.profile.term_endings
    texts = [(unit, visible(unit.translation).lower()) for unit in units if unit.translation and not unit.message.fuzzy]
    for term in info.terms:
        form = visible(term.forms.get(info.locale, ""))
        swapped = _swapped(form)
        if not swapped:
            continue
        usual = next((unit for unit, text in texts if _written(form, text, trim)), None)
        if usual is None:
            continue
        for unit, text in texts:
            if _written(swapped, text, trim):
                yield unit, "warning", "termbase", (
                    f"{term.en!r} is named here with its two sides swapped: the termbase (line {term.line}) and"
                    f" {usual.context or usual.source} write {form!r}; one term, one form")
