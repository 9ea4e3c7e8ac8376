"""Binary .mo catalogs with the messages GNU ``msgfmt`` puts in them.

msgfmt keeps each live message whose (first) translation is not empty and
that is not fuzzy (a fuzzy header is kept), sorts them by msgid bytes, and
encodes a context as ``msgctxt\\x04msgid`` and plural forms NUL-separated.
Like msgfmt, it drops the header's POT-Creation-Date, so that a .mo does not
change when only the template's date does.
The hash table is left out (size 0): libintl and Python then search the
sorted table instead.
"""

from __future__ import annotations

import struct

from .pofile import PoFile

MAGIC = 0x950412DE


def mo_messages(pofile: PoFile) -> dict[bytes, bytes]:
    out: dict[bytes, bytes] = {}
    for entry in pofile.entries:
        if entry.obsolete or not entry.translated or (entry.fuzzy and not entry.is_header):
            continue
        strings = entry.strings
        if entry.is_header:
            strings = (_without_field(entry.msgstr, "POT-Creation-Date:"),)
        key = entry.msgid if entry.msgid_plural is None else f"{entry.msgid}\0{entry.msgid_plural}"
        if entry.msgctxt is not None:
            key = f"{entry.msgctxt}\x04{key}"
        out[key.encode("utf-8", "surrogateescape")] = "\0".join(strings).encode("utf-8", "surrogateescape")
    return out


def _without_field(header: str, field: str) -> str:
    """msgl-header.c's message_list_delete_header_field: the first line starting with ``field`` goes."""
    start = 0
    while True:
        if header.startswith(field, start):
            end = header.find("\n", start)
            return header[:start] + ("" if end < 0 else header[end + 1 :])
        start = header.find("\n", start)
        if start < 0:
            return header
        start += 1


def render_mo(pofile: PoFile) -> bytes:
    messages = sorted(mo_messages(pofile).items())
    count = len(messages)
    originals_at = 7 * 4
    translations_at = originals_at + count * 8
    data_at = translations_at + count * 8
    table_originals, table_translations, blob = [], [], bytearray()
    for key, _ in messages:
        table_originals.append((len(key), data_at + len(blob)))
        blob += key + b"\0"
    for _, value in messages:
        table_translations.append((len(value), data_at + len(blob)))
        blob += value + b"\0"
    header = struct.pack("<7I", MAGIC, 0, count, originals_at, translations_at, 0, data_at)
    tables = b"".join(struct.pack("<2I", *pair) for pair in table_originals + table_translations)
    return header + tables + bytes(blob)
