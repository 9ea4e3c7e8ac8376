"""Stage 6: the only module that writes build output. Atomic writes, safe paths, the manifest."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import io
import json
import logging
import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Mapping

from .atomic import write_atomic, write_if_changed
from .errors import OutputError
from .project import state_dir

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
ASSET_KINDS = {".css": "css", ".woff2": "font", ".txt": "text", ".json": "json", ".xml": "xml", ".zip": "archive"}
"""What the manifest calls shared files; each format names its own editions' kind."""
ARCHIVES = "archives"


def safe_join(root: Path, relative: str) -> Path:
    """``root / relative``, refusing absolute paths and paths that climb out of ``root``."""
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise OutputError(f"refusing to write outside the output folder: {relative!r}", root)
    return root.joinpath(*pure.parts)


@dataclass(frozen=True)
class ManifestEntry:
    path: str
    kind: str
    locale: str | None
    size: int
    sha256: str


def scan(out_dir: Path, locales_by_dir: Mapping[str, str], kinds: Mapping[str, str] | None = None) -> list[ManifestEntry]:
    """Every artifact under ``out_dir`` (hidden files and the manifest itself excluded), sorted by path."""
    kinds = {**ASSET_KINDS, **(kinds or {})}
    entries = []
    for path in sorted(out_dir.rglob("*")):
        relative = path.relative_to(out_dir).as_posix()
        if not path.is_file() or relative == MANIFEST or any(part.startswith(".") for part in relative.split("/")):
            continue
        data = path.read_bytes()
        parts = relative.split("/")
        top = parts[0]
        if top == ARCHIVES:  # archives/<bulletin>-<tag>.zip belongs to that edition
            top = next((tag for tag in locales_by_dir if relative.endswith(f"-{tag}.zip")), top)
        elif top not in locales_by_dir:  # with several bulletins: <bulletin>/<tag>/...
            top = "/".join(parts[:2])
        entries.append(
            ManifestEntry(
                path=relative,
                kind=kinds.get(path.suffix, "other"),
                locale=locales_by_dir.get(top),
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
            )
        )
    return entries


