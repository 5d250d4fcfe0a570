"""Streak pane: the current and best streak, today, this week against the target, and a heatmap.

Everything shown is computed from the saved sessions by `tui_back.domain.streaks`, read through the
journal in a worker thread at start, or sent with each saved session; the pane only draws. Each day
state has its own character (and a legend), so the heatmap reads the same with no colour at all;
colour is an extra. The characters come from `tui_back.symbols`, which swaps in
plain ASCII for `ascii = true` or a terminal that cannot show UTF-8.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Static

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
from tui_back.journal import HEATMAP_WEEKS, History, JournalError
from tui_back.symbols import symbols_for
from tui_back.ui import keys
from tui_back.ui.journal_access import context_of, in_thread, journal_of
from tui_back.ui.pain_trend import PainTrend

WEEKS = HEATMAP_WEEKS
"""Columns in the heatmap: the current week and the twelve before it."""

WATCH_S = 2.0
"""How often the pane checks whether the database file or the date changed."""

WEEKDAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "Sun")

STYLES = {DONE: "$success", FROZEN: "$accent", REST: "$text-muted", MISSED: "$text-disabled", PENDING: "bold"}
LEGEND = ((DONE, "done"), (FROZEN, "freeze"), (REST, "day off"), (MISSED, "no session"), (PENDING, "today"))
"""A day off is a rest day or an excused one: they look alike, since neither counts nor breaks a streak."""


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def heatmap_lines(grid: list[list[DayCell]], marks: Mapping[str, str], today: date) -> list[Content]:
    """A month row, then one row per weekday with one column per week.

    Built from `Content` pieces rather than markup, so the marks are never parsed as tags; a run
    of days alike in a row shares one styled span.
    """
    labels: list[tuple[int, str]] = []
    for column, week in enumerate(grid):
        month = week[-1].day.month
        if column == 0 or month != grid[column - 1][-1].day.month:
            labels.append((column * 2, week[-1].day.strftime("%b")))
    months = [" "] * (len(grid) * 2 + 3)
    for (at, label), following in zip(labels, [*labels[1:], (len(months) + 1, "")]):
        if at + len(label) < following[0]:
            months[at : at + len(label)] = label
    lines = [Content("    " + "".join(months).rstrip())]
    for weekday, label in enumerate(WEEKDAY_LABELS):
        parts: list[str | tuple[str, str]] = [f"{label:<4}"]
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

    The numbers wrap to the width the heatmap leaves them.
    """

    DEFAULT_CSS = """
    StreakSummary { height: auto; }
    """
    GAP = 2

    def __init__(self, heatmap: list[Content], numbers: list[Content], **kwargs) -> None:
        super().__init__(**kwargs)
        self.heatmap = heatmap
        self.numbers = numbers

    def update(self, heatmap: list[Content] | None, numbers: list[Content]) -> None:
        """New numbers, and a new heatmap unless it is None (kept as it was)."""
        if heatmap is not None:
            self.heatmap = heatmap
        self.numbers = numbers
        self.refresh(layout=True)

    def lines(self, width: int) -> list[Content]:
        left = max((line.cell_length for line in self.heatmap), default=0)
        right = max(1, width - left - self.GAP)
        numbers = [Content()] + [part for line in self.numbers for part in line.wrap(right)]
        rows = []
        for row in range(max(len(self.heatmap), len(numbers))):
            heat = self.heatmap[row] if row < len(self.heatmap) else Content()
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
        yield StreakSummary([], [], id="streak-summary")
        yield Static("", id="streak-legend")
        yield PainTrend(load=False, id="streak-pain")

    def on_mount(self) -> None:
        self._seen: tuple[date, tuple[int, int, int] | None] | None = None
        self.refresh_stats()
        self.set_interval(WATCH_S, self._watch)

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
            self.query_one(StreakSummary).update(None, self._problem_lines(str(exc)))
            self.query_one(PainTrend).show_problem(str(exc))
            return
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
            heatmap_lines(streak.heatmap, marks, streak.today), number_lines(streak.stats, marks)
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
