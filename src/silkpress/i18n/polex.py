"""The PO lexer, as GNU's po-lex.c reads a catalog: tokens, string escapes, and the
errors msgfmt reports on the way (unterminated strings, bad escapes, invalid UTF-8)."""

from __future__ import annotations

import bisect
import re
from functools import cached_property
from typing import Iterator

from .pomodel import Problem

# ---------------------------------------------------------------------------------------------
# Lexer (po-lex.c). Tokens are (kind, value, line, obsolete); ``line`` is GNU's gram_pos after
# the token. Comments keep the bytes they had (surrogate-escaped), as GNU does not check them.

COMMENT, DOMAIN, JUNK, PREV_MSGCTXT, PREV_MSGID, PREV_MSGID_PLURAL, PREV_STRING = range(7)
MSGCTXT, MSGID, MSGID_PLURAL, MSGSTR, NAME, LBRACKET, RBRACKET, NUMBER, STRING, EOF = range(7, 17)
_KEYWORDS = {"domain": DOMAIN, "msgid": MSGID, "msgid_plural": MSGID_PLURAL, "msgstr": MSGSTR, "msgctxt": MSGCTXT}
_PREV_KEYWORDS = {"msgid": PREV_MSGID, "msgid_plural": PREV_MSGID_PLURAL, "msgctxt": PREV_MSGCTXT}
_NAMES = {
    COMMENT: "a comment", DOMAIN: "'domain'", JUNK: "unexpected text", PREV_MSGCTXT: "'#| msgctxt'",
    PREV_MSGID: "'#| msgid'", PREV_MSGID_PLURAL: "'#| msgid_plural'", PREV_STRING: "a '#|' string",
    MSGCTXT: "'msgctxt'", MSGID: "'msgid'", MSGID_PLURAL: "'msgid_plural'", MSGSTR: "'msgstr'",
    NAME: "an unknown keyword", LBRACKET: "'['", RBRACKET: "']'", NUMBER: "a number", STRING: "a string",
    EOF: "the end of the file",
}

