"""The history view: every saved session and symptom check, a way to remove a mistaken session
(asking first), and a key to excuse a day (ill, travelling).

Everything goes through the journal in worker threads; the screen only draws. Symptom checks are
listed but never removed: a mistaken tick is corrected by a new check.
"""

from __future__ import annotations

from datetime import date, timedelta

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui_back.journal import EARLIEST_DAY, Entry, JournalError
from tui_back.ui import keys
from tui_back.ui.journal_access import in_thread, journal_of
from tui_back.ui.messages import HistoryChanged
from tui_back.ui.session_dialogs import MODAL_CSS, yes_no


class DayScreen(ModalScreen[date | None]):
    """Asks for a past date (YYYY-MM-DD); escape cancels (None)."""

    DEFAULT_CSS = MODAL_CSS.format(name="DayScreen") + "DayScreen Input { width: 16; }"
    BINDINGS = keys.bindings("dialog-cancel")
    AUTO_FOCUS = "#day-input"

    def __init__(self, question: str, today: date) -> None:
        super().__init__()
        self.question, self.today = question, today

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, markup=False)
            yield Input((self.today - timedelta(days=1)).isoformat(), id="day-input", compact=True)
            yield Static("", id="day-error", classes="error", markup=False)
            yield Static("enter: excuse this day    esc: cancel", classes="keys", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            day = date.fromisoformat(event.value.strip())
        except ValueError:
            self.query_one("#day-error", Static).update(f"Type a date as YYYY-MM-DD, e.g. {self.today.isoformat()}.")
            return
        if not EARLIEST_DAY <= day <= self.today:
            self.query_one("#day-error", Static).update(
                f"Choose a day from {EARLIEST_DAY.isoformat()} to today ({self.today.isoformat()})."
            )
            return
        self.dismiss(day)

    def action_cancel(self) -> None:
        self.dismiss(None)


class HistoryScreen(ModalScreen[None]):
    """Sessions and checks, newest first, each with its id."""

    DEFAULT_CSS = (
        MODAL_CSS.format(name="HistoryScreen")
        + """
    HistoryScreen > Vertical { width: 100; height: 90%; }
    HistoryScreen OptionList { height: 1fr; }
    HistoryScreen #history-status { margin-top: 1; }
    """
    )
    BINDINGS = keys.bindings("history-remove", "history-excuse", "history-close")
    AUTO_FOCUS = "#history-list"

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[Entry] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Your history", classes="title")
            yield OptionList(id="history-list")
            yield Static("Reading...", id="history-status", markup=False)
            yield Static(
                keys.hint_line(self.app, ["history-remove", "history-excuse", "history-close"]),
                classes="keys",
                markup=False,
            )

    def on_mount(self) -> None:
        self.reload()

    @work(group="history-load", exclusive=True)
    async def reload(self, status: str = "") -> None:
        try:
            self.entries = await in_thread(self, journal_of(self).entries)
        except JournalError as exc:
            self._status(f"Your history cannot be read right now: {exc}")
            return
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(Option(_line(e), id=f"{e.kind}-{e.id}") for e in self.entries)
        if self.entries:
            options.highlighted = 0
        self._status(status or ("Nothing saved yet." if not self.entries else f"{len(self.entries)} entries."))

    def _status(self, text: str) -> None:
        self.query_one("#history-status", Static).update(text)

    def _selected(self) -> Entry | None:
        index = self.query_one(OptionList).highlighted
        return self.entries[index] if index is not None and index < len(self.entries) else None

    @work(group="history-change")
    async def action_remove(self) -> None:
        """Remove the selected session after asking; checks are never removed."""
        entry = self._selected()
        if entry is None:
            return
        if not entry.removable:
            self._status("Symptom checks are never removed; a new check replaces a mistaken one.")
            return
        question = yes_no(f"Remove the session of {entry.day.isoformat()} ({entry.text})?")
        if await self.app.push_screen_wait(question) != "yes":
            return
        try:
            removed = await in_thread(self, lambda: journal_of(self).unlog(entry.id))
        except JournalError as exc:
            self._status(f"Not removed: {exc}")
            return
        self.app.post_message(HistoryChanged())
        self.reload("Removed." if removed else "It was already removed.")

    @work(group="history-change")
    async def action_excuse(self) -> None:
        """Ask for a day and excuse it: it neither counts nor breaks a streak."""
        journal = journal_of(self)
        day = await self.app.push_screen_wait(
            DayScreen("Which day to excuse (ill, travelling)?", journal.clock.today())
        )
        if day is None:
            return
        try:
            excused = await in_thread(self, lambda: journal.excuse(day))
        except JournalError as exc:
            self._status(f"Not excused: {exc}")
            return
        self.app.post_message(HistoryChanged())
        streak = excused.stats.current_streak
        done = "Excused" if excused.new else "Already excused:"
        self._status(f"{done} {day.isoformat()}. Streak now {streak} day{'' if streak == 1 else 's'}.")

    def action_close(self) -> None:
        self.dismiss(None)


def _line(entry: Entry) -> str:
    label = f"#{entry.id}" if entry.removable else "check"
    return f"{entry.day.isoformat()}  {label:>6}  {entry.text}"
