"""The Levels view: every exercise with a ladder, at its level now, to keep (hold) or reset.

Opened from the Today pane (`l`) and the palette, so the levels can be changed any day, not only
after a session changed one. Its keys (`k`, `x`) are none of the session's. The levels are read
and changed through the journal in a worker thread; the view dismisses with the last `Levels` it
got (None if it changed nothing), for the Today pane to plan with.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui_back.journal import Adjustable, JournalError, Levels
from tui_back.ui import keys
from tui_back.ui.journal_access import in_thread, journal_of
from tui_back.ui.session_dialogs import yes_no


def steps_text(row: Adjustable) -> str:
    """How the level now does the exercise: its name there and its steps."""
    steps = "  ".join(f"{n}. {step}" for n, step in enumerate(row.steps, start=1))
    return f"{row.done_as or row.name} at this level: {steps}"


def level_line(row: Adjustable) -> str:
    """"Plank: knees-down plank 10 s (start: ...) - kept", the words carrying the state."""
    start = "at the start" if row.level == row.start else f"start: {row.start}"
    return f"{row.name}: {row.level} ({start})" + (" - kept at this level" if row.held else "")


class LevelsScreen(ModalScreen[Levels | None]):
    DEFAULT_CSS = """
    LevelsScreen { align: center middle; }
    LevelsScreen > Vertical {
        width: 100%; max-width: 100; height: 100%; max-height: 44;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    LevelsScreen #levels-list { height: 1fr; border: none; padding: 0; }
    LevelsScreen #levels-title { text-style: bold; }
    LevelsScreen #levels-keys { color: $text-muted; }
    LevelsScreen #levels-steps { height: auto; max-height: 6; margin-top: 1; }
    """
    BINDINGS = keys.bindings("levels-hold", "levels-reset", "levels-close")
    AUTO_FOCUS = "#levels-list"

    def __init__(self) -> None:
        super().__init__()
        self.levels: Levels | None = None
        self.changed = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Exercise levels", id="levels-title", markup=False)
            yield OptionList(id="levels-list", markup=False)
            yield Static("", id="levels-steps", markup=False)
            yield Static(keys.hint_line(self.app, ("levels-hold", "levels-reset", "levels-close")), id="levels-keys")

    def on_mount(self) -> None:
        self._load()

    @work(group="levels-view")
    async def _load(self) -> None:
        try:
            levels = await in_thread(self, journal_of(self).levels)
        except JournalError as exc:
            self.query_one("#levels-title", Static).update(f"Exercise levels cannot be read right now: {exc}")
            return
        self._show(levels)

    def _show(self, levels: Levels, highlight: str | None = None) -> None:
        self.levels = levels
        title = levels.problem or "Exercise levels (each steps up after easy sessions, down after painful ones):"
        self.query_one("#levels-title", Static).update(title)
        listing = self.query_one("#levels-list", OptionList)
        listing.clear_options()
        listing.add_options([Option(level_line(row), id=exercise_id) for exercise_id, row in levels.ladders.items()])
        if listing.option_count:
            ids = list(levels.ladders)
            listing.highlighted = ids.index(highlight) if highlight in ids else 0
        shown = levels.ladders.get(self.highlighted or "")
        self.query_one("#levels-steps", Static).update(steps_text(shown) if shown else "")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The highlighted exercise's steps as its level does them (a knees-down plank's own)."""
        row = self.levels.ladders.get(event.option.id or "") if self.levels else None
        self.query_one("#levels-steps", Static).update(steps_text(row) if row else "")

    @property
    def highlighted(self) -> str | None:
        listing = self.query_one("#levels-list", OptionList)
        if listing.highlighted is None or not listing.option_count:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    async def _change(self, change, exercise_id: str) -> None:
        try:
            levels = await in_thread(self, lambda: change(exercise_id))
        except JournalError as exc:
            self.notify(str(exc), title="The level could not be saved", severity="error", timeout=15)
            return
        self.changed = True
        self._show(levels, exercise_id)

    @work(group="levels-view")
    async def action_hold(self) -> None:
        exercise_id = self.highlighted
        if exercise_id is not None:
            await self._change(journal_of(self).toggle_hold, exercise_id)

    @work(group="levels-view")
    async def action_reset(self) -> None:
        exercise_id = self.highlighted
        if exercise_id is None or self.levels is None:
            return
        row = self.levels.ladders[exercise_id]
        if row.level == row.start and not row.held:
            self.notify(f"{row.name} is at its starting level already.", title="Levels")
            return
        question = f"Reset {row.name} from {row.level} to its starting level, {row.start}?"
        if await self.app.push_screen_wait(yes_no(question)) == "yes":
            await self._change(journal_of(self).reset_level, exercise_id)

    def action_close(self) -> None:
        self.dismiss(self.levels if self.changed else None)
