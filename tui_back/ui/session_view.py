"""What a running session looks like: a phase banner, big digits, what to do, where you are.

`show(session)` is called when the shown second changes (and after each key) and touches a
widget only when the text it displays has changed, so a hold repaints once a second, and only
the cells that moved: the countdown is one widget per glyph, and a new second repaints only the
cells of the digits where old and new differ. What an SSH link carries is what the eye sees change.

The lines the user must read (banner, message, exercise and dose, progress, next up) come first
and keep their height; the steps and drawing take what is left and are cut, never the rest.
"""

from __future__ import annotations

import math
from typing import cast

from msgspec.structs import replace
from rich.segment import Segment
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from tui_back.domain.dosage_text import dose_text
from tui_back.domain.session import HOLD, PAUSED, READY, REP, REST, SWITCH, Session, SessionState
from tui_back.ui.big_digits import GAP_PIXELS, changed_spans, digit_scale, glyph_lines, glyph_width

PHASE_CLASSES = {READY: "-ready", HOLD: "-work", REP: "-work", REST: "-rest", SWITCH: "-switch"}


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


def bar_text(fraction: float, width: int, ascii_only: bool) -> str:
    """A progress bar drawn as text, `width` cells wide; ASCII is `[###....]`."""
    if ascii_only:
        inner = max(1, width - 2)
        done = round(inner * fraction)
        return "[" + "#" * done + "." * (inner - done) + "]"
    done = round(width * fraction)
    return "\u2588" * done + "\u2591" * (width - done)


def drawing_text(start: str, end: str, gap: int = 4) -> str:
    """The start and end drawings side by side, labelled, so both fit a 58-column pane."""
    if not start:
        return ""
    left, right = ["Start", *start.splitlines()], ["End", *end.splitlines()]
    width = max(len(line) for line in left) + gap
    rows = max(len(left), len(right))
    left += [""] * (rows - len(left))
    right += [""] * (rows - len(right))
    return "\n".join(f"{a:<{width}}{b}".rstrip() for a, b in zip(left, right, strict=True))


def steps_text(session: Session) -> str:
    return "\n".join(f"{n}. {text}" for n, text in enumerate(session.exercise.steps, 1))


def how_text(session: Session) -> str:
    """The steps while getting ready or resting, the drawings while working (one of them in a
    small space): someone reading gets the words, someone in position the picture."""
    exercise = session.exercise
    if session.phase in (HOLD, REP) and exercise.drawing_start:
        return drawing_text(exercise.drawing_start, exercise.drawing_end)
    return "  ".join(f"{n}. {text}" for n, text in enumerate(exercise.steps, 1))


def dose_of(session: Session, index: int | None = None) -> str:
    """The dose of exercise `index` (the current one by default) as the session will now run it."""
    index = session.step.exercise if index is None else index
    return dose_text(replace(session.plan.items[index], dosage=session.dosages[index]))


def doing_text(session: Session, level: str = "") -> str:
    """The exercise, its level when it has one, and its dose."""
    name = session.exercise.name + (f" ({level})" if level else "")
    return f"{name}: {dose_of(session)}"


def where_text(session: Session) -> str:
    """"Exercise 2/5 - Set 1/2 - Left side - Hold 3/5", leaving out what does not apply."""
    step, dosage = session.step, session.dosage
    line = session.progress().line()
    if step.rep_no and step.phase in (HOLD, REP) and session.exercise.category != "cardio":
        line += f" - {'Hold' if step.phase == HOLD else 'Rep'} {step.rep_no}/{dosage.reps}"
    elif step.rep_no and step.phase == REST:
        line += f" - next: hold {step.rep_no}/{dosage.reps}"
    elif step.phase == SWITCH:
        line += f" - change to the {step.side} side"
    return line


def next_text(session: Session) -> str:
    """What comes after the current exercise."""
    following = session.step.exercise + 1
    if following >= len(session.plan.items):
        return "Next up: the end of the session"
    return f"Next up: {session.plan.items[following].exercise.name} ({dose_of(session, following)})"


def banner_text(session: Session) -> str:
    name = session.phase_name.upper()
    return f"PAUSED - {name}" if session.state == PAUSED else name


