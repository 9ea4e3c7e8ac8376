"""Gettext PO files, read and written as GNU gettext reads and writes them.

Reading follows GNU's lexer and grammar (po-lex.c, po-gram-gen.y) and the
checks of ``msgfmt -c`` (msgl-check.c): a file is accepted exactly when
msgfmt accepts it, and each rejection carries the line msgfmt reports.
Writing (:mod:`.powrite`) gives the bytes ``msgcat`` gives.

The model is GNU's: an :class:`Entry` per message with its comments, flags,
previous msgid and obsolete state; a :class:`PoFile` holds them in file order.
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator, Mapping

from ..errors import CatalogError
from . import plural as plural_exp
from .formats import FORMAT_LANGUAGES, FORMAT_ORDER, check_c, check_python, parse_c, parse_python

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
    """(nplurals, expression) as GNU finds them in a header; (2, None) when absent."""
    nplurals_at = msgstr.find("nplurals=")
    plural_at = msgstr.find("plural=")
    if nplurals_at < 0 or plural_at < 0:
        return 2, None
    match = re.match(r"[ \t\n\r\f\v]*([0-9]+)", msgstr[nplurals_at + 9 :])
    return (int(match.group(1)) if match else 0), msgstr[plural_at + 7 :]


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
        self.newlines = [m.start() for m in re.finditer("\n", text)]

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


# ---------------------------------------------------------------------------------------------
# Parser (po-gram-gen.y), with bison's error recovery: after a syntax error, tokens are
# discarded until a message can start, and no new syntax error is reported before three
# tokens have been accepted.

_STARTS = {COMMENT, DOMAIN, MSGID, MSGCTXT, PREV_MSGID, PREV_MSGCTXT, EOF}


class _SyntaxError(Exception):
    pass


class _Pending:
    """The comments and flags read since the last message: they belong to the next one."""

    __slots__ = ("comments", "extracted", "references", "fuzzy", "formats", "range", "wrap")

    def __init__(self) -> None:
        self.comments: list[str] = []
        self.extracted: list[str] = []
        self.references: list[Reference] = []
        self.fuzzy = False
        self.formats: dict[str, str] = {}
        self.range: tuple[int, int] | None = None
        self.wrap: bool | None = None


class _Parser:
    def __init__(self, text: str) -> None:
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.lexer = _Lexer(text, self.errors)
        self.stream = self.lexer.tokens()
        self.token: tuple[int, object, int, bool] = (EOF, None, 0, False)
        self.errstatus = 0
        self.plural_counter = 0
        self.pending = _Pending()
        self.entries: list[Entry] = []
        self.seen: dict[tuple[str, str | None, str], Entry] = {}
        self.domain = DEFAULT_DOMAIN
        self.raw: dict[int, str] = {}

    # tokens
    def shift(self) -> tuple[int, object, int, bool]:
        token = self.token
        self.token = next(self.stream)
        if self.errstatus:
            self.errstatus -= 1
        return token

    def expect(self, *kinds: int) -> tuple[int, object, int, bool]:
        if self.token[0] not in kinds:
            raise _SyntaxError
        return self.shift()

    def inconsistent(self, first: tuple, second: tuple) -> None:
        if first[3] != second[3]:
            self.errors.append(Problem(second[2], "inconsistent use of #~"))

    def strings(self, kind: int) -> tuple[str, int, bool]:
        """A string_list: the joined value, the first string's line, its obsolete flag."""
        first = self.expect(kind)
        parts = [first[1]]
        while self.token[0] == kind:
            token = self.shift()
            self.inconsistent(first, token)
            parts.append(token[1])
        return "".join(parts), first[2], first[3]  # type: ignore[arg-type]

    # grammar
    def parse(self) -> None:
        self.token = next(self.stream)
        while True:
            kind = self.token[0]
            try:
                if kind == EOF:
                    return
                if kind == COMMENT:
                    self.comment(self.shift()[1])  # type: ignore[arg-type]
                elif kind == DOMAIN:
                    # msgfmt -c -o FILE refuses domain directives; so does silkpress (one catalog, one domain)
                    self.shift()
                    name = self.expect(STRING)
                    self.errors.append(Problem(name[2], f"'domain {name[1]}' directive ignored"))
                    self.pending = _Pending()
                elif kind in (MSGID, MSGCTXT, PREV_MSGID, PREV_MSGCTXT):
                    self.message()
                else:
                    raise _SyntaxError
            except _SyntaxError:
                self.recover()

    def recover(self) -> None:
        if not self.errstatus:
            kind, value = self.token[0], self.token[1]
            found = f"{value!r}" if kind in (NAME, JUNK) else _NAMES[kind]
            self.errors.append(Problem(self.token[2], f"syntax error (unexpected {found})", column=True))
        elif self.errstatus == 3 and self.token[0] != EOF:
            self.token = next(self.stream)
        self.errstatus = 3
        while self.token[0] not in _STARTS:
            self.token = next(self.stream)  # discarded silently while recovering

    def message(self) -> None:
        prev_ctxt = prev_id = prev_id_plural = None
        if self.token[0] in (PREV_MSGID, PREV_MSGCTXT):
            intro = self.shift()
            if intro[0] == PREV_MSGCTXT:
                prev_ctxt, line, obsolete = self.strings(PREV_STRING)
                self.inconsistent(intro, (None, None, line, obsolete))
                msgid_token = self.expect(PREV_MSGID)
                self.inconsistent(intro, msgid_token)
                intro = msgid_token
            prev_id, line, obsolete = self.strings(PREV_STRING)
            self.inconsistent(intro, (None, None, line, obsolete))
            if self.token[0] == PREV_MSGID_PLURAL:
                plural_token = self.shift()
                prev_id_plural, line, obsolete = self.strings(PREV_STRING)
                self.inconsistent(plural_token, (None, None, line, obsolete))
                self.inconsistent(intro, plural_token)
            prev_token = intro
            if self.token[0] not in (MSGID, MSGCTXT):
                raise _SyntaxError
        else:
            prev_token = None
        msgctxt = None
        head = self.shift()
        if head[0] == MSGCTXT:
            msgctxt, line, obsolete = self.strings(STRING)
            self.inconsistent(head, (None, None, line, obsolete))
            msgid_token = self.expect(MSGID)
            self.inconsistent(head, msgid_token)
            head = msgid_token
        if prev_token is not None:
            self.inconsistent(prev_token, head)
        msgid, line, obsolete = self.strings(STRING)
        ids = (None, None, line, obsolete)
        kind = self.token[0]
        if kind == MSGSTR:
            keyword = self.shift()
            if self.token[0] == STRING:
                msgstr, line, obsolete = self.strings(STRING)
                self.inconsistent(head, ids)
                self.inconsistent(head, keyword)
                self.inconsistent(head, (None, None, line, obsolete))
                self.add(head, keyword, msgctxt, msgid, None, msgstr, (), prev_ctxt, prev_id, prev_id_plural)
                return
            if self.token[0] != LBRACKET:
                raise _SyntaxError
            forms, first = self.plural_forms(keyword)
            self.inconsistent(head, ids)
            self.inconsistent(head, first)
            self.errors.append(Problem(head[2], "missing 'msgid_plural' section"))
            self.pending = _Pending()
            return
        if kind == MSGID_PLURAL:
            plural_token = self.shift()
            msgid_plural, line, obsolete = self.strings(STRING)
            self.inconsistent(plural_token, (None, None, line, obsolete))
            self.plural_counter = 0
            if self.token[0] != MSGSTR:
                self.inconsistent(head, ids)
                self.inconsistent(head, plural_token)
                self.errors.append(Problem(head[2], "missing 'msgstr[]' section"))
                self.pending = _Pending()
                return
            keyword = self.shift()
            if self.token[0] != LBRACKET:
                raise _SyntaxError
            forms, first = self.plural_forms(keyword)
            self.inconsistent(head, ids)
            self.inconsistent(head, plural_token)
            self.inconsistent(head, first)
            self.add(head, first, msgctxt, msgid, msgid_plural, "", tuple(forms), prev_ctxt, prev_id, prev_id_plural)
            return
        self.inconsistent(head, ids)
        self.errors.append(Problem(head[2], "missing 'msgstr' section"))
        self.pending = _Pending()

    def plural_forms(self, keyword: tuple) -> tuple[list[str], tuple]:
        """pluralform_list, entered after its first MSGSTR (the lookahead is '[')."""
        forms: list[str] = []
        first = keyword
        while True:
            bracket = self.expect(LBRACKET)
            number = self.expect(NUMBER)
            close = self.expect(RBRACKET)
            value, line, obsolete = self.strings(STRING)
            for part in (bracket, number, close, (None, None, line, obsolete)):
                self.inconsistent(keyword, part)
            if number[1] != self.plural_counter:
                message = "first plural form has nonzero index" if self.plural_counter == 0 else "plural form has wrong index"
                self.errors.append(Problem(keyword[2], message))
            self.plural_counter += 1
            if keyword is not first:
                self.inconsistent(first, keyword)
            forms.append(value)
            if self.token[0] != MSGSTR:
                return forms, first
            keyword = self.shift()
            if self.token[0] != LBRACKET:
                raise _SyntaxError

    # callbacks (read-catalog-abstract.c, read-catalog.c)
    def comment(self, text: str) -> None:
        pending = self.pending
        if text.startswith("."):
            text = text[1:]
            pending.extracted.append(text[1:] if text.startswith(" ") else text)
        elif text.startswith(":"):
            pending.references.extend(_parse_references(text[1:]))
        elif text.startswith(",") or text.startswith("!"):
            self.special(text[1:])
        else:
            solaris = _parse_solaris_reference(text)
            if solaris is not None:
                pending.references.append(solaris)
            else:
                pending.comments.append(text[1:] if text.startswith(" ") else text)

    def special(self, text: str) -> None:
        # Each '#,' line replaces the flags of the ones before it (po_parse_comment_special).
        pending = self.pending
        pending.fuzzy, pending.formats, pending.range, pending.wrap = False, {}, None, None
        tokens = [t for t in re.split(r"[\n \t\r\f\v,]+", text) if t]
        index = 0
        while index < len(tokens):
            token = tokens[index]
            index += 1
            if token == "fuzzy":
                pending.fuzzy = True
                continue
            if token.endswith("-format"):
                name, state = token[:-7], "yes"
                for prefix, value in (("no-", "no"), ("possible-", "possible"), ("impossible-", "impossible")):
                    if name.startswith(prefix):
                        name, state = name[len(prefix):], value
                        break
                if name in FORMAT_ORDER:
                    if state == "impossible":
                        pending.formats.pop(name, None)
                    else:
                        pending.formats[name] = state
                    continue
            if token == "range:" and index < len(tokens):
                bounds = re.fullmatch(r"([0-9]+)\.\.([0-9]+).*", tokens[index], re.S)
                index += 1
                if bounds and int(bounds.group(1)) <= int(bounds.group(2)):
                    pending.range = (min(int(bounds.group(1)), 2**31 - 1), min(int(bounds.group(2)), 2**31 - 1))
                continue
            if token == "wrap":
                pending.wrap = True
                continue
            if token == "no-wrap":
                pending.wrap = False
                continue
            if not token.endswith("-check"):
                self.warnings.append(Problem(None, f"unknown flag {token!r} (GNU gettext tools drop it)", "warning"))

    def add(self, head: tuple, msgstr_token: tuple, msgctxt: str | None, msgid: str, msgid_plural: str | None,
            msgstr: str, forms: tuple[str, ...], prev_ctxt: str | None, prev_id: str | None,
            prev_id_plural: str | None) -> None:
        obsolete = bool(head[3])
        if msgctxt is None and msgid == "" and not obsolete:
            self.charset(msgstr)
        pending = self.pending
        self.pending = _Pending()
        formats = pending.formats
        entry = Entry(
            msgid, msgstr, msgctxt, msgid_plural, forms, tuple(pending.comments), tuple(pending.extracted),
            tuple(dict.fromkeys(pending.references)),  # GNU keeps a position once
            pending.fuzzy,
            tuple(sorted(formats.items(), key=lambda kv: FORMAT_ORDER[kv[0]])) if len(formats) > 1 else tuple(formats.items()),
            pending.range, pending.wrap, prev_ctxt, prev_id, prev_id_plural, obsolete, self.domain, head[2], msgstr_token[2],
        )
        key = (self.domain, msgctxt, msgid)
        first = self.seen.get(key)
        if first is not None:
            self.errors.append(Problem(head[2], f"duplicate message definition (first defined on line {first.msgstr_line})",
                                       column=True))
            return
        self.seen[key] = entry
        self.entries.append(entry)

    def charset(self, header: str) -> None:
        match = re.search(r"charset=([^ \t\n]*)", header)
        if match is None:
            self.warnings.append(Problem(None, "charset missing in header", "warning"))
            return
        charset = match.group(1)
        try:
            codec = codecs.lookup(charset).name if charset.isascii() else ""
            if not codec:
                raise LookupError(charset)
        except LookupError:
            # GNU warns about a name it does not know, and reads on without checking the bytes
            self.warnings.append(Problem(None, f"charset {charset!r} is not a portable encoding name", "warning"))
            return
        if codec == "utf-8":
            self.lexer.validate = True
        elif codec != "ascii":
            self.errors.append(Problem(self.token[2], f"charset {charset!r}: silkpress reads UTF-8 catalogs only "
                                       "(convert the file with: msgconv -t UTF-8)"))


