"""Format strings as GNU gettext reads them (``#, python-format``).

``parse_python`` follows GNU's ``format-python.c``: it finds each directive's
extent (the PO writer never breaks a line inside one) and the arguments the
string expects, and ``check_python`` compares a translation with its msgid as
``msgfmt -c`` does. Errors name the offending character and its code point,
which Python's own ``%`` does not do correctly beyond ASCII.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# GNU's format types, in the order its #, flags are written (format.c, message.c).
FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript", "scheme",
    "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal", "smalltalk", "qt",
    "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace", "php", "gcc-internal",
    "gfc-internal", "ycp",
)
FORMAT_ORDER = {name: index for index, name in enumerate(FORMAT_LANGUAGES)}

# Argument types (format-python.c)
NONE, ANY, CHARACTER, STRING, INTEGER, FLOAT = range(6)
_TYPES = {"%": NONE, "c": CHARACTER, "s": STRING, "r": STRING}
_TYPES.update(dict.fromkeys("iduoxX", INTEGER))
_TYPES.update(dict.fromkeys("eEfgG", FLOAT))


_MIXED = "the string uses both named arguments %(name)s and unnamed ones"


def describe(char: str) -> str:
    """A character as a reader can find it: 'п' (U+043F CYRILLIC SMALL LETTER PE)."""
    import unicodedata

    name = unicodedata.name(char, "")
    return f"{char!r} (U+{ord(char):04X}{' ' + name if name else ''})"


@dataclass(frozen=True)
class PythonFormat:
    """The directives of a Python %-format string, or why it is not one."""

    spans: tuple[tuple[int, int], ...] = ()
    """(start, end) of each well-formed directive, end exclusive."""
    named: dict[str, int] = field(default_factory=dict)
    unnamed: tuple[int, ...] = ()
    error: str | None = None
    error_at: int | None = None
    """Index of the offending character, when there is an error."""

    @property
    def valid(self) -> bool:
        return self.error is None


class _Invalid(Exception):
    """Why a format string is not one: raised by the directive readers, caught by the parse functions."""

    def __init__(self, reason: str, at: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.at = at


def parse_python(text: str) -> PythonFormat:
    spans: list[tuple[int, int]] = []
    named: list[tuple[str, int]] = []
    unnamed: list[int] = []
    directives = 0
    i, n = 0, len(text)
    try:
        while i < n:
            if text[i] != "%":
                i += 1
                continue
            directives += 1
            end = _python_directive(text, i, directives, named, unnamed)
            spans.append((i, end))
            i = end
    except _Invalid as invalid:
        return PythonFormat(tuple(spans), {}, (), invalid.reason, invalid.at)
    merged: dict[str, int] = {}
    for name, kind in named:
        if name in merged and merged[name] != kind:
            if merged[name] == ANY:
                merged[name] = kind
            elif kind != ANY:
                return PythonFormat(tuple(spans), {}, (), f"the string uses the argument {name!r} in incompatible ways", None)
        else:
            merged.setdefault(name, kind)
    return PythonFormat(tuple(spans), merged, tuple(unnamed))


def _python_directive(text: str, start: int, directives: int, named: list[tuple[str, int]], unnamed: list[int]) -> int:
    """Read the directive at ``start`` (a '%'), adding its arguments; returns the index after it."""
    n = len(text)
    i = start + 1
    name = None
    if i < n and text[i] == "(":
        name, i = _python_name(text, i + 1, start, directives)
    while i < n and text[i] in "-+ #0":
        i += 1
    i, zero_precision = _python_width_precision(text, i, named, unnamed)
    if i < n and text[i] in "hlL":
        i += 1
    if i >= n:
        raise _Invalid(f"directive {directives} (the '%' at index {start}) is not terminated", n - 1)
    kind = _TYPES.get(text[i])
    if kind is None:
        raise _Invalid(f"unsupported conversion {describe(text[i])} after the '%' at index {start}", i)
    if kind == STRING and zero_precision:
        kind = ANY
    if name is not None:
        if unnamed:
            raise _Invalid(_MIXED, i)
        named.append((name, kind))
    elif text[i] != "%":
        if named:
            raise _Invalid(_MIXED, i)
        unnamed.append(kind)
    return i + 1


def _python_name(text: str, name_start: int, start: int, directives: int) -> tuple[str, int]:
    """The key of '%(key)': the name, up to the ')' that balances the '(', and the index after it."""
    n = len(text)
    depth = 0
    i = name_start
    while i < n:
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            if depth == 0:
                break
            depth -= 1
        i += 1
    if i >= n:
        raise _Invalid(f"directive {directives} ('%(' at index {start}) is not terminated", n - 1)
    return text[name_start:i], i + 1


def _python_width_precision(text: str, i: int, named: list[tuple[str, int]], unnamed: list[int]) -> tuple[int, bool]:
    """Skip a width, then a precision: each '*' (an unnamed integer argument) or digits.

    Returns the index after them, and whether the precision is digits, all zeros.
    """
    n = len(text)
    zero_precision = False
    if i < n and text[i] == "*":
        i += 1
        if named:
            raise _Invalid(_MIXED, i - 1)
        unnamed.append(INTEGER)
    else:
        while i < n and text[i].isascii() and text[i].isdigit():
            i += 1
    if i < n and text[i] == ".":
        i += 1
        if i < n and text[i] == "*":
            i += 1
            if named:
                raise _Invalid(_MIXED, i - 1)
            unnamed.append(INTEGER)
        elif i < n and text[i].isascii() and text[i].isdigit():
            zero_precision = True
            while i < n and text[i].isascii() and text[i].isdigit():
                zero_precision = zero_precision and text[i] == "0"
                i += 1
    return i, zero_precision


def check_python(msgid: PythonFormat, msgstr: PythonFormat, strict: bool, pretty_msgstr: str = "msgstr",
                 pretty_msgid: str = "msgid") -> str | None:
    """What ``msgfmt -c`` says is wrong with the translation, or None (format-python.c)."""
    if msgid.named and msgstr.unnamed:
        return f"format specifications in '{pretty_msgid}' expect a mapping, those in '{pretty_msgstr}' expect a tuple"
    if msgid.unnamed and msgstr.named:
        return f"format specifications in '{pretty_msgid}' expect a tuple, those in '{pretty_msgstr}' expect a mapping"
    for name in sorted(msgstr.named):
        if name not in msgid.named:
            return f"a format specification for argument '{name}', as in '{pretty_msgstr}', doesn't exist in '{pretty_msgid}'"
    if strict:
        for name in sorted(msgid.named):
            if name not in msgstr.named:
                return f"a format specification for argument '{name}' doesn't exist in '{pretty_msgstr}'"
    for name in sorted(msgstr.named):
        a, b = msgid.named[name], msgstr.named[name]
        if not (a == b or (not strict and ANY in (a, b))):
            return f"format specifications in '{pretty_msgid}' and '{pretty_msgstr}' for argument '{name}' are not the same"
    if msgid.unnamed or msgstr.unnamed:
        if len(msgid.unnamed) != len(msgstr.unnamed):
            return f"number of format specifications in '{pretty_msgid}' and '{pretty_msgstr}' does not match"
        for index, (a, b) in enumerate(zip(msgid.unnamed, msgstr.unnamed), start=1):
            if not (a == b or (not strict and ANY in (a, b))):
                return f"format specifications in '{pretty_msgid}' and '{pretty_msgstr}' for argument {index} are not the same"
    return None


# Directive extents by format type, for the writer (text, whether it is a msgstr); the other
# types have no parser here, so their directives may be broken across lines.
DIRECTIVE_SPANS = {"python": lambda text, translated: parse_python(text).spans}


# --- C (and Objective C) -------------------------------------------------------------------
# format-c-parse.h: %[m$][flags][width][.precision][size]conversion, or %<PRI…> from <inttypes.h>.

_C_SIZES = {"h": "h", "l": "l", "L": "ll", "q": "ll", "j": "j", "z": "z", "Z": "z", "t": "t"}
_C_TYPES = {"c": "char", "C": "char/wide", "s": "string", "S": "string/wide", "i": "int", "d": "int",
            "u": "unsigned", "o": "unsigned", "x": "unsigned", "X": "unsigned", "p": "pointer", "n": "count"}
_C_TYPES.update(dict.fromkeys("eEfFgGaA", "double"))
_C99_MACRO = re.compile(r"<PRI([diouxX])(MAX|PTR|(?:LEAST|FAST)?(?:8|16|32|64))>")


@dataclass(frozen=True)
class CFormat:
    spans: tuple[tuple[int, int], ...] = ()
    args: tuple[str, ...] = ()
    """The argument types, in order (numbered arguments sorted)."""
    error: str | None = None

    @property
    def valid(self) -> bool:
        return self.error is None


def _c_type(conversion: str, size: str) -> str:
    kind = _C_TYPES[conversion]
    if conversion in "cs" and size in ("l", "ll"):
        return kind + "/wide"
    if kind in ("int", "unsigned", "count"):
        return f"{kind}/{size}" if size else kind
    if kind == "double" and size == "ll":
        return "long double"
    return kind


def parse_c(text: str, translated: bool = False, objc: bool = False) -> CFormat:
    """The directives of a C (or Objective C) format string, as GNU reads them."""
    spans: list[tuple[int, int]] = []
    reader = _CDirectives(text, translated, objc)
    i, n = 0, len(text)
    try:
        while i < n:
            if text[i] != "%":
                i += 1
                continue
            end = reader.read(i)
            spans.append((i, end))
            i = end
    except _Invalid as invalid:
        return CFormat(tuple(spans), (), invalid.reason)
    if reader.numbered:
        merged: dict[int, str] = {}
        for number, kind in sorted(reader.numbered):
            if number in merged and merged[number] != kind:
                return CFormat(tuple(spans), (), f"The string refers to argument number {number} in incompatible ways.")
            merged[number] = kind
        for index, number in enumerate(sorted(merged), start=1):
            if number != index:
                return CFormat(tuple(spans), (), f"The string refers to argument number {number} but ignores argument number {index}.")
        return CFormat(tuple(spans), tuple(merged[k] for k in sorted(merged)))
    return CFormat(tuple(spans), tuple(reader.unnumbered))


_C_BOTH = ("The string refers to arguments both through absolute argument numbers and through unnumbered argument "
           "specifications.")


class _CDirectives:
    """Reads a C format string's directives one at a time, collecting the arguments they take."""

    __slots__ = ("text", "translated", "objc", "numbered", "unnumbered", "directives")

    def __init__(self, text: str, translated: bool, objc: bool) -> None:
        self.text = text
        self.translated = translated
        self.objc = objc
        self.numbered: list[tuple[int, str]] = []
        self.unnumbered: list[str] = []
        self.directives = 0

    def read(self, start: int) -> int:
        """The directive at ``start`` (a '%'): its arguments noted, the index after it returned."""
        text, n = self.text, len(self.text)
        self.directives += 1
        i = start + 1
        number = 0
        found = self.number_at(i)
        if found:
            if found[0] == 0:
                raise _Invalid(f"In the directive number {self.directives}, the argument number 0 is not a positive integer.")
            number, i = found
        while i < n and (text[i] in " +-#0'" or (self.translated and text[i] == "I")):
            i += 1
        i = self.width_precision(i)
        if i < n and text[i] == "<":
            kind, i = self.macro(i)
        else:
            kind, i = self.conversion(i)
        if kind:
            self.add(number, kind)
        return i + 1

    def number_at(self, j: int) -> tuple[int, int] | None:
        """A 'm$' at j: (m, index after '$')."""
        text, n = self.text, len(self.text)
        k = j
        while k < n and text[k].isascii() and text[k].isdigit():
            k += 1
        if k > j and k < n and text[k] == "$":
            return int(text[j:k]), k + 1
        return None

    def add(self, number: int, kind: str) -> None:
        if number:
            if self.unnumbered:
                raise _Invalid(_C_BOTH)
            self.numbered.append((number, kind))
        else:
            if self.numbered:
                raise _Invalid(_C_BOTH)
            self.unnumbered.append(kind)

    def width_precision(self, i: int) -> int:
        """Skip a width, then a precision: each '*' (an int argument, maybe 'm$'-numbered) or digits."""
        text, n = self.text, len(self.text)
        for what in ("width", "precision"):
            if what == "precision":
                if not (i < n and text[i] == "."):
                    break
                i += 1
            if i < n and text[i] == "*":
                i += 1
                star = self.number_at(i)
                if star and star[0] == 0:
                    raise _Invalid(f"In the directive number {self.directives}, the argument number 0 for the {what} is not a positive integer.")
                if star:
                    i = star[1]
                self.add(star[0] if star else 0, "int")
            else:
                while i < n and text[i].isascii() and text[i].isdigit():
                    i += 1
        return i

    def macro(self, i: int) -> tuple[str, int]:
        """A '<PRI…>' size and conversion: its argument type, and the index of its '>'."""
        macro = _C99_MACRO.match(self.text, i)
        if macro is None:
            raise _Invalid(f"In the directive number {self.directives}, the token after '<' is not the name of a format specifier macro.")
        size = "j" if macro.group(2) == "MAX" else macro.group(2)  # %<PRIdMAX> is %jd
        return ("int" if macro.group(1) in "di" else "unsigned") + "/" + size, macro.end() - 1  # at the '>'

    def conversion(self, i: int) -> tuple[str, int]:
        """Size letters and a conversion: its argument type ('' for none), and the conversion's index."""
        text, n = self.text, len(self.text)
        size = ""
        while i < n and (text[i] in _C_SIZES):
            letter = text[i]
            if letter == "h":
                size = "hh" if size in ("h", "hh") else "h"
            elif letter == "l":
                size = "ll" if size in ("l", "ll") else "l"
            else:
                size = _C_SIZES[letter]
            i += 1
        if i >= n:
            raise _Invalid("The string ends in the middle of a directive.")
        conversion = text[i]
        if conversion in "%m":
            return "", i
        if conversion == "@" and self.objc:
            return "object", i
        if conversion in _C_TYPES:
            return _c_type(conversion, size), i
        raise _Invalid(f"In the directive number {self.directives}, the character {describe(conversion)} is not a valid conversion specifier.")


def check_c(msgid: CFormat, msgstr: CFormat, strict: bool, pretty_msgstr: str = "msgstr", pretty_msgid: str = "msgid") -> str | None:
    """What ``msgfmt -c`` says is wrong with the translation, or None (format-c.c)."""
    if (len(msgid.args) != len(msgstr.args)) if strict else (len(msgid.args) < len(msgstr.args)):
        return f"number of format specifications in '{pretty_msgid}' and '{pretty_msgstr}' does not match"
    for index, (a, b) in enumerate(zip(msgid.args, msgstr.args), start=1):
        if a != b:
            return f"format specifications in '{pretty_msgid}' and '{pretty_msgstr}' for argument {index} are not the same"
    return None


DIRECTIVE_SPANS["c"] = lambda text, translated: parse_c(text, translated).spans
DIRECTIVE_SPANS["objc"] = lambda text, translated: parse_c(text, translated, objc=True).spans
