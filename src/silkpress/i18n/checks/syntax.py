"""Header sanity (the .po syntax itself is checked in ``silkpress.catalogs``)."""

from __future__ import annotations

import re

from babel.messages.plurals import get_plural

from ..pofile import PoFile

_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?);?\s*$")


def _header_line(data: bytes, field: str) -> int | None:
    for number, line in enumerate(data.decode("utf-8", "replace").split("\n"), start=1):
        if line.startswith(f'"{field}:'):
            return number
    return None


def check_header(catalog: PoFile, data: bytes, locale: str) -> list[tuple[int | None, str]]:
    """Header problems: the Language and folder, the charset, and Plural-Forms against CLDR."""
    headers = catalog.header_fields
    problems: list[tuple[int | None, str]] = []
    language = headers.get("Language", "")
    if language.replace("-", "_") != locale:
        problems.append((_header_line(data, "Language") or 1, f"Language is {language!r}, but the catalog is in the {locale!r} folder"))
    content_type = headers.get("Content-Type", "")
    if "charset=utf-8" not in content_type.lower().replace(" ", ""):
        problems.append((_header_line(data, "Content-Type") or 1, f"Content-Type must declare charset=UTF-8, not {content_type!r}"))
    plural_forms = headers.get("Plural-Forms", "")
    line = _header_line(data, "Plural-Forms") or 1
    match = _PLURAL_FORMS.match(plural_forms)
    if not match:
        problems.append((line, f"Plural-Forms is missing or malformed: {plural_forms!r}"))
        return problems
    nplurals = int(match.group(1))
    # The formula itself is evaluated by the reader, as msgfmt -c does (n = 0..1000).
    try:
        expected = get_plural(locale).num_plurals
    except (ValueError, LookupError):
        expected = nplurals
    if expected != nplurals:
        problems.append((line, f"Plural-Forms has nplurals={nplurals}, CLDR says {expected} for {locale!r}"))
    return problems
