"""Placeholders and inline markup must survive translation exactly."""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterator

from ...catalogs import is_format_string

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]|%[sdifr]")
# HTML elements a message may carry inline: one of these missing from a translation is lost markup.
# "<That>" in running English is not markup, and a translation may leave it out.
INLINE_ELEMENTS = (
    "a|abbr|b|bdi|bdo|br|cite|code|data|dfn|em|i|kbd|mark|q|s|samp|small|span|strong|sub|sup|time|u|var|wbr|img|script|style|iframe"
)
INLINE_TAG = re.compile(rf"</?(?:{INLINE_ELEMENTS})(?:\s[^<>]*)?/?>", re.IGNORECASE)
# Anything tag-like: <name ...>, </name>, <name/>, and <!...> or <?...?>. A translation may
# not add one its source does not have, whatever the element (<svg>, <math>, <link ...>).
TAG = re.compile(r"<(?:/?[A-Za-z][^\s<>/]*(?:\s[^<>]*)?/?|![^<>]*|\?[^<>]*)>")


def _placeholders(text: str) -> Counter[str]:
    """Each placeholder, counted: a named one by its name (``%(date)s`` and ``%(date)r`` are the same
    argument, written differently: :func:`silkpress.catalogs.format_problem`'s finding), an unnamed
    one as written."""
    return Counter(f"%({match.group(1)})s" if match.group(1) else match.group(0) for match in PLACEHOLDER.finditer(text))


def check_placeholders(unit, info) -> Iterator[tuple[str, str, str]]:
    """Placeholders of the strings the build formats (whether they format at all is
    :func:`silkpress.catalogs.format_problem`'s call, shared with the build).

    Each placeholder is judged on its own: one the source has and the translation lacks is an
    error even when another is written twice in its place ("Page %(page)s of %(page)s"), since
    the build formats that quietly. A named placeholder written more or fewer times than the
    source writes it (but at least once) is a warning: it formats, and a language may need it."""
    if not is_format_string(unit.message):
        return  # bulletin text: a % there is a character, "%s" is just text
    expected, found = _placeholders(unit.source), _placeholders(unit.translation)
    for name in sorted(set(expected) | set(found)):
        want, have = expected[name], found[name]
        if want and not have:
            yield "error", "placeholders", f"placeholder {name} is missing from the translation"
        elif have and not want:
            yield "error", "placeholders", f"placeholder {name} is not in the source"
        elif want != have:
            yield ("warning", "placeholders",
                   f"placeholder {name} is written {_times(have)} in the translation and {_times(want)} in the source")


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count} times"


def _tags(text: str) -> Counter[str]:
    return Counter(" ".join(tag.split()) for tag in TAG.findall(text))


def check_markup(unit, info) -> Iterator[tuple[str, str, str]]:
    expected, found = _tags(unit.source), _tags(unit.translation)
    for tag in sorted(expected - found):
        if INLINE_TAG.fullmatch(tag):
            yield "error", "markup", f"markup {tag} from the source is missing or changed"
    for tag in sorted(found - expected):
        yield "error", "markup", f"markup {tag} is not in the source"
