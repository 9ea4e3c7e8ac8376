"""The no-op fast path of ``silkpress build``: when no input and no output changed since the
last successful build with the same options, say so without loading Babel, Jinja2 or WeasyPrint.

The fingerprint covers every file under source/, locales/ and templates/, the configured
sources wherever they are, pyproject.toml,
silkpress's own files (code and fonts), the options and SOURCE_DATE_EPOCH. The outputs are
checked by size and modification time; any difference means a real build.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from pathlib import Path

from . import __version__

INPUT_FOLDERS = ("source", "locales", "templates")


def _record_path(out: Path) -> Path:
    return out.parent / f".{out.name}.noop.json"


def configured_sources(root: Path) -> list[Path]:
    """The bulletin sources ``[tool.silkpress] source`` names, wherever they are (tomllib only:
    the fast path loads nothing else)."""
    try:
        table = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8")).get("tool", {}).get("silkpress", {})
    except (OSError, ValueError):
        return []
    source = table.get("source", table.get("sources")) if isinstance(table, dict) else None
    names = [source] if isinstance(source, str) else source if isinstance(source, list) else []
    return [root / name for name in names if isinstance(name, str)]


def fingerprint(root: Path, options: list[str]) -> str:
    digest = hashlib.sha256(__version__.encode())
    digest.update(json.dumps(options).encode())
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    files = [root / "pyproject.toml", *configured_sources(root)]
    for folder in INPUT_FOLDERS:
        files += sorted(p for p in (root / folder).rglob("*") if p.is_file() and not p.name.endswith(".mo"))
    package = Path(__file__).parent
    for path in files + sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path).encode())
        if path.suffix == ".woff2":  # large and never edited by hand
            info = path.stat()
            digest.update(f"{info.st_size}:{info.st_mtime_ns}".encode())
        elif path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _outputs(out: Path) -> dict[str, list[int]]:
    return {
        p.relative_to(out).as_posix(): [p.stat().st_size, p.stat().st_mtime_ns]
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def unchanged(root: Path, out: Path, options: list[str]) -> bool:
    try:
        record = json.loads(_record_path(out).read_text(encoding="utf-8"))
        return bool(out.is_dir()) and record == {"inputs": fingerprint(root, options), "outputs": _outputs(out)}
    except (OSError, ValueError):
        return False


def remember(root: Path, out: Path, options: list[str]) -> None:
    data = json.dumps({"inputs": fingerprint(root, options), "outputs": _outputs(out)}).encode()
    from .atomic import write_atomic
    from .errors import OutputError

    try:
        write_atomic(_record_path(out), data)
    except (OSError, OutputError):
        pass  # the record only saves time


def forget(out: Path) -> None:
    try:
        _record_path(out).unlink()
    except OSError:
        pass
