"""Each catalog check, on a bad fixture and on clean catalogs (tests/data/checks/*.po)."""

from __future__ import annotations

import re

import pytest

from silkpress.i18n.checks import check_catalog, check_project
from silkpress.i18n.checks.termbase import load_termbase

from .conftest import DATA

CHECKS = DATA / "checks"
FIXTURES = sorted(CHECKS.glob("*.po"))
TERMS = load_termbase(CHECKS / "termbase.tsv", "termbase.tsv")
LINE = re.compile(r"^[^:]+:(\d+): (error|warning): \[([a-z-]+)\] .+")


def expectation(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.match(r"# checked as (\w+); expect:(.*)$", first)
    return match.group(1), sorted(match.group(2).split())


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_each_check_catches_its_fixture(path):
    locale, expected = expectation(path)
    diagnostics = check_catalog(path, locale, path.name, "en", TERMS)
    assert sorted({d.check for d in diagnostics}) == expected
    for diagnostic in diagnostics:
        assert LINE.match(str(diagnostic)), str(diagnostic)
        assert diagnostic.line is not None


def test_diagnostics_name_line_and_msgctxt():
    numbers = check_catalog(CHECKS / "numbers-bad.po", "ru", "numbers-bad.po", "en", TERMS)
    assert [str(d) for d in numbers] == [
        "numbers-bad.po:11: error: [numbers] the number 37.7 is missing from the translation (a/p1)"
    ]
    syntax = check_catalog(CHECKS / "syntax-bad.po", "ru", "syntax-bad.po", "en", TERMS)
    # GNU msgfmt's messages, at its lines (an unclosed string is reported on the next line)
    assert [(d.line, d.message.split(" (")[0]) for d in syntax] == [
        (11, "end-of-line within string"), (13, 'keyword "msgfoo" unknown'), (13, "syntax error"),
        (16, 'keyword "stray" unknown'), (16, "syntax error"), (23, "duplicate message definition"),
    ]


def test_header_problems():
    messages = [d.message for d in check_catalog(CHECKS / "header-bad.po", "ru", "h.po", "en", TERMS)]
    assert any("Language is 'kk'" in m for m in messages)
    assert any("nplurals = 2 but plural expression can produce values as large as 2" in m for m in messages)
    assert any("CLDR says 3" in m for m in messages)


def test_numbers_allow_locale_formats_and_words(tmp_path):
    po = tmp_path / "n.po"
    text = (CHECKS / "clean-ru.po").read_text(encoding="utf-8")
    po.write_text(text + '\nmsgctxt "x/p1"\nmsgid "Six bases, 1,000 trees, 3 years."\nmsgstr "Шесть баз, 1\u00a0000 деревьев, три года."\n', encoding="utf-8")
    assert check_catalog(po, "ru", "n.po", "en", TERMS) == []


def test_invalid_utf8_is_reported(tmp_path):
    po = tmp_path / "bad.po"
    header = b'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    po.write_bytes(header + b'\nmsgid "A"\nmsgstr "\xff"\n')
    (diagnostic,) = check_catalog(po, "ru", "bad.po")  # as msgfmt -c says it
    assert (diagnostic.check, diagnostic.line, diagnostic.message) == ("po-syntax", 7, "invalid multibyte sequence")
    # with no charset, GNU reads the bytes as they are; silkpress still wants UTF-8
    po.write_bytes(b'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\nmsgid "A"\nmsgstr "\xff"\n')
    found = {(d.check, d.line) for d in check_catalog(po, "ru", "bad.po")}
    assert ("po-syntax", 6) in found and ("header", 1) in found


@pytest.mark.content
def test_real_catalogs_have_no_errors_or_warnings(real_project):
    assert [str(d) for d in check_project(real_project.bulletins[0])] == []


# --- issue 13: hidden characters, tag-like text, placeholders as the msgid writes them -------

HEADER = (CHECKS / "clean-ru.po").read_text(encoding="utf-8").split("\n\n")[0] + "\n"


def check_one(tmp_path, msgid, msgstr, terms=TERMS, flags=""):
    po = tmp_path / "one.po"
    po.write_text(f'{HEADER}\n#: source/b.yaml:3\n{flags}msgctxt "a/p1"\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n', encoding="utf-8")
    return [str(d) for d in check_catalog(po, "ru", "one.po", "en", terms)]


def test_invisible_characters_are_named_one_by_one():
    found = [str(d) for d in check_catalog(CHECKS / "invisible-bad.po", "ru", "i.po", "en", TERMS)]
    assert found == [
        ("i.po:11: error: [invisible] bidi control '\\u202e' (U+202E RIGHT-TO-LEFT OVERRIDE) that the source does not have: "
         "remove it (it can reorder what the reader sees, numbers included) (a/p1)"),
        ("i.po:11: error: [invisible] bidi control '\\u202c' (U+202C POP DIRECTIONAL FORMATTING) that the source does not "
         "have: remove it (it can reorder what the reader sees, numbers included) (a/p1)"),
        *(f"i.po:16: error: [invisible] invisible character {name} that the source does not have: remove it (it hides "
          "inside the text) (a/p2)" for name in ("'\\u200b' (U+200B ZERO WIDTH SPACE)", "'\\u200d' (U+200D ZERO WIDTH JOINER)",
                                                 "'\\u2060' (U+2060 WORD JOINER)", "'\\ufeff' (U+FEFF ZERO WIDTH NO-BREAK SPACE)")),
        ("i.po:21: error: [invisible] invisible character '\\xad' (U+00AD SOFT HYPHEN) that the source does not have: "
         "remove it (it hides inside the text) (a/p3)"),
    ]


def test_hidden_characters_the_source_has_are_allowed(tmp_path):
    assert check_one(tmp_path, "Inter\u00adoperability in 2025", "Взаимо\u00adдей\u00adствие в 2025 году") == []
    assert check_one(tmp_path, "Name \u2067Astana\u2069", "Имя \u2067Астана\u2069") == []
    # one more than the source has is one too many
    assert [d.split("] ")[1][:26] for d in check_one(tmp_path, "Name \u2067A\u2069", "\u2067Имя \u2067A\u2069")] == [
        "bidi control '\\u2067' (U+2"]


def test_numbers_and_termbase_read_what_the_reader_sees(tmp_path):
    # "20\u200b25" is 2025 on the page: the numbers check finds it, the invisible check names the character
    found = check_one(tmp_path, "Held in 2025.", "Прошёл в 20\u200b25 году.")
    assert [d.split(" [")[1].split("]")[0] for d in found] == ["invisible"]
    # an official name with a zero-width character inside a stem is the right name, hidden characters aside
    source = "The China–Central Asia Summit was held."
    spoofed = "Состоялся саммит «Китай — Цент\u200bральная Азия»."
    assert [d.split(" [")[1].split("]")[0] for d in check_one(tmp_path, source, spoofed)] == ["invisible"]
    assert check_one(tmp_path, source, spoofed.replace("\u200b", "")) == []


def test_any_tag_like_text_a_translation_adds_is_markup(tmp_path):
    found = [str(d) for d in check_catalog(CHECKS / "markup-unknown-bad.po", "ru", "m.po", "en", TERMS)]
    assert found == [
        "m.po:11: error: [markup] markup </svg> is not in the source (a/p1)",
        'm.po:11: error: [markup] markup <circle r="9"/> is not in the source (a/p1)',
        "m.po:11: error: [markup] markup <svg> is not in the source (a/p1)",
        'm.po:16: error: [markup] markup <link rel="stylesheet" href="x.css"> is not in the source (a/p2)',
        "m.po:23: error: [markup] markup </math> is not in the source (a/p3)",
        "m.po:23: error: [markup] markup </mi> is not in the source (a/p3)",
        "m.po:23: error: [markup] markup <math> is not in the source (a/p3)",
        "m.po:23: error: [markup] markup <mi> is not in the source (a/p3)",
    ]
    # "<That>" in English prose is not markup a translation must keep; "< 5 >" and "<Это>" are not tags
    assert check_one(tmp_path, "Two Things <That> Happened", "Две вещи произошли") == []
    assert check_one(tmp_path, "Less than 5", "Меньше < 5 > <Это>") == []
    assert check_one(tmp_path, "Two Things <That> Happened", "Две вещи <That> произошли") == []
    assert check_one(tmp_path, "Read <em>this</em>", "Прочтите это")[0].endswith("markup </em> from the source is missing or changed (a/p1)")


def test_check_and_build_hold_placeholders_to_the_msgid_at_the_msgstr_line():
    found = [str(d) for d in check_catalog(CHECKS / "placeholders-width-bad.po", "ru", "p.po", "en", TERMS)]
    assert "p.po:12: error: [placeholders] msgstr writes '%(pages)100000000s' where the msgid has '%(pages)s': a placeholder " \
           "keeps the msgid's flags, width, precision and conversion (Page %(page)s of %(pages)s)" in found
    assert "p.po:16: error: [placeholders] msgstr writes '%(date)r' where the msgid has '%(date)s': a placeholder keeps " \
           "the msgid's flags, width, precision and conversion (Published %(date)s)" in found
    from silkpress.catalogs import load_translations
    from silkpress.errors import CatalogError

    with pytest.raises(CatalogError) as error:  # the build: the same message at the same line (the first one)
        load_translations(CHECKS / "placeholders-width-bad.po", "ru", "p.po")
    assert (error.value.line, error.value.message) == (12, found[0].split("] ", 1)[1].rsplit(" (", 1)[0])


# --- issue 14: one validation path ------------------------------------------------------------


def check_interface(tmp_path, msgid, msgstr):
    """The findings on one interface string (one of the theme's) that a project's catalog overrides."""
    po = tmp_path / "ui.po"
    po.write_text(f'{HEADER}\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n', encoding="utf-8")
    return [str(d).split(": ", 1)[1] for d in check_catalog(po, "ru", "ui.po", "en", TERMS)]


def test_a_placeholder_repeated_in_place_of_another_is_the_missing_one(tmp_path):
    """'Page %(page)s of %(page)s' formats (the build does not refuse it) but prints the page number
    twice: the missing %(pages)s is an error, the repeat a warning."""
    assert check_interface(tmp_path, "Page %(page)s of %(pages)s", "Страница %(page)s из %(page)s") == [
        "warning: [placeholders] placeholder %(page)s is written 2 times in the translation and once in the source"
        " (Page %(page)s of %(pages)s)",
        "error: [placeholders] placeholder %(pages)s is missing from the translation (Page %(page)s of %(pages)s)",
    ]
    # a name written twice, none missing: it formats, and a language may need it
    assert check_interface(tmp_path, "Published %(date)s", "%(date)s: опубликовано %(date)s") == [
        "warning: [placeholders] placeholder %(date)s is written 2 times in the translation and once in the source"
        " (Published %(date)s)",
    ]
    # written another way: one finding, the build's, at the msgstr line
    assert check_interface(tmp_path, "Published %(date)s", "Опубликовано %(date)r") == [
        "error: [placeholders] msgstr writes '%(date)r' where the msgid has '%(date)s': a placeholder keeps the msgid's"
        " flags, width, precision and conversion (Published %(date)s)",
    ]


def test_templates_are_checked_as_the_build_finds_them(mini):
    from silkpress.i18n.checks.templates import check_rendering, check_templates, needed_templates

    from .helpers import eject

    assert {"_language.html", "edition.html", "print.html", "print.css", "web.css"} <= set(needed_templates(mini))
    assert "bulletins.html" not in needed_templates(mini)  # only with several bulletins
    assert check_templates(mini) == [] and check_rendering(mini.bulletins[0]) == []  # the theme's, not rendered
    macros = eject(mini, "_macros.html")
    macros.write_text(macros.read_text(encoding="utf-8").replace("{% endmacro %}", "", 1), encoding="utf-8")
    (found,) = check_templates(mini)  # imported by edition.html and print.html, reported once
    assert (found.path, found.check) == ("templates/_macros.html", "templates") and "endmacro" in found.message
    eject(mini, "_macros.html")
    stylesheet = eject(mini, "print.css")  # print.html includes it: a template too
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "p { content: '{{ oops'; }\n", encoding="utf-8")
    (found,) = check_templates(mini)
    assert (found.path, found.line) == ("templates/print.css", stylesheet.read_text(encoding="utf-8").count("\n"))
    eject(mini, "print.css")
    language = eject(mini, "_language.html")
    language.write_text("{{ nothing.here }}\n", encoding="utf-8")
    assert [(d.path, d.line, d.message) for d in check_rendering(mini.bulletins[0])] == [
        ("templates/_language.html", 1, "error while rendering: 'nothing' is undefined")]


