"""Build options: one frozen object with its defaults in one place, and one fingerprint.

Like WeasyPrint's ``DEFAULT_OPTIONS``, every option of a build is here, with its default.
Fields marked ``output=False`` only decide where or how fast the output is made (workers,
executor), never what it is, so they stay out of the fingerprint.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Literal

from .errors import ConfigError
from .urls import safe_url

if TYPE_CHECKING:
    from .project import Project

PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b")
EXECUTORS = ("local", "dask")
DEFAULT = "default"
"""``pdf_variant`` and ``base_url`` at this value take the project's setting."""


def _option(default: object, output: bool = True):  # noqa: ANN202 - a dataclass field
    return field(default=default, metadata={"output": output})


@dataclass(frozen=True)
class BuildOptions:
    locales: tuple[str, ...] = _option(())
    """Build only these locales (default: every configured one)."""
    formats: tuple[str, ...] = _option(())
    """Build only these formats (default: every registered one)."""
    out_dir: Path | None = _option(None)
    """The output folder (default: the project's dist/)."""
    release: bool = _option(False)
    """Refuse (nothing written) when an edition has an untranslated or fuzzy unit or a check error."""
    min_complete: float | None = _option(None)
    """Publish only locales at least this many percent translated."""
    pdf_variant: str | None = _option(DEFAULT)
    """``pdf/ua-1``, ``pdf/a-3b`` or None; by default the project's ``[tool.silkpress.print]`` setting."""
    base_url: str | None = _option(None)
    """Where dist/ is published (default: the project's ``base-url``)."""
    archive: bool = _option(False)
    """Also write reproducible zips: one per edition and one of everything."""
    force: bool = _option(False, output=False)
    """Redo every job, even those whose inputs did not change."""
    jobs: int | None = _option(None, output=False)
    """Jobs run at a time (default: one per CPU)."""
    executor: Literal["local", "dask"] = _option("local", output=False)
    scheduler: str | None = _option(None, output=False)
    """The Dask scheduler's address, with ``executor="dask"``."""

    def __post_init__(self) -> None:
        if self.pdf_variant not in (DEFAULT, None, *PDF_VARIANTS):
            raise ConfigError(f"unknown PDF variant {self.pdf_variant!r} (choose {', '.join(PDF_VARIANTS)} or none)")
        if self.executor not in EXECUTORS:
            raise ConfigError(f"unknown executor {self.executor!r} (choose {', '.join(EXECUTORS)})")
        if self.executor == "dask" and not self.scheduler:
            raise ConfigError("the Dask executor needs --scheduler tcp://HOST:PORT")
        if self.min_complete is not None and not 0 <= self.min_complete <= 100:
            raise ConfigError("min_complete is a percentage between 0 and 100")
        if self.base_url and safe_url(self.base_url) is None:
            raise ConfigError(f"the base URL must be an https: or http: URL, not {self.base_url[:80]!r}")

    @classmethod
    def from_arguments(cls, arguments: dict[str, object]) -> BuildOptions:
        """The options of ``silkpress build``'s arguments (``--pdf-variant none`` is None, no
        ``--pdf-variant`` the project's setting)."""
        variant = arguments["pdf_variant"]
        names = ("release", "min_complete", "base_url", "archive", "force", "jobs", "executor", "scheduler")
        return cls(locales=tuple(arguments["locales"]), formats=tuple(arguments["formats"]),  # type: ignore[arg-type]
                   out_dir=arguments["out"], pdf_variant=DEFAULT if variant is None else None if variant == "none" else variant,
                   **{name: arguments[name] for name in names})  # type: ignore[arg-type]

    def resolved(self, project: Project) -> BuildOptions:
        """These options with every default filled in from the project, and the selection checked."""
        from .formats import FORMATS

        for fmt in self.formats:
            if fmt not in FORMATS:
                raise ConfigError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
        for locale in self.locales:
            if locale not in project.locales:
                raise ConfigError(f"locale {locale!r} is not configured (configured: {', '.join(project.locales)})")
        return replace(
            self,
            locales=self.locales or project.locales,
            formats=tuple(name for name in FORMATS if name in self.formats) if self.formats else tuple(FORMATS),
            out_dir=Path(self.out_dir or project.dist_dir).resolve(),
            pdf_variant=project.pdf_variant if self.pdf_variant == DEFAULT else self.pdf_variant,
            base_url=project.base_url if self.base_url is None else self.base_url,
        )

    def output_options(self, names: Iterable[str] | None = None) -> dict[str, object]:
        """The options that decide the output (all, or the ``names`` given), as plain data."""
        wanted = set(names) if names is not None else None
        return {
            f.name: str(value) if isinstance(value, Path) else value
            for f in fields(self)
            if f.metadata.get("output") and (wanted is None or f.name in wanted)
            for value in [getattr(self, f.name)]
        }

    def fingerprint(self, project: Project | None = None, names: Iterable[str] | None = None) -> str:
        """A digest of what decides the output: these options (or the ``names`` given), silkpress's
        code and its renderers' versions, ``SOURCE_DATE_EPOCH``, and, with a ``project``, every
        input file wherever it lives. Equal fingerprints mean equal output."""
        digest = hashlib.sha256(code_fingerprint().encode())
        digest.update(json.dumps(self.output_options(names), sort_keys=True, default=list).encode())
        digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
        if project is not None:
            digest.update(files_digest(project.input_files()).encode())
        return digest.hexdigest()


