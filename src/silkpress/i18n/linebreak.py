"""Line breaking as GNU gettext does it, so that catalogs wrap exactly as msgcat wraps them.

GNU's PO writer asks libunistring where a string may break (Unicode Standard
Annex #14) and how wide each character is, then fills lines greedily. This
module follows libunistring 1.0 (the version Debian 12's gettext 0.21 links),
with its tables in ``unitables.json``: ``possible_breaks`` is its
``u8_possible_linebreaks``, ``width_breaks`` its ``u8_width_linebreaks``.

Strings are Python ``str``; positions are code point indices.
"""

from __future__ import annotations

import bisect
import itertools
import json
import re
from pathlib import Path
from typing import Sequence

Rows = tuple[tuple[int, int, int], ...]


def _load_tables() -> tuple[Rows, Rows, bytes]:
    """LINEBREAK, WIDTH and PAIRS from the package data scripts/make_linebreak_table.py writes."""
    # A path beside this module rather than importlib.resources, whose imports cost ~10 ms
    tables = json.loads(Path(__file__).with_name("unitables.json").read_bytes())
    return (tuple(map(tuple, tables["LINEBREAK"])), tuple(map(tuple, tables["WIDTH"])),  # type: ignore[arg-type]
            bytes.fromhex(tables["PAIRS"]))


LINEBREAK, WIDTH, PAIRS = _load_tables()

# libunistring's class numbers (lbrktables.h): the first 33 index the pair table.
WJ, GL, B2, BA, BB, HY, CL, CP1, CP2, EX, IN, NS, OP1, OP2, QU, IS, NU, PO, PR, SY = range(20)
AL, H2, H3, ID1, ID2, JL, JV, JT, HL, RI, ZWJ, EB, EM = range(20, 33)
BK, CR, LF, CM, ZW, SP, CB, AI, SA, XX = 33, 34, 35, 36, 37, 38, 39, 40, 41, 42
HL_BA = 100

# Break values, as in unilbrk.h
UNDEFINED, PROHIBITED, POSSIBLE, MANDATORY, HYPHENATION, CR_BEFORE_LF = 0, 1, 2, 3, 4, 5
_DIRECT, _INDIRECT = 1, 2


def _expand(rows: Sequence[tuple[int, int, int]], default: int) -> bytearray:
    table = bytearray([default]) * 0x110000
    for start, stop, value in rows:
        table[start:stop] = bytes([value]) * (stop - start)
    return table


_CLASS = _expand(LINEBREAK, XX)
_WIDTH = _expand(WIDTH, 1)
# Classes whose behaviour is resolved at run time, for a non-CJK encoding (UTF-8).
_RESOLVE = {AI: AL, CB: ID1, SA: AL, XX: AL}


def char_width(uc: int) -> int:
    """Columns, as libunistring's uc_width for UTF-8; control characters count 0 (GNU ignores them)."""
    width = _WIDTH[uc]
    return 0 if width == 3 else width


def possible_breaks(text: str) -> list[int]:
    """The break value before each character (``u8_possible_linebreaks_v2``)."""
    out = [PROHIBITED] * len(text)
    prev_prop = BK
    last_prop = BK
    seen_space = False
    ri_count = 0
    pairs = PAIRS
    for index, char in enumerate(text):
        prop = _CLASS[ord(char)]
        if prop == BK or prop == LF or prop == CR:
            out[index] = MANDATORY
            if prev_prop == CR and prop == LF:
                out[index - 1] = CR_BEFORE_LF
            prev_prop = prop
            last_prop = BK
            seen_space = False
        else:
            prop = _RESOLVE.get(prop, prop)
            if prop == SP:
                seen_space = True
            elif prop == ZW:
                last_prop = ZW
                seen_space = False
            elif prop == CM or prop == ZWJ:
                if last_prop == BK:
                    last_prop = AL
                    seen_space = False
                elif last_prop == ZW or seen_space:
                    out[index] = POSSIBLE
                    last_prop = AL
                    seen_space = False
                # else: X CM is treated as X
            else:
                if last_prop == BK:
                    pass
                elif last_prop == ZW:
                    out[index] = POSSIBLE
                elif prev_prop == ZWJ:
                    pass
                elif last_prop == RI and prop == RI:
                    if seen_space or ri_count % 2 == 0:
                        out[index] = POSSIBLE
                elif prev_prop == HL_BA:
                    pass
                else:
                    value = pairs[last_prop * 33 + prop]
                    if value == _DIRECT or (value == _INDIRECT and seen_space):
                        out[index] = POSSIBLE
                last_prop = prop
                seen_space = False
            prev_prop = HL_BA if prev_prop == HL and (prop == HY or prop == BA) else prop
        ri_count = ri_count + 1 if prop == RI else 0
    return out