def _terms(tmp_path, text):
    path = tmp_path / "termbase.tsv"
    path.write_text(text, encoding="utf-8")
    return load_termbase(path, "termbase.tsv")


def _po(tmp_path, locale, msgid, msgstr):
    po = tmp_path / f"{locale}.po"
    plural = {"ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
              "kk": "nplurals=2; plural=(n != 1);", "uz": "nplurals=2; plural=(n != 1);"}[locale]
    po.write_text(
        f'msgid ""\nmsgstr ""\n"Language: {locale}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: {plural}\\n"\n\n'
        f'msgctxt "u/p1"\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n', encoding="utf-8")
    return po


TERMBASE = (
    "en\tru\tkk\tstatus\tdo not use\n"
    "China–Central Asia Summit\tсаммит «Центральная Азия — Китай»\t«Орталық Азия – Қытай» саммиті\tofficial\t"
    "ru: саммит «Китай — Центральная Азия»\n"
    "Shanghai Cooperation Organization\tШанхайская организация сотрудничества\tШанхай ынтымақтастық ұйымы\tofficial\t"
    "kk: Шаңхай ынтымақтастық ұйымы\n"
)


def test_a_rejected_form_is_an_error_in_any_inflection(tmp_path):
    terms = _terms(tmp_path, TERMBASE)
    po = _po(tmp_path, "ru", "Leaders met.", "Лидеры встретились на саммите «Китай — Центральная Азия».")
    found = [d for d in check_catalog(po, "ru", "ru.po", "en", terms) if d.check == "termbase"]
    assert [(d.severity, "rejected form" in d.message) for d in found] == [("error", True)]
    assert "write 'саммит «Центральная Азия — Китай»'" in found[0].message