_SIMPLE_REFERENCE = re.compile(r"(.+):([0-9]+)")
_COLON_BLANK = re.compile(r"[ \t\n]:|:[ \t\n]|:$")
_BLANKS = re.compile(r"[ \t\n]+")


def _parse_references(text: str) -> Iterator[Reference]:
    """GNU's po_parse_comment_filepos."""
    if not _COLON_BLANK.search(text):
        # No colon next to a blank: each word is FILE, FILE:LINE or FILE:… as GNU's third rule reads it
        for word in _BLANKS.split(text):
            if not word:
                continue
            match = _SIMPLE_REFERENCE.fullmatch(word)
            if match:
                yield match.group(1), int(match.group(2))
            else:
                yield word, None
        return
    yield from _references_general(text)


def _references_general(text: str) -> Iterator[Reference]:
    """po_parse_comment_filepos, rule by rule: "FILE:LINE", "FILE: LINE", "FILE : LINE" or "FILE"."""
    s, n = text, len(text)
    i = 0
    blank = " \t\n"
    while i < n:
        while i < n and s[i] in blank:
            i += 1
        if i >= n:
            break
        start = i
        i += 1
        while i < n and s[i] not in blank:
            i += 1
        # "file : 12" or "file: 12"
        p = i
        while p < n and s[p] in blank:
            p += 1
        if p < n and s[p] == ":":
            p += 1
            while p < n and s[p] in blank:
                p += 1
            digits = re.match(r"[0-9]+", s[p:])
            if digits and (p + digits.end() >= n or s[p + digits.end()] in blank):
                yield s[start:i], int(digits.group())
                i = p + digits.end()
                continue
        if s[i - 1] == ":":
            p = i
            while p < n and s[p] in blank:
                p += 1
            digits = re.match(r"[0-9]+", s[p:])
            if digits and (p + digits.end() >= n or s[p + digits.end()] in blank):
                yield s[start : i - 1], int(digits.group())
                i = p + digits.end()
                continue
        word = s[start:i]
        trailing = re.search(r"[0-9]+$", word)
        if trailing and trailing.start() > 1 and word[trailing.start() - 1] == ":":
            yield word[: trailing.start() - 1], int(trailing.group())
            continue
        yield word, None


