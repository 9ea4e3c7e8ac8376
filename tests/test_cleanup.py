"""Temporary folders are removed on exit, Ctrl+C (SIGINT) and SIGTERM included: ``silkpress serve``'s
preview folder, and a build's ``.silkpress/<out>/tmp``. Real processes, real signals."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from silkpress.serve import Preview

from .conftest import DATA, copy_project

pytestmark = pytest.mark.slow  # real processes and signals: left out of the fast layer

PREVIEW = "silkpress-preview-*"


class Process:
    """A ``python -m silkpress`` child whose stdout is read line by line, with a timeout."""

    def __init__(self, root: Path, *args: str, tmpdir: Path, log: Path) -> None:
        env = dict(os.environ, TMPDIR=str(tmpdir))
        self.log = log.open("w", encoding="utf-8")
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "silkpress", "--project", str(root), *args],
            stdout=subprocess.PIPE, stderr=self.log, stdin=subprocess.DEVNULL, env=env, text=True, encoding="utf-8",
            # As from a terminal: a parent that ignores SIGINT (pytest-xdist's workers do) would
            # pass that on, and Python then installs no KeyboardInterrupt for Ctrl+C.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.log_path = log

    def _read(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for_line(self, needle: str, seconds: float) -> str:
        deadline = time.monotonic() + seconds
        while True:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no line with {needle!r} within {seconds} s; stderr:\n{self.stderr()}") from None
            if line is None:
                raise AssertionError(f"exited ({self.popen.wait()}) before printing {needle!r}; stderr:\n{self.stderr()}")
            if needle in line:
                return line

    def stderr(self) -> str:
        self.log.flush()
        return self.log_path.read_text(encoding="utf-8")

    def stop(self) -> None:
        """Whatever happened, leave no process behind."""
        if self.popen.poll() is None:
            self.popen.kill()
        self.popen.wait()
        self.reader.join(timeout=5)
        if self.popen.stdout is not None:
            self.popen.stdout.close()
        self.log.close()


@pytest.fixture
def project(tmp_path):
    return copy_project(DATA / "mini", tmp_path / "project")


@pytest.fixture
def tmpdir_(tmp_path):
    folder = tmp_path / "tmpdir"
    folder.mkdir()
    return folder


@pytest.fixture
def processes():
    started: list[Process] = []
    yield started
    for process in started:
        process.stop()


def previews(tmpdir: Path) -> list[Path]:
    return sorted(tmpdir.glob(PREVIEW))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_removes_its_preview_folder_when_stopped_by_a_signal(project, tmpdir_, tmp_path, processes, signum):
    serve = Process(project.root, "serve", "--port", "0", "--no-pdf", tmpdir=tmpdir_, log=tmp_path / "stderr.txt")
    processes.append(serve)
    line = serve.wait_for_line("previewing", 60)
    assert " at http://127.0.0.1:" in line
    [folder] = previews(tmpdir_)
    assert (folder / "dist" / "en" / "index.html").is_file()  # the draft was built there

    serve.popen.send_signal(signum)
    try:
        code = serve.popen.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pytest.fail(f"serve did not exit within 15 s of {signum.name}; stderr:\n{serve.stderr()}")
    assert code in (0, 1, 128 + signum, -signum), serve.stderr()
    assert "Traceback" not in serve.stderr()
    assert previews(tmpdir_) == []
    assert not folder.exists()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_stopped_during_its_first_build_exits_and_cleans_up(project, tmpdir_, tmp_path, processes, signum):
    serve = Process(project.root, "serve", "--port", "0", "--no-pdf", tmpdir=tmpdir_, log=tmp_path / "stderr.txt")
    processes.append(serve)
    deadline = time.monotonic() + 60
    while not previews(tmpdir_):  # the folder exists: the first build is about to start, or under way
        assert serve.popen.poll() is None and time.monotonic() < deadline, serve.stderr()
        time.sleep(0.005)
    serve.popen.send_signal(signum)
    try:
        serve.popen.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pytest.fail(f"serve did not exit within 15 s of {signum.name}; stderr:\n{serve.stderr()}")
    assert "Traceback" not in serve.stderr()
    assert previews(tmpdir_) == []


def test_serve_on_a_busy_port_leaves_no_preview_folder(project, tmpdir_, tmp_path, processes):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        serve = Process(project.root, "serve", "--port", str(port), "--no-pdf", tmpdir=tmpdir_, log=tmp_path / "stderr.txt")
        processes.append(serve)
        assert serve.popen.wait(timeout=60) == 1
    assert f"cannot listen on 127.0.0.1:{port}" in serve.stderr()
    assert "Traceback" not in serve.stderr()
    assert previews(tmpdir_) == []


def run_with_timeout(function, seconds: float = 15) -> None:
    """Call ``function`` in a thread; fail (instead of hanging the run) if it has not returned in time."""
    errors: list[BaseException] = []

    def target() -> None:
        try:
            function()
        except BaseException as error:  # noqa: BLE001 - handed to the test thread
            errors.append(error)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"{function.__name__} did not return within {seconds} s"
    if errors:
        raise errors[0]


def test_a_preview_stopped_before_it_started_removes_its_folder(mini, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)  # read TMPDIR again
    preview = Preview(mini, port=0, formats=("html",))
    [folder] = previews(tmp_path)
    run_with_timeout(preview.stop)
    assert not folder.exists()
    run_with_timeout(preview.stop)  # twice is harmless


def test_a_preview_that_cannot_listen_leaves_no_folder(mini, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        with pytest.raises(OSError):
            Preview(mini, port=busy.getsockname()[1], formats=("html",))
    assert previews(tmp_path) == []


def test_stop_removes_the_folder_even_if_interrupted_while_stopping(mini, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    preview = Preview(mini, port=0, formats=("html",))
    preview.start()
    [folder] = previews(tmp_path)
    real_shutdown = preview.server.shutdown

    def interrupted_shutdown() -> None:  # a second Ctrl+C while stopping
        real_shutdown()
        raise KeyboardInterrupt

    preview.server.shutdown = interrupted_shutdown  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        run_with_timeout(preview.stop)
    assert not folder.exists()
    preview.server.shutdown = real_shutdown  # type: ignore[method-assign]
    run_with_timeout(preview.stop)  # a second call finishes what the interrupted one did not (closing the socket)


@pytest.mark.slow  # builds PDFs
def test_a_build_stopped_by_sigterm_leaves_no_tmp_and_the_next_build_succeeds(project, tmpdir_, tmp_path, processes):
    build = Process(project.root, "build", tmpdir=tmpdir_, log=tmp_path / "stderr.txt")
    processes.append(build)
    time.sleep(1)
    assert build.popen.poll() is None, f"the build ended within 1 s; make it longer\n{build.stderr()}"
    started = time.monotonic()
    build.popen.send_signal(signal.SIGTERM)
    code = build.popen.wait(timeout=30)
    assert time.monotonic() - started < 15, "the build took too long to stop"
    assert code == 128 + signal.SIGTERM, build.stderr()  # the CLI's SIGTERM handler: SystemExit(143)
    assert "Traceback" not in build.stderr()
    assert not (project.root / ".silkpress" / "dist" / "tmp").exists()
    lock = project.root / ".silkpress" / "dist" / "lock"
    assert not lock.exists() or lock.read_text(encoding="utf-8") == ""  # released on the way out, not left stale
    assert list(tmpdir_.iterdir()) == []  # WeasyPrint's font folders too: they live in the render's own folder

    again = subprocess.run(
        [sys.executable, "-m", "silkpress", "--project", str(project.root), "build"],
        capture_output=True, text=True, env=dict(os.environ, TMPDIR=str(tmpdir_)), timeout=600, check=False,
    )
    assert again.returncode == 0, again.stderr
    assert "stale build lock" not in again.stderr
    assert (project.dist_dir / "en" / "index.html").is_file()
    assert list(project.dist_dir.rglob("*.pdf"))
    assert not (project.root / ".silkpress" / "dist" / "tmp").exists()


@pytest.mark.slow  # builds a PDF
def test_a_pdf_build_leaves_no_weasyprint_folder_in_tmpdir(project, tmpdir_):
    result = subprocess.run(
        [sys.executable, "-m", "silkpress", "--project", str(project.root), "build", "--locale", "en"],
        capture_output=True, text=True, env=dict(os.environ, TMPDIR=str(tmpdir_)), timeout=600, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert list(tmpdir_.iterdir()) == []
