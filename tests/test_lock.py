"""The build lock cannot be bypassed: deleting or replacing its file while a build holds it lets
no second build in (issue 13, item 17). Each holder is a process of its own."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import textwrap

import pytest

from silkpress import OutputError, atomic
from silkpress.output import OutputLock

from .conftest import DATA, copy_project

HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from silkpress.output import OutputLock
    with OutputLock(Path(sys.argv[1])):
        print("locked", flush=True)
        sys.stdin.read()  # until the test closes our stdin
    """
)


@pytest.fixture
def holder(tmp_path):
    """A process holding the build lock of tmp_path/project/dist."""
    project = copy_project(DATA / "mini", tmp_path / "project")
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(project.dist_dir)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout.readline().strip() == "locked"
    yield project, process
    process.stdin.close()
    process.stdout.close()
    process.wait(timeout=30)


def build(project):
    return subprocess.run(
        [sys.executable, "-m", "silkpress", "--project", str(project.root), "build", "--edition-format", "html"],
        capture_output=True, text=True, timeout=300, check=False,
    )


def lock_file(project):
    return project.root / ".silkpress" / "dist" / "lock"


def test_deleting_or_replacing_the_lock_file_lets_no_second_build_in(holder):
    project, process = holder
    assert lock_file(project).read_text(encoding="utf-8") == str(process.pid)
    lock_file(project).unlink()  # rm, git clean -X ...
    refused = build(project)
    assert refused.returncode == 1, refused.stderr
    assert f"another build is running (pid {process.pid})" in refused.stderr and "Traceback" not in refused.stderr
    lock_file(project).unlink(missing_ok=True)
    lock_file(project).write_text("", encoding="utf-8")  # a new file in its place (git stash, an editor ...)
    again = build(project)
    assert again.returncode == 1 and f"another build is running (pid {process.pid})" in again.stderr
    assert not project.dist_dir.exists() or not list(project.dist_dir.iterdir())
    process.stdin.close()
    process.wait(timeout=30)
    assert build(project).returncode == 0  # released by the holder: the next build runs


def test_the_flock_alone_refuses_a_second_holder_where_there_are_no_abstract_sockets(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic.sys, "platform", "darwin")
    out = tmp_path / "dist"
    with OutputLock(out) as first:
        assert first._socket is None
        with pytest.raises(OutputError, match=f"another build is running \\(pid {os.getpid()}\\)"):
            OutputLock(out).__enter__()
    with OutputLock(out):  # released
        pass


def test_a_lock_file_replaced_between_open_and_flock_is_locked_again(tmp_path, monkeypatch):
    out = tmp_path / "dist"
    path = tmp_path / ".silkpress" / "dist" / "lock"
    real, replaced = fcntl.flock, []

    def flock(fd, operation):
        if not replaced and operation & fcntl.LOCK_EX:
            replaced.append(os.fstat(fd).st_ino)
            path.unlink()  # another process swaps the file after our open
            path.write_text("", encoding="utf-8")
        return real(fd, operation)

    monkeypatch.setattr(atomic.fcntl, "flock", flock)
    with OutputLock(out) as lock:
        assert replaced and os.path.samestat(os.fstat(lock._fd), os.stat(path))
        assert path.read_text(encoding="utf-8") == str(os.getpid())


def test_an_output_folder_that_is_not_ours_is_refused_before_the_lock_exists(tmp_path):
    out = tmp_path / "home"
    out.mkdir()
    (out / ".bashrc").write_text("", encoding="utf-8")
    with pytest.raises(OutputError, match="neither empty nor a silkpress output"):
        OutputLock(out).__enter__()
    assert not (tmp_path / ".silkpress").exists()
