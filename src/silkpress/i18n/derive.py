"""Derived catalogs: a script-variant locale's ``.po`` written from its parent's by transliteration
(uz_Cyrl from uz, kk_Latn from kk; :mod:`silkpress.variants`).

A derived catalog is a real catalog: translators may edit it. Each entry records the parent's
translation it was derived from, as an extracted comment (``#. derived from uz: …``): GNU's tools,
Poedit and translate-toolkit keep ``#.`` lines as they are and translators cannot edit them, while
``#|`` (previous msgid) is about the msgid and is dropped when the fuzzy flag is cleared. So

- an entry whose msgstr is the transliteration of its recorded parent text is silkpress's, and
  follows the parent on every ``update``;
- any other translated entry is a human's and is kept; when the parent's translation changes, it
  turns fuzzy, with the parent's earlier text as ``#. derived from uz, before: …`` until a translator
  clears the flag;
- the parent's fuzzy and untranslated entries stay fuzzy and untranslated.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

from ..overrides import cldr_value, is_override
from ..profiles import profile_for
from ..variants import variant_override, variant_text
from .pofile import Entry, PoFile
from .template import with_header_field

DERIVED_FIELD = "X-Silkpress-Derived-From"
_MARK = "derived from "


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")


def _unescape(text: str) -> str:
    out, chars = [], iter(text)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append({"n": "\n", "t": "\t"}.get(following, following))
        else:
            out.append(char)
    return "".join(out)


def digest(strings: tuple[str, ...]) -> str:
    """A short digest of the msgstr silkpress wrote: its own text is recognised as such even after
    the transliteration rules improve (then it is no longer what they give for the recorded parent)."""
    return hashlib.sha256("\0".join(strings).encode("utf-8")).hexdigest()[:8]


def _record_lines(parent: str, label: str, strings: tuple[str, ...], written: str = "") -> tuple[str, ...]:
    head = f"{_MARK}{parent}{label}" + (f" ({written})" if written else "")
    if len(strings) == 1:
        return (f"{head}: {_escape(strings[0])}",)
    return tuple(f"{head}[{index}]: {_escape(text)}" for index, text in enumerate(strings))


_RECORD = re.compile(r"derived from (?P<parent>[^\s:,(\[]+)(?P<label>, before)?(?: \((?P<digest>[0-9a-f]{8})\))?"
                     r"(?:\[(?P<index>\d+)\])?: (?P<value>.*)", re.DOTALL)


def _records(entry: Entry, parent: str, label: str) -> tuple[dict[int, str], str | None]:
    found: dict[int, str] = {}
    written = None
    for line in (line for text in entry.extracted for line in text.split("\n")):
        match = _RECORD.fullmatch(line)
        if match and match["parent"] == parent and (match["label"] or "") == label:
            found[int(match["index"] or 0)] = _unescape(match["value"])
            written = match["digest"] or written
    return found, written


def recorded(entry: Entry, parent: str, label: str = "") -> tuple[str, ...] | None:
    """The parent's translation an entry records (``label`` ", before" for the earlier one), or None."""
    found, _ = _records(entry, parent, label)
    return tuple(found[i] for i in sorted(found)) if found else None


def written_by_silkpress(entry: Entry, parent: str) -> bool:
    """Whether the entry's msgstr is the one silkpress wrote (its recorded digest matches)."""
    written = _records(entry, parent, "")[1]
    return written is not None and written == digest(entry.strings)


def _own_notes(entry: Entry) -> tuple[str, ...]:
    """The entry's extracted comments without silkpress's records."""
    return tuple(text for text in entry.extracted if not text.startswith(_MARK))


