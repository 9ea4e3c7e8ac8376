"""Source positions in ``#:`` comments, read as GNU's po_parse_comment_filepos reads them
(and the Solaris ``# File: …, line: …`` form)."""

from __future__ import annotations

import re
from typing import Iterator

from .pomodel import Reference

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
