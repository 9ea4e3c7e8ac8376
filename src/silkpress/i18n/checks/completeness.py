"""Fuzzy, untranslated and missing messages.

The source locale's empty msgstr means "use the source", never "missing"; a fuzzy
editorial override there still needs review. Completeness is measured against the current
source and templates: a unit whose current text the catalog lacks is untranslated.
"""

from __future__ import annotations

from typing import Iterator, Mapping

from ...overrides import is_override
from ..pofile import Entry, PoFile


def check_completeness(unit, info) -> Iterator[tuple[str, str, str]]:
    if unit.message.fuzzy and (unit.translation or not info.is_source):
        yield "warning", "fuzzy", "fuzzy translation: the English changed; review it and remove the fuzzy flag"
    elif not unit.translation and not info.is_source and not is_override(unit.context):  # empty: CLDR's value
        yield "warning", "untranslated", "untranslated"


def missing_messages(catalog: PoFile, current: Mapping[tuple[str | None, str], Entry]) -> Iterator[tuple[int, str, str]]:
    """(line, message, msgctxt or msgid) for each current message the catalog has no entry for.

    The line is that of the catalog's entry for the unit's old text (same msgctxt) when there
    is one, else the header's."""
    found = catalog.index()
    by_context = {entry.msgctxt: entry.line for entry in reversed(list(catalog.messages)) if entry.msgctxt is not None}
    header_line = catalog.header.line if catalog.header is not None and catalog.header.line else 1
    for key, message in current.items():
        if key in found or is_override(key[0]):
            continue
        where = ", ".join(f"{path}:{line}" if line else path for path, line in message.references[:1])
        changed = "its text changed" if message.msgctxt in by_context else "it is new"
        yield (
            by_context.get(message.msgctxt, header_line),
            (f"untranslated: the catalog has no entry for the current text ({where}; {changed}); "
             "run silkpress update, then translate it"),
            message.msgctxt or message.msgid,
        )
