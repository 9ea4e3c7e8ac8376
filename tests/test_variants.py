"""Script-variant editions (issue 18): uz_Cyrl derived from uz, kk_Latn from kk, in tests/data/variants."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from silkpress.editions import load_edition
from silkpress.i18n.derive import DERIVED_FIELD, derive_catalog, digest, recorded
from silkpress.i18n.checks import check_catalog
from silkpress.i18n.pofile import Entry, PoFile
from silkpress.i18n.powrite import render_po
from silkpress.model import DateSpec
from silkpress.overrides import HouseStyle
from silkpress.profiles import derived_locales, profile_for

from .conftest import DATA
from .gnu import msgcat, msgfmt_errors
from .helpers import build_with, copy_project, load_po, run

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
HEADER = Entry("", "Language: uz\nContent-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n")


@pytest.fixture
def variants(tmp_path):
    return copy_project(DATA / "variants", tmp_path / "variants")


def _catalog(project, locale):
    return project.bulletins[0].catalog_path(locale)


def _set(project, locale, context, msgstr, fuzzy=None):
    """Edit one entry of a catalog as a translator would (in a PO editor)."""
    path = _catalog(project, locale)
    catalog = load_po(path)
    entries = [e if e.msgctxt != context else Entry(**{**e.__dict__, "msgstr": msgstr,
               "fuzzy": e.fuzzy if fuzzy is None else fuzzy}) for e in catalog.entries]
    path.write_bytes(render_po(entries))


def _entry(project, locale, context):
    return next(e for e in load_po(_catalog(project, locale)).messages if e.msgctxt == context)


def test_profiles_name_the_parent_the_scheme_and_the_script():
    assert derived_locales() == {"uz_Cyrl": "uz", "kk_Latn": "kk"}
    # Babel answers kk_Cyrl for kk_Latn; the id's own script subtag wins
    assert profile_for("kk_Latn").script.code == "Latn" and profile_for("kk_Latn").cldr == "kk"
    assert profile_for("uz_Cyrl").script.code == "Cyrl" and profile_for("uz_Cyrl").cldr is None
    assert profile_for("uz_Cyrl").transliteration == "uz-Latn-Cyrl"


def test_update_writes_the_derived_catalog_with_its_header(variants):
    golden = _catalog(variants, "uz_Cyrl").read_bytes()
    _catalog(variants, "uz_Cyrl").unlink()
    run(variants, "update", check=True)
    path = _catalog(variants, "uz_Cyrl")
    assert path.read_bytes() == golden
    catalog = load_po(path)
    assert catalog.header_fields[DERIVED_FIELD] == "uz" and catalog.header_fields["Language"] == "uz_Cyrl"
    title = _entry(variants, "uz_Cyrl", "title")
    assert title.msgstr == "Етакчилар Тошкентда учрашди"
    assert recorded(title, "uz") == ("Yetakchilar Toshkentda uchrashdi",)
    assert msgfmt_errors(path) == (0, []) and msgcat(path) == path.read_bytes()
    before = path.read_bytes()
    run(variants, "update", check=True)  # byte-stable
    assert path.read_bytes() == before


def test_a_name_latin_in_the_source_keeps_its_script(variants):
    intro = _entry(variants, "uz_Cyrl", "intro/p1").msgstr
    assert intro.startswith("CentralasianLIGHT.org ") and not re.search("[a-z]", intro[len("CentralasianLIGHT.org"):])


def test_a_human_edit_is_kept_then_flagged_fuzzy_when_the_parent_changes(variants):
    _set(variants, "uz_Cyrl", "summit/title", "Саммит бўлиб ўтди")
    run(variants, "update", check=True)
    edited = _entry(variants, "uz_Cyrl", "summit/title")
    assert edited.msgstr == "Саммит бўлиб ўтди" and not edited.fuzzy
    _set(variants, "uz", "summit/title", "Sammit Toshkentda oʻtkazildi")
    _set(variants, "uz", "summit/p1", "Yetakchilar muhim shartnoma imzoladi.")
    run(variants, "update", check=True)
    edited = _entry(variants, "uz_Cyrl", "summit/title")
    assert edited.msgstr == "Саммит бўлиб ўтди" and edited.fuzzy
    assert recorded(edited, "uz") == ("Sammit Toshkentda oʻtkazildi",)
    assert recorded(edited, "uz", ", before") == ("Sammit oʻtkazildi",)
    # an entry silkpress wrote follows its parent, and stays translated
    follows = _entry(variants, "uz_Cyrl", "summit/p1")
    assert follows.msgstr == "Етакчилар муҳим шартнома имзолади." and not follows.fuzzy
    # the translator reviews it and clears the flag: it stays cleared, and kept
    _set(variants, "uz_Cyrl", "summit/title", "Саммит Тошкентда бўлиб ўтди", fuzzy=False)
    run(variants, "update", check=True)
    edited = _entry(variants, "uz_Cyrl", "summit/title")
    assert edited.msgstr == "Саммит Тошкентда бўлиб ўтди" and not edited.fuzzy
    assert recorded(edited, "uz", ", before") is None


def test_fuzzy_and_untranslated_parent_entries_stay_so():
    parent = PoFile((HEADER, Entry("Old", "Eski", msgctxt="a", fuzzy=True, previous_msgid="Older"), Entry("New", "", msgctxt="b")))
    derived, _ = derive_catalog(parent, None, "uz_Cyrl", "uz")
    fuzzy, empty = list(derived.messages)
    assert fuzzy.fuzzy and fuzzy.msgstr == "Эски" and fuzzy.previous_msgid == "Older"
    assert empty.msgstr == "" and not empty.fuzzy and recorded(empty, "uz") is None


def test_a_human_translation_of_a_message_the_parent_dropped_is_kept_obsolete():
    old = PoFile((HEADER, Entry("Gone", "Кетди", msgctxt="gone")))
    derived, _ = derive_catalog(PoFile((HEADER,)), old, "uz_Cyrl", "uz")
    assert [(e.msgstr, e.obsolete) for e in derived.entries if not e.is_header] == [("Кетди", True)]


def test_the_script_check_catches_a_stray_latin_word(variants):
    path = _catalog(variants, "uz_Cyrl")
    assert [d for d in check_catalog(path, "uz_Cyrl", "uz_Cyrl.po") if d.severity == "error"] == []
    _set(variants, "uz_Cyrl", "summit/p1", "Етакчилар shartnoma имзолади.")
    errors = [d for d in check_catalog(path, "uz_Cyrl", "uz_Cyrl.po") if d.check == "script-letters"]
    assert len(errors) == 1 and "'shartnoma'" in errors[0].message and "summit/p1" in str(errors[0])
    _set(variants, "kk_Latn", "summit/p1", "Köşbasşylar шартқа qol qoidy.")
    errors = [d for d in check_catalog(_catalog(variants, "kk_Latn"), "kk_Latn", "kk_Latn.po") if d.check == "script-letters"]
    assert len(errors) == 1 and "Cyrillic letters in 'шартқа'" in errors[0].message


def test_uz_cyrl_dates_have_cldr_month_names():
    style = HouseStyle("uz_Cyrl")
    assert "июн" in style.date(DateSpec(dt.date(2025, 6, 17)))
    assert style.country("UZ") == "Ўзбекистон"


def test_kk_latn_dates_and_countries_come_from_transliterated_overrides(variants):
    edition = load_edition(variants.bulletins[0], variants.bulletins[0].load(), "kk_Latn").localized
    summit = edition.events[0]
    assert [date.text for date in summit.dates] == ["2025 jylğy 17 mausym", "2025\u202fj. 31 tam. – 3 qyr."]
    assert [country.name for country in summit.countries] == ["Qazaqstan", "Özbekstan", "Qytai"]
    assert summit.facts.endswith("Qazaqstan, Özbekstan jäne Qytai")  # the list pattern: kk's «және»
    assert not CYRILLIC.search(summit.facts + edition.published.text)
    entries = {e.msgctxt: e.msgstr for e in load_po(_catalog(variants, "kk_Latn")).messages}
    assert entries["date/day"] == "y 'jylğy' d MMMM" and entries["country/KZ"] == "Qazaqstan"


def test_the_build_makes_the_variant_editions_grouped_in_the_chooser(variants, tmp_path):
    result = build_with(variants, out_dir=tmp_path / "dist", formats=("html",))
    out = result.out_dir
    page = (out / "uz-Cyrl" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="uz-Cyrl"' in page and "Етакчилар Тошкентда учрашди" in page
    assert 'hreflang="uz-Cyrl"' in (out / "en" / "index.html").read_text(encoding="utf-8")
    assert "Qazaqşa" in page and "Ўзбекча" in page  # the switcher names each in its own script
    chooser = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<span lang="uz-Latn">Oʻzbekcha</span> · <span lang="uz-Cyrl">Ўзбекча</span>', chooser)
    assert re.search(r'<span lang="kk">Қазақша</span> · <span lang="kk-Latn">Qazaqşa</span>', chooser)
    assert ">Кирилл ёзуви</a>" in chooser and ">Latyn jazuy</a>" in chooser
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert 'hreflang="kk-Latn"' in sitemap and 'hreflang="uz-Cyrl"' in sitemap
    assert (out / "kk-Latn" / "feed.xml").exists()
    assert {"uz-Cyrl/index.html", "kk-Latn/index.html"} <= {a["path"] for a in __import__("json").loads(
        (out / "manifest.json").read_text(encoding="utf-8"))["artifacts"]}


@pytest.mark.slow
def test_the_variant_pdfs_read_in_their_scripts(variants, tmp_path):
    from pypdf import PdfReader

    out = build_with(variants, out_dir=tmp_path / "dist", locales=("uz_Cyrl", "kk_Latn")).out_dir
    uz = "".join(page.extract_text() for page in PdfReader(out / "uz-Cyrl" / "variants-uz-Cyrl.pdf").pages)
    kk = "".join(page.extract_text() for page in PdfReader(out / "kk-Latn" / "variants-kk-Latn.pdf").pages)
    assert "Етакчилар" in uz and "ўтказилди" in uz
    assert "Köşbasşylar" in kk and "jylğy" in kk and not CYRILLIC.search(kk)
    fonts = {str(font["/BaseFont"]).split("+")[-1] for page in PdfReader(out / "kk-Latn" / "variants-kk-Latn.pdf").pages
             for font in page["/Resources"]["/Font"].values()}
    assert fonts and all(name.startswith("Silkpress-Serif") for name in fonts)  # the bundled subsets, no fallback


def test_check_passes_on_the_fixture(variants):
    result = run(variants, "check")
    assert result.exit_code == 0, result.output


def test_init_of_a_variant_derives_it(variants):
    shutil.rmtree(variants.root / "locales" / "kk_Latn")
    run(variants, "init", "kk_Latn", check=True)
    assert load_po(_catalog(variants, "kk_Latn")).header_fields[DERIVED_FIELD] == "kk"


def test_its_own_text_follows_better_rules_while_a_human_edit_stays():
    """An entry silkpress wrote (its digest matches) is derived again when the rules improve."""
    parent = PoFile((HEADER, Entry("Centre", "markaz", msgctxt="a"), Entry("Study", "oʻrganish", msgctxt="b")))
    older_rules = Entry("Centre", "марказз", msgctxt="a", extracted=(f"derived from uz ({digest(('марказз',))}): markaz",))
    human = Entry("Study", "тадқиқот", msgctxt="b", extracted=("derived from uz: oʻrganish",))
    derived, flagged = derive_catalog(parent, PoFile((HEADER, older_rules, human)), "uz_Cyrl", "uz")
    assert [e.msgstr for e in derived.messages] == ["марказ", "тадқиқот"] and flagged == 0


def test_names_markup_and_placeholders_keep_their_script_initials_do_not():
    from silkpress.variants import kept_names, variant_pattern, variant_text

    source = 'L.N. Gumilyov and ALT University, CentralasianLIGHT.org, <a href="https://x.org/">the C5+1</a> %(page)s'
    text = 'L.N. Gumilyov va ALT universiteti, CentralasianLIGHT.org, <a href="https://x.org/">C5+1</a> %(page)s'
    assert set(kept_names(text, source)) == {"ALT", "CentralasianLIGHT.org", "C5+1", '<a href="https://x.org/">', "</a>", "%(page)s"}
    cyrillic = variant_text(text, "uz-Latn-Cyrl", source)
    assert cyrillic.startswith("Л.Н. Гумилёв ва ALT университети, CentralasianLIGHT.org, ")
    assert cyrillic.endswith('<a href="https://x.org/">C5+1</a> %(page)s')
    # a date pattern's literal text is transliterated and quoted; its fields stay
    assert variant_pattern("y 'жылғы' d MMMM", "kk-Cyrl-Latn") == "y 'jylğy' d MMMM"
    assert variant_pattern("y ж. d MMM", "kk-Cyrl-Latn") == "y 'j.' d MMM"
