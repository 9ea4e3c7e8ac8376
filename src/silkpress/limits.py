"""Limits on what silkpress accepts and renders: inputs come from many hands.

The size limits of input files live with the reader that applies them (:mod:`silkpress.inputs`).
"""

from __future__ import annotations

import os
import re

RENDER_TIMEOUT_SECONDS = 120.0
MAX_NAME = 64
"""The longest id or name that becomes part of a file or folder name (bulletin ids, domains, source
file names): far below any file system's 255 bytes, with room for a tag and a suffix."""
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
