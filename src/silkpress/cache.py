"""Incremental builds: what each job was made from, so unchanged work is skipped.

A job (one edition in one format) has a key: a hash of everything that affects
its output. A job whose key is unchanged, and whose output is still in the
output folder byte for byte, is not redone. The record lives beside the output
folder (``.<out>.cache.json``), so it is never published.
"""

from __future__ import annotations

import hashlib
import json
import logging
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Iterable

from . import __version__
from .atomic import write_atomic
from .errors import OutputError
from .pdf import PdfJob

logger = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """silkpress's own code and the renderer's version: a change to either invalidates every job."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    for name in ("weasyprint", "pydyf", "babel", "jinja2"):
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            pass
    return digest.hexdigest()


@lru_cache(maxsize=None)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def file_digest(path: Path) -> str:
    info = path.stat()
    return _file_digest(str(path), info.st_size, info.st_mtime_ns)


def job_key(job: PdfJob, fonts: Iterable[Path]) -> str:
    """Everything a PDF depends on: its document (text, CSS, metadata), options, fonts and code."""
    digest = hashlib.sha256(code_fingerprint().encode())
    digest.update(job.html.encode("utf-8"))
    digest.update(repr((job.variant, job.families)).encode())
    for item in job.attachments:
        digest.update(item.name.encode() + hashlib.sha256(item.data).digest() + item.date.isoformat().encode())
    for font in sorted(fonts):
        digest.update(file_digest(font).encode())
    return digest.hexdigest()


class JobCache:
    def __init__(self, out_dir: Path, state: Path | None = None) -> None:
        self.out_dir = out_dir
        state = state or out_dir
        suffix = "" if state == out_dir else "." + out_dir.relative_to(state).as_posix().replace("/", ".")
        self.path = state.parent / f".{state.name}{suffix}.cache.json"
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
        return output.is_file() and file_digest(output) == entry.get("sha256")

    def record(self, name: str, key: str, data: bytes) -> None:
        self.entries[name] = {"key": key, "sha256": hashlib.sha256(data).hexdigest()}

    def save(self) -> None:
        data = json.dumps({"jobs": self.entries}, indent=1, sort_keys=True).encode()
        try:
            write_atomic(self.path, data)
        except (OSError, OutputError) as error:  # the cache only saves time
            logger.warning("cannot save the build cache: %s", error)
