"""Pain before and after sessions, week by week, as two text sparklines.

Plain text on purpose: bar heights (or digits in ASCII mode) carry the values, so the trend reads
the same with no colour, over a slow link, and in a screen reader's text dump. The weekly
averages come from `tui_back.domain.pain_trend.pain_trend`.
"""

from __future__ import annotations

from textual import work
from textual.widgets import Static

from tui_back.domain.pain_trend import WeekPain
from tui_back.journal import PAIN_WEEKS, JournalError
from tui_back.symbols import terminal_encoding, wants_ascii
from tui_back.ui.journal_access import context_of, in_thread, journal_of

WEEKS = PAIN_WEEKS
BARS = "▁▂▃▄▅▆▇█"
"""Eight heights for 0-10: the lowest bar is no pain, the tallest the worst."""
NO_SCORE = {False: "·", True: "-"}
"""A week without scores, by ASCII mode."""


def mark(value: float | None, ascii_only: bool) -> str:
    """One character for a weekly average: a bar, or in ASCII the rounded score (X for 10)."""
    if value is None:
        return NO_SCORE[ascii_only]
    if ascii_only:
        whole = int(value + 0.5)
        return "X" if whole >= 10 else str(whole)
    return BARS[int(value / 10 * (len(BARS) - 1) + 0.5)]


def sparkline(values: list[float | None], ascii_only: bool) -> str:
    return "".join(mark(value, ascii_only) for value in values)


def _latest(values: list[float | None]) -> str:
    known = [v for v in values if v is not None]
    return f"last {known[-1]:.1f}" if known else ""


def trend_text(trend: list[WeekPain], ascii_only: bool) -> str:
    """The heading, a line each for before and after, and a legend; or a hint when nothing is scored."""
    if not any(week.scored for week in trend):
        return "Pain trend: score your pain before and after sessions to see it here, week by week."
    before = [week.before for week in trend]
    after = [week.after for week in trend]
    if ascii_only:
        legend = f"digit = average pain that week (X = 10), {NO_SCORE[True]} = no scores"
    else:
        legend = f"taller = more pain (0-10), {NO_SCORE[False]} = no scores"
    return "\n".join(
        (
            f"Pain, weekly average over {len(trend)} weeks (oldest left)",
            f"Before  {sparkline(before, ascii_only)}  {_latest(before)}".rstrip(),
            f"After   {sparkline(after, ascii_only)}  {_latest(after)}".rstrip(),
            legend,
        )
    )


class PainTrend(Static):
    """The trend of the sessions the journal last gave it (`show_trend`), or read by itself.

    Mounted with `load=True` it reads the trend in a worker thread (`refresh_trend`); the Streak
    pane passes `load=False` and hands it the trend it read or was sent with a saved session.
    """

    DEFAULT_CSS = """
    PainTrend { height: auto; margin-top: 1; }
    """

    def __init__(self, load: bool = True, **kwargs) -> None:
        super().__init__("", markup=False, **kwargs)
        self.load = load

    def on_mount(self) -> None:
        if self.load:
            self.refresh_trend()

    @work(group="pain-trend")
    async def refresh_trend(self) -> None:
        """Read the trend again and show it."""
        try:
            trend = await in_thread(self, journal_of(self).pain_trend)
        except JournalError as exc:
            self.show_problem(str(exc))
            return
        self.show_trend(trend)

    def show_trend(self, trend: list[WeekPain]) -> None:
        ascii_only = wants_ascii(context_of(self).settings, terminal_encoding())
        self.update(trend_text(trend, ascii_only))

    def show_problem(self, problem: str) -> None:
        self.update(f"Pain trend unavailable: {problem}")
