"""The PO model, GNU's: an :class:`Entry` per message with its comments, flags,
previous msgid and obsolete state; a :class:`PoFile` holds them in file order.

Also the :class:`Problem` a reader reports, and the header helpers readers and writers share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator, Mapping

from .formats import FORMAT_ORDER

DEFAULT_DOMAIN = "messages"
Reference = tuple[str, "int | None"]


@dataclass(frozen=True)
class Entry:
    """One message, with everything GNU keeps of it."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: tuple[str, ...] = ()
    comments: tuple[str, ...] = ()
    """Translator comments (``# ``)."""
    extracted: tuple[str, ...] = ()
    """Comments for translators from the source (``#. ``)."""
    references: tuple[Reference, ...] = ()
    """Source positions (``#: file:line``); the line is None when there is none."""
    fuzzy: bool = False
    formats: tuple[tuple[str, str], ...] = ()
    """(language, state) in GNU's order; state is ``yes``, ``no`` or ``possible``."""
    range: tuple[int, int] | None = None
    wrap: bool | None = None
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    domain: str = DEFAULT_DOMAIN
    line: int = field(default=0, compare=False)
    """Line of the msgid keyword in the file it was read from (0: not read)."""
    msgstr_line: int = field(default=0, compare=False)
    """Line of the (first) msgstr keyword, where msgfmt reports a message's problems."""

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def is_header(self) -> bool:
        return self.msgctxt is None and self.msgid == "" and not self.obsolete

    @property
    def strings(self) -> tuple[str, ...]:
        """The translation's forms: one for a singular message."""
        return self.msgstr_plural if self.msgid_plural is not None else (self.msgstr,)

    @property
    def translated(self) -> bool:
        """GNU's test: the (first) msgstr is not empty."""
        return bool(self.strings and self.strings[0])

    @property
    def complete(self) -> bool:
        """Every form translated and not fuzzy."""
        return all(self.strings) and bool(self.strings) and not self.fuzzy

    @property
    def state(self) -> str:
        """``translated`` (every form, not fuzzy), ``fuzzy`` or ``untranslated``: the one answer the
        build, the statistics, the checks and the release gate all use. A plural with a form
        missing is untranslated."""
        if self.complete:
            return "translated"
        return "fuzzy" if self.fuzzy and self.translated else "untranslated"

    def format_state(self, language: str) -> str | None:
        return dict(self.formats).get(language)

    @property
    def python_format(self) -> bool:
        return self.format_state("python") in ("yes", "possible")

    def with_format(self, language: str, state: str | None) -> Entry:
        formats = {k: v for k, v in self.formats if k != language}
        if state is not None:
            formats[language] = state
        return replace(self, formats=tuple(sorted(formats.items(), key=lambda kv: FORMAT_ORDER[kv[0]])))


@dataclass(frozen=True)
class Problem:
    """A diagnostic from reading: ``line`` is where msgfmt reports it (None: the whole file)."""

    line: int | None
    message: str
    severity: str = "error"
    kind: str = "syntax"
    """What it is about: ``syntax``, ``header`` (plural forms), ``newline`` or ``format``."""
    column: bool = False
    """GNU gives a column too; those are never held back by :func:`one_per_line`."""


def one_per_line(problems: Iterable[Problem]) -> list[Problem]:
    """As msgfmt prints them: of consecutive line-only messages on one line, only the first
    (its error_at_line runs with error_one_per_line set)."""
    out: list[Problem] = []
    last: int | None = None
    for problem in problems:
        if not problem.column:
            if problem.line is not None and problem.line == last:
                continue
            last = problem.line
        out.append(problem)
    return out


@dataclass(frozen=True)
class PoFile:
    entries: tuple[Entry, ...]
    """In file order (GNU writes live messages first, then obsolete ones)."""
    warnings: tuple[Problem, ...] = ()
    raw: Mapping[int, str] = field(default_factory=dict, compare=False, repr=False)
    """The text each entry had in the file (by ``id`` of the entry), where the fast reader saw it;
    a writer may reuse it for an entry that did not change, once it knows the file is canonical."""

    @property
    def header(self) -> Entry | None:
        return next((e for e in self.entries if e.is_header and e.domain == DEFAULT_DOMAIN), None)

    @property
    def header_fields(self) -> dict[str, str]:
        return parse_header(self.header.msgstr if self.header else "")

    @property
    def messages(self) -> Iterator[Entry]:
        """The live messages of the default domain, header excluded."""
        return (e for e in self.entries if not e.obsolete and not e.is_header and e.domain == DEFAULT_DOMAIN)

    @property
    def obsolete(self) -> Iterator[Entry]:
        return (e for e in self.entries if e.obsolete)

    def index(self) -> dict[tuple[str | None, str], Entry]:
        return {e.key: e for e in self.messages}

    def get(self, msgid: str, msgctxt: str | None = None, obsolete: bool = False) -> Entry | None:
        """The live (or, with ``obsolete``, the obsolete) entry with this msgctxt and msgid."""
        return next((e for e in self.entries if e.key == (msgctxt, msgid) and e.obsolete == obsolete and not
                     (e.is_header and msgid)), None)

    def __len__(self) -> int:
        """The number of live messages, header excluded."""
        return sum(1 for _ in self.messages)

    @property
    def nplurals(self) -> int:
        return header_plurals(self.header.msgstr if self.header else "")[0]


def parse_header(msgstr: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in msgstr.split("\n"):
        name, sep, value = line.partition(":")
        if sep and name.strip():
            fields.setdefault(name.strip(), value.strip())
    return fields


def header_plurals(msgstr: str) -> tuple[int, str | None]:
    """(nplurals, expression text) of a header, from the one validator (:func:`plural.plural_forms`);
    (2, None) when absent. A value it refuses still gives a count, capped, so that no header
    can make a merge pad messages with a billion forms."""
    from .plural import MAX_NPLURALS, PluralFormsError, plural_forms

    try:
        forms = plural_forms(msgstr)
        return forms.nplurals, forms.text
    except PluralFormsError:
        nplurals_at, plural_at = msgstr.find("nplurals="), msgstr.find("plural=")
        match = re.match(r"[ \t\n\r\f\v]*([0-9]{1,9})", msgstr[nplurals_at + 9 :])
        return min(int(match.group(1)) if match else 0, MAX_NPLURALS), msgstr[plural_at + 7 :]