def test_the_other_word_order_is_a_warning_one_term_one_form(tmp_path):
    terms = _terms(tmp_path, TERMBASE.replace("ru: саммит «Китай — Центральная Азия»", ""))
    po = _po(tmp_path, "ru", "The China–Central Asia Summit met.", "Прошёл саммит «Китай — Центральная Азия».")
    found = [d for d in check_catalog(po, "ru", "ru.po", "en", terms) if d.check == "termbase"]
    assert [d.severity for d in found] == ["warning"] and "word order" in found[0].message
    po = _po(tmp_path, "ru", "The China–Central Asia Summit met.", "Прошёл саммит «Центральная Азия — Китай».")
    assert [d for d in check_catalog(po, "ru", "ru.po", "en", terms) if d.check == "termbase"] == []


def test_kazakh_forms_are_matched_through_their_suffixes_and_an_official_name_beats_the_spelling_rule(tmp_path):
    terms = _terms(tmp_path, TERMBASE)
    right = _po(tmp_path, "kk", "The Shanghai Cooperation Organization met.", "Шанхай ынтымақтастық ұйымының саммиті өтті.")
    assert [d for d in check_catalog(right, "kk", "kk.po", "en", terms) if d.severity == "error"] == []
    wrong = _po(tmp_path, "kk", "The Shanghai Cooperation Organization met.", "Шаңхай ынтымақтастық ұйымының саммиті өтті.")
    errors = [d for d in check_catalog(wrong, "kk", "kk.po", "en", terms) if d.severity == "error"]
    assert [d.check for d in errors] == ["termbase", "termbase"]  # the rejected form, and the missing official one


