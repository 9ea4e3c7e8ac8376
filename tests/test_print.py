"""The print edition as a reader gets it: pages, text, structure, metadata, provenance, fonts."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from pypdf import PdfReader

from silkpress import CheckError, RenderError, load_project
from silkpress.fonts import FONTS_DIR
from silkpress.pdf import PdfRenderer

from .conftest import DATA, copy_project
from .helpers import build_with
from .test_pdf import FOLDERS, edition, reader, squash

pytestmark = pytest.mark.slow  # PDFs, real tools or long runs: left out of the fast layer

CLOSING = "，。、：；！？）》」』”’"


def page_texts(pdf: PdfReader) -> list[str]:
    return [page.extract_text() for page in pdf.pages]


@pytest.mark.parametrize("locale", list(FOLDERS))
def test_event_titles_in_order_and_no_missing_glyph_marks(real_build, real_project, locale):
    pdf = reader(real_build, locale)
    pages = page_texts(pdf)
    text = "".join(pages)
    assert "\ufffd" not in text and ".notdef" not in text
    body = squash("".join(pages[2:]))  # after the cover and the contents
    positions = [body.find(squash(e.title.text)) for e in edition(real_project, locale).events]
    assert -1 not in positions and positions == sorted(positions)


@pytest.mark.parametrize("locale", list(FOLDERS))
def test_outline_and_contents_point_at_the_event_pages(real_build, real_project, locale):
    pdf = reader(real_build, locale)
    pages = page_texts(pdf)
    events = edition(real_project, locale).events
    outline_pages = [pdf.get_destination_page_number(item) for item in pdf.outline]
    for event, index in zip(events, outline_pages):
        assert squash(event.title.text) in squash(pages[index]), event.id
    contents = pages[1]
    numbers = [int(n) for n in re.findall(r"(\d+)\s*$", contents, re.MULTILINE)][: len(events)]
    folio = [n for n in re.findall(r"\d+", contents.splitlines()[-1])]
    assert numbers == [i + 1 for i in outline_pages], (numbers, folio)


@pytest.mark.parametrize("locale", list(FOLDERS))
def test_tagged_structure_and_metadata(real_build, real_project, locale):
    pdf = reader(real_build, locale)
    root = pdf.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    kinds: set[str] = set()

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif hasattr(node, "get") and "/S" in node:
            kinds.add(str(node["/S"]))
            if "/K" in node:
                walk(node["/K"])

    walk(root["/StructTreeRoot"]["/K"])
    assert {"/H1", "/H2", "/P", "/L", "/LI"} <= kinds
    localized = edition(real_project, locale)
    meta = pdf.metadata
    assert meta.subject == localized.subtitle.text
    assert localized.events[0].countries[1].name in meta["/Keywords"]
    xmp = pdf.xmp_metadata
    assert xmp is not None and b"pdfuaid" in pdf.trailer["/Root"]["/Metadata"].get_object().get_data()


def test_cover_page(real_build, real_project):
    cover = reader(real_build, "ru").pages[0].extract_text()
    localized = edition(real_project, "ru")
    for text in (localized.title.text, localized.subtitle.text, "CentralasianLIGHT.org", localized.published.text, "Подготовили"):
        assert squash(text) in squash(cover)
    assert all(squash(issuer.text) in squash(cover) for issuer in localized.issuers)


def test_provenance_in_pdf_and_manifest(real_build, real_project):
    pdf = reader(real_build, "kk")
    source_hash = hashlib.sha256(real_project.sources[0].read_bytes()).hexdigest()
    catalog_hash = hashlib.sha256(real_project.bulletins[0].catalog_path("kk").read_bytes()).hexdigest()
    meta = pdf.metadata
    # WeasyPrint writes custom metadata keys in lower case
    assert meta["/sourcesha256"] == source_hash
    assert meta["/catalogsha256"] == catalog_hash
    assert meta["/catalogcompleteness"] == "100.0%"
    assert meta["/silkpressversion"]
    manifest = json.loads((real_build.out_dir / "manifest.json").read_text(encoding="utf-8"))
    provenance = manifest["provenance"]
    assert provenance["source"]["sha256"] == source_hash
    assert provenance["catalogs"]["kk"] == {"path": "locales/kk/LC_MESSAGES/bulletin.po", "sha256": catalog_hash, "percent": 100.0}


def test_sizes(real_build):
    for locale, folder in FOLDERS.items():
        size = (real_build.out_dir / folder / f"china-central-asia-2025-{folder}.pdf").stat().st_size
        assert size < (1_000_000 if locale == "zh_Hans" else 200_000), (locale, size)


def test_chinese_lines_never_start_with_closing_punctuation(real_build):
    lines = [line.strip() for text in page_texts(reader(real_build, "zh_Hans")) for line in text.splitlines()]
    assert lines and [line for line in lines if line[:1] in CLOSING] == []


def test_running_headers_alternate(real_build, real_project):
    pdf = reader(real_build, "en")
    localized = edition(real_project, "en")
    verso = pdf.pages[3].extract_text().splitlines()  # page 4, a left-hand page: the bulletin title
    assert localized.title.text in verso
    recto = pdf.pages[4].extract_text().splitlines()  # page 5, a right-hand page: the current event
    assert any(f"{event.number_text} {event.title.text[:20]}" in "\n".join(recto) for event in localized.events)
    assert localized.title.text not in recto


def test_glyph_gate_refuses_a_character_the_fonts_lack(mini, tmp_path):
    po = mini.bulletins[0].catalog_path("ru")
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "Первый абзац."', 'msgstr "Первый ☃ абзац."'), encoding="utf-8")
    out = tmp_path / "dist"
    result = build_with(mini, locales=["ru", "en"], formats=["pdf"], out_dir=out)  # a draft: the other edition is built
    (failure,) = result.failures
    assert (out / "en" / "mini-en.pdf").is_file() and not (out / "ru" / "mini-ru.pdf").exists()
    with pytest.raises(CheckError) as info:
        build_with(mini, locales=["ru"], formats=["pdf"], out_dir=tmp_path / "release", release=True)
    (diagnostic,) = failure.diagnostics
    assert diagnostic.check == "glyphs" and "U+2603" in diagnostic.message and diagnostic.context == "summit/p1"
    assert diagnostic.path == "locales/ru/LC_MESSAGES/bulletin.po" and diagnostic.line
    assert str(diagnostic).startswith(f"locales/ru/LC_MESSAGES/bulletin.po:{diagnostic.line}: error: [glyphs]")
    assert not (tmp_path / "release").exists() or not list((tmp_path / "release").rglob("*.pdf"))
    assert "release refused" in str(info.value)
    from click.testing import CliRunner

    from silkpress.cli import main

    result = CliRunner().invoke(main, ["--project", str(mini.root), "check", "--glyphs", "ru"])
    assert result.exit_code == 1 and "U+2603" in result.stdout


def test_a_system_font_fallback_is_an_error(tmp_path):
    renderer = PdfRenderer((FONTS_DIR,))
    html = f'<html lang="en"><style>@font-face {{ font-family: X; src: url({(FONTS_DIR / "NotoSerif-Regular.woff2").as_uri()}) }} html {{ font-family: X }}</style><p>a ☃</p></html>'
    with pytest.raises(RenderError, match="fell back to system font"):
        renderer.render(html, tmp_path, "test.pdf", families=["X"])


# WeasyPrint 70 leaves its sRGB profile file open when it writes PDF/A.
@pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore::pytest.PytestUnraisableExceptionWarning")
def test_events_on_new_pages_and_archival_variant(tmp_path):
    project = copy_project(DATA / "mini", tmp_path / "mini")
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + '\n[tool.silkpress.print]\nevent-break = "page"\npdf-variant = "pdf/a-3b"\n', encoding="utf-8")
    project = load_project(project.root)
    build_with(project, locales=["en"], formats=["pdf"], out_dir=tmp_path / "out")
    pdf = PdfReader(tmp_path / "out" / "en" / "mini-en.pdf")
    first, second = (pdf.get_destination_page_number(item) for item in pdf.outline)
    assert second == first + 1
    assert "The summit was held" not in pdf.pages[second].extract_text()
    assert sorted(pdf.attachments) == ["en.po", "mini.yaml"]
    assert pdf.attachments["mini.yaml"][0] == project.sources[0].read_bytes()
    assert b'pdfaid:part="3"' in pdf.trailer["/Root"]["/Metadata"].get_object().get_data()
