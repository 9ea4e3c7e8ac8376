"""The typography pass (silkpress.typography): each rule on small inline pages, what it must never
touch, and that it reaches the web page but not the feed or the catalogs."""

from __future__ import annotations

import pytest

from silkpress import profiles
from silkpress.editions import load_edition
from silkpress.profiles import profile_for
from silkpress.source import load_bulletin
from silkpress.typography import NBSP, RULES, WORD_JOINER, Typesetter, typesetter

from .helpers import run

WJ = WORD_JOINER


def typeset(locale: str, text: str, tag: str | None = None) -> str:
    """``text`` as the body of a page in ``locale``, typeset with its profile's rules."""
    tag = tag or locale.replace("_", "-")
    page = f'<html lang="{tag}"><body><p>{text}</p></body></html>'
    out = typesetter({tag: profile_for(locale).text_rules})(page)
    return out.removeprefix(f'<html lang="{tag}"><body><p>').removesuffix("</p></body></html>")


@pytest.mark.parametrize(("text", "expected"), [
    ("и в отношениях", f"и{NBSP}в{NBSP}отношениях"),
    ("В 2025 году и на рынке", f"В{NBSP}2025 году и{NBSP}на{NBSP}рынке"),
    ("дом с садом", f"дом с{NBSP}садом"),
    ("«Китай — Центральная Азия»", f"«Китай{NBSP}— Центральная Азия»"),
    ("1991 – 2025", f"1991{NBSP}– 2025"),
    ("рост 37,7 % и 15 км", f"рост 37,7{NBSP}% и{NBSP}15{NBSP}км"),
    ("№ 1", f"№{NBSP}1"),
    ("М. Тынышпаева и А. Б. Иванов", f"М.{NBSP}Тынышпаева и{NBSP}А.{NBSP}Б.{NBSP}Иванов"),
    ("Джалал-Абад и Ош", f"Джалал-Абад и{NBSP}Ош"),  # "Абад" is no short word, "и" is
    ("Азия. В конце", f"Азия. В{NBSP}конце"),  # a sentence's end is no initial
    ("слово в", "слово в"),  # nothing follows: nothing to glue
    ("1 000 человек", "1 000 человек"),  # not a unit
])
def test_russian_rules(text, expected):
    assert typeset("ru", text) == expected


def test_kazakh_keeps_enclitics_after_their_word_and_conjunctions_before_theirs():
    assert typeset("kk", "Қытай мен Қазақстан және Өзбекстан") == f"Қытай{NBSP}мен Қазақстан және{NBSP}Өзбекстан"
    assert typeset("kk", "Астана — Бейжің, 12 %") == f"Астана{NBSP}— Бейжің, 12{NBSP}%"
    assert typeset("kk", "менің") == "менің"  # a word that starts like one is no enclitic


def test_uzbek_glues_the_dash_to_the_word_before_it():
    assert typeset("uz", "«Markaziy Osiyo – Xitoy» ruhi", "uz-Latn") == f"«Markaziy Osiyo{NBSP}– Xitoy» ruhi"
    assert typeset("uz", "Xitoy va Oʻzbekiston", "uz-Latn") == f"Xitoy va{NBSP}Oʻzbekiston"
    assert typeset("uz", "L.N. Gumilyov", "uz-Latn") == f"L.N.{NBSP}Gumilyov"


def test_english_keeps_a_one_digit_number_with_its_abbreviation_only():
    assert typeset("en", "Resolution No. 5 and p. 3") == f"Resolution No.{NBSP}5 and p.{NBSP}3"
    assert typeset("en", "No. 12, a treaty, I agree") == "No. 12, a treaty, I agree"


def test_chinese_joins_the_last_two_characters_of_a_block():
    assert typeset("zh_Hans", "十大事件。") == f"十大事{WJ}件。"
    assert typeset("zh_Hans", "“一带一路”合作。”") == f"“一带一路”合{WJ}作。”"
    assert typeset("zh_Hans", "中亚<em>峰会</em>。") == f"中亚<em>峰{WJ}会</em>。"
    assert typeset("zh_Hans", "日期") == "日期"  # two characters cannot leave one alone: untouched
    assert typeset("zh_Hans", "共十件，在北京") == f"共十件，在北{WJ}京"
    heading = '<html lang="zh-Hans"><body><h2>合作条约</h2><p>十大事件</p></body></html>'
    # Headings are left alone: their text is also the PDF's bookmarks, which must not carry U+2060.
    assert typesetter({"zh-Hans": profile_for("zh_Hans").text_rules})(heading) == heading.replace("事件", f"事{WJ}件")


