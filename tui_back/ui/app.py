"""The dashboard: four panes, keys 1-4 to reach them, one pane at a time on small terminals.

A pane marks the widget that should take focus when it is shown with the class `-default-focus`
(the library marks its list, so keys 1-4 keep working instead of typing into the search box).

Layout is chosen by screen breakpoints: at least 110x30 shows the 2x2 grid; smaller shows the active
pane full size under a tab line; below 60x20 a "terminal too small" notice replaces everything.

Screens that open on demand (help, settings, dialogs) are imported when first opened.
"""

from __future__ import annotations

from typing import Iterable

from textual import events
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Static

from tui_back import paths
from tui_back.config import Settings
from tui_back.context import AppContext
from tui_back.ui.library_pane import LibraryPane
from tui_back.ui.messages import CheckSaved, OpenChecklist, SessionSaved
from tui_back.ui.settings_apply import apply_settings
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


class TuiBackApp(App[None]):
    TITLE = "tui-back"
    SUB_TITLE = "back care - not medical advice"
    CSS_PATH = [str(paths.styles_dir() / "app.tcss")]
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny-w"), (MIN_WIDTH, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-tiny-h"), (MIN_HEIGHT, "-short"), (30, "-tall")]
    BINDINGS = [
        Binding("1", "show_pane('library')", "Library", show=False, id="pane-library"),
        Binding("2", "show_pane('today')", "Today", show=False, id="pane-today"),
        Binding("3", "show_pane('symptoms')", "Symptoms", show=False, id="pane-symptoms"),
        Binding("4", "show_pane('streak')", "Streak", show=False, id="pane-streak"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("comma", "settings", "Settings", id="settings"),
        Binding("q", "quit", "Quit", id="quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="quit-now"),
    ]

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
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
            f"Terminal too small.\nPlease make it at least {MIN_WIDTH}x{MIN_HEIGHT}.\n(q quits)",
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
        self.call_after_refresh(self._report_store_warnings)

    def _report_store_warnings(self) -> None:
        """Say if the data file was bad; the panes read the store as they are built, so it is known now."""
        for warning in self.ctx.store.warnings:
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
        from tui_back.ui.help_screen import HelpScreen, help_text

        sections = [("Everywhere", self.BINDINGS)]
        sections += [(f"{title} pane ({n})", pane_class.BINDINGS) for n, (_, title, pane_class) in enumerate(PANES, 1)]
        self.push_screen(HelpScreen(help_text(sections)))

    async def action_quit(self) -> None:
        today = self.query_one(TodayPane)
        if not today.session_active:
            self.exit()
            return

        def answered(answer: str | None) -> None:
            if answer == "yes":
                today.stop_and_save()
                self.exit()

        from tui_back.ui.session_dialogs import yes_no

        self.push_screen(
            yes_no("A session is running. Stop it, keep it as not finished, and quit?"), answered
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for pane_id, title, _ in PANES:
            yield SystemCommand(f"Go to {title}", f"Show the {title} pane", lambda p=pane_id: self.action_show_pane(p))
        yield SystemCommand("Keys", "List every key", self.action_help)
        yield SystemCommand("Settings", "Theme, rest days, weekly target and more", self.action_settings)

    def action_settings(self) -> None:
        from tui_back.ui.settings_screen import SettingsScreen

        self.push_screen(SettingsScreen(self.ctx), self._settings_closed)

    def _settings_closed(self, saved: Settings | None) -> None:
        if saved is not None:
            self.query_one(StreakPane).refresh_stats()

    def on_session_saved(self, _: SessionSaved) -> None:
        self.query_one(StreakPane).refresh_stats()

    def on_check_saved(self, _: CheckSaved) -> None:
        self.query_one(SymptomsPane).refresh_history()

    def on_open_checklist(self, _: OpenChecklist) -> None:
        self.action_show_pane("symptoms")


def make_app(ctx: AppContext) -> TuiBackApp:
    """The one way to build the app, shared by the CLI and the tests."""
    return TuiBackApp(ctx)
