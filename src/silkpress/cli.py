"""The ``silkpress`` command: parse arguments, call the library, turn errors into messages and exit codes.

This is the only module that prints or configures logging.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path

import click

from . import __version__
from .errors import CheckError, ConfigError, SilkpressError

# The library is imported inside each command, so that a build with nothing to do starts fast.
FORMATS = ("html", "pdf")


class _Context:
    def __init__(self, project: Path) -> None:
        self.project_dir = project

    def config(self):  # -> Config
        from .project import load_project

        return load_project(self.project_dir)


def _run(action) -> None:
    try:
        action()
    except CheckError as error:
        for diagnostic in error.diagnostics:
            click.echo(str(diagnostic), err=True)
        click.secho(f"error: {error}", err=True, fg="red")
        sys.exit(1)
    except SilkpressError as error:
        click.secho(f"error: {error}" if error.path is None else str(error), err=True, fg="red")
        sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="silkpress")
@click.option(
    "--project",
    "project",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The project folder (with pyproject.toml, source/, locales/, templates/).",
)
@click.option("-v", "--verbose", is_flag=True, help="Show debug logging, WeasyPrint's included.")
@click.pass_context
def main(ctx: click.Context, project: Path, verbose: bool) -> None:
    """silkpress: one bulletin source + gettext catalogs -> localized web and PDF editions."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if not verbose:
        # WeasyPrint reports every CSS property it does not support; that is noise for publishers.
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
    ctx.obj = _Context(project)


FORMAT_OPTION = click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="Report as text for people or JSON for programs.",
)


def _emit_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _print_diagnostics(diagnostics, output_format: str) -> None:
    if output_format == "json":
        _emit_json([d.to_dict() for d in diagnostics])
    else:
        for diagnostic in diagnostics:
            click.echo(str(diagnostic))


@main.command("build")
@click.option("--locale", "locales", multiple=True, metavar="LOCALE", help="Build only this locale (repeatable).")
@click.option("--format", "formats", multiple=True, type=click.Choice(FORMATS), help="Build only this format (repeatable).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: the project's dist/).")
@click.option("--release", is_flag=True, help="Refuse to publish an edition with untranslated or fuzzy messages or check errors.")
@click.option(
    "--min-complete", type=click.FloatRange(0, 100), metavar="PERCENT",
    help="Publish only locales at least this many percent translated; the others are left out.",
)
@click.option(
    "--pdf-variant", type=click.Choice(["pdf/ua-1", "pdf/a-3b", "none"]),
    help="PDF variant: pdf/ua-1 (tagged, accessible; the default unless [tool.silkpress.print] says otherwise)"
    " or pdf/a-3b (archival, with the source and catalog attached).",
)
@click.option("--force", is_flag=True, help="Render every edition again, even those whose inputs did not change.")
@click.option("--jobs", "-j", type=click.IntRange(1, 256), help="PDFs rendered at a time (default: the number of CPUs).")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where PDFs render: local worker processes, or a Dask distributed cluster.")
@click.option("--scheduler", metavar="ADDRESS", help="The Dask scheduler, such as tcp://10.0.0.5:8786 (with --executor dask).")
@click.option("--archive", is_flag=True, help="Also write reproducible zips: one per edition and one of everything.")
@click.option("--base-url", metavar="URL", help="Where dist/ will be published (default: [tool.silkpress] base-url).")
@click.option(
    "--report", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
    help="Report as text or JSON (--format chooses the editions' formats here).",
)
@click.pass_obj
def build_command(
    obj: _Context,
    locales: tuple[str, ...],
    formats: tuple[str, ...],
    out: Path | None,
    release: bool,
    min_complete: float | None,
    pdf_variant: str | None,
    force: bool,
    jobs: int | None,
    executor: str,
    scheduler: str | None,
    archive: bool,
    base_url: str | None,
    output_format: str,
) -> None:
    """Build the web and PDF editions, the language chooser, the status page and manifest.json.

    Draft builds (the default) show untranslated and fuzzy units in English, marked for
    proofreaders. --release refuses to publish if any is left, and leaves dist/ untouched.
    """

    def action() -> None:
        from . import fastpath

        started = time.perf_counter()
        root = obj.project_dir.resolve()
        target = (out or root / "dist").resolve()
        # what decides the output (not --jobs or --executor, which only decide where it is made)
        options = [sorted(locales), sorted(formats), release, min_complete, pdf_variant, archive, base_url]
        if not force and output_format == "text" and fastpath.unchanged(root, target, options):
            click.echo(f"nothing changed since the last build into {target} ({time.perf_counter() - started:.2f}s)")
            return
        from .pipeline import build

        config = obj.config()
        fastpath.forget(target)
        result = build(
            config, locales or None, formats or None, out,
            progress=lambda line: click.echo(f"  {line}", err=True), release=release, min_complete=min_complete,
            pdf_variant="default" if pdf_variant is None else None if pdf_variant == "none" else pdf_variant,
            base_url=base_url, archive=archive, force=force, jobs=jobs, executor=executor, scheduler=scheduler,
        )
        if output_format == "json":
            _emit_json({
                "out": str(result.out_dir),
                "editions": [
                    {"locale": e.locale, "tag": e.tag, "untranslated": list(e.fallbacks), "seconds": e.seconds}
                    for e in result.editions
                ],
                "excluded": list(result.excluded),
                "failures": [str(failure) for failure in result.failures],
                "written": list(result.written),
                "manifest": len(result.manifest),
                "seconds": round(result.seconds, 3),
            })
            if result.failures:
                sys.exit(1)
            return
        for failure in result.failures:
            click.secho(str(failure), err=True, fg="red")
            for diagnostic in getattr(failure, "diagnostics", []):
                click.echo(str(diagnostic), err=True)
        untranslated = sum(len(e.fallbacks) for e in result.editions)
        left_out = f", left out: {', '.join(result.excluded)}" if result.excluded else ""
        click.echo(
            f"built {len(result.editions)} edition(s) into {result.out_dir} in {time.perf_counter() - started:.1f}s"
            f" ({len(result.written)} file(s) changed, {len(result.manifest)} in the manifest"
            + (f", {untranslated} untranslated unit(s) shown in the source language" if untranslated else "")
            + left_out
            + ")"
        )
        if result.failures:
            click.secho(f"error: {len(result.failures)} edition(s) or part(s) could not be built; see above", err=True, fg="red")
            sys.exit(1)
        fastpath.remember(root, target, options)

    _run(action)


