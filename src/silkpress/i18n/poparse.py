"""The PO grammar, as GNU's po-gram-gen.y parses a catalog, with the callbacks of
read-catalog.c that turn what it reads into :class:`~.pomodel.Entry` objects."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from .formats import FORMAT_ORDER
from .polex import (
    _NAMES,
    COMMENT,
    DOMAIN,
    EOF,
    JUNK,
    LBRACKET,
    MSGCTXT,
    MSGID,
    MSGID_PLURAL,
    MSGSTR,
    NAME,
    NUMBER,
    PREV_MSGCTXT,
    PREV_MSGID,
    PREV_MSGID_PLURAL,
    PREV_STRING,
    RBRACKET,
    STRING,
    _Lexer,
)
from .pomodel import DEFAULT_DOMAIN, Entry, Problem, Reference
from .porefs import _parse_references, _parse_solaris_reference

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


@dataclass(slots=True)
class _Message:
    """A message's strings as read, before the pending comments and flags join them in an Entry."""

    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: str = ""
    forms: tuple[str, ...] = ()
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None


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
        previous: tuple[str | None, str | None, str | None] = (None, None, None)
        prev_token = None
        if self.token[0] in (PREV_MSGID, PREV_MSGCTXT):
            previous, prev_token = self.previous()
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
        message = _Message(msgid, msgctxt, None, "", (), *previous)
        ids = (None, None, line, obsolete)
        kind = self.token[0]
        if kind == MSGSTR:
            self.singular(head, ids, message)
        elif kind == MSGID_PLURAL:
            self.plural(head, ids, message)
        else:
            self.inconsistent(head, ids)
            self.errors.append(Problem(head[2], "missing 'msgstr' section"))
            self.pending = _Pending()

    def previous(self) -> tuple[tuple[str | None, str | None, str | None], tuple]:
        """The '#|' strings before a message: (msgctxt, msgid, msgid_plural), and the token they open with."""
        prev_ctxt = prev_id_plural = None
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
        if self.token[0] not in (MSGID, MSGCTXT):
            raise _SyntaxError
        return (prev_ctxt, prev_id, prev_id_plural), intro

    def singular(self, head: tuple, ids: tuple, message: _Message) -> None:
        """After the msgid, at 'msgstr': a singular message, or plural forms without a msgid_plural."""
        keyword = self.shift()
        if self.token[0] == STRING:
            message.msgstr, line, obsolete = self.strings(STRING)
            self.inconsistent(head, ids)
            self.inconsistent(head, keyword)
            self.inconsistent(head, (None, None, line, obsolete))
            self.add(head, keyword, message)
            return
        if self.token[0] != LBRACKET:
            raise _SyntaxError
        forms, first = self.plural_forms(keyword)
        self.inconsistent(head, ids)
        self.inconsistent(head, first)
        self.errors.append(Problem(head[2], "missing 'msgid_plural' section"))
        self.pending = _Pending()

    def plural(self, head: tuple, ids: tuple, message: _Message) -> None:
        """After the msgid, at 'msgid_plural': the plural and its msgstr[N] forms."""
        plural_token = self.shift()
        message.msgid_plural, line, obsolete = self.strings(STRING)
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
        message.forms = tuple(forms)
        self.add(head, first, message)

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

    def add(self, head: tuple, msgstr_token: tuple, message: _Message) -> None:
        obsolete = bool(head[3])
        msgctxt, msgid = message.msgctxt, message.msgid
        if msgctxt is None and msgid == "" and not obsolete:
            self.charset(message.msgstr)
        pending = self.pending
        self.pending = _Pending()
        formats = pending.formats
        entry = Entry(
            msgid, message.msgstr, msgctxt, message.msgid_plural, message.forms, tuple(pending.comments),
            tuple(pending.extracted),
            tuple(dict.fromkeys(pending.references)),  # GNU keeps a position once
            pending.fuzzy,
            tuple(sorted(formats.items(), key=lambda kv: FORMAT_ORDER[kv[0]])) if len(formats) > 1 else tuple(formats.items()),
            pending.range, pending.wrap, message.previous_msgctxt, message.previous_msgid, message.previous_msgid_plural,
            obsolete, self.domain, head[2], msgstr_token[2],
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
