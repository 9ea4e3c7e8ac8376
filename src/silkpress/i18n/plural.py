"""Plural-Forms expressions, parsed and evaluated as GNU gettext does (intl/plural.y, eval-plural.h).

Arithmetic is on unsigned long (64 bits): ``n - 1`` at n = 0 wraps around,
which GNU reports as a negative value. Division by zero raises
:class:`ZeroDivisionError`.
"""

from __future__ import annotations

import re
from typing import Callable

MASK = (1 << 64) - 1

Expression = Callable[[int], int]


class PluralSyntaxError(ValueError):
    pass


_TOKEN = re.compile(r"[ \t]*(?:(\d+)|(==|!=|<=|>=|&&|\|\||[<>*/%+\-?:()!n])|(;|\n|$)|(.))", re.S)
# binary operators by precedence level (C's), lowest first; '?:' is handled separately
_LEVELS = (("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%"))


def _tokens(text: str) -> list[str | int]:
    out: list[str | int] = []
    pos = 0
    while True:
        match = _TOKEN.match(text, pos)
        if match is None or match.group(4) is not None:
            raise PluralSyntaxError(f"unexpected character in plural expression at {pos}")
        if match.group(3) is not None:
            out.append("$")
            return out
        out.append(int(match.group(1)) & MASK if match.group(1) else match.group(2))
        pos = match.end()


def _binary(op: str, left: Expression, right: Expression) -> Expression:
    if op == "||":
        return lambda n: int(bool(left(n)) or bool(right(n)))
    if op == "&&":
        return lambda n: int(bool(left(n)) and bool(right(n)))
    table: dict[str, Callable[[int, int], int]] = {
        "==": lambda a, b: int(a == b), "!=": lambda a, b: int(a != b),
        "<": lambda a, b: int(a < b), ">": lambda a, b: int(a > b),
        "<=": lambda a, b: int(a <= b), ">=": lambda a, b: int(a >= b),
        "+": lambda a, b: (a + b) & MASK, "-": lambda a, b: (a - b) & MASK,
        "*": lambda a, b: (a * b) & MASK, "/": lambda a, b: a // b, "%": lambda a, b: a % b,
    }
    apply = table[op]
    return lambda n: apply(left(n), right(n))


def parse(text: str) -> Expression:
    """The expression after ``plural=`` (up to ``;``, a newline or the end), as a function of n."""
    tokens = _tokens(text)
    pos = 0

    def peek() -> str | int:
        return tokens[pos]

    def take() -> str | int:
        nonlocal pos
        token = tokens[pos]
        pos += 1
        return token

    def conditional() -> Expression:
        condition = binary(0)
        if peek() == "?":
            take()
            yes = conditional()
            if take() != ":":
                raise PluralSyntaxError("expected ':' in plural expression")
            no = conditional()
            return lambda n: yes(n) if condition(n) else no(n)
        return condition

    def binary(level: int) -> Expression:
        if level == len(_LEVELS):
            return unary()
        left = binary(level + 1)
        while peek() in _LEVELS[level]:
            op = take()
            right = binary(level + 1)
            left = _binary(op, left, right)  # type: ignore[arg-type]
        return left

    def unary() -> Expression:
        token = take()
        if token == "!":
            operand = unary()
            return lambda n: int(not operand(n))
        if token == "n":
            return lambda n: n
        if isinstance(token, int):
            return lambda n, value=token: value
        if token == "(":
            inner = conditional()
            if take() != ")":
                raise PluralSyntaxError("expected ')' in plural expression")
            return inner
        raise PluralSyntaxError(f"unexpected {token!r} in plural expression")

    expression = conditional()
    if peek() != "$":
        raise PluralSyntaxError(f"unexpected {peek()!r} after the plural expression")
    return expression


def check(expression: Expression, nplurals: int) -> str | None:
    """GNU msgfmt's check_plural_eval for n = 0..1000: the problem, or None."""
    try:
        for n in range(1001):
            value = expression(n)
            if value >= 1 << 63:
                return "plural expression can produce negative values"
            if value >= nplurals:
                return f"nplurals = {nplurals} but plural expression can produce values as large as {value}"
    except ZeroDivisionError:
        return "plural expression can produce division by zero"
    except RecursionError:
        return "plural expression is too deeply nested"
    return None


MAX_NPLURALS = 6
"""No language needs more plural forms than this (CLDR's most is 6, Arabic's and Welsh's)."""
MAX_EXPRESSION = 500
"""Longer than any real Plural-Forms expression (Arabic's is about 100 characters)."""


class PluralFormsError(ValueError):
    """A Plural-Forms header value that cannot be used; ``str()`` is GNU's message where GNU has one."""


class PluralForms:
    """A catalog's Plural-Forms, validated: the one validator every reader of catalogs uses."""

    def __init__(self, nplurals: int, expression: Expression | None, text: str | None) -> None:
        self.nplurals = nplurals
        self.expression = expression
        """None when the header has no Plural-Forms: GNU then uses n != 1."""
        self.text = text

    def __call__(self, n: int) -> int:
        return self.expression(n) if self.expression is not None else int(n != 1)


def plural_forms(header: str) -> PluralForms:
    """The Plural-Forms of a header's msgstr, found as GNU finds them, bounded and proved for
    n = 0..1000 as ``msgfmt -c`` does; :class:`PluralFormsError` if they cannot be used.

    The bounds come first, so that no one-line header can make a later step (padding
    ``nplurals`` forms, evaluating a huge expression) exhaust memory.
    """
    nplurals_at, plural_at = header.find("nplurals="), header.find("plural=")
    if nplurals_at < 0 or plural_at < 0:
        return PluralForms(2, None, None)
    match = re.match(r"[ \t\n\r\f\v]*([0-9]+)", header[nplurals_at + 9 :])
    if not match:
        raise PluralFormsError("invalid nplurals value")
    nplurals = int(match.group(1)) if len(match.group(1)) < 10 else 1 << 40
    if nplurals > MAX_NPLURALS:
        raise PluralFormsError(f"nplurals = {match.group(1)[:12]} is more than any language needs (at most {MAX_NPLURALS})")
    text = header[plural_at + 7 :].split("\n", 1)[0]
    if len(text) > MAX_EXPRESSION:
        raise PluralFormsError(f"plural expression of {len(text)} characters (at most {MAX_EXPRESSION})")
    try:
        expression = parse(text)
    except (PluralSyntaxError, RecursionError) as error:
        raise PluralFormsError("invalid plural expression") from error
    problem = check(expression, nplurals)
    if problem:
        raise PluralFormsError(problem)
    return PluralForms(nplurals, expression, text)
