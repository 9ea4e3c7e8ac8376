"""Inter-character justification (for Chinese), which WeasyPrint lacks.

WeasyPrint justifies a line by widening its spaces only, and Chinese has none,
so ``text-align: justify`` left Chinese paragraphs ragged. This patch lets the
gaps after CJK characters take the extra width too, the way Chinese typesetting
justifies. It is applied only around our own renders (see :func:`enabled`) and
only to text in the languages the caller names (those whose locale profile justifies
between characters); anything unexpected in WeasyPrint's internals disables it rather
than breaking the render. The internals it needs are listed in ``INTERNALS``, which a
test checks against the installed WeasyPrint.
"""

from __future__ import annotations

import contextlib
import logging
import re
from typing import Iterator

logger = logging.getLogger(__name__)

CJK = re.compile(r"[\u3001-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60]")


# What this module patches or calls in WeasyPrint (tested on 68-70; pyproject bounds the version).
INTERNALS = (
    ("weasyprint.layout.inline", "count_expandable_spaces"),
    ("weasyprint.text.line_break", "Layout.set_text"),
    ("weasyprint.formatting_structure.boxes", "TextBox"),
    ("weasyprint.text.ffi", "TO_UNITS"),
)


def _gaps(text: str) -> list[re.Match[str]]:
    """CJK characters followed by another character: the gaps that may widen."""
    return [match for match in CJK.finditer(text) if match.end() < len(text.rstrip())]


def _in(style, wanted: tuple[str, ...]) -> bool:  # noqa: ANN001 - a WeasyPrint style
    """Whether a box's language is one of ``wanted`` (as :lang() matches: "zh-hans" matches "zh-hans-cn")."""
    lang = (style["lang"] or "").lower()
    return any(lang == tag or lang.startswith(tag + "-") for tag in wanted)


def _space_gaps(layout, spacing: float) -> None:  # noqa: ANN001 - a WeasyPrint Layout
    """Give every gap after a CJK character of ``layout`` the extra ``spacing``, as Pango letter spacing."""
    from weasyprint.text.ffi import TO_UNITS, ffi, pango

    gaps = _gaps(layout.text)
    if not gaps:
        return
    attr_list = pango.pango_layout_get_attributes(layout.layout)
    if attr_list == ffi.NULL:
        attr_list = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    encoded = layout.text.encode()
    for match in gaps:
        start = len(layout.text[: match.start()].encode())
        end = start + len(match.group().encode())
        # Pango shares letter spacing between both sides of a grapheme, and gives
        # only half at the start of the text: double it there.
        factor = 2 if start == 0 else 1
        attr = pango.pango_attr_letter_spacing_new(int(spacing * factor * TO_UNITS))
        attr.start_index, attr.end_index = start, min(end, len(encoded))
        pango.pango_attr_list_change(attr_list, attr)
    pango.pango_layout_set_attributes(layout.layout, attr_list)


@contextlib.contextmanager
def enabled(languages: tuple[str, ...]) -> Iterator[None]:
    """Justify text in ``languages`` (BCP 47 tags, matched like :lang()) between characters."""
    wanted = tuple(tag.lower() for tag in languages)
    try:
        from weasyprint.formatting_structure import boxes
        from weasyprint.layout import inline
        from weasyprint.text import line_break

        original_count = inline.count_expandable_spaces
        original_set_text = line_break.Layout.set_text
    except (ImportError, AttributeError) as error:  # a WeasyPrint without these internals
        logger.debug("CJK justification unavailable: %s", error)
        wanted = ()
    if not wanted:
        yield
        return

    def count_expandable_spaces(box):  # noqa: ANN001, ANN202 - WeasyPrint's signature
        if isinstance(box, boxes.TextBox) and _in(box.style, wanted):
            return original_count(box) + len(_gaps(box.text))
        if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            return sum(count_expandable_spaces(child) for child in box.children)
        return original_count(box)

    def set_text(self, text, justify=False):  # noqa: ANN001, ANN202 - WeasyPrint's signature
        original_set_text(self, text, justify)
        spacing = self.justification_spacing if justify else 0
        if spacing and _in(self.style, wanted):
            _space_gaps(self, spacing)

    inline.count_expandable_spaces = count_expandable_spaces
    line_break.Layout.set_text = set_text
    try:
        yield
    finally:
        inline.count_expandable_spaces = original_count
        line_break.Layout.set_text = original_set_text
