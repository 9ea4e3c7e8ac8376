"""Stage 5: HTML -> PDF bytes. The only module that imports WeasyPrint."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import RenderError

logger = logging.getLogger(__name__)


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class RestrictedFetcher(URLFetcher):
        """Fetch local files under the allowed folders only: no network, no other file."""

        def __init__(self, allowed: tuple[Path, ...]) -> None:
            super().__init__(allowed_protocols={"file"}, allow_redirects=False)
            self.allowed = tuple(path.resolve() for path in allowed)

        def fetch(self, url, headers=None):  # type: ignore[override]
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                raise ValueError(f"refusing to fetch {url!r}: only bundled files are allowed")
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in self.allowed):
                raise ValueError(f"refusing to fetch {url!r}: outside the project's fonts and templates")
            return super().fetch(url, headers)

    return RestrictedFetcher


class PdfRenderer:
    """Renders many documents with one WeasyPrint font configuration (faster than one per document)."""

    def __init__(self, allowed_dirs: tuple[Path, ...]) -> None:
        try:
            from weasyprint.text.fonts import FontConfiguration
        except (ImportError, OSError) as error:
            raise RenderError(f"WeasyPrint cannot be loaded: {error}") from error
        self.font_config = FontConfiguration()
        self.fetcher = _fetcher_class()(allowed_dirs)

    def render(self, html: str, base_url: Path, name: str) -> bytes:
        """Lay out ``html`` and return the PDF; ``name`` identifies the edition in errors."""
        from weasyprint import HTML

        try:
            document = HTML(string=html, base_url=str(base_url) + "/", url_fetcher=self.fetcher)
            return document.write_pdf(font_config=self.font_config, uncompressed_pdf=False)
        except Exception as error:  # WeasyPrint raises many kinds; none may escape as a traceback
            raise RenderError(f"PDF rendering failed: {type(error).__name__}: {error}", name) from error
