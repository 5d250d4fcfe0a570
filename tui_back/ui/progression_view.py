"""What the last session changed in the exercise levels, one line each, with keys to hold or reset.

The view shows a `Levels` from the journal (`tui_back.journal`): the Today pane hands it the
levels it read at start and those each saved session returns; holding or resetting goes through
the journal in a worker thread and shows the levels that came back. A problem with the levels
becomes the title line, never an error that stops a plan being shown.
"""

from __future__ import annotations

from textual import work
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui_back.domain.day_text import day_text
from tui_back.domain.progression import DOWN, HELD, NOTE, STAY, UP
from tui_back.journal import JournalError, Levels
from tui_back.symbols import Symbols, symbols_for
from tui_back.ui import keys
from tui_back.ui.journal_access import context_of, in_thread, journal_of
from tui_back.ui.messages import LevelsChanged
from tui_back.ui.session_dialogs import yes_no


def line_marks(symbols: Symbols) -> dict[str, str]:
    """A mark per kind of line; the words say the same, so the marks are a help, not the message."""
    return {UP: symbols.up, DOWN: symbols.down, HELD: "=", STAY: "-", NOTE: symbols.bullet}


class ProgressionList(OptionList):
    """The change lines; `h` holds or releases, `r` resets the highlighted exercise.

    A sibling of its view, so it keeps its own messages: the Today pane's routine picker is an
    option list too, and must not take this list's highlights for its own.
    """

    BINDINGS = keys.bindings("progression-hold", "progression-reset")

    def __init__(self, view: ProgressionView, options: list[Option], **kwargs) -> None:
        super().__init__(*options, markup=False, **kwargs)
        self.view = view

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.refresh_bindings()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("hold", "reset"):
            return self.view.can_change()
        return True

    def action_hold(self) -> None:
        self.view.hold_highlighted()

    def action_reset(self) -> None:
        self.view.reset_highlighted()


class ProgressionView(Static):
    """The title line; the list of changes and its keys line follow it once there are lines.

    The title is the view itself and the list its sibling, mounted the first time there are lines
    to list, so the pane's plan and the view share one column.
    """

    SCOPED_CSS = False  # the list and keys line are siblings, not children
    DEFAULT_CSS = """
    ProgressionView { text-style: bold; }
    #progression-lines { height: auto; max-height: 5; border: none; padding: 0; }
    #progression-keys { color: $text-muted; }
    """

    def __init__(self, load: bool = True, **kwargs) -> None:
        """`load`: read the levels when mounted (False: whoever composed it calls `show_levels`)."""
        super().__init__("", markup=False, **kwargs)
        self.load = load
        self.levels: Levels | None = None
        """What is shown; None until the levels have been read."""

    def on_mount(self) -> None:
        if self.load:
            self.refresh_changes()

    def _list_widgets(self, options: list[Option], highlight: str | None) -> tuple[ProgressionList, Static]:
        """The list and its keys line, with the view's classes (the Today pane hides them together)."""
        classes = " ".join(self.classes)
        lines = ProgressionList(self, options, id="progression-lines", classes=classes)
        tab, hold, reset = (keys.key_text(self.app, k) for k in ("focus-next", "progression-hold", "progression-reset"))
        hint = Static(
            f"{tab} to the list, then {hold}: hold or release, {reset}: reset",
            id="progression-keys",
            classes=classes,
            markup=False,
        )
        self._show_lines(lines, hint, options, highlight)
        return lines, hint

    def _lines(self, levels: Levels) -> tuple[str, list[Option]]:
        """The title and one option per change line."""
        if levels.problem:
            return levels.problem, []
        marks = line_marks(symbols_for(context_of(self).settings))
        day = levels.day
        if day is None:
            title = "Exercise levels: changes after each session show here."
        elif levels.lines:
            title = f"Exercise levels after your session on {day_text(day)}:"
        else:
            title = f"Exercise levels: no changes after your session on {day_text(day)}."
        options = [
            Option(f"{marks.get(c.kind, '-')} {c.text}", id=c.exercise_id or None, disabled=not c.exercise_id)
            for c in levels.lines
        ]
        return title, options

    @staticmethod
    def _show_lines(lines: OptionList, keys: Static, options: list[Option], highlight: str | None = None) -> None:
        """Show the list only when it has lines, and make it reachable only when one can be held."""
        ids = [option.id for option in options if option.id]
        lines.display = bool(options)
        lines.can_focus = bool(ids)
        keys.display = bool(ids)
        if ids:
            lines.highlighted = lines.get_option_index(highlight if highlight in ids else ids[0])

    @work(group="levels")
    async def refresh_changes(self, highlight: str | None = None) -> None:
        """Read the levels again (in a worker thread) and show them."""
        try:
            levels = await in_thread(self, journal_of(self).levels)
        except JournalError as exc:
            self.update(f"Exercise levels cannot be read right now: {exc}")
            return
        self.show_levels(levels, highlight)

    def show_levels(self, levels: Levels, highlight: str | None = None) -> None:
        """Show `levels`: the title, and a line per change."""
        self.levels = levels
        title, options = self._lines(levels)
        self.update(title)
        lines, holder = self._list, self.parent
        if not isinstance(holder, Widget):
            return
        if lines is None:
            if options:
                holder.mount(*self._list_widgets(options, highlight), after=self)
            return
        lines.clear_options()
        lines.add_options(options)
        self._show_lines(lines, holder.query_one("#progression-keys", Static), options, highlight)

    @property
    def _list(self) -> ProgressionList | None:
        found = self.parent.query_children(ProgressionList) if self.parent else ()
        return found.first() if found else None

    @property
    def highlighted_exercise(self) -> str | None:
        lines = self._list
        if lines is None or lines.highlighted is None or not lines.option_count:
            return None
        return lines.get_option_at_index(lines.highlighted).id

    def can_change(self) -> bool:
        """Whether the highlighted line names an exercise that can be held or reset."""
        return self.levels is not None and self.highlighted_exercise in self.levels.adjustable

    async def _changed(self, change, exercise_id: str) -> None:
        try:
            levels = await in_thread(self, lambda: change(exercise_id))
        except JournalError as exc:
            self.notify(str(exc), title="The level could not be saved", severity="error", timeout=15)
            return
        self.show_levels(levels, highlight=exercise_id)
        self.post_message(LevelsChanged(levels))

    @work(group="levels")
    async def hold_highlighted(self) -> None:
        exercise_id = self.highlighted_exercise
        if self.can_change() and exercise_id is not None:
            await self._changed(journal_of(self).toggle_hold, exercise_id)

    @work(group="levels")
    async def reset_highlighted(self) -> None:
        exercise_id = self.highlighted_exercise
        if not self.can_change() or exercise_id is None:
            return
        if self.levels is None:
            return
        shown = self.levels.adjustable[exercise_id]
        question = f"Reset {shown.name} from {shown.level} to its starting level, {shown.start}?"
        if await self.app.push_screen_wait(yes_no(question)) == "yes":
            await self._changed(journal_of(self).reset_level, exercise_id)
