from __future__ import annotations

import os
import re

import silkpress.theme
from silkpress.i18n.derive import derive_catalog
from silkpress.profiles import profile_for
from silkpress.i18n import (
    extract_messages,
    init_catalog,
    merge_catalog,
    render_po,
    write_template,
)
from silkpress.i18n.update import stabilize_template, update_catalogs

from .conftest import DATA
from .helpers import load_po

DATE = re.compile(r'^"POT-Creation-Date: .*\n', re.MULTILINE)


def test_extract_contexts_references_comments(mini):
    catalog = extract_messages(mini.bulletins[0])
    units = [m for m in catalog.messages if m.references and m.references[0][0].startswith("source/")]
    assert [m.msgctxt for m in units][:4] == ["title", "intro/p1", "summit/title", "summit/p1"]
    summit = catalog.get("The summit was held", "summit/title")
    assert summit.references == (("source/mini.yaml", 15),)
    assert summit.extracted == ("Summit means the leaders' meeting.",)
    assert not any(m.formats for m in units), "bulletin text is never a format string"
    # the theme's interface strings are the theme's: a project's template (here one copied from
    # the theme) adds only strings of its own
    assert catalog.get("Contents") is None
    (mini.templates_dir / "print.html").write_text(
        (silkpress.theme.TEMPLATES / "print.html").read_text(encoding="utf-8") + '{{ _("Our own note: %(n)s", n=1) }}\n',
        encoding="utf-8")
    catalog = extract_messages(mini.bulletins[0])
    assert catalog.get("Contents") is None
    own = catalog.get("Our own note: %(n)s")
    assert own is not None and own.formats == (("python", "yes"),) and own.references[0][0] == "templates/print.html"


def test_the_theme_template_holds_every_interface_string():
    from silkpress.theme.messages import theme_template

    catalog = theme_template()
    page = catalog.get("Page %(page)s of %(pages)s")
    assert page is not None and page.formats == (("python", "yes"),)
    assert all(path.startswith("templates/") for path, _ in page.references)
    assert catalog.get("Contents").formats == ()  # no placeholder, no flag
    name = catalog.get("English", "language name")
    assert name.extracted and "your language" in name.extracted[0]
    dates = catalog.get("Date")
    assert dates is not None and dates.msgid_plural == "Dates"


def test_template_matches_golden_file(mini):
    """tests/data/mini/locales/bulletin.pot is the golden extraction of the mini project."""
    rendered = render_po(stabilize_template(mini.bulletins[0], extract_messages(mini.bulletins[0]))).decode()
    golden_path = DATA / "mini" / "locales" / "bulletin.pot"
    if os.environ.get("SILKPRESS_REGENERATE"):
        golden_path.write_text(rendered, encoding="utf-8")
    golden = golden_path.read_text(encoding="utf-8")
    assert DATE.sub("", rendered) == DATE.sub("", golden)


def test_template_not_rewritten_when_only_the_date_would_change(mini, monkeypatch):
    path = mini.bulletins[0].template_path
    before = path.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2000000000")
    assert write_template(mini.bulletins[0], extract_messages(mini.bulletins[0])) is False
    assert path.read_bytes() == before
    mini.sources[0].write_text(mini.sources[0].read_text(encoding="utf-8").replace("First paragraph.", "First, edited."), encoding="utf-8")
    assert write_template(mini.bulletins[0], extract_messages(mini.bulletins[0])) is True
    assert b"POT-Creation-Date: 2033-05-18 03:33+0000" in path.read_bytes()


def test_real_catalogs_are_up_to_date(real_project):
    """Every committed catalog already holds every current message (an update would change nothing)."""
    template = stabilize_template(real_project.bulletins[0], extract_messages(real_project.bulletins[0]))
    assert render_po(template) == real_project.bulletins[0].template_path.read_bytes()
    for locale in real_project.locales:
        path = real_project.bulletins[0].catalog_path(locale)
        old = load_po(path, locale)
        parent = profile_for(locale).parent
        if parent:  # a script variant is derived from its parent's catalog
            new, _ = derive_catalog(load_po(real_project.bulletins[0].catalog_path(parent), parent), old, locale, parent)
        else:
            new, _ = merge_catalog(old, template, locale)
        assert render_po(new) == path.read_bytes(), locale


