"""The pre-session gate: the emergency questions, asked before every guided session.

Every emergency question is shown at once, one line each, so none is answered unseen; where a
terminal is too small for all of them, "none of these" is refused until the list has been scrolled
to its end. The cursor starts on no item, so `space` then confirm cannot tick one by reflex.
Unticking an item asks it again in other words ("I ticked this by mistake"); the check keeps both
answers. Any emergency answer, or a serious result saved before, shows why the session cannot start
and closes only when the user says they have read it; a block from a saved result lifts only when
they record that a clinician has seen them about it. The journal saves the answer and decides.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui_back.data_files import builtin_rules
from tui_back.domain.triage import GateOutcome
from tui_back.journal import JournalError
from tui_back.ui import keys
from tui_back.ui.clearance import ClearanceScreen
from tui_back.ui.journal_access import context_of, in_thread, journal_of
from tui_back.ui.messages import CheckSaved
from tui_back.ui.session_dialogs import ChoiceScreen
from tui_back.ui.symptoms_pane import DISCLAIMER, Checklist, ResultBanner

QUESTION = "Before you start: do you have any of these right now?"
ASK_KEYS = ("gate-none", "checklist-tick", "gate-confirm", "gate-cancel")
NOT_ANSWERED = GateOutcome(False, False, "Session not started: the safety questions were not answered.")
YES, MISTAKE = "yes", "mistake"


class GateScreen(ModalScreen[GateOutcome]):
    """Dismisses with a `GateOutcome`; the journal saves the answer and decides."""

    DEFAULT_CSS = """
    GateScreen { align: center middle; }
    GateScreen > #gate-box {
        width: 84; max-width: 100%;
        height: auto; max-height: 100%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    GateScreen #gate-question { text-style: bold; }
    GateScreen #gate-list { height: auto; max-height: 1fr; min-height: 3; border: none; padding: 0; }
    GateScreen #gate-banner { display: none; }
    GateScreen #gate-banner.-shown { display: block; }
    GateScreen #gate-keys { color: $text-muted; }
    """
    BINDINGS = keys.bindings("gate-none", "gate-confirm", "gate-acknowledge", "gate-cancel", "gate-seen")

    def __init__(self) -> None:
        super().__init__()
        self.rules = builtin_rules()
        self.blocked: GateOutcome | None = None
        """Set once a block is shown; the screen then only closes with it."""
        self.answered = False
        """The answer was given and is being saved: no key answers again."""
        self.corrected: list[str] = []
        """Items ticked, then answered "no" when asked again in other words."""
        self.reached_end = False
        """The list has been scrolled to its last item (or never needed scrolling)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="gate-box"):
            yield Static(QUESTION, id="gate-question")
            yield Static(DISCLAIMER, id="gate-disclaimer")
            yield Checklist([("", self.rules.emergency_items)], short=True, ask_before_untick=True, id="gate-list")
            yield ResultBanner(id="gate-banner")
            yield Static(keys.hint_line(self.app, ASK_KEYS, "   "), id="gate-keys", markup=False)

    def on_mount(self) -> None:
        checklist = self.query_one(Checklist)
        checklist.focus()
        checklist.highlighted = None
        self.watch(checklist, "scroll_y", self._scrolled)

    def _scrolled(self) -> None:
        checklist = self.query_one(Checklist)
        if checklist.max_scroll_y > 0 and checklist.scroll_y >= checklist.max_scroll_y:
            self.reached_end = True

    @property
    def all_shown(self) -> bool:
        """Every question has been on screen: the list fits, or it was scrolled to its end."""
        checklist = self.query_one(Checklist)
        return self.reached_end or checklist.max_scroll_y == 0

    def on_checklist_changed(self, event: Checklist.Changed) -> None:
        event.stop()
        banner = self.query_one(ResultBanner)
        banner.set_class(bool(event.ticked), "-shown")
        banner.show_result(self.rules.assess(event.ticked))

    def on_checklist_untick_asked(self, event: Checklist.UntickAsked) -> None:
        event.stop()
        self._ask_again(event.item_id)

    @work(group="gate-ask-again", exclusive=True)
    async def _ask_again(self, item_id: str) -> None:
        """Untick only after the same question, in other words, is answered "no"."""
        flag = self.rules.item(item_id)
        question = ChoiceScreen(
            f"You ticked: {flag.text}.\n\nTo be sure, in other words: {flag.asked_again}",
            [("y", YES, "Yes, I have this"), ("n", MISTAKE, "No, I ticked it by mistake")],
        )
        answer = await self.app.push_screen_wait(question)
        if answer == MISTAKE:
            self.corrected.append(item_id)
            self.query_one(Checklist).toggle(item_id)

    def _hint(self, first: str) -> None:
        self.query_one("#gate-keys", Static).update(first + "\n" + keys.hint_line(self.app, ASK_KEYS, "   "))

    def action_none(self) -> None:
        if self.blocked or self.answered:
            return
        ticked = self.query_one(Checklist).ticked
        if ticked:
            confirm, tick = keys.key_text(self.app, "gate-confirm"), keys.key_text(self.app, "checklist-tick")
            self._hint(f"You ticked {len(ticked)}: press {confirm} to confirm, or untick with {tick}.")
            return
        if not self.all_shown:
            self._hint("More questions are below: scroll down to read them all first.")
            return
        self._decide(())

    def action_confirm(self) -> None:
        if not self.blocked and not self.answered:
            self._decide(self.query_one(Checklist).ticked)

    @work(group="gate")
    async def _decide(self, ticked: tuple[str, ...]) -> None:
        self.answered = True
        journal = journal_of(self)
        check = journal.new_check(ticked, "quick", corrected=self.corrected)
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
        self.query_one("#gate-question", Static).update("Please read this before you go on:")
        read = keys.key_text(self.app, "gate-acknowledge") + " or " + keys.key_text(self.app, "gate-cancel")
        hint = f"{read}: I have read this (the session will not start)"
        if outcome.needs_full_check:
            hint = f"{read}: open the full symptom checklist"
        if outcome.open_items:
            hint += f"\n{keys.key_text(self.app, 'gate-seen')}: a clinician has seen me about this"
        self.query_one("#gate-keys", Static).update(hint)

    def action_acknowledge(self) -> None:
        if self.blocked:
            self.dismiss(self.blocked)

    def action_cancel(self) -> None:
        if not self.answered or self.blocked:
            self.dismiss(self.blocked or NOT_ANSWERED)

    @work(group="gate-seen", exclusive=True)
    async def action_seen(self) -> None:
        """Record the all-clear for the items holding the block, then decide again."""
        if self.blocked is None or not self.blocked.open_items:
            return
        items = self.blocked.open_items
        day = await self.app.push_screen_wait(ClearanceScreen(self.rules.labels(items), context_of(self).clock.today()))
        if day is None:
            return
        journal = journal_of(self)
        try:
            cleared = await in_thread(self, lambda: journal.record_clearance(items, day))
        except JournalError as exc:
            self.notify(f"This was not recorded: {exc}", severity="error", timeout=15)
            return
        self.notify("Recorded: a clinician saw you and said exercise is fine.")
        if cleared.gate.allowed:
            self.dismiss(cleared.gate)
        else:
            self._show_block(cleared.gate)