_MASTER = re.compile(
    r"""(?P<nl>\n)
    |(?P<ws>[ \t\r\f\v]+)
    |(?P<obs>\#~\|?)
    |(?P<prev>\#\|)
    |(?P<comment>\#[^\n]*\n?)
    |(?P<str>"(?P<body>[^"\\\n]*(?:\\[^\n][^"\\\n]*)*)(?P<close>"|\n|\\\n|\\\Z)?)
    |(?P<word>[A-Za-z_$][A-Za-z0-9_$]*)
    |(?P<num>[0-9]+)
    |(?P<lb>\[)|(?P<rb>\])
    |(?P<junk>.)""",
    re.X | re.S,
)
_ESCAPE = re.compile(r"\\(?:([ntbrfva\\\"])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(x)|(.))", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\x07", "\\": "\\", '"': '"'}
_SURROGATE = re.compile("[\udc80-\udcff]")


def _byte(value: int) -> str:
    value &= 0xFF
    return chr(value) if value < 0x80 else chr(0xDC00 + value)


class _Lexer:
    def __init__(self, text: str, errors: list[Problem]) -> None:
        # GNU joins a backslash-newline everywhere before anything else sees it (lex_getc).
        self.joined: list[int] = []
        if "\\\n" in text:
            parts = text.split("\\\n")
            offsets, total = [], 0
            for part in parts[:-1]:
                total += len(part)
                offsets.append(total)
            self.joined = offsets
            text = "".join(parts)
        self.text = text
        self.errors = errors
        self.validate = False
        """Whether strings must be valid UTF-8: GNU checks from the header's charset on."""

    @cached_property
    def newlines(self) -> list[int]:
        """Where each line ends, for :meth:`line_at`: built on first use, as the fast reader needs none."""
        return [m.start() for m in re.finditer("\n", self.text)]

    def line_at(self, pos: int) -> int:
        line = 1 + bisect.bisect_left(self.newlines, pos)
        if self.joined:
            line += bisect.bisect_right(self.joined, pos)
        return line

    def error(self, pos: int, message: str, column: bool = False) -> None:
        self.errors.append(Problem(self.line_at(pos), message, column=column))

    def tokens(self) -> Iterator[tuple[int, object, int, bool]]:
        text = self.text
        obsolete = previous = False
        line_at = self.line_at
        for match in _MASTER.finditer(text):
            kind = match.lastgroup
            if kind == "ws":
                continue
            if kind == "nl":
                obsolete = previous = False
                continue
            start, end = match.span()
            if kind == "obs":
                obsolete = True
                previous = previous or end - start == 3
                continue
            if kind == "prev":
                previous = True
                continue
            if kind == "comment":
                # A comment takes its newline with it: '#~' ends there, a '#|' context does not (GNU).
                body = text[start + 1 : end - 1] if text[end - 1] == "\n" else text[start + 1 : end]
                if self.validate and body and _SURROGATE.match(body):
                    # GNU checks the character after '#' (is it '~' or '|'?) before it knows it is a comment
                    self.error(start + 1, "invalid multibyte sequence", column=True)
                yield COMMENT, body, line_at(end), obsolete
                obsolete = False
                continue
            if kind == "str":
                value, line = self._string(match)
                yield (PREV_STRING if previous else STRING), value, line, obsolete
                continue
            if kind == "word":
                word = match.group("word")
                token = (_PREV_KEYWORDS if previous else _KEYWORDS).get(word)
                if token is None:
                    # GNU has read the character after the word (across a continuation) and put it back
                    self.error(end, f'keyword "{word}" unknown')
                    token = NAME
                yield token, word, line_at(end), obsolete
            elif kind == "num":
                yield NUMBER, int(match.group("num")), line_at(end), obsolete
            elif kind == "lb":
                yield LBRACKET, "[", line_at(start), obsolete
            elif kind == "rb":
                yield RBRACKET, "]", line_at(start), obsolete
            else:
                junk = match.group("junk")
                if self.validate and _SURROGATE.match(junk):
                    self.error(start, "invalid multibyte sequence", column=True)
                yield JUNK, junk, line_at(start), obsolete
        yield EOF, None, line_at(len(text)), False

    def _string(self, match: re.Match[str]) -> tuple[str, int]:
        """The value of a string token and GNU's line after it."""
        end = match.end()
        close = match.group("close")
        line = self.line_at(end - 1)
        start = match.start("body")
        body = match.group("body")
        if self.validate and _SURROGATE.search(body):
            self._invalid_multibyte(body, start)
        if "\\" in body:
            body = self._unescape(body, start)
        if close == "\\\n":
            # a backslash whose next character a continuation took ('\\' + '\\<newline>'): GNU reads
            # the newline as the escaped character, refuses it, then finds the string unterminated
            self.error(end - 1, "invalid control sequence", column=True)
            self.error(end, "end-of-line within string")
            line = self.line_at(end)
            body += " "
        elif close == "\n":
            # GNU counts the newline first: the error is on the next line, as msgfmt says
            self.error(end, f"end-of-line within string (the string opened on line {line} is not closed)")
            line = self.line_at(end)
        elif close == "\\":
            self.error(end, "invalid control sequence", column=True)
            self.error(end, "end-of-file within string")
            body += " "
        elif close is None:
            self.error(end, "end-of-file within string")
        if "\0" in body:
            body = body[: body.index("\0")]
        if "\x04" in body:
            self.error(end - 1, "context separator <EOT> within string")
        if _SURROGATE.search(body):
            # bytes from escapes, or read before the charset was known: join those that form UTF-8
            body = body.encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")
        return body, line

    def _invalid_multibyte(self, body: str, start: int) -> None:
        match = _SURROGATE.search(body)
        assert match is not None
        end = match.end()
        while end < len(body) and _SURROGATE.match(body, end):
            end += 1
        if end == len(body) and start + end < len(self.text) and self.text[start + end] == "\n":
            self.error(start + match.start(), "incomplete multibyte sequence at end of line", column=True)
        else:
            self.error(start + match.start(), "invalid multibyte sequence", column=True)

    def _unescape(self, body: str, start: int) -> str:
        def one(m: re.Match[str]) -> str:
            if m.group(1):
                return _SIMPLE_ESCAPES[m.group(1)]
            if m.group(2):
                return _byte(int(m.group(2), 8))
            if m.group(3):
                return _byte(int(m.group(3), 16))
            self.error(start + m.start() + 1, "invalid control sequence", column=True)
            # GNU drops an 'x' without hex digits, and reads any other character again
            return " " if m.group(4) else " " + m.group(5)

        return _ESCAPE.sub(one, body)
