"""Write the template (POT) and merge it into each locale's catalog.

Two rules keep translators' diffs quiet: a file is rewritten only when its
content changes, and the POT-Creation-Date moves only when the messages do.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from babel.messages.catalog import Catalog, Message, _parse_datetime_header
from babel.messages.pofile import write_po

from ..atomic import write_if_changed
from ..catalogs import parse_catalog
from ..errors import CatalogError
from ..project import Config, check_locale

logger = logging.getLogger(__name__)

_CREATION_DATE = re.compile(rb'^"POT-Creation-Date: [^"\\]*\\n"\n', re.MULTILINE)
_COPYRIGHT_YEAR = re.compile(rb"^# Copyright \(C\) \d{4}", re.MULTILINE)


def build_time() -> dt.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, so builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return dt.datetime.now(tz=dt.timezone.utc).replace(microsecond=0)


def render_po(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76, include_previous=True, ignore_obsolete=False)
    return buffer.getvalue()


def _without_date(data: bytes) -> bytes:
    return _COPYRIGHT_YEAR.sub(b"# Copyright (C)", _CREATION_DATE.sub(b"", data))


def _read(path: Path, locale: str | None, shown: str) -> Catalog | None:
    try:
        with path.open("rb") as fileobj:
            return parse_catalog(fileobj, locale, path, shown)  # type: ignore[arg-type]
    except FileNotFoundError:
        return None


def _stable(config: Config, template: Catalog) -> tuple[Catalog, bytes]:
    """The template and its bytes, keeping the existing POT's creation date (and bytes) when
    only the date would change. Renders once: rendering a large catalog is the costly part."""
    template.creation_date = build_time()
    data = render_po(template)
    try:
        old = config.template_path.read_bytes()
    except FileNotFoundError:
        return template, data
    if _without_date(data) == _without_date(old):
        match = _CREATION_DATE.search(old)
        if match:
            value = match.group(0).decode("utf-8").split(": ", 1)[1].rstrip('\\n"\n')
            template.creation_date = _parse_datetime_header(value)
        return template, old
    return template, data


def stabilize_template(config: Config, template: Catalog) -> Catalog:
    """Give ``template`` the existing POT's creation date when its messages are unchanged."""
    return _stable(config, template)[0]


def write_template(config: Config, template: Catalog, write: bool = True) -> bool:
    """Write ``locales/<domain>.pot``; keep the file as is when only its date would change.

    Returns whether the file changed (or, with ``write=False``, would change).
    """
    _, data = _stable(config, template)
    if write:
        return write_if_changed(config.template_path, data)
    path = config.template_path
    return not path.exists() or path.read_bytes() != data


@dataclass(frozen=True)
class CatalogUpdate:
    locale: str
    path: Path
    written: bool
    fuzzy: int
    obsolete: int


def _clone(message: Message, **changes: object) -> Message:
    fields = dict(
        id=message.id,
        string=message.string,
        locations=list(message.locations),
        flags=set(message.flags),
        auto_comments=list(message.auto_comments),
        user_comments=list(message.user_comments),
        previous_id=message.previous_id,
        lineno=message.lineno,
        context=message.context,
    )
    fields.update(changes)
    return Message(**fields)  # type: ignore[arg-type]


def _key(message: Message) -> tuple[str, str | None]:
    return (message.id if isinstance(message.id, str) else message.id[0], message.context)


def _closest(text: str, candidates: list[Message]) -> Message | None:
    best, best_ratio = None, 0.8  # difflib's usual cutoff for "close"
    for candidate in candidates:
        ratio = difflib.SequenceMatcher(None, text, _key(candidate)[0]).ratio()
        if ratio >= best_ratio:
            best, best_ratio = candidate, ratio
    return best


def _translated(message: Message) -> bool:
    return bool(message.string if isinstance(message.string, str) else any(message.string or ()))


