"""Locale profiles: everything silkpress knows about writing one language, in two tables.

``SCRIPTS`` says how a writing system is set: its fonts, its justification and its
typography. ``LOCALES`` adds what is particular to a language: a hyphenation
dictionary, number words, its own checks. A locale missing from ``LOCALES`` gets
a profile derived from CLDR (its script and direction) and pyphen (its dictionary),
so adding a locale whose script is covered takes only configuration.

Code asks :func:`profile_for` and never tests a locale id itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal, Mapping

from .errors import ConfigError
from .fonts import LATIN_CYRILLIC, SERIF, SERIF_SC, SIMPLIFIED_CHINESE, FontFace

Justification = Literal["inter-word", "inter-character"]


@dataclass(frozen=True)
class Script:
    """How text in one writing system (ISO 15924) is set and checked."""

    code: str
    name: str
    letters: re.Pattern[str]
    """The script's letters, for the check that a translation is written in it."""
    faces: tuple[FontFace, ...]
    font_stack: tuple[str, ...]
    """Family names in order: the first face that has a character draws it."""
    justification: Justification = "inter-word"
    typography: Mapping[str, str] = field(default_factory=dict)
    """CSS custom properties the stylesheets read (``--paragraph-indent`` ...)."""
    terms_inflect: bool = True
    """Whether a termbase form may appear inflected (matched by word stems) or only as written."""
    checks: tuple[str, ...] = ()
    """Checks that apply to every language written in this script."""
    diff_unit: Literal["word", "character"] = "word"
    """What the change report compares: words, or characters for a script written without spaces."""


@dataclass(frozen=True)
class LocaleProfile:
    """One locale's script, direction, hyphenation, number words and checks."""

    locale: str
    script: Script
    direction: Literal["ltr", "rtl"] = "ltr"
    hyphenation: str | None = None
    """The language tag that picks a pyphen dictionary (``en-US``), or None: not hyphenated."""
    number_words: tuple[str, ...] = ()
    """How the language may spell 0, 1, 2 ... where the source has digits (word stems)."""
    checks: tuple[str, ...] = ()
    """Checks of this language's own (``uz-apostrophe``), besides its script's."""
    term_endings: int = 3
    """How many letters at a word's end an inflection may change, when termbase forms are matched
    by stem (Russian 3; Kazakh and Uzbek add suffixes to a stem that changes little: 2)."""
    date_formats: Mapping[str, str] = field(default_factory=dict)
    """Overrides of :data:`silkpress.localization.DATE_FORMATS` (``{"day": "yMMMMd"}``)."""
    text_rules: tuple[str, ...] = ()
    """The typography pass's rules for this language's text (names in :data:`silkpress.typography.RULES`)."""
    parent: str | None = None
    """A script-variant edition's parent locale: ``silkpress update`` derives this locale's catalogs
    from the parent's by transliteration (uz_Cyrl from uz)."""
    transliteration: str | None = None
    """The scheme (:data:`silkpress.transliteration.SCHEMES`) that writes the parent's text in this script."""
    cldr: str | None = None
    """Where CLDR has no data for this locale (kk_Latn): the locale whose data is transliterated instead."""

    @property
    def faces(self) -> tuple[FontFace, ...]:
        return self.script.faces

    @property
    def font_stack(self) -> tuple[str, ...]:
        return self.script.font_stack

    @property
    def diff_unit(self) -> Literal["word", "character"]:
        """Whether the change report diffs this language's text by word or by character."""
        return self.script.diff_unit

    @property
    def all_checks(self) -> tuple[str, ...]:
        return self.script.checks + self.checks

    def typography_css(self) -> str:
        """The script's typography as custom properties on the root element."""
        return "".join(f" --{name}: {value};" for name, value in sorted(self.script.typography.items()))


_LATIN_LETTERS = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff\u02bb\u02bc]")
SCRIPTS: dict[str, Script] = {
    "Latn": Script("Latn", "Latin", _LATIN_LETTERS, LATIN_CYRILLIC, (SERIF,)),
    "Cyrl": Script("Cyrl", "Cyrillic", re.compile(r"[\u0400-\u052f]"), LATIN_CYRILLIC, (SERIF,)),
    # The CJK face comes first so that punctuation such as “” is full-width; Latin and
    # Cyrillic fall through to the serif. Chinese justifies between characters and
    # indents paragraphs by two characters.
    "Hans": Script(
        "Hans", "Han", re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"),
        LATIN_CYRILLIC + SIMPLIFIED_CHINESE, (SERIF_SC, SERIF), "inter-character",
        {"paragraph-indent": "2em", "paragraph-align": "justify", "label-suffix": '"："'}, terms_inflect=False, checks=("zh-punctuation",),
        diff_unit="character",
    ),
}

