"""The release change report: what changed between two releases, or since a release in the
current project. Per bulletin and locale: units added, removed and changed (a changed source
apart from a changed translation, each with a word- or character-level diff), interface strings
and CLDR-derived values. Also what an edition's "Changes in this edition" page lists.

Works on records (:mod:`silkpress.releases`): plain data in, plain data out, so that the same
records give the same report, byte for byte.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

from .profiles import profile_for
from .releases import Record, ReleasePlan, load_record, release_ids, snapshot
from .textdiff import diff, inline

if TYPE_CHECKING:
    from .project import Project


def _text_change(before: str | None, after: str | None, locale: str) -> dict[str, Any]:
    return {"before": before, "after": after, "diff": [list(op) for op in diff(before or "", after or "", profile_for(locale).diff_unit)]}


def _values(before: Mapping[str, str], after: Mapping[str, str], name: str) -> list[dict[str, Any]]:
    """Interface strings or CLDR values added, removed or changed."""
    return [
        {name: key, "before": before.get(key), "after": after.get(key)}
        for key in sorted({*before, *after}) if before.get(key) != after.get(key)
    ]


def _unit_change(unit: str, old: Record, new: Record, texts: tuple[Mapping, Mapping], locales: tuple[str, str]) -> dict | None:
    """A unit present in both: its source and its translation, each when it changed."""
    locale, source_locale = locales
    change: dict[str, Any] = {"unit": unit, "source": None, "translation": None}
    if old["source"] != new["source"]:
        change["source"] = _text_change(texts[0].get(unit), texts[1].get(unit), source_locale)
    # The source locale's text is its source, unless an editorial override stands in either release.
    override = locale != source_locale or old["text"] != texts[0].get(unit) or new["text"] != texts[1].get(unit)
    if old["sha256"] != new["sha256"] and override:
        change["translation"] = _text_change(old["text"], new["text"], locale)
    return change if change["source"] or change["translation"] else None


def compare_locale(before: Record | None, after: Record | None, texts: tuple[Mapping, Mapping], locales: tuple[str, str]) -> dict:
    """One locale's changes between two bulletin entries of records (None: the locale is not in one)."""
    old = before or {"units": {}, "interface": {}, "cldr": {}}
    new = after or {"units": {}, "interface": {}, "cldr": {}}
    old_units, new_units = old["units"], new["units"]
    # reading order: the new source's, then what only the old one had
    order = list(dict.fromkeys([*texts[1], *texts[0], *sorted(new_units), *sorted(old_units)]))
    added = [{"unit": u, "source": texts[1].get(u), "text": new_units[u]["text"]} for u in order if u in new_units and u not in old_units]
    removed = [{"unit": u, "source": texts[0].get(u), "text": old_units[u]["text"]} for u in order if u in old_units and u not in new_units]
    changed = [
        change for u in order if u in new_units and u in old_units
        for change in [_unit_change(u, old_units[u], new_units[u], texts, locales)] if change
    ]
    return {
        "locale": locales[0], "added": added, "removed": removed, "changed": changed,
        "interface": _values(old["interface"], new["interface"], "message"),
        "cldr": _values(old["cldr"], new["cldr"], "value"),
    }


def compare_bulletin(name: str, before: Record | None, after: Record | None) -> dict:
    old = before or {"source": [], "locales": {}}
    new = after or {"source": [], "locales": {}}
    source_locale = new.get("source-locale") or old.get("source-locale") or "en"
    texts = (dict(old["source"]), dict(new["source"]))
    locales = sorted({*old["locales"], *new["locales"]})
    return {
        "bulletin": name,
        "locales": [compare_locale(old["locales"].get(loc), new["locales"].get(loc), texts, (loc, source_locale)) for loc in locales],
    }


def compare(before: Mapping[str, Record], after: Mapping[str, Record]) -> list[dict]:
    """Every bulletin's changes between two records' ``bulletins``."""
    return [compare_bulletin(name, before.get(name), after.get(name)) for name in sorted({*before, *after})]


def current_bulletins(project: Project) -> dict[str, Record]:
    """The current project as a release would record it (its texts; no files)."""
    from .editions import load_edition

    bulletins = {}
    for bulletin in project.bulletins:
        source = bulletin.load()
        editions = [load_edition(bulletin, source, locale) for locale in project.locales]
        bulletins[source.id] = snapshot(source, editions, project.source_locale)
    return bulletins


