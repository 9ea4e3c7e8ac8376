"""The default theme, inside the package: templates, stylesheets, the bundled fonts (``fonts/``,
used through :mod:`silkpress.fonts`) and the interface strings translated into zh_Hans, en, ru,
kk and uz (the ``silkpress`` catalog domain).

A project's own ``templates/`` overrides the theme file by file (the loader looks there first),
and a project's catalog may override any interface string.
"""

from __future__ import annotations

from pathlib import Path

THEME_DIR = Path(__file__).parent
TEMPLATES = THEME_DIR / "templates"
LOCALES = THEME_DIR / "locales"
DOMAIN = "silkpress"
SHOWN = "silkpress/theme"
"""How messages name the theme's folder (as in the source tree)."""


def catalog_path(locale: str) -> Path:
    return LOCALES / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def template_path() -> Path:
    return LOCALES / f"{DOMAIN}.pot"


def locales() -> tuple[str, ...]:
    """The locales the theme's interface strings are translated into."""
    return tuple(sorted(path.parent.parent.name for path in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po")))
