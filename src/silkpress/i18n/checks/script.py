"""Script and typography: the right writing system, and each language's own letters and marks.

Which of these checks apply to a locale is its profile's business (:mod:`silkpress.profiles`):
the checks themselves never test a locale id."""

from __future__ import annotations

import re
from typing import Iterator

from ...profiles import SCRIPTS
from .placeholders import PLACEHOLDER

HAN = SCRIPTS["Hans"].letters.pattern
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
# Russian spellings of Kazakh words, with the Kazakh form (matched at the start of a word).
RUSSIAN_SPELLINGS = {
    "Казахстан": "Қазақстан", "казахск": "қазақ", "Казах": "Қазақ", "Караганд": "Қарағанды",
    "Актобе": "Ақтөбе", "Кызылорд": "Қызылорда", "Усть-Каменогорск": "Өскемен", "Семипалатинск": "Семей",
    "Талдыкорган": "Талдықорған", "Алма-Ат": "Алматы", "Шанхай": "Шаңхай", "Урумчи": "Үрімші",
    "Кыргызстан": "Қырғызстан", "Таджикистан": "Тәжікстан", "Туркменистан": "Түрікменстан", "Узбекистан": "Өзбекстан",
}
UZBEK_WRONG_MARKS = {"'": "U+0027 '", "\u2018": "U+2018 ‘", "\u2019": "U+2019 ’", "`": "U+0060 `", "\u02b9": "U+02B9 ʹ"}


def _shares(text: str) -> dict[str, int]:
    text = PLACEHOLDER.sub("", text)
    return {script.name: len(script.letters.findall(text)) for script in SCRIPTS.values()}


def check_script(unit, info) -> Iterator[tuple[str, str, str]]:
    expected = info.profile.script.name
    shares = _shares(unit.translation)
    total = sum(shares.values())
    if total >= 4 and shares[expected] / total < 0.5:
        main = max(shares, key=shares.get)  # type: ignore[arg-type]
        yield "error", "script", f"written mostly in {main} script; {info.locale} is written in {expected}"


_MARKUP = re.compile(r"<[^<>]*>|&#?\w+;|\b(?:https?://|mailto:|www\.)\S+")
_WORD = re.compile(r"[\w\u02bb\u02bc'.+-]*[^\W\d_][\w\u02bb\u02bc'.+-]*")


def check_script_letters(unit, info) -> Iterator[tuple[str, str, str]]:
    """A script-variant edition is written in its own script only: a word with another script's
    letters is an error unless the source writes that very word (a name: ``CentralasianLIGHT.org``)."""
    own = info.profile.script
    text = _MARKUP.sub(" ", PLACEHOLDER.sub(" ", unit.translation))
    source_words = set(_WORD.findall(_MARKUP.sub(" ", unit.source)))
    for word in dict.fromkeys(_WORD.findall(text)):
        foreign = [s for s in SCRIPTS.values() if s is not own and s.letters.search(word)]
        if foreign and word.strip(".-+") not in {w.strip(".-+") for w in source_words}:
            yield ("error", "script-letters", f"{foreign[0].name} letters in {word!r}: {info.locale} is written in {own.name}"
                   " (only names written so in the source may keep their script)")


def check_identical(unit, info) -> Iterator[tuple[str, str, str]]:
    # a script variant's text is its parent's, transliterated: the parent's own check judged it
    if not info.is_source and not info.profile.parent and unit.translation == unit.source and sum(_shares(unit.source).values()) >= 3:
        yield "warning", "identical", "the translation is identical to the English"


def check_uzbek_apostrophes(unit, info) -> Iterator[tuple[str, str, str]]:
    for mark, name in UZBEK_WRONG_MARKS.items():
        if mark in unit.translation:
            yield "error", "uz-apostrophe", f"{name} used: write oʻ and gʻ with U+02BB ʻ and the tutuq belgisi with U+02BC ʼ"
    if re.search(r"[oOgG]\u02bc", unit.translation):
        yield "error", "uz-apostrophe", "oʼ/gʼ written with U+02BC ʼ: oʻ and gʻ take U+02BB ʻ"
    if re.search(r"(?<![oOgG])\u02bb", unit.translation):
        yield "error", "uz-apostrophe", "U+02BB ʻ after a letter other than o or g: the tutuq belgisi is U+02BC ʼ"


def _termbase_spans(translation: str, info) -> list[tuple[int, int]]:  # noqa: ANN001
    """Where the translation writes a Kazakh termbase form, in any inflection (its last word's ending
    may change): an official name wins over the spelling rule (the SCO is «Шанхай ынтымақтастық
    ұйымы», though the city is Шаңхай)."""
    spans = []
    for term in info.terms:
        form = term.forms.get(info.locale, "")
        stem = form[: len(form) - info.profile.term_endings] if len(form) > 8 else form
        for match in re.finditer(re.escape(stem), translation) if stem else ():
            spans.append((match.start(), match.start() + len(form)))
    return spans


def check_kazakh_spelling(unit, info) -> Iterator[tuple[str, str, str]]:
    reported: set[int] = set()
    official = _termbase_spans(unit.translation, info)
    for russian, kazakh in sorted(RUSSIAN_SPELLINGS.items(), key=lambda item: -len(item[0])):
        for match in re.finditer(rf"(?<![\w-]){re.escape(russian)}", unit.translation):
            if any(start <= match.start() < end for start, end in official):
                continue
            if match.start() not in reported:
                reported.add(match.start())
                yield "error", "kk-spelling", f"Russian spelling {russian!r}: Kazakh writes {kazakh!r}"
    words = re.findall(r"[\u0400-\u04ff]+", unit.translation)
    if len(words) >= 8 and not KAZAKH_LETTERS & set(unit.translation):
        yield "error", "kk-spelling", "no Kazakh letter (ә ғ қ ң ө ұ ү һ і) in a whole sentence: Russian text or Russian spelling?"


def check_chinese_punctuation(unit, info) -> Iterator[tuple[str, str, str]]:
    match = re.search(rf"{HAN}\s*([,.:;!?()\"])|([,.:;!?()\"])\s*{HAN}", unit.translation)
    if match:
        mark = match.group(1) or match.group(2)
        yield "error", "zh-punctuation", f"ASCII punctuation {mark!r} next to Han characters: use the full-width form"