_SOLARIS = re.compile(r" [Ff]ile:[ \t]*(.*?)[ \t]*,[ \t]*line[ \t]*(?:number[ \t]*)?:([0-9]+)[ \t\n]*$", re.S)


def _parse_solaris_reference(text: str) -> Reference | None:
    match = _SOLARIS.match(text)
    return (match.group(1), int(match.group(2))) if match else None


# ---------------------------------------------------------------------------------------------
# msgfmt -c (msgl-check.c): plural forms, leading and trailing newlines, format strings.

_HEADER_FIELDS = (
    ("Project-Id-Version", "PACKAGE VERSION"), ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
    ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"), ("Language-Team", "LANGUAGE <LL@li.org>"),
    ("MIME-Version", None), ("Content-Type", "text/plain; charset=CHARSET"), ("Content-Transfer-Encoding", "ENCODING"),
    ("Language", ""),
)


def _checked(entries: Iterable[Entry]) -> list[Entry]:
    """What msgfmt checks: live, translated, and not fuzzy (the header may be fuzzy)."""
    return [e for e in entries if not e.obsolete and e.translated and (not e.fuzzy or e.is_header)]


def check_entries(entries: Iterable[Entry]) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) as ``msgfmt -c`` gives them, per domain."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    by_domain: dict[str, list[Entry]] = {}
    for entry in entries:
        by_domain.setdefault(entry.domain, []).append(entry)
    for domain_entries in by_domain.values():
        checked = _checked(domain_entries)
        header = next((e for e in domain_entries if e.msgctxt is None and e.msgid == ""), None)
        header = header if header in checked else None
        errors.extend(_check_plurals(checked, header, domain_entries))
        for entry in checked:
            if entry.is_header:
                warnings.extend(_check_header(entry))
                continue
            errors.extend(_check_pair(entry, header))
    return errors, warnings


