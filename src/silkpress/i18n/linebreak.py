"""Line breaking as GNU gettext does it, so that catalogs wrap exactly as msgcat wraps them.

GNU's PO writer asks libunistring where a string may break (Unicode Standard
Annex #14) and how wide each character is, then fills lines greedily. This
module follows libunistring 1.0 (the version Debian 12's gettext 0.21 links),
with its tables in :mod:`._unitables`: ``possible_breaks`` is its
``u8_possible_linebreaks``, ``width_breaks`` its ``u8_width_linebreaks``.

Strings are Python ``str``; positions are code point indices.
"""

from __future__ import annotations

from typing import Sequence

from ._unitables import LINEBREAK, PAIRS, WIDTH

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


def char_class(uc: int) -> int:
    cls = _CLASS[uc]
    return _RESOLVE.get(cls, cls)


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
