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


@dataclass(frozen=True)
class Term:
    en: str
    forms: dict[str, str] = field(hash=False, compare=False)
    line: int = 0


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
        forms = {column: value.strip() for column, value in zip(header[1:], row[1:]) if value.strip() and column != "status"}
        terms.append(Term(row[0].strip(), forms, number))
    return tuple(sorted(terms, key=lambda term: -len(term.en)))


def _stems(form: str) -> list[str]:
    words = re.findall(r"[^\W\d_]+(?:[\u02bb\u02bc][^\W\d_]+)*", form)
    return [word[: max(3, len(word) - 3)].lower() for word in words if len(word) >= 4]


def _uses(form: str, translation: str, inflects: bool) -> bool:
    if not inflects:  # a script written without inflection (Chinese): the form as written
        return form in translation
    lowered = translation.lower()
    return all(stem in lowered for stem in _stems(form))


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    return frozenset(Locale("en").territories.values())


@lru_cache(maxsize=4096)
def _term_pattern(english: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(english)}(?!\w)")


def check_terms(unit, info) -> Iterator[tuple[str, str, str]]:
    """Where the English names a term, the translation uses its form (by stem in inflecting languages).

    Longer terms are matched first and consume their text; country names are
    left to CLDR, since prose may name a country in more than one way.
    """
    if info.is_source or not info.terms:
        return
    countries = _country_names()
    # as a reader sees them: hidden characters are the invisible check's finding, not a wrong term
    remaining, translation = visible(unit.source), visible(unit.translation)
    for term in info.terms:
        form = term.forms.get(info.locale)
        if term.en not in remaining:  # most terms are not there: skip the regular expression
            continue
        pattern = _term_pattern(term.en)
        if not pattern.search(remaining):
            continue
        remaining = pattern.sub("\x00", remaining)
        if form and term.en not in countries and not _uses(visible(form), translation, info.profile.script.terms_inflect):
            yield "error", "termbase", f"{term.en!r} should be translated as {form!r} (termbase line {term.line})"
