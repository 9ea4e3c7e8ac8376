"""Collect every translatable message: the bulletin's text units and the templates' interface strings."""

from __future__ import annotations

import io
import logging
import textwrap
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

import jinja2.ext
from babel.messages.extract import DEFAULT_KEYWORDS, extract

from ..errors import SourceError, TemplateError
from ..model import BulletinSource
from ..project import Bulletin
from ..source import parse_bulletin
from .formats import parse_python
from .pofile import Entry, PoFile

logger = logging.getLogger(__name__)

COMMENT_TAGS = ("Translators:",)
TEMPLATE_PATTERNS = ("*.html", "*.xml", "*.txt")
"""Template files that may hold interface strings, besides those the formats declare."""
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trimmed": "true"}


def bulletin_messages(bulletin: BulletinSource) -> Iterator[tuple[str, str, int, str, list[str]]]:
    """(context, text, line, path, notes) for each unit, in reading order."""
    for unit in bulletin.units():
        yield unit.id, unit.text, unit.origin.line, unit.origin.path, [unit.note] if unit.note else []


def extract_source(fileobj: Any, keywords: Any, comment_tags: Any, options: dict[str, Any]) -> Iterator[tuple]:
    """Babel extraction method for bulletin sources (entry point ``babel.extractors``: ``silkpress``).

    Yields Babel's 4-tuples; the msgctxt travels as a ``pgettext`` call.
    """
    text = fileobj.read()
    if isinstance(text, bytes):
        text = text.decode(options.get("encoding", "utf-8"))
    bulletin = parse_bulletin(text, getattr(fileobj, "name", "<source>"))
    for context, message, line, _path, notes in bulletin_messages(bulletin):
        yield line, "pgettext", (context, message), notes


def template_files(templates_dir: Path) -> list[Path]:
    """The templates extraction reads: every file the patterns match, and every template a
    registered format declares (a format may bring a file type of its own)."""
    from ..formats import FORMATS

    declared = {templates_dir / name for fmt in FORMATS.values() for name in fmt.templates if not name.endswith(".css")}
    found = {path for pattern in TEMPLATE_PATTERNS for path in templates_dir.rglob(pattern)}
    return sorted(found | {path for path in declared if path.is_file() or path.is_symlink()})


def extract_templates(templates_dir: Path, root: Path) -> Iterator[tuple[str | None, str | tuple[str, str], int, str, list[str]]]:
    """Interface strings from every template of one folder: (context, message, line, path, comments).

    Templates are read under the same policy as when they are rendered: one that points outside
    templates/ is refused.
    """
    from ..html import TemplateFolder, read_template_file

    folder = TemplateFolder(templates_dir, templates_dir.relative_to(root).as_posix())
    for path in template_files(templates_dir):
        shown = path.relative_to(root).as_posix()
        data = read_template_file((folder,), path.relative_to(templates_dir).as_posix())
        try:
            results = list(
                extract(jinja2.ext.babel_extract, io.BytesIO(data), DEFAULT_KEYWORDS, COMMENT_TAGS, JINJA_OPTIONS,
                        strip_comment_tags=True)
            )
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(error.message or "template syntax error", shown, error.lineno) from error
        except UnicodeDecodeError as error:
            raise TemplateError(f"not valid UTF-8 ({error.reason})", shown) from error
        for line, message, comments, context in results:
            yield context, message, line, shown, list(comments)


def wrap_notes(notes: list[str], width: int = 76) -> tuple[str, ...]:
    """Translator notes as '#.' lines of at most ``width`` characters, broken at spaces.

    GNU keeps each '#.' line as it is, so a long note would be one long line in every catalog.
    """
    lines: list[str] = []
    for note in notes:
        for paragraph in note.split("\n"):
            lines += textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False) or [""]
    return tuple(lines)


