"""The benchmark's floor renders what the build renders: benchmarks/floor.py makes the same PDFs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import DATA, REPO, build_with, copy_project

pytestmark = pytest.mark.slow  # PDFs

FLOOR = REPO / "benchmarks" / "floor.py"


def test_the_floor_makes_the_builds_very_pdfs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1766707200")
    project = copy_project(DATA / "mini", tmp_path / "mini")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    documents, floor_out = tmp_path / "documents", tmp_path / "floor"
    subprocess.run([sys.executable, str(FLOOR), "--prepare", str(project.root), str(documents)], env=env, check=True)
    jobs = json.loads((documents / "jobs.json").read_text(encoding="utf-8"))
    assert {job["name"].split("/")[0] for job in jobs} == {project.tag(locale) for locale in project.locales}
    assert any(job["inter_character"] for job in jobs)  # the Chinese edition is justified as the build does
    assert all("silkpress-fonts:" not in (documents / job["file"]).read_text(encoding="utf-8") for job in jobs)
    seconds = subprocess.run([sys.executable, str(FLOOR), str(documents), "--out", str(floor_out)], env=env, check=True,
                             capture_output=True, text=True).stdout
    assert float(seconds) > 0
    out = tmp_path / "dist"
    build_with(project, out_dir=out, formats=["pdf"], jobs=1)
    for job in jobs:
        assert (floor_out / job["name"]).read_bytes() == (out / job["name"]).read_bytes(), job["name"]
