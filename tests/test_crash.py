"""Crash safety: kill real builds with SIGKILL at random moments and check what is left."""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from silkpress.output import OutputLock

from .conftest import DATA, copy_project

pytestmark = pytest.mark.slow  # PDFs, real tools or long runs: left out of the fast layer

KILLS = int(os.environ.get("SILKPRESS_CRASH_RUNS", "20"))


def command(project: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "silkpress", "--project", str(project), "build", *args]


def check_invariants(dist: Path) -> None:
    """Each file complete (old or new), no temporary file, and a manifest that never lies."""
    assert not [p for p in dist.rglob("*") if p.name.endswith(".tmp") or p.name.startswith(".")]
    for page in dist.rglob("*.html"):
        assert page.read_bytes().rstrip().endswith(b"</html>"), page
    for pdf in dist.rglob("*.pdf"):
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"), pdf
    manifest = dist / "manifest.json"
    if manifest.exists():
        for entry in json.loads(manifest.read_text(encoding="utf-8"))["artifacts"]:
            path = dist / entry["path"]
            assert path.is_file(), entry["path"]
            assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"], entry["path"]


def test_sigkill_at_random_moments_loses_nothing(tmp_path):
    project = copy_project(DATA / "mini", tmp_path / "project")
    source = project.sources[0].read_text(encoding="utf-8")
    args = ("--locale", "en", "--locale", "ru", "--locale", "zh_Hans")
    subprocess.run(command(project.root, *args), check=True, capture_output=True)
    started = time.monotonic()
    subprocess.run(command(project.root, *args), check=True, capture_output=True)
    duration = time.monotonic() - started
    rng = random.Random(int(os.environ.get("SILKPRESS_CRASH_SEED", "2025")))
    survived = 0
    for run in range(KILLS):
        # a different source each time, so every build has files to replace
        project.sources[0].write_text(source.replace("First paragraph.", f"First paragraph, version {run}."), encoding="utf-8")
        process = subprocess.Popen(command(project.root, *args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, duration))
        process.send_signal(signal.SIGKILL)
        process.wait()
        check_invariants(project.dist_dir)
        survived += 1
    assert survived == KILLS
    # and the next build recovers: it takes over the dead build's lock and cleans its temporary files
    result = subprocess.run(command(project.root, *args), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    check_invariants(project.dist_dir)
    assert not (project.root / ".silkpress" / "dist" / "tmp").exists()
    assert f"version {KILLS - 1}" in (project.dist_dir / "en" / "index.html").read_text(encoding="utf-8")


def test_a_second_build_fails_at_once_naming_the_first(tmp_path):
    project = copy_project(DATA / "mini", tmp_path / "project")
    with OutputLock(project.dist_dir):
        started = time.monotonic()
        result = subprocess.run(command(project.root, "--edition-format", "html"), capture_output=True, text=True)
        assert time.monotonic() - started < 20
    assert result.returncode == 1
    assert f"another build is running (pid {os.getpid()})" in result.stderr
    assert "Traceback" not in result.stderr
    assert not project.dist_dir.exists() or not list(project.dist_dir.iterdir())


def test_a_stale_lock_is_cleared(tmp_path):
    project = copy_project(DATA / "mini", tmp_path / "project")
    lock = project.root / ".silkpress" / "dist" / "lock"
    lock.parent.mkdir(parents=True)
    lock.write_text("999999", encoding="utf-8")  # a build that died
    result = subprocess.run(command(project.root, "--edition-format", "html"), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "stale build lock left by pid 999999" in result.stderr


def test_two_builds_started_together_never_interleave(tmp_path):
    project = copy_project(DATA / "mini", tmp_path / "project")
    processes = [
        subprocess.Popen(command(project.root, "--locale", "en", "--locale", "ru"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outcomes = [(p.wait(), p.stderr.read()) for p in processes]
    for process in processes:
        process.stdout.close()
        process.stderr.close()
    assert any(code == 0 for code, _ in outcomes)
    for code, errors in outcomes:
        assert code == 0 or "another build is running (pid" in errors, errors
    check_invariants(project.dist_dir)


def test_sigkill_during_archived_publications_keeps_the_manifest_true_and_complete(tmp_path):
    """--archive builds killed at random moments: each file old or new, the manifest true, and the
    next build lists every file again (the journal names those a killed publication had replaced)."""
    project = copy_project(DATA / "mini", tmp_path / "project")
    source = project.sources[0].read_text(encoding="utf-8")
    args = ("--edition-format", "html", "--archive")
    subprocess.run(command(project.root, *args), check=True, capture_output=True)
    started = time.monotonic()
    subprocess.run(command(project.root, *args, "--force"), check=True, capture_output=True)
    duration = time.monotonic() - started
    rng = random.Random(int(os.environ.get("SILKPRESS_CRASH_SEED", "2025")) + 1)
    for run in range(max(1, KILLS // 2)):
        project.sources[0].write_text(source.replace("First paragraph.", f"First paragraph, take {run}."), encoding="utf-8")
        process = subprocess.Popen(command(project.root, *args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(duration / 3, duration))
        process.send_signal(signal.SIGKILL)
        process.wait()
        check_invariants(project.dist_dir)
    result = subprocess.run(command(project.root, "--edition-format", "html", "--archive", "--locale", "en"), capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    check_invariants(project.dist_dir)
    listed = {entry["path"] for entry in json.loads((project.dist_dir / "manifest.json").read_text(encoding="utf-8"))["artifacts"]}
    on_disk = {p.relative_to(project.dist_dir).as_posix() for p in project.dist_dir.rglob("*") if p.is_file()}
    assert listed == on_disk - {"manifest.json"}
