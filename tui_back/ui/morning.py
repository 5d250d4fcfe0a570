"""The next-morning question: how the back feels compared with the usual, the day after a session.

The pain-monitoring model's 24-hour rule: pain that has not settled by the next morning means the
load was too much, so the exercises of that session step down one level. Asked at the first launch
on a later day, or before the next session if the app stayed open overnight; one key answers,
escape skips (then it is asked again at the next launch, until a newer session replaces it).

"Worse / about the same / better than usual" rather than a 0-10 score: the rule asks whether the
pain settled back to the person's usual, which a relative answer gives directly, also for someone
whose usual is 4 or 5 out of 10, and it is one key pressed at a glance first thing in the morning.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Footer, Static

from tui_back.domain.day_text import day_text
from tui_back.domain.progression import Morning, MorningQuestion
from tui_back.journal import JournalError, Levels
from tui_back.ui import keys
from tui_back.ui.journal_access import in_thread, journal_of
from tui_back.ui.session_dialogs import MODAL_CSS

ANSWER_KEYS = ("morning-worse", "morning-same", "morning-better", "morning-skip")


def question_text(question: MorningQuestion) -> str:
    return (
        f"How does your back feel this morning, compared with how it usually feels? "
        f"(You exercised on {day_text(question.day)}.)"
    )


WHY = "Worse than usual: the exercises of that session go back one level, and none steps up."


class MorningScreen(ModalScreen[Morning | None]):
    """One key answers (worse, same, better); escape skips (None)."""

    DEFAULT_CSS = MODAL_CSS.format(name="MorningScreen")
    BINDINGS = keys.bindings(*ANSWER_KEYS)

    def __init__(self, question: MorningQuestion) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(question_text(self.question), id="morning-question", markup=False)
            yield Static(WHY, id="morning-why", classes="keys", markup=False)
            yield Static(keys.hint_line(self.app, ANSWER_KEYS), id="morning-keys", classes="keys", markup=False)
        yield Footer()

    def action_answer(self, answer: str) -> None:
        self.dismiss(Morning(answer))

    def action_skip(self) -> None:
        self.dismiss(None)


async def ask(node: Widget, asked: set[str]) -> Levels | None:
    """Ask the open next-morning question, if there is one and its session is not in `asked`
    (added to it), and save the answer through the journal.

    Returns the levels after the answer (for the Today pane to plan with), or None when nothing
    was asked, the question was skipped, or the answer could not be saved (the user is told)."""
    journal = journal_of(node)
    try:
        question = await in_thread(node, journal.morning_question)
    except JournalError:
        return None
    if question is None or question.session in asked:
        return None
    asked.add(question.session)
    answer = await node.app.push_screen_wait(MorningScreen(question))
    if answer is None:
        return None
    try:
        answered = await in_thread(node, lambda: journal.answer_morning(question, answer))
    except JournalError as exc:
        node.notify(str(exc), title="Your answer could not be saved", severity="error", timeout=15, markup=False)
        return None
    lines = "\n".join(change.text for change in answered.changes)
    node.notify(lines or "Saved.", title="This morning", timeout=10, markup=False)
    return answered.levels
