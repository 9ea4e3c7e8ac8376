"""The no-missing-glyph guarantee: every character an edition shows is in its bundled fonts.

Checked before rendering, so a PDF is never written with a character that
would otherwise fall back to whatever font the machine happens to have.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Iterable, Iterator

from .catalogs import Translations, load_translations
from .diagnostics import Diagnostic
from .fonts import coverage, font_stack
from .i18n.extract import extract_messages
from .i18n.pofile import PoFile
from .localization import LocalizedBulletin, localize
from .model import Bulletin
from .project import Config
from .source import load_bulletin

# Characters that draw nothing: layout controls, not glyphs.
INVISIBLE = {0x09, 0x0A, 0x0D, 0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF}


@dataclass(frozen=True)
class EditionInputs:
    """What one edition is made of, as the glyph check needs it."""

    config: Config
    locale: str
    bulletin: Bulletin
    translations: Translations
    localized: LocalizedBulletin
    template: PoFile


def load_inputs(config: Config, locales: Iterable[str] | None = None) -> Iterator[EditionInputs]:
    bulletin = load_bulletin(config.source, config.relative(config.source))
    template = extract_messages(config, bulletin)
    for locale in locales or config.locales:
        path = config.catalog_path(locale)
        translations = load_translations(path, locale, config.relative(path), required=locale != config.source_locale)
        localized = localize(bulletin, translations, config.source_locale, dict(config.tags))
        yield EditionInputs(config, locale, bulletin, translations, localized, template)


@dataclass(frozen=True)
class ShownText:
    text: str
    context: str
    path: str
    line: int | None


def _needs_glyph(char: str) -> bool:
    return ord(char) not in INVISIBLE and unicodedata.category(char) not in ("Cc", "Cf")


def missing_glyphs(texts: Iterable[ShownText], locale: str) -> list[Diagnostic]:
    # Headings and labels use the bold faces: a character must be in both weights.
    covered = coverage(locale, 400) & coverage(locale, 700)
    families = ", ".join(font_stack(locale))
    diagnostics = []
    for shown in texts:
        for char in dict.fromkeys(shown.text):
            if _needs_glyph(char) and ord(char) not in covered:
                name = unicodedata.name(char, "unnamed")
                diagnostics.append(
                    Diagnostic(
                        shown.path, shown.line, "error", "glyphs",
                        f"{char!r} U+{ord(char):04X} {name} is not in the {locale} edition's fonts ({families})",
                        shown.context,
                    )
                )
    return diagnostics


def shown_texts(inputs: EditionInputs) -> Iterator[ShownText]:
    """Everything an edition shows: each message as the reader sees it, and CLDR's facts."""
    config, translations = inputs.config, inputs.translations
    po_path = config.relative(config.catalog_path(inputs.locale))
    for entry in inputs.template.messages:
        ids = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
        key = entry.key
        about = entry.msgctxt or entry.msgid
        used = translations.plurals.get(key) if len(ids) > 1 else translations.messages.get(key)
        if used:
            for text in [used] if isinstance(used, str) else used:
                yield ShownText(text, about, po_path, translations.lines.get(key))
        else:  # the source text stands in
            path, line = entry.references[0] if entry.references else (po_path, None)
            for text in ids:
                yield ShownText(text, about, path, line)
    edition, bulletin = inputs.localized, inputs.bulletin
    source = config.relative(config.source)
    yield ShownText(bulletin.publisher_name, "publisher", source, None)
    yield ShownText(edition.published.text + edition.list_separator, "published", source, None)
    for event, facts in zip(bulletin.events, edition.events):
        yield ShownText(facts.number_text, f"{event.id}/number", source, event.origin.line)
        for date in facts.dates:
            yield ShownText(date.text, f"{event.id}/dates", source, event.origin.line)
        for country in facts.countries:
            yield ShownText(country.name, f"{event.id}/countries", source, event.origin.line)


def check_glyphs(config: Config, locales: Iterable[str] | None = None) -> list[Diagnostic]:
    """Missing glyphs in the editions of ``locales`` (default: every configured locale)."""
    diagnostics: list[Diagnostic] = []
    for inputs in load_inputs(config, locales):
        diagnostics.extend(missing_glyphs(shown_texts(inputs), inputs.locale))
    return diagnostics
