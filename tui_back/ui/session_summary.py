"""The end of a session: what was done, the pain after it, the save, and the streak it made.

Shown full screen after the session screen. A finished session asks for the pain score here
(the one before was asked at the start), then saves; a stopped one saves at once. The streak,
the week against the target and the next milestone come from what the save returned, so nothing
is read again. A failed save says why: enter tries again, escape leaves it for later (enter in
the Today pane then tries again).
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from tui_back.domain.pain import parse_score
from tui_back.domain.records import COMPLETED
from tui_back.journal import JournalError, SavedSession
from tui_back.ui import keys
from tui_back.ui.journal_access import in_thread, journal_of
from tui_back.ui.session_screen import SessionEnd


def duration_text(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60} min {whole % 60:02d} s" if whole >= 60 else f"{whole} s"


def done_text(end: SessionEnd) -> str:
    session = end.session
    return (
        f"Exercises done: {len(session.done)} of {len(session.plan.items)}, skipped: {len(session.skipped)}. "
        f"Time: {duration_text(session.active_seconds())}."
    )


def streak_text(saved: SavedSession) -> str:
    """The streak now, this week against the target, and the next milestone."""
    stats = saved.history.streak.stats
    days = "day" if stats.current_streak == 1 else "days"
    to_go = stats.next_milestone - stats.current_streak
    return "\n".join(
        (
            f"Streak: {stats.current_streak} {days} (longest {stats.longest_streak}).",
            f"This week: {stats.sessions_this_week} of {stats.weekly_target} sessions.",
            f"Next milestone: {stats.next_milestone} days ({to_go} to go).",
        )
    )


class SummaryScreen(Screen[SavedSession | None]):
    """Dismisses with what was saved, or None if the save failed and the user left it for later."""

    DEFAULT_CSS = """
    SummaryScreen { align: center middle; }
    SummaryScreen > VerticalScroll { width: 100%; max-width: 80; height: auto; max-height: 1fr; padding: 0 2; }
    SummaryScreen #sum-title { text-style: bold; color: $success; margin-bottom: 1; }
    SummaryScreen #sum-title.-warn { color: $warning; }
    SummaryScreen #sum-ask { height: auto; }
    SummaryScreen #sum-ask Input { width: 12; }
    SummaryScreen #sum-result { margin-top: 1; text-style: bold; }
    SummaryScreen #sum-result.-error { color: $error; }
    SummaryScreen #sum-streak { margin-top: 1; }
    SummaryScreen .keys { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = keys.bindings("summary-ok", "summary-close")

    def __init__(self, end: SessionEnd, pain_before: int | None) -> None:
        super().__init__()
        self.end = end
        self.pain_before = pain_before
        self.finished = end.session.state.value == "finished"
        self.saved: SavedSession | None = None
        self.pain_after: int | None = None
        self._asking = self.finished
        self._failed = False

    def compose(self) -> ComposeResult:
        if self.finished:
            title = "Well done: session finished."
        else:
            title = end_message if (end_message := self.end.message) else "Session stopped."
        before = "not given" if self.pain_before is None else f"{self.pain_before}/10"
        with VerticalScroll():
            yield Static(title, id="sum-title", classes="" if self.finished else "-warn", markup=False)
            yield Static(f"{done_text(self.end)} Pain before: {before}.", id="sum-done", markup=False)
            if self.finished:
                with Vertical(id="sum-ask"):
                    yield Static("How much does your back hurt now? (0 = none, 10 = worst)", markup=False)
                    yield Input(placeholder="0-10", restrict=r"[0-9]{0,2}", max_length=2, id="sum-pain")
                    yield Static("", id="sum-pain-error", markup=False)
            yield Static("Saving..." if not self.finished else "", id="sum-result", markup=False)
            yield Static("", id="sum-streak", markup=False)
            yield Static(self._keys_text(), id="sum-keys", classes="keys", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        if self.finished:
            self.query_one("#sum-pain", Input).focus()
        else:
            self._save()

    def _keys_text(self) -> str:
        ok, close = (keys.key_text(self.app, key_id) for key_id in ("summary-ok", "summary-close"))
        if self._asking:
            return f"{ok}: save this score    {ok} on an empty line or {close}: skip"
        if self._failed:
            return f"{ok}: try again    {close}: leave it for later"
        return f"{ok} or {close}: back to the dashboard"

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            score = parse_score(event.value)
        except ValueError as exc:
            self.query_one("#sum-pain-error", Static).update(str(exc))
            return
        self._answered(score)

    def _answered(self, score: int | None) -> None:
        self.pain_after = score
        self._asking = False
        self.query_one("#sum-ask").display = False
        after = "not given" if score is None else f"{score}/10"
        self.query_one("#sum-result", Static).update(f"Pain after: {after}. Saving...")
        self._save()

    @work(group="summary-save", exclusive=True)
    async def _save(self) -> None:
        end = self.end
        journal = journal_of(self)
        result = self.query_one("#sum-result", Static)
        self._failed = False
        try:
            saved = await in_thread(
                self, lambda: journal.finish_session(
                    end.session, self.pain_before, self.pain_after, end.note, end.safety_stop
                )
            )
        except JournalError as exc:
            self._failed = True
            result.set_class(True, "-error")
            result.update(f"Not saved yet: {exc}")
            self.query_one("#sum-keys", Static).update(self._keys_text())
            return
        self._failed = False
        self.saved = saved
        record = saved.record
        result.set_class(False, "-error")
        if record.status == COMPLETED:
            result.update(f"Saved: {len(record.done)} done, {len(record.skipped)} skipped.")
        else:
            result.update(f"Stopped and saved as not finished ({len(record.done)} done).")
        streak = streak_text(saved)
        if self.end.checklist:
            streak = "The Symptoms pane opens next: please do the checklist.\n" + streak
        self.query_one("#sum-streak", Static).update(streak)
        self.query_one("#sum-keys", Static).update(self._keys_text())

    def action_ok(self) -> None:
        if self._failed:
            self._save()
        elif self.saved is not None:
            self.dismiss(self.saved)

    def action_close(self) -> None:
        if self._asking:
            self._answered(None)
        elif self._failed:
            self.dismiss(None)
        elif self.saved is not None:
            self.dismiss(self.saved)
