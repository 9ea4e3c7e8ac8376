"""The translator workflow: extract, update, init, compile, stats and check.

Underneath are GNU-compatible PO files: :mod:`.pofile` reads them as
``msgfmt -c`` does and :mod:`.powrite` writes them as ``msgcat`` does.
Names load on first use, so the build's catalog stage imports only the PO reader.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "extract_messages": ".extract",
    "extract_source": ".extract",
    "extract_templates": ".extract",
    "init_catalog": ".update",
    "merge_catalog": ".update",
    "update_catalogs": ".update",
    "write_template": ".update",
    "compile_catalogs": ".compile",
    "Entry": ".pofile",
    "PoFile": ".pofile",
    "parse_po": ".pofile",
    "read_po": ".pofile",
    "render_po": ".powrite",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    raise AttributeError(f"module 'silkpress.i18n' has no attribute {name!r}")
