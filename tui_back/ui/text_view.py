"""Plain text that scrolls: wrapped to the widget's width, and only the lines on screen are drawn.

The library's exercise detail and the Today plan are long plain texts in a pane a dozen lines
tall. A `Static` in a `VerticalScroll` draws every line of them, through Textual's general
content machinery, before the first frame; this draws the dozen that show.
"""

from __future__ import annotations

import textwrap

from rich.cells import cell_len
from rich.segment import Segment
from textual.content import Content
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip


def wrap_lines(text: str, width: int) -> list[str]:
    """`text` broken into lines at most `width` cells wide, at spaces where possible.

    Leading spaces are kept (the ASCII drawings depend on them). Text with wide characters is
    wrapped by cell width through Textual's own wrapping.
    """
    width = max(1, width)
    lines: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width and line.isascii():
            lines.append(line)
        elif line.isascii():
            lines.extend(textwrap.wrap(line, width, drop_whitespace=True, break_on_hyphens=False) or [""])
        else:
            lines.extend(part.plain for part in Content(line).wrap(width))
    return lines


class TextView(ScrollView):
    """Read-only text; when it has the focus the usual keys scroll it (up/down, page up/down, home/end)."""

    DEFAULT_CSS = """
    TextView { overflow-x: hidden; overflow-y: auto; }
    """

    def __init__(self, text: str = "", *, focusable: bool = True, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.can_focus = focusable
        self._text = text
        self._wrapped: dict[int, list[str]] = {}
        """Lines by width: a layout pass may ask for both widths, with and without a scrollbar."""
        self._lines: list[str] = []

    @property
    def text(self) -> str:
        return self._text

    def update(self, text: str) -> None:
        """Show `text` from its first line."""
        self._text = text
        self._wrapped.clear()
        self._fit(self.outer_size)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def _wrap(self, width: int) -> list[str]:
        if width not in self._wrapped:
            if len(self._wrapped) > 4:  # a terminal being resized passes through many widths
                self._wrapped.clear()
            self._wrapped[width] = wrap_lines(self._text, width)
        return self._wrapped[width]

    def _fit(self, size: Size) -> None:
        """Wrap for `size`, leaving room for a scrollbar only when the text is taller than that."""
        gutter = self.styles.gutter
        width, height = size.width - gutter.width, size.height - gutter.height
        if width <= 0:
            return
        lines = self._wrap(width)
        if len(lines) > height:
            width = max(1, width - self.styles.scrollbar_size_vertical)
            lines = self._wrap(width)
        self._lines = lines
        self.virtual_size = Size(width, len(lines))

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        # Wrap for the new size before Textual decides on scrollbars, so the first frame has them.
        self._fit(size)
        return super()._size_updated(size, self.virtual_size, container_size, layout)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The selected text, so it can be copied as from any Textual text widget."""
        return selection.extract("\n".join(self._lines)), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        number = y + self.scroll_offset.y
        line = self._lines[number] if 0 <= number < len(self._lines) else ""
        style = self.rich_style
        segments = [Segment(line, style)]
        selection = self.text_selection
        if selection is not None and (span := selection.get_span(number)) is not None:
            start, end = span[0], len(line) if span[1] == -1 else span[1]
            selected = style + self.screen.get_component_rich_style("screen--selection")
            segments = [Segment(line[:start], style), Segment(line[start:end], selected), Segment(line[end:], style)]
        segments.append(Segment(" " * max(0, width - cell_len(line)), style))
        return Strip(segments).crop(0, width).apply_offsets(0, number)
