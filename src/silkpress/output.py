"""Stage 6: the only module that writes build output. Safe paths, the manifest, the archives, the
build lock, and publications that stage every file before they replace any."""

from __future__ import annotations

import datetime as dt
import errno
import fnmatch
import hashlib
import io
import json
import logging
import os
import shutil
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Mapping

from .atomic import BuildLock, Staging, write_atomic
from .errors import ConfigError, OutputError
from .project import state_dir

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
ASSET_KINDS = {".css": "css", ".woff2": "font", ".txt": "text", ".json": "json", ".xml": "xml", ".zip": "archive"}
"""What the manifest calls shared files; each format names its own editions' kind."""
ARCHIVES = "archives"
ZIP_FIRST, ZIP_LAST = dt.datetime(1980, 1, 1), dt.datetime(2107, 12, 31, 23, 59, 58)
"""The first and last moments a ZIP entry can be dated (MS-DOS time: 1980 to 2107, in 2 s steps)."""

Say = Callable[[str], None]


def epoch_time(epoch: str) -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` as a time (UTC, naive); a ConfigError naming it when it is not a whole
    number of seconds, or lies beyond year 9999."""
    try:
        return dt.datetime(1970, 1, 1) + dt.timedelta(seconds=int(epoch))
    except ValueError:
        raise ConfigError(f"must be a whole number of seconds since 1970-01-01, not {epoch[:40]!r}", "SOURCE_DATE_EPOCH") from None
    except OverflowError:
        raise ConfigError(f"{epoch[:40]} seconds is beyond the years 1 to 9999", "SOURCE_DATE_EPOCH") from None


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


def _hidden(relative: str) -> bool:
    return relative == MANIFEST or any(part.startswith(".") for part in relative.split("/"))


def read_manifest(folder: Path) -> dict[str, str | None] | None:
    """The artifacts (path: locale) of the silkpress manifest in ``folder``, or None when there is none."""
    try:
        document = json.loads((folder / MANIFEST).read_bytes())
        return {str(a["path"]): a.get("locale") for a in document["artifacts"]} if isinstance(document["bulletin"], str) else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def read_owned(root: Path, relative: str) -> bytes | None:
    """A file of the output as silkpress wrote it: a regular file reached through no symlink, or None."""
    try:
        path = safe_join(root, relative)
    except OutputError:
        return None
    if _hidden(relative) or path.parent.resolve() != root.resolve().joinpath(*PurePosixPath(relative).parts[:-1]):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as error:
        if error.errno == errno.ELOOP:  # a symlink put in place of one of our files
            return None
        raise OutputError(f"cannot read file: {error.strerror}", path) from error
    with os.fdopen(fd, "rb") as fileobj:
        return fileobj.read() if stat.S_ISREG(os.fstat(fd).st_mode) else None


PLACEHOLDERS = frozenset({".gitkeep", ".keep"})


def claim_output_folder(out_dir: Path) -> None:
    """Refuse an output folder that is neither missing, empty, nor a silkpress output (with our
    manifest.json, or with several bulletins, folders that each have one)."""
    try:
        entries = list(out_dir.iterdir())
    except FileNotFoundError:
        return
    except OSError as error:
        raise OutputError(f"cannot use this output folder: {error.strerror}", out_dir) from error
    # an empty placeholder that keeps the folder in git (dist/.gitkeep) does not make it someone else's
    entries = [entry for entry in entries if not (entry.name in PLACEHOLDERS and entry.is_file() and not entry.stat().st_size)]
    visible = [entry for entry in entries if not entry.name.startswith(".")]
    if not entries or read_manifest(out_dir) is not None:
        return
    if visible and all(entry.is_dir() and not entry.is_symlink() and read_manifest(entry) is not None for entry in visible):
        return  # the first build of several bulletins, stopped before the top manifest
    raise OutputError(
        "refusing to build into a folder that is neither empty nor a silkpress output (it has no manifest.json"
        " of ours); choose a new or empty folder", out_dir,
    )


def locale_of(relative: str, locales_by_dir: Mapping[str, str]) -> str | None:
    """The locale a file belongs to: by its folder, or for archives/<bulletin>-<tag>.zip by its tag."""
    parts = relative.split("/")
    top = parts[0]
    if top == ARCHIVES:
        top = next((tag for tag in locales_by_dir if relative.endswith(f"-{tag}.zip")), top)
    elif top not in locales_by_dir:  # with several bulletins: <bulletin>/<tag>/...
        top = "/".join(parts[:2])
    return locales_by_dir.get(top)


def manifest_entries(files: Mapping[str, bytes], locale: Callable[[str], str | None], kinds: Mapping[str, str]) -> list[ManifestEntry]:
    """The manifest's entries for ``files`` (hidden files and the manifest itself left out), sorted by path."""
    kinds = {**ASSET_KINDS, **kinds}
    return [
        ManifestEntry(relative, kinds.get(PurePosixPath(relative).suffix, "other"), locale(relative), len(data),
                      hashlib.sha256(data).hexdigest())
        for relative, data in sorted(files.items()) if not _hidden(relative)
    ]


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


def zip_time(date: dt.date, say: Say) -> tuple[int, int, int, int, int, int]:
    """The time of every archive entry: ``SOURCE_DATE_EPOCH`` when set, else the publication date.

    ZIP stores 1980-01-01 to 2107-12-31: a date outside is clamped to that range, and said so.
    A ``SOURCE_DATE_EPOCH`` that is not a whole number of seconds, or lies beyond year 9999, is refused.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    what = "the publication date"
    when = dt.datetime(date.year, date.month, date.day)
    if epoch:
        what = "SOURCE_DATE_EPOCH"
        when = epoch_time(epoch)
    clamped = min(max(when, ZIP_FIRST), ZIP_LAST)
    if clamped != when:
        say(f"archives: {what} ({when:%Y-%m-%d}) is outside the years a ZIP file can store (1980 to 2107);"
            f" their entries are dated {clamped:%Y-%m-%d} instead")
    return clamped.year, clamped.month, clamped.day, clamped.hour, clamped.minute, clamped.second - clamped.second % 2


def make_zip(files: Mapping[str, bytes], paths: Iterable[str], when: tuple[int, int, int, int, int, int]) -> bytes:
    """A reproducible zip of ``paths`` (keys of ``files``): sorted entries, fixed times and modes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for relative in sorted(paths):
            info = zipfile.ZipInfo(relative, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, so the mode above means what it says everywhere
            archive.writestr(info, files[relative])
    return buffer.getvalue()


def archive_contents(
    files: Mapping[str, bytes], bulletin_id: str, locales_by_dir: Mapping[str, str], when: tuple[int, int, int, int, int, int]
) -> dict[str, bytes]:
    """One zip per edition (its page, feed, PDF and the shared assets it uses) and one of everything,
    made from ``files``: the output as it will be once published (never what else sits in the folder)."""
    paths = sorted(path for path in files if not path.startswith(f"{ARCHIVES}/") and not _hidden(path))
    shared_assets = [path for path in paths if path.startswith("assets/") and not path.endswith(".woff2")]
    archives: dict[str, bytes] = {}
    for folder in sorted(locales_by_dir):
        own = [path for path in paths if path.startswith(f"{folder}/")]
        if not own:
            continue
        # the web fonts the edition's own files name (its pages link to them by file name)
        fonts = [
            path for path in paths
            if path.endswith(".woff2") and any(path.rsplit("/", 1)[-1].encode() in files[mine] for mine in own)
        ]
        archives[f"{ARCHIVES}/{bulletin_id}-{folder}.zip"] = make_zip(files, own + shared_assets + fonts, when)
    archives[f"{ARCHIVES}/{bulletin_id}-all.zip"] = make_zip(files, paths, when)
    return archives


def unreferenced(current: Mapping[str, bytes], files: Mapping[str, bytes], patterns: Iterable[str]) -> set[str]:
    """Files in place that match ``patterns`` and that no other file of the new output names."""
    patterns = tuple(patterns)
    candidates = [p for p in current if p not in files and any(fnmatch.fnmatchcase(p, pattern) for pattern in patterns)]
    if not candidates:
        return set()
    pages = [data for path, data in (dict(current) | dict(files)).items()
             if not any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns)]
    return {p for p in candidates if not any(p.rsplit("/", 1)[-1].encode() in page for page in pages)}


class OutputLock(BuildLock):
    """One build at a time per output folder (see :class:`~silkpress.atomic.BuildLock`); the lock
    file is ``.silkpress/<out>/lock``. A folder that is neither empty nor a silkpress output is
    refused before anything is created."""

    def __init__(self, out_dir: Path) -> None:
        super().__init__(out_dir, state_dir(out_dir) / "lock")

    def __enter__(self) -> OutputLock:
        claim_output_folder(self.out_dir)
        super().__enter__()
        return self


class Publication:
    """Publishes a build into the output folder, all or nothing, so that a crash, a full disk or
    any error loses nothing (hold an :class:`OutputLock` around it). :meth:`publish`:

    - computes the whole new output (archives included) in memory, from the files the build made
      and the files of earlier builds that stay: those the previous manifest (or the journal of
      an interrupted publication) lists. Anything else in the folder is never read, archived or
      listed;
    - writes every changed file and the new manifest to temporary files outside the folder
      (``tmp_dir``, in the build state folder) and fsyncs them: a failure here replaces nothing;
    - then renames them into place. The manifest never lists a file that is missing or
      different: entries of files about to change are dropped first, and listed again at the end.
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
        self.journal = self.tmp_dir.with_name(f"pending-{hashlib.sha256(os.fsencode(out_dir)).hexdigest()[:16]}.json")
        self.kinds = dict(kinds or {})
        self.manifest: tuple[ManifestEntry, ...] = ()

    def __enter__(self) -> Publication:
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(f"cannot create the output folder: {error.strerror}", self.out_dir) from error
        _remove_tree(self.tmp_dir)  # leftovers of a killed build
        return self

    def __exit__(self, *exc_info: object) -> None:
        _remove_tree(self.tmp_dir)

    def _owned(self, extra: Iterable[str]) -> tuple[dict[str, bytes], dict[str, str | None]]:
        """The files of earlier builds still in place, and the locale the previous manifest gave each."""
        try:  # the files an interrupted publication was replacing or removing, with their locales
            pending = {str(path): locale for path, locale in json.loads(self.journal.read_bytes()).items()}
        except (OSError, ValueError, TypeError, AttributeError):
            pending = {}
        previous = pending | (read_manifest(self.out_dir) or {})
        found = {path: read_owned(self.out_dir, path) for path in {*previous, *extra}}
        return {path: data for path, data in found.items() if data is not None}, previous

    def publish(
        self, files: Mapping[str, bytes], keep_locales: Iterable[str] | None = None, archive_date: dt.date | None = None,
        owned: Iterable[str] = (), say: Say | None = None, retired: Iterable[str] = (), referenced_only: Iterable[str] = (),
    ) -> list[str]:
        """Publish ``files``; remove the files of earlier builds that belong to a locale not in
        ``keep_locales`` (when given), and those ``retired`` names; with ``archive_date``, write the
        archives. Returns what changed. ``owned`` names more files (beyond the previous manifest)
        that earlier builds wrote. A file of an earlier build matching a ``referenced_only`` pattern
        (font subsets named by content) goes when no page names it any more."""
        when = zip_time(archive_date, say or (lambda message: None)) if archive_date is not None else None
        current, previous = self._owned(owned)
        located = {path: locale_of(path, self.locales_by_dir) or previous.get(path) for path in {*previous, *current, *files}}
        keep = None if keep_locales is None else set(keep_locales)
        retired = set(retired) | unreferenced(current, files, referenced_only)
        doomed = sorted(p for p in current if p not in files and (
            p in retired or keep is not None and located[p] not in (None, *keep)))
        final = {path: data for path, data in current.items() if path not in doomed} | dict(files)
        new = dict(files)
        if when is not None:
            new |= archive_contents(final, self.bulletin_id, self.locales_by_dir, when)
            final |= new
        changed = [path for path in sorted(new) if (current[path] if path in current else read_owned(self.out_dir, path)) != new[path]]
        entries = manifest_entries(final, lambda path: located.get(path, locale_of(path, self.locales_by_dir)), self.kinds)
        self._replace(new, changed, doomed, entries, {path: located.get(path) for path in changed + doomed})
        self.manifest = tuple(entries)
        return changed

    def _replace(
        self, new: Mapping[str, bytes], changed: list[str], doomed: list[str], entries: list[ManifestEntry],
        journal: Mapping[str, str | None],
    ) -> None:
        manifest = render_manifest(self.bulletin_id, entries, self.provenance)
        target = self.out_dir / MANIFEST
        try:
            unchanged = not changed and not doomed and target.read_bytes() == manifest
        except OSError:
            unchanged = False
        if unchanged:
            _remove_tree(self.journal)
            return
        with Staging(self.tmp_dir) as staging:
            for relative in changed:
                staging.stage(safe_join(self.out_dir, relative), new[relative])
            staging.stage(target, manifest)
            # everything is on disk: from here on, only renames and removals
            if changed or doomed:
                write_atomic(self.journal, json.dumps(journal).encode(), self.tmp_dir)
                interim = [entry for entry in entries if entry.path not in changed]
                write_atomic(target, render_manifest(self.bulletin_id, interim, self.provenance), self.tmp_dir)
            for relative in changed:
                staging.commit(safe_join(self.out_dir, relative))
            for relative in doomed:
                self._remove(relative)
            staging.commit(target)
        _remove_tree(self.journal)

    def _remove(self, relative: str) -> None:
        """Remove a file of an edition no longer published, and the folders it leaves empty."""
        path = safe_join(self.out_dir, relative)
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            raise OutputError(f"cannot remove an old edition's file: {error.strerror}", path) from error
        for folder in path.parents:
            if folder == self.out_dir or not folder.is_relative_to(self.out_dir):
                break
            try:
                folder.rmdir()
            except OSError:
                break


def _remove_tree(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def publish_proofs(
    out_dir: Path, files: Mapping[str, bytes], bulletin_id: str, locales_by_dir: Mapping[str, str], kinds: Mapping[str, str],
) -> list[str]:
    """Write proof editions (``silkpress proof``) into their own folder, as a build publishes: under
    the lock, all or nothing, with a manifest (which also lets ``build`` accept a dist/ that holds
    only proofs). Proofs of other locales already there stay."""
    with OutputLock(out_dir), Publication(out_dir, locales_by_dir, bulletin_id, {}, kinds=kinds) as publication:
        return publication.publish(files)