def test_a_locale_without_rules_gets_none_and_a_profile_entry_gives_some(monkeypatch):
    page = '<html lang="be"><body><p>Мінск — сталіца, і в горадзе 5 %</p></body></html>'
    assert profile_for("be").text_rules == () and profile_for("de").text_rules == ()
    assert typesetter({"be": profile_for("be").text_rules})(page) == page
    monkeypatch.setitem(profiles.LOCALES, "be_Cyrl", {"text_rules": ("dash",)})
    profile_for.cache_clear()
    try:
        assert typesetter({"be": profile_for("be").text_rules})(page) == page.replace(" —", f"{NBSP}—")
    finally:
        monkeypatch.undo()
        profile_for.cache_clear()


def test_every_named_rule_exists():
    named = {name for entry in profiles.LOCALES.values() for name in entry.get("text_rules", ())}  # type: ignore[union-attr]
    assert named and named <= set(RULES)


PAGE = """<!DOCTYPE html>
<html lang="ru"><head><title>и в доме — 5 %</title>
<meta name="description" content="и в доме — 5 %">
<style>p::before { content: "и в — " }</style>
<script type="application/ld+json">{"name": "и в доме — 5 %"}</script></head>
<body><p title="и в доме">и <a href="https://example.org/и в/">в доме</a> &amp; в&nbsp;нём &#171;а&#187; и <!-- и в --> о</p>
<p lang="en" data-l10n="untranslated">a No. 5 и в доме</p><ul><li>в</li><li>доме</li></ul></body></html>"""


def test_markup_attributes_head_and_scripts_are_untouched_and_each_language_gets_its_rules():
    out = typesetter({"ru": profile_for("ru").text_rules, "en": profile_for("en").text_rules})(PAGE)
    head, body = out.split("</head>")
    assert head == PAGE.split("</head>")[0]
    assert '<p title="и в доме">' in body and 'href="https://example.org/и в/"' in body and "<!-- и в -->" in body
    assert f"и{NBSP}<a " in body and f">в{NBSP}доме</a> &amp; в&nbsp;нём &#171;а&#187; и <!--" in body
    # The untranslated unit is English: English rules, not Russian ones.
    assert f"a No.{NBSP}5 и в доме</p>" in body
    assert "<li>в</li><li>доме</li>" in body  # no gluing across block boundaries
    assert out.replace(NBSP, " ") == PAGE.replace("&nbsp;", "\x00").replace(NBSP, " ").replace("\x00", "&nbsp;")


@pytest.mark.parametrize("locale", ["ru", "kk", "uz", "en", "zh_Hans"])
def test_idempotent(locale):
    text = "и в доме — 37,7 % № 1 М. Тынышпаева Қытай мен va u No. 5 十大事件。"
    once = typeset(locale, text)
    assert typeset(locale, once) == once


def test_no_rules_no_change():
    assert Typesetter()(PAGE) == PAGE


def test_the_web_page_is_typeset_the_feed_and_the_catalog_are_not(mini, tmp_path):
    po = mini.bulletins[0].catalog_path("ru")
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Первый абзац."', 'msgstr "Первый абзац, и в нём — 5 %."'),
                  encoding="utf-8")
    before = po.read_bytes()
    edition = load_edition(mini.bulletins[0], load_bulletin(mini.sources[0]), "ru")
    out = tmp_path / "out"
    assert run(mini, "build", "--locale", "ru", "--edition-format", "html", "--out", str(out)).exit_code == 0
    page = (out / "ru" / "index.html").read_text(encoding="utf-8")
    assert f"Первый абзац, и{NBSP}в{NBSP}нём{NBSP}— 5{NBSP}%." in page.split("</head>")[1]
    assert NBSP not in page.split("</head>")[0]  # <title>, meta, JSON-LD
    assert "<summary>Первый абзац, и в нём — 5 %.</summary>" in (out / "ru" / "feed.xml").read_text(encoding="utf-8")
    assert po.read_bytes() == before
    assert "Первый абзац, и в нём — 5 %." in edition.translations.messages.values()


def test_the_pdf_line_measures_flag_what_they_count():
    from .pdflines import ends_with_one_letter_word, one_character_line, starts_with_dash

    assert ends_with_one_letter_word("совместную реализацию и в") and ends_with_one_letter_word("работы («и")
    assert not ends_with_one_letter_word(f"и{NBSP}в{NBSP}основном") and not ends_with_one_letter_word("в")
    assert starts_with_dash("– Xitoy» ruhini") and starts_with_dash("— Бейжің") and not starts_with_dash("Xitoy – ruhi")
    assert one_character_line("件。") and one_character_line("年”。") and not one_character_line("事件。")
