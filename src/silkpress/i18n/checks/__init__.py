"""Catalog checks, one module per family. Each message check yields (severity, name, message).

``check_catalog`` runs them all on one .po file and collects diagnostics;
nothing stops at the first problem.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ...catalogs import encoding_problem, format_problem, is_interface
from ...diagnostics import Diagnostic
from ...errors import CatalogError
from ...limits import MAX_CATALOG_BYTES, read_input
from ...project import Config
from ..pofile import Entry, PoFile, Problem, check_entries, parse_po
from . import completeness, content, placeholders, script, syntax, termbase
from .termbase import Term, load_termbase

logger = logging.getLogger(__name__)

Finding = tuple[str, str, str]  # severity, check name, message


@dataclass(frozen=True)
class Unit:
    """One message of a catalog, flattened for checking (plural forms are checked one by one)."""

    context: str | None
    source: str
    translation: str
    message: Entry
    interface: bool
    """From a template (formatted by Jinja with %), not from the bulletin source."""


@dataclass(frozen=True)
class CatalogInfo:
    locale: str
    is_source: bool
    terms: tuple[Term, ...]
    length_median: float | None


MessageCheck = Callable[[Unit, CatalogInfo], Iterable[Finding]]

MESSAGE_CHECKS: tuple[MessageCheck, ...] = (
    placeholders.check_placeholders,
    placeholders.check_markup,
    content.check_numbers,
    content.check_whitespace,
    content.check_end_punctuation,
    script.check_script,
    script.check_identical,
    script.check_uzbek_apostrophes,
    script.check_kazakh_spelling,
    script.check_chinese_punctuation,
    termbase.check_terms,
    content.check_length,
)

CHECK_NAMES = (
    "po-syntax", "gettext", "header", "placeholders", "markup", "numbers", "whitespace", "end-punctuation",
    "script", "identical", "uz-apostrophe", "kk-spelling", "zh-punctuation", "termbase", "length",
    "fuzzy", "untranslated",
)


# msgfmt -c's findings, by the silkpress check they belong to
GETTEXT_CHECKS = {"syntax": "po-syntax", "header": "header", "newline": "whitespace", "format": "placeholders"}


def units(catalog: PoFile) -> Iterator[Unit]:
    for entry in catalog.messages:
        ids = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
        interface = is_interface(entry)
        for index, translation in enumerate(entry.strings):
            source = ids[min(index, len(ids) - 1)]
            yield Unit(entry.msgctxt, source, translation or "", entry, interface)


def check_catalog(
    path: Path, locale: str, display_path: str, source_locale: str = "en", terms: tuple[Term, ...] = ()
) -> list[Diagnostic]:
    """Every diagnostic for one catalog, in file order."""
    try:
        data = read_input(path, MAX_CATALOG_BYTES, CatalogError, display_path)
    except CatalogError as error:
        return [Diagnostic(display_path, error.line, "error", "po-syntax", error.message)]
    catalog, problems = parse_po(data, display_path, check=False)
    if problems:  # GNU's reader stops here too
        return [Diagnostic(display_path, p.line, "error", "po-syntax", p.message) for p in problems]
    errors, _ = check_entries(catalog.entries)  # msgfmt -c; its header-field warnings are left out
    if not catalog.header or not catalog.header.translated:
        errors.insert(0, Problem(1, "PO file header missing or invalid (the first entry must be msgid \"\" with the header fields)",
                                 kind="header"))
    diagnostics = [Diagnostic(display_path, p.line, "error", GETTEXT_CHECKS[p.kind], p.message) for p in errors]
    diagnostics += [Diagnostic(display_path, p.line, "warning", "gettext", p.message) for p in catalog.warnings]
    diagnostics += [
        Diagnostic(display_path, line, "error", "header", message) for line, message in syntax.check_header(catalog, data, locale)
    ]
    for entry in catalog.messages:
        problem = encoding_problem(entry)
        if problem:
            diagnostics.append(Diagnostic(display_path, entry.msgstr_line, "error", "po-syntax", problem, entry.msgctxt or entry.msgid))
            continue
        if not entry.fuzzy and not entry.python_format:  # msgfmt -c has already held flagged ones to their msgid
            problem = format_problem(entry)
            if problem:
                diagnostics.append(Diagnostic(display_path, entry.msgstr_line, "error", "placeholders", problem,
                                              entry.msgctxt or entry.msgid))
    all_units = list(units(catalog))
    info = CatalogInfo(locale, locale == source_locale, terms, content.median_length_ratio(all_units))
    for unit in all_units:
        about = unit.context or unit.source
        for severity, name, message in completeness.check_completeness(unit, info):
            diagnostics.append(Diagnostic(display_path, unit.message.line, severity, name, message, about))  # type: ignore[arg-type]
        if not unit.translation or unit.message.fuzzy:
            continue
        for check in MESSAGE_CHECKS:
            for severity, name, message in check(unit, info):
                diagnostics.append(Diagnostic(display_path, unit.message.line, severity, name, message, about))  # type: ignore[arg-type]
    return _unique(diagnostics)


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    # plural forms can repeat a finding word for word
    seen: set[Diagnostic] = set()
    out = []
    for diagnostic in diagnostics:
        if diagnostic not in seen:
            seen.add(diagnostic)
            out.append(diagnostic)
    return out


def check_project(config: Config, locales: Iterable[str] | None = None) -> list[Diagnostic]:
    """Run every check on the project's catalogs (all, or the ones named)."""
    terms = load_termbase(config.locales_dir / "termbase.tsv", config.relative(config.locales_dir / "termbase.tsv"))
    diagnostics: list[Diagnostic] = []
    for locale in locales or config.locales:
        path = config.catalog_path(locale)
        shown = config.relative(path)
        if not path.exists() and not path.is_symlink():
            if locale != config.source_locale:
                diagnostics.append(Diagnostic(shown, None, "error", "po-syntax", f"catalog for {locale!r} not found (silkpress init {locale})"))
            continue
        diagnostics.extend(check_catalog(path, locale, shown, config.source_locale, terms))
    return diagnostics