@main.command("extract")
@FORMAT_OPTION
@click.pass_obj
def extract_command(obj: _Context, output_format: str) -> None:
    """Write locales/<domain>.pot from the source and the templates.

    The file is rewritten only when its messages change, never for the date alone.
    """

    def action() -> None:
        from .i18n import extract_messages, write_template

        reports = []
        for view in obj.config().views():
            template = extract_messages(view)
            changed = write_template(view, template)
            count = sum(1 for _ in template.messages)
            reports.append({"path": view.relative(view.template_path), "messages": count, "changed": changed})
        if output_format == "json":
            _emit_json(reports[0] if len(reports) == 1 else reports)
            return
        for report in reports:
            state = "written" if report["changed"] else "unchanged"
            click.echo(f"{report['path']}: {report['messages']} messages, {state}")

    _run(action)


@main.command("update")
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 if any catalog is out of date (for CI).")
@FORMAT_OPTION
@click.pass_obj
def update_command(obj: _Context, check_only: bool, output_format: str) -> None:
    """Merge the current messages into every locale's catalog, keeping every translation.

    Changed units become fuzzy with their old English as #|; removed units become obsolete (#~).
    Catalogs that need no change are not touched.
    """

    def action() -> None:
        from .i18n.update import current_template, update_catalogs, write_template

        config = obj.config()
        templates, results = [], []
        for view in config.views():
            template = current_template(view)
            changed = write_template(view, template, write=not check_only)
            templates.append({"path": view.relative(view.template_path), "changed": changed})
            results += update_catalogs(view, template, write=not check_only)
        pot_changed = any(t["changed"] for t in templates)
        if output_format == "json":
            _emit_json({
                "template": templates[0] if len(templates) == 1 else templates,
                "catalogs": [
                    {"locale": r.locale, "path": config.relative(r.path), "changed": r.written, "fuzzy": r.fuzzy,
                     "obsolete": r.obsolete, "repaired": r.repaired}
                    for r in results
                ],
            })
        else:
            verb = "out of date" if check_only else "updated"
            for t in templates:
                if t["changed"]:
                    click.echo(f"{t['path']}: {verb}")
            for r in results:
                state = verb if r.written else "up to date" if check_only else "unchanged"
                repaired = f", {r.repaired} previous msgid(s) recovered" if r.repaired else ""
                click.echo(f"{config.relative(r.path)}: {state} ({r.fuzzy} fuzzy, {r.obsolete} obsolete{repaired})")
        if check_only and (pot_changed or any(r.written for r in results)):
            click.echo("catalogs are out of date: run 'silkpress update'", err=True)
            sys.exit(1)

    _run(action)


@main.command("init")
@click.argument("locale")
@click.pass_obj
def init_command(obj: _Context, locale: str) -> None:
    """Create the catalog for a new LOCALE (a CLDR id such as kk or zh_Hans)."""

    def action() -> None:
        from .i18n import extract_messages, init_catalog, write_template

        for view in obj.config().views():
            template = extract_messages(view)
            write_template(view, template)
            path = init_catalog(view, template, locale)
            click.echo(f"{view.relative(path)}: created")

    _run(action)


