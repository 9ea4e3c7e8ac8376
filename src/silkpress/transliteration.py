"""Transliteration between the two scripts of one language, by rules kept as data.

A scheme (``SCHEMES``) is a JSON table in ``silkpress/translit/``: letters and letter
sequences, the same keyed by context (word-initial, after a vowel, after a consonant),
and exceptions, whole words or stems that the rules would get wrong. The engine here
knows nothing of any language; :data:`silkpress.profiles` names a scheme per locale.

The schemes and their sources (docs/transliteration.md has the tables and the measured
accuracy):

- ``uz-Latn-Cyrl``: Uzbek Latin (the alphabet of the Law of 2 September 1993, as amended
  on 6 May 1995) to Uzbek Cyrillic, by the correspondences of that law and the Cabinet of
  Ministers' "Main rules of Uzbek orthography" (resolution No. 339, 24 August 1995): е/э,
  ye and ё/ю/я, ц in loans, ъ for the tutuq belgisi ʼ, ў for oʻ, ғ for gʻ, ҳ for h, қ for q.
- ``kk-Cyrl-Latn``: Kazakh Cyrillic to the Latin alphabet of the Decree of the President
  of Kazakhstan No. 637 of 26 January 2021 (amending Decree No. 569 of 26 October 2017):
  31 letters, Ä Ğ Ñ Ö Ū Ü Ş with diacritics, I ı for і, İ i for и and й, Y y for ы,
  U u for у, H h for х and һ (as reported by the Government on 28 January 2021 and
  tabulated in https://en.wikipedia.org/wiki/Kazakh_alphabets). The decree's table has no
  letter for ё ц ч щ ъ ь э ю я, which occur in Russian loans; the scheme writes them as the
  official 2018 alphabet did (ts ch şş io iu ia e, ъ ь dropped), as its table's notes say.

What is never transliterated: ``{placeholders}``, printf formats (``%(name)s``, ``%s``),
URLs, and the substrings the caller lists in ``keep`` (names kept in the other script).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Mapping

_SCHEME_DIR = Path(__file__).with_name("translit")

# Spans left as they are: URLs, {placeholders}, printf/Python formats. A bare conversion
# (%s, %d) counts only when no letter follows it: "25%ga" is Uzbek for "to 25 %", not a format.
_CONVERSION = r"[-#0+]*\d*(?:\.\d+)?[sdifrxXeEgGcoaub]"
_PROTECTED = re.compile(
    r"(?:https?|ftp)://[^\s<>\"]+[^\s<>\".,;:!?)\]}»”’]"
    r"|www\.[^\s<>\"]+[^\s<>\".,;:!?)\]}»”’]"
    r"|\{[^{}\s]*\}"
    rf"|%\([^)\s]*\){_CONVERSION}|%%|%{_CONVERSION}(?![^\W\d_])"
)


@dataclass(frozen=True)
class Scheme:
    """One direction of transliteration: its rules, read from a JSON table."""

    name: str
    table: str
    """The file in ``silkpress/translit/`` that holds the rules."""
    source_script: str
    target_script: str

    @property
    def rules(self) -> "Rules":
        return _rules(self.table)


@dataclass(frozen=True)
class Rules:
    """A scheme's table, prepared for matching (all keys lowercase)."""

    letters: Mapping[str, str]
    initial: Mapping[str, str]
    after_vowel: Mapping[str, str]
    after_consonant: Mapping[str, str]
    vowels: frozenset[str]
    exceptions: Mapping[str, str]
    """Stems: a word that starts with one is written with its value, then the rules go on."""
    words: Mapping[str, str]
    """Whole words, written as the value says."""
    upper: Mapping[str, str]
    """Capitals that Python's str.upper() gets wrong for this target (Kazakh i → İ)."""
    marks: Mapping[str, str]
    """Input variants of apostrophe-like letters, and what each becomes after which letter."""
    punctuation: Mapping[int, str]
    """Marks between words that the target script writes otherwise (Uzbek Cyrillic quotes with « »)."""
    longest: int
    longest_stem: int
    word: re.Pattern[str]
    """What one word is, apostrophe variants included."""