class Deriver:
    """Derives one locale's entries from its parent's."""

    def __init__(self, locale: str, parent: str) -> None:
        profile = profile_for(locale)
        if profile.transliteration is None:
            raise ValueError(f"{locale} has no transliteration scheme")
        self.locale, self.parent, self.scheme = locale, parent, profile.transliteration
        self.own_cldr = profile.cldr is None

    def effective(self, entry: Entry) -> tuple[str, ...]:
        """What the parent shows: its translation, or CLDR's value for an empty override."""
        if is_override(entry.msgctxt) and not entry.msgstr:
            return (cldr_value(entry.msgctxt, self.parent),)  # type: ignore[arg-type]
        return entry.strings

    def machine(self, entry: Entry, parent_strings: tuple[str, ...]) -> tuple[str, ...]:
        """The variant's translation of ``entry`` when the parent's is ``parent_strings``."""
        context = entry.msgctxt
        if is_override(context):
            value = parent_strings[0] if parent_strings else ""
            # CLDR has the variant (uz_Cyrl): its own value, unless the parent's house style differs from CLDR
            if self.own_cldr and value == cldr_value(context, self.parent):  # type: ignore[arg-type]
                return (cldr_value(context, self.locale),)  # type: ignore[arg-type]
            return (variant_override(context, value, self.scheme),)  # type: ignore[arg-type]
        ids = (entry.msgid,) if entry.msgid_plural is None else (entry.msgid, entry.msgid_plural)
        return tuple(variant_text(text, self.scheme, ids[min(i, len(ids) - 1)]) if text else ""
                     for i, text in enumerate(parent_strings))

    def entry(self, source: Entry, old: Entry | None) -> tuple[Entry, bool]:
        """The variant's entry for the parent's ``source``; and whether a human's entry turned fuzzy."""
        parent_now = self.effective(source) if source.translated or is_override(source.msgctxt) else ()
        strings = self.machine(source, parent_now) if parent_now and all(parent_now) else ()
        then = recorded(old, self.parent) if old is not None else None
        human = old is not None and old.translated and old.strings != strings and not written_by_silkpress(
            old, self.parent) and (then is None or old.strings != self.machine(source, then))
        fuzzy, before, flagged = source.fuzzy, (), False
        if human:
            strings = old.strings  # type: ignore[union-attr]
            changed = then is not None and then != parent_now
            fuzzy = source.fuzzy or old.fuzzy or changed  # type: ignore[union-attr]
            earlier = recorded(old, self.parent, ", before") if old is not None else None
            before = (then if changed else earlier if old.fuzzy else None) or ()  # type: ignore[union-attr]
            flagged = changed and not old.fuzzy  # type: ignore[union-attr]
        notes = _own_notes(source)
        if parent_now and all(parent_now):
            notes += _record_lines(self.parent, "", parent_now, "" if human else digest(strings))
        if before and fuzzy:
            notes += _record_lines(self.parent, ", before", before)
        if not strings:
            strings = ("",) * len(source.strings)
        forms = {"msgstr": strings[0], "msgstr_plural": ()} if source.msgid_plural is None else {
            "msgstr": "", "msgstr_plural": strings}
        result = replace(source, extracted=notes, fuzzy=fuzzy and any(strings),
                         comments=old.comments if old is not None else (), **forms)  # type: ignore[arg-type]
        if not result.fuzzy:
            result = replace(result, previous_msgctxt=None, previous_msgid=None, previous_msgid_plural=None)
        return result, flagged

    def header(self, parent: Entry, old: Entry | None) -> Entry:
        text = with_header_field(parent.msgstr, "Language", self.locale)
        text = with_header_field(text, DERIVED_FIELD, self.parent)
        comments = old.comments if old is not None and old.comments else (
            f"Derived from the {self.parent} catalog by transliteration ({self.scheme}).",
            f"'silkpress update' writes it again after the {self.parent} catalog changes;",
            "an entry edited here is kept, and turns fuzzy when its parent's translation changes.",
        )
        return replace(parent, msgstr=text, comments=comments)


def derive_catalog(parent: PoFile, old: PoFile | None, locale: str, parent_locale: str) -> tuple[PoFile, int]:
    """The derived catalog of ``locale`` from its parent's catalog and its own old one; returns the
    catalog and how many human entries turned fuzzy."""
    deriver = Deriver(locale, parent_locale)
    olds: dict[tuple[bool, tuple[str | None, str]], Entry] = {}
    for entry in (old.entries if old is not None else ()):
        if not entry.is_header:
            olds.setdefault((entry.obsolete, entry.key), entry)
    entries: list[Entry] = []
    flagged = 0
    used: set[tuple[bool, tuple[str | None, str]]] = set()
    for source in parent.entries:
        if source.is_header:
            entries.append(deriver.header(source, old.header if old is not None else None))
            continue
        mine = olds.get((source.obsolete, source.key)) or olds.get((not source.obsolete, source.key))
        if mine is not None:
            used.add((mine.obsolete, mine.key))
        derived, turned = deriver.entry(source, mine)
        entries.append(derived)
        flagged += turned
    # a human's translation of a message the parent no longer has is kept, obsolete
    for key, entry in olds.items():
        then = recorded(entry, parent_locale)
        if key not in used and entry.translated and not written_by_silkpress(entry, parent_locale) and (
                then is None or entry.strings != deriver.machine(entry, then)):
            entries.append(replace(entry, obsolete=True, references=(), previous_msgctxt=None, previous_msgid=None,
                                   previous_msgid_plural=None))
    return PoFile(tuple(entries)), flagged


def is_derived(catalog: PoFile) -> str | None:
    """The parent locale a catalog's header names, or None."""
    return catalog.header_fields.get(DERIVED_FIELD) or None
