"""The floor: WeasyPrint alone renders the five print documents in one process, sharing one
FontConfiguration, with no silkpress code. Usage: python benchmarks/floor.py HTML_DIR"""

from __future__ import annotations

import sys
import time
from pathlib import Path

started = time.perf_counter()
from weasyprint import HTML  # noqa: E402  (the import is part of the cost)
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

font_config = FontConfiguration()
for page in sorted(Path(sys.argv[1]).glob("*.html")):
    HTML(filename=str(page)).write_pdf(font_config=font_config, pdf_tags=True, pdf_variant="pdf/ua-1", custom_metadata=True)
print(f"{time.perf_counter() - started:.3f}")
