"""Translation progress per locale: messages and source words, translated, fuzzy and untranslated.

Progress is measured against the current source and templates (their extraction), never against
the catalog alone: a unit whose current text the catalog lacks (the source changed, and
``silkpress update`` has not run) is untranslated, whatever the catalog holds for its old text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable, Literal, Mapping

from ..catalogs import Key, parse_catalog
from ..overrides import is_override
from ..inputs import exists, read_input
from ..project import Bulletin
from .pofile import Entry, PoFile


@dataclass(frozen=True)
class Counts:
    messages: int = 0
    words: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.messages + other.messages, self.words + other.words)


@dataclass(frozen=True)
class CatalogStats:
    locale: str
    path: str
    translated: Counts
    fuzzy: Counts
    untranslated: Counts

    @property
    def total(self) -> Counts:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        """Share of messages translated (100 for an empty catalog)."""
        return 100.0 * self.translated.messages / self.total.messages if self.total.messages else 100.0

    @property
    def words_percent(self) -> float:
        return 100.0 * self.translated.words / self.total.words if self.total.words else 100.0

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data.update(total=asdict(self.total), percent=round(self.percent, 1), words_percent=round(self.words_percent, 1))
        return data


def read_catalog(bulletin: Bulletin, locale: str) -> PoFile | None:
    """A locale's catalog, strictly parsed, or None when it does not exist."""
    path = bulletin.catalog_path(locale)
    if not exists(path):
        return None
    shown = bulletin.project.relative(path)
    return parse_catalog(read_input(path, "catalog", shown, bulletin.project.locales_dir), shown)


_CURRENT: dict[tuple[str, str, str], dict[Key, Entry]] = {}


def current_messages(bulletin: Bulletin) -> dict[Key, Entry]:
    """The messages of the current source and templates, by (msgctxt, msgid): what every catalog
    must translate. One extraction per bulletin and version of its inputs, however many locales
    ask (a SilkpressError when the source does not load)."""
    from .record import inputs_digest
    from .template import current_template

    digest = inputs_digest(bulletin)
    key = (str(bulletin.source), str(bulletin.project.templates_dir), digest)
    if digest and key in _CURRENT:
        return _CURRENT[key]
    messages = {entry.key: entry for entry in current_template(bulletin).messages}
    if digest:
        if len(_CURRENT) >= 8:
            _CURRENT.clear()
        _CURRENT[key] = messages
    return messages


def expected_messages(bulletin: Bulletin, locale: str, current: Mapping[Key, Entry] | None = None) -> dict[Key, Entry]:
    """What ``locale``'s catalog must translate: the current messages, and the theme's interface
    strings that the theme itself does not translate into that locale."""
    from ..theme.messages import theme_extras

    expected = dict(current if current is not None else current_messages(bulletin))
    if locale != bulletin.project.source_locale:
        expected.update((entry.key, entry) for entry in theme_extras(locale) if entry.key not in expected)
    return expected


def catalog_stats(
    bulletin: Bulletin, locale: str, catalog: PoFile | None | Literal["read"] = "read", current: Mapping[Key, Entry] | None = None,
) -> CatalogStats:
    """Progress of one locale over the ``current`` messages (by default :func:`current_messages`);
    pass the ``catalog`` when it is already parsed."""
    project = bulletin.project
    shown = project.relative(bulletin.catalog_path(locale))
    is_source = locale == project.source_locale
    counts = {"translated": Counts(), "fuzzy": Counts(), "untranslated": Counts()}
    if catalog == "read":
        catalog = read_catalog(bulletin, locale)
    current = expected_messages(bulletin, locale, current)
    found = catalog.index() if catalog is not None else {}
    for key, message in current.items():
        if is_override(key[0]):  # empty means CLDR's value: nothing to translate
            continue
        entry = found.get(key)
        state = "translated" if is_source else entry.state if entry is not None else "untranslated"
        counts[state] += Counts(1, len(message.msgid.split()))
    return CatalogStats(locale, shown, counts["translated"], counts["fuzzy"], counts["untranslated"])


def project_stats(bulletin: Bulletin, locales: Iterable[str] | None = None) -> list[CatalogStats]:
    current = current_messages(bulletin)
    return [catalog_stats(bulletin, locale, current=current) for locale in (locales or bulletin.project.locales)]


def stats_table(rows: Iterable[tuple[Bulletin, CatalogStats]], with_domain: bool = False) -> list[str]:
    """The lines of ``silkpress stats``: messages (and source words) per state, per locale."""
    header = f"{'locale':<9} {'translated':>14} {'fuzzy':>12} {'untranslated':>14} {'done':>6}"
    lines = [header, "-" * len(header)]

    def cell(counts: Counts, width: int) -> str:
        return f"{counts.messages:>4} ({counts.words:>5} w)".rjust(width)

    for bulletin, s in rows:
        name = f"{s.locale} ({bulletin.domain})" if with_domain else s.locale
        lines.append(f"{name:<9} {cell(s.translated, 14)} {cell(s.fuzzy, 12)} {cell(s.untranslated, 14)} {s.percent:>5.1f}%")
    return lines
