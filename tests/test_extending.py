"""The common changes of docs/architecture.md, each made here the way the table says.

(Adding a format is in test_formats.py, adding a locale in test_profiles.py.)
"""

from __future__ import annotations

import pytest

from silkpress import Check, load_bulletin, load_translations, localize, register_check
from silkpress.i18n import extract_messages
from silkpress.i18n.checks import CHECKS, check_project
from silkpress.localization import DATE_FORMATS
from silkpress.profiles import LOCALES, profile_for
from silkpress.source import EVENT_FIELDS, text_field

from .helpers import build_with, eject

_MISSING = object()


@pytest.fixture
def registered():
    """Registry entries a test sets; each table is put back as it was afterwards."""
    saved: list[tuple[dict, str, object]] = []

    def register(table: dict, key: str, value: object) -> None:
        saved.append((table, key, table.get(key, _MISSING)))
        table[key] = value

    yield register
    for table, key, old in reversed(saved):
        if old is _MISSING:
            table.pop(key, None)
        else:
            table[key] = old
    profile_for.cache_clear()


def test_add_a_check(mini, registered):
    def no_exclamation(unit, info):
        if "!" in unit.translation and "!" not in unit.source:
            yield "warning", "exclamation", "an exclamation mark the source does not have"

    registered(CHECKS, "exclamation", Check("exclamation", no_exclamation))
    po = mini.bulletins[0].catalog_path("ru")
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Первый абзац."', 'msgstr "Первый абзац!"'), encoding="utf-8")
    found = [d for d in check_project(mini.bulletins[0], ["ru"]) if d.check == "exclamation"]
    assert [(d.severity, d.context) for d in found] == [("warning", "summit/p1")]
    assert str(found[0]).startswith("locales/ru/LC_MESSAGES/bulletin.po:")


def test_a_language_check_runs_only_where_a_profile_lists_it(mini, registered):
    register_check(Check("ru-only", lambda unit, info: [("warning", "ru-only", "seen")], applies="profile"))
    try:
        assert not [d for d in check_project(mini.bulletins[0], ["ru"]) if d.check == "ru-only"]
        registered(LOCALES, "ru", {"checks": ("ru-only",)})
        profile_for.cache_clear()
        assert [d for d in check_project(mini.bulletins[0], ["ru"]) if d.check == "ru-only"]
        assert not [d for d in check_project(mini.bulletins[0], ["kk"]) if d.check == "ru-only"]
    finally:
        CHECKS.pop("ru-only", None)
        LOCALES.pop("ru", None)
        profile_for.cache_clear()


def test_add_a_source_field(mini, registered, tmp_path):
    """A translatable ``venue`` on events: a registry line, a template line, and it is extracted,
    translated and shown."""
    registered(EVENT_FIELDS, "venue", text_field("venue"))
    source = mini.sources[0]
    source.write_text(source.read_text(encoding="utf-8").replace("  - id: summit\n", "  - id: summit\n    venue: Grand Hall\n"),
                      encoding="utf-8")
    macros = eject(mini, "_macros.html")
    macros.write_text(macros.read_text(encoding="utf-8").replace(
        '<dl class="facts">', '<dl class="facts">{% if event.extra.venue is defined %}<div class="venue">{{ event.extra.venue }}</div>{% endif %}'),
        encoding="utf-8")
    template = extract_messages(mini.bulletins[0])
    assert template.get("Grand Hall", "summit/venue") is not None
    po = mini.bulletins[0].catalog_path("ru")
    with po.open("a", encoding="utf-8") as handle:
        handle.write('\nmsgctxt "summit/venue"\nmsgid "Grand Hall"\nmsgstr "Большой зал"\n')
    out = tmp_path / "dist"
    assert build_with(mini, out_dir=out, formats=["html"]).failures == ()
    assert '<div class="venue">Большой зал</div>' in (out / "ru" / "index.html").read_text(encoding="utf-8")
    assert '<div class="venue" lang="en" data-l10n' not in (out / "kk" / "index.html").read_text(encoding="utf-8")
    assert "Grand Hall" in (out / "kk" / "index.html").read_text(encoding="utf-8")  # untranslated: the English stands in


def test_an_unregistered_field_is_still_refused(mini):
    from silkpress import SourceError

    source = mini.sources[0]
    source.write_text(source.read_text(encoding="utf-8").replace("  - id: summit\n", "  - id: summit\n    venue: Grand Hall\n"),
                      encoding="utf-8")
    with pytest.raises(SourceError, match="unknown field 'venue'"):
        load_bulletin(source)


def _dates(mini, locale):
    bulletin = load_bulletin(mini.sources[0])
    translations = load_translations(mini.bulletins[0].catalog_path(locale), locale, required=False)
    edition = localize(bulletin, translations, "en", dict(mini.tags))
    return [date.text for event in edition.events for date in event.dates], edition.published.text


def test_change_a_date_format(mini, registered):
    before, published = _dates(mini, "ru")
    # for every locale: the default table
    registered(DATE_FORMATS, "day", "yMMMd")
    after, short = _dates(mini, "ru")
    assert short != published and "дек." in short
    registered(DATE_FORMATS, "day", "long")
    # for one locale: its profile
    registered(LOCALES, "kk", {"date_formats": {"day": "yMMMMd"}})
    profile_for.cache_clear()
    try:
        kk_dates, kk_published = _dates(mini, "kk")
        assert _dates(mini, "ru") == (before, published)  # other locales unchanged
        assert kk_published.startswith("2025") and "желтоқсан" in kk_published
    finally:
        LOCALES.pop("kk", None)
        profile_for.cache_clear()