def _check_plurals(checked: list[Entry], header: Entry | None, all_entries: list[Entry]) -> list[Problem]:
    plurals = [e for e in checked if e.msgid_plural is not None]
    header_entry = next((e for e in all_entries if e.msgctxt is None and e.msgid == "" and not e.obsolete), None)
    if header_entry is None or header_entry not in checked:
        if plurals:
            return [Problem(plurals[0].msgstr_line, "message catalog has plural form translations, but lacks a header entry "
                            'with "Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;"', kind="header", column=True)]
        return []
    text = header_entry.msgstr
    line = header_entry.msgstr_line
    problems: list[Problem] = []
    has_plural_expr, has_nplurals = "plural=" in text, "nplurals=" in text
    if not has_plural_expr and plurals:
        problems.append(Problem(plurals[0].msgstr_line, 'message catalog has plural form translations, but header entry lacks a "plural=EXPRESSION" attribute', kind="header", column=True))
    if not has_nplurals and plurals:
        problems.append(Problem(plurals[0].msgstr_line, 'message catalog has plural form translations, but header entry lacks a "nplurals=INTEGER" attribute', kind="header", column=True))
    if not (has_plural_expr and has_nplurals):
        return problems
    match = re.match(r"[ \t\n\r\f\v]*([0-9]+)", text[text.find("nplurals=") + 9 :])
    if not match:
        problems.append(Problem(line, "invalid nplurals value", kind="header", column=True))
    nplurals = int(match.group(1)) if match else 0
    try:
        expression = plural_exp.parse(text[text.find("plural=") + 7 :])
    except (plural_exp.PluralSyntaxError, RecursionError):
        problems.append(Problem(line, "invalid plural expression", kind="header", column=True))
        return problems
    if problems:
        return problems
    problem = plural_exp.check(expression, nplurals)
    if problem:
        return [Problem(line, problem, kind="header", column=True)]
    if plurals:
        counts = [len(e.msgstr_plural) for e in plurals]
        fewest, most = min(counts), max(counts)
        if fewest < nplurals:
            where = plurals[counts.index(fewest)].msgstr_line
            return [Problem(line, f"nplurals = {nplurals}, but the message on line {where} has only {fewest} plural form{'s' if fewest != 1 else ''}", kind="header", column=True)]
        if most > nplurals:
            where = plurals[counts.index(most)].msgstr_line
            return [Problem(line, f"nplurals = {nplurals}, but the message on line {where} has {most} plural forms", kind="header", column=True)]
    return []


