"""A stop that a signal asked for.

The CLI's SIGTERM handler raises SystemExit, so that locks are released and temporary
folders removed on the way out. But an exception raised in a signal handler can be lost:
one that arrives while ``os.fork()`` runs its at-fork callbacks is printed as "Exception
ignored" and swallowed. So the handler also records the request here, and the loops that
start processes check it between steps.
"""

from __future__ import annotations

_requested: int | None = None


def request(signum: int) -> None:
    global _requested
    _requested = signum


def check() -> None:
    """Raise SystemExit(128 + signal) if a signal asked silkpress to stop."""
    if _requested is not None:
        raise SystemExit(128 + _requested)
