"""Characters a reader cannot see: bidi controls that reorder text ("в \\u202e2025\\u202c году" reads
"в 5202 году") and invisible ones that hide inside words ("Аст\\u200bана" is not "Астана").

A translation may carry them only where its source does. The other checks that compare text
with the source (numbers, the termbase) compare it with them removed (:func:`visible`).
"""

from __future__ import annotations

import re
from typing import Iterator

from ..formats import describe

# Explicit embeddings, overrides and isolates, and the implicit marks (LRM, RLM, ALM).
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
# Zero-width space, non-joiner and joiner, word joiner, the invisible operators, byte order mark.
INVISIBLE = "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff"
SOFT_HYPHEN = "\u00ad"
_HIDDEN = re.compile(f"[{BIDI}{INVISIBLE}{SOFT_HYPHEN}]")


def visible(text: str) -> str:
    """``text`` without bidi controls and invisible characters (soft hyphens included)."""
    return _HIDDEN.sub("", text)


def _unexpected(source: str, translation: str) -> list[str]:
    """The hidden characters of ``translation`` its source does not account for, in order of appearance."""
    found = []
    for char in dict.fromkeys(_HIDDEN.findall(translation)):
        if char == SOFT_HYPHEN:
            if SOFT_HYPHEN not in source:  # the source's own hyphenation points may move
                found.append(char)
        elif translation.count(char) > source.count(char):
            found.append(char)
    return found


def check_invisible(unit, info) -> Iterator[tuple[str, str, str]]:
    for char in _unexpected(unit.source, unit.translation):
        kind = "bidi control" if char in BIDI else "invisible character"
        effect = "it can reorder what the reader sees, numbers included" if char in BIDI else "it hides inside the text"
        yield "error", "invisible", f"{kind} {describe(char)} that the source does not have: remove it ({effect})"
