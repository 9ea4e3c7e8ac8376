"""Catalog checks, one module per family. Each message check yields (severity, name, message).

``check_catalog`` runs them all on one .po file and collects diagnostics;
nothing stops at the first problem.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Literal, Mapping

from ...catalogs import Key, encoding_problem, format_problem, is_interface
from ...diagnostics import Diagnostic
from ...errors import CatalogError, SilkpressError
from ...inputs import exists, read_input
from ...profiles import LocaleProfile, profile_for
from ...project import Bulletin
from ..pofile import Entry, PoFile, Problem, check_entries, parse_po
from ...overrides import is_override
from . import completeness, content, invisible, overrides, placeholders, script, syntax, termbase
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
    profile: LocaleProfile


MessageCheck = Callable[[Unit, CatalogInfo], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    """An entry of the check registry: one family of findings on translated messages."""

    name: str
    function: MessageCheck
    applies: Literal["always", "profile"] = "always"
    """``profile``: only for locales whose profile (or script) lists the check by name."""
    on: Literal["text", "overrides"] = "text"
    """Which messages it reads: the text (translations), or the overrides of CLDR (date patterns...)."""

    def applies_to(self, profile: LocaleProfile) -> bool:
        return self.applies == "always" or self.name in profile.all_checks


CHECKS: dict[str, Check] = {}


def register_check(check: Check) -> Check:
    """Add a message check; it runs on every translated, non-fuzzy message it applies to."""
    CHECKS[check.name] = check
    return check


for _check in (
    Check("placeholders", placeholders.check_placeholders),
    Check("markup", placeholders.check_markup),
    Check("invisible", invisible.check_invisible),
    Check("numbers", content.check_numbers),
    Check("whitespace", content.check_whitespace),
    Check("end-punctuation", content.check_end_punctuation),
    Check("script", script.check_script),
    Check("identical", script.check_identical),
    Check("uz-apostrophe", script.check_uzbek_apostrophes, "profile"),
    Check("kk-spelling", script.check_kazakh_spelling, "profile"),
    Check("zh-punctuation", script.check_chinese_punctuation, "profile"),
    Check("script-letters", script.check_script_letters, "profile"),
    Check("termbase", termbase.check_terms),
    Check("length", content.check_length),
    Check("overrides", overrides.check_override, on="overrides"),
):
    register_check(_check)

CATALOG_CHECKS: dict[str, Check] = {}
"""Checks across the messages of one catalog (``function(units, info)`` yields (unit, severity, name,
message)): consistency, which no single message shows."""
CATALOG_CHECKS["term-consistency"] = Check("term-consistency", termbase.check_consistency)  # type: ignore[arg-type]

# Findings that come from reading the file rather than from a message check.
FILE_CHECKS = ("po-syntax", "gettext", "header", "fuzzy", "untranslated", "source")


def check_names() -> tuple[str, ...]:
    return FILE_CHECKS + tuple(CHECKS)


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
    path: Path, locale: str, display_path: str, source_locale: str = "en", terms: tuple[Term, ...] = (),
    root: Path | None = None, current: Mapping[Key, Entry] | None = None, parsed: PoFile | None = None,
) -> list[Diagnostic]:
    """Every diagnostic for one catalog, in file order; with ``current`` (the messages of the
    current source and templates), also each current message the catalog lacks. ``parsed`` is
    the catalog as a build has already read it (which msgfmt -c accepts): it is not read again,
    and msgfmt's warnings are left out."""
    try:
        data = read_input(path, "catalog", display_path, root)
    except CatalogError as error:
        return [Diagnostic(display_path, error.line, "error", "po-syntax", error.message)]
    if parsed is not None:
        catalog, diagnostics = parsed, []
    else:
        catalog, problems = parse_po(data, display_path, check=False)
        if problems:  # GNU's reader stops here too
            return [Diagnostic(display_path, p.line, "error", "po-syntax", p.message) for p in problems]
        diagnostics = _gettext_diagnostics(catalog, display_path)
    diagnostics += [
        Diagnostic(display_path, line, "error", "header", message) for line, message in syntax.check_header(catalog, data, locale)
    ]
    format_lines = {d.line for d in diagnostics if d.check == "placeholders"}
    diagnostics += _entry_diagnostics(catalog, display_path, format_lines)
    all_units = list(units(catalog))
    profile = profile_for(locale)
    text_units = [unit for unit in all_units if not is_override(unit.context)]
    info = CatalogInfo(locale, locale == source_locale, terms, content.median_length_ratio(text_units), profile)
    checks = [check for check in CHECKS.values() if check.applies_to(profile)]
    for unit in all_units:
        diagnostics += _unit_diagnostics(unit, info, checks, display_path)
    for check in CATALOG_CHECKS.values():
        if check.applies_to(profile):
            diagnostics += [Diagnostic(display_path, unit.message.line, severity, name, message, unit.context or unit.source)
                            for unit, severity, name, message in check.function(text_units, info)]
    if current is not None and not info.is_source:
        diagnostics += [Diagnostic(display_path, line, "warning", "untranslated", message, about)
                        for line, message, about in completeness.missing_messages(catalog, current)]
    return _unique(diagnostics)


