"""Write PO files byte for byte as GNU ``msgcat`` writes them (write-po.c, at its defaults).

Babel's ``write_po`` wraps by its own rules and writes the previous msgid as a
wrapped comment that GNU tools cannot read; every GNU tool and Poedit would
then rewrite the whole file. This writer follows GNU: the same escapes, the
same Unicode line breaking (:mod:`.linebreak`) at 79 columns, the same order
of comments, flags and previous strings, and obsolete entries last.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Mapping

from .formats import DIRECTIVE_SPANS
from .linebreak import (
    _HARD,
    POSSIBLE,
    PROHIBITED,
    UNDEFINED,
    Text,
    columns,
    fill,
    width_breaks,
)
from .pofile import DEFAULT_DOMAIN, Entry, PoFile

PAGE_WIDTH = 79
_NO_WRAP = 1 << 30
_ESCAPES = {"\x07": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v", "\\": "\\\\", '"': '\\"'}


def _directive_language(entry: Entry) -> str | None:
    """The first format type (in GNU's order) that may apply: the writer keeps its directives whole."""
    for language, state in entry.formats:
        if state != "no":
            return language
    return None


_ESCAPE_TABLE = str.maketrans(_ESCAPES)
_NEEDS_ESCAPE = re.compile(r'[\x07\b\f\n\r\t\v\\"]')


@lru_cache(maxsize=1 << 18)
def wrap(prefix: str, name: str, value: str, language: str | None = None, do_wrap: bool = True) -> str:
    """``name "value"`` as GNU writes it: one or more lines, each starting with ``prefix``."""
    page = PAGE_WIDTH if do_wrap else _NO_WRAP
    after_break = len(prefix) + 1
    width = page - 1 - after_break
    spans = DIRECTIVE_SPANS[language](value, name.startswith("msgstr")) if language in DIRECTIVE_SPANS and value else ()
    newline = value.find("\n")
    if not spans and (newline < 0 or newline == len(value) - 1):
        # one portion and no directive: the usual case, and often a line that needs no breaking
        text = value.translate(_ESCAPE_TABLE) if _NEEDS_ESCAPE.search(value) else value
        column = len(prefix) + len(name) + 2 - after_break
        if column + columns(text) <= width and not _HARD.search(text):
            return f'{prefix}{name} "{text}"\n'
    inside: set[int] = set()
    for begin, end in spans:
        inside.update(range(begin + 1, end))
    out: list[str] = []
    first_line = True
    start = 0
    length = len(value)
    while True:
        stop = value.find("\n", start)
        stop = length if stop < 0 else stop + 1
        segment = value[start:stop]
        text = segment.translate(_ESCAPE_TABLE) if _NEEDS_ESCAPE.search(segment) else segment
        # never break inside an escape, inside a directive, or just before the final \n
        prohibited = {m.start() + 1 for m in re.finditer(r"\\.", text)} if len(text) != len(segment) else set()
        if inside:
            position = 0
            for index in range(start, stop):
                if index in inside:
                    prohibited.add(position)
                position += len(_ESCAPES.get(value[index], "x"))
        if segment.endswith("\n"):
            prohibited.add(len(text) - 2)
        portion = Text(text, prohibited)
        while True:
            column = len(prefix) + (len(name) + 1 if first_line else 0) + 1 - after_break
            breaks = _breaks(portion, width, column)
            if first_line and text and (stop < length or column > width or breaks):
                out.append(f'{prefix}{name} ""\n')
                first_line = False
                continue
            break
        line = [prefix, f"{name} " if first_line else "", '"']
        first_line = False
        previous = 0
        for index in breaks:
            line.append(text[previous:index])
            line.append(f'"\n{prefix}"')
            previous = index
        line.append(text[previous:])
        line.append('"\n')
        out.append("".join(line))
        start = stop
        if start >= length:
            return "".join(out)


def _breaks(portion: Text, width: int, column: int) -> list[int]:
    """Where GNU breaks this portion: a fast greedy fill, or the full algorithm when it has hard breaks."""
    fast = fill(portion, width, column)
    if fast is not None:
        return fast
    overrides = [PROHIBITED if index in portion.prohibited else UNDEFINED for index in range(len(portion.text))]
    return [index for index, value in enumerate(width_breaks(portion.text, width, column, overrides)) if value == POSSIBLE]


def _line_end(text: str) -> str:
    # GNU joins a line ending in a backslash with the next one, even in a comment: keep them apart.
    return text + " \n" if text.endswith("\\") else text + "\n"


def _comment_lines(comment: str) -> Iterable[str]:
    rest: str | None = comment
    while rest is not None:
        space = " " if rest else ""
        head, newline, tail = rest.partition("\n")
        yield _line_end(f"#{space}{head}")
        rest = tail if newline else None


def _references(entry: Entry) -> str:
    if not entry.references:
        return ""
    out = ["#:"]
    column = 2
    for path, line in dict.fromkeys(entry.references):  # GNU keeps a position once
        while path.startswith("./"):
            path = path[2:]
        suffix = "" if line is None else f":{line}"
        size = len(path.encode("utf-8", "surrogateescape")) + len(suffix) + 1
        if column > 2 and column + size > PAGE_WIDTH:
            out.append(" \n#:" if out[-1].endswith("\\") else "\n#:")
            column = 2
        out.append(f" {path}{suffix}")
        column += size
    out.append(" \n" if out[-1].endswith("\\") else "\n")
    return "".join(out)


def _flags(entry: Entry, obsolete: bool) -> str:
    flags: list[str] = []
    if entry.fuzzy and (obsolete or entry.translated):
        flags.append("fuzzy")
    for language, state in entry.formats:
        flags.append(f"no-{language}-format" if state == "no" else f"{language}-format")
    if entry.range is not None and not obsolete:
        flags.append(f"range: {entry.range[0]}..{entry.range[1]}")
    if entry.wrap is False:
        flags.append("no-wrap")
    return f"#, {', '.join(flags)}\n" if flags else ""


def render_entry(entry: Entry) -> str:
    """One entry, without the blank line that separates it from the one before."""
    obsolete = entry.obsolete
    out = [line for comment in entry.comments for line in _comment_lines(comment)]
    # GNU writes each extracted comment on one line; a newline inside one would end the comment
    out += [_line_end(f"#.{' ' if line else ''}{line}") for text in entry.extracted for line in text.split("\n")]
    out.append(_references(entry))
    out.append(_flags(entry, obsolete))
    do_wrap = entry.wrap is not False
    language = _directive_language(entry)
    previous = "#~| " if obsolete else "#| "
    if entry.previous_msgid is not None:  # GNU's grammar has no '#| msgctxt' without '#| msgid'
        if entry.previous_msgctxt is not None:
            out.append(wrap(previous, "msgctxt", entry.previous_msgctxt, language, do_wrap))
        out.append(wrap(previous, "msgid", entry.previous_msgid, language, do_wrap))
        if entry.previous_msgid_plural is not None:
            out.append(wrap(previous, "msgid_plural", entry.previous_msgid_plural, language, do_wrap))
    prefix = "#~ " if obsolete else ""
    if entry.msgctxt is not None:
        out.append(wrap(prefix, "msgctxt", entry.msgctxt, language, do_wrap))
    out.append(wrap(prefix, "msgid", entry.msgid, language, do_wrap))
    if entry.msgid_plural is not None:
        out.append(wrap(prefix, "msgid_plural", entry.msgid_plural, language, do_wrap))
        for index, form in enumerate(entry.msgstr_plural):
            out.append(wrap(prefix, f"msgstr[{index}]", form, language, do_wrap))
    else:
        out.append(wrap(prefix, "msgstr", entry.msgstr, language, do_wrap))
    return "".join(out)


def render_po(pofile: PoFile | Iterable[Entry], reuse: Mapping[int, str] | None = None) -> bytes:
    """The whole file, as ``msgcat`` writes it: per domain, live entries in order, then obsolete ones.

    ``reuse`` maps ``id(entry)`` to the text the entry already has in a canonical file: such an
    entry is copied instead of written again (see :attr:`PoFile.raw`).
    """
    entries = pofile.entries if isinstance(pofile, PoFile) else tuple(pofile)
    reuse = reuse or {}
    domains: dict[str, list[Entry]] = {}
    for entry in entries:
        domains.setdefault(entry.domain, []).append(entry)
    out: list[str] = []
    blank = False
    for number, (domain, items) in enumerate(domains.items()):
        if not (number == 0 and domain == DEFAULT_DOMAIN):
            if blank:
                out.append("\n")
            out.append(f'domain "{domain}"\n')
            blank = True
        for entry in [e for e in items if not e.obsolete] + [e for e in items if e.obsolete]:
            if entry.obsolete and not entry.translated:
                blank = True
                continue  # GNU drops obsolete entries with no translation
            if blank:
                out.append("\n")
            text = reuse.get(id(entry))
            out.append(render_entry(entry) if text is None else text)
            blank = True
    return "".join(out).encode("utf-8", "surrogateescape")
