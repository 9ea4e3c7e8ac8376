"""Stage 2: read a locale's gettext catalog (.po, never .mo) into :class:`Translations`."""

from __future__ import annotations

import gettext as _gettext
import io
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, unescape

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


_KEYWORD_LINE = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+(".*)$')
_STRING = re.compile(r'^"(?:[^"\\]|\\.)*"$')


def check_po_syntax(data: bytes, shown: str) -> None:
    """Reject what Babel's reader silently accepts: unterminated strings, stray lines, duplicate messages."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CatalogError(f"not valid UTF-8 ({error.reason})", shown, line) from error
    seen: dict[tuple[str | None, str], int] = {}
    context: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        elif line.startswith("#") or not line:
            continue
        if not line or line.startswith("|"):
            continue
        match = _KEYWORD_LINE.match(line)
        literal = match.group(2).strip() if match else line
        if not _STRING.match(literal):
            problem = "unterminated string" if literal.startswith('"') else f"unexpected text {line[:40]!r}"
            raise CatalogError(problem, shown, number)
        if match and not obsolete:
            keyword, value = match.group(1), literal[1:-1]
            if keyword == "msgctxt":
                context = value
            elif keyword == "msgid":
                key = (context, value)
                if value and key in seen:
                    raise CatalogError(f"duplicate message (first defined on line {seen[key]})", shown, number)
                seen[key] = number
            elif keyword.startswith("msgstr"):
                context = None


def parse_catalog(fileobj, locale: str | None, path: Path | None = None, display_path: str | None = None) -> Catalog:
    """Parse a .po file object strictly, turning every problem into CatalogError with path and line."""
    shown = display_path or (str(path) if path else "<catalog>")
    data = fileobj.read()
    check_po_syntax(data, shown)
    try:
        catalog = read_po(io.BytesIO(data), locale=locale, abort_invalid=True)
    except PoFileError as error:
        raise CatalogError(str(error.args[0]) if error.args else "invalid .po file", shown, getattr(error, "lineno", None)) from error
    except UnicodeDecodeError as error:
        raise CatalogError(f"not valid UTF-8 ({error.reason})", shown) from error
    except (ValueError, TypeError, IndexError) as error:
        raise CatalogError(f"cannot parse catalog: {error}", shown) from error
    for message in list(catalog) + list(catalog.obsolete.values()):
        _restore_previous_id(message)
    return catalog


def _restore_previous_id(message) -> None:
    """Babel reads ``#| msgid`` lines as translator comments; turn them back into ``previous_id``."""
    previous = [c for c in message.user_comments if c.startswith("|")]
    if not previous:
        return
    message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    parts: dict[str, str] = {}
    current = "msgid"
    for comment in previous:
        text = comment[1:].strip()
        for keyword in ("msgid_plural", "msgid", "msgctxt"):
            if text.startswith(keyword + " "):
                current, text = keyword, text[len(keyword):].strip()
                break
        if text.startswith('"') and text.endswith('"') and len(text) >= 2:
            parts[current] = parts.get(current, "") + unescape(text)
    if "msgid" in parts:
        message.previous_id = [parts["msgid"]] + ([parts["msgid_plural"]] if "msgid_plural" in parts else [])


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