DEFAULT_OPTIONS = BuildOptions()


def files_digest(paths: Iterable[Path]) -> str:
    """A digest of files, each by its path and content."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0" + _content_digest(path))
    return digest.hexdigest()


def _content_digest(path: Path) -> bytes:
    """A regular file's SHA-256, read in chunks; a marker for anything else (never read a FIFO)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return b"not a regular file"
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").digest()
    except OSError:
        return b"missing"


RENDERERS = ("weasyprint", "pydyf", "babel", "jinja2", "pyphen", "fonttools", "brotli")
"""The libraries whose version changes the output."""


def _installed_versions() -> list[str]:
    """The renderers' installed versions, from their dist-info folder names: a directory listing,
    since importlib.metadata alone costs the no-op build a tenth of its time."""
    found = []
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found += sorted(name for name in names if name.endswith(".dist-info") and name.split("-")[0].lower() in RENDERERS)
    return found


@lru_cache(maxsize=1)
def _code_files() -> tuple[tuple[str, bytes], ...]:
    """Each of silkpress's own files (code, fonts, theme) by its path in the package, with a digest."""
    package = Path(__file__).parent
    files = []
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        if path.suffix == ".woff2":  # large and never edited by hand
            info = path.stat()
            content = f"{info.st_size}:{info.st_mtime_ns}".encode()
        else:
            content = hashlib.sha256(path.read_bytes()).digest()
        files.append((path.relative_to(package).as_posix(), content))
    return tuple(files)


THEME_CATALOGS = "theme/locales/"


@lru_cache(maxsize=None)
def code_fingerprint(theme_locale: str | None = None) -> str:
    """silkpress's own files (code, fonts, theme) and the renderers' versions: a change to any
    invalidates every cached job and the no-op record. With ``theme_locale``, the theme's
    catalogs of other locales are left out: a page in one language does not show them."""
    from . import __version__

    digest = hashlib.sha256(__version__.encode())
    own = f"{THEME_CATALOGS}{theme_locale}/"
    for name, content in _code_files():
        if theme_locale is not None and name.startswith(THEME_CATALOGS) and name.count("/") > 2 and not name.startswith(own):
            continue
        digest.update(name.encode() + b"\0" + content)
    for name in _installed_versions():
        digest.update(name.encode())
    return digest.hexdigest()
