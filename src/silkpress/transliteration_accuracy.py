"""How often a transliteration scheme writes what a reference no one here wrote says.

Two references: CLDR's Uzbek names in both scripts (``uz_Latn`` and ``uz_Cyrl``, through
Babel: territories, languages, scripts, months and days), and a list of Kazakh words
and names in Cyrillic and in the 2021 Latin alphabet, each row with its source
(``tests/data/translit/kk_reference.tsv``). ``scripts/translit_accuracy.py`` prints the
figures and every miss; the tests assert them.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .transliteration import Rules, apply, get_scheme

_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Pair:
    """One reference: a text in the source script and its spelling in the target script."""

    source: str
    target: str
    origin: str
    """Where the pair comes from (``CLDR territories/CN``, a URL ...)."""
    note: str = ""
    """Why the reference is not a plain transliteration, when it is known not to be."""


@dataclass(frozen=True)
class Miss:
    pair: Pair
    got: str
    reason: str = ""
    """Why the reference is not comparable (another word, a CLDR error ...), or '' for a real miss."""


@dataclass(frozen=True)
class Accuracy:
    """Exact matches over comparable pairs, each real miss, and each pair set aside with its reason."""

    scheme: str
    pairs: int
    exact: int
    misses: tuple[Miss, ...]
    set_aside: tuple[Miss, ...] = ()

    @property
    def compared(self) -> int:
        return self.pairs - len(self.set_aside)

    @property
    def ratio(self) -> float:
        """Exact matches over the pairs compared."""
        return self.exact / self.compared if self.compared else 0.0

    @property
    def raw_ratio(self) -> float:
        """Exact matches over every pair, those set aside included."""
        return self.exact / self.pairs if self.pairs else 0.0


def cldr_reason(pair: Pair, got: str) -> str:
    """Why a CLDR pair that ``got`` misses is not comparable: its note, or one of two differences
    that are CLDR's, not the script's: capitals (uz_Cyrl writes month names in lowercase and
    script names with a capital where uz_Latn does the opposite), and the -ча adverb or the
    word тил(и) that uz_Cyrl adds to a language's name."""
    if pair.note:
        return pair.note
    if got.casefold() == pair.target.casefold():
        return "case: CLDR capitalizes the name differently in uz_Latn and uz_Cyrl"
    if _ADVERB.sub("", pair.target).casefold() == got.casefold():
        return "form: uz_Cyrl names the language with the -ча adverb or тил(и), uz_Latn with the bare name"
    return ""


_ADVERB = re.compile(r"ча\b| тили\b| тил\b")


def cldr_uz_pairs(disagreements: dict[str, str] | None = None) -> list[Pair]:
    """CLDR's Uzbek names in Latin and in Cyrillic, one pair per distinct Latin name.

    A Cyrillic value that holds Latin letters is CLDR falling back to another locale, not a
    reference, and is left out. ``disagreements`` maps a Latin name to the reason its CLDR
    Cyrillic name is not its transliteration (another word, a CLDR error).
    """
    from babel import Locale

    latin, cyrillic = Locale.parse("uz_Latn"), Locale.parse("uz_Cyrl")
    pairs: dict[str, Pair] = {}
    for kind in ("territories", "languages", "scripts"):
        lat, cyr = getattr(latin, kind), getattr(cyrillic, kind)
        for key in sorted(set(lat) & set(cyr)):
            _add(pairs, lat[key], cyr[key], f"CLDR {kind}/{key}", disagreements)
    for kind in ("months", "days"):
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                lat, cyr = getattr(latin, kind)[context][width], getattr(cyrillic, kind)[context][width]
                for key in sorted(set(lat) & set(cyr)):
                    _add(pairs, lat[key], cyr[key], f"CLDR {kind}/{context}/{width}/{key}", disagreements)
    return list(pairs.values())


def _add(pairs: dict[str, Pair], lat: str, cyr: str, origin: str, notes: dict[str, str] | None) -> None:
    if _LATIN.search(cyr) or lat in pairs:
        return
    notes = notes or {}
    pairs[lat] = Pair(lat, cyr, origin, notes.get(lat) or notes.get(lat.lower(), ""))


def read_pairs(path: Path) -> list[Pair]:
    """Pairs from a TSV file with a header: source, target, origin and an optional note."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return [Pair(r["source"], r["target"], r["origin"], r.get("note") or "") for r in rows]


def read_notes(path: Path) -> dict[str, str]:
    """A TSV of ``source`` → ``note``: references known not to be plain transliterations."""
    return {p.source: p.note for p in read_pairs(path)}


def measure(pairs: Iterable[Pair], scheme_name: str, reason: Callable[[Pair, str], str] | None = None,
            rules: Rules | None = None) -> Accuracy:
    """Each pair's source through ``scheme_name`` (or through ``rules``), compared with its
    target exactly; a miss that ``reason`` explains is set aside (not compared), the rest are misses."""
    pairs = list(pairs)
    rules = rules or get_scheme(scheme_name).rules
    misses: list[Miss] = []
    aside: list[Miss] = []
    for pair in pairs:
        got = apply(pair.source, rules)
        if got == pair.target:
            continue
        why = reason(pair, got) if reason else pair.note
        (aside if why else misses).append(Miss(pair, got, why))
    exact = len(pairs) - len(misses) - len(aside)
    return Accuracy(scheme_name, len(pairs), exact, tuple(misses), tuple(aside))
