"""The symptom checklist over a running session, so a check can be done without leaving it.

The Symptoms pane itself (the same checklist, result banner and history), in a dialog over the
session screen, which is paused behind it. Saving dismisses the dialog with what was saved; the
session screen decides what happens next (a result that blocks sessions stops it at once).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_back.journal import SavedCheck
from tui_back.ui import keys
from tui_back.ui.messages import CheckSaved
from tui_back.ui.symptoms_pane import Checklist, SymptomsPane

TITLE = "Symptom check (the session is paused)"
HINT_KEYS = ("checklist-tick", "symptoms-save", "symptoms-clear", "check-close")


class CheckScreen(ModalScreen[SavedCheck | None]):
    """Dismisses with the check saved, or None if the user went back without saving."""

    DEFAULT_CSS = """
    CheckScreen { align: center middle; }
    CheckScreen > #check-box {
        width: 84; max-width: 100%; height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    CheckScreen #check-title { text-style: bold; height: auto; }
    CheckScreen #check-keys { color: $text-muted; height: auto; }
    App.-ascii CheckScreen > #check-box { border: ascii $primary; }
    """
    BINDINGS = keys.bindings("check-close")

    def compose(self) -> ComposeResult:
        with Vertical(id="check-box"):
            yield Static(TITLE, id="check-title", markup=False)
            yield SymptomsPane(id="check-pane")
            yield Static(keys.hint_line(self.app, HINT_KEYS, "   "), id="check-keys", markup=False)

    def on_mount(self) -> None:
        self.query_one(Checklist).focus()

    def on_check_saved(self, message: CheckSaved) -> None:
        message.stop()
        self.dismiss(message.saved)

    def action_close(self) -> None:
        self.dismiss(None)
