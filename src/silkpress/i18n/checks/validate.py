"""One validation path: what ``silkpress check`` runs, and what a draft build reports as warnings.

``check_everything`` reports every error that ``build`` or ``build --release`` stops on, at the
path and line the build gives: the configuration, the templates, the source, the catalogs (the
release gate is :func:`silkpress.editions.release_problems`, which is :func:`check_project`), and
the glyph gate. ``draft_warnings`` runs the same checks on what a draft build has already loaded.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from ...diagnostics import Diagnostic
from ...errors import ConfigError, SilkpressError
from . import check_project
from .templates import check_rendering, check_templates

if TYPE_CHECKING:
    from ...cache import Memo
    from ...editions import Edition
    from ...model import BulletinSource
    from ...project import Bulletin, Project
    from ..pofile import PoFile


def error_diagnostic(error: SilkpressError, check: str, path: str | None = None) -> Diagnostic:
    """An error that stops a stage, as a check reports it."""
    return Diagnostic(error.path or path or "", error.line, "error", check, error.message)


def load_checked(root: Path) -> tuple[Project | None, list[Diagnostic]]:
    """The project, or None and the configuration error (``pyproject.toml:line``) that stops every command."""
    from ...project import load_project

    try:
        return load_project(root), []
    except ConfigError as error:
        return None, [error_diagnostic(error, "configuration", "pyproject.toml")]


def glyph_diagnostics(bulletin: Bulletin, locales: Iterable[str] | None = None) -> list[Diagnostic]:
    """The glyph gate's findings for each locale whose edition loads (a source or catalog that
    does not load is the other checks' finding, not this one's)."""
    from ...glyphs import check_glyphs

    diagnostics: list[Diagnostic] = []
    for locale in locales or bulletin.project.locales:
        try:
            diagnostics += check_glyphs(bulletin, [locale])
        except SilkpressError:
            continue
    return diagnostics


def check_everything(project: Project, locales: Sequence[str] = ()) -> list[Diagnostic]:
    """Every check ``silkpress check`` runs: the templates, then per bulletin the source and the
    catalogs (all locales, or those named), the glyph gate, and a project's own templates rendered."""
    diagnostics = check_templates(project)
    compiled = not diagnostics  # a template that does not compile is not rendered as well
    for bulletin in project.bulletins:
        diagnostics += check_project(bulletin, locales or None)
        diagnostics += glyph_diagnostics(bulletin, locales or None)
        if compiled:
            diagnostics += check_rendering(bulletin)
    return diagnostics


def draft_warnings(
    bulletin: Bulletin, source: BulletinSource, editions: Sequence[Edition], locales: Iterable[str],
    catalogs: Mapping[str, PoFile | None] | None = None, memo: Memo | None = None,
) -> list[Diagnostic]:
    """What ``silkpress check`` would call an error, for a draft build to show as warnings: the
    source and catalog checks of ``locales`` (on the ``catalogs`` the build has read), and the
    glyph gate on the ``editions`` as the build loaded them. Templates are not checked again: the
    draft renders them, and stops if they fail. With ``memo``, a locale whose inputs
    (:func:`~silkpress.cache.locale_inputs`) are those of an earlier build is not checked again."""
    from ...cache import locale_inputs

    locales = list(locales)
    keys = {locale: "warnings:" + locale_inputs(bulletin.project, locale) + bulletin.shown for locale in locales} if memo else {}
    found = {locale: memo.get(keys[locale]) for locale in locales} if memo else {}
    stale = [locale for locale in locales if found.get(locale) is None]
    if stale:
        for locale, (checks, glyphs) in _locale_errors(bulletin, source, editions, stale, catalogs).items():
            found[locale] = [[d.to_dict() for d in checks], [d.to_dict() for d in glyphs]]
            if memo:
                memo.put(keys[locale], found[locale])
    # every catalog's checks, then every edition's glyphs, as one run over all locales gives them
    ordered = [Diagnostic(**d) for part in (0, 1) for locale in locales for d in found[locale][part]]  # type: ignore[index]
    return [replace(d, severity="warning") for d in dict.fromkeys(ordered)]


def _locale_errors(
    bulletin: Bulletin, source: BulletinSource, editions: Sequence[Edition], locales: list[str],
    catalogs: Mapping[str, PoFile | None] | None,
) -> dict[str, tuple[list[Diagnostic], list[Diagnostic]]]:
    """Each locale's check errors and glyph gate findings; what is no catalog's (the source's) goes to each."""
    from ...glyphs import EditionInputs, missing_glyphs, shown_texts
    from ..extract import extract_messages

    project = bulletin.project
    shown = {project.relative(bulletin.catalog_path(locale)): locale for locale in locales}
    checks = [d for d in check_project(bulletin, locales, catalogs) if d.severity == "error"]
    found = {locale: ([d for d in checks if shown.get(d.path, locale) == locale], []) for locale in locales}
    wanted = [edition for edition in editions if edition.locale in found]
    if wanted:
        template = extract_messages(bulletin, source)
        for edition in wanted:
            inputs = EditionInputs(bulletin, edition.locale, source, edition.translations, edition.localized, template)
            found[edition.locale][1].extend(missing_glyphs(shown_texts(inputs), edition.locale))
    return found


def not_reported(warnings: Iterable[Diagnostic], failures: Iterable[SilkpressError]) -> list[Diagnostic]:
    """The warnings that say something the failures (what a draft could not build) do not."""
    said = set()
    for failure in failures:
        said.add((failure.path, failure.line))
        said.update((d.path, d.line, d.message) for d in getattr(failure, "diagnostics", ()))
    return [w for w in warnings if (w.path, w.line) not in said and (w.path, w.line, w.message) not in said]