class Glyph(Widget):
    """One big character of the countdown, drawn line by line.

    `show` repaints only the cells where the new character differs from the old one
    (`changed_spans`): Textual writes a repainted row from the widget's left edge to the end of
    the repainted region, so one widget per glyph keeps a changed digit from resending its
    neighbours. `trailing` blank columns follow the glyph (the gap to the next one): a region that
    never reaches the widget's right edge spares Textual a cursor move per row.
    """

    DEFAULT_CSS = "Glyph { width: auto; height: auto; }"

    def __init__(self, char: str, scale: int, ascii_only: bool, trailing: int) -> None:
        super().__init__()
        self.char = char
        self.scale = scale
        self.ascii_only = ascii_only
        self.trailing = trailing
        self._lines = glyph_lines(char, scale, ascii_only)
        self._strips: dict[tuple[str, int], Strip] = {}
        """One strip per distinct row (a glyph has a handful), kept until the CSS changes: the rows
        of a new second are strips drawn before, with what Textual already cut from them."""

    def notify_style_update(self) -> None:
        self._strips.clear()
        super().notify_style_update()

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return glyph_width(self.char, self.scale) + self.trailing

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines)

    def render_line(self, y: int) -> Strip:
        key = (self._lines[y] if y < len(self._lines) else "", self.size.width)
        strip = self._strips.get(key)
        if strip is None:
            text, width = key
            strip = self._strips[key] = Strip([Segment(text.ljust(width), self.rich_style)], width)
        return strip

    def show(self, char: str) -> None:
        """Change to `char` (of the same width), repainting only the cells that change."""
        spans = changed_spans(self.char, char, self.scale)
        self.char = char
        self._lines = glyph_lines(char, self.scale, self.ascii_only)
        if spans:
            self.refresh(*(Region(first, row, end - first, 1) for row, first, end in spans))


