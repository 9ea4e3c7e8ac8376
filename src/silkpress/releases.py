"""Release records: what each ``build --release`` published, kept in the project as
``releases/<date>-<n>.json`` (small, sorted, meant to be committed), so that ``silkpress
changes`` and the next release can say what changed since.

A record holds, per bulletin: the source texts; per locale, each unit's source and translation
hashes and its translation, the interface strings and the CLDR-derived values (dates, country
names) as the edition shows them; and the published files' hashes (from the manifest).

The date of a release is ``SOURCE_DATE_EPOCH``'s (UTC) when it is set, else the day of the build
(UTC); ``<n>`` counts the releases of that day. A release whose texts are those of the latest
record is that release again: no new record, and the same output.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from .atomic import write_atomic
from .errors import ReleaseError

if TYPE_CHECKING:
    from pathlib import Path

    from .editions import Edition
    from .model import BulletinSource
    from .project import Project

RELEASES = "releases"
FORMAT = "silkpress-release/1"
_ID = re.compile(r"^(\d{4}-\d{2}-\d{2})-([1-9][0-9]{0,5})$")
Record = dict[str, Any]


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _interface(edition: Edition) -> dict[str, str]:
    """Every theme interface string as this edition shows it (the project's catalog first)."""
    from .theme.messages import theme_keys, theme_translations

    interface = edition.translations.over(theme_translations(edition.locale))
    shown = {}
    for context, msgid in sorted(theme_keys(), key=lambda key: (key[0] or "", key[1])):
        forms = interface.plurals.get((context, msgid))
        value = " | ".join(forms) if forms else interface.messages.get((context, msgid), msgid)
        shown[f"[{context}] {msgid}" if context else msgid] = value
    return shown


def _cldr(edition: Edition) -> dict[str, str]:
    """The values CLDR (or the catalog's overrides of it) gives the edition: dates and countries."""
    localized = edition.localized
    values = {"published": localized.published.text}
    for event in localized.events:
        if event.dates:
            values[f"{event.id}/dates"] = localized.list_separator.join(date.text for date in event.dates)
        for country in event.countries:
            values[f"country/{country.code}"] = country.name
    return values


def snapshot(source: BulletinSource, editions: Iterable[Edition], source_locale: str) -> Record:
    """One bulletin's texts as these editions publish them (a record's entry, without its files)."""
    # a list, so that the record keeps the units in reading order (its objects' keys are sorted)
    texts = [[unit.id, unit.text] for unit in source.units()]
    locales: Record = {}
    for edition in editions:
        units = {}
        for unit in source.units():
            text = edition.translations.lookup(unit.id, unit.text)
            if text is None and edition.locale == source_locale:
                text = unit.text  # the source locale's catalog holds editorial overrides only
            units[unit.id] = {"source": sha256(unit.text), "sha256": None if text is None else sha256(text), "text": text}
        locales[edition.locale] = {"units": units, "interface": _interface(edition), "cldr": _cldr(edition)}
    return {
        "source-locale": source_locale,
        "events": [event.id for event in source.events],
        "source": texts,
        "locales": locales,
    }


def release_date(today: dt.date | None = None) -> dt.date:
    """``SOURCE_DATE_EPOCH``'s day (UTC) when it is set, else ``today`` (the build's, UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        from .output import epoch_time

        return epoch_time(epoch).date()
    return today or dt.datetime.now(dt.timezone.utc).date()


def _order(release_id: str) -> tuple[str, int]:
    match = _ID.match(release_id)
    assert match is not None
    return match.group(1), int(match.group(2))


def release_ids(project: Project) -> list[str]:
    """The project's releases, oldest first (files in releases/ named otherwise are not records)."""
    folder = project.root / RELEASES
    names = [path.stem for path in folder.glob("*.json")] if folder.is_dir() else []
    return sorted((name for name in names if _ID.match(name)), key=_order)


def record_path(project: Project, release_id: str) -> Path:
    return project.root / RELEASES / f"{release_id}.json"


def load_record(project: Project, release_id: str) -> Record:
    """A release's record, checked; ReleaseError (``path:line: message``) when it is unknown or corrupt."""
    shown = f"{RELEASES}/{release_id}.json"
    known = release_ids(project)
    if release_id not in known:
        listed = ", ".join(known[-5:]) or "none yet; 'silkpress build --release' makes one"
        raise ReleaseError(f"no release {release_id!r} (releases: {listed})", shown if _ID.match(release_id) else RELEASES)
    try:
        data = record_path(project, release_id).read_bytes()
    except OSError as error:
        raise ReleaseError(f"cannot read the record: {error.strerror}", shown) from error
    return parse_record(data, shown, release_id)


def parse_record(data: bytes, shown: str, release_id: str) -> Record:
    try:
        record = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise ReleaseError(f"not a release record: invalid UTF-8 at byte {error.start}", shown) from None
    except json.JSONDecodeError as error:
        raise ReleaseError(f"not a release record: {error.msg} (column {error.colno})", shown, error.lineno) from None
    _Checker(shown).record(record, release_id)
    return record


class _Checker:
    """The shape of a record, and each text against its hash (a record edited by hand is refused)."""

    def __init__(self, shown: str) -> None:
        self.shown = shown

    def need(self, ok: bool, where: str, what: str) -> None:
        if not ok:
            raise ReleaseError(f"corrupt release record: {where} {what}", self.shown)

    def strings(self, value: object, where: str) -> None:
        self.need(isinstance(value, dict) and all(isinstance(v, str) for v in value.values()), where,
                  "must map names to strings")

    def record(self, record: object, release_id: str) -> None:
        self.need(isinstance(record, dict), "the record", "must be a JSON object")
        assert isinstance(record, dict)
        self.need(record.get("format") == FORMAT, "'format'", f"must be {FORMAT!r}")
        self.need(record.get("id") == release_id, "'id'", f"must be {release_id!r}, as the file is named")
        previous = record.get("previous")
        self.need(previous is None or isinstance(previous, str) and bool(_ID.match(previous)), "'previous'",
                  "must be a release id or null")
        self.need(isinstance(record.get("date"), str) and record["date"] == release_id[:10], "'date'",
                  f"must be {release_id[:10]!r}")
        bulletins = record.get("bulletins")
        self.need(isinstance(bulletins, dict), "'bulletins'", "must be an object")
        for name, bulletin in bulletins.items():
            self.bulletin(bulletin, f"bulletins.{name}")

    def bulletin(self, bulletin: object, where: str) -> None:
        self.need(isinstance(bulletin, dict), where, "must be an object")
        assert isinstance(bulletin, dict)
        self.need(isinstance(bulletin.get("source-locale"), str), f"{where}.source-locale", "must be a locale")
        events = bulletin.get("events")
        self.need(isinstance(events, list) and all(isinstance(e, str) for e in events), f"{where}.events", "must list event ids")
        texts = bulletin.get("source")
        self.need(isinstance(texts, list) and all(isinstance(t, list) and len(t) == 2 and all(isinstance(x, str) for x in t)
                                                  for t in texts), f"{where}.source", "must list [unit, text] pairs")
        self.strings(bulletin.get("files", {}), f"{where}.files")
        locales = bulletin.get("locales")
        self.need(isinstance(locales, dict), f"{where}.locales", "must be an object")
        for locale, entry in locales.items():
            here = f"{where}.locales.{locale}"
            self.need(isinstance(entry, dict), here, "must be an object")
            self.strings(entry.get("interface"), f"{here}.interface")
            self.strings(entry.get("cldr"), f"{here}.cldr")
            units = entry.get("units")
            self.need(isinstance(units, dict), f"{here}.units", "must be an object")
            for unit, value in units.items():
                self.unit(value, f"{here}.units.{unit}")

    def unit(self, value: object, where: str) -> None:
        self.need(isinstance(value, dict) and isinstance(value.get("source"), str), where,
                  "must have the source text's 'source' hash")
        assert isinstance(value, dict)
        text, digest = value.get("text"), value.get("sha256")
        self.need(text is None and digest is None or isinstance(text, str) and digest == sha256(text), where,
                  "has a 'text' that does not match its 'sha256'")


@dataclass(frozen=True)
class ReleasePlan:
    """The release a build makes: its id, the one before it, and the record it is compared with."""

    id: str
    previous: str | None
    date: dt.date
    baseline: Record | None
    """The previous release's record (None for a first release)."""
    new: bool
    """Whether the build writes a record (False: the texts are the latest release's)."""


def _texts(bulletins: Mapping[str, Record]) -> dict[str, Record]:
    return {name: {k: v for k, v in entry.items() if k != "files"} for name, entry in bulletins.items()}


def plan_release(project: Project, bulletins: Mapping[str, Record], today: dt.date | None = None) -> ReleasePlan:
    """The release of ``bulletins`` (their snapshots): the latest again if nothing changed, else the next."""
    ids = release_ids(project)
    latest = load_record(project, ids[-1]) if ids else None
    if latest is not None and _texts(latest["bulletins"]) == _texts(bulletins):
        previous = latest["previous"]
        baseline = load_record(project, previous) if previous in ids else None
        return ReleasePlan(latest["id"], previous, dt.date.fromisoformat(latest["date"]), baseline, new=False)
    date = release_date(today)
    if latest is not None:  # a release is never dated before the latest one
        date = max(date, dt.date.fromisoformat(latest["date"]))
    count = max((_order(i)[1] for i in ids if _order(i)[0] == date.isoformat()), default=0)
    return ReleasePlan(f"{date.isoformat()}-{count + 1}", latest["id"] if latest else None, date, latest, new=True)


def render_record(plan: ReleasePlan, bulletins: Mapping[str, Record]) -> bytes:
    record = {"format": FORMAT, "id": plan.id, "previous": plan.previous, "date": plan.date.isoformat(),
              "bulletins": dict(bulletins)}
    return (json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def write_record(project: Project, plan: ReleasePlan, bulletins: Mapping[str, Record]) -> Path | None:
    """Write the release's record (atomically: a temporary file in releases/, then renamed); None
    when the release is the latest one again."""
    if not plan.new:
        return None
    path = record_path(project, plan.id)
    write_atomic(path, render_record(plan, bulletins))
    return path