def _check_header(entry: Entry) -> list[Problem]:
    warnings = []
    lines = entry.msgstr.split("\n")
    for name, default in _HEADER_FIELDS:
        found = next((l for l in lines if l.startswith(name + ":")), None)
        if found is None:
            warnings.append(Problem(entry.msgstr_line, f"header field '{name}' missing in header", "warning"))
            continue
        value = found[len(name) + 1 :]
        value = value[1:] if value.startswith(" ") else value
        if default is not None and value == default:
            warnings.append(Problem(entry.msgstr_line, f"header field '{name}' still has the initial default value", "warning"))
    return warnings


def _check_pair(entry: Entry, header: Entry | None) -> list[Problem]:
    problems: list[Problem] = []
    line = entry.msgstr_line
    forms = entry.strings
    plural = entry.msgid_plural is not None
    # msgfmt checks the leading newline of every string against the msgid's, then the trailing one
    for test, verb in ((lambda t: t.startswith("\n"), "begin"), (lambda t: t.endswith("\n"), "end")):
        expected = test(entry.msgid)
        if plural:
            if test(entry.msgid_plural) != expected:
                problems.append(Problem(line, f"'msgid' and 'msgid_plural' entries do not both {verb} with '\\n'", kind="newline"))
            for index, form in enumerate(forms):
                if test(form) != expected:
                    problems.append(Problem(line, f"'msgid' and 'msgstr[{index}]' entries do not both {verb} with '\\n'",
                                            kind="newline"))
        elif test(forms[0]) != expected:
            problems.append(Problem(line, f"'msgid' and 'msgstr' entries do not both {verb} with '\\n'", kind="newline"))
    for language, state in entry.formats:  # every format type that applies, in GNU's order
        if state == "no":
            continue
        problem = format_string_problem(entry, language, header)
        if problem:
            problems.append(Problem(line, problem, kind="format"))
    return problems


