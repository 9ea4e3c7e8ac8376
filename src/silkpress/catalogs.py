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
from .limits import MAX_CATALOG_BYTES, read_input

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
    fuzzy: frozenset[Key] = frozenset()
    """Messages that have a translation marked fuzzy (not used, but not simply missing)."""
    lines: Mapping[Key, int] = field(default_factory=dict)
    """The msgid line of each message in the .po file, for diagnostics."""

    def state(self, context: str | None, msgid: str) -> str:
        """``translated``, ``fuzzy`` or ``untranslated``."""
        if (context, msgid) in self.messages:
            return "translated"
        return "fuzzy" if (context, msgid) in self.fuzzy else "untranslated"

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


_KEYWORD_LINE = re.compile(r'^([A-Za-z_]+(?:\[\d+\])?)\s+(".*)$')
_KEYWORDS = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])$")
_STRING = re.compile(r'^"(?:[^"\\]|\\.)*"$')


def po_syntax_problems(data: bytes) -> list[tuple[int, str]]:
    """(line, problem) for what Babel's reader silently accepts: invalid UTF-8,
    unterminated strings, stray lines, unknown keywords, duplicate msgctxt/msgid pairs."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return [(data[: error.start].count(b"\n") + 1, f"not valid UTF-8 ({error.reason})")]
    problems: list[tuple[int, str]] = []
    seen: dict[tuple[str | None, str], int] = {}
    entry: dict[str, str] = {}
    entry_line = 0
    keyword: str | None = None

    def finish() -> None:
        if "msgid" in entry and entry["msgid"]:
            key = (entry.get("msgctxt"), entry["msgid"])
            if key in seen:
                problems.append((entry_line, f"duplicate message (first defined on line {seen[key]})"))
            else:
                seen[key] = entry_line

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#~"):
            line = line[2:].strip()
            if not line or line.startswith("|"):
                continue
            match = _KEYWORD_LINE.match(line)
            literal = match.group(2).strip() if match else line
            if not _STRING.match(literal):
                problems.append((number, "unterminated string in an obsolete entry"))
            continue
        if not line or line.startswith("#"):
            continue
        match = _KEYWORD_LINE.match(line)
        if match:
            word, literal = match.group(1), match.group(2).strip()
            if not _KEYWORDS.match(word):
                problems.append((number, f"unknown keyword {word!r}"))
                continue
            if word in ("msgctxt", "msgid") and keyword and keyword.startswith("msgstr"):
                finish()
                entry, entry_line = {}, 0
            if word == "msgid":
                entry_line = number
            keyword = word
            entry[word] = ""
        elif line.startswith('"'):
            literal = line
            if keyword is None:
                problems.append((number, "string outside any entry"))
                continue
        else:
            problems.append((number, f"unexpected text {line[:40]!r}"))
            continue
        if not _STRING.match(literal):
            problems.append((number, "unterminated string"))
            continue
        entry[keyword] = entry.get(keyword, "") + literal[1:-1]
    finish()
    return problems


def check_po_syntax(data: bytes, shown: str) -> None:
    """Raise CatalogError for the first syntax problem (see :func:`po_syntax_problems`)."""
    problems = po_syntax_problems(data)
    if problems:
        line, problem = problems[0]
        raise CatalogError(problem, shown, line)


def parse_catalog(fileobj, locale: str | None, path: Path | None = None, display_path: str | None = None) -> Catalog:
    """Parse a .po file object strictly, turning every problem into CatalogError with path and line."""
    shown = display_path or (str(path) if path else "<catalog>")
    data = fileobj.read(MAX_CATALOG_BYTES + 1)
    if len(data) > MAX_CATALOG_BYTES:
        raise CatalogError(f"too large (over {MAX_CATALOG_BYTES} bytes)", shown)
    check_po_syntax(data, shown)
    if not re.search(rb'^msgid ""\s*\nmsgstr ""', data.lstrip(b"\xef\xbb\xbf"), re.MULTILINE) or not re.search(
        rb'^"Content-Type:', data, re.MULTILINE
    ):
        raise CatalogError('missing header (the first entry must be msgid "" with Content-Type and Language)', shown, 1)
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


def _header_line(catalog: Catalog) -> int:
    header = next((m for m in catalog if not m.id), None)
    return header.lineno if header is not None and header.lineno else 1


def plural_function(catalog: Catalog, shown: str) -> Callable[[int], int]:
    """The catalog's plural rule, proved to give a valid index for n = 0..1000 (``n/0`` is refused)."""
    if not catalog.plural_expr:
        return _germanic_plural
    try:
        plural = _gettext.c2py(catalog.plural_expr)
        for n in range(1001):
            if not 0 <= int(plural(n)) < catalog.num_plurals:
                raise CatalogError(
                    f"Plural-Forms gives index {plural(n)} for n = {n}, outside 0..{catalog.num_plurals - 1}",
                    shown, _header_line(catalog),
                )
    except (ValueError, SyntaxError, ArithmeticError, RecursionError, TypeError) as error:
        raise CatalogError(f"invalid Plural-Forms expression {catalog.plural_expr!r} ({error})", shown, _header_line(catalog)) from error
    return plural


def _interface(message) -> bool:
    """A template string: Jinja formats it with %, so a broken directive would crash a render."""
    return "python-format" in message.flags or any(path.startswith("templates/") for path, _ in message.locations)


def _check_format(message, forms: tuple[str, ...], shown: str) -> None:
    ids = [message.id] if isinstance(message.id, str) else list(message.id)
    names = {name: 1 for text in ids for name in re.findall(r"%\((\w+)\)", text)}
    for form in forms:
        try:
            form % names
        except (ValueError, KeyError, TypeError) as error:
            detail = f"unknown placeholder %({error.args[0]})s" if isinstance(error, KeyError) else str(error)
            raise CatalogError(f"translation does not format: {detail} (write a literal % as %%)", shown, message.lineno) from error


def translations_from_catalog(catalog: Catalog, locale: str, path: Path | None = None, shown: str | None = None) -> Translations:
    shown = shown or (str(path) if path else "<catalog>")
    messages: dict[Key, str] = {}
    plurals: dict[Key, tuple[str, ...]] = {}
    fuzzy: set[Key] = set()
    lines: dict[Key, int] = {}
    for message in catalog:
        if not message.id:
            continue
        key = (message.context, message.id if isinstance(message.id, str) else message.id[0])
        lines[key] = message.lineno
        if message.fuzzy:
            fuzzy.add(key)
            continue
        if isinstance(message.id, (list, tuple)):
            forms = tuple(message.string or ())
            if any(forms):
                if _interface(message):
                    _check_format(message, forms, shown)
                plurals[key] = forms
        elif message.string:
            if _interface(message):
                _check_format(message, (message.string,), shown)
            messages[key] = message.string
    return Translations(
        locale=locale, path=path, messages=messages, plurals=plurals, plural=plural_function(catalog, shown),
        fuzzy=frozenset(fuzzy), lines=lines,
    )


def load_translations(path: Path, locale: str, display_path: str | None = None, required: bool = True) -> Translations:
    """Read the catalog at ``path``. Without ``required``, a missing file means no translations."""
    shown = display_path or str(path)
    if not path.exists() and not path.is_symlink():
        if not required:
            return Translations(locale=locale, path=None)
        raise CatalogError(f"catalog not found for locale {locale!r} (create it with 'silkpress init {locale}')", shown)
    data = read_input(path, MAX_CATALOG_BYTES, CatalogError, shown)
    catalog = parse_catalog(io.BytesIO(data), locale, path, shown)
    return translations_from_catalog(catalog, locale, path, shown)
