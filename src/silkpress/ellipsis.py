"""A running header cut short ends with a real "…" after a whole word.

WeasyPrint draws ``text-overflow: ellipsis`` with Pango's ellipsization, whose "…" glyph stands for
the text it hides: the PDF's ToUnicode then maps that glyph to the first hidden text it drew, so
every later header cut short reads, when copied or read aloud, as that other title's ending. This
patch cuts such a line itself, at the last line-break opportunity (after a whole word; between
characters in Chinese) that leaves room for the character "…", and draws that. A line that fits is
drawn as before. The internals
it needs are listed in ``INTERNALS``, which a test checks against the installed WeasyPrint.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Iterator

logger = logging.getLogger(__name__)

INTERNALS = (
    ("weasyprint.draw.text", "draw_first_line"),
    ("weasyprint.text.line_break", "get_log_attrs"),
    ("weasyprint.text.ffi", "pango"),
    ("weasyprint.text.ffi", "TO_UNITS"),
)


@contextlib.contextmanager
def whole_word_ellipsis() -> Iterator[None]:
    """While drawing: a line with ``text-overflow: ellipsis`` that does not fit ends with "…"."""
    try:
        from weasyprint.draw import text as drawing
        from weasyprint.text.ffi import TO_UNITS, pango
        from weasyprint.text.line_break import get_log_attrs

        original = drawing.draw_first_line
    except (ImportError, AttributeError) as error:  # a WeasyPrint without these internals
        logger.debug("whole-word ellipsis unavailable: %s", error)
        yield
        return

    def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):  # noqa: ANN001, ANN202
        layout = textbox.pango_layout
        if text_overflow == "ellipsis" and block_ellipsis == "none" and layout.max_width is not None:
            pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
            pango.pango_layout_set_width(layout.layout, int(layout.max_width * TO_UNITS))
            if layout.get_first_line()[1]:  # the line wraps: it does not fit
                _cut(layout, get_log_attrs, textbox.style["lang"])
                text_overflow = "clip"
        return original(stream, textbox, text_overflow, block_ellipsis, matrix)

    drawing.draw_first_line = draw_first_line
    try:
        yield
    finally:
        drawing.draw_first_line = original


def _cut(layout, get_log_attrs, lang: str | None) -> None:  # noqa: ANN001 - WeasyPrint's Layout and function
    """``layout``'s text cut at its last break opportunity that leaves a line, with "…", that fits."""
    text = layout.text
    breaks = get_log_attrs(text, lang)  # one per position: may a line break before text[i]?
    for end in range(len(text) - 1, 0, -1):
        if breaks[end].is_line_break:
            layout.set_text(text[:end].rstrip() + "…")
            if not layout.get_first_line()[1]:
                return
    layout.set_text("…")
