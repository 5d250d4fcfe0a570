"""The pre-session gate: the emergency questions, asked before every guided session.

One key answers "none of these". Any emergency answer (or a same-day result saved earlier today)
shows why the session cannot start and closes only when the user says they have read it; there is
no way round it. The answer is saved as a quick check either way.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_back.domain.records import SymptomCheck
from tui_back.domain.triage import GateOutcome, builtin_rules, gate_decision
from tui_back.store import StoreError
from tui_back.ui.messages import CheckSaved
from tui_back.ui.symptoms_pane import DISCLAIMER, Checklist, ResultBanner

QUESTION = "Before you start: do you have any of these right now?"
ASK_KEYS = "n none of these   space tick   c confirm ticked   esc cancel"
ACK_KEYS = "enter or esc: I have read this (the session will not start)"
NOT_ANSWERED = GateOutcome(False, False, "Session not started: the safety questions were not answered.")


class GateScreen(ModalScreen[GateOutcome]):
    """Dismisses with a `GateOutcome`; reads the rules, clock and store from `self.app.ctx`."""

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
    BINDINGS = [
        Binding("n", "none", "None of these"),
        Binding("c", "confirm", "Confirm ticked"),
        Binding("enter", "acknowledge", "I have read this", show=False),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rules = builtin_rules()
        self.blocked: GateOutcome | None = None
        """Set once a block is shown; the screen then only closes with it."""

    def compose(self) -> ComposeResult:
        with Vertical(id="gate-box"):
            yield Static(QUESTION, id="gate-question")
            yield Static(DISCLAIMER, id="gate-disclaimer")
            yield Checklist([("", self.rules.emergency_items)], id="gate-list")
            yield ResultBanner(id="gate-banner")
            yield Static(ASK_KEYS, id="gate-keys")

    def on_mount(self) -> None:
        self.query_one(Checklist).focus()

    def on_checklist_changed(self, event: Checklist.Changed) -> None:
        event.stop()
        banner = self.query_one(ResultBanner)
        banner.set_class(bool(event.ticked), "-shown")
        banner.show_result(self.rules.assess(event.ticked))

    def action_none(self) -> None:
        if self.blocked:
            return
        ticked = self.query_one(Checklist).ticked
        if ticked:
            self.query_one("#gate-keys", Static).update(
                f"You ticked {len(ticked)}: press c to confirm, or untick with space.\n{ASK_KEYS}"
            )
            return
        self._decide(())

    def action_confirm(self) -> None:
        if not self.blocked:
            self._decide(self.query_one(Checklist).ticked)

    def _decide(self, ticked: tuple[str, ...]) -> None:
        ctx = self.app.ctx
        today = ctx.clock.today()
        check = SymptomCheck(today, ctx.clock.utcnow(), ticked, self.rules.assess(ticked).level, kind="quick")
        try:
            ctx.store.add_check(check)
            checks = ctx.store.checks()
            self.post_message(CheckSaved())
        except StoreError as exc:
            self.notify(f"Your answer could not be saved: {exc}", severity="error", timeout=15)
            checks = [check]
        outcome = gate_decision(ticked, checks, today, self.rules)
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
        self.query_one("#gate-keys", Static).update(ACK_KEYS)

    def action_acknowledge(self) -> None:
        if self.blocked:
            self.dismiss(self.blocked)

    def action_cancel(self) -> None:
        self.dismiss(self.blocked or NOT_ANSWERED)