class Countdown(Horizontal):
    """Big "m:ss" digits sized to the screen, one widget per glyph: each second repaints the cells
    of the digits that changed."""

    DEFAULT_CSS = "Countdown { width: 100%; height: auto; align-horizontal: center; }"

    def __init__(self, ascii_only: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.ascii_only = ascii_only
        self.value = ""
        self.scale = 0
        self._glyphs: list[Glyph] = []

    def update(self, text: str, width: int, height: int) -> None:
        """Show `text`, rebuilding the glyphs only when the length or the scale changes."""
        scale = digit_scale(width, height, text)
        if scale != self.scale or len(text) != len(self.value):
            self.scale = scale
            self.remove_children()
            gap = 2 * scale * GAP_PIXELS
            last = len(text) - 1
            self._glyphs = [Glyph(char, scale, self.ascii_only, 1 if n == last else gap) for n, char in enumerate(text)]
            self.mount_all(self._glyphs)
        else:
            for glyph, old, new in zip(self._glyphs, self.value, text, strict=True):
                if old != new:
                    glyph.show(new)
        self.value = text


class Bar(Widget):
    """The session's progress bar, one line; a change repaints from its left edge to the last
    cell that changed, not the whole line."""

    DEFAULT_CSS = "Bar { height: 1; }"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.text = ""

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        return Strip([Segment(self.text[:width].ljust(width), self.rich_style)], width)

    def show(self, text: str) -> None:
        old, self.text = self.text, text
        if len(old) != len(text):
            self.refresh()
            return
        changed = [n for n, (a, b) in enumerate(zip(old, text, strict=True)) if a != b]
        if changed:
            self.refresh(Region(changed[0], 0, changed[-1] + 1 - changed[0], 1))


class SessionView(Vertical):
    """The running session: banner, message, countdown, what, where, next, how much is left, how."""

    DEFAULT_CSS = """
    SessionView { height: 1fr; }
    SessionView #sv-phase {
        width: 100%; height: 3; content-align: center middle;
        text-style: bold; background: $panel; color: $text;
    }
    SessionView.-short #sv-phase { height: 1; }
    SessionView #sv-phase.-ready { background: $warning; color: auto 95%; }
    SessionView #sv-phase.-work { background: $success; color: auto 95%; }
    SessionView #sv-phase.-rest { background: $primary; color: auto 95%; }
    SessionView #sv-phase.-switch { background: $accent; color: auto 95%; }
    SessionView #sv-phase.-paused { background: $panel; color: auto 95%; }
    SessionView #sv-message { color: $warning; text-style: bold; height: auto; padding: 0 1; }
    SessionView #sv-message.-empty { display: none; }
    SessionView #sv-doing { text-style: bold; padding: 0 1; }
    SessionView #sv-where, SessionView #sv-next { padding: 0 1; }
    SessionView #sv-progress { height: 1; padding: 0 1; }
    SessionView #sv-bar { width: 1fr; }
    SessionView #sv-left { width: 14; text-align: right; }
    SessionView #sv-how { color: $text-muted; height: 1fr; padding: 0 1; margin-top: 1; overflow: hidden; }
    SessionView.-short #sv-how { margin-top: 0; }
    """

    def __init__(self, ascii_only: bool, **kwargs) -> None:
        super().__init__(**kwargs)
        self.ascii_only = ascii_only
        self.levels: dict[str, str] = {}
        """Exercise id -> the label of its level now (from the journal), for the "what" line."""
        self._shown: dict[str, object] = {}
        self._stale = True
        """The lines that change only with the step must be worked out again (new size, reset)."""
        self._step: tuple[int, SessionState] | None = None
        self._message = ""

    def compose(self) -> ComposeResult:
        yield Static("", id="sv-phase", markup=False)
        yield Static("", id="sv-message", classes="-empty", markup=False)
        yield Countdown(self.ascii_only, id="sv-clock")
        yield Static("", id="sv-doing", markup=False)
        yield Static("", id="sv-where", markup=False)
        yield Static("", id="sv-next", markup=False)
        with Horizontal(id="sv-progress"):
            yield Bar(id="sv-bar")
            yield Static("", id="sv-left", markup=False)
        yield Static("", id="sv-how", markup=False)

    def on_resize(self) -> None:
        self.set_class(self.size.height < 26, "-short")
        self._shown.pop("sv-clock", None)
        self._shown.pop("sv-bar", None)
        self._stale = True

    @property
    def message(self) -> str:
        return self._message

    def say(self, text: str) -> None:
        """The message line (paused, eased off, stopped for pain, errors); empty hides it."""
        self._message = text
        widget = self.query_one("#sv-message", Static)
        widget.set_class(not text, "-empty")
        widget.update(text)

    def reset(self) -> None:
        """Forget what is on screen, so the next `show` paints everything."""
        self._shown.clear()
        self._stale = True

    def show(self, session: Session, step_changed: bool = True) -> bool:
        """Bring the display up to date; True if anything had to be repainted.

        `step_changed=False` (time passed, nothing else): only the lines that time moves (the
        countdown, the bar, the time left) are worked out, unless the step or the state is not
        the one last shown.
        """
        bar_width = max(4, self.size.width - 16)
        values: dict[str, object] = {
            "sv-clock": clock_text(session.remaining(), session.step.duration_s),
            "sv-bar": bar_text(session.fraction_done(), bar_width, self.ascii_only),
            "sv-left": left_text(session.time_left()),
        }
        step = (session.index, session.state)
        if step_changed or self._stale or step != self._step:
            self._stale, self._step = False, step
            paused = session.state == PAUSED
            level = self.levels.get(session.exercise.id, "")
            values["sv-phase"] = (banner_text(session), "-paused" if paused else PHASE_CLASSES[session.phase])
            values["sv-doing"] = doing_text(session, level)
            values["sv-where"] = where_text(session)
            values["sv-next"] = next_text(session)
            values["sv-how"] = self._how(session)
        changed = False
        for widget_id, value in values.items():
            if self._shown.get(widget_id) != value:
                self._shown[widget_id] = value
                self._paint(widget_id, value)
                changed = True
        return changed

    def _how(self, session: Session) -> str:
        """Steps and drawing together when the room allows, else the one the phase calls for."""
        exercise = session.exercise
        if self.size.height >= 34 and exercise.drawing_start:
            return steps_text(session) + "\n\n" + drawing_text(exercise.drawing_start, exercise.drawing_end)
        return how_text(session)

    def _paint(self, widget_id: str, value: object) -> None:
        if widget_id == "sv-phase":
            text, phase_class = cast("tuple[str, str]", value)
            label = self.query_one("#sv-phase", Static)
            label.set_classes(phase_class)
            label.update(text)
        elif widget_id == "sv-clock":
            screen = self.screen.size
            self.query_one("#sv-clock", Countdown).update(str(value), screen.width, screen.height)
        elif widget_id == "sv-left":
            self.query_one("#sv-left", Static).update(str(value), layout=False)  # fixed width: no reflow
        elif widget_id == "sv-bar":
            self.query_one("#sv-bar", Bar).show(str(value))
        else:
            self.query_one(f"#{widget_id}", Static).update(str(value))
