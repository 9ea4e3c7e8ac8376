"""Stage 2: read a locale's gettext catalog (.po, never .mo) into :class:`Translations`."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Mapping

from .errors import CatalogError
from .i18n import plural as plural_exp
from .i18n.formats import PythonFormat, check_python, parse_python
from .i18n.pofile import Entry, PoFile, read_po
from .inputs import KINDS, exists, read_input

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
    literal: frozenset[Key] = frozenset()
    """Messages marked ``no-python-format``: templates show them as they are, never %-formatted."""

    def state(self, context: str | None, msgid: str) -> str:
        """``translated``, ``fuzzy`` or ``untranslated``."""
        if (context, msgid) in self.messages or (context, msgid) in self.plurals:
            return "translated"
        return "fuzzy" if (context, msgid) in self.fuzzy else "untranslated"

    def over(self, base: Translations, extra: Mapping[Key, str] | None = None) -> Translations:
        """These translations, falling back on ``base``'s (the theme's interface strings) and then on
        ``extra`` for what neither translates. This catalog's plural rule and file stay."""
        mine = set(self.messages) | set(self.plurals)
        messages = {**(extra or {}), **base.messages, **self.messages}
        return replace(
            self,
            messages=messages,
            plurals={**base.plurals, **self.plurals},
            fuzzy=self.fuzzy | frozenset(key for key in base.fuzzy if key not in mine),
            literal=frozenset(key for key in self.literal | base.literal if key in self.literal or key not in mine),
        )

    def lookup(self, context: str | None, msgid: str) -> str | None:
        """The translation, or None when the catalog has none to use."""
        return self.messages.get((context, msgid))

    # The template-facing lookups: Jinja formats what they return with %.
    def gettext(self, message: str) -> str:
        return self.pgettext(None, message)  # type: ignore[arg-type]

    def pgettext(self, context: str, message: str) -> str:
        text = self.messages.get((context, message), message)
        return text.replace("%", "%%") if (context, message) in self.literal else text

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.npgettext(None, singular, plural, n)

    def npgettext(self, context: str | None, singular: str, plural: str, n: int) -> str:
        forms = self.plurals.get((context, singular))
        text = singular if n == 1 else plural
        if forms:
            index = self.plural(n)
            if 0 <= index < len(forms) and forms[index]:
                text = forms[index]
        return text.replace("%", "%%") if (context, singular) in self.literal else text


def parse_catalog(data: bytes, shown: str) -> PoFile:
    """Read a catalog as GNU ``msgfmt -c`` does: CatalogError at msgfmt's first error, with its line."""
    limit = KINDS["catalog"].max_bytes
    if len(data) > limit:
        raise CatalogError(f"too large (over {limit} bytes)", shown)
    pofile = read_po(data, shown)
    return pofile


def plural_function(pofile: PoFile, shown: str) -> Callable[[int], int]:
    """The catalog's plural rule, from the one Plural-Forms validator (:func:`plural.plural_forms`)."""
    header = pofile.header
    try:
        return plural_exp.plural_forms(header.msgstr if header else "")
    except plural_exp.PluralFormsError as error:
        raise CatalogError(str(error), shown, header.msgstr_line if header else 1) from error


INTERFACE_PATHS = ("templates/", "silkpress/theme/templates/")
"""Where a template's strings come from: a project's own templates/, or the theme's."""


def is_interface(entry: Entry) -> bool:
    """A template's string, which Jinja formats with % (bulletin text never is): it comes from a
    template, or it is one of the theme's (an override a translator added by hand has no reference)."""
    if any(path.startswith(INTERFACE_PATHS) for path, _ in entry.references):
        return True
    from .theme.messages import theme_keys

    return entry.key in theme_keys()


def encoding_problem(entry: Entry) -> str | None:
    """Bytes that are not UTF-8 in a message. GNU only checks them when the header declares a
    charset; silkpress reads every catalog as UTF-8."""
    for text in (entry.msgid, *entry.strings):
        bad = next((c for c in text if "\udc80" <= c <= "\udcff"), None)
        if bad is not None:
            return f"not valid UTF-8 (byte 0x{ord(bad) - 0xDC00:02X}); declare charset=UTF-8 and save the file as UTF-8"
    return None


def is_format_string(entry: Entry) -> bool:
    """Whether the build formats this message with %: interface strings and python-format ones,
    unless marked no-python-format. Bulletin text never is."""
    state = entry.format_state("python")
    return state != "no" and (state is not None or is_interface(entry))


def format_problem(entry: Entry) -> str | None:
    """Why the build could not format this translation, or None.

    Jinja formats every interface string with ``%``, so its translation must be a
    valid Python format string using only the English's placeholders, each as the
    English writes it (:func:`directive_problem`). Bulletin text is never formatted:
    a ``%`` there is a character. ``#, no-python-format`` makes a translation literal.
    Flagged messages are also held to ``msgfmt -c`` by the reader.
    """
    if not is_format_string(entry):
        return None
    source = parse_python(entry.msgid_plural if entry.msgid_plural is not None else entry.msgid)
    if not source.valid:
        return None  # the English itself does not format: nothing to hold the translation to
    # how the English writes its placeholders, in the plural and (when it formats) the singular
    english = [(entry.msgid_plural, source)] if entry.msgid_plural is not None else []
    english += [(entry.msgid, singular) for singular in [parse_python(entry.msgid)] if singular.valid]
    for index, form in enumerate(entry.strings):
        if not form:
            continue
        where = f"msgstr[{index}]" if entry.msgid_plural is not None else "msgstr"
        parsed = parse_python(form)
        if not parsed.valid:
            return f"{where} does not format: {parsed.error} (write a literal % as %%)"
        problem = check_python(source, parsed, strict=False, pretty_msgstr=where) or directive_problem(english, form, parsed, where)
        if problem:
            return problem
    return None


