"""Header sanity (the .po syntax itself is checked in ``silkpress.catalogs``)."""

from __future__ import annotations

from babel.messages.plurals import get_plural

from ..pofile import PoFile, header_plurals


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
    value = headers.get("Plural-Forms", "")
    line = _header_line(data, "Plural-Forms") or 1
    nplurals, text = header_plurals(value)  # a formula that does not work is msgfmt -c's finding
    if text is None or "nplurals" not in value.split(";")[0]:
        problems.append((line, f"Plural-Forms is missing or malformed: {value!r}"))
        return problems
    try:
        expected = get_plural(locale).num_plurals
    except (ValueError, LookupError):
        expected = nplurals
    if expected != nplurals:
        problems.append((line, f"Plural-Forms has nplurals={nplurals}, CLDR says {expected} for {locale!r}"))
    return problems
