"""The dashboard: four panes, keys 1-4 to reach them, one pane at a time on small terminals.

A pane marks the widget that should take focus when it is shown with the class `-default-focus`
(the library marks its list, so keys 1-4 keep working instead of typing into the search box).

Layout is chosen by screen breakpoints: at least 110x30 shows the 2x2 grid; smaller shows the active
pane full size under a tab line; below 60x20 a "terminal too small" notice replaces everything.

Screens that open on demand (help, settings, dialogs) are imported when first opened.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence

from msgspec.structs import replace
from textual import events, work
from textual.app import ComposeResult, SystemCommand
from textual.filter import LineFilter
from textual.markup import escape
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Header, Static

from tui_back import paths
from tui_back.config import Settings, save_settings
from tui_back.context import AppContext
from tui_back.domain.validation import DataError
from tui_back.journal import Journal, JournalError
from tui_back.ui import keys
from tui_back.ui.ascii_filter import AsciiFilter
from tui_back.ui.journal_access import in_thread
from tui_back.ui.library_pane import LibraryPane
from tui_back.ui.messages import CheckSaved, HistoryChanged, OpenChecklist, SessionSaved
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
ASCII_FILTER = AsciiFilter()
HANG_UP_GRACE_S = 5.0
"""Seconds a hang-up allows the normal exit after the session is saved."""


def breakpoint_classes(size: int, breakpoints: list[tuple[int, str]]) -> dict[str, bool]:
    """Which of `breakpoints` applies at `size`: the one with the largest threshold not above it."""
    chosen = max((at, name) for at, name in breakpoints if size >= at)[1]
    return {name: name == chosen for _, name in breakpoints}


class DashboardScreen(Screen[None]):
    """The four panes; the focus starts in the Library pane's list."""

    AUTO_FOCUS = "#library .-default-focus"


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
        self._saved_theme = ""

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters (NO_COLOR), and in ASCII mode the one that keeps every line 7-bit."""
        filters = super().get_line_filters()
        return [*filters, ASCII_FILTER] if self.has_class("-ascii") else filters

    def on_load(self) -> None:
        # Before anything is styled: a theme set later restyles every widget a second time.
        self._settings_problems = apply_settings(self, self.ctx)
        self._saved_theme = self.theme

    def watch_theme(self, theme: str) -> None:
        """A theme chosen from the palette is saved to config.toml, as the settings screen saves one."""
        if theme in (self._saved_theme, self.ctx.settings.theme):
            return
        self._saved_theme = theme
        self._save_theme(theme)

    @work(thread=True, exclusive=True, group="save-theme")
    def _save_theme(self, theme: str) -> None:
        settings = replace(self.ctx.settings, theme=theme)
        try:
            save_settings(paths.config_file(self.ctx.config_dir), settings, keys=("theme",))
        except (DataError, OSError) as exc:
            message = str(exc) if isinstance(exc, DataError) else f"Could not save the settings: {exc.strerror}"
            self.call_from_thread(self.notify, message, title="Theme not saved", severity="error", markup=False)
            return
        self.ctx.reload_settings()

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
        screen = DashboardScreen(id="_default")
        width, height = self.size
        classes = breakpoint_classes(width, self.HORIZONTAL_BREAKPOINTS)
        classes.update(breakpoint_classes(height, self.VERTICAL_BREAKPOINTS))
        screen.update_classes(classes, update=False)
        return screen

    def on_mount(self) -> None:
        self._catch_hang_up()
        self._focus_pane(self.active_pane)
        if self.ctx.settings_error:
            self.notify(
                self.ctx.settings_error, title="Settings ignored", severity="error", timeout=15, markup=False
            )
        for problem in self._settings_problems:
            self.notify(problem, title="Setting ignored", severity="warning", timeout=15, markup=False)
        for error in self.ctx.catalogue.errors:
            self.notify(error, title="Your exercises file was not loaded", severity="error", timeout=15, markup=False)
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
        self.today.ask_next_morning()

    @property
    def dashboard(self) -> Screen:
        """The screen with the panes, whichever screen is on top (a session, a dialog)."""
        return self.screen_stack[0]

    @property
    def today(self) -> TodayPane:
        return self.dashboard.query_one(TodayPane)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys 1-4 change panes on the dashboard only, not behind a running session."""
        if action == "show_pane":
            return not self.today.session_active
        return True

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
            self.dashboard.query_one(f"#{other_id}").update_classes({"-active": shown, "-has-focus": shown})
        self.dashboard.query_one("#tabs", Static).update(self._tabs_text())
        self._focus_pane(pane_id)

    def _focus_pane(self, pane_id: str) -> None:
        pane = self.dashboard.query_one(f"#{pane_id}")
        preferred = [w for w in pane.query(".-default-focus") if w.focusable]
        if preferred:
            target = preferred[0]
        elif pane.can_focus:
            target = pane
        else:
            target = next((w for w in pane.query("*") if w.focusable), pane)
        # At once, not after the queued events: a key typed right after the pane key goes to the new pane.
        target.screen.set_focus(target)

    def terminal_notify(self, title: str, body: str) -> None:
        """A desktop notification through the terminal (OSC 9 and OSC 777), if the user turned them on.

        Written to the stream Textual's terminal driver writes to, in one write call (so it never
        lands inside a frame); not in tests (headless) or in a browser, where no terminal reads it.
        """
        served = "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")
        if not self.ctx.settings.notifications or self.is_headless or served:
            return
        from tui_back.ui.terminal_notify import osc_notification

        stream = sys.__stderr__
        if stream is not None:
            stream.write(osc_notification(title, body))
            stream.flush()

    def action_help(self) -> None:
        from tui_back.ui.help_screen import HelpScreen

        self.push_screen(HelpScreen())

    def _catch_hang_up(self) -> None:
        """On SIGHUP (an SSH link dropped) or SIGTERM, save a running session as not finished, then end."""
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for number in (getattr(signal, "SIGHUP", None), signal.SIGTERM):
            if number is None:
                continue
            try:
                loop.add_signal_handler(number, self._hang_up, number)
            except (NotImplementedError, RuntimeError, ValueError):
                continue  # no signals here (Windows, or not the main thread)

    @work(group="app-hang-up", exclusive=True)
    async def _hang_up(self, number: int) -> None:
        """Save, then end. Restoring a terminal that has gone can block Textual's output thread for
        good (seen when tmux or an SSH link closes mid-session), so the process ends by itself if the
        normal exit has not finished a few seconds after the save."""
        import os
        import threading

        await self.today.hang_up()
        watchdog = threading.Timer(HANG_UP_GRACE_S, os._exit, (128 + number,))
        watchdog.daemon = True
        watchdog.start()
        self.exit(return_code=128 + number)

    async def action_quit(self) -> None:
        """Quit; a running session is first stopped and saved, if the user agrees."""
        self._quit_flow()

    @work(group="app-quit")
    async def _quit_flow(self) -> None:
        today = self.today
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
        """Textual's commands (less `LEFT_OUT`) and the app's."""
        yield from (command for command in super().get_system_commands(screen) if command.title not in LEFT_OUT)
        yield SystemCommand("Keys", "List every key", self.action_help)
        yield SystemCommand(
            "Back care cards", "Keep active, hurt is not harm, a flare-up plan, when to get checked", self.action_cards
        )
        if not self.today.session_active:  # behind a running session these would act unseen
            yield from self._dashboard_commands()
        bell = "off" if self.ctx.settings.bell else "on"
        yield SystemCommand("Toggle bell", f"Turn the bell at each step of a session {bell}", self.action_toggle_bell)
        yield SystemCommand("Settings", "Theme, rest days, weekly target and more", self.action_settings)

    def _dashboard_commands(self) -> Iterable[SystemCommand]:
        for pane_id, title, _ in PANES:
            yield SystemCommand(f"Go to {title}", f"Show the {title} pane", lambda p=pane_id: self.action_show_pane(p))
        for routine in self.ctx.routines.routines:
            yield SystemCommand(
                f"Start {escape(routine.name)}",  # the palette reads titles as markup
                "The safety questions, then this routine",
                lambda r=routine.id: self.start_routine(r),
            )
        yield SystemCommand("Exercise levels", "Every exercise's level, to hold or reset", self.action_levels)
        yield SystemCommand("Symptom check", "Tick what applies now: the Symptoms pane", self.action_symptom_check)
        yield SystemCommand("Write report", "Save a report for your physiotherapist", self.action_write_report)
        yield SystemCommand("History", "Remove a mistaken session, excuse a day", self.action_history)

    def start_routine(self, routine_id: str) -> None:
        """Pick `routine_id` in the Today pane and start it, as enter does there."""
        self.action_show_pane("today")
        today = self.today
        today.select_routine(routine_id)
        today.action_start()

    def action_cards(self) -> None:
        from tui_back.ui.education_screen import open_cards

        open_cards(self)

    def action_levels(self) -> None:
        self.today.action_levels()

    def action_symptom_check(self) -> None:
        self.action_show_pane("symptoms")

    def action_write_report(self) -> None:
        self.dashboard.query_one(StreakPane).action_write_report()

    def action_history(self) -> None:
        from tui_back.ui.history_screen import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen())

    def on_history_changed(self, _: HistoryChanged) -> None:
        self.query_one(StreakPane).refresh_stats()

    def action_toggle_bell(self) -> None:
        """Flip the bell setting and save it, as the settings screen would."""
        settings = replace(self.ctx.settings, bell=not self.ctx.settings.bell)
        try:
            save_and_apply(self, self.ctx, settings, keys=("bell",))
        except DataError as exc:
            self.notify(str(exc), title="Bell not changed", severity="error", markup=False)
            return
        except OSError as exc:
            self.notify(f"Could not save the settings: {exc.strerror}", title="Bell not changed", severity="error")
            return
        self.notify(f"The bell is {'on' if settings.bell else 'off'}.", title="Settings")

    def action_settings(self) -> None:
        from tui_back.ui.settings_screen import SettingsScreen

        self.push_screen(SettingsScreen(self.ctx), self._settings_closed)

    def _settings_closed(self, saved: Settings | None) -> None:
        if saved is not None:
            self.dashboard.query_one(StreakPane).refresh_stats()

    def on_session_saved(self, message: SessionSaved) -> None:
        self.dashboard.query_one(StreakPane).show_history(message.saved.history)

    def on_check_saved(self, message: CheckSaved) -> None:
        self.dashboard.query_one(SymptomsPane).show_saved(message.saved)
        gate = message.saved.gate
        if gate is not None and not gate.allowed and not gate.needs_full_check:
            self.today.stop_for_safety(gate.message)

    def on_open_checklist(self, _: OpenChecklist) -> None:
        self.action_show_pane("symptoms")


LEFT_OUT = frozenset({"Keys", "Screenshot"})
"""Textual's palette commands the app leaves out: "Keys" gives way to the help screen, and
"Screenshot" would write the dashboard (health data) readable by others into ~/Downloads."""


def make_app(ctx: AppContext) -> TuiBackApp:
    """The one way to build the app, shared by the CLI and the tests."""
    return TuiBackApp(ctx)
