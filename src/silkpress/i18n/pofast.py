"""The PO reader's fast path: :func:`_fast_parse` reads the files GNU's tools and silkpress
write as the full parser (:mod:`.poparse`) reads them, or returns None to send a file there."""

from __future__ import annotations

import re

from .polex import _SIMPLE_ESCAPES, _SURROGATE, MSGID, MSGSTR
from .poparse import _Message, _Parser

# ---------------------------------------------------------------------------------------------
# A fast path for the files GNU's tools and silkpress write: entry by entry with one regular
# expression, through the same callbacks as the parser. Anything else (an escape other than the
# plain ones, a continuation, CR, stray text, any error) goes to the full lexer and parser.

_S = r'[^"\\\n]*(?:\\[ntbrfva\\"][^"\\\n]*)*'  # the loop unrolled: re is much faster so
_STRINGS = rf'"{_S}"\n(?:"{_S}"\n)*'
_OBS_STRINGS = rf'"{_S}"\n(?:\#~\ "{_S}"\n)*'
_FAST_ENTRY = re.compile(
    rf"""(?P<comments>(?:\#(?:[^~|\n][^\n]*)?\n)*)
    (?:
      (?P<previous>(?:\#\|\ (?:msgctxt|msgid|msgid_plural)\ "{_S}"\n(?:\#\|\ "{_S}"\n)*)*)
      (?:msgctxt\ (?P<ctxt>{_STRINGS}))?
      (?P<id>msgid\ {_STRINGS})
      (?:msgid_plural\ (?P<plural>{_STRINGS}))?
      (?:(?P<str>msgstr\ {_STRINGS})|(?P<forms>(?:msgstr\[[0-9]+\]\ {_STRINGS})+))
    |
      (?P<oprevious>(?:\#~\|\ (?:msgctxt|msgid|msgid_plural)\ "{_S}"\n(?:\#~\|\ "{_S}"\n)*)*)
      (?:\#~\ msgctxt\ (?P<octxt>{_OBS_STRINGS}))?
      (?P<oid>\#~\ msgid\ {_OBS_STRINGS})
      (?:\#~\ msgid_plural\ (?P<oplural>{_OBS_STRINGS}))?
      (?:(?P<ostr>\#~\ msgstr\ {_OBS_STRINGS})|(?P<oforms>(?:\#~\ msgstr\[[0-9]+\]\ {_OBS_STRINGS})+))
    )
    (?:\n|\Z)""",
    re.X,
)
_FAST_STRING = re.compile(rf'"({_S})"')
_FAST_PREVIOUS = re.compile(rf'\#~?\|\ (?:(msgctxt|msgid|msgid_plural)\ )?"({_S})"')
_FAST_FORM = re.compile(r"(?:\#~ )?msgstr\[([0-9]+)\] ")
_SIMPLE_UNESCAPE = re.compile(r"\\([ntbrfva\\\"])")


class _Fallback(Exception):
    pass


def _fast_value(block: str, validate: bool) -> str:
    # 'KEYWORD "a"\n"b"\n' (or '#~ KEYWORD "a"\n#~ "b"\n'): a quote, newline, quote only ends a line
    value = block[block.index('"') + 1 : -2]
    if '"\n' in value:
        value = value.replace('"\n#~ "', "").replace('"\n"', "")
    if "\\" in value:
        value = _SIMPLE_UNESCAPE.sub(lambda m: _SIMPLE_ESCAPES[m.group(1)], value)
    if "\0" in value or "\x04" in value:
        raise _Fallback
    if _SURROGATE.search(value):
        if validate:
            raise _Fallback
        value = value.encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")
    return value


def _fast_parse(text: str) -> _Parser | None:
    if "\r" in text or "\\\n" in text:
        return None
    parser = _Parser(text)
    position, line, length = 0, 1, len(text)
    try:
        while position < length:
            match = _FAST_ENTRY.match(text, position)
            if match is None:
                raise _Fallback
            _fast_entry(parser, text, match, line)
            line += text.count("\n", position, match.end())
            position = match.end()
    except _Fallback:
        return None
    return parser


def _fast_entry(parser: _Parser, text: str, match: re.Match[str], line: int) -> None:
    """One entry as ``_FAST_ENTRY`` matched it (on ``line``), through the parser's callbacks."""
    position = match.start()
    entries_before = len(parser.entries)
    obsolete = match.group("oid") is not None
    prefix = "o" if obsolete else ""
    validate = parser.lexer.validate
    comments = match.group("comments")
    if comments:
        for comment in comments[:-1].split("\n"):
            if validate and len(comment) > 1 and _SURROGATE.match(comment, 1):
                raise _Fallback
            parser.comment(comment[1:])
    block = match.group(prefix + "previous")
    previous = _fast_previous(block, validate) if block else {}
    ctxt = match.group(prefix + "ctxt")
    msgctxt = _fast_value(ctxt, validate) if ctxt is not None else None
    msgid = _fast_value(match.group(prefix + "id"), validate)
    plural = match.group(prefix + "plural")
    msgid_plural = _fast_value(plural, validate) if plural is not None else None
    message = _Message(msgid, msgctxt, msgid_plural, "", (), previous.get("msgctxt"), previous.get("msgid"),
                       previous.get("msgid_plural"))
    id_line = line + text.count("\n", position, match.start(prefix + "id"))
    single = match.group(prefix + "str")
    if single is not None:
        if msgid_plural is not None:
            raise _Fallback
        message.msgstr, strings = _fast_value(single, validate), prefix + "str"
    else:
        if msgid_plural is None:
            raise _Fallback
        message.forms, strings = _fast_forms(match.group(prefix + "forms"), validate), prefix + "forms"
        parser.plural_counter = len(message.forms)
    str_line = line + text.count("\n", position, match.start(strings))
    parser.add((MSGID, "msgid", id_line, obsolete), (MSGSTR, "msgstr", str_line, obsolete), message)
    if parser.errors:
        raise _Fallback
    if len(parser.entries) > entries_before:
        # the entry's own lines, without the blank line that separates it from the next
        parser.raw[id(parser.entries[-1])] = text[position : match.end(strings)]


def _fast_previous(block: str, validate: bool) -> dict[str, str]:
    """The '#|' (or '#~|') lines before an entry, by keyword, in the order GNU allows."""
    previous: dict[str, str] = {}
    current = None
    for keyword, part in _FAST_PREVIOUS.findall(block):
        if keyword:
            if keyword in previous or (keyword == "msgctxt" and previous):
                raise _Fallback
            current = keyword
            previous[keyword] = ""
        previous[current] += part  # type: ignore[index]
    if "msgid" not in previous or (previous and next(iter(previous)) not in ("msgctxt", "msgid")):
        raise _Fallback
    return {k: _fast_value(f'"{v}"\n', validate) for k, v in previous.items()}


def _fast_forms(block: str, validate: bool) -> tuple[str, ...]:
    """The msgstr[N] strings, numbered 0, 1, 2… as the parser requires."""
    pieces = _FAST_FORM.split(block)  # ['', '0', '"..."\n', '1', ...]
    if [int(i) for i in pieces[1::2]] != list(range(len(pieces) // 2)):
        raise _Fallback
    return tuple(_fast_value(piece, validate) for piece in pieces[2::2])
