"""Helpers the tests share: the CLI runner, the catalog reader, fixture projects and builds."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from silkpress import BuildOptions, build, load_project
from silkpress.catalogs import parse_catalog
from silkpress.i18n.pofile import PoFile
from silkpress.project import Project

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


def real_tags() -> dict[str, str]:
    """The real project's locales and their tags, as its configuration gives them (for parametrizing)."""
    project = load_project(REPO)
    return {locale: project.tag(locale) for locale in project.locales}


def run(project: Project | Path | None, *args: str, check: bool = False) -> Result:
    """``silkpress [--project ROOT] ARGS`` in-process; with ``check``, it must exit 0."""
    from silkpress.cli import main

    root = project.root if isinstance(project, Project) else project
    prefix = ["--project", str(root)] if root is not None else []
    result = CliRunner().invoke(main, [*prefix, *args], catch_exceptions=False)
    if check:
        assert result.exit_code == 0, result.output
    return result


def load_po(path: Path, locale: str | None = None) -> PoFile:
    """A catalog, read strictly (as the build reads it)."""
    return parse_catalog(path.read_bytes(), str(path))


def build_with(project: Project, progress: Any = None, **options: Any):  # -> BuildResult
    """``build`` with BuildOptions given as keywords (lists become tuples)."""
    for name in ("locales", "formats"):
        if name in options:
            options[name] = tuple(options[name])
    return build(project, BuildOptions(**options), progress=progress)


def copy_project(source: Path, target: Path) -> Project:
    """A writable copy of a fixture project (it uses the default theme, with an empty templates/)."""
    shutil.copytree(source, target)
    (target / "templates").mkdir(exist_ok=True)
    return load_project(target)


def eject(project: Project, name: str) -> Path:
    """Copy a theme template into the project's templates/, as a user does to change it; its path."""
    from silkpress.theme import TEMPLATES

    target = project.templates_dir / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(TEMPLATES / name, target)
    return target


def add_entry(project: Project, locale: str, msgid: str, msgstr: str, context: str | None = None,
              flags: str = "", plural: str | None = None, forms: tuple[str, ...] = ()) -> None:
    """Add an entry to a locale's catalog (an override of an interface string, say)."""
    po = project.bulletins[0].catalog_path(locale)
    lines = [""]
    if flags:
        lines.append(f"#, {flags}")
    if context is not None:
        lines.append(f'msgctxt "{context}"')
    lines.append(f'msgid "{msgid}"')
    if plural is None:
        lines.append(f'msgstr "{msgstr}"')
    else:
        lines.append(f'msgid_plural "{plural}"')
        lines += [f'msgstr[{index}] "{form}"' for index, form in enumerate(forms)]
    with po.open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
