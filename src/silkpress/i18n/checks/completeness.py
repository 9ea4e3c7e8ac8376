"""Fuzzy and untranslated messages.

The source locale's empty msgstr means "use the source", never "missing"; a fuzzy
editorial override there still needs review.
"""

from __future__ import annotations

from typing import Iterator


def check_completeness(unit, info) -> Iterator[tuple[str, str, str]]:
    if unit.message.fuzzy and (unit.translation or not info.is_source):
        yield "warning", "fuzzy", "fuzzy translation: the English changed; review it and remove the fuzzy flag"
    elif not unit.translation and not info.is_source:
        yield "warning", "untranslated", "untranslated"
