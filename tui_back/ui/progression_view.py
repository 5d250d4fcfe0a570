"""What the last session changed in the exercise levels, one line each, with keys to hold or reset.

Also the glue the Today pane calls: `overrides_for(ctx)` gives the doses to plan with, and
`record_session(ctx, record)` runs the planner after a session is saved and keeps the new state
in the store. Neither ever stops a session being saved or a plan being shown: a problem becomes a
line in the view instead.
"""

from __future__ import annotations

from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui_back.context import AppContext
from tui_back.domain.catalogue import Dosage
from tui_back.domain.progression import (
    DOWN,
    HELD,
    NOTE,
    STATE_KEY,
    STAY,
    UP,
    Change,
    Progressions,
    after_session,
    blocking_level,
    dosage_overrides,
    hold,
    is_held,
    latest_date,
    level_index,
    reset,
    view_lines,
)
from tui_back.domain.records import SessionRecord
from tui_back.domain.schema import DataError
from tui_back.store import StoreError
from tui_back.ui import keys
from tui_back.ui.session_dialogs import yes_no
from tui_back.ui.terminal import Symbols, symbols_for

def line_marks(symbols: Symbols) -> dict[str, str]:
    """A mark per kind of line; the words say the same, so the marks are a help, not the message."""
    return {UP: symbols.up, DOWN: symbols.down, HELD: "=", STAY: "-", NOTE: symbols.bullet}


def progressions_for(ctx: AppContext) -> Progressions:
    """The ladders for this context's catalogue, read once; `DataError` if the shipped file is broken."""
    return ctx.progressions


def overrides_for(ctx: AppContext) -> dict[str, Dosage]:
    """Today's doses for exercises that moved off their starting level; none if anything fails."""
    try:
        return dosage_overrides(progressions_for(ctx), ctx.store.get_state(STATE_KEY))
    except (DataError, StoreError):
        return {}


def record_session(ctx: AppContext, record: SessionRecord) -> list[Change]:
    """Plan the levels after `record` (already saved) and keep the result; returns the lines."""
    try:
        progressions = progressions_for(ctx)
        state, changes = after_session(
            progressions, ctx.store.get_state(STATE_KEY), record, blocking_level(ctx.store.checks())
        )
        ctx.store.set_state(STATE_KEY, state)
    except (DataError, StoreError) as exc:
        return [Change("", NOTE, f"Exercise levels were not updated: {exc}")]
    return changes


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

    The title is the view itself and the list its sibling, so a start with nothing to list (most
    starts) builds one plain line: a container and its title cost as much as the rest of the plan.
    """

    SCOPED_CSS = False  # the list and keys line are siblings, not children
    DEFAULT_CSS = """
    ProgressionView { text-style: bold; }
    #progression-lines { height: auto; max-height: 5; border: none; padding: 0; }
    #progression-keys { color: $text-muted; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", markup=False, **kwargs)

    def on_mount(self) -> None:
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

    def _progressions(self) -> Progressions | None:
        try:
            return progressions_for(self.app.ctx)
        except DataError:
            return None

    def _state(self) -> dict | None:
        try:
            return self.app.ctx.store.get_state(STATE_KEY)
        except StoreError:
            return None

    def _lines(self) -> tuple[str, list[Option]]:
        """The title and one option per change line, from the saved state."""
        progressions = self._progressions()
        if progressions is None:
            return "Exercise levels are unavailable: the progressions file could not be read.", []
        state = self._state()
        marks = line_marks(symbols_for(self.app.ctx.settings))
        changes = view_lines(progressions, state)
        day = latest_date(state)
        if day is None:
            title = "Exercise levels: changes after each session show here."
        elif changes:
            title = f"Exercise levels after your session on {day.isoformat()}:"
        else:
            title = f"Exercise levels: no changes after your session on {day.isoformat()}."
        options = [
            Option(f"{marks.get(c.kind, '-')} {c.text}", id=c.exercise_id or None, disabled=not c.exercise_id)
            for c in changes
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

    def refresh_changes(self, highlight: str | None = None) -> None:
        """Re-read the saved state and list its lines (call it after `record_session`)."""
        title, options = self._lines()
        self.update(title)
        lines = self._list
        if lines is None:
            if options:
                self.parent.mount(*self._list_widgets(options, highlight), after=self)
            return
        lines.clear_options()
        lines.add_options(options)
        self._show_lines(lines, self.parent.query_one("#progression-keys", Static), options, highlight)

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
        progressions = self._progressions()
        return progressions is not None and self.highlighted_exercise in progressions.ladders

    def _save(self, state: dict, change: Change) -> None:
        try:
            self.app.ctx.store.set_state(STATE_KEY, state)
        except StoreError as exc:
            self.notify(str(exc), title="The level could not be saved", severity="error", timeout=15)
            return
        self.refresh_changes(highlight=change.exercise_id)

    def hold_highlighted(self) -> None:
        exercise_id, progressions = self.highlighted_exercise, self._progressions()
        if progressions is None or exercise_id not in progressions.ladders:
            return
        state = self._state()
        self._save(*hold(progressions, state, exercise_id, held=not is_held(state, exercise_id)))

    def reset_highlighted(self) -> None:
        exercise_id, progressions = self.highlighted_exercise, self._progressions()
        if progressions is None or exercise_id not in progressions.ladders:
            return
        ladder = progressions.ladders[exercise_id]
        now = ladder.levels[level_index(progressions, self._state(), exercise_id)].label
        question = f"Reset {ladder.name} from {now} to its starting level, {ladder.levels[ladder.start].label}?"

        def answered(answer: str | None) -> None:
            if answer == "yes":
                self._save(*reset(progressions, self._state(), exercise_id))

        self.app.push_screen(yes_no(question), answered)
