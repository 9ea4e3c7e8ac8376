"""``update`` and ``init``: merge the template into each locale's catalog, as ``msgmerge`` would.

The steps live in their own modules: :mod:`.template` (the POT), :mod:`.merge` (one
catalog), :mod:`.repair` (reading what older tools wrote) and :mod:`.record` (what silkpress
last wrote). Files are written in GNU's canonical form (:mod:`.powrite`), so that saving
in Poedit or running any GNU tool afterwards changes nothing.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing as mp
import re
import signal
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..atomic import write_if_changed
from ..errors import CatalogError, SilkpressError
from ..inputs import exists, read_input
from ..limits import usable_cpus
from ..options import code_fingerprint
from ..profiles import profile_for
from ..project import Bulletin, Project, check_locale
from ..theme.messages import theme_keys
from .merge import merge_catalog
from .pofile import PoFile
from .powrite import render_po
from .record import CatalogRecord, fingerprint
from .repair import read_catalog_for_update
from .template import (
    current_template,
    stabilize_template,
    stable_template,
    write_template,
)

__all__ = [
    "CatalogUpdate", "current_template", "init_catalog", "merge_catalog", "stabilize_template", "update_catalogs",
    "update_project", "write_template",
]

logger = logging.getLogger(__name__)


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

    def to_dict(self, project: Project) -> dict[str, object]:
        return {"locale": self.locale, "path": project.relative(self.path), "changed": self.written, "fuzzy": self.fuzzy,
                "obsolete": self.obsolete, "repaired": self.repaired}


def init_catalog(bulletin: Bulletin, template: PoFile, locale: str) -> Path:
    """Create the catalog for a new locale; refuse to overwrite an existing one."""
    check_locale(locale)
    project, path = bulletin.project, bulletin.catalog_path(locale)
    if exists(path):
        raise CatalogError(f"catalog for {locale!r} already exists (use 'silkpress update')", project.relative(path))
    if profile_for(locale).parent:
        derive_one(bulletin, locale, write=True)
        return path
    merged = for_locale(stable_template(bulletin, template)[0], locale, None, project.source_locale)
    catalog, _ = merge_catalog(None, merged, locale)
    data = render_po(catalog)
    write_if_changed(path, data)
    record = CatalogRecord(project.root)
    record.put(project.relative(path), data)
    record.save()
    return path


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
    new, fuzzy = merge_catalog(old, for_locale(job.template, locale, old, job.bulletin.project.source_locale), locale)
    # interface strings the theme translates need no copy here: their old entries are dropped, not kept obsolete
    keys = theme_keys()
    new = PoFile(tuple(e for e in new.entries if not (e.obsolete and e.key in keys)), new.warnings, new.raw)
    # a file silkpress wrote is canonical: its unchanged entries are copied, not wrapped again
    reuse = old.raw if old is not None and known is not None and not repaired else None
    out = render_po(new, reuse)
    obsolete = sum(1 for _ in new.obsolete)
    if not job.write:
        return CatalogUpdate(locale, path, data != out, fuzzy, obsolete, repaired), None
    written = write_if_changed(path, out)
    facts = {"sha256": hashlib.sha256(out).hexdigest(), "template": job.merge_key, "fuzzy": fuzzy, "obsolete": obsolete}
    return CatalogUpdate(locale, path, written, fuzzy, obsolete, repaired), facts


def for_locale(template: PoFile, locale: str, old: PoFile | None, source_locale: str) -> PoFile:
    """The template a locale's catalog is merged with: the project's messages, then the theme's
    interface strings that the theme does not translate into this locale (for its translators),
    and those the catalog translates otherwise than the theme (its overrides)."""
    from ..theme.messages import (
        theme_extras,
        theme_template_entries,
        theme_translations,
    )

    have = {entry.key for entry in template.messages}
    extras = [e for e in theme_extras(locale) if e.key not in have] if locale != source_locale else []
    theme = theme_translations(locale)
    overrides = []
    for entry in theme_template_entries():
        if entry.key in have or entry in extras or old is None:
            continue
        mine = old.index().get(entry.key)
        if mine is not None and mine.translated and not mine.obsolete and mine.strings != _theme_strings(theme, entry):
            overrides.append(entry)
    if not extras and not overrides:
        return template
    return PoFile((*template.entries, *extras, *overrides))


def _theme_strings(theme, entry) -> tuple[str, ...]:  # noqa: ANN001
    if entry.msgid_plural is not None:
        return tuple(theme.plurals.get(entry.key, ()))
    text = theme.messages.get(entry.key)
    return (text,) if text is not None else ()


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
    template = stable_template(bulletin, template)[0]
    created = re.search(r"^POT-Creation-Date: ([^\n]*)", template.entries[0].msgstr, re.MULTILINE)
    # The theme's strings and translations join each locale's merge: a change to silkpress's own
    # files (the theme is among them) makes every catalog merge again.
    merge_key = fingerprint(template) + "@" + (created.group(1) if created else "") + "@" + code_fingerprint()[:16]
    record = CatalogRecord(project.root)
    job = _Job(bulletin, template, merge_key, create, write)
    results: dict[str, CatalogUpdate] = {}
    pending: list[tuple[str, bytes | None, dict[str, object] | None]] = []
    order = list(locales or project.locales)
    for locale in (locale for locale in order if not profile_for(locale).parent):  # variants: derived below
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
            with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork"),
                                     initializer=signal.signal, initargs=(signal.SIGTERM, signal.SIG_DFL)) as pool:
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
    results.update(_derive_all(bulletin, order, write, record))
    record.save()
    return [results[locale] for locale in order if locale in results]


def _derive_all(bulletin: Bulletin, locales: list[str], write: bool, record: CatalogRecord) -> dict[str, CatalogUpdate]:
    """The script variants among ``locales``, derived once their parents are merged."""
    results = {}
    for locale in locales:
        if profile_for(locale).parent:
            results[locale] = derive_one(bulletin, locale, write)
            if write:
                record.put(bulletin.project.relative(results[locale].path), bulletin.catalog_path(locale).read_bytes())
    return results


def derive_one(bulletin: Bulletin, locale: str, write: bool = True) -> CatalogUpdate:
    """Write a script variant's catalog from its parent's (:mod:`.derive`): the parent's catalog
    must exist; the variant's own, if any, gives the entries a human edited."""
    from .derive import derive_catalog
    from .pofile import parse_po

    project, parent = bulletin.project, str(profile_for(locale).parent)
    parent_path, path = bulletin.catalog_path(parent), bulletin.catalog_path(locale)
    if not exists(parent_path):
        raise CatalogError(f"{locale} is derived from {parent}, whose catalog is missing (silkpress init {parent})",
                           project.relative(parent_path))
    source = read_catalog_for_update(parent_path, project.relative(parent_path),
                                     read_input(parent_path, "catalog", project.relative(parent_path), project.locales_dir))[0]
    data = read_input(path, "catalog", project.relative(path), project.locales_dir) if exists(path) else None
    old = parse_po(data, project.relative(path), check=False)[0] if data is not None else None
    catalog, flagged = derive_catalog(source, old, locale, parent)
    out = render_po(catalog)
    written = write_if_changed(path, out) if write else data != out
    fuzzy = sum(1 for entry in catalog.messages if entry.fuzzy and entry.translated)
    if flagged:
        logger.info("%s: %d edited entries turned fuzzy: their %s translation changed", project.relative(path), flagged, parent)
    return CatalogUpdate(locale, path, written, fuzzy, sum(1 for _ in catalog.obsolete))


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