SCHEMES: dict[str, Scheme] = {
    "uz-Latn-Cyrl": Scheme("uz-Latn-Cyrl", "uz-Latn-Cyrl.json", "Latn", "Cyrl"),
    "kk-Cyrl-Latn": Scheme("kk-Cyrl-Latn", "kk-Cyrl-Latn.json", "Cyrl", "Latn"),
}


@lru_cache(maxsize=None)
def _rules(table: str, skip_origin: str = "") -> Rules:
    """A table's rules; ``skip_origin`` leaves out the exception groups of that origin (to
    measure what they add)."""
    data = json.loads((_SCHEME_DIR / table).read_text(encoding="utf-8"))
    # Exceptions come in groups, each with its origin and the source that justifies it.
    exceptions = {k: v for group in data.get("exceptions", {}).values()
                  if group["origin"] != skip_origin for k, v in group["stems"].items()}
    words = {k: v for group in data.get("words", {}).values()
             if group["origin"] != skip_origin for k, v in group["words"].items()}
    tables = [data["letters"], data.get("initial", {}), data.get("after_vowel", {}),
              data.get("after_consonant", {})]
    marks = data.get("marks", {})
    return Rules(
        letters=data["letters"],
        initial=data.get("initial", {}),
        after_vowel=data.get("after_vowel", {}),
        after_consonant=data.get("after_consonant", {}),
        vowels=frozenset(data.get("vowels", [])),
        exceptions=exceptions,
        words=words,
        upper=data.get("upper", {}),
        marks=marks,
        punctuation=str.maketrans(data.get("punctuation", {})),
        longest=max(len(k) for t in tables for k in t),
        longest_stem=max(map(len, exceptions), default=0),
        word=_word_pattern(marks),
    )


def get_scheme(name: str) -> Scheme:
    """The scheme called ``name``; a KeyError names the known ones."""
    try:
        return SCHEMES[name]
    except KeyError:
        raise KeyError(f"unknown transliteration scheme {name!r} (known: {', '.join(sorted(SCHEMES))})") from None


def transliterate(text: str, scheme: str, keep: Iterable[str] = ()) -> str:
    """``text`` in the other script, by the rules of the scheme named ``scheme``, case
    preserved; the ``keep`` substrings, placeholders, printf formats and URLs are left as they are."""
    return apply(text, get_scheme(scheme).rules, keep)


def rules_without(scheme_name: str, origin: str) -> Rules:
    """A scheme's rules without its exception groups of ``origin`` (``"cldr-misses"``)."""
    return _rules(get_scheme(scheme_name).table, origin)


def apply(text: str, rules: Rules, keep: Iterable[str] = ()) -> str:
    """:func:`transliterate` with rules already loaded."""
    out: list[str] = []
    for chunk, protected in _split(text, tuple(sorted(set(keep)))):
        out.append(chunk if protected else _text(chunk, rules))
    return "".join(out)


@lru_cache(maxsize=256)
def _protected(keep: tuple[str, ...]) -> re.Pattern[str]:
    # Kept names first and longest first: a name may contain what looks like a format.
    names = [re.escape(k) for k in sorted(set(keep), key=lambda k: (-len(k), k)) if k]
    return re.compile("|".join([*names, _PROTECTED.pattern]))


