"""One guarded way to read any input file: sources, catalogs, templates, CSS, termbase, configuration.

Inputs come from many hands. Every read goes through :func:`read_input`, which applies one
policy to all of them: a regular file only (no device or FIFO, which could block or never
end), a size limit per kind, and no symlink that leads out of the folder the file belongs to.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import (
    CatalogError,
    ConfigError,
    SilkpressError,
    SourceError,
    TemplateError,
)


@dataclass(frozen=True)
class InputKind:
    name: str
    max_bytes: int
    error: type[SilkpressError]


KINDS: dict[str, InputKind] = {
    kind.name: kind
    for kind in (
        InputKind("source", 5_000_000, SourceError),
        InputKind("catalog", 20_000_000, CatalogError),
        InputKind("template", 2_000_000, TemplateError),  # templates and stylesheets
        InputKind("termbase", 5_000_000, CatalogError),
        InputKind("config", 1_000_000, ConfigError),
        InputKind("logo", 2_000_000, ConfigError),  # the publisher's SVG logo ([tool.silkpress.print] logo)
        InputKind("image", 20_000_000, SourceError),  # the source's cover image
    )
}


def exists(path: Path) -> bool:
    """Whether anything is at ``path``, a dangling symlink included (which reading then refuses)."""
    return path.exists() or path.is_symlink()


def _escapes(path: Path, root: Path) -> bool:
    """A path that lies inside ``root`` as written but whose real file lies outside it: a symlink out."""
    lexical = Path(os.path.normpath(path.absolute()))
    real_root = root.resolve()
    inside = lexical.is_relative_to(root.absolute()) or lexical.is_relative_to(real_root)
    return inside and not path.resolve().is_relative_to(real_root)


def read_input(path: Path, kind: str, shown: str, root: Path | None = None) -> bytes:
    """The bytes of the input file at ``path``, under the policy of its ``kind``.

    ``shown`` is the path as messages give it. With ``root``, a file that points out of
    that folder (through a symlink anywhere on its way) is refused. Errors are the kind's
    own SilkpressError subclass, never OSError.
    """
    policy = KINDS[kind]
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError as missing:
        raise policy.error("file not found", shown) from missing
    except OSError as failure:
        raise policy.error(f"cannot read: {failure.strerror}", shown) from failure
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise policy.error("not a regular file", shown)
        if root is not None and _escapes(path, root):
            raise policy.error(f"refusing a {kind} file that points outside {root.name}/", shown)
        if info.st_size > policy.max_bytes:
            raise policy.error(f"too large ({info.st_size} bytes; the limit is {policy.max_bytes})", shown)
        with os.fdopen(fd, "rb", closefd=False) as fileobj:
            data = fileobj.read(policy.max_bytes + 1)
    except OSError as failure:  # EISDIR and the like, on platforms where open() lets them through
        raise policy.error(f"cannot read: {failure.strerror}", shown) from failure
    finally:
        os.close(fd)
    if len(data) > policy.max_bytes:
        raise policy.error(f"too large (over {policy.max_bytes} bytes)", shown)
    return data


def decode(data: bytes, kind: str, shown: str) -> str:
    """UTF-8 text, or the kind's error at the line of the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise KINDS[kind].error(f"not valid UTF-8 ({error.reason})", shown, line) from error


def read_text(path: Path, kind: str, shown: str, root: Path | None = None) -> str:
    return decode(read_input(path, kind, shown, root), kind, shown)
