"""The fonts' coverage table: made by scripts/make_fonts.py, trusted only while each font's digest matches."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from silkpress import fonts
from silkpress.fonts import COVERAGE_TABLE, FONTS_DIR, LATIN_CYRILLIC, from_ranges, read_cmap, to_ranges

from .helpers import REPO

SCRIPT = REPO / "scripts" / "make_fonts.py"


def make_fonts(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120)


def test_ranges_round_trip() -> None:
    points = {0x20, 0x21, 0x22, 0x41, 0x4E2D, 0x4E2E, 0x56FD}
    assert to_ranges(points) == [[0x20, 0x22], [0x41, 0x41], [0x4E2D, 0x4E2E], [0x56FD, 0x56FD]]
    assert from_ranges(to_ranges(points)) == points
    assert to_ranges([]) == []


def test_the_checked_in_table_matches_the_fonts() -> None:
    result = make_fonts("--check")
    assert result.returncode == 0, result.stderr
    assert "ok" in result.stdout


def test_the_table_gives_what_the_font_itself_gives() -> None:
    face = LATIN_CYRILLIC[0]
    fonts._cmap.cache_clear()
    try:
        assert fonts._cmap(face.filename) == read_cmap(face.path)
    finally:
        fonts._cmap.cache_clear()


def test_the_build_reads_no_cmap_while_the_table_is_current(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path) -> frozenset[int]:
        raise AssertionError(f"{path} read although the table covers it")

    monkeypatch.setattr(fonts, "read_cmap", refuse)
    fonts._cmap.cache_clear()
    try:
        assert ord("ә") in fonts.coverage(LATIN_CYRILLIC, 700)
    finally:
        fonts._cmap.cache_clear()


def test_a_digest_that_does_not_match_falls_back_to_the_font(monkeypatch: pytest.MonkeyPatch) -> None:
    face = LATIN_CYRILLIC[0]
    stale = {face.filename: {"sha256": "0" * 64, "ranges": [[0x41, 0x41]]}}  # claims only "A"
    monkeypatch.setattr(fonts, "_table", lambda folder: stale)
    fonts._cmap.cache_clear()
    try:
        covered = fonts._cmap(face.filename)
    finally:
        fonts._cmap.cache_clear()
    assert ord("ә") in covered and len(covered) > 1


def test_check_names_a_stale_or_missing_table(tmp_path: Path) -> None:
    folder = tmp_path / "fonts"
    shutil.copytree(FONTS_DIR, folder)
    table = json.loads((folder / COVERAGE_TABLE).read_text(encoding="utf-8"))
    table["fonts"]["NotoSerif-Regular.woff2"]["sha256"] = "0" * 64
    (folder / COVERAGE_TABLE).write_text(json.dumps(table), encoding="utf-8")
    stale = make_fonts("--check", "--out", str(folder))
    assert stale.returncode == 1
    assert f"{folder / COVERAGE_TABLE}: does not match" in stale.stderr
    assert make_fonts("--table", "--out", str(folder)).returncode == 0
    assert make_fonts("--check", "--out", str(folder)).returncode == 0
    (folder / COVERAGE_TABLE).unlink()
    missing = make_fonts("--check", "--out", str(folder))
    assert missing.returncode == 1 and "missing" in missing.stderr
