"""Two patches to WeasyPrint's PDF tagging: each element's language, and page references that
stay linear in the page count.

The language of each tagged element in the PDF (``/Lang``), which WeasyPrint does not write.

WeasyPrint tags a PDF (pdf/ua-1) with the document's language only, so a screen reader reads a
Russian column of a proof, or an English fallback in a Chinese draft, with the document's
voice. This patch gives each structure element whose HTML element has a ``lang`` attribute that
language, once per element (anonymous boxes of the same element inherit it). Like
:mod:`silkpress.cjk`, it is applied only around our own renders, lists the internal it needs in
``INTERNALS`` (checked by a test against the installed WeasyPrint), and does nothing when that
internal is missing.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Iterator

logger = logging.getLogger(__name__)

INTERNALS = (("weasyprint.pdf.tags", "_build_box_tree"), ("pydyf", "PDF.page_references"))


@contextlib.contextmanager
def languages_tagged() -> Iterator[None]:
    try:
        import pydyf
        from weasyprint.pdf import tags
        from weasyprint.layout.absolute import AbsolutePlaceholder

        original = tags._build_box_tree
    except (ImportError, AttributeError) as error:  # a WeasyPrint without this internal
        logger.debug("per-element /Lang unavailable: %s", error)
        yield
        return
    labelled: set[int] = set()

    def build_box_tree(box, parent, *args):  # noqa: ANN001, ANN202 - WeasyPrint's signature
        inner = box._box if isinstance(box, AbsolutePlaceholder) else box
        element = getattr(inner, "element", None)
        lang = element.get("lang") if element is not None and element.tag not in ("html", "body") else None
        first = bool(lang) and id(element) not in labelled  # anonymous boxes of the element inherit it
        if first:
            labelled.add(id(element))
        for tagged in original(box, parent, *args):
            # what this call yields hangs under ``parent``: this box's element, or its children's
            if first and tagged.get("P") == parent.reference and "Lang" not in tagged:
                tagged["Lang"] = pydyf.String(lang)
            yield tagged

    tags._build_box_tree = build_box_tree
    try:
        yield
    finally:
        tags._build_box_tree = original


@contextlib.contextmanager
def page_references_cached() -> Iterator[None]:
    """Make ``pydyf.PDF.page_references`` a lookup instead of a rebuild.

    pydyf builds the tuple of every page's reference at each access, and WeasyPrint reads it
    once per tagged element and per link (``pdf/tags.py``, ``pdf/anchors.py``): with both
    growing with the pages, tagging a 380-page edition took 40 % of its render. The tuple is
    kept until a page is added (pages are only ever appended), so the output is the same.
    """
    try:
        import pydyf

        original = pydyf.PDF.page_references
        build = original.fget
    except (ImportError, AttributeError) as error:  # a pydyf without this internal
        logger.debug("cached page references unavailable: %s", error)
        yield
        return

    def page_references(self):  # noqa: ANN001, ANN202 - pydyf's signature
        kids = self.pages["Kids"]
        cached = self.__dict__.get("_silkpress_page_references")
        if cached is None or cached[0] != len(kids):
            cached = (len(kids), build(self))
            self.__dict__["_silkpress_page_references"] = cached
        return cached[1]

    pydyf.PDF.page_references = property(page_references)
    try:
        yield
    finally:
        pydyf.PDF.page_references = original