# A directive GNU's reader has found valid: the mapping key, then how the value is written.
_DIRECTIVE = re.compile(r"%(?:\((?P<name>.*)\))?(?P<flags>[-+ #0]*)(?P<width>\*|[0-9]*)(?P<precision>\.(?:\*|[0-9]*))?"
                        r"(?P<length>[hlL]?)(?P<type>.)", re.DOTALL)
_SAME_CONVERSION = {"i": "d", "u": "d"}  # Python writes these three alike


def _directives(text: str, spans: tuple[tuple[int, int], ...]) -> list[tuple[str | int | None, str, str]]:
    """(argument, how, text) for each directive: the argument is its name, the position of an
    unnamed one, or None for a literal %; how is its flags, width, precision and conversion."""
    found: list[tuple[str | int | None, str, str]] = []
    position = 0
    for start, end in spans:
        piece = text[start:end]
        match = _DIRECTIVE.fullmatch(piece)
        if match is None:  # not a directive GNU's reader would accept: keep it unmatchable
            found.append((None, piece, piece))
            continue
        how = "".join(sorted(set(match["flags"]))) + match["width"] + (match["precision"] or "")
        how += _SAME_CONVERSION.get(match["type"], match["type"])
        if match["type"] == "%":
            found.append((None, piece[1:], piece))
        elif match["name"] is not None:
            found.append((match["name"], how, piece))
        else:
            found.append((position, how, piece))
            position += 1
    return found


def directive_problem(english: list[tuple[str, PythonFormat]], msgstr: str, parsed: PythonFormat, where: str = "msgstr") -> str | None:
    """A placeholder of the translation written differently from the English's (``english``: each
    msgid and its parse): a width, precision or flag the msgid does not give it (``%(date)100000000s``
    makes a 100 MB page) or another conversion (``%(date)r`` for ``%(date)s``). A literal percent
    is ``%%``, nothing in between."""
    pieces: dict[str | int, list[str]] = {}
    hows: dict[str | int, set[str]] = {}
    for text, source in english:
        for argument, how, piece in _directives(text, source.spans):
            if argument is not None:
                pieces.setdefault(argument, []).append(piece)
                hows.setdefault(argument, set()).add(how)
    for argument, how, piece in _directives(msgstr, parsed.spans):
        if argument is None:
            if piece != "%%":
                return f"{where} has {piece!r}: write a literal % as %%, with nothing between the two"
        elif how not in hows.get(argument, ()):
            expected = " or ".join(repr(p) for p in dict.fromkeys(pieces.get(argument, ()))) or "none"
            return (f"{where} writes {piece!r} where the msgid has {expected}: a placeholder keeps the msgid's "
                    "flags, width, precision and conversion")
    return None


def translations_from_po(pofile: PoFile, locale: str, path: Path | None = None, shown: str | None = None) -> Translations:
    shown = shown or (str(path) if path else "<catalog>")
    messages: dict[Key, str] = {}
    plurals: dict[Key, tuple[str, ...]] = {}
    fuzzy: set[Key] = set()
    literal: set[Key] = set()
    lines: dict[Key, int] = {}
    for entry in pofile.messages:
        key = entry.key
        lines[key] = entry.line
        state = entry.state  # the same answer as stats and the release gate
        if state == "fuzzy":
            fuzzy.add(key)
        if state != "translated":
            continue
        problem = encoding_problem(entry) or format_problem(entry)
        if problem:
            raise CatalogError(problem, shown, entry.msgstr_line)
        if entry.format_state("python") == "no":
            literal.add(key)
        if entry.msgid_plural is not None:
            plurals[key] = entry.msgstr_plural
        else:
            messages[key] = entry.msgstr
    return Translations(
        locale=locale, path=path, messages=messages, plurals=plurals, plural=plural_function(pofile, shown),
        fuzzy=frozenset(fuzzy), lines=lines, literal=frozenset(literal),
    )


def load_translations(
    path: Path, locale: str, display_path: str | None = None, required: bool = True, root: Path | None = None
) -> Translations:
    """Read the catalog at ``path``. Without ``required``, a missing file means no translations.
    With ``root`` (the locales folder), a catalog that points out of it is refused."""
    shown = display_path or str(path)
    if not exists(path):
        if not required:
            return Translations(locale=locale, path=None)
        raise CatalogError(f"catalog not found for locale {locale!r} (create it with 'silkpress init {locale}')", shown)
    data = read_input(path, "catalog", shown, root)
    return translations_from_po(parse_catalog(data, shown), locale, path, shown)
