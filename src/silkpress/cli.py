"""The ``silkpress`` command: parse arguments, call the library, turn errors into messages and exit codes.

This is the only module that prints or configures logging. Every command's errors are
turned into messages in one place (:class:`_Group`); the library is imported inside each
command, so that a build with nothing to do starts fast.
"""

from __future__ import annotations

import json
import logging
import signal
import sys
import time
from pathlib import Path
from typing import Any

import click

from . import __version__, stopping
from .errors import CheckError, ConfigError, SilkpressError

REPORT_FORMATS = ("text", "json")
EDITION_FORMATS = ("html", "pdf")
"""What --help lists; the registry (silkpress.formats) decides what is valid."""


class _Group(click.Group):
    """The command group; a SilkpressError from any command ends here as ``path:line: message``
    and exit status 1, never as a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CheckError as error:
            for diagnostic in error.diagnostics:
                click.echo(str(diagnostic), err=True)
            click.secho(f"error: {error}", err=True, fg="red")
            sys.exit(1)
        except SilkpressError as error:
            click.secho(f"error: {error}" if error.path is None else str(error), err=True, fg="red")
            sys.exit(1)


def _terminate(signum: int, frame: object) -> None:
    # SIGTERM unwinds like an error, so that locks are released and temporary folders removed.
    stopping.request(signum)  # in case this exception is lost (see silkpress.stopping)
    raise SystemExit(128 + signum)


class _Context:
    def __init__(self, project: Path) -> None:
        self.project_dir = project

    def project(self, validate: bool = True):  # -> Project
        from .project import load_project

        return load_project(self.project_dir, validate)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="silkpress")
@click.option("--project", "project", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="The project folder (with pyproject.toml, source/, locales/, templates/).")
@click.option("-v", "--verbose", is_flag=True, help="Show debug logging, WeasyPrint's included.")
@click.pass_context
def main(ctx: click.Context, project: Path, verbose: bool) -> None:
    """silkpress: one bulletin source + gettext catalogs -> localized web and PDF editions."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not verbose:
        # WeasyPrint reports every CSS property it does not support; that is noise for publishers.
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
    signal.signal(signal.SIGTERM, _terminate)
    ctx.obj = _Context(project)


FORMAT_OPTION = click.option(
    "--format", "output_format", type=click.Choice(REPORT_FORMATS), default="text", show_default=True,
    help="Report as text for people or JSON for programs.",
)


def _emit_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _print_diagnostics(diagnostics, output_format: str) -> None:  # noqa: ANN001
    lines = [json.dumps([d.to_dict() for d in diagnostics], ensure_ascii=False, indent=2)] if output_format == "json" else diagnostics
    for line in lines:
        click.echo(str(line))


class _EditionFormat(click.ParamType):
    """A name in the format registry (read only when the option is given: it imports the formats)."""

    name = "format"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        if value in EDITION_FORMATS:  # the built-in ones, known without loading the registry
            return str(value)
        from .formats import FORMATS

        if value not in FORMATS:
            self.fail(f"{value!r} is not an edition format (choose from {', '.join(FORMATS)})", param, ctx)
        return str(value)


def _report_format(value: str | None, editions: list[str]) -> str:
    """``--format`` is the report format; ``--format html|pdf`` is the old spelling of --edition-format."""
    if value is None or value in REPORT_FORMATS:
        return value or "text"
    editions.append(_EditionFormat().convert(value, None, None))
    click.secho(f"warning: --format {value} is deprecated here: use --edition-format {value}", err=True, fg="yellow")
    return "text"


@main.command("build")
@click.option("--locale", "locales", multiple=True, metavar="LOCALE", help="Build only this locale (repeatable).")
@click.option("--edition-format", "formats", multiple=True, metavar="FORMAT", type=_EditionFormat(),
              help=f"Build only this edition format ({', '.join(EDITION_FORMATS)}; repeatable).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: the project's dist/).")
