"""Numbers, whitespace, end punctuation and length: the content must match the source."""

from __future__ import annotations

import re
import statistics
from typing import Iterator

from .invisible import visible
from .placeholders import PLACEHOLDER

NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f\u2009 ]\d+)*")
CLOSERS = "\"'”’»)）》」』]"
END_MARKS = {".": ".", "。": ".", "?": "?", "？": "?", "!": "!", "！": "!", ":": ":", "：": ":", "…": "…"}


def _normalize(number: str) -> str:
    digits = re.sub(r"[\u00a0\u202f\u2009 ]", "", number).replace(",", ".")
    return digits.rstrip(".")


def check_numbers(unit, info) -> Iterator[tuple[str, str, str]]:
    source, translation = visible(unit.source), visible(unit.translation)  # "20\u200b25" is 2025 to a reader
    found = {_normalize(n) for n in NUMBER.findall(translation)}
    # a thousands separator may be written or not: 1,000 / 1 000 / 1000
    found |= {n.replace(".", "") for n in found}
    words = info.profile.number_words  # how the language may spell small numbers out
    for number in NUMBER.findall(source):
        value = _normalize(number)
        if value in found or value.replace(".", "") in found:
            continue
        if value.isdigit() and int(value) < len(words) and words[int(value)] in translation.lower():
            continue
        yield "error", "numbers", f"the number {number} is missing from the translation"


def check_whitespace(unit, info) -> Iterator[tuple[str, str, str]]:
    source, translation = unit.source, unit.translation
    if (source[:1].isspace()) != (translation[:1].isspace()):
        yield "error", "whitespace", "leading whitespace differs from the source"
    if (source[-1:].isspace()) != (translation[-1:].isspace()):
        yield "error", "whitespace", "trailing whitespace differs from the source"


# Abbreviations whose period is not sentence punctuation ("в 2025 г.", "2025 ж.").
ABBREVIATIONS = ("г.", "гг.", "ж.", "т. д.", "т. п.", "etc.", "No.")


def _end_mark(text: str) -> str | None:
    stripped = text.rstrip().rstrip(CLOSERS).rstrip()
    return END_MARKS.get(stripped[-1:]) if stripped else None


def check_end_punctuation(unit, info) -> Iterator[tuple[str, str, str]]:
    if unit.translation.rstrip().rstrip(CLOSERS).endswith(ABBREVIATIONS):
        return  # the abbreviation's period may or may not end the sentence too
    expected, found = _end_mark(unit.source), _end_mark(unit.translation)
    if expected != found:
        want = f"ends with {expected!r}" if expected else "has no end punctuation"
        yield "warning", "end-punctuation", f"the source {want}, the translation {'ends with ' + repr(found) if found else 'has none'}"


def _ratio(unit) -> float | None:
    source, translation = (PLACEHOLDER.sub("", text) for text in (unit.source, unit.translation))
    if len(source) < 20 or not translation:
        return None
    return len(translation) / len(source)


def median_length_ratio(units) -> float | None:
    ratios = [r for u in units if not u.message.fuzzy and (r := _ratio(u)) is not None]
    return statistics.median(ratios) if len(ratios) >= 5 else None


def check_length(unit, info) -> Iterator[tuple[str, str, str]]:
    ratio = _ratio(unit)
    if ratio is None or info.length_median is None:
        return
    if ratio > info.length_median * 2.2 or ratio < info.length_median / 2.2:
        yield "warning", "length", (
            f"length ratio {ratio:.2f} is far from this catalog's usual {info.length_median:.2f}: "
            "something added or left out?"
        )
