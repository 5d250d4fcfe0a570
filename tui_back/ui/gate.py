"""The pre-session gate: the emergency questions, asked before every guided session.

One key answers "none of these". Any emergency answer (or a same-day result saved earlier today)
shows why the session cannot start and closes only when the user says they have read it; there is
no way round it. The journal saves the answer as a quick check either way, and decides.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_back.data_files import builtin_rules
from tui_back.domain.triage import GateOutcome
from tui_back.ui import keys
from tui_back.ui.journal_access import in_thread, journal_of
from tui_back.ui.messages import CheckSaved
from tui_back.ui.symptoms_pane import DISCLAIMER, Checklist, ResultBanner

QUESTION = "Before you start: do you have any of these right now?"
ASK_KEYS = ("gate-none", "checklist-tick", "gate-confirm", "gate-cancel")
NOT_ANSWERED = GateOutcome(False, False, "Session not started: the safety questions were not answered.")


class GateScreen(ModalScreen[GateOutcome]):
    """Dismisses with a `GateOutcome`; the journal saves the answer and decides."""

    DEFAULT_CSS = """
    GateScreen { align: center middle; }
    GateScreen > #gate-box {
        width: 84; max-width: 100%;
        height: 100%; max-height: 36;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    GateScreen #gate-question { text-style: bold; }
    GateScreen #gate-list { height: 1fr; min-height: 3; }
    GateScreen #gate-banner { display: none; }
    GateScreen #gate-banner.-shown { display: block; }
    GateScreen > #gate-box.-blocked { height: auto; }
    GateScreen #gate-keys { color: $text-muted; }
    """
    BINDINGS = keys.bindings("gate-none", "gate-confirm", "gate-acknowledge", "gate-cancel")

    def __init__(self) -> None:
        super().__init__()
        self.rules = builtin_rules()
        self.blocked: GateOutcome | None = None
        """Set once a block is shown; the screen then only closes with it."""
        self.answered = False
        """The answer was given and is being saved: no key answers again."""

    def compose(self) -> ComposeResult:
        with Vertical(id="gate-box"):
            yield Static(QUESTION, id="gate-question")
            yield Static(DISCLAIMER, id="gate-disclaimer")
            yield Checklist([("", self.rules.emergency_items)], id="gate-list")
            yield ResultBanner(id="gate-banner")
            yield Static(keys.hint_line(self.app, ASK_KEYS, "   "), id="gate-keys", markup=False)

    def on_mount(self) -> None:
        self.query_one(Checklist).focus()

    def on_checklist_changed(self, event: Checklist.Changed) -> None:
        event.stop()
        banner = self.query_one(ResultBanner)
        banner.set_class(bool(event.ticked), "-shown")
        banner.show_result(self.rules.assess(event.ticked))

    def action_none(self) -> None:
        if self.blocked or self.answered:
            return
        ticked = self.query_one(Checklist).ticked
        if ticked:
            confirm, tick = keys.key_text(self.app, "gate-confirm"), keys.key_text(self.app, "checklist-tick")
            self.query_one("#gate-keys", Static).update(
                f"You ticked {len(ticked)}: press {confirm} to confirm, or untick with {tick}.\n"
                + keys.hint_line(self.app, ASK_KEYS, "   ")
            )
            return
        self._decide(())

    def action_confirm(self) -> None:
        if not self.blocked and not self.answered:
            self._decide(self.query_one(Checklist).ticked)

    @work(group="gate")
    async def _decide(self, ticked: tuple[str, ...]) -> None:
        self.answered = True
        journal = journal_of(self)
        check = journal.new_check(ticked, "quick")
        answer = await in_thread(self, lambda: journal.answer_gate(check))
        if answer.saved is not None:
            self.post_message(CheckSaved(answer.saved))
        if answer.problem:
            self.notify(answer.problem, severity="error", timeout=15)
        outcome = answer.outcome
        if outcome.allowed:
            self.dismiss(outcome)
        else:
            self._show_block(outcome)

    def _show_block(self, outcome: GateOutcome) -> None:
        self.blocked = outcome
        checklist = self.query_one(Checklist)
        checklist.disabled = True
        checklist.display = False
        banner = self.query_one(ResultBanner)
        banner.add_class("-shown")
        banner.show_outcome(outcome)
        self.query_one("#gate-box").add_class("-blocked")
        self.query_one("#gate-question", Static).update("Please read this before you go on:")
        read = keys.key_text(self.app, "gate-acknowledge") + " or " + keys.key_text(self.app, "gate-cancel")
        self.query_one("#gate-keys", Static).update(f"{read}: I have read this (the session will not start)")

    def action_acknowledge(self) -> None:
        if self.blocked:
            self.dismiss(self.blocked)

    def action_cancel(self) -> None:
        if not self.answered or self.blocked:
            self.dismiss(self.blocked or NOT_ANSWERED)