def render_manifest(bulletin_id: str, entries: list[ManifestEntry], provenance: Mapping[str, object] | None = None) -> bytes:
    # With several bulletins, the top manifest lists them instead of a provenance.
    extra = {"bulletins": provenance["bulletins"]} if provenance and "bulletins" in provenance else (
        {"provenance": provenance} if provenance else {}
    )
    document = {
        "bulletin": bulletin_id,
        **extra,
        "artifacts": [
            {"path": e.path, "kind": e.kind, "locale": e.locale, "size": e.size, "sha256": e.sha256} for e in entries
        ],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _zip_time(date: dt.date) -> tuple[int, int, int, int, int, int]:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        stamp = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
        return max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second - stamp.second % 2
    return max(date.year, 1980), date.month, date.day, 0, 0, 0


def make_zip(out_dir: Path, paths: list[str], date: dt.date) -> bytes:
    """A reproducible zip of ``paths`` (relative to ``out_dir``): sorted entries, fixed times and modes."""
    buffer = io.BytesIO()
    when = _zip_time(date)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative in sorted(paths):
            info = zipfile.ZipInfo(relative, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, so the mode above means what it says everywhere
            archive.writestr(info, safe_join(out_dir, relative).read_bytes())
    return buffer.getvalue()


def archive_contents(
    out_dir: Path, bulletin_id: str, locales_by_dir: Mapping[str, str], date: dt.date
) -> dict[str, bytes]:
    """One zip per edition (its page, feed, PDF and the shared assets it uses) and one of everything."""
    files = [
        entry.path for entry in scan(out_dir, locales_by_dir)
        if not entry.path.startswith(f"{ARCHIVES}/")
    ]
    shared_assets = [path for path in files if path.startswith("assets/") and not path.endswith(".woff2")]
    archives: dict[str, bytes] = {}
    for folder in sorted(locales_by_dir):
        own = [path for path in files if path.startswith(f"{folder}/")]
        if not own:
            continue
        # the web fonts the edition's own files name (its pages link to them by file name)
        contents = [(out_dir / path).read_bytes() for path in own]
        fonts = [
            path for path in files
            if path.endswith(".woff2") and any(path.rsplit("/", 1)[-1].encode() in data for data in contents)
        ]
        archives[f"{ARCHIVES}/{bulletin_id}-{folder}.zip"] = make_zip(out_dir, own + shared_assets + fonts, date)
    archives[f"{ARCHIVES}/{bulletin_id}-all.zip"] = make_zip(out_dir, files, date)
    return archives


class OutputLock:
    """One build at a time per output folder.

    An exclusive lock on ``.<out>.lock`` beside the folder holds the pid of its
    build; a second build fails at once naming it. The kernel releases the lock
    when its process dies, so a lock left by a killed build is simply taken over.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = state_dir(out_dir) / "lock"
        self.stale_pid: int | None = None
        self._fd: int | None = None

    def __enter__(self) -> OutputLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise OutputError(f"cannot create the build lock: {error.strerror}", self.path) from error
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise OutputError(f"another build is running (pid {holder})", self.out_dir) from None
        previous = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        if previous.isdigit() and int(previous) != os.getpid():
            self.stale_pid = int(previous)  # its build died holding the lock; the kernel freed it
            logger.info("cleared a stale lock left by pid %s", previous)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        self._fd = fd
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class Publication:
    """Writes a build into the output folder so that a crash at any moment loses nothing
    (hold an :class:`OutputLock` around it).

    - Every file is written to a temporary file outside the folder (``tmp_dir``, in the
      build state folder), fsynced, then renamed over the old one: each file is old or new,
      never half.
    - The manifest never lists a file that is missing or different: entries of files
      about to change are dropped first, and listed again once their new content is
      in place.
    """

    def __init__(
        self,
        out_dir: Path,
        locales_by_dir: Mapping[str, str],
        bulletin_id: str,
        provenance: Mapping[str, object],
        tmp_dir: Path | None = None,
        kinds: Mapping[str, str] | None = None,
    ) -> None:
        self.out_dir = out_dir
        self.locales_by_dir = dict(locales_by_dir)
        self.bulletin_id = bulletin_id
        self.provenance = provenance
        # temporary files go beside the output folder, never inside it
        self.tmp_dir = tmp_dir or state_dir(out_dir) / "tmp"
        self.kinds = dict(kinds or {})
        self.manifest: tuple[ManifestEntry, ...] = ()

    def __enter__(self) -> Publication:
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"cannot create the output folder: {error.strerror}", self.out_dir) from error
        shutil.rmtree(self.tmp_dir, ignore_errors=True)  # leftovers of a killed build
        return self

    def __exit__(self, *exc_info: object) -> None:
        shutil.rmtree(self.tmp_dir, ignore_errors=True)

    def _write_manifest(self, leave_out: set[str] = frozenset()) -> None:  # type: ignore[assignment]
        entries = [e for e in scan(self.out_dir, self.locales_by_dir, self.kinds) if e.path not in leave_out]
        write_if_changed(
            self.out_dir / MANIFEST, render_manifest(self.bulletin_id, entries, self.provenance), self.tmp_dir
        )
        self.manifest = tuple(entries)

    def write(self, files: Mapping[str, bytes]) -> list[str]:
        """Write the files that changed; returns their paths."""
        changed = []
        for relative in sorted(files):
            target = safe_join(self.out_dir, relative)
            try:
                if target.read_bytes() == files[relative]:
                    continue
            except FileNotFoundError:
                pass
            except OSError as error:
                raise OutputError(f"cannot read file: {error.strerror}", target) from error
            changed.append(relative)
        if changed:
            self._write_manifest(leave_out=set(changed))
            for relative in changed:
                write_atomic(safe_join(self.out_dir, relative), files[relative], self.tmp_dir)
        self._write_manifest()
        return changed

    def remove(self, folders: list[str]) -> None:
        """Remove whole edition folders (of locales no longer published)."""
        doomed = [safe_join(self.out_dir, folder) for folder in folders]
        doomed = [path for path in doomed if path.is_dir()]
        if not doomed:
            return
        prefixes = tuple(path.relative_to(self.out_dir).as_posix() + "/" for path in doomed)
        self._write_manifest(leave_out={e.path for e in scan(self.out_dir, self.locales_by_dir, self.kinds) if e.path.startswith(prefixes)})
        for path in doomed:
            try:
                shutil.rmtree(path)
            except OSError as error:
                raise OutputError(f"cannot remove old edition: {error.strerror}", path) from error
        self._write_manifest()

    def write_archives(self, date: dt.date) -> list[str]:
        files = archive_contents(self.out_dir, self.bulletin_id, self.locales_by_dir, date)
        return self.write(files)
