"""Write the template (POT) and merge it into each locale's catalog, as ``msgmerge`` would.

Two rules keep translators' diffs quiet: a file is rewritten only when its
content changes, and the POT-Creation-Date moves only when the messages do.
Files are written in GNU's canonical form (:mod:`.powrite`), so that saving
in Poedit or running any GNU tool afterwards changes nothing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import logging
import marshal
import multiprocessing as mp
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from .. import __version__
from ..atomic import write_atomic, write_if_changed
from ..errors import CatalogError, OutputError, SilkpressError
from ..inputs import exists, read_input
from ..limits import usable_cpus
from ..project import STATE_DIR, Bulletin, Project, check_locale
from .extract import wrap_notes
from .pofile import Entry, PoFile, parse_po
from .powrite import render_po

logger = logging.getLogger(__name__)

_CREATION_DATE = re.compile(rb'^"POT-Creation-Date: [^"\\]*\\n"\n', re.MULTILINE)
_COPYRIGHT_YEAR = re.compile(rb"^# Copyright \(C\) \d{4}", re.MULTILINE)
_CREATION_FIELD = re.compile(r"^POT-Creation-Date:[^\n]*\n?", re.MULTILINE)


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
    files = [bulletin.source, *template_files(project.templates_dir)]
    digest = hashlib.sha256(__version__.encode())
    for path in files:
        try:
            digest.update(project.relative(path).encode("utf-8", "surrogateescape") + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            return ""
    return digest.hexdigest()


def current_template(bulletin: Bulletin) -> PoFile:
    """The template for the current source and templates: read from the POT when silkpress wrote it
    from these very inputs (a large source takes longer to load than its POT), else extracted."""
    from .extract import extract_messages

    project, path = bulletin.project, bulletin.template_path
    try:
        data = path.read_bytes()
    except OSError:
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


def _with_header_field(header: str, name: str, value: str) -> str:
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
    header = replace(header, msgstr=_with_header_field(header.msgstr, "POT-Creation-Date", text), comments=comments)
    return PoFile((header, *template.entries[1:]))


def _without_date(data: bytes) -> bytes:
    data = _CREATION_DATE.sub(b"", data)
    data = re.sub(rb"^(# FIRST AUTHOR <EMAIL@ADDRESS>, )\d{4}\.", rb"\1", data, flags=re.MULTILINE)
    return _COPYRIGHT_YEAR.sub(b"# Copyright (C)", data)


_LAST_STABLE: list[tuple[PoFile, Path, PoFile, bytes]] = []


def _stable(bulletin: Bulletin, template: PoFile) -> tuple[PoFile, bytes]:
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
    try:
        old = bulletin.template_path.read_bytes()
    except FileNotFoundError:
        old = None
    print_ = fingerprint(template)
    if old is not None:
        known = CatalogRecord(project.root).get(project.relative(bulletin.template_path), hashlib.sha256(old).hexdigest())
        match = _CREATION_DATE.search(old)
        if known is not None and known.get("template") == print_ and match:
            # the file is what silkpress wrote for these very messages: no need to write it again
            value = match.group(0).decode("utf-8").split(": ", 1)[1][: -len('\\n"\n')]
            return _dated(template, value), old
    fresh = _dated(template, build_time())
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
    return _stable(bulletin, template)[0]


def write_template(bulletin: Bulletin, template: PoFile, write: bool = True) -> bool:
    """Write ``locales/<domain>.pot``; keep the file as is when only its date would change.

    Returns whether the file changed (or, with ``write=False``, would change).
    """
    _, data = _stable(bulletin, template)
    project, path = bulletin.project, bulletin.template_path
    if not write:
        return not path.exists() or path.read_bytes() != data
    written = write_if_changed(path, data)
    record = CatalogRecord(project.root)
    record.put(project.relative(path), data, template=fingerprint(template), inputs=inputs_digest(bulletin))
    record.save()
    return written


@dataclass(frozen=True)
class CatalogUpdate:
    locale: str
    path: Path
    written: bool
    fuzzy: int
    obsolete: int
    repaired: int = 0
    """Previous msgids ('#|') recovered: from the unreadable lines silkpress 0.1 wrote, or from
    the comments Babel turns them into."""


def _closest(text: str, candidates: list[Entry]) -> Entry | None:
    best, best_ratio = None, 0.8  # difflib's usual cutoff for "close"
    for candidate in candidates:
        ratio = difflib.SequenceMatcher(None, text, candidate.msgid).ratio()
        if ratio >= best_ratio:
            best, best_ratio = candidate, ratio
    return best


def _forms(match: Entry, template: Entry, nplurals: int) -> dict[str, object]:
    """The translation of ``match`` in the shape of ``template`` (plural or not), losing no form."""
    if template.msgid_plural is None:
        return {"msgstr": match.strings[0] if match.strings else "", "msgstr_plural": ()}
    forms = match.strings
    if len(forms) < nplurals:
        forms = forms + ("",) * (nplurals - len(forms))
    return {"msgstr": "", "msgstr_plural": forms}


def _init_header(template: PoFile, locale: str) -> Entry:
    source = template.entries[0]
    fields = source.msgstr
    created = re.search(r"^POT-Creation-Date: ([^\n]*)", fields, re.MULTILINE)
    created_text = created.group(1) if created else format_date(build_time())
    try:
        plural = get_plural(locale)
        plural_forms = f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"
    except (ValueError, LookupError):
        plural_forms = "nplurals=2; plural=(n != 1);"
    project = re.search(r"^Project-Id-Version: ([^\n]*)", fields, re.MULTILINE)
    project_name = project.group(1).split(" ")[0] if project else "PACKAGE"
    lines = [
        f"Project-Id-Version: {project.group(1) if project else 'PACKAGE VERSION'}",
        "Report-Msgid-Bugs-To: EMAIL@ADDRESS",
        f"POT-Creation-Date: {created_text}",
        f"PO-Revision-Date: {created_text}",
        "Last-Translator: FULL NAME <EMAIL@ADDRESS>",
        f"Language: {locale}",
        f"Language-Team: {locale} <LL@li.org>",
        f"Plural-Forms: {plural_forms}",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
    ]
    try:
        language = Locale.parse(locale).english_name or locale
    except (ValueError, UnknownLocaleError):
        language = locale
    year = created_text[:4]
    comments = (
        f"{language} translations for {project_name}.",
        f"Copyright (C) {year} ORGANIZATION",
        *wrap_notes([f"This file is distributed under the same license as the {project_name} project."]),
        f"FIRST AUTHOR <EMAIL@ADDRESS>, {year}.",
        "",
    )
    return Entry(msgid="", msgstr="".join(line + "\n" for line in lines), comments=comments)


def merge_catalog(old: PoFile | None, template: PoFile, locale: str) -> tuple[PoFile, int]:
    """Merge ``template`` into ``old`` for ``locale``; returns the new catalog and how many messages are fuzzy.

    Translations are never dropped: a unit whose English changed keeps its
    translation as fuzzy with the previous msgid (``#|``), matched by msgctxt,
    so only the same unit is ever a candidate; units that disappeared become
    obsolete (``#~``) and come back if their text does. Entries follow the
    template's order (source units, then interface strings), obsolete ones last.
    """
    check_locale(locale)
    template_header = template.entries[0] if template.entries and template.entries[0].is_header else None
    old_header = old.header if old is not None else None
    if old_header is not None and old_header.translated:
        created = re.search(r"^POT-Creation-Date: ([^\n]*)", template_header.msgstr if template_header else "", re.MULTILINE)
        header = old_header
        if created:
            dated = replace(header, msgstr=_with_header_field(header.msgstr, "POT-Creation-Date", created.group(1)))
            header = header if dated == header else dated
    else:
        header = _init_header(template, locale)
    nplurals = PoFile((header,)).nplurals

    old_entries: list[Entry] = [] if old is None else [e for e in old.entries if not e.is_header]
    old_by_key: dict[tuple[str | None, str], Entry] = {}
    by_context: dict[str, Entry] = {}
    # Obsolete first, so a live message wins when both share a key or a context.
    for entry in [e for e in old_entries if e.obsolete] + [e for e in old_entries if not e.obsolete]:
        old_by_key[entry.key] = entry
        if entry.msgctxt is not None and entry.translated:
            by_context[entry.msgctxt] = entry
    by_text: dict[str, Entry] = {}
    for entry in old_by_key.values():
        if entry.translated:
            by_text.setdefault(entry.msgid, entry)

    messages = [e for e in template.entries if not e.is_header]
    # Pass 1: the same text, in the same unit or (after units were renumbered) in another.
    matches: dict[tuple[str | None, str], tuple[Entry, bool]] = {}
    used: set[tuple[str | None, str]] = set()
    for entry in messages:
        match = old_by_key.get(entry.key)
        if match is None and entry.msgid in by_text and by_text[entry.msgid].key not in used:
            match = by_text[entry.msgid]
        if match is not None and match.key not in used:
            used.add(match.key)
            matches[entry.key] = (match, match.fuzzy)
    # Pass 2: a unit whose text changed keeps its old translation as fuzzy, with #| msgid.
    # Only the same msgctxt is a candidate, never a message from another part of the bulletin;
    # a message without msgctxt (an interface string) may match a close old one without msgctxt.
    contextless = [e for e in old_by_key.values() if e.msgctxt is None and e.translated]
    for entry in messages:
        if entry.key in matches:
            continue
        if entry.msgctxt is not None:
            candidate = by_context.get(entry.msgctxt)
            if candidate is None or candidate.key in used:
                continue  # its translation went with its text to another unit
            used.add(candidate.key)
        else:
            # an interface string may borrow a close one's translation as a fuzzy suggestion
            candidate = _closest(entry.msgid, contextless)
            if candidate is None:
                continue
        matches[entry.key] = (candidate, True)

    fuzzy = 0
    merged: list[Entry] = [header]
    for entry in messages:
        found = matches.get(entry.key)
        if found is None:
            empty = {"msgstr": "", "msgstr_plural": ("",) * nplurals if entry.msgid_plural is not None else ()}
            merged.append(replace(entry, fuzzy=False, comments=(), previous_msgctxt=None, previous_msgid=None,
                                  previous_msgid_plural=None, obsolete=False, **empty))  # type: ignore[arg-type]
            continue
        match, is_fuzzy = found
        reshaped = (match.msgid_plural is None) != (entry.msgid_plural is None)
        # the same text moved to another unit keeps its translation as it was
        changed = match.msgid != entry.msgid or match.msgid_plural != entry.msgid_plural
        is_fuzzy = (is_fuzzy or changed or reshaped) and match.translated
        if changed and is_fuzzy and not (match.fuzzy and match.previous_msgid is not None):
            previous = (match.msgctxt if match.msgctxt != entry.msgctxt else None, match.msgid, match.msgid_plural)
        elif is_fuzzy:  # still the English its translation was made from
            previous = (match.previous_msgctxt, match.previous_msgid, match.previous_msgid_plural)
        else:
            previous = (None, None, None)
        formats = entry.formats
        if match.format_state("python") == "no" and entry.format_state("python") != "no":
            formats = entry.with_format("python", "no").formats  # a translator's explicit no-python-format is honoured
        forms = _forms(match, entry, nplurals)
        result = Entry(
            entry.msgid, forms["msgstr"], entry.msgctxt, entry.msgid_plural, forms["msgstr_plural"],  # type: ignore[arg-type]
            match.comments, entry.extracted, entry.references, is_fuzzy, formats, entry.range, match.wrap,
            previous[0], previous[1], previous[2], False, entry.domain, match.line, match.msgstr_line,
        )
        # An entry that did not change stays the very object that was read, so its text can be reused.
        merged.append(match if result == match else result)
        fuzzy += is_fuzzy
    obsolete = []
    for e in old_entries:
        if e.key not in used and e.translated and old_by_key.get(e.key) is e:
            if e.obsolete:
                obsolete.append(e)  # already obsolete: kept as it is, '#~|' and all
            else:
                obsolete.append(replace(e, obsolete=True, references=(), previous_msgctxt=None, previous_msgid=None,
                                        previous_msgid_plural=None))
    return PoFile(tuple(merged + obsolete)), fuzzy


def init_catalog(bulletin: Bulletin, template: PoFile, locale: str) -> Path:
    """Create the catalog for a new locale; refuse to overwrite an existing one."""
    check_locale(locale)
    project, path = bulletin.project, bulletin.catalog_path(locale)
    if exists(path):
        raise CatalogError(f"catalog for {locale!r} already exists (use 'silkpress update')", project.relative(path))
    catalog, _ = merge_catalog(None, _stable(bulletin, template)[0], locale)
    data = render_po(catalog)
    write_if_changed(path, data)
    record = CatalogRecord(project.root)
    record.put(project.relative(path), data)
    record.save()
    return path


_LEGACY_PREVIOUS = re.compile(rb"^(#~?\| )(msgctxt|msgid|msgid_plural) ", re.MULTILINE)


def _open_string(line: bytes) -> bool:
    """Whether ``line`` ends inside a string literal (an odd number of unescaped quotes)."""
    return len(re.findall(rb'(?<!\\)(?:\\\\)*"', line)) % 2 == 1


def repair_legacy_previous(data: bytes) -> tuple[bytes, int]:
    """Undo silkpress 0.1's broken '#|' lines: Babel wrapped the previous msgid like a comment
    (``#| msgid "" "The … Belt and`` / ``#| Road " "Initiative"``). Joining each block's
    continuation lines into one '#|' line gives what GNU can read. Returns (data, blocks joined)."""
    lines = data.split(b"\n")
    out: list[bytes] = []
    joined = 0
    for line in lines:
        marker = line[:4] if line.startswith(b"#~| ") else line[:3]
        continuation = (
            out and marker in (b"#| ", b"#~| ") and not _LEGACY_PREVIOUS.match(line)
            and out[-1].startswith(marker) and _open_string(out[-1])
        )
        if continuation:
            out[-1] = out[-1] + b" " + line[len(marker):]
            joined += 1
        else:
            out.append(line)
    return b"\n".join(out), joined


_BABEL_PREVIOUS = re.compile(r"^\| (msgctxt|msgid) ")


def recover_babel_previous(entry: Entry) -> Entry:
    """Babel (2.19) reads '#|' lines as translator comments and writes them back wrapped as
    '# | msgid ...'; GNU then sees comments. Turn such a run of comments back into the previous msgid."""
    comments = list(entry.comments)
    start = next((i for i, c in enumerate(comments) if _BABEL_PREVIOUS.match(c)), None)
    if start is None:
        return entry
    stop = start + 1
    while stop < len(comments) and (comments[stop].startswith("| ") or comments[stop].startswith('"')):
        stop += 1
    pieces = [c[2:] if c.startswith("| ") else c for c in comments[start:stop]]
    parsed, errors = parse_po(("#| " + " ".join(pieces) + '\nmsgid "x"\nmsgstr ""\n').encode("utf-8", "surrogateescape"),
                              check=False)
    if errors or not parsed.entries:
        return entry
    previous = parsed.entries[0]
    return replace(
        entry, comments=tuple(comments[:start] + comments[stop:]),
        previous_msgctxt=previous.previous_msgctxt, previous_msgid=previous.previous_msgid,
        previous_msgid_plural=previous.previous_msgid_plural,
    )


def read_catalog_for_update(path: Path, shown: str, data: bytes | None = None) -> tuple[PoFile | None, int]:
    """A catalog as ``msgmerge`` reads it: its syntax must be right, its translations need not be."""
    if data is None:
        if not path.exists() and not path.is_symlink():
            return None, 0
        data = read_input(path, "catalog", shown)
    pofile, errors = parse_po(data, shown, check=False)
    if not errors:
        recovered = tuple(recover_babel_previous(e) for e in pofile.entries)
        repaired = sum(a is not b for a, b in zip(recovered, pofile.entries))
        return (PoFile(recovered, pofile.warnings, pofile.raw) if repaired else pofile), repaired
    repaired_data, joined = repair_legacy_previous(data)
    if joined:
        fixed, again = parse_po(repaired_data, shown, check=False)
        if not again:
            return PoFile(tuple(recover_babel_previous(e) for e in fixed.entries), fixed.warnings), joined
    first = errors[0]
    raise CatalogError(first.message, shown, first.line)


@dataclass(frozen=True)
class _Job:
    """What a catalog's merge needs, shared with worker processes by fork (the template is large)."""

    bulletin: Bulletin
    template: PoFile
    merge_key: str
    create: bool
    write: bool


_JOB: _Job | None = None
PARALLEL_BYTES = 1 << 20
"""Catalogs larger than this in total are merged in parallel, one process per CPU."""


def _update_one(job: _Job, locale: str, data: bytes | None, known: dict[str, object] | None) -> tuple[CatalogUpdate, dict[str, object] | None]:
    """Merge the template into one catalog; returns the report and what to record of the new file."""
    path = job.bulletin.catalog_path(locale)
    shown = job.bulletin.project.relative(path)
    old, repaired = read_catalog_for_update(path, shown, data) if data is not None else (None, 0)
    if old is None and not job.create:
        raise CatalogError(f"catalog not found for locale {locale!r} (create it with 'silkpress init {locale}')", shown)
    new, fuzzy = merge_catalog(old, job.template, locale)
    # a file silkpress wrote is canonical: its unchanged entries are copied, not wrapped again
    reuse = old.raw if old is not None and known is not None and not repaired else None
    out = render_po(new, reuse)
    obsolete = sum(1 for _ in new.obsolete)
    if not job.write:
        return CatalogUpdate(locale, path, data != out, fuzzy, obsolete, repaired), None
    written = write_if_changed(path, out)
    facts = {"sha256": hashlib.sha256(out).hexdigest(), "template": job.merge_key, "fuzzy": fuzzy, "obsolete": obsolete}
    return CatalogUpdate(locale, path, written, fuzzy, obsolete, repaired), facts


def _update_in_worker(locale: str, data: bytes | None, known: dict[str, object] | None) -> tuple[str, object]:
    assert _JOB is not None
    try:
        return "ok", _update_one(_JOB, locale, data, known)
    except SilkpressError as error:  # exceptions with their own arguments do not pickle reliably
        return "error", (type(error).__name__, error.message, error.path, error.line)


def update_catalogs(
    bulletin: Bulletin, template: PoFile, create: bool = False, write: bool = True, locales: Iterable[str] | None = None
) -> list[CatalogUpdate]:
    """Merge the template into each locale's catalog (creating missing ones if ``create``).

    With ``write=False`` nothing is written and ``written`` says whether a file would change.
    Large catalogs are merged in parallel, one worker process per CPU.
    """
    global _JOB
    project = bulletin.project
    template = _stable(bulletin, template)[0]
    created = re.search(r"^POT-Creation-Date: ([^\n]*)", template.entries[0].msgstr, re.MULTILINE)
    merge_key = fingerprint(template) + "@" + (created.group(1) if created else "")
    record = CatalogRecord(project.root)
    job = _Job(bulletin, template, merge_key, create, write)
    results: dict[str, CatalogUpdate] = {}
    pending: list[tuple[str, bytes | None, dict[str, object] | None]] = []
    order = list(locales or project.locales)
    for locale in order:
        path = bulletin.catalog_path(locale)
        shown = project.relative(path)
        data = read_input(path, "catalog", shown, project.locales_dir) if exists(path) else None
        if data is None and not create and locale == project.source_locale:
            continue  # the source locale's catalog only holds overrides: it may not exist
        known = record.get(shown, hashlib.sha256(data).hexdigest()) if data is not None else None
        if known is not None and known.get("template") == merge_key:
            # what silkpress wrote for this very template: nothing to merge
            results[locale] = CatalogUpdate(locale, path, False, int(known.get("fuzzy", 0)), int(known.get("obsolete", 0)))
            continue
        pending.append((locale, data, known))
    workers = min(usable_cpus(), len(pending))
    parallel = workers > 1 and sum(len(d or b"") for _, d, _ in pending) > PARALLEL_BYTES and "fork" in mp.get_all_start_methods()
    if parallel:
        _JOB = job
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork")) as pool:
                outcomes = list(pool.map(_update_in_worker, *zip(*pending)))
        finally:
            _JOB = None
        for (locale, _, _), (status, value) in zip(pending, outcomes):
            if status == "error":
                kind, message, where, line = value  # type: ignore[misc]
                raise CatalogError(message, where, line) if kind == "CatalogError" else SilkpressError(message)
            results[locale], facts = value  # type: ignore[misc]
            if facts:
                record.files[project.relative(results[locale].path)] = facts
                record.changed = True
    else:
        for locale, data, known in pending:
            results[locale], facts = _update_one(job, locale, data, known)
            if facts:
                record.files[project.relative(results[locale].path)] = facts
                record.changed = True
    record.save()
    return [results[locale] for locale in order if locale in results]


def update_project(project: Project, write: bool = True) -> tuple[list[dict[str, object]], list[CatalogUpdate]]:
    """``silkpress update`` for every bulletin: each one's template (its own POT) and catalogs.

    Returns the templates (path, whether it changed) and the catalog updates."""
    templates: list[dict[str, object]] = []
    results: list[CatalogUpdate] = []
    for bulletin in project.bulletins:
        template = current_template(bulletin)
        changed = write_template(bulletin, template, write=write)
        templates.append({"path": project.relative(bulletin.template_path), "changed": changed})
        results += update_catalogs(bulletin, template, write=write)
    return templates, results
