"""The file-system primitives of stage 6: atomic file writes (a temporary file, fsynced, then
``os.replace``), staged writes (every file of a publication written first, and only then all
moved into place), and the build lock."""

from __future__ import annotations

import errno
import fcntl
import hashlib
import logging
import os
import socket
import struct
import sys
import tempfile
from pathlib import Path

from .errors import OutputError

logger = logging.getLogger(__name__)


def _write_synced(data: bytes, folder: Path, name: str) -> str:
    """A new temporary file in ``folder`` holding ``data``, flushed to the disk; its path.
    A full disk fails here, before anything is replaced."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, 0o644)
    except BaseException:
        _unlink(tmp_name)
        raise
    return tmp_name


def _unlink(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def _usable(tmp_dir: Path | None) -> Path | None:
    if tmp_dir is None:
        return None
    try:
        tmp_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return tmp_dir


def write_atomic(path: Path, data: bytes, tmp_dir: Path | None = None) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half of one.

    The temporary file goes in ``tmp_dir`` when given (on the same file system), so
    that a crash leaves nothing half-written in the target folder itself.
    """
    tmp_dir = _usable(tmp_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp_name = _write_synced(data, tmp_dir or path.parent, path.name)
    except OSError as error:
        raise OutputError(f"cannot write file: {error.strerror or error}", path) from error
    try:
        os.replace(tmp_name, path)
    except OSError as error:
        _unlink(tmp_name)
        if error.errno == errno.EXDEV and tmp_dir is not None:
            write_atomic(path, data)  # another file system: a temporary file beside the target
            return
        raise OutputError(f"cannot write file: {error.strerror or error}", path) from error
    except BaseException:
        _unlink(tmp_name)
        raise


def write_if_changed(path: Path, data: bytes, tmp_dir: Path | None = None) -> bool:
    """Write only when the content differs, so unchanged files keep their mtime. True if written."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as error:
        raise OutputError(f"cannot read file: {error.strerror}", path) from error
    write_atomic(path, data, tmp_dir)
    return True


class Staging:
    """Files written in full (and fsynced) to ``tmp_dir`` by :meth:`stage`, moved into place one
    by one by :meth:`commit`. Whatever is not committed is removed on leaving the ``with``.

    Staging every file before committing any means that a full disk (or any write error)
    stops a publication before it has replaced anything: a rename needs no space.
    """

    def __init__(self, tmp_dir: Path) -> None:
        self.tmp_dir = tmp_dir
        self._staged: dict[Path, tuple[str, bytes]] = {}

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc_info: object) -> None:
        for tmp_name, _ in self._staged.values():
            _unlink(tmp_name)
        self._staged.clear()

    def stage(self, path: Path, data: bytes) -> None:
        try:
            self.tmp_dir.mkdir(parents=True, exist_ok=True)
            self._staged[path] = (_write_synced(data, self.tmp_dir, path.name), data)
        except OSError as error:
            raise OutputError(f"cannot stage file: {error.strerror or error}; nothing was replaced", path) from error

    def commit(self, path: Path) -> None:
        """Move the staged file for ``path`` into place (atomically)."""
        tmp_name, data = self._staged.pop(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp_name, path)
        except OSError as error:
            _unlink(tmp_name)
            if error.errno != errno.EXDEV:
                raise OutputError(f"cannot write file: {error.strerror or error}", path) from error
            write_atomic(path, data)  # the staging folder is on another file system


def _holder_pid(name: bytes) -> str:
    """The pid of the process listening on an abstract socket (its SO_PEERCRED), or "unknown"."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(1)
            probe.connect(name)
            return str(struct.unpack("3i", probe.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))[0])
    except OSError:
        return "unknown"


class BuildLock:
    """One build at a time per output folder, ``lock_path`` being a file in its build state folder.

    Two locks, both released by the kernel when their process dies (so a lock left by a killed
    build is simply taken over):

    - on Linux, an abstract Unix socket named after the folder's real path: it is no file, so
      nothing can delete or replace it under its holder;
    - an exclusive ``flock`` on ``lock_path``, which holds the pid of its build
      (and works where abstract sockets do not). After locking, the file's inode is checked
      against the path's: a lock taken on a file that was just replaced is retried.

    A second build fails at once naming the first.
    """

    def __init__(self, out_dir: Path, lock_path: Path) -> None:
        self.out_dir = out_dir
        self.path = lock_path
        self.stale_pid: int | None = None
        self._fd: int | None = None
        self._socket: socket.socket | None = None

    def __enter__(self) -> BuildLock:
        self._socket = self._bind()
        try:
            self._fd = self._flock()
        except BaseException:
            self._close_socket()
            raise
        previous = os.pread(self._fd, 32, 0).decode("ascii", "replace").strip()
        if previous.isdigit() and int(previous) != os.getpid():
            self.stale_pid = int(previous)  # its build died holding the lock; the kernel freed it
            logger.info("cleared a stale lock left by pid %s", previous)
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, str(os.getpid()).encode(), 0)
        return self

    def _bind(self) -> socket.socket | None:
        if not sys.platform.startswith("linux"):
            return None
        digest = hashlib.sha256(os.fsencode(os.path.realpath(self.out_dir))).hexdigest()
        name = f"\0silkpress-build-{digest}".encode()
        held = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            held.bind(name)
            held.listen(socket.SOMAXCONN)  # so that a second build can ask for its pid
            return held
        except OSError as error:
            held.close()
            if error.errno == errno.EADDRINUSE:
                raise OutputError(f"another build is running (pid {_holder_pid(name)})", self.out_dir) from None
            return None  # no abstract sockets here (a sandbox): the flock alone

    def _flock(self) -> int:
        for _ in range(10):
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            except OSError as error:
                raise OutputError(f"cannot create the build lock: {error.strerror}", self.path) from error
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
                os.close(fd)
                raise OutputError(f"another build is running (pid {holder})", self.out_dir) from None
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                return fd
            os.close(fd)  # the file was deleted or replaced between open and flock: lock the new one
        raise OutputError("the build lock keeps being replaced", self.path)

    def _close_socket(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def __exit__(self, *exc_info: object) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
        self._close_socket()