@click.option("--release", is_flag=True, help="Refuse to publish an edition with untranslated or fuzzy messages or check errors.")
@click.option("--min-complete", type=click.FloatRange(0, 100), metavar="PERCENT",
              help="Publish only locales at least this many percent translated; the others are left out.")
@click.option("--pdf-variant", type=click.Choice(["pdf/ua-1", "pdf/a-3b", "none"]),
              help="PDF variant: pdf/ua-1 (tagged, accessible; the default unless [tool.silkpress.print] says otherwise)"
              " or pdf/a-3b (archival, with the source and catalog attached).")
@click.option("--force", is_flag=True, help="Render every edition again, even those whose inputs did not change.")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), help="PDFs rendered at a time (default: one per CPU).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where PDFs render: local worker processes, or a Dask distributed cluster.")
@click.option("--scheduler", metavar="ADDRESS", help="The Dask scheduler, such as tcp://10.0.0.5:8786 (with --executor dask).")
@click.option("--archive", is_flag=True, help="Also write reproducible zips: one per edition and one of everything.")
@click.option("--base-url", metavar="URL", help="Where dist/ will be published (default: [tool.silkpress] base-url).")
@click.option("--format", "output_format", metavar="[text|json]",
              help="Report as text (default) or JSON. (--format html|pdf still selects an edition format, deprecated.)")
@click.option("--report", "report", type=click.Choice(REPORT_FORMATS), hidden=True, help="Deprecated: use --format.")
@click.pass_obj
def build_command(obj: _Context, **kwargs: Any) -> None:
    """Build the web and PDF editions, the language chooser, the status page and manifest.json.

    Draft builds (the default) show untranslated and fuzzy units in English, marked for
    proofreaders. --release refuses to publish if any is left, and leaves dist/ untouched.
    """
    from . import fastpath
    from .options import BuildOptions

    started = time.perf_counter()
    kwargs["formats"] = list(kwargs["formats"])
    output_format = kwargs["report"] or _report_format(kwargs["output_format"], kwargs["formats"])
    options = BuildOptions.from_arguments(kwargs)
    project = obj.project(validate=False)  # enough to tell whether anything changed
    target = Path(options.out_dir or project.dist_dir).resolve()
    if not options.force and output_format == "text" and fastpath.unchanged(project, options, target):
        click.echo(f"nothing changed since the last build into {target} ({time.perf_counter() - started:.2f}s)")
        return
    from .pipeline import build

    project = obj.project()
    fastpath.forget(target)
    result = build(project, options, progress=lambda line: click.echo(f"  {line}", err=True))
    if output_format == "json":
        _emit_json(result.to_dict())
    else:
        _print_build(result, time.perf_counter() - started)
    if result.failures:
        sys.exit(1)
    fastpath.remember(project, options, target)


def _print_build(result, seconds: float) -> None:  # noqa: ANN001
    for warning in result.warnings:  # path:line: warning: [check] message
        click.secho(str(warning), err=True, fg="yellow")
    for failure in result.failures:
        click.secho(str(failure), err=True, fg="red")
        for diagnostic in getattr(failure, "diagnostics", []):
            click.echo(str(diagnostic), err=True)
    click.echo(result.summary(seconds))
    if result.failures:
        click.secho(f"error: {len(result.failures)} edition(s) or part(s) could not be built; see above", err=True, fg="red")


@main.command("new")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--title", help="The bulletin's title (default: the folder's name).")
@click.option("--locale", "locales", multiple=True, metavar="LOCALE", help="A locale, in chooser order (repeatable; "
              "default: the source locale, then zh_Hans, en, ru, kk and uz, whose interface the theme translates).")
@click.option("--source-locale", default="en", show_default=True, metavar="LOCALE", help="The source's language.")
def new_command(folder: Path, title: str | None, locales: tuple[str, ...], source_locale: str) -> None:
    """Create a project in FOLDER (new or empty) that builds at once: pyproject.toml, an example
    source, a catalog per locale, templates/, .gitignore and a README with the next steps."""
    from .scaffold import new_project, summary

    click.echo(summary(new_project(folder, title, locales, source_locale), folder))


