"""Compile catalogs to .mo for other gettext consumers, only after the checks pass.

The editions never read .mo files: the build reads .po directly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..atomic import write_if_changed
from ..errors import CheckError
from ..project import Bulletin
from .checks import check_project
from .mofile import render_mo
from .stats import read_catalog


def compile_catalogs(bulletin: Bulletin, locales: Iterable[str] | None = None) -> list[Path]:
    """Write ``<domain>.mo`` beside each ``.po``; refuse (CheckError) if any check reports an error."""
    wanted = list(locales or bulletin.project.locales)
    errors = [d for d in check_project(bulletin, wanted) if d.severity == "error"]
    if errors:
        raise CheckError(f"{len(errors)} check error(s); nothing compiled", errors)
    written = []
    for locale in wanted:
        path = bulletin.catalog_path(locale)
        pofile = read_catalog(bulletin, locale)
        if pofile is None:
            continue
        target = path.with_suffix(".mo")
        write_if_changed(target, render_mo(pofile))
        written.append(target)
    return written
