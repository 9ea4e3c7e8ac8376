"""The proof edition's data and page (silkpress proof), on small catalogs: units in document order,
statuses, the word diff of a fuzzy unit, --only, the appendix and the CLI's refusals. The PDFs
are rendered by tests/test_proof_pdf.py (slow)."""

from __future__ import annotations

import re

import pytest

from silkpress.errors import ConfigError
from silkpress.i18n.pofile import read_po
from silkpress.proof import DiffPiece, proof_units, word_diff
from silkpress.proofing import ProofOptions, make_proofs, proof_documents

from .helpers import run

CATALOG = b'''msgid ""
msgstr "Content-Type: text/plain; charset=UTF-8\\n"

#. Summit means the leaders' meeting.
#: source/mini.yaml:14
msgctxt "summit/title"
msgid "The summit was held"
msgstr "\\xd0\\xa1\\xd0\\xb0\\xd0\\xbc\\xd0\\xbc\\xd0\\xb8\\xd1\\x82 \\xd0\\xbf\\xd1\\x80\\xd0\\xbe\\xd1\\x88\\xd1\\x91\\xd0\\xbb"

# Checked against the agency's release.
#, fuzzy
#| msgid "First paragraph, old."
msgctxt "summit/p1"
msgid "First paragraph."
msgstr "Old translation."
'''


def test_a_word_diff_marks_deleted_and_inserted_words_and_keeps_the_rest():
    assert word_diff("The heads of state met in Astana.", "The heads of state met in Tashkent on Monday.") == (
        DiffPiece("same", "The heads of state met in "), DiffPiece("del", "Astana"), DiffPiece("ins", "Tashkent on Monday"),
        DiffPiece("same", "."),
    )
    assert word_diff("same text", "same text") == (DiffPiece("same", "same text"),)


def test_a_character_diff_for_scripts_written_without_spaces():
    by_word = word_diff("中国与中亚", "中国和中亚")
    by_character = word_diff("中国与中亚", "中国和中亚", by_character=True)
    assert [p.kind for p in by_word] == ["del", "ins"]  # one "word": the whole sentence changes
    assert by_character == (DiffPiece("same", "中国"), DiffPiece("del", "与"), DiffPiece("ins", "和"), DiffPiece("same", "中亚"))


def _units(mini, catalog=CATALOG, only=()):
    source = mini.bulletins[0].load()
    return proof_units(source, read_po(catalog, "ru.po"), "locales/ru/LC_MESSAGES/bulletin.po", only)


def test_every_unit_in_document_order_with_its_status_line_notes_and_comments(mini):
    units = _units(mini)
    source = mini.bulletins[0].load()
    assert [u.id for u in units] == [unit.id for unit in source.units()]
    by_id = {u.id: u for u in units}
    title = by_id["summit/title"]
    assert (title.state, title.translation, title.where) == ("translated", "Саммит прошёл", "locales/ru/LC_MESSAGES/bulletin.po:7")  # the msgid line
    assert title.notes == ("Summit means the leaders' meeting.",) and title.diff == ()
    fuzzy = by_id["summit/p1"]
    assert (fuzzy.state, fuzzy.translation, fuzzy.previous) == ("fuzzy", "Old translation.", "First paragraph, old.")
    assert fuzzy.comments == ("Checked against the agency's release.",)
    assert fuzzy.diff == (DiffPiece("same", "First paragraph"), DiffPiece("del", ", old"), DiffPiece("same", "."))
    missing = by_id["forums/title"]
    assert (missing.state, missing.translation, missing.where) == ("untranslated", "", "locales/ru/LC_MESSAGES/bulletin.po")


def test_a_catalog_not_yet_updated_shows_the_changed_unit_as_update_will_make_it(mini):
    stale = CATALOG.replace(b'msgid "The summit was held"', b'msgid "The summit took place"')
    unit = {u.id: u for u in _units(mini, stale)}["summit/title"]
    assert unit.state == "fuzzy" and unit.previous == "The summit took place"
    assert DiffPiece("del", "took place") in unit.diff and DiffPiece("ins", "was held") in unit.diff


