"""A checkbox whose state reads without colour."""

from __future__ import annotations

from textual.widgets import Checkbox


class TickBox(Checkbox):
    """A checkbox that draws its X only when ticked: Textual's always draws it and shows the state
    by colour alone, which NO_COLOR and colour-blind users cannot see. ASCII brackets under `-ascii`."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "X" if self.value else " "

    @property
    def BUTTON_LEFT(self) -> str:  # type: ignore[override]
        return "[" if self.app.has_class("-ascii") else "▐"

    @property
    def BUTTON_RIGHT(self) -> str:  # type: ignore[override]
        return "]" if self.app.has_class("-ascii") else "▌"
