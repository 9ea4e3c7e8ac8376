"""The typography pass: a locale's line-breaking rules applied to a rendered page's text.

A rule finds a place in the text (a space that must not break, a gap between two characters
that must not break) and what goes there (U+00A0, U+2060). Rules are entries of :data:`RULES`;
a locale's profile names the ones it uses (``LocaleProfile.text_rules``), so a locale without
rules gets none and a new locale gets rules by a profile entry.

The pass works on the page after its template has rendered it: only element text is changed,
never a tag, an attribute, an entity or the content of ``<head>``, ``<script>`` or ``<style>``
(so no <title>, JSON-LD or CSS); each element's text follows the rules of its ``lang`` (a
draft's untranslated unit, in the source language, gets the source language's rules). Feeds
are not typeset. Catalogs and the localized data are never touched: the pass returns a new page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Mapping

NBSP, WORD_JOINER = "\u00a0", "\u2060"
INLINE, BLOCK, PARAGRAPH = "\ufffc", "\u2028", "\u2029"
"""What the rules see in the place of an inline tag or entity, of a block boundary, and of the end
of a paragraph or list item (headings are left out: their text is also the PDF's bookmarks)."""
_PARAGRAPHS = frozenset({"p", "li", "dd"})

_SKIPPED = frozenset({"head", "script", "style", "title", "textarea", "pre", "template"})
_INLINE = frozenset({"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s",
                     "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_TOKEN = re.compile(r"<!--.*?-->|<!\w[^>]*>|<(/?)([A-Za-z][\w-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|&#?\w+;", re.S)
_LANG = re.compile(r"""\slang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


@dataclass(frozen=True)
class Rule:
    """Where the text must not break: each match's group ``at`` becomes ``replacement``."""

    name: str
    pattern: re.Pattern[str]
    replacement: str = NBSP


_CAPITAL = "A-ZÀ-ÖØ-ÞА-ЯЁЎӘҒҚҢӨҰҮҺІ"
_AFTER_BOUNDARY = rf"(?<![\w{NBSP}.\-\u2010])"


def words_before(name: str, words: Iterable[str]) -> Rule:
    """A no-break space after each of ``words`` (prepositions, conjunctions): none ends a line."""
    alternatives = "|".join(sorted(words, key=len, reverse=True))
    return Rule(name, re.compile(rf"{_AFTER_BOUNDARY}(?:{alternatives})(?P<at> )(?=\S)", re.I))


def words_after(name: str, words: Iterable[str]) -> Rule:
    """A no-break space before each of ``words`` (postpositions, enclitics): none starts a line."""
    alternatives = "|".join(sorted(words, key=len, reverse=True))
    return Rule(name, re.compile(rf"(?<=[\w{INLINE}])(?P<at> )(?:{alternatives})(?![\w\-])", re.I))


def units(name: str, words: Iterable[str]) -> Rule:
    """A no-break space between a number and its unit or ``%`` ("37,7 %", "15 км")."""
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return Rule(name, re.compile(rf"(?<=\d)(?P<at> )(?:{alternatives})(?!\w)"))


RULES: dict[str, Rule] = {
    # Spaced em and en dashes stay with the word before them: no line starts with a dash.
    "dash": Rule("dash", re.compile(rf"(?<=[^\s{BLOCK}])(?P<at> )(?=[\u2013\u2014](?:[\s{INLINE}{BLOCK}{PARAGRAPH}]|$))")),
    "numero": Rule("numero", re.compile(r"№(?P<at> )(?=\d)")),
    # Initials stay with each other and with the name: "М. Тынышпаева", "L.N. Gumilyov".
    "initials": Rule("initials", re.compile(rf"(?<![\w.])(?:[{_CAPITAL}]\.)+(?P<at> )(?=[{_CAPITAL}])")),
    "ru-short-words": words_before("ru-short-words", (
        "в", "к", "с", "у", "о", "и", "а", "я", "на", "не", "по", "за", "из", "от", "до", "во", "ко", "со", "об", "но", "да")),
    "ru-units": units("ru-units", ("%", "‰", "°C", "км", "м", "кг", "т", "га", "млн", "млрд", "трлн", "тыс.", "долл.", "руб.")),
    # Kazakh puts its postpositions and enclitics after the word they govern ("Қытай мен Қазақстан",
    # "Астана да"), so these must not start a line, the reverse of Russian prepositions; the
    # conjunctions that open a phrase (және, әрі, не) must not end one.
    "kk-short-words": words_before("kk-short-words", ("және", "әрі", "не", "я")),
    "kk-enclitics": words_after("kk-enclitics", ("мен", "бен", "пен", "да", "де", "та", "те", "ғана")),
    "kk-units": units("kk-units", ("%", "‰", "°C", "км", "м", "кг", "т", "га", "млн", "млрд", "трлн", "мың")),
    # Uzbek: va (and), yoki (or) and the demonstratives u, bu open a phrase. "ham" is left out: it
    # opens one as "ham ... ham" (both ... and) but follows its word as "also" ("Xitoy ham").
    "uz-short-words": words_before("uz-short-words", ("va", "yoki", "u", "bu")),
    "uz-units": units("uz-units", ("%", "‰", "°C", "km", "m", "kg", "t", "ga", "mln", "mlrd", "trln", "ming")),
    # The script-variant editions: the same words in the other script.
    "uz-cyrl-short-words": words_before("uz-cyrl-short-words", ("ва", "ёки", "у", "бу")),
    "uz-cyrl-units": units("uz-cyrl-units", ("%", "‰", "°C", "км", "м", "кг", "т", "га", "млн", "млрд", "трлн", "минг")),
    "kk-latn-short-words": words_before("kk-latn-short-words", ("jäne", "äri", "ne", "ia")),
    "kk-latn-enclitics": words_after("kk-latn-enclitics", ("men", "ben", "pen", "da", "de", "ta", "te", "ğana")),
    "kk-latn-units": units("kk-latn-units", ("%", "‰", "°C", "km", "m", "kg", "t", "ga", "mln", "mlrd", "trln", "myñ")),
    # A one-digit number stays with its abbreviation: "No. 5", "p. 3".
    "en-numbers": Rule("en-numbers", re.compile(r"(?<![\w.])(?:No|Nos|Vol|Art|Ch|Fig|p|pp)\.(?P<at> )(?=\d(?!\d))", re.I)),
    # Chinese: the last two Han characters of a paragraph or list item (and the closing punctuation after them,
    # which never starts a line anyway) are joined, so no paragraph ends with a one-character line.
    # A block of two characters ("日期", a label) cannot: it is left alone. U+2060 draws nothing, adds
    # no face to the PDF and is not in the text a reader extracts (tests/test_typography_pdf.py).
    "zh-last-line": Rule("zh-last-line", re.compile(
        rf"(?<=[^\s{BLOCK}{PARAGRAPH}][\u3400-\u4dbf\u4e00-\u9fff])(?P<at>)(?=[\u3400-\u4dbf\u4e00-\u9fff][，。、：；！？）》」』”’…{INLINE}]*{PARAGRAPH})"),
        WORD_JOINER),
}


def rules_named(names: Iterable[str]) -> tuple[Rule, ...]:
    """The rules a profile names; an unknown name is a KeyError (a profile is code, not input)."""
    return tuple(RULES[name] for name in names)


@dataclass(frozen=True)
class _Masked:
    """A page's text as the rules see it: one character per text character, one per tag or entity,
    with each character's place in the page (None for a tag) and its language."""

    text: str
    origin: tuple[int | None, ...]
    langs: tuple[str, ...]


def _mask(page: str) -> _Masked:
    chars: list[str] = []
    origin: list[int | None] = []
    langs: list[str] = []
    stack: list[tuple[str, str]] = [("", "")]
    skipping = 0
    position = 0

    def text(start: int, end: int) -> None:
        lang = stack[-1][1] if not skipping else ""
        chars.append(page[start:end] if not skipping else BLOCK)
        origin.extend(range(start, end) if not skipping else [None])
        langs.extend([lang] * (end - start if not skipping else 1))

    for match in _TOKEN.finditer(page):
        if match.start() > position:
            text(position, match.start())
        position = match.end()
        closing, name = match.group(1), (match.group(2) or "").lower()
        if name and not closing and name not in _VOID and not match.group(3).rstrip().endswith("/"):
            found = _LANG.search(match.group(3))
            lang = next(g for g in found.groups() if g is not None).lower() if found else stack[-1][1]
            stack.append((name, lang))
            skipping += name in _SKIPPED
        elif closing and any(open_name == name for open_name, _ in stack[1:]):
            while stack[-1][0] != name:
                stack.pop()
            stack.pop()
            skipping -= name in _SKIPPED
        placeholder = INLINE if (not name or name in _INLINE) and not match.group(0).startswith("<!") else BLOCK
        placeholder = PARAGRAPH if closing and name in _PARAGRAPHS else placeholder
        chars.append(placeholder)
        origin.append(None)
        langs.append("")
    if position < len(page):
        text(position, len(page))
    return _Masked("".join(chars), tuple(origin), tuple(langs))


def _speaks(lang: str, tag: str) -> bool:
    return bool(lang) and (lang == tag or lang.startswith(tag + "-"))


@dataclass(frozen=True)
class Typesetter:
    """The rules of each language a page may hold, by BCP 47 tag (lowercase)."""

    rules: Mapping[str, tuple[Rule, ...]] = field(default_factory=dict)

    def __call__(self, page: str) -> str:
        """``page`` with every rule applied to the text of its elements in the rule's language."""
        if not any(self.rules.values()):
            return page
        masked = _mask(page)
        edits: dict[int, tuple[int, str]] = {}
        for tag, rules in self.rules.items():
            for rule in rules:
                for match in rule.pattern.finditer(masked.text):
                    start, end = match.span("at")
                    span = range(max(start - 1, 0), start + 1) if start == end else range(start, end)
                    if all(masked.origin[i] is not None and _speaks(masked.langs[i], tag) for i in span):
                        at = masked.origin[start]
                        assert at is not None
                        edits[at] = (at + end - start, rule.replacement)
        out: list[str] = []
        position = 0
        for start in sorted(edits):
            end, replacement = edits[start]
            out += [page[position:start], replacement]
            position = end
        out.append(page[position:])
        return "".join(out)


def typesetter(rules_by_tag: Mapping[str, Iterable[str]]) -> Typesetter:
    """A typesetter from rule names by language tag (``{"ru": ("dash", ...), "en": (...)}``)."""
    return Typesetter({tag.lower(): rules_named(names) for tag, names in rules_by_tag.items()})