def merge_catalog(old: Catalog | None, template: Catalog, locale: str, domain: str) -> tuple[Catalog, int]:
    """Merge ``template`` into ``old`` for ``locale``; returns the new catalog and how many messages became fuzzy.

    Translations are never dropped: a unit whose English changed keeps its
    translation as fuzzy with the previous msgid (``#|``), matched by msgctxt,
    so only the same unit is ever a candidate; units that disappeared become
    obsolete (``#~``) and come back if their text does.
    """
    check_locale(locale)
    new = Catalog(
        locale=locale,
        domain=domain,
        project=template.project,
        version=template.version,
        charset="UTF-8",
        fuzzy=False,
        creation_date=template.creation_date,
        revision_date=old.revision_date if old else template.creation_date,
        last_translator=old.last_translator if old else "FULL NAME <EMAIL@ADDRESS>",
        language_team=old.language_team if old else f"{locale} <LL@li.org>",
        msgid_bugs_address=template.msgid_bugs_address,
    )
    if old is not None and old.header_comment:
        new.header_comment = old.header_comment
    old_messages: dict[tuple[str, str | None], Message] = {}
    by_context: dict[str, Message] = {}
    if old is not None:
        # Obsolete first, so a live message wins when both share a key or a context.
        for message in list(old.obsolete.values()) + [m for m in old if m.id]:
            old_messages[_key(message)] = message
            if message.context and message.string:
                by_context[message.context] = message
    by_text: dict[str, Message] = {}
    for message in old_messages.values():
        if _translated(message):
            by_text.setdefault(_key(message)[0], message)

    # Pass 1: the same text, in the same unit or (after units were renumbered) in another.
    matches: dict[tuple[str, str | None], tuple[Message, bool]] = {}
    used: set[tuple[str, str | None]] = set()
    for message in template:
        if not message.id:
            continue
        key = _key(message)
        match = old_messages.get(key)
        if match is None and key[0] in by_text and _key(by_text[key[0]]) not in used:
            match = by_text[key[0]]
        if match is not None and _key(match) not in used:
            used.add(_key(match))
            matches[key] = (match, "fuzzy" in match.flags)
    # Pass 2: a unit whose text changed keeps its old translation as fuzzy, with #| msgid.
    # Only the same msgctxt is a candidate, never a message from another part of the bulletin;
    # a message without msgctxt (an interface string) may match a close old one without msgctxt.
    contextless = [m for m in old_messages.values() if not m.context and _translated(m)]
    for message in template:
        key = _key(message)
        if not message.id or key in matches:
            continue
        if message.context:
            candidate = by_context.get(message.context)
            if candidate is None or _key(candidate) in used:
                continue  # its translation went with its text to another unit
            used.add(_key(candidate))
        else:
            # an interface string may borrow a close one's translation as a fuzzy suggestion
            candidate = _closest(key[0], contextless)
        if candidate is not None and isinstance(candidate.id, str) == isinstance(message.id, str):
            matches[key] = (candidate, True)

    fuzzy = 0
    for message in template:
        if not message.id:
            continue
        key = _key(message)
        flags = {flag for flag in message.flags if flag != "fuzzy"}
        base = dict(locations=list(message.locations), auto_comments=list(message.auto_comments))
        if key not in matches:
            empty = "" if isinstance(message.id, str) else ("",) * new.num_plurals
            new[message.id] = _clone(message, string=empty, flags=flags, previous_id=None, **base)
            continue
        match, is_fuzzy = matches[key]
        changed = _key(match)[0] != key[0]
        previous = ([match.id] if isinstance(match.id, str) else list(match.id)) if changed else match.previous_id
        new[message.id] = _clone(
            message,
            string=match.string,
            flags=flags | ({"fuzzy"} if is_fuzzy else set()),
            user_comments=list(match.user_comments),
            previous_id=previous if is_fuzzy else None,
            **base,
        )
        fuzzy += is_fuzzy
    for key, message in old_messages.items():
        if key not in used and _translated(message):
            new.obsolete[(key[0], key[1]) if key[1] else key[0]] = _clone(message, locations=[], previous_id=None)
    return new, fuzzy


def init_catalog(config: Config, template: Catalog, locale: str) -> Path:
    """Create the catalog for a new locale; refuse to overwrite an existing one."""
    check_locale(locale)
    path = config.catalog_path(locale)
    if path.exists():
        raise CatalogError(f"catalog for {locale!r} already exists (use 'silkpress update')", config.relative(path))
    catalog, _ = merge_catalog(None, template, locale, config.domain)
    catalog.revision_date = template.creation_date
    write_if_changed(path, render_po(catalog))
    return path


def update_catalogs(
    config: Config, template: Catalog, create: bool = False, write: bool = True, locales: Iterable[str] | None = None
) -> list[CatalogUpdate]:
    """Merge the template into each locale's catalog (creating missing ones if ``create``).

    With ``write=False`` nothing is written and ``written`` says whether a file would change.
    """
    results = []
    for locale in locales or config.locales:
        path = config.catalog_path(locale)
        old = _read(path, locale, config.relative(path))
        if old is None and not create and locale == config.source_locale:
            continue  # the source locale's catalog only holds overrides: it may not exist
        if old is None and not create:
            raise CatalogError(f"catalog not found for locale {locale!r} (create it with 'silkpress init {locale}')", config.relative(path))
        new, fuzzy = merge_catalog(old, template, locale, config.domain)
        data = render_po(new)
        written = write_if_changed(path, data) if write else (not path.exists() or path.read_bytes() != data)
        results.append(CatalogUpdate(locale, path, written, fuzzy, len(new.obsolete)))
    return results
