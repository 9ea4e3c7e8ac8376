"""silkpress: a multilingual publication toolkit (one source, gettext catalogs, web and PDF editions).

The public API is re-exported here and loaded on first use, so that ``silkpress``
starts fast when a build has nothing to do.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

from .errors import CatalogError as CatalogError
from .errors import CheckError as CheckError
from .errors import ConfigError as ConfigError
from .errors import OutputError as OutputError
from .errors import RenderError as RenderError
from .errors import SilkpressError as SilkpressError
from .errors import SourceError as SourceError
from .errors import TemplateError as TemplateError

_EXPORTS = {
    "BuildResult": ".reports",
    "build": ".pipeline",
    "BuildOptions": ".options",
    "DEFAULT_OPTIONS": ".options",
    "Translations": ".catalogs",
    "load_translations": ".catalogs",
    "Diagnostic": ".diagnostics",
    "Edition": ".editions",
    "LocalizedBulletin": ".localization",
    "localize": ".localization",
    "BulletinSource": ".model",
    "Event": ".model",
    "TextUnit": ".model",
    "Project": ".project",
    "Bulletin": ".project",
    "load_project": ".project",
    "new_project": ".scaffold",
    "LocaleProfile": ".profiles",
    "profile_for": ".profiles",
    "FORMATS": ".formats",
    "Format": ".formats",
    "register": ".formats",
    "CHECKS": ".i18n.checks",
    "Check": ".i18n.checks",
    "register_check": ".i18n.checks",
    "load_bulletin": ".source",
    "parse_bulletin": ".source",
    "check_project": ".i18n.checks",
    "project_stats": ".i18n.stats",
}

__all__ = sorted(_EXPORTS) + [
    "CatalogError", "CheckError", "ConfigError", "OutputError", "RenderError", "SilkpressError", "SourceError",
    "TemplateError", "__version__",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module 'silkpress' has no attribute {name!r}")