def test_only_keeps_the_units_in_the_states_asked_for(mini):
    assert {u.state for u in _units(mini, only=("fuzzy",))} == {"fuzzy"}
    states = [u.state for u in _units(mini, only=("fuzzy", "untranslated"))]
    assert "translated" not in states and states.count("fuzzy") == 1 and "untranslated" in states


def _page(mini, locale="ru", only=()):
    [document] = proof_documents(mini.bulletins[0], (locale,), only)
    return document


def test_the_page_pairs_source_and_translation_with_languages_marked(mini):
    document = _page(mini)
    page = document.page
    assert '<html lang="ru"' in page
    assert page.count('<tbody class="unit state-') == len(document.data.units)
    assert re.search(r'<td lang="en">The summit was held\s*</td>\s*<td>Саммит состоялся</td>', page)
    assert "Корректура перевода" in page and "Переведено" in page  # the interface in the proof's language
    assert "locales/ru/LC_MESSAGES/bulletin.po:" in page
    assert document.job.variant == "pdf/ua-1" and "@page" in document.job.html


def test_the_header_gives_completeness_and_the_source_and_catalog_hashes(mini):
    from silkpress.cache import file_digest

    bulletin = mini.bulletins[0]
    page = _page(mini).page
    running = re.search(r'<p class="running">(.*?)</p>', page, re.S).group(1)
    assert file_digest(bulletin.source)[:12] in running
    assert file_digest(bulletin.catalog_path("ru"))[:12] in running
    assert re.search(r"Переведено \d+(,\d)?\s?%", running)


def test_the_page_marks_a_fuzzy_unit_with_its_word_diff(mini):
    po = mini.bulletins[0].catalog_path("ru")
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgctxt "summit/p1"', '#, fuzzy\n#| msgid "First short paragraph."\nmsgctxt "summit/p1"', 1)
    po.write_text(text, encoding="utf-8")
    document = _page(mini, only=("fuzzy",))
    assert [u.id for u in document.data.units] == ["summit/p1"]
    assert re.search(r"<del>\s*short\s*</del>", document.page) and 'class="unit state-fuzzy"' in document.page
    assert "На проверке" in document.page  # the status as a word, not only a colour


def test_the_appendix_lists_interface_strings_places_countries_and_dates(mini):
    data = _page(mini, "zh_Hans").data
    assert any(p.source == "Contents" and p.text == "目录" for p in data.interface)
    assert [p.id for p in data.countries] == ["country/KZ", "country/CN", "country/UZ"]
    assert data.countries[1].text == "中国"
    assert data.dates[0].id == "published" and "2025" in data.dates[0].text and "年" in data.dates[0].text
    assert [p.source for p in data.places] == ["Astana"]


def test_the_source_locale_and_unknown_states_are_refused(mini):
    with pytest.raises(ConfigError, match="source locale"):
        make_proofs(mini, ProofOptions(("en",)))
    result = run(mini, "proof", "--only", "fuzzy,done")
    assert result.exit_code == 1 and "--only takes translated, fuzzy, untranslated, not done" in result.output
    assert run(mini, "proof", "xx").exit_code != 0
    assert "--only" in run(mini, "proof", "--help").output


def test_a_long_diff_keeps_a_few_words_of_context_around_each_change():
    from silkpress.proof import in_context

    old = " ".join(f"w{i}" for i in range(40))
    new = old.replace("w20", "changed")
    pieces = in_context(word_diff(old, new), keep=3)
    assert [p.kind for p in pieces] == ["same", "del", "ins", "same"]
    assert pieces[0].text == "…w17 w18 w19 " and pieces[-1].text == " w21 w22 w23…"
    assert in_context(word_diff("a b", "a c"), keep=3) == word_diff("a b", "a c")  # short: untouched
