"""Header sanity (the .po syntax itself is checked in ``silkpress.catalogs``)."""

from __future__ import annotations

import gettext
import re

from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural

_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?);?\s*$")


def _header_line(data: bytes, field: str) -> int | None:
    for number, line in enumerate(data.decode("utf-8").splitlines(), start=1):
        if line.startswith(f'"{field}:'):
            return number
    return None


def check_header(catalog: Catalog, data: bytes, locale: str) -> list[tuple[int | None, str]]:
    headers = dict(catalog.mime_headers)
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
    nplurals, expression = int(match.group(1)), match.group(2)
    try:
        plural = gettext.c2py(expression)
        bad = [n for n in range(1001) if not 0 <= int(plural(n)) < nplurals]
    except (ValueError, SyntaxError, ZeroDivisionError, RecursionError) as error:
        problems.append((line, f"Plural-Forms expression does not evaluate: {error}"))
        return problems
    if bad:
        problems.append((line, f"Plural-Forms gives an index outside 0..{nplurals - 1} for n = {bad[0]}"))
    try:
        expected = get_plural(locale).num_plurals
    except (ValueError, LookupError):
        expected = nplurals
    if expected != nplurals:
        problems.append((line, f"Plural-Forms has nplurals={nplurals}, CLDR says {expected} for {locale!r}"))
    return problems
