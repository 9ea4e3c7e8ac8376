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
