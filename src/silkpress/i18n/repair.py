"""Reading a catalog for ``update``: its syntax must be right, its translations need not be; and
repairs of what older tools did to the previous msgids ('#|')."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..errors import CatalogError
from ..inputs import read_input
from .plural import PluralFormsError, plural_forms
from .pofile import Entry, PoFile, parse_po

_LEGACY_PREVIOUS = re.compile(rb"^(#~?\| )(msgctxt|msgid|msgid_plural) ", re.MULTILINE)


def _open_string(line: bytes) -> bool:
    """Whether ``line`` ends inside a string literal (an odd number of unescaped quotes)."""
    return len(re.findall(rb'(?<!\\)(?:\\\\)*"', line)) % 2 == 1


def repair_legacy_previous(data: bytes) -> tuple[bytes, int]:
    """Undo silkpress 0.1's broken '#|' lines: Babel wrapped the previous msgid like a comment
    (``#| msgid "" "The … Belt and`` / ``#| Road " "Initiative"``). Joining each block's
    continuation lines into one '#|' line gives what GNU can read. Returns (data, blocks joined)."""
    lines = data.split(b"\n")
    out: list[bytes] = []
    joined = 0
    for line in lines:
        marker = line[:4] if line.startswith(b"#~| ") else line[:3]
        continuation = (
            out and marker in (b"#| ", b"#~| ") and not _LEGACY_PREVIOUS.match(line)
            and out[-1].startswith(marker) and _open_string(out[-1])
        )
        if continuation:
            out[-1] = out[-1] + b" " + line[len(marker):]
            joined += 1
        else:
            out.append(line)
    return b"\n".join(out), joined


_BABEL_PREVIOUS = re.compile(r"^\| (msgctxt|msgid) ")


def recover_babel_previous(entry: Entry) -> Entry:
    """Babel (2.19) reads '#|' lines as translator comments and writes them back wrapped as
    '# | msgid ...'; GNU then sees comments. Turn such a run of comments back into the previous msgid."""
    comments = list(entry.comments)
    start = next((i for i, c in enumerate(comments) if _BABEL_PREVIOUS.match(c)), None)
    if start is None:
        return entry
    stop = start + 1
    while stop < len(comments) and (comments[stop].startswith("| ") or comments[stop].startswith('"')):
        stop += 1
    pieces = [c[2:] if c.startswith("| ") else c for c in comments[start:stop]]
    parsed, errors = parse_po(("#| " + " ".join(pieces) + '\nmsgid "x"\nmsgstr ""\n').encode("utf-8", "surrogateescape"),
                              check=False)
    if errors or not parsed.entries:
        return entry
    previous = parsed.entries[0]
    return replace(
        entry, comments=tuple(comments[:start] + comments[stop:]),
        previous_msgctxt=previous.previous_msgctxt, previous_msgid=previous.previous_msgid,
        previous_msgid_plural=previous.previous_msgid_plural,
    )


def read_catalog_for_update(path: Path, shown: str, data: bytes | None = None) -> tuple[PoFile | None, int]:
    """A catalog as ``msgmerge`` reads it: its syntax must be right, its translations need not be.
    Its Plural-Forms must be usable, though: the merge gives every plural message that many forms."""
    if data is None:
        if not path.exists() and not path.is_symlink():
            return None, 0
        data = read_input(path, "catalog", shown)
    pofile, repaired = _read(data, shown)
    header = pofile.header
    try:
        plural_forms(header.msgstr if header is not None else "")
    except PluralFormsError as error:
        raise CatalogError(f"Plural-Forms: {error}", shown, header.msgstr_line if header is not None else 1) from error
    return pofile, repaired


def _read(data: bytes, shown: str) -> tuple[PoFile, int]:
    pofile, errors = parse_po(data, shown, check=False)
    if not errors:
        recovered = tuple(recover_babel_previous(e) for e in pofile.entries)
        repaired = sum(a is not b for a, b in zip(recovered, pofile.entries))
        return (PoFile(recovered, pofile.warnings, pofile.raw) if repaired else pofile), repaired
    repaired_data, joined = repair_legacy_previous(data)
    if joined:
        fixed, again = parse_po(repaired_data, shown, check=False)
        if not again:
            return PoFile(tuple(recover_babel_previous(e) for e in fixed.entries), fixed.warnings), joined
    first = errors[0]
    raise CatalogError(first.message, shown, first.line)
