"""The dashboard: four panes, keys 1-4 to reach them, one pane at a time on small terminals.

A pane marks the widget that should take focus when it is shown with the class `-default-focus`
(the library marks its list, so keys 1-4 keep working instead of typing into the search box).

Layout is chosen by screen breakpoints: at least 110x30 shows the 2x2 grid; smaller shows the active
pane full size under a tab line; below 60x20 a "terminal too small" notice replaces everything.
"""

from __future__ import annotations

from typing import Iterable

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Static

from tui_back import paths
from tui_back.config import Settings
from tui_back.context import AppContext
from tui_back.ui.help_screen import HelpScreen, help_text
from tui_back.ui.library_pane import LibraryPane
from tui_back.ui.messages import CheckSaved, OpenChecklist, SessionSaved
from tui_back.ui.settings_screen import SettingsScreen, apply_settings
from tui_back.ui.streak_pane import StreakPane
from tui_back.ui.symptoms_pane import SymptomsPane
from tui_back.ui.session_dialogs import yes_no
from tui_back.ui.today_pane import TodayPane

PANES: tuple[tuple[str, str, type[Widget]], ...] = (
    ("library", "Library", LibraryPane),
    ("today", "Today", TodayPane),
    ("symptoms", "Symptoms", SymptomsPane),
    ("streak", "Streak", StreakPane),
)
MIN_WIDTH, MIN_HEIGHT = 60, 20


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

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="tabs")
        with Container(id="panes"):
            for number, (pane_id, title, pane_class) in enumerate(PANES, start=1):
                pane = pane_class(id=pane_id, classes="pane")
                pane.border_title = f"{number} {title}"
                yield pane
        yield Static(
            f"Terminal too small.\nPlease make it at least {MIN_WIDTH}x{MIN_HEIGHT}.\n(q quits)",
            id="too-small",
        )
        yield Footer()

    def on_mount(self) -> None:
        self.action_show_pane(self.active_pane)
        if self.ctx.settings_error:
            self.notify(self.ctx.settings_error, title="Settings ignored", severity="error", timeout=15)
        for problem in apply_settings(self, self.ctx):
            self.notify(problem, title="Setting ignored", severity="warning", timeout=15, markup=False)
        for error in self.ctx.catalogue.errors:
            self.notify(error, title="Your exercises file was not loaded", severity="error", timeout=15)
        self.call_after_refresh(self._show_store_warnings)

    def _show_store_warnings(self) -> None:
        """Say which database file was bad and where it was kept; the panes have read it by now."""
        for warning in self.ctx.store.warnings:
            self.notify(warning, title="Your data file", severity="error", timeout=30, markup=False)

    def action_show_pane(self, pane_id: str) -> None:
        self.active_pane = pane_id
        for other_id, _, _ in PANES:
            self.query_one(f"#{other_id}").set_class(other_id == pane_id, "-active")
        self.query_one("#tabs", Static).update(
            "  ".join(
                f"[reverse] {n} {title} [/]" if pid == pane_id else f" {n} {title} "
                for n, (pid, title, _) in enumerate(PANES, start=1)
            )
        )
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