@main.command("extract")
@FORMAT_OPTION
@click.pass_obj
def extract_command(obj: _Context, output_format: str) -> None:
    """Write locales/<domain>.pot from the source and the templates.

    The file is rewritten only when its messages change, never for the date alone.
    """
    from .i18n import extract_messages, write_template

    project = obj.project()
    reports = []
    for bulletin in project.bulletins:
        template = extract_messages(bulletin)
        changed = write_template(bulletin, template)
        count = sum(1 for _ in template.messages)
        reports.append({"path": project.relative(bulletin.template_path), "messages": count, "changed": changed})
    if output_format == "json":
        _emit_json(reports[0] if len(reports) == 1 else reports)
        return
    for report in reports:
        click.echo(f"{report['path']}: {report['messages']} messages, {'written' if report['changed'] else 'unchanged'}")


@main.command("update")
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 if any catalog is out of date (for CI).")
@FORMAT_OPTION
@click.pass_obj
def update_command(obj: _Context, check_only: bool, output_format: str) -> None:
    """Merge the current messages into every locale's catalog, keeping every translation.

    Changed units become fuzzy with their old English as #|; removed units become obsolete (#~).
    A script variant's catalog (uz_Cyrl, kk_Latn) is derived from its parent's by transliteration,
    keeping the entries a human edited. Catalogs that need no change are not touched.
    """
    from .i18n.update import update_project

    project = obj.project()
    templates, results = update_project(project, write=not check_only)
    if output_format == "json":
        _emit_json({"template": templates[0] if len(templates) == 1 else templates,
                    "catalogs": [r.to_dict(project) for r in results]})
    else:
        verb = "out of date" if check_only else "updated"
        for t in templates:
            if t["changed"]:
                click.echo(f"{t['path']}: {verb}")
        for r in results:
            state = verb if r.written else "up to date" if check_only else "unchanged"
            repaired = f", {r.repaired} previous msgid(s) recovered" if r.repaired else ""
            click.echo(f"{project.relative(r.path)}: {state} ({r.fuzzy} fuzzy, {r.obsolete} obsolete{repaired})")
    if check_only and (any(t["changed"] for t in templates) or any(r.written for r in results)):
        click.echo("catalogs are out of date: run 'silkpress update'", err=True)
        sys.exit(1)


@main.command("init")
@click.argument("locale")
@click.pass_obj
def init_command(obj: _Context, locale: str) -> None:
    """Create the catalog for a new LOCALE (a CLDR id such as kk or zh_Hans; a script variant
    such as uz_Cyrl is derived from its parent's catalog)."""
    from .i18n import extract_messages, init_catalog, write_template

    project = obj.project()
    for bulletin in project.bulletins:
        template = extract_messages(bulletin)
        write_template(bulletin, template)
        path = init_catalog(bulletin, template, locale)
        click.echo(f"{project.relative(path)}: created")
    if locale not in project.locales:
        click.echo(f"add {locale!r} to [tool.silkpress] locales in pyproject.toml to build its edition", err=True)


@main.command("check")
@click.argument("locales", nargs=-1, metavar="[LOCALE]...")
@click.option("--glyphs", is_flag=True, hidden=True, help="Accepted as before: the fonts are always checked now.")
@FORMAT_OPTION
@click.pass_obj
def check_command(obj: _Context, locales: tuple[str, ...], glyphs: bool, output_format: str) -> None:
    """Run every check the build runs: the configuration, the templates, the source, every catalog
    (or the LOCALEs named) and the fonts. Exit 1 if there are errors.

    Each diagnostic reads path:line: severity: [check] message (msgctxt).
    """
    from .diagnostics import count
    from .i18n.checks.validate import check_everything

    project = obj.project()  # a configuration error stops check as it stops every command: path:line on stderr
    project.require_locales(locales)
    diagnostics = check_everything(project, locales)
    _print_diagnostics(diagnostics, output_format)
    errors, warnings = count(diagnostics, "error"), count(diagnostics, "warning")
    click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)
    if errors:
        sys.exit(1)


