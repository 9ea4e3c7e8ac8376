"""The default theme: templates and interface strings inside the package, overridden file by file
and string by string by a project."""

from __future__ import annotations

import re
import subprocess

import pytest

from silkpress import load_project
from silkpress.catalogs import parse_catalog
from silkpress.editions import autonym, load_edition
from silkpress.html import find_template, read_template_file
from silkpress.i18n.checks import check_catalog
from silkpress.theme import SHOWN, TEMPLATES, catalog_path, locales
from silkpress.theme.messages import theme_keys, theme_translations, update_theme

from .helpers import add_entry, build_with, eject, load_po, run


def test_the_theme_translates_its_strings_into_five_locales():
    # and derives the script variants kk_Latn and uz_Cyrl from kk and uz
    assert set(locales()) == {"en", "kk", "kk_Latn", "ru", "uz", "uz_Cyrl", "zh_Hans"}
    for locale in ("kk", "kk_Latn", "ru", "uz", "uz_Cyrl", "zh_Hans"):
        catalog = parse_catalog(catalog_path(locale).read_bytes(), str(catalog_path(locale)))
        assert {entry.key for entry in catalog.messages} == set(theme_keys())
        assert [entry.key for entry in catalog.messages if entry.state != "translated"] == [], locale


def test_the_theme_catalogs_are_up_to_date_canonical_and_clean():
    assert update_theme(write=False) == []  # run silkpress.theme.messages.update_theme() after a template change
    for locale in locales():
        path = catalog_path(locale)
        assert subprocess.run(["msgcat", str(path)], capture_output=True, check=True).stdout == path.read_bytes()
        errors = [d for d in check_catalog(path, locale, f"{SHOWN}/{locale}.po") if d.severity == "error"]
        assert errors == [], locale


def test_a_project_template_overrides_the_theme_file_by_file(mini):
    folders = mini.template_folders
    assert find_template(folders, "edition.html")[1] == TEMPLATES / "edition.html"
    own = eject(mini, "web.css")
    own.write_text("body { color: teal; }\n", encoding="utf-8")
    assert find_template(folders, "web.css")[1] == own
    assert read_template_file(folders, "web.css") == b"body { color: teal; }\n"
    assert find_template(folders, "print.css")[1] == TEMPLATES / "print.css"  # the others still come from the theme


def test_the_project_needs_no_templates_of_its_own(mini, tmp_path):
    result = build_with(mini, formats=["html"], out_dir=tmp_path / "dist")
    assert result.failures == ()
    assert "Оглавление" not in (tmp_path / "dist" / "ru" / "index.html").read_text(encoding="utf-8")
    assert "Содержание" in (tmp_path / "dist" / "ru" / "index.html").read_text(encoding="utf-8")  # the theme's


def test_a_project_catalog_overrides_an_interface_string(mini, tmp_path):
    add_entry(mini, "ru", "Contents", "Оглавление")
    build_with(mini, formats=["html"], out_dir=tmp_path / "dist")
    page = (tmp_path / "dist" / "ru" / "index.html").read_text(encoding="utf-8")
    assert "Оглавление" in page and "Содержание" not in page


def test_update_keeps_overrides_and_drops_copies_of_the_theme(mini):
    add_entry(mini, "ru", "Contents", "Оглавление")  # differs from the theme: an override
    add_entry(mini, "ru", "Compiled by", theme_translations("ru").messages[(None, "Compiled by")])  # the theme's own word
    assert run(mini, "update").exit_code == 0
    catalog = load_po(mini.bulletins[0].catalog_path("ru"))
    assert catalog.get("Contents").msgstr == "Оглавление" and not catalog.get("Contents").obsolete
    assert catalog.get("Compiled by") is None  # a copy adds nothing: gone, not even obsolete
    assert catalog.get("Contents").references[0][0].startswith(f"{SHOWN}/templates/")


def add_locale(project, locale):
    pyproject = project.root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(re.sub(r"locales = \[([^\]]*)\]", rf'locales = [\1, "{locale}"]', text, count=1), encoding="utf-8")
    assert run(project, "init", locale).exit_code == 0
    return load_project(project.root)


def test_a_locale_the_theme_lacks_gets_its_interface_strings_to_translate(mini, tmp_path):
    project = add_locale(mini, "de")
    catalog = load_po(project.bulletins[0].catalog_path("de"))
    assert {entry.key for entry in catalog.messages} >= set(theme_keys())
    stats = run(project, "stats", "de", "--format", "json").stdout
    assert '"untranslated"' in stats
    # they count: an untranslated "Contents" keeps a release of de from being published
    result = run(project, "build", "--release", "--locale", "de", "--edition-format", "html", "--out", str(tmp_path / "dist"))
    assert result.exit_code == 1 and "Contents" in result.output


@pytest.mark.parametrize(("locale", "name"), [("de", "Deutsch"), ("be", "Беларуская"), ("tr", "Türkçe"), ("en", "English")])
def test_autonyms_come_from_cldr(locale, name):
    assert autonym(locale) == name


def test_a_language_without_a_name_in_any_catalog_is_named_by_cldr(mini):
    project = add_locale(mini, "de")
    bulletin = project.bulletins[0]
    assert load_edition(bulletin, bulletin.load(), "de").name == "Deutsch"  # not "English"
    po = bulletin.catalog_path("de")  # the theme's string is in the catalog, to translate
    old = 'msgctxt "language name"\nmsgid "English"\nmsgstr ""'
    po.write_text(po.read_text(encoding="utf-8").replace(old, old[:-2] + '"Deutsch (Schweiz)"'), encoding="utf-8")
    assert load_edition(bulletin, bulletin.load(), "de").name == "Deutsch (Schweiz)"  # a catalog may override
