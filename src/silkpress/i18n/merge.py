"""Merge a template into a locale's catalog as ``msgmerge`` would, losing no translation."""

from __future__ import annotations

import difflib
import re
from dataclasses import replace

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from ..project import check_locale
from .extract import wrap_notes
from .pofile import Entry, PoFile
from .template import build_time, format_date, with_header_field


def _closest(text: str, candidates: list[Entry]) -> Entry | None:
    best, best_ratio = None, 0.8  # difflib's usual cutoff for "close"
    for candidate in candidates:
        ratio = difflib.SequenceMatcher(None, text, candidate.msgid).ratio()
        if ratio >= best_ratio:
            best, best_ratio = candidate, ratio
    return best


def _forms(match: Entry, template: Entry, nplurals: int) -> dict[str, object]:
    """The translation of ``match`` in the shape of ``template`` (plural or not), losing no form."""
    if template.msgid_plural is None:
        return {"msgstr": match.strings[0] if match.strings else "", "msgstr_plural": ()}
    forms = match.strings
    if len(forms) < nplurals:
        forms = forms + ("",) * (nplurals - len(forms))
    return {"msgstr": "", "msgstr_plural": forms}


def _init_header(template: PoFile, locale: str) -> Entry:
    source = template.entries[0]
    fields = source.msgstr
    created = re.search(r"^POT-Creation-Date: ([^\n]*)", fields, re.MULTILINE)
    created_text = created.group(1) if created else format_date(build_time())
    try:
        plural = get_plural(locale)
        plural_forms = f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"
    except (ValueError, LookupError):
        plural_forms = "nplurals=2; plural=(n != 1);"
    project = re.search(r"^Project-Id-Version: ([^\n]*)", fields, re.MULTILINE)
    project_name = project.group(1).split(" ")[0] if project else "PACKAGE"
    lines = [
        f"Project-Id-Version: {project.group(1) if project else 'PACKAGE VERSION'}",
        "Report-Msgid-Bugs-To: EMAIL@ADDRESS",
        f"POT-Creation-Date: {created_text}",
        f"PO-Revision-Date: {created_text}",
        "Last-Translator: FULL NAME <EMAIL@ADDRESS>",
        f"Language: {locale}",
        f"Language-Team: {locale} <LL@li.org>",
        f"Plural-Forms: {plural_forms}",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
    ]
    try:
        language = Locale.parse(locale).english_name or locale
    except (ValueError, UnknownLocaleError):
        language = locale
    year = created_text[:4]
    comments = (
        f"{language} translations for {project_name}.",
        f"Copyright (C) {year} ORGANIZATION",
        *wrap_notes([f"This file is distributed under the same license as the {project_name} project."]),
        f"FIRST AUTHOR <EMAIL@ADDRESS>, {year}.",
        "",
    )
    return Entry(msgid="", msgstr="".join(line + "\n" for line in lines), comments=comments)


Key = tuple[str | None, str]


class _OldCatalog:
    """The old catalog's entries, indexed the ways the merge looks them up."""

    def __init__(self, old: PoFile | None) -> None:
        self.entries: list[Entry] = [] if old is None else [e for e in old.entries if not e.is_header]
        self.by_key: dict[Key, Entry] = {}
        self.by_context: dict[str, Entry] = {}
        # Obsolete first, so a live message wins when both share a key or a context.
        for entry in [e for e in self.entries if e.obsolete] + [e for e in self.entries if not e.obsolete]:
            self.by_key[entry.key] = entry
            if entry.msgctxt is not None and entry.translated:
                self.by_context[entry.msgctxt] = entry
        self.by_text: dict[str, Entry] = {}
        for entry in self.by_key.values():
            if entry.translated:
                self.by_text.setdefault(entry.msgid, entry)
        self.used: set[Key] = set()


def _header(old: PoFile | None, template: PoFile, locale: str) -> Entry:
    """The old catalog's header, with the template's creation date; or a new one."""
    template_header = template.entries[0] if template.entries and template.entries[0].is_header else None
    old_header = old.header if old is not None else None
    if old_header is None or not old_header.translated:
        return _init_header(template, locale)
    created = re.search(r"^POT-Creation-Date: ([^\n]*)", template_header.msgstr if template_header else "", re.MULTILINE)
    if not created:
        return old_header
    dated = replace(old_header, msgstr=with_header_field(old_header.msgstr, "POT-Creation-Date", created.group(1)))
    return old_header if dated == old_header else dated


