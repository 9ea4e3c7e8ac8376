"""The theme's interface strings: its template (POT), its catalogs, and the translations an
edition falls back on when its project's catalog does not translate an interface string."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from .. import __version__
from ..catalogs import Translations, load_translations
from ..i18n.pofile import Entry, PoFile
from . import DOMAIN, LOCALES, SHOWN, TEMPLATES, THEME_DIR, catalog_path, locales


def theme_template(created: str = "", year: int = 1970) -> PoFile:
    """The theme's POT: every interface string of its templates."""
    from ..i18n.extract import add_interface_strings, template_header

    entries: dict = {}
    add_interface_strings(entries, TEMPLATES, THEME_DIR)
    return PoFile((template_header(DOMAIN, __version__, created, year), *entries.values()))


@lru_cache(maxsize=None)
def theme_translations(locale: str) -> Translations:
    """The theme's translations for ``locale`` (none when the theme has no catalog for it)."""
    path = catalog_path(locale)
    shown = f"{SHOWN}/{path.relative_to(THEME_DIR).as_posix()}"
    return load_translations(path, locale, shown, required=False, root=LOCALES)


def _theme_messages() -> tuple[Entry, ...]:
    """The theme's POT as parsed: the same entries as extracting its templates (tests/test_theme.py
    holds the POT to that with ``update_theme``), at a two-hundredth of the time."""
    from ..i18n.pofile import parse_po
    from . import template_path

    try:
        pot, errors = parse_po(template_path().read_bytes(), "silkpress.pot", check=False)
    except OSError:
        errors = ["missing"]
    return tuple(theme_template().messages) if errors else tuple(pot.messages)


@lru_cache(maxsize=1)
def _template_entries() -> tuple[Entry, ...]:
    # references point into the theme, as a project's catalog shows them
    return tuple(
        replace(entry, references=tuple((f"{SHOWN}/{path}", line) for path, line in entry.references))
        for entry in _theme_messages()
    )


def theme_template_entries() -> tuple[Entry, ...]:
    """The theme's interface strings, with references into the theme as a project shows them."""
    return _template_entries()


@lru_cache(maxsize=1)  # asked once per catalog entry
def theme_keys() -> frozenset[tuple[str | None, str]]:
    """The (msgctxt, msgid) of every interface string of the theme."""
    return frozenset(entry.key for entry in _template_entries())


def theme_extras(locale: str) -> tuple[Entry, ...]:
    """The theme's interface strings it does not translate into ``locale``: a project's catalog
    for that locale holds them, so that its translators can translate them."""
    translated = theme_translations(locale)
    return tuple(e for e in _template_entries() if e.key not in translated.messages and e.key not in translated.plurals)


__all__ = ["locales", "theme_extras", "theme_keys", "theme_template", "theme_translations"]


def update_theme(write: bool = True) -> list[str]:
    """Bring the theme's POT and catalogs up to date with its templates (for silkpress's own
    maintainers, after a template changes); returns the files that changed (or would)."""
    import re

    from ..atomic import write_if_changed
    from ..i18n.merge import merge_catalog
    from ..i18n.pofile import parse_po
    from ..i18n.powrite import render_po
    from . import template_path

    old_pot = template_path().read_bytes() if template_path().exists() else b""
    created = re.search(rb'POT-Creation-Date: ([^"\\]*)\\n', old_pot)
    date = created.group(1).decode() if created else "2026-01-01 00:00+0000"
    template = theme_template(date, int(date[:4]))
    if old_pot and render_po(template) != old_pot:  # the strings changed: so does the date
        from ..i18n.template import build_time, format_date

        date = format_date(build_time())
        template = theme_template(date, int(date[:4]))
    from ..i18n.derive import derive_catalog
    from ..profiles import derived_locales

    outputs = {template_path(): render_po(template)}
    variants = derived_locales()
    for locale in locales():
        if locale not in variants:
            path = catalog_path(locale)
            old, _ = parse_po(path.read_bytes(), str(path), check=False)
            outputs[path] = render_po(merge_catalog(old, template, locale)[0])
    # the script variants (uz_Cyrl, kk_Latn) are derived from their parents' catalogs
    for locale, parent in variants.items():
        if catalog_path(parent) in outputs:
            path = catalog_path(locale)
            old = parse_po(path.read_bytes(), str(path), check=False)[0] if path.exists() else None
            derived = derive_catalog(parse_po(outputs[catalog_path(parent)])[0], old, locale, parent)[0]
            outputs[path] = render_po(derived)
    changed = [f"{SHOWN}/{path.relative_to(THEME_DIR).as_posix()}" for path, data in outputs.items()
               if not path.exists() or path.read_bytes() != data]
    if write:
        for path, data in outputs.items():
            write_if_changed(path, data)
        theme_translations.cache_clear()
    return changed
