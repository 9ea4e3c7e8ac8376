"""Locale profiles: what silkpress knows of each language lives in one table, and a locale whose
script is covered needs nothing but configuration and ``silkpress init``."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from silkpress import ConfigError, load_project
from silkpress.fonts import SERIF, SERIF_SC
from silkpress.profiles import SCRIPTS, profile_for

from .helpers import REPO, build_with, run


@pytest.mark.parametrize(
    ("locale", "script", "hyphenation"),
    [
        ("en", "Latn", "en-US"),  # pyphen's plain "en" is British; the source is American English
        ("en_GB", "Latn", "en-GB"),
        ("ru", "Cyrl", "ru"),
        ("kk", "Cyrl", None),  # no Kazakh dictionary anywhere: not hyphenated
        ("uz", "Latn", None),
        ("uz_Cyrl", "Cyrl", None),
        ("zh_Hans", "Hans", None),
        ("de", "Latn", "de"),  # not in the table: CLDR gives the script, pyphen the dictionary
        ("be", "Cyrl", "be"),
        ("tr", "Latn", None),
    ],
)
def test_profiles(locale, script, hyphenation):
    profile = profile_for(locale)
    assert profile.script.code == script and profile.hyphenation == hyphenation
    assert profile.direction == "ltr"


def test_language_checks_follow_language_and_script():
    assert profile_for("uz").all_checks == ("uz-apostrophe",)
    # the apostrophe rules are for the Latin alphabet; the variant has its own script's letter check
    assert profile_for("uz_Cyrl").all_checks == ("script-letters",)
    assert profile_for("kk").all_checks == ("kk-spelling",)
    assert "zh-punctuation" in profile_for("zh_Hans").all_checks
    assert profile_for("de").all_checks == () and profile_for("de").number_words == ()


def test_fonts_and_typography_come_from_the_script():
    chinese, russian = profile_for("zh_Hans"), profile_for("ru")
    assert chinese.font_stack == (SERIF_SC, SERIF) and russian.font_stack == (SERIF,)
    assert not any("SC" in face.filename for face in russian.faces)
    assert chinese.script.justification == "inter-character" and russian.script.justification == "inter-word"
    assert "--paragraph-indent: 2em;" in chinese.typography_css() and russian.typography_css() == ""


@pytest.mark.parametrize("locale", ["ar", "zh_Hant", "hi"])
def test_a_locale_without_fonts_for_its_script_is_refused_by_the_configuration(mini, locale):
    pyproject = mini.root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(re.sub(r'locales = \[', f'locales = ["{locale}", ', text, count=1), encoding="utf-8")
    with pytest.raises(ConfigError, match="no fonts for") as info:
        load_project(mini.root)
    assert info.value.path.endswith("pyproject.toml")
    assert "Latin (Latn), Cyrillic (Cyrl), Han (Hans)" in str(info.value)


LOCALE_BRANCH = re.compile(
    r"""startswith\(\s*\(?["'](zh|ru|kk|uz|en|ja)|==\s*["'](zh|zh_Hans|ru|kk|uz|en)["']|split\("_"\)\[0\]\s*[!=]="""
)


def test_no_code_or_stylesheet_branches_on_a_locale_id():
    """Locale knowledge is in the profile tables, never in a branch at a call site or a :lang() rule."""
    offenders = []
    for path in sorted((REPO / "src" / "silkpress").rglob("*.py")):
        if path.name == "profiles.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if LOCALE_BRANCH.search(line):
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    for path in sorted([*(REPO / "templates").glob("*"), *(REPO / "src" / "silkpress" / "theme" / "templates").glob("*")]):
        if ":lang(" in path.read_text(encoding="utf-8"):
            offenders.append(f"{path.parent.name}/{path.name}: :lang()")
    assert offenders == []


def add_locale(project, locale: str, translations: dict[str, str]) -> None:
    """What a project owner does: add the locale to the configuration, run init, translate."""
    pyproject = project.root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pyproject.write_text(re.sub(r"locales = \[([^\]]*)\]", rf'locales = [\1, "{locale}"]', text, count=1), encoding="utf-8")
    result = run(project, "init", locale)
    assert result.exit_code == 0, result.output
    po = project.bulletins[0].catalog_path(locale)
    text = po.read_text(encoding="utf-8")
    for msgid, msgstr in translations.items():
        text = text.replace(f'msgid "{msgid}"\nmsgstr ""', f'msgid "{msgid}"\nmsgstr "{msgstr}"', 1)
    po.write_text(text, encoding="utf-8")


def test_adding_a_cyrillic_locale_takes_configuration_and_init(mini, tmp_path):
    add_locale(mini, "be", {"The summit was held": "Саміт адбыўся", "English": "Беларуская"})
    project = load_project(mini.root)
    out = tmp_path / "dist"
    result = build_with(project, out_dir=out, formats=["html"])
    assert result.failures == ()
    page = (out / "be" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="be"' in page and "Саміт адбыўся" in page
    chooser = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="be/index.html"' in chooser and "Беларуская" in chooser
    assert run(project, "check", "be").exit_code in (0, 1)  # runs; untranslated units are warnings


@pytest.mark.slow
def test_adding_a_latin_locale_gives_a_hyphenated_pdf_with_the_bundled_fonts(mini, tmp_path):
    add_locale(mini, "de", {"The summit was held": "Der Gipfel fand statt", "English": "Deutsch"})
    project = load_project(mini.root)
    out = tmp_path / "dist"
    result = build_with(project, out_dir=out, locales=["de"])
    assert result.failures == ()
    pdf = PdfReader(out / "de" / "mini-de.pdf")
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "Der Gipfel fand statt" in text
    assert str(pdf.trailer["/Root"]["/Lang"]) == "de"
    fonts = {str(font["/BaseFont"]).split("+")[-1] for page in pdf.pages
             for font in page["/Resources"].get("/Font", {}).values()}
    assert fonts and all(name.startswith("Silkpress-Serif") or name.startswith("SilkpressSerif") for name in fonts), fonts


def test_every_script_has_fonts_that_draw_its_letters():
    from silkpress.fonts import coverage

    samples = {"Latn": "Aaʻʼ", "Cyrl": "ЖжҚқ", "Hans": "中文"}
    for code, script in SCRIPTS.items():
        covered = coverage(script.faces, 400) & coverage(script.faces, 700)
        assert all(ord(char) in covered for char in samples[code]), code