def _split(text: str, keep: tuple[str, ...]) -> list[tuple[str, bool]]:
    """``text`` cut into (chunk, protected) pieces."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for m in _protected(keep).finditer(text):
        if m.start() > at:
            pieces.append((text[at:m.start()], False))
        pieces.append((m.group(), True))
        at = m.end()
    if at < len(text):
        pieces.append((text[at:], False))
    return pieces


def _word_pattern(marks: Mapping[str, str]) -> re.Pattern[str]:
    variants = "".join(sorted(marks.get("variants", "")))
    if not variants:
        return re.compile(r"[^\W\d_]+")
    # An apostrophe variant belongs to a word when a letter follows it, or when it turns
    # the letter before it (o‘ at a word's end).
    turned = "".join(sorted(marks.get("turned_after", "")))
    cls = re.escape(variants)
    tail = rf"|(?<=[{re.escape(turned + turned.upper())}])[{cls}]" if turned else ""
    return re.compile(rf"[^\W\d_]+(?:(?:[{cls}](?=[^\W\d_])|[^\W\d_]+{tail}))*")


def _text(chunk: str, rules: Rules) -> str:
    words = rules.word.sub(lambda m: _word(m.group(), rules), chunk)
    return words.translate(rules.punctuation) if rules.punctuation else words


def _normalize_marks(word: str, rules: Rules) -> str:
    """Apostrophe variants as the scheme's two letters: turned (ʻ) after o and g, else ʼ."""
    variants = rules.marks.get("variants", "")
    if not variants:
        return word
    turned_after = rules.marks.get("turned_after", "")
    chars = list(word)
    for i, ch in enumerate(chars):
        if ch not in variants or i == 0:
            continue
        if chars[i - 1].lower() in turned_after:
            chars[i] = rules.marks["turned"]
        elif i + 1 < len(chars) and chars[i + 1].isupper() and not word.isupper():
            continue  # a French elision (Kot-d’Ivuar), not the tutuq belgisi: left as written
        else:
            chars[i] = rules.marks["apostrophe"]
    return "".join(chars)


def _word(word: str, rules: Rules) -> str:
    """One word, token by token, each token's case carried to its output."""
    word = _normalize_marks(word, rules)
    # Letter by letter, so that indices stay aligned (str.lower() makes two of "İ").
    lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in word)
    cased = [c for c in word if c.isalpha() and c.lower() != c.upper()]
    all_caps = len(cased) > 1 and all(c.isupper() for c in cased)
    whole = rules.words.get(lower)
    if whole is not None:
        return _case(whole, word, all_caps, rules)
    out: list[str] = []
    i, prev = 0, ""
    stem = _stem(lower, rules)
    if stem:
        out.append(_case(rules.exceptions[stem], word[: len(stem)], all_caps, rules))
        i, prev = len(stem), stem[-1]
    while i < len(lower):
        key, value = _match(lower, i, prev, rules)
        out.append(_case(value, word[i : i + len(key)], all_caps, rules))
        prev = key
        i += len(key)
    return "".join(out)


def _stem(lower: str, rules: Rules) -> str:
    """The longest exception stem that ``lower`` starts with, or ''."""
    for n in range(min(len(lower), rules.longest_stem), 0, -1):
        if lower[:n] in rules.exceptions:
            return lower[:n]
    return ""


def _match(lower: str, i: int, prev: str, rules: Rules) -> tuple[str, str]:
    """The longest rule key at ``lower[i:]``; context tables win over plain letters."""
    contexts: list[Mapping[str, str]] = []
    if i == 0:
        contexts.append(rules.initial)
    elif _is_vowel(prev, rules):
        contexts.append(rules.after_vowel)
    else:
        contexts.append(rules.after_consonant)
    for n in range(min(rules.longest, len(lower) - i), 0, -1):
        key = lower[i : i + n]
        for table in (*contexts, rules.letters):
            if key in table:
                return key, table[key]
    return lower[i], lower[i]


def _is_vowel(token: str, rules: Rules) -> bool:
    return token in rules.vowels


def _case(value: str, source: str, all_caps: bool, rules: Rules) -> str:
    """``value`` in the case of ``source``: all capitals, a capital first, or as it is."""
    if not value or not source[:1].isupper():
        return value
    if all_caps or (len(source) > 1 and source.isupper() and len(value) == 1):
        return "".join(rules.upper.get(c, c.upper()) for c in value)
    return rules.upper.get(value[0], value[0].upper()) + value[1:]
