"""The typography pass measured in the real bulletin's PDFs, line by line as a reader gets them
(tests/pdflines.py). Before the pass: 13 Russian lines ended in a one-letter word, 1 Uzbek line
started with a dash, 3 Chinese paragraphs ended with a one-character line."""

from __future__ import annotations

import pytest

from .pdflines import CLOSING, ends_with_one_letter_word, one_character_line, pdf_lines, starts_with_dash
from .test_pdf import FOLDERS

pytestmark = pytest.mark.slow  # PDFs: left out of the fast layer


def lines(real_build, locale: str) -> list[str]:
    folder = FOLDERS[locale]
    found = pdf_lines(real_build.out_dir / folder / f"china-central-asia-2025-{folder}.pdf")
    assert len(found) > 100  # the whole bulletin was read, line by line
    return found


def test_no_russian_line_ends_with_a_one_letter_word(real_build):
    assert [line for line in lines(real_build, "ru") if ends_with_one_letter_word(line)] == []


@pytest.mark.parametrize("locale", ["ru", "kk", "uz"])
def test_no_line_starts_with_a_dash(real_build, locale):
    assert [line for line in lines(real_build, locale) if starts_with_dash(line)] == []


def test_no_chinese_paragraph_ends_with_a_one_character_line(real_build):
    assert [line for line in lines(real_build, "zh_Hans") if one_character_line(line)] == []


def test_no_chinese_line_starts_with_closing_punctuation(real_build):
    # WeasyPrint (Pango's line breaking, UAX #14) already holds this; the pass must keep it.
    assert [line for line in lines(real_build, "zh_Hans") if line[:1] in CLOSING] == []


def test_the_word_joiner_is_not_in_the_text_a_reader_gets(real_build):
    text = "".join(lines(real_build, "zh_Hans"))
    assert "\u2060" not in text and "事件。" in text
