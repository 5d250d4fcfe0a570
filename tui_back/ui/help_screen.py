"""The `?` screen: every key, gathered from the bindings themselves so it can never drift."""

from __future__ import annotations

from typing import Iterable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

DISCLAIMER = (
    "tui-back is not a medical device and not medical advice. It cannot diagnose. "
    "If something feels wrong, use the Symptoms pane (key 3) and follow what it says."
)


def _rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    rows = []
    for binding in bindings:
        if isinstance(binding, Binding):
            key, description = binding.key, binding.description
        else:
            key, description = binding[0], binding[2] if len(binding) > 2 else ""
        if description:
            keys = ", ".join(k.strip() for k in key.split(","))
            rows.append((keys, description))
    return rows


def help_text(sections: list[tuple[str, Iterable[BindingType]]]) -> str:
    lines = []
    for title, bindings in sections:
        rows = _rows(bindings)
        if not rows:
            continue
        lines.append(title)
        lines.extend(f"  {keys:<18} {description}" for keys, description in rows)
        lines.append("")
    lines.append(DISCLAIMER)
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close help")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("Keys  (escape closes)\n", classes="title")
            yield Static(self.text, markup=False, id="help-text")

    def action_close(self) -> None:
        self.dismiss()