@main.command("stats")
@click.argument("locales", nargs=-1, metavar="[LOCALE]...")
@FORMAT_OPTION
@click.pass_obj
def stats_command(obj: _Context, locales: tuple[str, ...], output_format: str) -> None:
    """Show messages and source words translated, fuzzy and untranslated, per locale."""
    from .i18n.stats import project_stats, stats_table

    project = obj.project()
    project.require_locales(locales)
    stats = [(bulletin, s) for bulletin in project.bulletins for s in project_stats(bulletin, locales or None)]
    if output_format == "json":
        _emit_json([s.to_dict() for _, s in stats])
        return
    for line in stats_table(stats, with_domain=project.several):
        click.echo(line)


@main.command("compile")
@click.argument("locales", nargs=-1, metavar="[LOCALE]...")
@click.pass_obj
def compile_command(obj: _Context, locales: tuple[str, ...]) -> None:
    """Write .mo files for other gettext tools, after every check passes.

    silkpress's own editions never use them: the build reads the .po files.
    """
    from .i18n.compile import compile_catalogs

    project = obj.project()
    project.require_locales(locales)
    for bulletin in project.bulletins:
        for path in compile_catalogs(bulletin, locales or None):
            click.echo(f"{project.relative(path)}: compiled")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0 picks a free one).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Where to build the preview (default: a temporary folder).")
@click.option("--no-pdf", is_flag=True, help="Preview the web editions only (faster rebuilds).")
@click.pass_obj
def serve_command(obj: _Context, host: str, port: int, out: Path | None, no_pdf: bool) -> None:
    """Serve a live preview of the draft build; rebuild and reload on every save.

    Saving a catalog rebuilds that locale's edition; saving the source or a template rebuilds all.
    The web pages are published first, the PDF after; /__silkpress__/version counts each
    (version, formats.html, formats.pdf). A build error shows as an error page with path:line
    until the next good save.
    """
    from .serve import Preview, stop_all

    project = obj.project()
    try:
        try:
            preview = Preview(project, host, port, out, ("html",) if no_pdf else (),
                              on_build=lambda message: click.echo(f"  {message}", err=True))
        except OSError as error:
            raise ConfigError(f"cannot listen on {host}:{port}: {error.strerror}") from error
        preview.start()
        click.echo(f"previewing {', '.join(b.shown for b in project.bulletins)} at {preview.url} (Ctrl+C to stop)")
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        click.echo("stopping", err=True)
    finally:  # also on SIGTERM, and during the first build: the preview folder is removed
        stop_all()  # every preview created, even one a signal kept from reaching the variable above


@main.command("doctor")
@FORMAT_OPTION
@click.pass_obj
def doctor_command(obj: _Context, output_format: str) -> None:
    """Report the Python, WeasyPrint, Pango and HarfBuzz versions, hb-subset, the fonts per locale and the CPUs;
    in a project, also its configuration, templates, catalogs and fonts, as path:line: message.

    Exits 1 when something the build needs is missing or broken.
    """
    from .doctor import diagnose, inspect_project

    report = diagnose(*inspect_project(obj.project_dir))  # outside a project: the machine only
    if output_format == "json":
        _emit_json(report.to_dict())
    else:
        for line in report.lines():
            click.echo(line)
        for line in report.problem_lines():
            click.secho(line, err=True, fg="red")
        for warning in report.warnings:
            click.secho(f"warning: {warning}", err=True, fg="yellow")
        for error in report.errors:
            click.secho(f"error: {error}", err=True, fg="red")
    if report.errors or report.problems:
        sys.exit(1)


from . import cli_review  # noqa: E402,F401  (registers proof and changes on main)
