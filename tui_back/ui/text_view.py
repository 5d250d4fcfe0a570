"""Read-only plain text that scrolls: a `Static` in a `VerticalScroll`.

Used for the library's exercise detail and the Today plan, texts often taller than their pane.
The text is shown as typed (no markup), so an entry a user wrote with square brackets keeps them.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class TextView(VerticalScroll):
    """`text` wrapped to the width; when focused, the usual keys scroll it (up/down, page up/down, home/end)."""

    DEFAULT_CSS = """
    TextView { overflow-x: hidden; }
    TextView > Static { width: 1fr; }
    """

    def __init__(
        self, text: str = "", *, focusable: bool = True, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.can_focus = focusable
        self._text = text

    @property
    def text(self) -> str:
        return self._text

    def compose(self) -> ComposeResult:
        yield Static(self._text, markup=False)

    def update(self, text: str) -> None:
        """Show `text` from its first line."""
        self._text = text
        self.query_one(Static).update(text)
        self.scroll_home(animate=False)
