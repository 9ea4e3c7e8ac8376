"""The ``silkpress`` command: parse arguments, call the library, turn errors into messages and exit codes.

This is the only module that prints or configures logging.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import click

from . import __version__
from .build import FORMATS, build
from .errors import SilkpressError
from .i18n import extract_messages, init_catalog, update_catalogs, write_template
from .project import Config, load_project


class _Context:
    def __init__(self, project: Path) -> None:
        self.project_dir = project

    def config(self) -> Config:
        return load_project(self.project_dir)


def _run(action) -> None:
    try:
        action()
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


@main.command("build")
@click.option("--locale", "locales", multiple=True, metavar="LOCALE", help="Build only this locale (repeatable).")
@click.option("--format", "formats", multiple=True, type=click.Choice(FORMATS), help="Build only this format (repeatable).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: the project's dist/).")
@click.pass_obj
def build_command(obj: _Context, locales: tuple[str, ...], formats: tuple[str, ...], out: Path | None) -> None:
    """Build the web and PDF editions, the language chooser and manifest.json."""

    def action() -> None:
        config = obj.config()
        started = time.perf_counter()
        result = build(config, locales or None, formats or None, out, progress=lambda line: click.echo(f"  {line}", err=True))
        untranslated = sum(len(e.fallbacks) for e in result.editions)
        click.echo(
            f"built {len(result.editions)} edition(s) into {result.out_dir} in {time.perf_counter() - started:.1f}s"
            f" ({len(result.written)} file(s) changed, {len(result.manifest)} in the manifest"
            + (f", {untranslated} untranslated unit(s) shown in the source language" if untranslated else "")
            + ")"
        )

    _run(action)


@main.command("extract")
@click.pass_obj
def extract_command(obj: _Context) -> None:
    """Write locales/<domain>.pot from the source and the templates."""

    def action() -> None:
        config = obj.config()
        template = extract_messages(config)
        changed = write_template(config, template)
        state = "written" if changed else "unchanged"
        click.echo(f"{config.relative(config.template_path)}: {len(template)} messages, {state}")

    _run(action)


@main.command("update")
@click.pass_obj
def update_command(obj: _Context) -> None:
    """Merge the current messages into every locale's catalog, keeping every translation."""

    def action() -> None:
        config = obj.config()
        template = extract_messages(config)
        write_template(config, template)
        for result in update_catalogs(config, template):
            state = "updated" if result.written else "unchanged"
            click.echo(f"{config.relative(result.path)}: {state} ({result.fuzzy} fuzzy, {result.obsolete} obsolete)")

    _run(action)


@main.command("init")
@click.argument("locale")
@click.pass_obj
def init_command(obj: _Context, locale: str) -> None:
    """Create the catalog for a new LOCALE (a CLDR id such as kk or zh_Hans)."""

    def action() -> None:
        config = obj.config()
        template = extract_messages(config)
        write_template(config, template)
        path = init_catalog(config, template, locale)
        click.echo(f"{config.relative(path)}: created")

    _run(action)
