"""A long edition stays linear: page references are looked up, not rebuilt (silkpress.pdftags),
full garbage collections wait during a render (silkpress.collector), and the contents page,
the outline and the text of a many-page PDF stay right."""

from __future__ import annotations

import gc
import re
import subprocess
import sys

import pydyf
import pytest
from pypdf import PdfReader

from silkpress import collector, pdftags


def _pdf_with_pages(count: int) -> pydyf.PDF:
    pdf = pydyf.PDF()
    for _ in range(count):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    return pdf


def test_page_references_are_kept_until_a_page_is_added():
    pdf = _pdf_with_pages(3)
    rebuilt = pdf.page_references
    with pdftags.page_references_cached():
        first = pdf.page_references
        assert first == rebuilt
        assert pdf.page_references is first  # looked up, not rebuilt
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        after = pdf.page_references
        assert len(after) == 4 and after[:3] == first
        assert after[3] == f"{pdf.pages['Kids'][-3]} 0 R".encode("ascii")
    assert pdf.page_references == after
    assert pdf.page_references is not pdf.page_references  # pydyf's own property is back


def test_full_collections_wait_during_a_render_and_the_thresholds_come_back():
    before = gc.get_threshold()
    with collector.full_collections_deferred():
        youngest, middle, oldest = gc.get_threshold()
        assert (youngest, middle) == before[:2]
        assert oldest == collector.DEFERRED
    assert gc.get_threshold() == before


def test_thresholds_come_back_when_the_render_fails():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), collector.full_collections_deferred():
        raise RuntimeError("the render failed")
    assert gc.get_threshold() == before


EVENTS = 40
WORDS = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor".split()


def _long_project(root):
    (root / "source").mkdir()
    lines = ["id: long", "title: A long bulletin", "published: 2025-12-26", "publisher: {name: Example.org}",
             "intro:", "  - p: An introduction.", "events:"]
    for number in range(1, EVENTS + 1):
        body = " ".join(WORDS[(number + i) % len(WORDS)] for i in range(90)).capitalize()
        lines += [f"  - id: e{number}", f"    title: Headline number {number}", "    body:",
                  f"      - p: {body}.", f"      - p: {body}."]
    (root / "source" / "long.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "pyproject.toml").write_text('[tool.silkpress]\nsource = "source/long.yaml"\nlocales = ["en"]\n',
                                         encoding="utf-8")
    return root


def _pages_text(path) -> list[str]:
    count = len(PdfReader(path).pages)
    return [subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-"],
                           check=True, capture_output=True, text=True).stdout for page in range(1, count + 1)]


@pytest.mark.slow  # renders a 20-page PDF
def test_a_long_edition_has_right_contents_numbers_outline_and_text_order(tmp_path):
    project = _long_project(tmp_path)
    subprocess.run([sys.executable, "-m", "silkpress", "--project", str(project), "build"],
                   check=True, capture_output=True)
    path = project / "dist" / "en" / "long-en.pdf"
    pages = _pages_text(path)
    assert len(pages) >= 15  # long enough that page references and counters matter
    contents = {int(m[1]): int(m[2]) for page in pages[:4]
                for m in re.finditer(r"^\s*(\d+)\s+Headline number \1 \.+\s+(\d+)\s*$", page, re.M)}
    assert sorted(contents) == list(range(1, EVENTS + 1))
    heading = re.compile(r"^\s*(\d+)\s+Headline number \1\s*$", re.M)  # a heading, not a contents line
    found = {int(m[1]): index + 1 for index, page in enumerate(pages) for m in heading.finditer(page)}
    assert found == contents  # each title is on the page the contents names
    assert list(found.values()) == sorted(found.values()) and len(set(found.values())) > 10
    reader = PdfReader(path)
    outline = [(item.title, reader.get_destination_page_number(item) + 1) for item in reader.outline]
    assert outline == [(f"{n} Headline number {n}", contents[n]) for n in range(1, EVENTS + 1)]
