"""What a running session looks like: a big coloured phase name, a big countdown, and progress.

`show(session)` is called several times a second but touches a widget only when the text it
displays has changed, so a hold repaints about once a second, and only the parts that moved:
what an SSH link carries is what the eye sees change.
"""

from __future__ import annotations

import math

from msgspec.structs import replace
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical
from textual.events import Mount
from textual.widgets import Digits, ProgressBar, Static

from tui_back.domain.dosage_text import dose_text
from tui_back.domain.session import HOLD, PAUSED, READY, REP, REST, SWITCH, Session

PHASE_CLASSES = {READY: "-ready", HOLD: "-work", REP: "-work", REST: "-rest", SWITCH: "-ready"}


def clock_text(seconds: float, longest: float = 0) -> str:
    """Whole seconds rounded up, so "0:00" shows only when the time is really up.

    Minutes get two digits when `longest` (the step's length) needs them, so the width stays the
    same for the whole step and a tick never forces a layout.
    """
    whole = math.ceil(seconds - 1e-9)
    width = 2 if longest >= 600 else 1
    return f"{whole // 60:0{width}d}:{whole % 60:02d}"


def left_text(seconds: float) -> str:
    """Whole minutes, rounded up: it changes once a minute, so it costs an SSH link next to nothing."""
    if seconds <= 0:
        return "done"
    return f"{math.ceil(seconds / 60 - 1e-9)} min left"


def drawing_text(start: str, end: str, gap: int = 4) -> str:
    """The start and end drawings side by side, labelled, so both fit a 58-column pane."""
    if not start:
        return ""
    left, right = ["Start", *start.splitlines()], ["End", *end.splitlines()]
    width = max(len(line) for line in left) + gap
    rows = max(len(left), len(right))
    left += [""] * (rows - len(left))
    right += [""] * (rows - len(right))
    return "\n".join(f"{a:<{width}}{b}".rstrip() for a, b in zip(left, right))


def how_text(session: Session) -> str:
    """Below the progress: the steps while getting ready or resting, the drawings while working.

    A 40-row terminal has room for one of them in a grid pane; someone reading gets the words, and
    someone already in position gets the picture to check their shape against.
    """
    exercise = session.exercise
    if session.phase in (HOLD, REP) and exercise.drawing_start:
        return drawing_text(exercise.drawing_start, exercise.drawing_end)
    return "  ".join(f"{n}. {text}" for n, text in enumerate(exercise.steps, 1))


def doing_text(session: Session) -> str:
    """The line under the countdown: what this step is about."""
    step, name, dosage = session.step, session.exercise.name, session.dosage
    if step.phase == READY:
        return f"Next: {name} ({dose_text(replace(session.plan.items[step.exercise], dosage=dosage))})"
    if step.phase == HOLD and session.exercise.category == "cardio":
        return f"{name} - at an easy, steady pace"
    if step.phase == HOLD:
        return f"{name} - hold {step.rep_no}/{dosage.reps}"
    if step.phase == REP:
        return f"{name} - rep {step.rep_no}/{dosage.reps}"
    if step.phase == SWITCH:
        return f"{name} - change to the {step.side} side"
    if step.rep_no:
        return f"{name} - next: hold {step.rep_no}/{dosage.reps}"
    return f"{name} - next: set {step.set_no}/{dosage.sets}"


class SessionBar(ProgressBar):
    """A ProgressBar without the built-in once-a-second ETA refresh (no ETA is shown here).

    That refresh repaints the whole bar every second even when nothing moved.
    """

    def on_mount(self, event: Mount) -> None:
        event.prevent_default()
        self.update()


class Countdown(Horizontal):
    """Big "m:ss" digits, as two widgets: each second repaints only the two seconds digits."""

    DEFAULT_CSS = """
    Countdown { width: auto; height: 3; }
    Countdown Digits { width: auto; height: 3; }
    """

    def compose(self) -> ComposeResult:
        yield Digits("", id="cd-minutes")
        yield Digits("", id="cd-seconds")

    @property
    def value(self) -> str:
        return self.query_one("#cd-minutes", Digits).value + self.query_one("#cd-seconds", Digits).value

    def update(self, text: str) -> None:
        minutes, seconds = text[:-2], text[-2:]
        for widget_id, part in (("cd-minutes", minutes), ("cd-seconds", seconds)):
            digits = self.query_one(f"#{widget_id}", Digits)
            if digits.value != part:
                digits.update(part)


class SessionView(Vertical):
    """The running session: phase, countdown, what to do, where you are, how much is left."""

    DEFAULT_CSS = """
    SessionView { height: auto; }
    SessionView #sv-phase {
        width: 100%; height: 3; content-align: center middle;
        text-style: bold; background: $panel; color: $text;
    }
    SessionView #sv-phase.-ready { background: $warning; color: auto 95%; }
    SessionView #sv-phase.-work { background: $success; color: auto 95%; }
    SessionView #sv-phase.-rest { background: $primary; color: auto 95%; }
    SessionView #sv-phase.-paused { background: $panel; color: auto 95%; }
    SessionView Center { height: 3; }
    SessionView #sv-doing { text-style: bold; }
    SessionView #sv-progress { height: 1; }
    SessionView #sv-bar { width: 1fr; }
    SessionView #sv-bar Bar { width: 1fr; }
    SessionView #sv-left { width: 13; text-align: right; }
    SessionView #sv-how { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown: dict[str, object] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="sv-phase")
        with Center():
            yield Countdown(id="sv-clock")
        yield Static("", id="sv-doing", markup=False)
        yield Static("", id="sv-where")
        with Horizontal(id="sv-progress"):
            yield SessionBar(total=100, show_eta=False, show_percentage=False, id="sv-bar")
            yield Static("", id="sv-left")
        yield Static("", id="sv-how", markup=False)

    def reset(self) -> None:
        """Forget what is on screen, so the next `show` paints everything."""
        self._shown.clear()

    def show(self, session: Session) -> bool:
        """Bring the display up to date; True if anything had to be repainted."""
        paused = session.state == PAUSED
        phase_class = "-paused" if paused else PHASE_CLASSES[session.phase]
        phase_text = f"PAUSED - {session.phase_name.upper()}" if paused else session.phase_name.upper()
        values = {
            "sv-phase": (phase_text, phase_class),
            "sv-clock": clock_text(session.remaining(), session.step.duration_s),
            "sv-doing": doing_text(session),
            "sv-where": session.progress().line(),
            "sv-bar": int(session.fraction_done() * 100),
            "sv-left": left_text(session.time_left()),
            "sv-how": how_text(session),
        }
        changed = False
        for widget_id, value in values.items():
            if self._shown.get(widget_id) != value:
                self._shown[widget_id] = value
                self._paint(widget_id, value)
                changed = True
        return changed

    def _paint(self, widget_id: str, value: object) -> None:
        if widget_id == "sv-phase":
            text, phase_class = value  # type: ignore[misc]
            label = self.query_one("#sv-phase", Static)
            label.set_classes(phase_class)
            label.update(text)
        elif widget_id == "sv-clock":
            self.query_one("#sv-clock", Countdown).update(str(value))
        elif widget_id == "sv-bar":
            self.query_one("#sv-bar", ProgressBar).update(progress=value)
        elif widget_id == "sv-left":
            self.query_one("#sv-left", Static).update(str(value), layout=False)  # fixed width: no reflow
        else:
            self.query_one(f"#{widget_id}", Static).update(str(value))
