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
