"""The `?` screen: every key of the key table, by group, shown as the app's keymap binds them now."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_back.ui import keys

DISCLAIMER = (
    "tui-back is not a medical device and not medical advice. It cannot diagnose. "
    "If something feels wrong, use the Symptoms pane (key {symptoms}) and follow what it says."
)


def help_text(app: App) -> str:
    lines = []
    for title, rows in keys.help_sections(app):
        if not rows:
            continue
        lines.append(title)
        lines.extend(f"  {shown:<18} {description}" for shown, description in rows)
        lines.append("")
    lines.append(DISCLAIMER.format(symptoms=keys.key_text(app, "pane-symptoms")))
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    """
    BINDINGS = keys.bindings("help-close")

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(f"Keys  ({keys.key_text(self.app, 'help-close')} closes)\n", classes="title", markup=False)
            yield Static(help_text(self.app), markup=False, id="help-text")

    def action_close(self) -> None:
        self.dismiss()