def width_breaks(text: str, width: int, start_column: int, overrides: Sequence[int] | None = None) -> list[int]:
    """Where a greedy fill of ``width`` columns breaks ``text`` (``u8_width_linebreaks_v2``).

    Returns the break value before each character: POSSIBLE where a line break
    goes, MANDATORY or CR_BEFORE_LF at hard breaks, PROHIBITED elsewhere.
    ``overrides`` (UNDEFINED or a break value per character) replaces the
    computed value first, as GNU does to keep escapes and format directives whole.
    """
    out = possible_breaks(text)
    last_p = -1
    last_column = start_column
    piece_width = 0
    for index, char in enumerate(text):
        if overrides is not None and overrides[index] != UNDEFINED:
            out[index] = overrides[index]
        value = out[index]
        if value == POSSIBLE or value == MANDATORY or value == CR_BEFORE_LF:
            if last_p >= 0 and last_column + piece_width > width:
                out[last_p] = POSSIBLE
                last_column = 0
        if value == MANDATORY or value == CR_BEFORE_LF:
            last_p = -1
            last_column = 0
            piece_width = 0
        else:
            if value == POSSIBLE:
                last_p = index
                last_column += piece_width
                piece_width = 0
            out[index] = PROHIBITED
            w = _WIDTH[ord(char)]
            if w != 3:
                piece_width += w
    if last_p >= 0 and last_column + piece_width > width:
        out[last_p] = POSSIBLE
    return out


# ---------------------------------------------------------------------------------------------
# The same results, fast. Without the classes that make the machine look further back (CM, ZWJ,
# ZW, RI, HL and hard breaks), a line may break before a character exactly when the pair
# before it is a direct break in the table, or when spaces follow a character whose pair with
# it is direct or indirect. Regular expressions over the class bytes find those in C; a greedy
# fill then only needs the opportunities near each line's end.

def _char_class(classes: set[int], rows: Sequence[tuple[int, int, int]] = LINEBREAK, default: int = XX,
                resolve: bool = True) -> re.Pattern[str]:
    """A regex character class of the code points whose (resolved) class is in ``classes``."""
    def member(value: int) -> bool:
        return (_RESOLVE.get(value, value) if resolve else value) in classes

    ranges: list[tuple[int, int]] = []
    position = 0
    for start, stop, value in [*rows, (0x110000, 0x110000, default)]:
        if position < start and member(default):
            ranges.append((position, start))
        if start < stop and member(value):
            ranges.append((start, stop))
        position = stop
    merged: list[list[int]] = []
    for start, stop in ranges:
        if merged and merged[-1][1] == start:
            merged[-1][1] = stop
        else:
            merged.append([start, stop])
    # The Basic Multilingual Plane only: there re looks a character up in a table; beyond it, it
    # would search a list of ranges. Text beyond the BMP takes the full algorithm (see _SPECIAL).
    parts = []
    for start, stop in merged:
        start, stop = max(start, 0), min(stop, 0x10000)
        if start >= stop:
            continue
        piece = re.escape(chr(start)) if stop - start == 1 else f"{re.escape(chr(start))}-{re.escape(chr(stop - 1))}"
        parts.append(piece)
    return re.compile("[" + "".join(parts) + "]" if parts else "(?!)")


# A direct break (no space needed) needs a pair that is "direct" in the table. Letters, digits and
# opening marks break directly only before rare classes (ideographs, emoji, ...); every other class
# can break directly after itself. Candidates: after those, and before the rare ones.
_COMMON_LEFTS = {AL, NU, HL, PO, PR, QU, OP1, OP2, GL, WJ, BB}
_RARE_RIGHTS = {b for a in _COMMON_LEFTS for b in range(33) if PAIRS[a * 33 + b] == _DIRECT}
_AFTER = _char_class(set(range(33)) - _COMMON_LEFTS)
_BEFORE = _char_class(_RARE_RIGHTS)
# Classes that make the machine look further back, hard breaks, and anything beyond the BMP: the
# full algorithm handles those.
_SPECIAL = re.compile(_char_class({CM, ZWJ, ZW, RI, HL, BK, CR, LF}, resolve=False).pattern + "|[\U00010000-\U0010FFFF]")
_HARD = re.compile("[\x0a\x0b\x0c\x0d\x85\u2028\u2029]")
# After spaces, a line may break before any class but WJ, CL, CP, EX, IS and SY, and not after
# opening punctuation, save for four pairs that the table also forbids (checked apart).
def _chars(classes: set[int]) -> str:
    return _char_class(classes, resolve=True).pattern[1:-1]


