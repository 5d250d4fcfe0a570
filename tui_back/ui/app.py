"""The dashboard: four panes, keys 1-4 to reach them, one pane at a time on small terminals.

A pane marks the widget that should take focus when it is shown with the class `-default-focus`
(the library marks its list, so keys 1-4 keep working instead of typing into the search box).

Layout is chosen by screen breakpoints: at least 110x30 shows the 2x2 grid; smaller shows the active
pane full size under a tab line; below 60x20 a "terminal too small" notice replaces everything.

Screens that open on demand (help, settings, dialogs) are imported when first opened.
"""

from __future__ import annotations

from collections.abc import Iterable

from msgspec.structs import replace
from textual import events, work
from textual.app import ComposeResult, SystemCommand
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Static

from tui_back import paths
from tui_back.config import Settings
from tui_back.context import AppContext
from tui_back.journal import Journal, JournalError
from tui_back.ui import keys
from tui_back.ui.journal_access import in_thread
from tui_back.ui.library_pane import LibraryPane
from tui_back.ui.messages import CheckSaved, OpenChecklist, SessionSaved
from tui_back.ui.settings_apply import apply_settings, save_and_apply
from tui_back.ui.streak_pane import StreakPane
from tui_back.ui.symptoms_pane import SymptomsPane
from tui_back.ui.today_pane import TodayPane

PANES: tuple[tuple[str, str, type[Widget]], ...] = (
    ("library", "Library", LibraryPane),
    ("today", "Today", TodayPane),
    ("symptoms", "Symptoms", SymptomsPane),
    ("streak", "Streak", StreakPane),
)
MIN_WIDTH, MIN_HEIGHT = 60, 20


def breakpoint_classes(size: int, breakpoints: list[tuple[int, str]]) -> dict[str, bool]:
    """Which of `breakpoints` applies at `size`: the one with the largest threshold not above it."""
    chosen = max((at, name) for at, name in breakpoints if size >= at)[1]
    return {name: name == chosen for _, name in breakpoints}


