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
from .fonts import FontFace, coverage
from .i18n.extract import extract_messages
from .i18n.pofile import PoFile
from .localization import LocalizedBulletin, localize
from .model import BulletinSource
from .profiles import profile_for
from .project import Bulletin

# Characters that draw nothing: layout controls, not glyphs.
INVISIBLE = {0x09, 0x0A, 0x0D, 0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF}


@dataclass(frozen=True)
class EditionInputs:
    """What one edition is made of, as the glyph check needs it."""

    bulletin: Bulletin
    locale: str
    source: BulletinSource
    translations: Translations
    localized: LocalizedBulletin
    template: PoFile


def load_inputs(bulletin: Bulletin, locales: Iterable[str] | None = None) -> Iterator[EditionInputs]:
    project = bulletin.project
    source = bulletin.load()
    template = extract_messages(bulletin, source)
    for locale in locales or project.locales:
        path = bulletin.catalog_path(locale)
        translations = load_translations(path, locale, project.relative(path), locale != project.source_locale,
                                         project.locales_dir)
        localized = localize(source, translations, project.source_locale, dict(project.tags))
        yield EditionInputs(bulletin, locale, source, translations, localized, template)


@dataclass(frozen=True)
class ShownText:
    text: str
    context: str
    path: str
    line: int | None


def needs_glyph(char: str) -> bool:
    """Whether ``char`` draws anything (a layout control does not)."""
    return ord(char) not in INVISIBLE and unicodedata.category(char) not in ("Cc", "Cf")


def missing_glyphs(texts: Iterable[ShownText], locale: str, faces: tuple[FontFace, ...] = (), families: str = "") -> list[Diagnostic]:
    """Characters of ``texts`` the locale's fonts lack (or ``faces``, named ``families``, when a
    document loads other fonts: the proof loads every language's of its project)."""
    # Headings and labels use the bold faces: a character must be in both weights.
    profile = profile_for(locale)
    faces = faces or profile.faces
    covered = coverage(faces, 400) & coverage(faces, 700)
    families = families or ", ".join(profile.font_stack)
    diagnostics = []
    for shown in texts:
        for char in dict.fromkeys(shown.text):
            if needs_glyph(char) and ord(char) not in covered:
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
    project, translations = inputs.bulletin.project, inputs.translations
    po_path = project.relative(inputs.bulletin.catalog_path(inputs.locale))
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
    edition, bulletin = inputs.localized, inputs.source
    source = inputs.bulletin.shown
    yield ShownText(bulletin.publisher_name, "publisher", source, None)
    yield ShownText(edition.published.text + edition.list_separator, "published", source, None)
    for event, facts in zip(bulletin.events, edition.events):
        yield ShownText(facts.number_text, f"{event.id}/number", source, event.origin.line)
        for date in facts.dates:
            yield ShownText(date.text, f"{event.id}/dates", source, event.origin.line)
        for country in facts.countries:
            yield ShownText(country.name, f"{event.id}/countries", source, event.origin.line)


def check_glyphs(bulletin: Bulletin, locales: Iterable[str] | None = None) -> list[Diagnostic]:
    """Missing glyphs in the editions of ``locales`` (default: every configured locale)."""
    diagnostics: list[Diagnostic] = []
    for inputs in load_inputs(bulletin, locales):
        diagnostics.extend(missing_glyphs(shown_texts(inputs), inputs.locale))
    return diagnostics
