"""Streak pane: the current and best streak, today, this week against the target, and a heatmap
of as many weeks as the pane's width holds (12 to 53, with month labels).

Everything shown is computed from the saved sessions by `tui_back.domain.streaks`, read through the
journal in a worker thread at start, or sent with each saved session; the pane only draws. Each day
state has its own character (and a legend), so the heatmap reads the same with no colour at all;
colour is an extra. The characters come from `tui_back.symbols`, which swaps in
plain ASCII for `ascii = true` or a terminal that cannot show UTF-8.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from contextlib import suppress
from datetime import date
from typing import NamedTuple

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

from tui_back.domain.heatmap_layout import GAP, LABEL_WIDTH, month_row, weeks_for_width
from tui_back.domain.streaks import (
    DONE,
    EXCUSED,
    FROZEN,
    MISSED,
    PENDING,
    REST,
    DayCell,
    StreakStats,
)
from tui_back.journal import History, JournalError
from tui_back.symbols import symbols_for
from tui_back.ui import keys
from tui_back.ui.journal_access import context_of, in_thread, journal_of
from tui_back.ui.pain_trend import PainTrend

WATCH_S = 2.0
"""How often the pane checks whether the database file or the date changed."""

WEEKDAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "Sun")

STYLES = {DONE: "$success", FROZEN: "$accent", REST: "$text-muted", MISSED: "$text-disabled", PENDING: "bold"}
LEGEND = ((DONE, "done"), (FROZEN, "freeze"), (REST, "day off"), (MISSED, "no session"), (PENDING, "today"))
"""A day off is a rest day or an excused one: they look alike, since neither counts nor breaks a streak."""


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def heatmap_lines(grid: list[list[DayCell]], marks: Mapping[str, str], today: date) -> list[Content]:
    """A month row, then one row per weekday with one column per week of `grid`.

    Built from `Content` pieces rather than markup, so the marks are never parsed as tags; a run
    of days alike in a row shares one styled span.
    """
    lines = [Content(month_row([week[-1].day for week in grid]))]
    for weekday, label in enumerate(WEEKDAY_LABELS):
        parts: list[str | tuple[str, str]] = [f"{label:<{LABEL_WIDTH}}"]
        run, run_style = "", None
        for column, week in enumerate(grid):
            cell = week[weekday]
            state = REST if cell.state == EXCUSED else cell.state  # both are days off
            mark = marks[state]
            style = STYLES.get(state)
            is_today = cell.day == today
            if is_today:
                style = f"{style} reverse" if style else "reverse"
            gap = " " if column else ""
            if run and style == run_style and not is_today:
                run += gap + mark  # one span per run of days alike: the gaps look the same styled
                continue
            if run:
                parts.append((run, run_style) if run_style else run)
            if gap:
                parts.append(gap)
            run, run_style = mark, style
        parts.append((run, run_style) if run_style else run)
        lines.append(Content.assemble(*parts))
    return lines


class Heatmap(NamedTuple):
    """What the heatmap is drawn from: the weeks (oldest first), the marks, and today."""

    grid: list[list[DayCell]]
    marks: Mapping[str, str]
    today: date

    def lines(self, width: int) -> list[Content]:
        """The newest weeks that fit `width` beside the numbers (`weeks_for_width`)."""
        if not self.grid:
            return []
        return heatmap_lines(self.grid[-weeks_for_width(width) :], self.marks, self.today)


def number_lines(stats: StreakStats, marks: Mapping[str, str]) -> list[Content]:
    today: str | tuple[str, str] = ("done", "$success") if stats.done_today else "not yet"
    week = f"{stats.sessions_this_week}/{stats.weekly_target}"
    if stats.weekly_target <= 7:
        filled = min(stats.sessions_this_week, stats.weekly_target)
        week += " " + marks[DONE] * filled + marks[MISSED] * (stats.weekly_target - filled)
    to_go = stats.next_milestone - stats.current_streak
    return [
        Content.assemble("Streak  ", (_days(stats.current_streak), "bold")),
        Content(f"Best    {_days(stats.longest_streak)}"),
        Content.assemble("Today   ", today),
        Content(f"Week    {week}"),
        Content(f"Next    {_days(stats.next_milestone)}: {to_go} more"),
        Content(f"Total   {stats.total_sessions} session{'' if stats.total_sessions == 1 else 's'}"),
    ]


class StreakSummary(Widget):
    """The heatmap with the numbers beside it, one line lower, drawn as one widget.

    Laid out for the width it has at each render, so a resize shows more or fewer weeks
    (`tui_back.domain.heatmap_layout`); the numbers wrap to the width the heatmap leaves them.
    """

    DEFAULT_CSS = """
    StreakSummary { height: auto; }
    """
    GAP = GAP

    def __init__(self, heatmap: Heatmap | None, numbers: list[Content], **kwargs) -> None:
        super().__init__(**kwargs)
        self.drawn_from = heatmap
        self.numbers = numbers

    def update(self, heatmap: Heatmap | None, numbers: list[Content]) -> None:
        """New numbers, and a new heatmap unless it is None (kept as it was)."""
        if heatmap is not None:
            self.drawn_from = heatmap
        self.numbers = numbers
        self.refresh(layout=True)

    @property
    def heatmap(self) -> list[Content]:
        """The heatmap's lines as drawn at the widget's width now."""
        return self.heatmap_at(self.size.width)

    def heatmap_at(self, width: int) -> list[Content]:
        return self.drawn_from.lines(width) if self.drawn_from else []

    def lines(self, width: int) -> list[Content]:
        heatmap = self.heatmap_at(width)
        left = max((line.cell_length for line in heatmap[1:]), default=0)  # the month row may run on
        right = max(1, width - left - self.GAP)
        numbers = [Content()] + [part for line in self.numbers for part in line.wrap(right)]
        rows = []
        for row in range(max(len(heatmap), len(numbers))):
            heat = heatmap[row] if row < len(heatmap) else Content()
            number = numbers[row] if row < len(numbers) else Content()
            rows.append((heat.pad_right(left - heat.cell_length + self.GAP) + number).rstrip())
        return rows

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))


class StreakPane(VerticalScroll):
    """Focusable (key 4 reaches it) and scrollable when the terminal is short."""

    DEFAULT_CSS = """
    StreakPane #streak-legend { color: $text-muted; }
    """

    BINDINGS = keys.bindings("streak-report", "streak-history")

    def compose(self) -> ComposeResult:
        yield StreakSummary(None, [], id="streak-summary")
        yield Static("", id="streak-legend")
        yield PainTrend(load=False, id="streak-pain")

    def on_mount(self) -> None:
        self._seen: tuple[date, tuple[int, int, int] | None] | None = None
        self.refresh_stats()
        self.set_interval(WATCH_S, self._watch_if_seen)

    def _watch_if_seen(self) -> None:
        """Check only while the pane can be seen: under dialogs, but not behind a full screen (a
        guided session), where a check would only cost CPU. The first check after the dashboard is
        back catches up."""
        for screen in reversed(self.app.screen_stack):
            if screen is self.screen:
                self._watch()
                return
            if not screen.is_modal:
                return

    @work(group="streak-watch", exclusive=True)
    async def _watch(self) -> None:
        """Read again when another process wrote the database or the date changed (one `stat`)."""
        journal = journal_of(self)
        try:
            version = await in_thread(self, journal.version)
        except JournalError:
            return
        if self._seen is not None and version not in (self._seen, journal.saved_version):
            self.refresh_stats()

    @work(group="streak-load", exclusive=True)
    async def refresh_stats(self) -> None:
        """Read the history again (in a worker thread) and show it: at start, after the settings
        change, after a write by another process, and when the date changes."""
        journal = journal_of(self)
        try:
            history = await in_thread(self, journal.history)
        except JournalError as exc:
            with suppress(NoMatches):
                self.query_one(StreakSummary).update(None, self._problem_lines(str(exc)))
                self.query_one(PainTrend).show_problem(str(exc))
            return
        with suppress(NoMatches):  # the app may be closing, its widgets gone, when the thread returns
            self.show_history(history)

    @staticmethod
    def _problem_lines(problem: str) -> list[Content]:
        return [Content("Your sessions cannot be read right now:"), Content(problem)]

    def show_history(self, history: History) -> None:
        """Draw the streak, heatmap and pain trend of `history` (read, or sent with a saved session)."""
        self._seen = history.version
        streak = history.streak
        marks = symbols_for(context_of(self).settings).day
        self.query_one(StreakSummary).update(
            Heatmap(streak.heatmap, marks, streak.today), number_lines(streak.stats, marks)
        )
        self.query_one("#streak-legend", Static).update("  ".join(f"{marks[state]} {name}" for state, name in LEGEND))
        self.query_one(PainTrend).show_trend(history.pain)

    @work(group="streak-report")
    async def action_write_report(self) -> None:
        """The same report as `tui-back report`: a download in a browser, a private file in a terminal."""
        journal = journal_of(self)
        try:
            report = await in_thread(self, journal.report)
            if self.app.is_web:
                self.app.deliver_text(io.StringIO(report.text), save_filename=report.filename)
                self.app.notify("Your browser is downloading the report.", title="Report")
                return
            path = await in_thread(self, lambda: journal.keep_report(report))
        except JournalError as exc:
            self.app.notify(str(exc), title="No report", severity="error", markup=False)
            return
        self.app.notify(f"Saved to {path}", title="Report for your physiotherapist", markup=False)
