"""Limits on what silkpress reads and renders: inputs come from many hands."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from .errors import SilkpressError

MAX_SOURCE_BYTES = 5_000_000
MAX_CATALOG_BYTES = 20_000_000
MAX_TEMPLATE_BYTES = 2_000_000
RENDER_TIMEOUT_SECONDS = 120.0
RENDER_MEMORY_BYTES = 3 * 1024**3

# A CLDR locale id as silkpress accepts it: language, optional Script, optional REGION.
LOCALE_ID = re.compile(r"^[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|[0-9]{3}))?$")
# A BCP 47 tag as used in output paths: letters, digits and '-', nothing else.
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$")


def usable_cpus() -> int:
    """The CPUs this process may run on (``os.sched_getaffinity`` where the platform has it)."""
    affinity = getattr(os, "sched_getaffinity", None)
    try:
        return max(1, len(affinity(0))) if affinity else max(1, os.cpu_count() or 1)
    except OSError:
        return max(1, os.cpu_count() or 1)


def read_input(path: Path, max_bytes: int, error: type[SilkpressError], shown: str) -> bytes:
    """Read a regular file of at most ``max_bytes``; devices, FIFOs and huge files are refused."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError as missing:
        raise error("file not found", shown) from missing
    except OSError as failure:
        raise error(f"cannot read: {failure.strerror}", shown) from failure
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error("not a regular file", shown)
        if info.st_size > max_bytes:
            raise error(f"too large ({info.st_size} bytes; the limit is {max_bytes})", shown)
        with os.fdopen(fd, "rb", closefd=False) as fileobj:
            data = fileobj.read(max_bytes + 1)
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise error(f"too large (over {max_bytes} bytes)", shown)
    return data
