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
import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import write_atomic
from .errors import OutputError
from .project import state_dir

if TYPE_CHECKING:
    from .project import Project

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
            self.entries: dict[str, dict] = json.loads(self.path.read_text(encoding="utf-8"))["jobs"]
        except (OSError, ValueError, KeyError, TypeError):
            self.entries = {}

    def fresh(self, name: str, key: str) -> bool:
        """The output of ``name`` is in place and was made from ``key``, and the files it needs
        beside it (a page's font subsets) are in place too."""
        entry = self.entries.get(name)
        if not entry or entry.get("key") != key:
            return False
        output = self.out_dir / name
        try:
            return (output.is_file() and file_digest(output) == entry.get("sha256")
                    and all((self.out_dir / needed).is_file() for needed in entry.get("needs", ())))
        except OSError:
            return False

    def record(self, name: str, key: str, data: bytes, needs: tuple[str, ...] = ()) -> None:
        entry: dict = {"key": key, "sha256": hashlib.sha256(data).hexdigest()}
        if needs:
            entry["needs"] = list(needs)
        self.entries[name] = entry

    def save(self) -> None:
        data = json.dumps({"jobs": self.entries}, indent=1, sort_keys=True).encode()
        try:
            write_atomic(self.path, data)
        except (OSError, OutputError) as error:  # the cache only saves time
            logger.warning("cannot save the build cache: %s", error)


def locale_inputs(project: Project, locale: str) -> str:
    """A digest of what one locale's output reads: silkpress's code (with the theme's catalog of
    ``locale`` only), ``SOURCE_DATE_EPOCH``, and every input of the project but the other
    locales' catalogs. An edit to one catalog changes its own locale's digest and no other."""
    from .options import code_fingerprint, files_digest

    others = [project.locales_dir / other for other in project.locales if other != locale]
    files = files_digest(path for path in project.input_files() if not any(path.is_relative_to(o) for o in others))
    digest = hashlib.sha256(f"{code_fingerprint(locale)}\0{os.environ.get('SOURCE_DATE_EPOCH', '')}\0{files}".encode())
    return digest.hexdigest()


class Memo:
    """Results of earlier builds by the digest of their inputs, in one JSON file of the build
    state; only the entries used by the last build are kept."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.old: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.old = {}
        self.new: dict[str, object] = {}

    def get(self, key: str) -> object | None:
        if key in self.old:
            self.new[key] = self.old[key]
        return self.new.get(key)

    def put(self, key: str, value: object) -> None:
        self.new[key] = value

    def save(self) -> None:
        if self.new == self.old:
            return
        try:
            write_atomic(self.path, json.dumps(self.new, sort_keys=True).encode())
        except (OSError, OutputError) as error:  # it only saves time
            logger.warning("cannot save %s: %s", self.path, error)
