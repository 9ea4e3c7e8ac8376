"""Overrides of CLDR in a catalog (country/<code>, date/<kind>, list/<part>): each must be usable."""

from __future__ import annotations

from typing import Iterator

from ...overrides import override_problem


def check_override(unit, info) -> Iterator[tuple[str, str, str]]:  # noqa: ANN001
    problem = override_problem(unit.context, unit.translation)
    if problem:
        yield "error", "overrides", f"{problem}; the edition uses CLDR's value until it is fixed"
