"""Diagnostics: what checks report instead of stopping at the first problem."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int | None
    severity: Severity
    check: str
    message: str
    context: str | None = None
    """The msgctxt (or msgid, for messages without one) the diagnostic is about."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        about = f" ({self.context})" if self.context else ""
        return f"{where}: {self.severity}: [{self.check}] {self.message}{about}"

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def count(diagnostics: Iterable[Diagnostic], severity: Severity) -> int:
    return sum(1 for d in diagnostics if d.severity == severity)
