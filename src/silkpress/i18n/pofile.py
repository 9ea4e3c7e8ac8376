"""Gettext PO files, read and written as GNU gettext reads and writes them.

Reading follows GNU's lexer and grammar (po-lex.c, po-gram-gen.y) and the
checks of ``msgfmt -c`` (msgl-check.c): a file is accepted exactly when
msgfmt accepts it, and each rejection carries the line msgfmt reports.
Writing (:mod:`.powrite`) gives the bytes ``msgcat`` gives.

The model is GNU's: an :class:`Entry` per message with its comments, flags,
previous msgid and obsolete state; a :class:`PoFile` holds them in file order.

This module is the public face: the model is in :mod:`.pomodel`, the lexer in
:mod:`.polex`, the grammar in :mod:`.poparse` (``#:`` positions in :mod:`.porefs`),
the fast path for well-formed files in :mod:`.pofast` and msgfmt's checks in
:mod:`.pocheck`; their names are importable from here as before.
"""

from __future__ import annotations

from ..errors import CatalogError
from .formats import FORMAT_LANGUAGES
from .pocheck import check_entries, format_string_problem, python_format_problem  # noqa: F401  (importable here as before)
from .pofast import _fast_parse
from .pomodel import (  # noqa: F401  (importable here as before)
    DEFAULT_DOMAIN,
    Entry,
    PoFile,
    Problem,
    Reference,
    header_plurals,
    one_per_line,
    parse_header,
)
from .poparse import _Parser
from .porefs import _parse_references, _references_general  # noqa: F401  (tests compare the two)


def parse_po(data: bytes, path: str | None = None, check: bool = True) -> tuple[PoFile, list[Problem]]:
    """Read a PO file; returns the file and every error msgfmt -c would report (empty: accepted).

    Without ``check``, only what msgcat rejects (the syntax) is an error. Errors in reading
    stop before the checks, as in msgfmt.
    """
    text = data.decode("utf-8", "surrogateescape")
    parser = _fast_parse(text)
    if parser is None:
        parser = _Parser(text)
        parser.parse()
    pofile = PoFile(tuple(parser.entries), tuple(parser.warnings), getattr(parser, "raw", {}))
    if parser.errors or not check:
        return pofile, one_per_line(parser.errors)
    errors, warnings = check_entries(pofile.entries)
    errors = one_per_line(errors)
    if not any(e.is_header and e.translated for e in pofile.entries):
        errors.insert(0, Problem(1, "PO file header missing or invalid (the first entry must be msgid \"\" with the header fields)",
                                 kind="header", column=True))
    return PoFile(pofile.entries, tuple(parser.warnings) + tuple(warnings), pofile.raw), errors


def read_po(data: bytes, path: str = "<catalog>") -> PoFile:
    """Read a PO file that msgfmt -c accepts; otherwise raise :class:`CatalogError` at msgfmt's first error."""
    pofile, errors = parse_po(data, path)
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise CatalogError(first.message + more, path, first.line)
    return pofile


__all__ = [
    "DEFAULT_DOMAIN", "Entry", "FORMAT_LANGUAGES", "PoFile", "Problem", "check_entries", "header_plurals",
    "parse_header", "parse_po", "python_format_problem", "read_po",
]
