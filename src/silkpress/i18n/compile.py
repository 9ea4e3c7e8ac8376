"""Compile catalogs to .mo for other gettext consumers, only after the checks pass.

The editions never read .mo files: the build reads .po directly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..atomic import write_if_changed
from ..catalogs import parse_catalog
from ..errors import CatalogError, CheckError
from ..limits import MAX_CATALOG_BYTES, read_input
from ..project import Config
from .checks import check_project
from .mofile import render_mo


def compile_catalogs(config: Config, locales: Iterable[str] | None = None) -> list[Path]:
    """Write ``<domain>.mo`` beside each ``.po``; refuse (CheckError) if any check reports an error."""
    wanted = list(locales or config.locales)
    errors = [d for d in check_project(config, wanted) if d.severity == "error"]
    if errors:
        raise CheckError(f"{len(errors)} check error(s); nothing compiled", errors)
    written = []
    for locale in wanted:
        path = config.catalog_path(locale)
        if not path.exists():
            continue
        shown = config.relative(path)
        pofile = parse_catalog(read_input(path, MAX_CATALOG_BYTES, CatalogError, shown), shown)
        target = path.with_suffix(".mo")
        write_if_changed(target, render_mo(pofile))
        written.append(target)
    return written