_PARSERS = {
    "python": (lambda text, translated: parse_python(text), check_python, "Python"),
    "c": (lambda text, translated: parse_c(text, translated), check_c, "C"),
    "objc": (lambda text, translated: parse_c(text, translated, objc=True), check_c, "Objective C"),
}


def format_string_problem(entry: Entry, language: str, header: Entry | None = None) -> str | None:
    """The first problem msgfmt -c reports for ``entry`` as a ``language`` format string, or None.

    Python, C and Objective C strings are checked; GNU knows 27 more languages, which this
    reader does not check (their flags are kept and written back all the same).
    """
    if language not in _PARSERS:
        return None
    parse, check, pretty_language = _PARSERS[language]
    source = parse(entry.msgid_plural if entry.msgid_plural is not None else entry.msgid, False)
    if not source.valid:
        return None
    pretty_msgid = "msgid_plural" if entry.msgid_plural is not None else "msgid"
    forms = entry.strings
    often = _often(header, len(forms)) if entry.msgid_plural is not None and len(forms) > 1 else None
    for index, form in enumerate(forms):
        pretty = f"msgstr[{index}]" if entry.msgid_plural is not None else "msgstr"
        parsed = parse(form, True)
        if not parsed.valid:
            return f"'{pretty}' is not a valid {pretty_language} format string, unlike '{pretty_msgid}'. Reason: {parsed.error}"
        strict = entry.msgid_plural is None or len(forms) == 1 or (often is not None and index < len(often) and often[index])
        if strict and entry.range is not None and header is not None and often is not None:
            strict = _histogram(header, entry.range, index) > 1
        problem = check(source, parsed, strict, pretty, pretty_msgid)
        if problem:
            return problem
    return None


