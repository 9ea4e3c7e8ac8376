"""The proof edition of the real bulletin, end to end (slow: PDFs and the Nu checker): edit one
English paragraph and one Russian msgstr, run update and proof, and read what a proofreader gets."""

from __future__ import annotations

import re
import shutil

import pytest
from pypdf import PdfReader

from silkpress import load_project

from .helpers import REPO, run
from .test_examples import nu_errors
from .test_pdf import squash
from .test_pdftags import struct_languages

pytestmark = pytest.mark.slow

OLD, NEW = "deepened their joint implementation", "strengthened their shared implementation"
RU_OLD, RU_NEW = "Секретариат механизма", "Постоянный секретариат механизма"


@pytest.fixture(scope="module")
def proofed(tmp_path_factory):
    """A copy of the real project with one English paragraph and one Russian msgstr edited, after
    ``silkpress update`` and ``silkpress proof``."""
    root = tmp_path_factory.mktemp("proof") / "project"
    root.mkdir()
    for name in ("pyproject.toml", "source", "locales", "templates"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copyfile)(REPO / name, root / name)
    source = root / "source" / "china-central-asia-2025.yaml"
    text = source.read_text(encoding="utf-8")
    assert text.count(OLD) == 1
    source.write_text(text.replace(OLD, NEW), encoding="utf-8")
    po = root / "locales" / "ru" / "LC_MESSAGES" / "bulletin.po"
    catalog = po.read_text(encoding="utf-8")
    assert catalog.count(f'msgstr "{RU_OLD}') == 1
    po.write_text(catalog.replace(f'msgstr "{RU_OLD}', f'msgstr "{RU_NEW}'), encoding="utf-8")
    project = load_project(root)
    run(project, "update", check=True)
    result = run(project, "proof", "--format", "json", check=True)
    return project, root / "dist" / "proof", result


def _text(pdf: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in pdf.pages)


@pytest.mark.parametrize("tag", ["zh-Hans", "ru", "kk", "uz-Latn"])
def test_every_proof_marks_the_changed_paragraph_fuzzy_with_its_word_diff(proofed, tag):
    project, out, _ = proofed
    page = (out / tag / f"china-central-asia-2025-proof-{tag}.html").read_text(encoding="utf-8")
    unit = re.search(r'<tbody class="unit state-(\w+)" id="u-\d+">\s*<tr class="meta">\s*<th[^>]*><code class="msgctxt">intro/p1</code>(.*?)</tbody>', page, re.S)
    assert unit and unit.group(1) == "fuzzy"
    assert re.search(r"<del>deepened</del><ins>strengthened</ins> their <del>joint</del><ins>shared</ins> implementation", unit.group(2))
    pdf = PdfReader(out / tag / f"china-central-asia-2025-proof-{tag}.pdf")
    text = squash(_text(pdf))
    assert squash("intro/p1") in text and squash("deepened") in text and squash("strengthened") in text
    # the header of every page after the first: completeness and both hashes
    for number in range(1, len(pdf.pages)):
        assert re.search(r"[0-9a-f]{12}.*[0-9a-f]{12}", pdf.pages[number].extract_text()), number


def test_the_edited_russian_unit_shows_its_new_text(proofed):
    _, out, _ = proofed
    text = squash(_text(PdfReader(out / "ru" / "china-central-asia-2025-proof-ru.pdf")))
    assert squash(RU_NEW) in text


def test_the_proof_pdf_is_a4_tagged_with_its_language_and_only_bundled_fonts(proofed):
    _, out, _ = proofed
    pdf = PdfReader(out / "zh-Hans" / "china-central-asia-2025-proof-zh-Hans.pdf")
    width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)
    root = pdf.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and str(root["/Lang"]) == "zh-Hans"
    # the source column's cells carry their language in the tags (silkpress.pdftags), as on the HTML
    # page; the translation's is the document's
    languages = [lang for _, lang in struct_languages((out / "zh-Hans" / "china-central-asia-2025-proof-zh-Hans.pdf").read_bytes())]
    assert languages.count("en") >= 60 and set(languages) <= {"en", "zh-Hans"}
    fonts = {str(font.get_object()["/BaseFont"]) for page in pdf.pages for font in page["/Resources"]["/Font"].values()}
    assert all(re.match(r"^/[A-Z]{6}\+Silkpress-Serif", name) for name in fonts), fonts
    assert any("Serif-SC" in name for name in fonts) and any("Serif-SC" not in name for name in fonts)
    assert "译文校样" in _text(pdf)


def test_the_proof_pages_pass_the_nu_checker_and_are_reproducible(proofed):
    project, out, result = proofed
    pages = sorted(str(p) for p in out.rglob("*.html"))
    assert len(pages) == 6  # every locale but the source locale
    assert nu_errors(pages) == []
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and p.suffix in (".pdf", ".html")}
    run(project, "proof", check=True)
    assert {p: p.read_bytes() for p in before} == before
    assert '"fuzzy": 1' in result.output


@pytest.mark.browser
def test_axe_finds_no_violation_on_the_proof_pages(proofed):
    from .test_browser import axe_violations

    _, out, _ = proofed
    pages = sorted(path.relative_to(out).as_posix() for path in out.rglob("*.html"))
    assert len(pages) == 6  # every locale but the source locale
    assert axe_violations(out, pages) == {page: [] for page in pages}