def changes_report(project: Project, since: str | None = None, to: str | None = None) -> dict:
    """``silkpress changes``: from ``since`` (default: the latest release) to ``to`` (default: the
    current project). ReleaseError for an unknown release or a corrupt record."""
    from .errors import ReleaseError
    from .releases import RELEASES

    ids = release_ids(project)
    if since is None:
        if not ids:
            raise ReleaseError("no release yet: 'silkpress build --release' records one", RELEASES)
        since = ids[-1]
    before = load_record(project, since)
    after = load_record(project, to)["bulletins"] if to is not None else current_bulletins(project)
    if to is not None and ids.index(to) < ids.index(since):
        raise ReleaseError(f"release {to!r} is older than {since!r}", RELEASES)
    return {"since": since, "to": to, "bulletins": compare(before["bulletins"], after)}


def _counts(entry: Mapping) -> str:
    names = ("added", "removed", "changed", "interface", "cldr")
    return ", ".join(f"{len(entry[name])} {'CLDR' if name == 'cldr' else name}" for name in names)


def report_lines(report: Mapping) -> list[str]:
    """The report as text: a heading per bulletin and locale, then a line per change (diffs as wdiff writes them)."""
    lines = [f"changes from release {report['since']} to {('release ' + report['to']) if report['to'] else 'the current project'}"]
    for bulletin in report["bulletins"]:
        for entry in bulletin["locales"]:
            lines.append(f"{bulletin['bulletin']} {entry['locale']}: {_counts(entry)}")
            lines += [f"  added {a['unit']}: {a['text']}" for a in entry["added"]]
            lines += [f"  removed {r['unit']}: {r['text']}" for r in entry["removed"]]
            for change in entry["changed"]:
                for part in ("source", "translation"):
                    if change[part]:
                        ops = [(kind, text) for kind, text in change[part]["diff"]]
                        lines.append(f"  changed {change['unit']} ({part}): {inline(ops)}")
            for kind, key in (("interface", "message"), ("cldr", "value")):
                lines += [f"  {kind} {c[key]}: {c['before']!r} -> {c['after']!r}" for c in entry[kind]]
    return lines


@dataclass(frozen=True)
class ChangeItem:
    kind: str
    """``corrected``, ``added`` or ``removed``."""
    unit: str
    text: str


@dataclass(frozen=True)
class ChangeGroup:
    event: str | None
    """The event the changes belong to (None: the title, the introduction, the credits ...)."""
    title: str
    """The event's title in the edition's language (as it was, for an event removed)."""
    items: tuple[ChangeItem, ...]


@dataclass(frozen=True)
class EditionChanges:
    """What an edition's "Changes in this edition" page lists, in the edition's language."""

    release: str
    date: dt.date
    """The release's date."""
    previous: str
    previous_date: dt.date
    groups: tuple[ChangeGroup, ...]


def _event_of(key: str, events: list[str]) -> str | None:
    head = key.split("/")[0]
    return head if "/" in key and head in events else None


def edition_changes(before: Record, after: Record, locale: str) -> tuple[ChangeGroup, ...]:
    """One locale's changed units and CLDR values between two bulletin entries, by event (in the
    new order, then events removed, then the rest); their text as the edition shows it."""
    entry = compare_locale(before["locales"].get(locale), after["locales"].get(locale),
                           (dict(before["source"]), dict(after["source"])), (locale, after["source-locale"]))
    units = after["locales"][locale]["units"]
    items = [ChangeItem("added", a["unit"], a["text"] or a["source"]) for a in entry["added"]]
    items += [ChangeItem("corrected", c["unit"], units[c["unit"]]["text"] or "") for c in entry["changed"]]
    items += [ChangeItem("removed", r["unit"], r["text"] or r["source"] or "") for r in entry["removed"]]
    items += [ChangeItem("corrected" if c["after"] else "removed", c["value"], c["after"] or c["before"])
              for c in entry["cldr"]]
    events = list(after["events"]) + [e for e in before["events"] if e not in after["events"]]
    groups = []
    for event in [*events, None]:
        mine = tuple(i for i in items if _event_of(i.unit, events) == event)
        if mine:
            old = before["locales"].get(locale, {}).get("units", {}).get(f"{event}/title", {})
            title = units.get(f"{event}/title", old).get("text") or "" if event else ""
            groups.append(ChangeGroup(event, title, mine))
    return tuple(groups)


def release_changes(plan: ReleasePlan | None, name: str, after: Record) -> dict[str, EditionChanges]:
    """Per locale, what a release's "Changes in this edition" page lists (only the locales with
    changes; none for a first release, or a bulletin or locale the previous release lacked)."""
    if plan is None or plan.baseline is None or plan.previous is None or name not in plan.baseline["bulletins"]:
        return {}
    before = plan.baseline["bulletins"][name]
    found = {}
    for locale in after["locales"]:
        groups = edition_changes(before, after, locale) if locale in before["locales"] else ()
        if groups:
            found[locale] = EditionChanges(plan.id, plan.date, plan.previous, dt.date.fromisoformat(plan.baseline["date"]), groups)
    return found