def python_format_problem(entry: Entry, header: Entry | None = None) -> str | None:
    return format_string_problem(entry, "python", header)


def _expression(header: Entry | None):
    if header is None:
        return lambda n: int(n != 1)
    _, text = header_plurals(header.msgstr)
    try:
        return plural_exp.parse(text) if text is not None else (lambda n: int(n != 1))
    except plural_exp.PluralSyntaxError:
        return None


def _often(header: Entry | None, nplurals: int) -> list[bool] | None:
    """For each plural form, whether the formula takes it at least 5 times for n = 0..1000."""
    expression = _expression(header)
    if expression is None:
        return None
    counts = [0] * nplurals
    try:
        for n in range(1001):
            value = expression(n)
            if value < nplurals:
                counts[value] += 1
    except ZeroDivisionError:
        return None
    return [count >= 5 for count in counts]


def _histogram(header: Entry, bounds: tuple[int, int], value: int) -> int:
    expression = _expression(header)
    low, high = max(bounds[0], 0), bounds[1]
    high = min(high, low + 1000)
    return sum(1 for n in range(low, high + 1) if expression(n) == value) if expression else 0


# ---------------------------------------------------------------------------------------------


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
            previous: dict[str, str] = {}
            block = match.group(prefix + "previous")
            if block:
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
                previous = {k: _fast_value(f'"{v}"\n', validate) for k, v in previous.items()}
            ctxt = match.group(prefix + "ctxt")
            msgctxt = _fast_value(ctxt, validate) if ctxt is not None else None
            msgid = _fast_value(match.group(prefix + "id"), validate)
            plural = match.group(prefix + "plural")
            msgid_plural = _fast_value(plural, validate) if plural is not None else None
            id_line = line + text.count("\n", position, match.start(prefix + "id"))
            single = match.group(prefix + "str")
            if single is not None:
                if msgid_plural is not None:
                    raise _Fallback
                msgstr, forms = _fast_value(single, validate), ()
                str_line = line + text.count("\n", position, match.start(prefix + "str"))
            else:
                block = match.group(prefix + "forms")
                if msgid_plural is None:
                    raise _Fallback
                pieces = _FAST_FORM.split(block)  # ['', '0', '"..."\n', '1', ...]
                if [int(i) for i in pieces[1::2]] != list(range(len(pieces) // 2)):
                    raise _Fallback
                msgstr, forms = "", tuple(_fast_value(piece, validate) for piece in pieces[2::2])
                str_line = line + text.count("\n", position, match.start(prefix + "forms"))
                parser.plural_counter = len(forms)
            parser.add(
                (MSGID, "msgid", id_line, obsolete), (MSGSTR, "msgstr", str_line, obsolete), msgctxt, msgid,
                msgid_plural, msgstr, forms, previous.get("msgctxt"), previous.get("msgid"), previous.get("msgid_plural"),
            )
            if parser.errors:
                raise _Fallback
            if len(parser.entries) > entries_before:
                # the entry's own lines, without the blank line that separates it from the next
                parser.raw[id(parser.entries[-1])] = text[position : match.end(prefix + ("str" if single is not None else "forms"))]
            line += text.count("\n", position, match.end())
            position = match.end()
    except _Fallback:
        return None
    return parser


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