def _match(messages: list[Entry], old: _OldCatalog) -> dict[Key, tuple[Entry, bool]]:
    """Each template message's old entry, and whether its translation must become fuzzy."""
    matches: dict[Key, tuple[Entry, bool]] = {}
    # Pass 1: the same text, in the same unit or (after units were renumbered) in another.
    for entry in messages:
        match = old.by_key.get(entry.key)
        if match is None and entry.msgid in old.by_text and old.by_text[entry.msgid].key not in old.used:
            match = old.by_text[entry.msgid]
        if match is not None and match.key not in old.used:
            old.used.add(match.key)
            matches[entry.key] = (match, match.fuzzy)
    # Pass 2: a unit whose text changed keeps its old translation as fuzzy, with #| msgid.
    # Only the same msgctxt is a candidate, never a message from another part of the bulletin;
    # a message without msgctxt (an interface string) may match a close old one without msgctxt.
    contextless = [e for e in old.by_key.values() if e.msgctxt is None and e.translated]
    for entry in messages:
        if entry.key in matches:
            continue
        if entry.msgctxt is not None:
            candidate = old.by_context.get(entry.msgctxt)
            if candidate is None or candidate.key in old.used:
                continue  # its translation went with its text to another unit
            old.used.add(candidate.key)
        else:
            # an interface string may borrow a close one's translation as a fuzzy suggestion
            candidate = _closest(entry.msgid, contextless)
            if candidate is None:
                continue
        matches[entry.key] = (candidate, True)
    return matches


def _merged(entry: Entry, match: Entry, is_fuzzy: bool, nplurals: int) -> Entry:
    """The template's ``entry`` carrying ``match``'s translation (fuzzy or not)."""
    reshaped = (match.msgid_plural is None) != (entry.msgid_plural is None)
    # the same text moved to another unit keeps its translation as it was
    changed = match.msgid != entry.msgid or match.msgid_plural != entry.msgid_plural
    is_fuzzy = (is_fuzzy or changed or reshaped) and match.translated
    if changed and is_fuzzy and not (match.fuzzy and match.previous_msgid is not None):
        previous = (match.msgctxt if match.msgctxt != entry.msgctxt else None, match.msgid, match.msgid_plural)
    elif is_fuzzy:  # still the English its translation was made from
        previous = (match.previous_msgctxt, match.previous_msgid, match.previous_msgid_plural)
    else:
        previous = (None, None, None)
    formats = entry.formats
    if match.format_state("python") == "no" and entry.format_state("python") != "no":
        formats = entry.with_format("python", "no").formats  # a translator's explicit no-python-format is honoured
    forms = _forms(match, entry, nplurals)
    result = Entry(
        entry.msgid, forms["msgstr"], entry.msgctxt, entry.msgid_plural, forms["msgstr_plural"],  # type: ignore[arg-type]
        match.comments, entry.extracted, entry.references, is_fuzzy, formats, entry.range, match.wrap,
        previous[0], previous[1], previous[2], False, entry.domain, match.line, match.msgstr_line,
    )
    # An entry that did not change stays the very object that was read, so its text can be reused.
    return match if result == match else result


def _untranslated(entry: Entry, nplurals: int) -> Entry:
    empty = {"msgstr": "", "msgstr_plural": ("",) * nplurals if entry.msgid_plural is not None else ()}
    return replace(entry, fuzzy=False, comments=(), previous_msgctxt=None, previous_msgid=None,
                   previous_msgid_plural=None, obsolete=False, **empty)  # type: ignore[arg-type]


def _obsolete(old: _OldCatalog) -> list[Entry]:
    """Translated old entries no message took: kept as obsolete ('#~'), never dropped."""
    obsolete = []
    for e in old.entries:
        if e.key not in old.used and e.translated and old.by_key.get(e.key) is e:
            if e.obsolete:
                obsolete.append(e)  # already obsolete: kept as it is, '#~|' and all
            else:
                obsolete.append(replace(e, obsolete=True, references=(), previous_msgctxt=None, previous_msgid=None,
                                        previous_msgid_plural=None))
    return obsolete


def merge_catalog(old: PoFile | None, template: PoFile, locale: str) -> tuple[PoFile, int]:
    """Merge ``template`` into ``old`` for ``locale``; returns the new catalog and how many messages are fuzzy.

    Translations are never dropped: a unit whose English changed keeps its
    translation as fuzzy with the previous msgid (``#|``), matched by msgctxt,
    so only the same unit is ever a candidate; units that disappeared become
    obsolete (``#~``) and come back if their text does. Entries follow the
    template's order (source units, then interface strings), obsolete ones last.
    """
    check_locale(locale)
    header = _header(old, template, locale)
    nplurals = PoFile((header,)).nplurals
    known = _OldCatalog(old)
    messages = [e for e in template.entries if not e.is_header]
    matches = _match(messages, known)
    merged: list[Entry] = [header]
    for entry in messages:
        found = matches.get(entry.key)
        merged.append(_untranslated(entry, nplurals) if found is None else _merged(entry, found[0], found[1], nplurals))
    fuzzy = sum(1 for entry in merged[1:] if entry.fuzzy and entry.translated)
    return PoFile(tuple(merged + _obsolete(known))), fuzzy
