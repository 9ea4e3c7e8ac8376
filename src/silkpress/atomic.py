"""Atomic file writes: a temporary file in the same folder, then ``os.replace``."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from .errors import OutputError


def write_atomic(path: Path, data: bytes, tmp_dir: Path | None = None) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half of one.

    The temporary file goes in ``tmp_dir`` when given (on the same file system), so
    that a crash leaves nothing half-written in the target folder itself.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if tmp_dir is not None:
        try:
            tmp_dir.mkdir(parents=True, exist_ok=True)
        except OSError:
            tmp_dir = None
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=tmp_dir or path.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, 0o644)
        try:
            os.replace(tmp_name, path)
        except OSError as error:
            if error.errno != errno.EXDEV or tmp_dir is None:
                raise
            os.unlink(tmp_name)  # another file system: fall back to a temporary file beside the target
            write_atomic(path, data)
            return
    except OSError as error:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise OutputError(f"cannot write file: {error.strerror or error}", path) from error
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
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
