"""Word- and character-level diffs of two texts, for the release change report.

A locale's profile says which (:attr:`silkpress.profiles.LocaleProfile.diff_unit`): languages
written without spaces between words (Chinese) are compared character by character.
"""

from __future__ import annotations

import difflib
import re
from typing import Literal

DiffUnit = Literal["word", "character"]
Op = tuple[str, str]
"""One piece of a diff: ``("=", text)`` kept, ``("-", text)`` removed, ``("+", text)`` added."""

# A word, a run of spaces, or any other single character (punctuation stays its own token,
# so that "17," against "18," changes the number only).
_WORDS = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def tokens(text: str, unit: DiffUnit = "word") -> list[str]:
    """``text`` cut into the pieces a diff compares; joined, they give ``text`` back."""
    return list(text) if unit == "character" else _WORDS.findall(text)


def diff(before: str, after: str, unit: DiffUnit = "word") -> list[Op]:
    """The changes from ``before`` to ``after``, as kept, removed and added runs (adjacent
    runs of one kind merged; a replacement is its removal, then its addition)."""
    old, new = tokens(before, unit), tokens(after, unit)
    ops: list[Op] = []
    # autojunk off: its heuristic treats frequent tokens (spaces, 的) as noise on long texts
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            _append(ops, "=", "".join(old[i1:i2]))
            continue
        _append(ops, "-", "".join(old[i1:i2]))
        _append(ops, "+", "".join(new[j1:j2]))
    return ops


def _append(ops: list[Op], kind: str, text: str) -> None:
    if not text:
        return
    if ops and ops[-1][0] == kind:
        ops[-1] = (kind, ops[-1][1] + text)
    else:
        ops.append((kind, text))


def inline(ops: list[Op]) -> str:
    """A diff on one line, as wdiff writes it: ``[-removed-]{+added+}``."""
    marks = {"=": ("", ""), "-": ("[-", "-]"), "+": ("{+", "+}")}
    return "".join(marks[kind][0] + text + marks[kind][1] for kind, text in ops)
