"""Templates as the build uses them: every template a format needs resolves (in the project's
``templates/`` or the theme's) and compiles, with every template it extends, includes or imports;
and a project's own templates render.

The build stops at any of these (a template's error is every edition's), so ``silkpress check``
and ``silkpress doctor`` report them first, at the build's path and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import jinja2
from jinja2 import nodes

from ...diagnostics import Diagnostic
from ...errors import SilkpressError, TemplateError

if TYPE_CHECKING:
    from ...project import Bulletin, Project

CHECK = "templates"
RAW = (".css",)
"""Files a format reads as they are (web.css), unless a template includes them (print.css)."""


def needed_templates(project: Project) -> list[str]:
    """The templates the build renders or reads: each registered format's, the language's name,
    and with several bulletins, the page that lists them."""
    from ...formats import FORMATS

    names = ["_language.html", *(name for fmt in FORMATS.values() for name in fmt.templates)]
    if project.several:
        names.append("bulletins.html")
    return list(dict.fromkeys(names))


def _references(tree: nodes.Template) -> Iterator[tuple[str, int]]:
    """The templates a parsed template names literally, with the line that names each."""
    for node in tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
        target = node.template
        names = target.value if isinstance(target, nodes.Const) else None
        for name in [names] if isinstance(names, str) else names if isinstance(names, (list, tuple)) else ():
            if isinstance(name, str):
                yield name, node.lineno


def check_templates(project: Project) -> list[Diagnostic]:
    """Every template the build needs: found (project first, then the theme) and compiled, and
    so on for every template each one extends, includes or imports."""
    from ...catalogs import Translations
    from ...html import find_template, make_environment

    env = make_environment(project.template_folders, Translations(project.source_locale))
    loader = env.loader
    diagnostics: list[Diagnostic] = []
    todo: list[tuple[str, str | None, int | None]] = [(name, None, None) for name in needed_templates(project)]
    seen: set[tuple[str, bool]] = set()
    while todo:
        name, referrer, line = todo.pop(0)
        compiled = referrer is not None or not name.endswith(RAW)  # a stylesheet is a template where one includes it
        if (name, compiled) in seen:
            continue
        seen.add((name, compiled))
        try:
            found = find_template(project.template_folders, name)
        except SilkpressError as error:
            diagnostics.append(Diagnostic(referrer or str(error.path), line, "error", CHECK, error.message))
            continue
        if found is None:
            message = f"template {name} not found, neither in the project's templates/ nor in the theme"
            diagnostics.append(Diagnostic(referrer or f"templates/{name}", line, "error", CHECK, message))
            continue
        folder, _ = found
        shown = f"{folder.shown}/{name}"
        if not compiled:
            continue
        try:
            source, filename, _ = loader.get_source(env, name)  # type: ignore[union-attr]
            tree = env.parse(source, name, filename)
        except SilkpressError as error:
            diagnostics.append(Diagnostic(error.path or shown, error.line, "error", CHECK, error.message))
            continue
        except jinja2.TemplateSyntaxError as error:
            diagnostics.append(Diagnostic(shown, error.lineno, "error", CHECK, error.message or "template syntax error"))
            continue
        todo += [(included, shown, at) for included, at in _references(tree)]
    return diagnostics


def own_templates(project: Project) -> list[Path]:
    """The files of the project's own templates/ (its overrides of the theme)."""
    folder = project.templates_dir
    return sorted(path for path in folder.rglob("*") if path.is_file()) if folder.is_dir() else []


def check_rendering(bulletin: Bulletin) -> list[Diagnostic]:
    """Render the source locale's edition in every format, in memory, as a build would (templates
    only: no PDF is laid out), and report what stops it. Only for a project with templates of its
    own: the theme's are silkpress's to test. Nothing is reported when the source or the source
    locale's catalog does not load: other checks report that."""
    from ...editions import load_edition, provenance
    from ...formats import FORMATS, BulletinRun
    from ...options import BuildOptions
    from ..stats import catalog_stats

    project = bulletin.project
    if not own_templates(project):
        return []
    locale = project.source_locale
    try:
        source = bulletin.load()
        stats = {locale: catalog_stats(bulletin, locale)}
        edition = load_edition(bulletin, source, locale)  # renders _language.html
    except TemplateError as error:
        return [Diagnostic(error.path or bulletin.shown, error.line, "error", CHECK, error.message)]
    except SilkpressError:
        return []
    options = BuildOptions().resolved(project)
    assert options.out_dir is not None
    run = BulletinRun(project, bulletin, source, options, bulletin.out_dir(options.out_dir), [edition], [edition],
                      stats, provenance(bulletin, stats), lambda message: None)
    diagnostics = []
    for fmt in FORMATS.values():
        try:
            for job in fmt.jobs(run, edition):
                if job.make is not None:  # planned from its inputs: render it, as a stale job is
                    job.make()
            fmt.shared(run)
        except SilkpressError as error:
            diagnostics.append(Diagnostic(error.path or bulletin.shown, error.line, "error", CHECK, error.message))
    return list(dict.fromkeys(diagnostics))  # a template every format uses fails in each
