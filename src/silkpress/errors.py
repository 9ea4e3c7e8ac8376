"""The exception hierarchy: one root, subclasses that carry a path and a 1-based line."""

from __future__ import annotations

from pathlib import Path


class SilkpressError(Exception):
    """Root of every error silkpress raises on purpose.

    ``str(error)`` is ``path:line: message`` (or less, when path or line is unknown),
    the form editors and CI logs understand.
    """

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class ConfigError(SilkpressError):
    """The project or its configuration is missing or invalid."""


class SourceError(SilkpressError):
    """The bulletin source does not parse or does not fit the schema."""


class CatalogError(SilkpressError):
    """A gettext catalog cannot be read or is inconsistent."""


class TemplateError(SilkpressError):
    """A Jinja2 template does not compile or fails while rendering."""


class RenderError(SilkpressError):
    """WeasyPrint could not lay out or write a PDF."""


class OutputError(SilkpressError):
    """Writing build output failed."""


class CheckError(SilkpressError):
    """Checks found errors; ``diagnostics`` holds every one of them."""

    def __init__(self, message: str, diagnostics: list, path: str | Path | None = None, line: int | None = None) -> None:
        super().__init__(message, path, line)
        self.diagnostics = diagnostics


class ReleaseError(SilkpressError):
    """A release record cannot be found or read."""
