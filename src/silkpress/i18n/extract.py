"""Collect every translatable message: the bulletin's text units and the templates' interface strings."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Iterator

import jinja2.ext
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract

from ..errors import SourceError, TemplateError
from ..model import Bulletin
from ..project import Config
from ..source import load_bulletin, parse_bulletin

logger = logging.getLogger(__name__)

COMMENT_TAGS = ("Translators:",)
TEMPLATE_PATTERNS = ("*.html", "*.xml", "*.txt")
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trimmed": "true"}


def bulletin_messages(bulletin: Bulletin) -> Iterator[tuple[str, str, int, str, list[str]]]:
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


def extract_templates(templates_dir: Path, root: Path) -> Iterator[tuple[str | None, str | tuple[str, str], int, str, list[str]]]:
    """Interface strings from every template: (context, message, line, path, comments)."""
    files = sorted({path for pattern in TEMPLATE_PATTERNS for path in templates_dir.rglob(pattern)})
    for path in files:
        shown = path.relative_to(root).as_posix()
        try:
            with path.open("rb") as fileobj:
                results = list(
                    extract(jinja2.ext.babel_extract, fileobj, DEFAULT_KEYWORDS, COMMENT_TAGS, JINJA_OPTIONS, strip_comment_tags=True)
                )
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(error.message or "template syntax error", shown, error.lineno) from error
        for line, message, comments, context in results:
            yield context, message, line, shown, list(comments)


def extract_messages(config: Config, bulletin: Bulletin | None = None) -> Catalog:
    """The template catalog (POT) for the project: source units first, then interface strings."""
    if bulletin is None:
        bulletin = load_bulletin(config.source, config.relative(config.source))
    catalog = Catalog(project=bulletin.id, version=bulletin.published.isoformat(), charset="UTF-8", fuzzy=False)
    for context, text, line, path, notes in bulletin_messages(bulletin):
        existing = catalog.get(text, context)
        if existing is not None:
            raise SourceError(f"duplicate message id {context!r}", path, line)
        catalog.add(text, context=context, locations=[(path, line)], auto_comments=notes)
    for context, message, line, path, comments in extract_templates(config.templates_dir, config.root):
        flags = ("python-format",) if _has_placeholders(message) else ()
        existing = catalog.get(message, context)
        if existing is not None:
            existing.locations.append((path, line))
            for comment in comments:
                if comment not in existing.auto_comments:
                    existing.auto_comments.append(comment)
            continue
        catalog.add(message, context=context, locations=[(path, line)], auto_comments=comments, flags=flags)
    return catalog


def _has_placeholders(message: str | tuple[str, ...]) -> bool:
    texts = (message,) if isinstance(message, str) else message
    return any("%(" in text or "%s" in text for text in texts)