def _gettext_diagnostics(catalog: PoFile, display_path: str) -> list[Diagnostic]:
    """msgfmt -c's findings (its header-field warnings left out)."""
    errors, _ = check_entries(catalog.entries)
    if not catalog.header or not catalog.header.translated:
        errors.insert(0, Problem(1, "PO file header missing or invalid (the first entry must be msgid \"\" with the header fields)",
                                 kind="header"))
    diagnostics = [Diagnostic(display_path, p.line, "error", GETTEXT_CHECKS[p.kind], p.message) for p in errors]
    return diagnostics + [Diagnostic(display_path, p.line, "warning", "gettext", p.message) for p in catalog.warnings]


def _entry_diagnostics(catalog: PoFile, display_path: str, format_lines: set[int | None]) -> Iterator[Diagnostic]:
    """Encoding, and format strings as the build judges them (:func:`catalogs.format_problem`),
    at the msgstr line, where the build reports them; where msgfmt -c has already found a format
    problem, its message stands alone."""
    for entry in catalog.messages:
        problem = encoding_problem(entry)
        if problem:
            yield Diagnostic(display_path, entry.msgstr_line, "error", "po-syntax", problem, entry.msgctxt or entry.msgid)
            continue
        if not entry.fuzzy and entry.msgstr_line not in format_lines:
            problem = format_problem(entry)
            if problem:
                yield Diagnostic(display_path, entry.msgstr_line, "error", "placeholders", problem, entry.msgctxt or entry.msgid)


def _unit_diagnostics(unit: Unit, info: CatalogInfo, checks: list[Check], display_path: str) -> Iterator[Diagnostic]:
    about = unit.context or unit.source
    findings = list(completeness.check_completeness(unit, info))
    if unit.translation and not unit.message.fuzzy:
        reads = "overrides" if is_override(unit.context) else "text"
        for check in checks:
            if check.on == reads:
                findings += check.function(unit, info)
    for severity, name, message in findings:
        yield Diagnostic(display_path, unit.message.line, severity, name, message, about)  # type: ignore[arg-type]


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    # plural forms can repeat a finding word for word
    seen: set[Diagnostic] = set()
    out = []
    for diagnostic in diagnostics:
        if diagnostic not in seen:
            seen.add(diagnostic)
            out.append(diagnostic)
    return out


def check_project(
    bulletin: Bulletin, locales: Iterable[str] | None = None, parsed: Mapping[str, PoFile | None] | None = None,
) -> list[Diagnostic]:
    """Run every check on the bulletin's catalogs (all, or the ones named), against its current
    source and templates; ``parsed``: catalogs a build has already read, by locale."""
    from ..stats import current_messages, expected_messages

    project = bulletin.project
    terms = load_termbase(project.termbase_path, project.relative(project.termbase_path), project.locales_dir)
    diagnostics: list[Diagnostic] = []
    current: dict[Key, Entry] | None = None
    try:
        current = current_messages(bulletin)
    except SilkpressError as error:  # the catalogs can still be checked, but not for completeness
        diagnostics.append(Diagnostic(error.path or bulletin.shown, error.line, "error", "source", error.message))
    for locale in locales or project.locales:
        path = bulletin.catalog_path(locale)
        shown = project.relative(path)
        if not exists(path):
            if locale != project.source_locale:
                diagnostics.append(Diagnostic(shown, None, "error", "po-syntax", f"catalog for {locale!r} not found (silkpress init {locale})"))
            continue
        expected = expected_messages(bulletin, locale, current) if current is not None else None
        diagnostics.extend(check_catalog(path, locale, shown, project.source_locale, terms, project.locales_dir, expected,
                                         (parsed or {}).get(locale)))
    return diagnostics
