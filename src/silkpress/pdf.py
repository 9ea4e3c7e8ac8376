"""Stage 5: HTML -> PDF bytes. The only module that imports WeasyPrint."""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlsplit

from . import cjk
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


# Hyphenation dictionaries chosen per language: the source is American English, and
# pyphen maps plain "en" to en_GB. Kazakh and Uzbek have no dictionary: no hyphenation.
HYPHENATION = {"en": "en-US", "ru": "ru"}


def hyphenation_language(locale: str) -> str | None:
    return HYPHENATION.get(locale.split("_")[0])


@dataclass(frozen=True)
class AttachedFile:
    """A file embedded in a PDF/A-3b edition, dated from the source so output stays reproducible."""

    name: str
    data: bytes
    description: str
    date: dt.datetime


class PdfRenderer:
    """Renders many documents with one WeasyPrint font configuration (faster than one per document)."""

    def __init__(self, allowed_dirs: tuple[Path, ...]) -> None:
        try:
            from weasyprint.text.fonts import FontConfiguration
        except (ImportError, OSError) as error:
            raise RenderError(f"WeasyPrint cannot be loaded: {error}") from error
        self.font_config = FontConfiguration()
        self.fetcher = _fetcher_class()(allowed_dirs)

    def render(
        self,
        html: str,
        base_url: Path,
        name: str,
        families: Iterable[str],
        variant: str | None = "pdf/ua-1",
        attachments: Iterable[AttachedFile] = (),
    ) -> bytes:
        """Lay out ``html`` and return a tagged PDF; ``name`` identifies the edition in errors.

        Any font outside ``families`` in the result is an error: a silent
        fallback to a system font means a glyph our fonts lack.
        """
        from weasyprint import HTML, Attachment

        try:
            with cjk.enabled():
                document = HTML(string=html, base_url=str(base_url) + "/", url_fetcher=self.fetcher).render(
                    font_config=self.font_config
                )
            files = [
                Attachment(
                    file_obj=io.BytesIO(item.data), name=item.name, description=item.description,
                    created=item.date, modified=item.date, relationship="Source",
                )
                for item in attachments
            ]
            with cjk.enabled():  # drawing re-creates the justified lines
                data = document.write_pdf(
                    pdf_variant=variant, pdf_tags=True, custom_metadata=True, attachments=files or None
                )
        except Exception as error:  # WeasyPrint raises many kinds; none may escape as a traceback
            raise RenderError(f"PDF rendering failed: {type(error).__name__}: {error}", name) from error
        allowed = set(families)
        strangers = sorted({font.family for font in document.fonts.values()} - allowed)
        if strangers:
            raise RenderError(
                f"text fell back to system font(s) {', '.join(strangers)}: a character is missing from the bundled fonts"
                " (run 'silkpress check --glyphs')",
                name,
            )
        return data
