"""The template (POT): read or extracted, dated, and written only when its messages change.

Two rules keep translators' diffs quiet: a file is rewritten only when its content changes,
and the POT-Creation-Date moves only when the messages do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import replace
from pathlib import Path

from ..atomic import write_if_changed
from ..inputs import exists, read_input
from ..project import Bulletin
from .pofile import PoFile, parse_po
from .record import CatalogRecord, fingerprint, inputs_digest

_CREATION_DATE = re.compile(rb'^"POT-Creation-Date: [^"\\]*\\n"\n', re.MULTILINE)
_COPYRIGHT_YEAR = re.compile(rb"^# Copyright \(C\) \d{4}", re.MULTILINE)


def read_template_file(bulletin: Bulletin) -> bytes | None:
    """The POT's bytes as they are, or None when there is none (read as any input: guarded)."""
    path = bulletin.template_path
    if not exists(path):
        return None
    return read_input(path, "catalog", bulletin.project.relative(path), bulletin.project.locales_dir)


def current_template(bulletin: Bulletin) -> PoFile:
    """The template for the current source and templates: read from the POT when silkpress wrote it
    from these very inputs (a large source takes longer to load than its POT), else extracted."""
    from .extract import extract_messages

    project, path = bulletin.project, bulletin.template_path
    data = read_template_file(bulletin)
    if data is None:
        return extract_messages(bulletin)
    known = CatalogRecord(project.root).get(project.relative(path), hashlib.sha256(data).hexdigest())
    if known is not None and known.get("inputs") and known.get("inputs") == inputs_digest(bulletin):
        pofile, errors = parse_po(data, project.relative(path), check=False)
        if not errors and fingerprint(pofile) == known.get("template"):
            return pofile
    return extract_messages(bulletin)


def build_time() -> dt.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, so builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return dt.datetime.now(tz=dt.timezone.utc).replace(microsecond=0)


def format_date(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M%z")


def with_header_field(header: str, name: str, value: str) -> str:
    """``header`` with the field ``name`` set to ``value`` (appended when missing)."""
    pattern = re.compile(rf"^{re.escape(name)}:[^\n]*", re.MULTILINE)
    if pattern.search(header):
        return pattern.sub(lambda _: f"{name}: {value}", header, count=1)
    return header + ("" if header.endswith("\n") or not header else "\n") + f"{name}: {value}\n"


def _dated(template: PoFile, when: dt.datetime | str) -> PoFile:
    """The template with its POT-Creation-Date and copyright year set."""
    header = template.entries[0]
    text = when if isinstance(when, str) else format_date(when)
    year = text[:4]
    comments = tuple(re.sub(r"^Copyright \(C\) \d{4}", f"Copyright (C) {year}", c) for c in header.comments)
    comments = tuple(re.sub(r", \d{4}\.$", f", {year}.", c) if c.startswith("FIRST AUTHOR") else c for c in comments)
    header = replace(header, msgstr=with_header_field(header.msgstr, "POT-Creation-Date", text), comments=comments)
    return PoFile((header, *template.entries[1:]))


def _without_date(data: bytes) -> bytes:
    data = _CREATION_DATE.sub(b"", data)
    data = re.sub(rb"^(# FIRST AUTHOR <EMAIL@ADDRESS>, )\d{4}\.", rb"\1", data, flags=re.MULTILINE)
    return _COPYRIGHT_YEAR.sub(b"# Copyright (C)", data)


_LAST_STABLE: list[tuple[PoFile, Path, PoFile, bytes]] = []


def stable_template(bulletin: Bulletin, template: PoFile) -> tuple[PoFile, bytes]:
    """The template and its bytes, keeping the existing POT's date (and bytes) when only the
    date would change. Rendering a large catalog is the costly part: ``update`` asks twice for
    the same template (to write it, then to merge it), and it is rendered once."""
    for seen, path, result, data in _LAST_STABLE:
        if seen is template and path == bulletin.template_path:
            return result, data
    result, data = _stable_uncached(bulletin, template)
    _LAST_STABLE[:] = [(template, bulletin.template_path, result, data)]
    return result, data


def _stable_uncached(bulletin: Bulletin, template: PoFile) -> tuple[PoFile, bytes]:
    project = bulletin.project
    old = read_template_file(bulletin)
    print_ = fingerprint(template)
    if old is not None:
        known = CatalogRecord(project.root).get(project.relative(bulletin.template_path), hashlib.sha256(old).hexdigest())
        match = _CREATION_DATE.search(old)
        if known is not None and known.get("template") == print_ and match:
            # the file is what silkpress wrote for these very messages: no need to write it again
            value = match.group(0).decode("utf-8").split(": ", 1)[1][: -len('\\n"\n')]
            return _dated(template, value), old
    from .powrite import render_po  # its line-breaking tables cost a build that writes no catalog ~0.1 s

    fresh = _dated(template, build_time())
    from .powrite import render_po  # its line-breaking tables cost ~0.1 s to load: only when writing

    data = render_po(fresh)
    if old is None:
        return fresh, data
    if _without_date(data) == _without_date(old):
        match = _CREATION_DATE.search(old)
        if match:
            value = match.group(0).decode("utf-8").split(": ", 1)[1][: -len('\\n"\n')]
            return _dated(template, value), old
        return fresh, old
    return fresh, data


def stabilize_template(bulletin: Bulletin, template: PoFile) -> PoFile:
    """Give ``template`` the existing POT's creation date when its messages are unchanged."""
    return stable_template(bulletin, template)[0]


def write_template(bulletin: Bulletin, template: PoFile, write: bool = True) -> bool:
    """Write ``locales/<domain>.pot``; keep the file as is when only its date would change.

    Returns whether the file changed (or, with ``write=False``, would change).
    """
    _, data = stable_template(bulletin, template)
    project, path = bulletin.project, bulletin.template_path
    if not write:
        return read_template_file(bulletin) != data
    written = write_if_changed(path, data)
    record = CatalogRecord(project.root)
    record.put(project.relative(path), data, template=fingerprint(template), inputs=inputs_digest(bulletin))
    record.save()
    return written
