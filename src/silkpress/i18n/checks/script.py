"""Script and typography: the right writing system, and each language's own letters and marks."""

from __future__ import annotations

import re
from typing import Iterator

from babel import Locale
from babel.core import get_global

from .placeholders import PLACEHOLDER

SCRIPTS = {
    "Han": re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"),
    "Cyrillic": re.compile(r"[\u0400-\u052f]"),
    "Latin": re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff\u02bb\u02bc]"),
}
BY_CODE = {"Hans": "Han", "Hant": "Han", "Cyrl": "Cyrillic", "Latn": "Latin"}
HAN = SCRIPTS["Han"].pattern
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
# Russian spellings of Kazakh words, with the Kazakh form (matched at the start of a word).
RUSSIAN_SPELLINGS = {
    "Казахстан": "Қазақстан", "казахск": "қазақ", "Казах": "Қазақ", "Караганд": "Қарағанды",
    "Актобе": "Ақтөбе", "Кызылорд": "Қызылорда", "Усть-Каменогорск": "Өскемен", "Семипалатинск": "Семей",
    "Талдыкорган": "Талдықорған", "Алма-Ат": "Алматы", "Шанхай": "Шаңхай", "Урумчи": "Үрімші",
    "Кыргызстан": "Қырғызстан", "Таджикистан": "Тәжікстан", "Туркменистан": "Түрікменстан", "Узбекистан": "Өзбекстан",
}
UZBEK_WRONG_MARKS = {"'": "U+0027 '", "\u2018": "U+2018 ‘", "\u2019": "U+2019 ’", "`": "U+0060 `", "\u02b9": "U+02B9 ʹ"}


def expected_script(locale: str) -> str | None:
    parsed = Locale.parse(locale)
    code = parsed.script
    if code is None:
        likely = get_global("likely_subtags").get(parsed.language, "")
        code = likely.split("_")[1] if likely.count("_") >= 1 and len(likely.split("_")[1]) == 4 else None
    return BY_CODE.get(code or "")




def _shares(text: str) -> dict[str, int]:
    text = PLACEHOLDER.sub("", text)
    return {name: len(pattern.findall(text)) for name, pattern in SCRIPTS.items()}


def check_script(unit, info) -> Iterator[tuple[str, str, str]]:
    expected = expected_script(info.locale)
    if expected is None:
        return
    shares = _shares(unit.translation)
    total = sum(shares.values())
    if total >= 4 and shares[expected] / total < 0.5:
        main = max(shares, key=shares.get)  # type: ignore[arg-type]
        yield "error", "script", f"written mostly in {main} script; {info.locale} is written in {expected}"


def check_identical(unit, info) -> Iterator[tuple[str, str, str]]:
    if not info.is_source and unit.translation == unit.source and sum(_shares(unit.source).values()) >= 3:
        yield "warning", "identical", "the translation is identical to the English"


def check_uzbek_apostrophes(unit, info) -> Iterator[tuple[str, str, str]]:
    if info.locale.split("_")[0] != "uz":
        return
    for mark, name in UZBEK_WRONG_MARKS.items():
        if mark in unit.translation:
            yield "error", "uz-apostrophe", f"{name} used: write oʻ and gʻ with U+02BB ʻ and the tutuq belgisi with U+02BC ʼ"
    if re.search(r"[oOgG]\u02bc", unit.translation):
        yield "error", "uz-apostrophe", "oʼ/gʼ written with U+02BC ʼ: oʻ and gʻ take U+02BB ʻ"
    if re.search(r"(?<![oOgG])\u02bb", unit.translation):
        yield "error", "uz-apostrophe", "U+02BB ʻ after a letter other than o or g: the tutuq belgisi is U+02BC ʼ"


def check_kazakh_spelling(unit, info) -> Iterator[tuple[str, str, str]]:
    if info.locale.split("_")[0] != "kk":
        return
    reported: set[int] = set()
    for russian, kazakh in sorted(RUSSIAN_SPELLINGS.items(), key=lambda item: -len(item[0])):
        for match in re.finditer(rf"(?<![\w-]){re.escape(russian)}", unit.translation):
            if match.start() not in reported:
                reported.add(match.start())
                yield "error", "kk-spelling", f"Russian spelling {russian!r}: Kazakh writes {kazakh!r}"
    words = re.findall(r"[\u0400-\u04ff]+", unit.translation)
    if len(words) >= 8 and not KAZAKH_LETTERS & set(unit.translation):
        yield "error", "kk-spelling", "no Kazakh letter (ә ғ қ ң ө ұ ү һ і) in a whole sentence: Russian text or Russian spelling?"


def check_chinese_punctuation(unit, info) -> Iterator[tuple[str, str, str]]:
    if info.locale.split("_")[0] != "zh":
        return
    match = re.search(rf"{HAN}\s*([,.:;!?()\"])|([,.:;!?()\"])\s*{HAN}", unit.translation)
    if match:
        mark = match.group(1) or match.group(2)
        yield "error", "zh-punctuation", f"ASCII punctuation {mark!r} next to Han characters: use the full-width form"
