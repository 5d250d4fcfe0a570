"""Pain before and after sessions, week by week, as two text sparklines.

Plain text on purpose: bar heights (or digits in ASCII mode) carry the values, so the trend reads
the same with no colour, over a slow link, and in a screen reader's text dump. The weekly
averages come from `tui_back.domain.pain_trend.pain_trend`.
"""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Static

from tui_back.domain.pain_trend import WeekPain, pain_trend
from tui_back.store import StoreError
from tui_back.symbols import terminal_encoding, wants_ascii

WEEKS = 12
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
    """Call `refresh_trend()` when a session is saved; it re-reads the sessions from the store.

    It draws itself when mounted unless whoever composed it has already called `refresh_trend()`
    (the Streak pane does, so the first frame has it without a second layout pass).
    """

    DEFAULT_CSS = """
    PainTrend { height: auto; margin-top: 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", markup=False, **kwargs)
        self._drawn = False

    def on_mount(self) -> None:
        if not self._drawn:
            self.refresh_trend()

    def refresh_trend(self) -> None:
        self._drawn = True
        ctx = self.app.ctx
        today = ctx.clock.today()
        try:
            sessions = ctx.store.sessions(since=today - timedelta(weeks=WEEKS))
        except StoreError as exc:
            self.update(f"Pain trend unavailable: {exc}")
            return
        ascii_only = wants_ascii(ctx.settings, terminal_encoding())
        self.update(trend_text(pain_trend(sessions, WEEKS, today), ascii_only))
