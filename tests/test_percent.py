"""A % in the text: bulletin text is never a format string; interface strings are, and check and
build judge them alike, naming the .po line and the character."""

from __future__ import annotations

from silkpress.i18n.pofile import read_po

from .gnu import msgfmt_errors
from .helpers import add_entry, run


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_percent_in_bulletin_text_is_a_character(mini, tmp_path):
    edit(mini.sources[0], "First paragraph.", "62% of passengers paid 100 %s, or 5%%.")
    assert run(mini, "update").exit_code == 0
    po = mini.bulletins[0].catalog_path("ru")
    entry = read_po(po.read_bytes()).get("62% of passengers paid 100 %s, or 5%%.", "summit/p1")
    assert entry.formats == ()  # no python-format, whatever Python would make of "% o"
    edit(po, 'msgstr "Первый абзац."', 'msgstr "62 % пассажиров заплатили 100 %s, или 5%%."')
    edit(po, '#, fuzzy\n#| msgid "First paragraph."\nmsgctxt "summit/p1"', 'msgctxt "summit/p1"')
    assert msgfmt_errors(po)[0] == 0
    out = tmp_path / "out"
    result = run(mini, "build", "--locale", "ru", "--edition-format", "html", "--out", str(out))
    assert result.exit_code == 0, result.output
    page = (out / "ru" / "index.html").read_text(encoding="utf-8")
    # As written (nothing doubled, nothing eaten), but for the typography pass's no-break space before "%".
    assert "62\u00a0% пассажиров заплатили 100 %s, или 5%%." in page


def test_check_and_build_refuse_the_same_broken_interface_string(mini, tmp_path):
    po = mini.bulletins[0].catalog_path("ru")
    add_entry(mini, "ru", "Contents", "Содержание 100%п")  # an override of the theme's string
    line = next(number for number, text in enumerate(po.read_text(encoding="utf-8").splitlines(), 1)
                if text == 'msgstr "Содержание 100%п"')
    check = run(mini, "check", "ru")
    assert check.exit_code == 1
    expected = f"locales/ru/LC_MESSAGES/bulletin.po:{line}: error: [placeholders]"
    reported = [row for row in check.output.splitlines() if row.startswith(expected)]
    assert reported and "'п' (U+043F CYRILLIC SMALL LETTER PE)" in reported[0] and "%%" in reported[0]
    build = run(mini, "build", "--release", "--locale", "ru", "--edition-format", "html", "--out", str(tmp_path / "out"))
    assert build.exit_code == 1
    assert f"locales/ru/LC_MESSAGES/bulletin.po:{line}:" in build.output and "U+043F" in build.output
    assert "Traceback" not in build.output


def test_no_python_format_makes_a_translation_literal(mini, tmp_path):
    po = mini.bulletins[0].catalog_path("ru")
    add_entry(mini, "ru", "Contents", "Содержание (100 %)", flags="no-python-format")  # an override
    assert run(mini, "check", "ru").output.count("Содержание (100 %)") == 0  # no placeholder finding for it
    out = tmp_path / "out"
    result = run(mini, "build", "--locale", "ru", "--edition-format", "html", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Содержание (100\u00a0%)" in (out / "ru" / "index.html").read_text(encoding="utf-8")  # typeset: 100 + NBSP + %
    # and update keeps the translator's override and flag
    assert run(mini, "update").exit_code == 0
    assert read_po(po.read_bytes()).get("Contents").formats == (("python", "no"),)
