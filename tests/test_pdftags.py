"""Each tagged element of a PDF carries the language of its HTML element (silkpress.pdftags)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from silkpress.pdf import PdfJob, render_now

pytestmark = pytest.mark.slow  # renders a PDF


def struct_languages(data: bytes) -> list[tuple[str, str]]:
    """(structure type, /Lang) of every tagged element that names its language, in tree order."""
    found = []

    def walk(node):  # noqa: ANN001, ANN202
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if "/Lang" in node:
                found.append((str(node.get("/S")), str(node["/Lang"])))
            if node.get("/K") is not None:
                walk(node["/K"])
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(PdfReader(io.BytesIO(data)).trailer["/Root"]["/StructTreeRoot"])
    return found


def test_cells_and_spans_carry_their_own_language_and_the_rest_inherits(tmp_path):
    html = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
            '<style>body { font-family: "DejaVu Serif" }</style></head><body>'
            '<table><tr><td lang="en">The source</td><td lang="ru">Перевод, <b>длинный</b> и в две строки</td></tr></table>'
            '<p>Plain text, then <span lang="kk">қазақ сөзі</span>.</p></body></html>')
    data = render_now(PdfJob("t.pdf", html, tmp_path, ("DejaVu Serif",)))
    assert struct_languages(data) == [("/TD", "en"), ("/TD", "ru"), ("/Span", "kk")]
    assert str(PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"]) == "en"