def _termbase_errors(tmp_path, terms, locale, msgid, msgstr):
    po = _po(tmp_path, locale, msgid, msgstr)
    return [d.message for d in check_catalog(po, locale, f"{locale}.po", "en", terms) if d.check == "termbase"]


def test_a_rejected_form_that_differs_only_in_endings_is_caught_as_written_and_never_in_the_right_text(tmp_path):
    terms = _terms(tmp_path, "en\tuz\tstatus\tdo not use\nThink Tank Forum\t“Markaziy Osiyo – Xitoy” tahlil markazlari"
                             " forumi\tofficial\tuz: tahliliy markazlar forumi\n")
    assert _termbase_errors(tmp_path, terms, "uz", "The Think Tank Forum met.",
                            "“Markaziy Osiyo – Xitoy” tahlil markazlari forumida uchrashdi.") == []
    (wrong,) = _termbase_errors(tmp_path, terms, "uz", "It met.", "“Markaziy Osiyo – Xitoy” tahliliy markazlar forumida.")
    assert "'tahliliy markazlar forumi' is a rejected form" in wrong


def test_a_rejected_word_order_is_caught_where_the_official_words_follow(tmp_path):
    terms = _terms(tmp_path, "en\tkk\tstatus\tdo not use\nTreaty\tтату көршілік туралы шарт\tofficial\t"
                             "kk: Қытай Халық Республикасы мен Қазақстан Республикасы\n")
    right = "Қазақстан Республикасы және Қытай Халық Республикасы арасындағы тату көршілік туралы шартқа қол қойылды."
    assert _termbase_errors(tmp_path, terms, "kk", "The Treaty was signed.", right) == []
    wrong = "Қытай Халық Республикасы мен Қазақстан Республикасы арасындағы тату көршілік туралы шартқа қол қойылды."
    assert [m.split(" (")[0] for m in _termbase_errors(tmp_path, terms, "kk", "The Treaty was signed.", wrong)] == [
        "'Қытай Халық Республикасы мен Қазақстан Республикасы' is a rejected form of 'Treaty'"]


