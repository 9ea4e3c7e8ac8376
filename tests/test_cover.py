"""The PDF cover's pictures: the publisher's logo ([tool.silkpress.print] logo, an SVG file) and
the source's ``cover: {image, alt, credit}``. Bad values are ``path:line`` errors, never a traceback."""

from __future__ import annotations

import struct
import zlib

import pytest
from click.testing import CliRunner

from silkpress import ConfigError, SourceError, load_bulletin, load_project, parse_bulletin
from silkpress.cli import main
from silkpress.images import media_type, svg_problem

from .conftest import DATA
from .helpers import copy_project

LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#123456"/></svg>'


def png(width: int = 4, height: int = 3) -> bytes:
    """A small valid RGB PNG."""
    raw = b"".join(b"\0" + b"\x20\x60\xa0" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def with_logo(project, value: str, data: bytes | None = None):  # noqa: ANN001
    """The project with ``logo = value`` under [tool.silkpress.print] (and that file holding ``data``)."""
    if data is not None:
        target = project.root / value
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    pyproject = project.root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8") + f'\n[tool.silkpress.print]\nlogo = "{value}"\n'
    pyproject.write_text(text, encoding="utf-8")
    return text.splitlines().index(f'logo = "{value}"') + 1


def test_a_logo_is_an_svg_file_in_the_project(mini):
    with_logo(mini, "images/logo.svg", LOGO.encode())
    assert load_project(mini.root).logo == mini.root / "images" / "logo.svg"
    assert mini.root / "images" / "logo.svg" in set(load_project(mini.root).input_files())  # a new logo rebuilds
    assert load_project(DATA / "mini").logo is None


@pytest.mark.parametrize("value, data, message", [
    ("images/missing.svg", None, "file not found"),
    ("images/logo.png", png(), "not an SVG file"),
    ("images/logo.svg", b"<svg>not closed", "not an SVG file (XML error"),
    ("images/logo.svg", b"<html xmlns='http://www.w3.org/1999/xhtml'/>", "root element is <html>"),
    ("images/logo.svg", b'<!DOCTYPE svg [<!ENTITY a "aa">]><svg xmlns="http://www.w3.org/2000/svg"/>', "DOCTYPE"),
    ("../outside.svg", None, "outside the project folder"),
    ("https://example.org/logo.svg", None, "not a URL"),
])
def test_a_bad_logo_is_a_pyproject_error_with_its_line(mini, value, data, message):
    line = with_logo(mini, value, data)
    with pytest.raises(ConfigError) as info:
        load_project(mini.root)
    assert str(info.value).startswith(f"pyproject.toml:{line}: [tool.silkpress.print] logo ") and message in str(info.value)


def test_check_reports_a_bad_logo_without_a_traceback(mini):
    line = with_logo(mini, "images/logo.svg", b"plain text")
    result = CliRunner().invoke(main, ["--project", str(mini.root), "check"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert f"pyproject.toml:{line}: [tool.silkpress.print] logo 'images/logo.svg': not an SVG file" in result.output


def test_pictures_are_known_by_their_bytes_not_their_names():
    assert media_type(png()) == "image/png" and media_type(b"\xff\xd8\xff\xe0rest") == "image/jpeg"
    assert media_type(LOGO.encode()) == "image/svg+xml" and media_type(b"GIF89a") is None
    assert svg_problem(LOGO.encode()) is None and "DOCTYPE" in svg_problem(b"<!DOCTYPE svg><svg/>")


HEAD = """id: x
title: T
published: 2025-12-26
publisher: {name: P}
"""
TAIL = """intro:
  - p: I.
events:
  - id: e
    title: E
    body:
      - p: B.
"""


def test_the_cover_field_is_read_with_its_units():
    bulletin = parse_bulletin(HEAD + "cover:\n  image: pics/a.png\n  alt: A mountain\n  credit: Photo by A\n" + TAIL, "x.yaml")
    cover = bulletin.cover
    assert cover.image == "pics/a.png" and cover.origin.line == 6 and cover.data == b""
    assert (cover.alt.id, cover.alt.text, cover.credit.id, cover.credit.text) == ("cover/alt", "A mountain", "cover/credit", "Photo by A")
    assert [unit.id for unit in bulletin.units()][:3] == ["title", "cover/alt", "cover/credit"]
    assert parse_bulletin(HEAD + TAIL, "x.yaml").cover is None


@pytest.mark.parametrize("cover, line, message", [
    ("cover:\n  image: a.png\n", 6, "cover: missing required field 'alt'"),  # a block mapping starts at its first key
    ("cover:\n  image: a.png\n  alt: A\n  size: big\n", 8, "cover: unknown field 'size'"),
    ("cover:\n  image: https://example.org/a.png\n  alt: A\n", 6, "not a URL"),
    ("cover:\n  image: /etc/a.png\n  alt: A\n", 6, "not a URL or an absolute path"),
    ("cover: a.png\n", 5, "cover must be a mapping"),
])
def test_a_bad_cover_field_is_a_source_error_with_its_line(cover, line, message):
    with pytest.raises(SourceError) as info:
        parse_bulletin(HEAD + cover + TAIL, "x.yaml")
    assert str(info.value).startswith(f"x.yaml:{line}: ") and message in str(info.value)


@pytest.mark.parametrize("name, data, message", [
    ("a.png", None, "cover image 'a.png': file not found"),
    ("a.png", b"not a picture", "cover image 'a.png': not a PNG, JPEG or SVG image"),
    ("../../a.png", png(), "cover image '../../a.png' is outside the project folder"),
])
def test_a_bad_cover_image_is_a_source_error_at_its_line(tmp_path, name, data, message):
    root = tmp_path / "project"
    (root / "source").mkdir(parents=True)
    if data is not None:
        (root / "source" / name).resolve().parent.mkdir(parents=True, exist_ok=True)
        (root / "source" / name).resolve().write_bytes(data)
    path = root / "source" / "x.yaml"
    path.write_text(HEAD + f"cover:\n  image: {name}\n  alt: A\n" + TAIL, encoding="utf-8")
    with pytest.raises(SourceError) as info:
        load_bulletin(path, "source/x.yaml", root)
    assert str(info.value) == f"source/x.yaml:6: {message}"


def test_a_cover_image_is_read_and_typed(tmp_path):
    (tmp_path / "source" / "pics").mkdir(parents=True)
    (tmp_path / "source" / "pics" / "a.png").write_bytes(png())
    path = tmp_path / "source" / "x.yaml"
    path.write_text(HEAD + "cover:\n  image: pics/a.png\n  alt: A\n" + TAIL, encoding="utf-8")
    cover = load_bulletin(path, "source/x.yaml", tmp_path).cover
    assert cover.data == png() and cover.media_type == "image/png" and cover.credit is None
