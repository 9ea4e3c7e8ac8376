"""Compile catalogs to .mo for other gettext consumers, only after the checks pass.

The editions never read .mo files: the build reads .po directly.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Iterable

from babel.messages.mofile import write_mo

from ..atomic import write_if_changed
from ..catalogs import parse_catalog
from ..errors import CheckError
from ..project import Config
from .checks import check_project


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
        with path.open("rb") as fileobj:
            catalog = parse_catalog(fileobj, locale, path, config.relative(path))
        buffer = io.BytesIO()
        write_mo(buffer, catalog, use_fuzzy=False)
        target = path.with_suffix(".mo")
        write_if_changed(target, buffer.getvalue())
        written.append(target)
    return written
