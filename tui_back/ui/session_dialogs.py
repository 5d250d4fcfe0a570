"""Small modals the guided session asks through: a 0-10 pain score, and a choice of what to do next.

Both are answered from the keyboard alone, so someone lying on a mat can reply without a mouse.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from tui_back.domain.pain import parse_score
from tui_back.ui import keys

MODAL_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 64; max-width: 100%; height: auto; max-height: 100%;
    padding: 1 2; border: thick $primary; background: $surface;
}}
{name} .keys {{ color: $text-muted; margin-top: 1; }}
{name} .error {{ color: $error; }}
"""


class ScoreScreen(ModalScreen[int | None]):
    """Asks for pain on the 0-10 scale; enter on a blank line or escape skips (None)."""

    DEFAULT_CSS = MODAL_CSS.format(name="ScoreScreen") + "ScoreScreen Input { width: 12; }"
    BINDINGS = keys.bindings("score-skip")
    AUTO_FOCUS = "#score-input"

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, markup=False)
            yield Static("0 = no pain, 10 = worst imaginable", classes="keys")
            yield Input(placeholder="0-10", restrict=r"[0-9]{0,2}", max_length=2, id="score-input")
            yield Static("", classes="error", id="score-error")
            skip = keys.key_text(self.app, "score-skip")
            yield Static(f"enter: save    {skip} or empty enter: skip", classes="keys", markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            score = parse_score(event.value)
        except ValueError as exc:
            self.query_one("#score-error", Static).update(str(exc))
            return
        self.dismiss(score)

    def action_skip(self) -> None:
        self.dismiss(None)


class ChoiceScreen(ModalScreen[str | None]):
    """A message with a few one-key answers; dismisses with the chosen answer's id, or None on escape.

    The answer keys differ from one question to the next, so they are read in `on_key` rather
    than declared as bindings; the dialog itself lists them.
    """

    DEFAULT_CSS = MODAL_CSS.format(name="ChoiceScreen")
    BINDINGS = keys.bindings("dialog-cancel")

    def __init__(self, message: str, choices: list[tuple[str, str, str]], default: str | None = None) -> None:
        """`choices`: (key, answer id, label); enter picks `default` if given (else it does nothing)."""
        super().__init__()
        self.message = message
        self.choices = choices
        self.default = default
        self._answers = {key: answer for key, answer, _ in choices}
        if default is not None:
            self._answers["enter"] = default

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.message, markup=False)
            keys = "    ".join(f"{key}: {label}" for key, _, label in self.choices)
            yield Static(keys, classes="keys", markup=False)

    def on_key(self, event: events.Key) -> None:
        answer = self._answers.get(event.key)
        if answer is not None:
            event.stop()
            event.prevent_default()
            self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)


class YesNoScreen(ModalScreen[str | None]):
    """A yes/no question: dismisses with "yes" or "no", or None on escape; enter picks `default` if given.

    Its keys are bindings from the key table, so the Footer shows them and `[keymap]` can move them.
    """

    DEFAULT_CSS = MODAL_CSS.format(name="YesNoScreen")
    BINDINGS = keys.bindings("dialog-cancel", "dialog-yes", "dialog-no")

    def __init__(self, message: str, default: str | None = None) -> None:
        super().__init__()
        self.message = message
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.message, markup=False)
            answers = [
                f"{keys.key_text(self.app, key_id)}: {keys.BY_ID[key_id].description}"
                for key_id in ("dialog-yes", "dialog-no")
            ]
            yield Static("    ".join(answers), classes="keys", markup=False)
        yield Footer()

    def on_key(self, event: events.Key) -> None:
        if event.key == "enter" and self.default is not None:
            event.stop()
            event.prevent_default()
            self.dismiss(self.default)

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)


def yes_no(message: str, default: str | None = None) -> YesNoScreen:
    """A yes/no question answering "yes" or "no" (None if escaped)."""
    return YesNoScreen(message, default)
