"""Fuzzy and untranslated messages (the source locale's empty msgstr means "use the source")."""

from __future__ import annotations

from typing import Iterator


def check_completeness(unit, info) -> Iterator[tuple[str, str, str]]:
    if info.is_source:
        return
    if unit.message.fuzzy:
        yield "warning", "fuzzy", "fuzzy translation: the English changed; review it and remove the fuzzy flag"
    elif not unit.translation:
        yield "warning", "untranslated", "untranslated"
