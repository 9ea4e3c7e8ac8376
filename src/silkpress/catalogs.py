"""Stage 2: read a locale's gettext catalog (.po, never .mo) into :class:`Translations`."""

from __future__ import annotations

import gettext as _gettext
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

from .errors import CatalogError

logger = logging.getLogger(__name__)

Key = tuple[str | None, str]


def _germanic_plural(n: int) -> int:
    return int(n != 1)


@dataclass(frozen=True)
class Translations:
    """The usable translations of one catalog: not fuzzy, not obsolete, not empty.

    A missing translation falls back to the source text, as gettext does; the
    source locale's catalog therefore only holds editorial overrides.
    """

    locale: str
    path: Path | None = None
    messages: Mapping[Key, str] = field(default_factory=dict)
    plurals: Mapping[Key, tuple[str, ...]] = field(default_factory=dict)
    plural: Callable[[int], int] = _germanic_plural

    def lookup(self, context: str | None, msgid: str) -> str | None:
        """The translation, or None when the catalog has none to use."""
        return self.messages.get((context, msgid))

    def gettext(self, message: str) -> str:
        return self.messages.get((None, message), message)

    def pgettext(self, context: str, message: str) -> str:
        return self.messages.get((context, message), message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.npgettext(None, singular, plural, n)

    def npgettext(self, context: str | None, singular: str, plural: str, n: int) -> str:
        forms = self.plurals.get((context, singular))
        if forms:
            index = self.plural(n)
            if 0 <= index < len(forms) and forms[index]:
                return forms[index]
        return singular if n == 1 else plural


def parse_catalog(fileobj, locale: str, path: Path | None = None, display_path: str | None = None) -> Catalog:
    """Parse a .po file object strictly with Babel, turning its errors into CatalogError."""
    shown = display_path or (str(path) if path else "<catalog>")
    try:
        return read_po(fileobj, locale=locale, abort_invalid=True)
    except PoFileError as error:
        raise CatalogError(str(error.args[0]) if error.args else "invalid .po file", shown, getattr(error, "lineno", None)) from error
    except UnicodeDecodeError as error:
        raise CatalogError(f"not valid UTF-8 ({error.reason})", shown) from error
    except (ValueError, TypeError, IndexError) as error:
        raise CatalogError(f"cannot parse catalog: {error}", shown) from error


def translations_from_catalog(catalog: Catalog, locale: str, path: Path | None = None) -> Translations:
    messages: dict[Key, str] = {}
    plurals: dict[Key, tuple[str, ...]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, (list, tuple)):
            forms = tuple(message.string or ())
            if any(forms):
                plurals[(message.context, message.id[0])] = forms
        elif message.string:
            messages[(message.context, message.id)] = message.string
    plural = _germanic_plural
    if catalog.plural_expr:
        try:
            plural = _gettext.c2py(catalog.plural_expr)
        except ValueError as error:
            raise CatalogError(f"invalid Plural-Forms expression: {catalog.plural_expr}", path, 1) from error
    return Translations(locale=locale, path=path, messages=messages, plurals=plurals, plural=plural)


def load_translations(path: Path, locale: str, display_path: str | None = None, required: bool = True) -> Translations:
    """Read the catalog at ``path``. Without ``required``, a missing file means no translations."""
    shown = display_path or str(path)
    try:
        with path.open("rb") as fileobj:
            catalog = parse_catalog(fileobj, locale, path, shown)
    except FileNotFoundError as error:
        if not required:
            return Translations(locale=locale, path=None)
        raise CatalogError(f"catalog not found for locale {locale!r} (create it with 'silkpress init {locale}')", shown) from error
    except OSError as error:
        raise CatalogError(f"cannot read catalog: {error.strerror}", shown) from error
    return translations_from_catalog(catalog, locale, path)
