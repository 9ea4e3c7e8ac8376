"""A running header cut short (silkpress.ellipsis): a real "…" after a whole word, in the PDF's text."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from silkpress.ellipsis import whole_word_ellipsis
from silkpress.fonts import FONTS_DIR

pytestmark = pytest.mark.slow

FACE = (FONTS_DIR / "NotoSerifSC-Regular.woff2").as_uri()
PAGE = """<html lang="{lang}"><head><style>
@font-face {{ font-family: SC; src: url({FACE}); }}
html {{ font-family: SC; }}
@page {{ size: 120mm 80mm; margin: 20mm 10mm;
  @top-left {{ content: string(title); width: 100%; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }} }}
h1 {{ string-set: title content(text); font-size: 10pt; }}
</style></head><body>{body}</body></html>"""


def headers(lang: str, titles: list[str]) -> list[str]:
    from weasyprint import HTML

    body = "".join(f'<h1 style="break-before: page">{title}</h1>' for title in titles)
    with whole_word_ellipsis():
        data = HTML(string=PAGE.format(lang=lang, body=body, FACE=FACE)).write_pdf()
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        runs: list[str] = []
        page.extract_text(visitor_text=lambda text, cm, tm, font, size: runs.append(text) if cm[5] + tm[5] * cm[3] > 170 else None)
        found.append("".join(runs).strip())
    return found


def test_each_header_cut_short_ends_with_an_ellipsis_after_a_whole_word_of_its_own_title():
    titles = [
        "Launch of the works in Central Asian languages builds a bridge for ideational exchange",
        "Thematic forums bring together intellectual potential for planning the future jointly",
        "Short title",
    ]
    first, second, third = headers("en", titles)
    for shown, title in ((first, titles[0]), (second, titles[1])):
        assert shown.endswith("…") and len(shown) < len(title), shown
        cut = shown.removesuffix("…").rstrip()
        assert title.startswith(cut) and title[len(cut)] == " ", (shown, title)  # whole words, its own title
    assert third == "Short title"  # a title that fits is drawn as it is


def test_chinese_is_cut_between_characters():
    title = "中国与中亚国家深化共建一带一路合作各领域务实合作取得重要进展机制建设基本完成"
    (shown,) = headers("zh-Hans", [title])
    assert shown.endswith("…") and title.startswith(shown.removesuffix("…")), shown
