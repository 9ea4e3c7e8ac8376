"""Stage 6: the only module that writes build output. Atomic writes, safe paths, the manifest."""

from __future__ import annotations

import datetime as dt
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

from .atomic import write_if_changed
from .errors import OutputError

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
KINDS = {
    ".html": "html", ".pdf": "pdf", ".css": "css", ".woff2": "font", ".txt": "text", ".json": "json", ".xml": "xml",
    ".zip": "archive",
}
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


def write_files(out_dir: Path, files: Mapping[str, bytes]) -> list[str]:
    """Write every file (atomically, and only if changed); returns the paths actually written."""
    written = []
    for relative in sorted(files):
        if write_if_changed(safe_join(out_dir, relative), files[relative]):
            written.append(relative)
    return written


def remove_trees(out_dir: Path, folders: list[str]) -> None:
    """Remove whole edition folders (of locales no longer published) from the output."""
    for folder in folders:
        path = safe_join(out_dir, folder)
        if path.is_dir():
            try:
                shutil.rmtree(path)
            except OSError as error:
                raise OutputError(f"cannot remove old edition: {error.strerror}", path) from error


def scan(out_dir: Path, locales_by_dir: Mapping[str, str]) -> list[ManifestEntry]:
    """Every artifact under ``out_dir`` (hidden files and the manifest itself excluded), sorted by path."""
    entries = []
    for path in sorted(out_dir.rglob("*")):
        relative = path.relative_to(out_dir).as_posix()
        if not path.is_file() or relative == MANIFEST or any(part.startswith(".") for part in relative.split("/")):
            continue
        data = path.read_bytes()
        top = relative.split("/")[0]
        if top == ARCHIVES:  # archives/<bulletin>-<tag>.zip belongs to that edition
            top = next((tag for tag in locales_by_dir if relative.endswith(f"-{tag}.zip")), top)
        entries.append(
            ManifestEntry(
                path=relative,
                kind=KINDS.get(path.suffix, "other"),
                locale=locales_by_dir.get(top),
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
            )
        )
    return entries


def render_manifest(bulletin_id: str, entries: list[ManifestEntry], provenance: Mapping[str, object] | None = None) -> bytes:
    document = {
        "bulletin": bulletin_id,
        **({"provenance": provenance} if provenance else {}),
        "artifacts": [
            {"path": e.path, "kind": e.kind, "locale": e.locale, "size": e.size, "sha256": e.sha256} for e in entries
        ],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def write_manifest(
    out_dir: Path, bulletin_id: str, locales_by_dir: Mapping[str, str], provenance: Mapping[str, object] | None = None
) -> list[ManifestEntry]:
    entries = scan(out_dir, locales_by_dir)
    write_if_changed(out_dir / MANIFEST, render_manifest(bulletin_id, entries, provenance))
    return entries


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


def write_archives(
    out_dir: Path, bulletin_id: str, locales_by_dir: Mapping[str, str], date: dt.date
) -> list[str]:
    """One zip per edition (its page, feed, PDF and the shared assets) and one of everything."""
    files = [
        entry.path for entry in scan(out_dir, locales_by_dir)
        if not entry.path.startswith(f"{ARCHIVES}/")
    ]
    shared_assets = [path for path in files if path.startswith("assets/") and not path.endswith(".woff2")]
    written = []
    archives: dict[str, bytes] = {}
    for folder in sorted(locales_by_dir):
        own = [path for path in files if path.startswith(f"{folder}/")]
        if not own:
            continue
        html = " ".join((out_dir / path).read_text(encoding="utf-8") for path in own if path.endswith(".html"))
        fonts = [path for path in files if path.endswith(".woff2") and path.rsplit("/", 1)[-1] in html]
        archives[f"{ARCHIVES}/{bulletin_id}-{folder}.zip"] = make_zip(out_dir, own + shared_assets + fonts, date)
    archives[f"{ARCHIVES}/{bulletin_id}-all.zip"] = make_zip(out_dir, files, date)
    for relative, data in sorted(archives.items()):
        if write_if_changed(safe_join(out_dir, relative), data):
            written.append(relative)
    return written
