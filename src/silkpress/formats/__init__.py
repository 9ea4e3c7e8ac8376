"""The format registry: every kind of edition a build can make.

The pipeline loops over ``FORMATS`` in order and knows nothing of any one format; a format
runs after those it links to (the web pages give the PDF's size, so PDF comes first).
Adding a format is a module implementing :class:`~silkpress.formats.base.Format` and one
:func:`register` line here (plus its templates).
"""

from __future__ import annotations

from .base import BulletinRun, Format, Job, SimpleFormat

FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """Add ``fmt`` to the registry (after those already there); returns it."""
    FORMATS[fmt.name] = fmt
    return fmt


def unregister(name: str) -> None:
    FORMATS.pop(name, None)


def manifest_kinds() -> dict[str, str]:
    """What the manifest calls each format's edition files, by suffix."""
    return {fmt.suffix: fmt.manifest_kind for fmt in FORMATS.values()}


from .html import HtmlFormat  # noqa: E402
from .pdf import PdfFormat  # noqa: E402 - the entries need the names above

register(PdfFormat())
register(HtmlFormat())

__all__ = ["FORMATS", "BulletinRun", "Format", "Job", "SimpleFormat", "register", "unregister", "manifest_kinds"]