def test_update_keeps_translations_marks_changes_fuzzy_and_keeps_obsolete(mini):
    source = mini.sources[0].read_text(encoding="utf-8")
    mini.sources[0].write_text(
        source.replace("The summit was held", "The summit was held in Astana").replace("  - A news agency\n", "  - Another agency\n"),
        encoding="utf-8",
    )
    before = mini.bulletins[0].catalog_path("ru").read_bytes()
    results = {r.locale: r for r in update_catalogs(mini.bulletins[0], extract_messages(mini.bulletins[0]))}
    assert results["ru"].written
    catalog = load_po(mini.bulletins[0].catalog_path("ru"), "ru")
    summit = catalog.get("The summit was held in Astana", "summit/title")
    assert summit.msgstr == "Саммит состоялся" and summit.fuzzy
    assert summit.previous_msgid == "The summit was held"
    assert catalog.get("First paragraph.", "summit/p1").msgstr == "Первый абзац."
    assert b"#| msgid \"The summit was held\"" in mini.bulletins[0].catalog_path("ru").read_bytes()
    assert before != mini.bulletins[0].catalog_path("ru").read_bytes()
    # a second update changes nothing
    again = {r.locale: r for r in update_catalogs(mini.bulletins[0], extract_messages(mini.bulletins[0]))}
    assert not any(r.written for r in again.values())


def test_removed_unit_becomes_obsolete_and_comes_back(mini):
    source = mini.sources[0].read_text(encoding="utf-8")
    mini.sources[0].write_text(source.replace("      - p: First paragraph.\n", ""), encoding="utf-8")
    update_catalogs(mini.bulletins[0], extract_messages(mini.bulletins[0]))
    catalog = load_po(mini.bulletins[0].catalog_path("ru"), "ru")
    # p2 became p1: its translation follows its text and stays valid
    moved = catalog.get("Second paragraph, folded over two lines.", "summit/p1")
    assert moved.msgstr == "Второй абзац, в две строки." and not moved.fuzzy
    assert catalog.get("First paragraph.", "summit/p1", obsolete=True) is not None
    assert '#~ msgctxt "summit/p1"' in mini.bulletins[0].catalog_path("ru").read_text(encoding="utf-8")
    mini.sources[0].write_text(source, encoding="utf-8")
    update_catalogs(mini.bulletins[0], extract_messages(mini.bulletins[0]))
    catalog = load_po(mini.bulletins[0].catalog_path("ru"), "ru")
    revived = catalog.get("First paragraph.", "summit/p1")
    assert revived is not None and revived.msgstr == "Первый абзац." and not revived.fuzzy
    assert not list(catalog.obsolete)


def test_init_writes_a_correct_header(mini):
    mini.bulletins[0].catalog_path("kk").unlink()
    path = init_catalog(mini.bulletins[0], extract_messages(mini.bulletins[0]), "kk")
    text = path.read_text(encoding="utf-8")
    assert '"Language: kk\\n"' in text
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in text
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in text


def test_real_catalog_headers(real_project):
    # CLDR's plural forms of each language (not of the project): a catalog must say the same
    known = {"zh": 1, "ja": 1, "en": 2, "de": 2, "kk": 2, "uz": 2, "tr": 2, "ru": 3, "uk": 3, "be": 3, "ar": 6}
    expected = {locale: known[locale.split("_")[0]] for locale in real_project.locales}
    for locale, plurals in expected.items():
        catalog = load_po(real_project.bulletins[0].catalog_path(locale))
        assert catalog.header_fields["Language"] == locale
        assert catalog.nplurals == plurals
        assert catalog.header_fields["Content-Type"] == "text/plain; charset=UTF-8"
