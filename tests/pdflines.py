"""A PDF's text lines as a reader sees them, with pypdf: each text piece with its position,
grouped into lines by page and baseline, and the line measures of the typography pass."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

DASHES = "\u2012\u2013\u2014\u2015"
CLOSING = "，。、：；！？）》」』”’…"


def pdf_lines(path: Path) -> list[str]:
    """Every line of every page, top to bottom, its pieces joined left to right."""
    lines: list[str] = []
    for page in PdfReader(path).pages:
        pieces: dict[float, list[tuple[float, str]]] = {}

        def visit(text: str, cm, tm, font, size) -> None:  # noqa: ANN001 - pypdf's visitor
            if not text.strip():
                return
            # The text matrix's origin in page space (WeasyPrint writes one show operation per run of a line).
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            pieces.setdefault(round(y), []).append((x, text))

        page.extract_text(visitor_text=visit)
        for y in sorted(pieces, reverse=True):
            lines.append("".join(text for _, text in sorted(pieces[y])).strip())
    return lines


def ends_with_one_letter_word(line: str) -> bool:
    """A line whose last word is a single letter ("... и в"), an opening quote or bracket aside."""
    words = line.split(" ")
    return bool(re.fullmatch(r"[«„“\"'(\[]*[^\W\d_]", words[-1])) and len(words) > 1


def starts_with_dash(line: str) -> bool:
    return line[:1] in DASHES


def one_character_line(line: str) -> bool:
    """A Chinese line with one character, closing punctuation aside ("件。"): a paragraph's last line."""
    rest = re.sub(f"[{CLOSING}\\s\u2060]", "", line)
    return len(rest) == 1 and bool(re.fullmatch(r"[\u3400-\u9fff]", rest))
