"""Recording an all-clear: "a clinician saw me about this on DATE and told me it is fine to exercise".

Asked for the items that keep sessions blocked; the journal keeps one record per item with the day
seen, and each covers later ticks of a same-day or soon item for 12 weeks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui_back.domain.day_text import day_text, parse_day
from tui_back.ui import keys
from tui_back.ui.session_dialogs import MODAL_CSS


class ClearanceScreen(ModalScreen[date | None]):
    """Dismisses with the day the user was seen, or None if they cancel."""

    DEFAULT_CSS = MODAL_CSS.format(name="ClearanceScreen")
    BINDINGS = keys.bindings("dialog-cancel")

    def __init__(self, labels: Sequence[str], today: date) -> None:
        super().__init__()
        self.labels = tuple(labels)
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                "Only if a doctor, nurse or physiotherapist has seen you about: "
                + "; ".join(self.labels)
                + ", and told you it is fine to exercise. On which day were you seen?",
                markup=False,
            )
            yield Input(placeholder=f"today, yesterday or {day_text(self.today)}", id="clearance-day")
            yield Static("", classes="error", id="clearance-error")
            yield Static(
                f"enter: record it    {keys.key_text(self.app, 'dialog-cancel')}: I have not been seen",
                classes="keys",
                markup=False,
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        day = parse_day(event.value, self.today)
        error = self.query_one("#clearance-error", Static)
        if day is None:
            error.update(f"Please type a day, such as today, yesterday or {day_text(self.today)}.")
        elif day > self.today:
            error.update("The day you were seen cannot be after today.")
        else:
            self.dismiss(day)

    def action_cancel(self) -> None:
        self.dismiss(None)