def test_a_rejected_form_of_one_short_word_is_matched_only_as_written(tmp_path):
    terms = _terms(tmp_path, "en\tuz\tstatus\tdo not use\nNaryn No. 1\t1-son Norin tunneli\tofficial\tuz: Norin-1\n")
    assert _termbase_errors(tmp_path, terms, "uz", "Naryn No. 1 and more.", "1-son Norin va boshqa tunnellar.") == []
    assert len(_termbase_errors(tmp_path, terms, "uz", "It opened.", "Norin-1 tunneli ochildi.")) == 1


def test_an_official_kazakh_name_beats_the_spelling_rule_in_any_inflection_but_the_city_does_not(tmp_path):
    terms = _terms(tmp_path, TERMBASE)
    inflected = _po(tmp_path, "kk", "It joined the Shanghai Cooperation Organization.",
                    "Ол Шанхай ынтымақтастық ұйымына кірді.")
    assert [d for d in check_catalog(inflected, "kk", "kk.po", "en", terms) if d.severity == "error"] == []
    city = _po(tmp_path, "kk", "Shanghai and Almaty.", "Шанхай мен Алматы.")
    assert [d.check for d in check_catalog(city, "kk", "kk.po", "en", terms)] == ["kk-spelling"]


def _catalog(tmp_path, locale, pairs):
    po = tmp_path / f"{locale}-many.po"
    body = "".join(f'msgctxt "u/p{number}"\nmsgid "{msgid}"\nmsgstr "{msgstr}"\n\n'
                   for number, (msgid, msgstr) in enumerate(pairs, start=1))
    po.write_text(f'msgid ""\nmsgstr ""\n"Language: {locale}\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n{body}',
                  encoding="utf-8")
    return po


def test_the_same_term_in_two_word_orders_in_one_catalog_is_a_warning_whatever_the_english_says(tmp_path):
    terms = _terms(tmp_path, "en\tru\tstatus\nChina–Central Asia Summit\tсаммит «Китай\u00a0— Центральная Азия»\tofficial\n")
    po = _catalog(tmp_path, "ru", [
        ("The summit met.", "Прошёл саммит «Китай\u00a0— Центральная Азия»."),
        ("The declaration was signed.", "Подписана декларация второго саммита «Центральная Азия\u00a0— Китай»."),
        ("The mechanism works.", "Работает механизм «Центральная Азия\u00a0— Китай»."),  # another name: no summit
    ])
    found = [d for d in check_catalog(po, "ru", "ru.po", "en", terms) if d.check == "termbase"]
    assert [(d.severity, d.context) for d in found] == [("warning", "u/p2")]
    assert "two sides swapped" in found[0].message and "u/p1" in found[0].message
    # one form throughout, in either order: nothing to say
    po = _catalog(tmp_path, "ru", [("The summit met.", "Прошёл саммит «Китай\u00a0— Центральная Азия».")])
    assert [d for d in check_catalog(po, "ru", "ru.po", "en", terms) if d.check == "termbase"] == []
    po = _catalog(tmp_path, "ru", [("It met.", "Прошёл саммит «Центральная Азия\u00a0— Китай».")])
    assert [d for d in check_catalog(po, "ru", "ru.po", "en", terms) if d.check == "termbase"] == []