# (Each pattern starts with a literal space, which re finds fast; the look-behind then checks the
# character before it.)
_AFTER_SPACES = re.compile(rf" (?<=[^ {_chars({OP1, OP2})}] ) *(?=[^ {_chars({WJ, CL, CP1, CP2, EX, IS, SY})}])")
_NOT_AFTER_SPACES = re.compile(
    rf" (?:(?<=[{_chars({QU})}] ) *(?=[{_chars({OP1, OP2})}])|(?<=[{_chars({B2})}] ) *(?=[{_chars({B2})}])"
    rf"|(?<=[{_chars({CL})}] ) *(?=[{_chars({NS})}]))"
)
# Code points that are not one column wide (wide, combining, controls), or beyond the BMP.
_NOT_ONE = re.compile(_char_class({0, 2, 3}, WIDTH, 1, resolve=False).pattern + "|[\U00010000-\U0010FFFF]")


class _ResolvedClasses(dict):
    """character -> its class, resolved for UTF-8 (a dict: a lookup instead of a call)."""

    def __missing__(self, char: str) -> int:
        cls = _CLASS[ord(char)]
        value = self[char] = _RESOLVE.get(cls, cls)
        return value


_RC = _ResolvedClasses()


def columns(text: str) -> int:
    """The width of ``text`` in columns, as GNU counts it (control characters count 0)."""
    if not _NOT_ONE.search(text):
        return len(text)
    return sum(char_width(ord(c)) for c in text)


class Text:
    """A portion to wrap: its characters' columns and where it may break."""

    def __init__(self, text: str, prohibited: frozenset[int] | set[int] = frozenset()) -> None:
        self.text = text
        self.columns: list[int] | None = None
        if _NOT_ONE.search(text):
            self.columns = [0, *itertools.accumulate(char_width(ord(c)) for c in text)]
        self.prohibited = prohibited
        self._opportunities: list[int] | None = None

    def column(self, index: int) -> int:
        return index if self.columns is None else self.columns[index]

    @property
    def opportunities(self) -> list[int]:
        """Where a line may break (``possible_breaks``'s POSSIBLE), less the prohibited places."""
        if self._opportunities is None:
            text = self.text
            if _SPECIAL.search(text):
                found = [i for i, value in enumerate(possible_breaks(text)) if value == POSSIBLE]
            else:
                n = len(text)
                found = []
                candidates = {m.end() for m in _AFTER.finditer(text)} | {m.start() for m in _BEFORE.finditer(text)}
                rc = _RC
                for index in candidates:
                    if 0 < index < n and text[index] != " ":
                        left, right = rc[text[index - 1]], rc[text[index]]
                        if left < 33 and right < 33 and PAIRS[left * 33 + right] == _DIRECT:
                            found.append(index)
                after = [m.end() for m in _AFTER_SPACES.finditer(text)]
                if after:
                    excluded = {m.end() for m in _NOT_AFTER_SPACES.finditer(text)}
                    found += [i for i in after if i not in excluded] if excluded else after
                found.sort()
            prohibited = self.prohibited
            self._opportunities = [i for i in found if i not in prohibited] if prohibited else found
        return self._opportunities


def fill(text: Text, width: int, start_column: int) -> list[int] | None:
    """The positions where a greedy fill breaks ``text`` (``width_breaks``'s POSSIBLE ones), or
    None when the text has hard breaks (then only the full algorithm is exact)."""
    if _HARD.search(text.text):
        return None
    n = len(text.text)
    column = text.column
    opportunities = text.opportunities
    out: list[int] = []
    line_start, offset = 0, start_column  # offset: the column of line_start
    while offset + column(n) - column(line_start) > width:
        # the largest index whose line still fits
        room = width - offset + column(line_start)
        if text.columns is None:
            limit = min(n, max(line_start, room))
        else:
            limit = max(line_start, bisect.bisect_right(text.columns, room) - 1)
        # the last opportunity up to it; else the piece overflows to the first one after it
        at = bisect.bisect_right(opportunities, limit) - 1
        if at >= 0 and opportunities[at] > line_start:
            found = opportunities[at]
        else:
            after = bisect.bisect_right(opportunities, max(limit, line_start))
            if after >= len(opportunities):
                return out
            found = opportunities[after]
        out.append(found)
        line_start, offset = found, 0
    return out