_EN_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_RU_NUMBERS = ("ноль", "од", "дв", "тр", "четыр", "пят", "шест", "сем", "восьм", "девят", "десят")
_KK_NUMBERS = ("нөл", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз", "он")
_UZ_NUMBERS = ("nol", "bir", "ikki", "uch", "toʻrt", "besh", "olti", "yetti", "sakkiz", "toʻqqiz", "oʻn")
_UZ_CYRL_NUMBERS = ("нол", "бир", "икки", "уч", "тўрт", "беш", "олти", "етти", "саккиз", "тўққиз", "ўн")
_KK_LATN_NUMBERS = ("nöl", "bir", "eki", "üş", "tört", "bes", "alty", "jeti", "segiz", "toğyz", "on")

# The typography pass's rules that Russian, Kazakh and Uzbek share: no line starts with a dash,
# "№ 1" and initials stay together.
_NO_BREAK = ("dash", "numero", "initials")

# What CLDR and pyphen cannot tell, by language and script ("uz" is uz_Latn, and uz_Cyrl
# is another language as far as spelling, checks and number words go), then by locale id.
LOCALES: dict[str, dict[str, object]] = {
    "en_Latn": {"number_words": _EN_NUMBERS, "text_rules": ("en-numbers",)},
    # pyphen's plain "en" is British; the source is American English.
    "en": {"hyphenation": "en-US"},
    "ru_Cyrl": {"hyphenation": "ru", "number_words": _RU_NUMBERS, "text_rules": ("ru-short-words", "ru-units", *_NO_BREAK)},
    # No Kazakh or Uzbek dictionary exists in pyphen or Debian: those editions are not hyphenated.
    "kk_Cyrl": {"hyphenation": None, "number_words": _KK_NUMBERS, "checks": ("kk-spelling",), "term_endings": 2,
                "text_rules": ("kk-short-words", "kk-enclitics", "kk-units", *_NO_BREAK)},
    "uz_Latn": {"hyphenation": None, "number_words": _UZ_NUMBERS, "checks": ("uz-apostrophe",), "term_endings": 2,
                "text_rules": ("uz-short-words", "uz-units", *_NO_BREAK)},
    # Script-variant editions, derived from their parent's catalogs (issue 18). Their own script's
    # letter check ("script-letters") allows the other script only in names written so in the source.
    "uz_Cyrl": {"hyphenation": None, "number_words": _UZ_CYRL_NUMBERS, "checks": ("script-letters",), "term_endings": 2,
                "text_rules": ("uz-cyrl-short-words", "uz-cyrl-units", *_NO_BREAK),
                "parent": "uz", "transliteration": "uz-Latn-Cyrl"},
    # CLDR has no kk_Latn (Babel answers kk_Cyrl): its data is kk's, transliterated.
    "kk_Latn": {"hyphenation": None, "number_words": _KK_LATN_NUMBERS, "checks": ("script-letters",), "term_endings": 2,
                "text_rules": ("kk-latn-short-words", "kk-latn-enclitics", "kk-latn-units", *_NO_BREAK),
                "parent": "kk", "transliteration": "kk-Cyrl-Latn", "cldr": "kk"},
    "zh_Hans": {"hyphenation": None, "number_words": tuple("零一二三四五六七八九十"), "text_rules": ("zh-last-line",)},
}


def _script_code(locale: str) -> str | None:
    from babel import Locale
    from babel.core import get_global

    # The id's own script subtag wins: Babel answers kk_Cyrl for kk_Latn, which CLDR lacks.
    named = next((part for part in re.split(r"[_-]", locale)[1:] if len(part) == 4 and part.isalpha()), None)
    if named:
        return named.title()
    parsed = Locale.parse(locale)
    if parsed.script:
        return parsed.script
    likely = str(get_global("likely_subtags").get(parsed.language, ""))
    parts = likely.split("_")
    return next((part for part in parts[1:] if len(part) == 4), None)


def _hyphenation(locale: str) -> str | None:
    import pyphen

    found = pyphen.language_fallback(locale)
    return found.replace("_", "-") if found else None


@lru_cache(maxsize=None)
def profile_for(locale: str) -> LocaleProfile:
    """The profile of a CLDR locale id; ConfigError when silkpress has no fonts for its script."""
    from babel import Locale, UnknownLocaleError

    try:
        parsed = Locale.parse(locale)
    except (ValueError, UnknownLocaleError) as error:
        raise ConfigError(f"unknown locale {locale!r}") from error
    code = _script_code(locale)
    script = SCRIPTS.get(code or "")
    if script is None:
        covered = ", ".join(f"{s.name} ({s.code})" for s in SCRIPTS.values())
        raise ConfigError(f"locale {locale!r} is written in script {code or 'unknown'}, which silkpress has no fonts for"
                          f" (covered: {covered})")
    known = _known(parsed.language, script.code, locale)
    profile = LocaleProfile(
        locale=locale,
        script=script,
        direction="rtl" if parsed.text_direction == "rtl" else "ltr",
        hyphenation=known["hyphenation"] if "hyphenation" in known else _hyphenation(locale),  # type: ignore[arg-type]
    )
    return replace(profile, **{key: value for key, value in known.items() if key != "hyphenation"})  # type: ignore[arg-type]


def _known(language: str, script: str, locale: str) -> dict[str, object]:
    return LOCALES.get(f"{language}_{script}", {}) | LOCALES.get(locale, {})


def derived_locales(locales: tuple[str, ...] | list[str] | None = None) -> dict[str, str]:
    """{variant: parent} of the given locales (default: every table entry) that are derived by transliteration."""
    names = LOCALES if locales is None else locales
    return {name: parent for name in names if (parent := profile_for(name).parent)}


def cldr_locale(locale: str) -> str:
    """The locale whose CLDR data formats ``locale``'s facts (itself, unless CLDR lacks it)."""
    return profile_for(locale).cldr or locale


def faces_for(locales: tuple[str, ...] | list[str]) -> tuple[FontFace, ...]:
    """Every face the given locales' text needs, in a stable order, each once."""
    return tuple(dict.fromkeys(face for locale in locales for face in profile_for(locale).faces))


def stack_for(locales: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """One font stack that draws every given locale's text."""
    return tuple(dict.fromkeys(family for locale in locales for family in profile_for(locale).font_stack))
