"""Script-variant editions (uz_Cyrl from uz, kk_Latn from kk): the parent's text, dates and names
written in the variant's script through the profile's transliteration scheme.

What is not words stays as it is: markup, placeholders, entities, URLs, and the names a
translation keeps exactly as the source writes them where they cannot be the language's own
words (a digit, a domain, two capitals in a row: ``CentralasianLIGHT.org``, ``C5+1``, ``ALT``).
"""

from __future__ import annotations

import re
from typing import Iterable

from .profiles import profile_for

# Markup, placeholders, entities and URLs: never transliterated.
_PROTECTED = re.compile(r"<[^<>]*>|%\(\w+\)[sdifr]|%[sdifr%]|&#?\w+;|\b(?:https?://|mailto:|www\.)\S+|\{\d\}")
_TOKEN = re.compile(r"[\w.+\u02bb\u02bc'-]+")
# A source token that is a name, code or brand rather than a word of the language: a digit, a
# domain (".org"), two capitals in a row ("LIGHT", "ALT"). Initials ("L.N.") are transliterated.
_NAME_LIKE = re.compile(r"\d|\.[^\W\d_]{2,}|[A-Z]{2}")


def _transliterate(text: str, scheme: str, keep: Iterable[str] = ()) -> str:
    from .transliteration import transliterate

    return transliterate(text, scheme, keep=tuple(keep))


def kept_names(text: str, source: str) -> list[str]:
    """The tokens of ``text`` that stay as written: markup and the like, and name-like tokens
    that the source writes the same way."""
    protected = [match.group(0) for match in _PROTECTED.finditer(text)]
    source_tokens = set(_TOKEN.findall(_PROTECTED.sub(" ", source)))
    names = [token for token in _TOKEN.findall(_PROTECTED.sub(" ", text))
             if token in source_tokens and _NAME_LIKE.search(token)]
    # the longest first, so that a kept string is never cut by a shorter one inside it
    return sorted(dict.fromkeys(protected + names), key=len, reverse=True)


def variant_text(text: str, scheme: str, source: str = "") -> str:
    """A translation written in the other script; ``source`` is its msgid (names kept from it)."""
    return _transliterate(text, scheme, kept_names(text, source)) if text else text


def variant_pattern(pattern: str, scheme: str) -> str:
    """An LDML date pattern with its literal text transliterated; the fields stay. Literal text that
    comes out with ASCII letters is quoted, so that no letter becomes a field."""
    from babel.dates import tokenize_pattern

    out = []
    for kind, value in tokenize_pattern(pattern):
        if kind == "field":
            out.append(value[0] * value[1])
            continue
        text = _transliterate(value, scheme) if value.strip() else value
        out.append(re.sub(r"\S*[A-Za-z']\S*", lambda m: "'" + m.group(0).replace("'", "''") + "'", text))
    return "".join(out)


def variant_list_pattern(pattern: str, scheme: str) -> str:
    """A CLDR list pattern ("{0} және {1}") with its words transliterated."""
    return _transliterate(pattern, scheme, ("{0}", "{1}"))


def variant_override(context: str, value: str, scheme: str) -> str:
    """An override of CLDR (country/*, date/*, list/*) in the other script."""
    kind = context.partition("/")[0]
    if kind == "date":
        return variant_pattern(value, scheme)
    if kind == "list":
        return variant_list_pattern(value, scheme)
    return _transliterate(value, scheme) if value else value


def cldr_text(locale: str, text: str) -> str:
    """CLDR text formatted for ``locale``: its parent's, transliterated, where CLDR lacks the locale."""
    profile = profile_for(locale)
    if profile.cldr is None or profile.transliteration is None or not text:
        return text
    return _transliterate(text, profile.transliteration, [m.group(0) for m in _PROTECTED.finditer(text)])


def cldr_override(locale: str, context: str, value: str) -> str:
    """CLDR's value of an override (country/*, date/*, list/*) for ``locale``: its parent's,
    transliterated, where CLDR lacks the locale."""
    profile = profile_for(locale)
    if profile.cldr is None or profile.transliteration is None:
        return value
    return variant_override(context, value, profile.transliteration)
