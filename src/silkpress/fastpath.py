"""The no-op fast path of ``silkpress build``: when no input and no output changed since the
last successful build with the same options, say so without loading Jinja2 or WeasyPrint.

What "no input changed" means is :meth:`BuildOptions.fingerprint` with the project: the
options, silkpress's own files, ``SOURCE_DATE_EPOCH`` and every input file wherever it
lives. The outputs are checked by size and modification time; any difference means a real
build. The record lives in the build state folder (``.silkpress/<out>/noop.json``).
"""

from __future__ import annotations

import json
from pathlib import Path

from .atomic import write_atomic
from .errors import OutputError
from .options import BuildOptions
from .project import Project, state_dir


def _record_path(out: Path) -> Path:
    return state_dir(out) / "noop.json"


def _outputs(out: Path) -> dict[str, list[int]]:
    return {
        p.relative_to(out).as_posix(): [p.stat().st_size, p.stat().st_mtime_ns]
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def _record(project: Project, options: BuildOptions, out: Path) -> dict[str, object]:
    return {"inputs": options.fingerprint(project), "outputs": _outputs(out)}


def unchanged(project: Project, options: BuildOptions, out: Path) -> bool:
    try:
        record = json.loads(_record_path(out).read_text(encoding="utf-8"))
        return bool(out.is_dir()) and record == _record(project, options, out)
    except (OSError, ValueError):
        return False


def remember(project: Project, options: BuildOptions, out: Path) -> None:
    try:
        write_atomic(_record_path(out), json.dumps(_record(project, options, out)).encode())
    except (OSError, OutputError):
        pass  # the record only saves time


def forget(out: Path) -> None:
    try:
        _record_path(out).unlink()
    except OSError:
        pass
