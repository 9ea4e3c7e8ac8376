"""Incremental builds: what each job was made from, so unchanged work is skipped.

A job (one output file of one format) has a key: a hash of everything that affects
its output (:func:`silkpress.pipeline.job_key`). A job whose key is unchanged, and whose
output is still in the output folder byte for byte, is not redone. The record lives in
the build state folder beside the output (``.silkpress/<out>/cache.json``), so it is never
published.
"""

from __future__ import annotations

import hashlib
import json
import logging
from functools import lru_cache
from pathlib import Path

from .atomic import write_atomic
from .errors import OutputError
from .project import state_dir

logger = logging.getLogger(__name__)


@lru_cache(maxsize=None)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def file_digest(path: Path) -> str:
    info = path.stat()
    return _file_digest(str(path), info.st_size, info.st_mtime_ns)


class JobCache:
    """The keys of the jobs last made into ``out_dir``, by output path."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = state_dir(out_dir) / "cache.json"
        try:
            self.entries: dict[str, dict[str, str]] = json.loads(self.path.read_text(encoding="utf-8"))["jobs"]
        except (OSError, ValueError, KeyError, TypeError):
            self.entries = {}

    def fresh(self, name: str, key: str) -> bool:
        """The output of ``name`` is in place and was made from ``key``."""
        entry = self.entries.get(name)
        if not entry or entry.get("key") != key:
            return False
        output = self.out_dir / name
        try:
            return output.is_file() and file_digest(output) == entry.get("sha256")
        except OSError:
            return False

    def record(self, name: str, key: str, data: bytes) -> None:
        self.entries[name] = {"key": key, "sha256": hashlib.sha256(data).hexdigest()}

    def save(self) -> None:
        data = json.dumps({"jobs": self.entries}, indent=1, sort_keys=True).encode()
        try:
            write_atomic(self.path, data)
        except (OSError, OutputError) as error:  # the cache only saves time
            logger.warning("cannot save the build cache: %s", error)
