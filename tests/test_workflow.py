"""The translator's workflow end to end on the mini fixture project, and interoperability with GNU gettext and pybabel."""

from __future__ import annotations

import gettext
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from silkpress import CheckError
from silkpress.i18n import extract_messages
from silkpress.i18n.compile import compile_catalogs
from silkpress.i18n.stats import catalog_stats
from silkpress.i18n.update import update_catalogs

from .helpers import add_entry, build_with, eject, load_po, run


def edit_source(project, old, new):
    text = project.sources[0].read_text(encoding="utf-8")
    assert old in text
    project.sources[0].write_text(text.replace(old, new), encoding="utf-8")


def test_update_check_reports_out_of_date_and_writes_nothing(mini):
    assert run(mini, "update", "--check").exit_code == 0
    edit_source(mini, "First paragraph.", "First paragraph, corrected.")
    before = {p: p.read_bytes() for p in mini.locales_dir.rglob("*.po*")}
    result = run(mini, "update", "--check", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["template"]["changed"] and all(c["changed"] for c in report["catalogs"] if c["locale"] != "xx")
    assert {p: p.read_bytes() for p in mini.locales_dir.rglob("*.po*")} == before
    assert run(mini, "update").exit_code == 0
    assert run(mini, "update", "--check").exit_code == 0


def test_typo_fix_keeps_translation_as_fuzzy_and_translator_comments(mini):
    po = mini.bulletins[0].catalog_path("ru")
    po.write_text(po.read_text(encoding="utf-8").replace('msgctxt "summit/p1"', '# Checked with the editor.\nmsgctxt "summit/p1"'), encoding="utf-8")
    edit_source(mini, "First paragraph.", "First paragraf.")
    update_catalogs(mini.bulletins[0], extract_messages(mini.bulletins[0]))
    message = load_po(po, "ru").get("First paragraf.", "summit/p1")
    assert message.msgstr == "Первый абзац." and message.fuzzy
    assert message.previous_msgid == "First paragraph."
    assert message.comments == ("Checked with the editor.",)


def test_changed_interface_string_matches_a_close_old_one_only(mini, tmp_path):
    po = mini.bulletins[0].catalog_path("ru")
    add_entry(mini, "ru", "Contents", "Оглавление")  # the project's own word for the theme's "Contents"
    update_catalogs(mini.bulletins[0], extract_messages(mini.bulletins[0]))
    assert load_po(po, "ru").get("Contents").msgstr == "Оглавление"  # an override stays
    edition = eject(mini, "edition.html")
    edition.write_text(edition.read_text(encoding="utf-8").replace('_("Contents")', '_("Contents:")'), encoding="utf-8")
    update_catalogs(mini.bulletins[0], extract_messages(mini.bulletins[0]))
    catalog = load_po(po, "ru")
    changed = catalog.get("Contents:")
    assert changed.msgstr == "Оглавление" and changed.fuzzy and changed.previous_msgid == "Contents"
    # the print template still uses "Contents", whose override keeps its translation unchanged
    assert catalog.get("Contents").msgstr == "Оглавление" and not catalog.get("Contents").fuzzy


def test_interrupted_update_never_truncates_a_catalog(mini, monkeypatch):
    po = mini.bulletins[0].catalog_path("ru")
    before = po.read_bytes()
    edit_source(mini, "First paragraph.", "First paragraph, changed.")

    def crash(fd):
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        update_catalogs(mini.bulletins[0], extract_messages(mini.bulletins[0]))
    assert po.read_bytes() == before
    assert not list(mini.locales_dir.rglob("*.tmp"))


def test_written_catalogs_pass_msgfmt_and_survive_msgcat(mini, tmp_path, monkeypatch):
    # The template's date is the time of the update, to the minute: pinned, so that the updates
    # below cannot fall on either side of a minute (that made this test flaky).
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    edit_source(mini, "First paragraph.", "First paragraph, changed.")
    edit_source(mini, "    when: Since early 2025\n", "")
    update_catalogs(mini.bulletins[0], extract_messages(mini.bulletins[0]))
    rewrapped_some = False
    for locale in mini.locales:
        po = mini.bulletins[0].catalog_path(locale)
        check = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(po)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
        original = po.read_bytes()
        for width in ("--width=40", "--no-wrap"):
            rewrapped = tmp_path / f"{locale}.po"
            subprocess.run(["msgcat", width, "-o", str(rewrapped), str(po)], check=True)
            rewrapped_some = rewrapped_some or rewrapped.read_bytes() != original
            assert load_po(po, locale).entries == load_po(rewrapped, locale).entries
            # after a tool rewraps the file, update restores GNU's default wrapping and changes nothing else
            shutil.copy(rewrapped, po)
            update_catalogs(mini.bulletins[0], extract_messages(mini.bulletins[0]), locales=[locale])
            assert po.read_bytes() == original, (locale, width)
    assert rewrapped_some


def test_compile_writes_mo_that_gettext_reads(mini):
    written = compile_catalogs(mini.bulletins[0], ["zh_Hans"])  # incomplete is fine; check errors are not
    assert written == [mini.bulletins[0].catalog_path("zh_Hans").with_suffix(".mo")]
    with written[0].open("rb") as fileobj:
        translations = gettext.GNUTranslations(fileobj)
    assert translations.pgettext("summit/title", "The summit was held") == "峰会举行"
    # interface strings are the theme's: the project's .mo holds its own text only
    assert translations.pgettext("language name", "English") == "English"
    assert translations.pgettext("forums/p1", "Before the list.") == "Before the list."


def test_compile_refuses_when_checks_fail(mini):
    # the mini Russian catalog carries hostile markup in two translations
    result = run(mini, "compile", "ru")
    assert result.exit_code == 1
    assert "locales/ru/LC_MESSAGES/bulletin.po:" in result.stderr and "[markup]" in result.stderr
    assert not mini.bulletins[0].catalog_path("ru").with_suffix(".mo").exists()


def test_stats_table_and_json(mini):
    stats = catalog_stats(mini.bulletins[0], "ru")
    translated = sum(1 for entry in load_po(mini.bulletins[0].catalog_path("ru")).messages if entry.state == "translated")
    assert translated > 0 and stats.translated.messages == translated and stats.total.messages > translated
    assert 0 < stats.percent < 100
    assert catalog_stats(mini.bulletins[0], "en").percent == 100.0
    result = run(mini, "stats", "--format", "json")
    data = {row["locale"]: row for row in json.loads(result.stdout)}
    assert data["ru"]["translated"]["messages"] == translated and data["ru"]["percent"] == round(stats.percent, 1)
    table = run(mini, "stats", "ru").stdout
    assert table.splitlines()[0].split()[:2] == ["locale", "translated"] and "ru" in table


def test_check_command_output_and_exit(mini):
    add_entry(mini, "uz", "Places", "Joy'lar")  # an override, with an ASCII apostrophe for oʻ
    result = run(mini, "check", "uz")
    assert result.exit_code == 1
    assert "locales/uz/LC_MESSAGES/bulletin.po:" in result.stdout and "error: [uz-apostrophe]" in result.stdout
    data = json.loads(run(mini, "check", "uz", "--format", "json").stdout)
    assert {"path", "line", "severity", "check", "message", "context"} <= set(data[0])
    assert run(mini, "check", "en").exit_code == 0


def test_release_gate_refuses_a_half_translated_edition(mini, tmp_path):
    out = tmp_path / "dist"
    build_with(mini, formats=["html"], out_dir=out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    result = run(mini, "build", "--release", "--edition-format", "html", "--out", str(out))
    assert result.exit_code == 1
    assert "locales/ru/LC_MESSAGES/bulletin.po:" in result.stderr and "[untranslated]" in result.stderr
    assert "release refused" in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    with pytest.raises(CheckError) as info:
        build_with(mini, locales=["ru"], release=True, out_dir=out)
    assert all(d.severity == "error" for d in info.value.diagnostics)
    assert run(mini, "build", "--release", "--locale", "en", "--edition-format", "html", "--out", str(out)).exit_code == 0


def test_min_complete_leaves_out_locales_below_the_threshold(mini, tmp_path):
    out = tmp_path / "dist"
    build_with(mini, formats=["html"], out_dir=out)
    assert (out / "zh-Hans" / "index.html").exists()
    result = run(mini, "build", "--edition-format", "html", "--min-complete", "30", "--out", str(out))
    assert result.exit_code == 0
    assert "left out" in result.stderr and "zh_Hans" in result.stdout
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    locales = {a["locale"] for a in manifest["artifacts"]}
    assert "ru" in locales and "en" in locales and "zh_Hans" not in locales and "kk" not in locales
    assert not (out / "zh-Hans").exists()
    chooser = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="ru/index.html"' in chooser and "zh-Hans/index.html" not in chooser


def test_status_page(real_build):
    page = (real_build.out_dir / "status.html").read_text(encoding="utf-8")
    assert page.count("<progress") == 7 and 'value="100.0"' in page


def test_draft_pdf_marks_untranslated_units(mini, tmp_path):
    out = tmp_path / "dist"
    build_with(mini, locales=["ru"], formats=["pdf"], out_dir=out)
    pdf = PdfReader(out / "ru" / "mini-ru.pdf")
    streams = b"".join(page.get_contents().get_data() for page in pdf.pages)
    assert b"1 0.945098 0.721569 rg" in streams  # the draft highlight (#fff1b8) behind untranslated units
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "Forums met" in text and "Саммит состоялся" in text


def test_complete_edition_has_no_draft_marks(real_build):
    pdf = PdfReader(real_build.out_dir / "ru" / "china-central-asia-2025-ru.pdf")
    streams = b"".join(page.get_contents().get_data() for page in pdf.pages)
    assert b"1 0.945098 0.721569 rg" not in streams


def test_pybabel_extract_uses_our_extractor(mini, tmp_path):
    mapping = tmp_path / "babel.cfg"
    mapping.write_text("[silkpress: source/**.yaml]\n", encoding="utf-8")
    pot = tmp_path / "out.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "extract", "-F", str(mapping), "-o", str(pot), "-k", "pgettext:1c,2", "."],
        cwd=mini.root, check=True, capture_output=True,
    )
    text = pot.read_text(encoding="utf-8")
    assert 'msgctxt "summit/title"' in text and 'msgid "The summit was held"' in text
    assert "#. Summit means the leaders' meeting." in text
