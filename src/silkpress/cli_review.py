"""The reviewers' commands: ``proof`` (a parallel-text proof per locale) and ``changes`` (what
changed since a release). Part of the CLI (:mod:`silkpress.cli`), which imports this module to
register them: parse, call one library function, print."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .cli import FORMAT_OPTION, _Context, _emit_json, main


@main.command("proof")
@click.argument("locales", nargs=-1, metavar="[LOCALE]...")
@click.option("--only", metavar="STATES", default="", help="Just these states, comma-separated: translated, fuzzy, untranslated.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: the project's dist/proof/).")
@click.option("--since", metavar="RELEASE", help="Just the units added or changed since this release (see 'silkpress changes').")
@FORMAT_OPTION
@click.pass_obj
def proof_command(obj: _Context, locales: tuple[str, ...], only: str, out: Path | None, since: str | None,  # noqa: PLR0913
                  output_format: str) -> None:
    """Write a parallel-text proof (PDF and HTML page) per LOCALE (default: every translation) into dist/proof/<tag>/."""
    from .proofing import ProofOptions, make_proofs

    options = ProofOptions(locales, tuple(state.strip() for state in only.split(",") if state.strip()), out, since)
    result = make_proofs(obj.project(), options, say=lambda line: click.echo(f"  {line}", err=True))
    _emit_json(result.to_dict()) if output_format == "json" else click.echo("\n".join(result.lines()))


@main.command("changes")
@click.option("--since", metavar="RELEASE", help="The release to compare with (default: the latest, in releases/).")
@click.option("--to", metavar="RELEASE", help="A later release to compare it with (default: the current project).")
@FORMAT_OPTION
@click.pass_obj
def changes_command(obj: _Context, since: str | None, to: str | None, output_format: str) -> None:
    """What changed since a release, per locale: units added, removed and changed, interface strings, CLDR values."""
    from .changes import changes_report, report_lines

    report = changes_report(obj.project(), since, to)
    click.echo(json.dumps(report, ensure_ascii=False, indent=2) if output_format == "json" else "\n".join(report_lines(report)))
