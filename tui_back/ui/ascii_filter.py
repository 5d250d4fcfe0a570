"""The line filter that keeps the screen 7-bit ASCII (`ascii = true`, or a terminal not in UTF-8).

Textual's own widgets draw with box and block characters (tall borders, scrollbars, the Select
arrow, the header's icon and dash, the Footer's separator); the filter rewrites every line any
widget renders, through Textual's public `App.get_line_filters`, so nothing escapes it.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from tui_back.ascii_text import ascii_text


class AsciiFilter(LineFilter):
    """Each segment's text as ASCII of the same width; styles unchanged."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            segment if segment.text.isascii() else Segment(ascii_text(segment.text), segment.style, segment.control)
            for segment in segments
        ]