@main.command("check")
@click.argument("locales", nargs=-1, metavar="[LOCALE]...")
@click.option("--glyphs", is_flag=True, help="Also check that the bundled fonts draw every character each edition shows.")
@FORMAT_OPTION
@click.pass_obj
def check_command(obj: _Context, locales: tuple[str, ...], glyphs: bool, output_format: str) -> None:
    """Run every check on every catalog, or on the LOCALEs named. Exit 1 if there are errors.

    Each diagnostic reads path:line: severity: [check] message (msgctxt).
    """

    def action() -> None:
        from .diagnostics import count
        from .glyphs import check_glyphs
        from .i18n.checks import check_project

        config = obj.config()
        _known_locales(config, locales)
        diagnostics = []
        for view in config.views():
            diagnostics += check_project(view, locales or None)
            if glyphs:
                diagnostics += check_glyphs(view, locales or None)
        _print_diagnostics(diagnostics, output_format)
        errors, warnings = count(diagnostics, "error"), count(diagnostics, "warning")
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)
        if errors:
            sys.exit(1)

    _run(action)


@main.command("stats")
@click.argument("locales", nargs=-1, metavar="[LOCALE]...")
@FORMAT_OPTION
@click.pass_obj
def stats_command(obj: _Context, locales: tuple[str, ...], output_format: str) -> None:
    """Show messages and source words translated, fuzzy and untranslated, per locale."""

    def action() -> None:
        from .i18n.stats import project_stats

        config = obj.config()
        _known_locales(config, locales)
        stats = [s for view in config.views() for s in project_stats(view, locales or None)]
        if output_format == "json":
            _emit_json([s.to_dict() for s in stats])
            return
        header = f"{'locale':<9} {'translated':>14} {'fuzzy':>12} {'untranslated':>14} {'done':>6}"
        click.echo(header)
        click.echo("-" * len(header))
        for s in stats:
            def cell(c, width):
                return f"{c.messages:>4} ({c.words:>5} w)".rjust(width)
            name = s.locale if not config.several else f"{s.locale} ({s.path.split('/')[-1].removesuffix('.po')})"
            click.echo(f"{name:<9} {cell(s.translated, 14)} {cell(s.fuzzy, 12)} {cell(s.untranslated, 14)} {s.percent:>5.1f}%")

    _run(action)


@main.command("compile")
@click.argument("locales", nargs=-1, metavar="[LOCALE]...")
@click.pass_obj
def compile_command(obj: _Context, locales: tuple[str, ...]) -> None:
    """Write .mo files for other gettext tools, after every check passes.

    silkpress's own editions never use them: the build reads the .po files.
    """

    def action() -> None:
        from .i18n.compile import compile_catalogs

        config = obj.config()
        _known_locales(config, locales)
        for view in config.views():
            for path in compile_catalogs(view, locales or None):
                click.echo(f"{view.relative(path)}: compiled")

    _run(action)


def _known_locales(config, locales: tuple[str, ...]) -> None:
    for locale in locales:
        if locale not in config.locales:
            raise ConfigError(f"locale {locale!r} is not configured (configured: {', '.join(config.locales)})")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0 picks a free one).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Where to build the preview (default: a temporary folder).")
@click.option("--no-pdf", is_flag=True, help="Preview the web editions only (faster rebuilds).")
@click.pass_obj
def serve_command(obj: _Context, host: str, port: int, out: Path | None, no_pdf: bool) -> None:
    """Serve a live preview of the draft build; rebuild and reload on every save.

    Saving a catalog rebuilds that locale's edition; saving the source or a template rebuilds all.
    A build error shows as an error page with path:line until the next good save.
    """

    def action() -> None:
        from .serve import Preview

        config = obj.config()
        try:
            preview = Preview(
                config, host, port, out, ("html",) if no_pdf else ("html", "pdf"),
                on_build=lambda message: click.echo(f"  {message}", err=True),
            )
        except OSError as error:
            raise ConfigError(f"cannot listen on {host}:{port}: {error.strerror}") from error
        preview.start()
        click.echo(f"previewing {config.relative(config.source)} at {preview.url} (Ctrl+C to stop)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            click.echo("stopping", err=True)
        finally:
            preview.stop()

    _run(action)


@main.command("doctor")
@FORMAT_OPTION
@click.pass_obj
def doctor_command(obj: _Context, output_format: str) -> None:
    """Report the Python, WeasyPrint, Pango and HarfBuzz versions, hb-subset, the fonts per locale and the CPUs.

    Exits 1 when something the build needs is missing.
    """

    def action() -> None:
        from .doctor import diagnose

        try:
            config = obj.config()
        except SilkpressError:
            config = None  # doctor also works outside a project
        report = diagnose(config)
        if output_format == "json":
            _emit_json(report.to_dict())
        else:
            for name, version in report.versions.items():
                click.echo(f"{name:<11} {version}")
            click.echo(f"{'hb-subset':<11} {'yes' if report.hb_subset else 'no (slow PDF font subsetting)'}")
            click.echo(f"{'cpus':<11} {report.cpus}")
            for locale, lines in report.fonts.items():
                for line in lines:
                    click.echo(f"{'fonts ' + locale:<11} {line}")
            for warning in report.warnings:
                click.secho(f"warning: {warning}", err=True, fg="yellow")
            for error in report.errors:
                click.secho(f"error: {error}", err=True, fg="red")
        if report.errors:
            sys.exit(1)

    _run(action)