class TuiBackApp(keys.KeyTableApp[None]):
    TITLE = "tui-back"
    SUB_TITLE = "back care - not medical advice"
    CSS_PATH = [str(paths.styles_dir() / "app.tcss")]
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny-w"), (MIN_WIDTH, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-tiny-h"), (MIN_HEIGHT, "-short"), (30, "-tall")]
    BINDINGS = keys.bindings(
        "pane-library", "pane-today", "pane-symptoms", "pane-streak", "help", "settings", "quit", "quit-now"
    )

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.journal: Journal = ctx.journal
        self._asking_to_quit = False
        self.active_pane = "library"
        self._settings_problems: list[str] = []

    def on_load(self) -> None:
        # Before anything is styled: a theme set later restyles every widget a second time.
        self._settings_problems = apply_settings(self, self.ctx)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self._tabs_text(), id="tabs")
        for number, (pane_id, title, pane_class) in enumerate(PANES, start=1):
            active = pane_id == self.active_pane
            pane = pane_class(id=pane_id, classes="pane -active -has-focus" if active else "pane")
            pane.border_title = f"{number} {title}"
            yield pane
        yield Static(
            f"Terminal too small.\nPlease make it at least {MIN_WIDTH}x{MIN_HEIGHT}.\n"
            f"({keys.key_text(self, 'quit')} quits)",
            id="too-small",
        )
        yield Footer()

    def get_default_screen(self) -> Screen:
        """The dashboard's screen, with the size classes for the terminal's size from the start.

        Textual sets the breakpoint classes when the screen gets its first resize event, after
        the first frame; without them, that frame would show the one-pane layout and the grid
        would replace it a moment later. The focus starts in the active pane's list, not in the
        first focusable widget (the library's search box).
        """
        screen = Screen(id="_default")
        screen.AUTO_FOCUS = f"#{self.active_pane} .-default-focus"
        width, height = self.size
        classes = breakpoint_classes(width, self.HORIZONTAL_BREAKPOINTS)
        classes.update(breakpoint_classes(height, self.VERTICAL_BREAKPOINTS))
        screen.update_classes(classes, update=False)
        return screen

    def on_mount(self) -> None:
        self._focus_pane(self.active_pane)
        if self.ctx.settings_error:
            self.notify(self.ctx.settings_error, title="Settings ignored", severity="error", timeout=15)
        for problem in self._settings_problems:
            self.notify(problem, title="Setting ignored", severity="warning", timeout=15, markup=False)
        for error in self.ctx.catalogue.errors:
            self.notify(error, title="Your exercises file was not loaded", severity="error", timeout=15)
        self._open_journal()

    @work(group="app-open")
    async def _open_journal(self) -> None:
        """Open the database in a worker thread, and say if it was bad (and what was done)."""
        try:
            warnings = await in_thread(self, self.journal.open)
        except JournalError as exc:
            warnings = [str(exc)]
        for warning in warnings:
            self.notify(warning, title="Your data file", severity="error", timeout=30, markup=False)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Mark the pane that holds the focus; focus in a dialog leaves the mark where it was."""
        owner = next((w for w in event.widget.ancestors_with_self if w.has_class("pane")), None)
        if owner is not None:
            for pane in self.query(".pane"):
                pane.set_class(pane is owner, "-has-focus")

    def _tabs_text(self) -> str:
        return "  ".join(
            f"[reverse] {n} {title} [/]" if pid == self.active_pane else f" {n} {title} "
            for n, (pid, title, _) in enumerate(PANES, start=1)
        )

    def action_show_pane(self, pane_id: str) -> None:
        self.active_pane = pane_id
        for other_id, _, _ in PANES:
            # One class update per pane (restyling a pane restyles everything in it); focusing
            # below then finds -has-focus already in place.
            shown = other_id == pane_id
            self.query_one(f"#{other_id}").update_classes({"-active": shown, "-has-focus": shown})
        self.query_one("#tabs", Static).update(self._tabs_text())
        self._focus_pane(pane_id)

    def _focus_pane(self, pane_id: str) -> None:
        pane = self.query_one(f"#{pane_id}")
        preferred = [w for w in pane.query(".-default-focus") if w.focusable]
        if preferred:
            target = preferred[0]
        elif pane.can_focus:
            target = pane
        else:
            target = next((w for w in pane.query("*") if w.focusable), pane)
        target.focus()

    def action_help(self) -> None:
        from tui_back.ui.help_screen import HelpScreen

        self.push_screen(HelpScreen())

    @work(group="app-quit")
    async def action_quit(self) -> None:
        """Quit; a running session is first stopped and saved, if the user agrees."""
        today = self.query_one(TodayPane)
        if not today.session_active:
            self.exit()
            return
        if self._asking_to_quit:
            return
        from tui_back.ui.session_dialogs import yes_no

        self._asking_to_quit = True
        try:
            question = yes_no("A session is running. Stop it, keep it as not finished, and quit?")
            if await self.push_screen_wait(question) == "yes" and await today.stop_and_save():
                self.exit()
        finally:
            self._asking_to_quit = False

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's commands (its own "Keys" gives way to the help screen) and the app's."""
        yield from (command for command in super().get_system_commands(screen) if command.title != "Keys")
        yield SystemCommand("Keys", "List every key", self.action_help)
        for pane_id, title, _ in PANES:
            yield SystemCommand(f"Go to {title}", f"Show the {title} pane", lambda p=pane_id: self.action_show_pane(p))
        if not self.query_one(TodayPane).session_active:
            for routine in self.ctx.routines.routines:
                yield SystemCommand(
                    f"Start {routine.name}",
                    "The safety questions, then this routine",
                    lambda r=routine.id: self.start_routine(r),
                )
        yield SystemCommand("Symptom check", "Tick what applies now: the Symptoms pane", self.action_symptom_check)
        yield SystemCommand("Write report", "Save a report for your physiotherapist", self.action_write_report)
        bell = "off" if self.ctx.settings.bell else "on"
        yield SystemCommand("Toggle bell", f"Turn the bell at each step of a session {bell}", self.action_toggle_bell)
        yield SystemCommand("Settings", "Theme, rest days, weekly target and more", self.action_settings)

    def start_routine(self, routine_id: str) -> None:
        """Pick `routine_id` in the Today pane and start it, as enter does there."""
        self.action_show_pane("today")
        today = self.query_one(TodayPane)
        today.select_routine(routine_id)
        today.action_start()

    def action_symptom_check(self) -> None:
        self.action_show_pane("symptoms")

    def action_write_report(self) -> None:
        self.query_one(StreakPane).action_write_report()

    def action_toggle_bell(self) -> None:
        """Flip the bell setting and save it, as the settings screen would."""
        if self.ctx.settings_error:
            self.notify(
                "config.toml has a mistake: fix it, or save the settings screen to replace it.",
                title="Bell not changed",
                severity="error",
            )
            return
        settings = replace(self.ctx.settings, bell=not self.ctx.settings.bell)
        try:
            save_and_apply(self, self.ctx, settings)
        except OSError as exc:
            self.notify(f"Could not save the settings: {exc.strerror}", title="Bell not changed", severity="error")
            return
        self.notify(f"The bell is {'on' if settings.bell else 'off'}.", title="Settings")

    def action_settings(self) -> None:
        from tui_back.ui.settings_screen import SettingsScreen

        self.push_screen(SettingsScreen(self.ctx), self._settings_closed)

    def _settings_closed(self, saved: Settings | None) -> None:
        if saved is not None:
            self.query_one(StreakPane).refresh_stats()

    def on_session_saved(self, message: SessionSaved) -> None:
        self.query_one(StreakPane).show_history(message.saved.history)

    def on_check_saved(self, message: CheckSaved) -> None:
        self.query_one(SymptomsPane).show_saved(message.saved)
        gate = message.saved.gate
        if gate is not None and not gate.allowed and not gate.needs_full_check:
            self.query_one(TodayPane).stop_for_safety(gate.message)

    def on_open_checklist(self, _: OpenChecklist) -> None:
        self.action_show_pane("symptoms")


def make_app(ctx: AppContext) -> TuiBackApp:
    """The one way to build the app, shared by the CLI and the tests."""
    return TuiBackApp(ctx)
