"""Read-only plain text that scrolls, drawn line by line by one widget.

Used for the library's exercise detail and the Today plan, texts often taller than their pane.
The text is shown as typed (no markup), so an entry a user wrote with square brackets keeps them.
One widget rather than a scrolling container holding a `Static`: the dashboard mounts, styles and
lays out one node per text instead of two.
"""

from __future__ import annotations

from textual.content import Content
from textual.events import Resize
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class TextView(ScrollView):
    """`text` wrapped to the width; when focused, the usual keys scroll it (up/down, page up/down, home/end).

    The text is wrapped to the width left of the scroll bar when it is taller than the view, as
    a `Static` in a `VerticalScroll` would be.
    """

    DEFAULT_CSS = """
    TextView { width: 1fr; height: 1fr; overflow-x: hidden; }
    """

    def __init__(
        self, text: str = "", *, focusable: bool = True, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.can_focus = focusable
        self._text = text
        self._lines: list[Content] = []

    @property
    def text(self) -> str:
        return self._text

    def update(self, text: str) -> None:
        """Show `text` from its first line."""
        self._text = text
        self._wrap()
        self.scroll_home(animate=False)
        self.refresh()

    def on_resize(self, _: Resize) -> None:
        self._wrap()

    def _wrap(self) -> None:
        width, height = self.size
        if width <= 0:
            return
        lines = Content(self._text).wrap(width)
        bar = self.styles.scrollbar_size_vertical
        if len(lines) > height and self.styles.overflow_y != "hidden" and width > bar:
            lines = Content(self._text).wrap(width - bar)
        self._lines = lines
        self.virtual_size = Size(max((line.cell_length for line in lines), default=0), len(lines))

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        style = self.rich_style
        index = scroll_y + y
        if index >= len(self._lines):
            return Strip.blank(width, style)
        line = self._lines[index]
        return Strip(line.render_segments(self.visual_style), line.cell_length).crop_extend(
            scroll_x, scroll_x + width, style
        )
