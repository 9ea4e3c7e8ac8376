"""The translator workflow: extract, update, init (more in later issues)."""

from __future__ import annotations

from .extract import extract_messages, extract_source, extract_templates
from .update import (
    init_catalog,
    merge_catalog,
    render_po,
    update_catalogs,
    write_template,
)

__all__ = [
    "extract_messages",
    "extract_source",
    "extract_templates",
    "init_catalog",
    "merge_catalog",
    "render_po",
    "update_catalogs",
    "write_template",
]