def template_header(project: str, version: str, created: str, year: int) -> Entry:
    """The POT's header entry; ``created`` is its POT-Creation-Date."""
    return Entry(
        msgid="",
        msgstr=(
            f"Project-Id-Version: {project} {version}\n"
            "Report-Msgid-Bugs-To: EMAIL@ADDRESS\n"
            f"POT-Creation-Date: {created}\n"
            "PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\n"
            "Last-Translator: FULL NAME <EMAIL@ADDRESS>\n"
            "Language-Team: LANGUAGE <LL@li.org>\n"
            "MIME-Version: 1.0\n"
            "Content-Type: text/plain; charset=UTF-8\n"
            "Content-Transfer-Encoding: 8bit\n"
        ),
        comments=(
            f"Translations template for {project}.",
            f"Copyright (C) {year} ORGANIZATION",
            *wrap_notes([f"This file is distributed under the same license as the {project} project."]),
            f"FIRST AUTHOR <EMAIL@ADDRESS>, {year}.",
            "",
        ),
    )


def extract_messages(bulletin: Bulletin, source: BulletinSource | None = None, created: str = "", year: int = 1970) -> PoFile:
    """The template (POT) for the project: source units first, then the interface strings that the
    project's own templates add (the theme's strings are in the theme's catalogs).

    Bulletin text is never a format string (a ``%`` in it is just a character);
    an interface string is ``python-format`` when it has a placeholder.
    """
    if source is None:
        source = bulletin.load()
    project = bulletin.project
    entries: dict[tuple[str | None, str], Entry] = {}
    for context, text, line, path, notes in bulletin_messages(source):
        if (context, text) in entries:
            raise SourceError(f"duplicate message id {context!r}", path, line)
        entries[(context, text)] = Entry(msgid=text, msgctxt=context, references=((path, line),), extracted=wrap_notes(notes))
    add_overrides(entries, source, project.source_locale, project.locales)
    interface: dict[tuple[str | None, str], Entry] = {}
    add_interface_strings(interface, project.templates_dir, project.root)
    # A template copied from the theme brings the theme's strings, which the theme's catalogs
    # translate: only strings of the project's own join its catalogs.
    from ..theme.messages import theme_keys

    known = theme_keys()
    for key, entry in interface.items():
        if key in entries:
            entries[key] = replace(entries[key], references=entries[key].references + entry.references)
        elif key not in known:
            entries[key] = entry
    header = template_header(source.id, source.published.isoformat(), created, year)
    return PoFile((header, *entries.values()))


def add_overrides(
    entries: dict[tuple[str | None, str], Entry], source: BulletinSource, source_locale: str, locales: tuple[str, ...],
) -> None:
    """The values an editor may override over CLDR (country/<code>, date/<kind>, list/<part>): the
    msgid is CLDR's value in the source language, the note shows CLDR's value in each locale."""
    from ..overrides import cldr_value, override_contexts, override_note

    for context, what in override_contexts(source):
        msgid = cldr_value(context, source_locale)
        entries[(context, msgid)] = Entry(msgid=msgid, msgctxt=context, extracted=wrap_notes(override_note(context, what, locales)))


def add_interface_strings(entries: dict[tuple[str | None, str], Entry], templates_dir: Path, root: Path) -> None:
    """Add the interface strings of the templates in ``templates_dir`` to ``entries`` (in place)."""
    for context, message, line, path, comments in extract_templates(templates_dir, root):
        msgid, plural = (message, None) if isinstance(message, str) else (message[0], message[1])
        existing = entries.get((context, msgid))
        if existing is not None:
            extracted = existing.extracted + tuple(c for c in wrap_notes(comments) if c not in existing.extracted)
            entries[(context, msgid)] = replace(existing, references=existing.references + ((path, line),), extracted=extracted)
            continue
        entry = Entry(
            msgid=msgid, msgctxt=context, msgid_plural=plural, msgstr_plural=("", "") if plural is not None else (),
            references=((path, line),), extracted=wrap_notes(comments),
        )
        entries[(context, msgid)] = entry.with_format("python", "yes") if _has_placeholders(message) else entry


def _has_placeholders(message: str | tuple[str, ...]) -> bool:
    """Whether a template string has a placeholder (``%(name)s``, ``%d``; ``%%`` is none)."""
    texts = (message,) if isinstance(message, str) else message
    return any((parsed := parse_python(text)).valid and (parsed.named or parsed.unnamed) for text in texts)
