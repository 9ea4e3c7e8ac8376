"""What silkpress last wrote to each catalog (``.silkpress/catalogs.json``): a shortcut that lets
``update`` copy unchanged entries and skip merges, and the digests it is keyed by."""

from __future__ import annotations

import hashlib
import json
import marshal
from pathlib import Path

from .. import __version__
from ..atomic import write_atomic
from ..errors import OutputError, SilkpressError
from ..inputs import read_input
from ..project import STATE_DIR, Bulletin
from .pofile import PoFile

RECORD_NAME = "catalogs.json"


class CatalogRecord:
    """What silkpress last wrote to each catalog and the template it merged:
    ``.silkpress/catalogs.json`` in the project's build state folder (not committed).

    A catalog whose bytes are still the ones recorded is canonical, so the writer copies its
    unchanged entries instead of wrapping them again; if the template is the recorded one too,
    there is nothing to merge. Any other file (saved in Poedit, say) is read and written in full.
    The record is only a shortcut: when it is missing or cannot be written, nothing else changes.
    """

    def __init__(self, root: Path) -> None:
        self.path = root / STATE_DIR / RECORD_NAME
        self.files: dict[str, dict[str, object]] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("version") == 1 and isinstance(data.get("files"), dict):
                self.files = data["files"]
        except (OSError, ValueError, AttributeError):
            pass
        self.changed = False

    def get(self, key: str, digest: str) -> dict[str, object] | None:
        """What was recorded for ``key``, when its bytes have ``digest`` still."""
        known = self.files.get(key)
        return known if isinstance(known, dict) and known.get("sha256") == digest else None

    def put(self, key: str, data: bytes, **facts: object) -> None:
        entry = {"sha256": hashlib.sha256(data).hexdigest(), **facts}
        if self.files.get(key) != entry:
            self.files[key] = entry
            self.changed = True

    def save(self) -> None:
        if not self.changed:
            return
        try:
            write_atomic(self.path, (json.dumps({"version": 1, "files": self.files}, indent=1, sort_keys=True) + "\n").encode())
        except OutputError:
            pass  # a shortcut only


def fingerprint(template: PoFile) -> str:
    """A digest of everything of the template's messages that a merge uses (not its date)."""
    fields = tuple(
        (e.msgid, e.msgctxt, e.msgid_plural, e.references, e.extracted, e.formats, e.range, e.wrap)
        for e in template.entries if not e.is_header
    )
    # marshal's version 2 writes equal values as equal bytes (later versions record sharing)
    return hashlib.sha256(marshal.dumps((__version__, fields), 2)).hexdigest()


def inputs_digest(bulletin: Bulletin) -> str:
    """A digest of what extraction reads: the source and every template file (and silkpress's version)."""
    from .extract import template_files

    project = bulletin.project
    files = [(bulletin.source, "source", project.root)]
    files += [(path, "template", project.templates_dir) for path in template_files(project.templates_dir)]
    digest = hashlib.sha256(__version__.encode())
    for path, kind, root in files:
        shown = project.relative(path)
        try:
            data = read_input(path, kind, shown, root)
        except SilkpressError:
            return ""  # extraction will say what is wrong with it
        digest.update(shown.encode("utf-8", "surrogateescape") + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()
