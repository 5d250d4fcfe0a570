"""Streaks, weekly counts and the calendar heatmap, computed from saved sessions (never stored).

The rules, in the user's local calendar days (each session's `local_date`, fixed when it was saved,
so a DST change or a trip across time zones never rewrites history):

- A day is **done** when it has at least one completed session. Abandoned sessions do not count.
- A **rest** day is a weekday the user planned off (`rest_weekdays`, Monday = 0), and an
  **excused** day is a date the user marked off (ill, travelling; `tui-back skip`), or a day the
  safety rules blocked sessions, or one with a session stopped for safety. Unless done, either
  neither counts nor breaks a streak.
- **Today**, until done, is **pending**: it does not break the streak yet.
- Every other day without a session, after the first done day, is a **gap** day.
- A **streak** is a run of done days whose gap days fit the flare-up allowance: in each calendar
  month, at most `freezes_per_month` of its gap days. The gap days inside a streak are **frozen**;
  the streak's length is its number of done days. The **current streak** is the longest streak
  that reaches today (its gap days up to yesterday included in the allowance); the **longest
  streak** is the longest one anywhere in the history.
- So a day done later (a backfill with `tui-back log --date`) or a day excused later can only
  keep or lengthen both numbers: it only ever takes gap days away from a run. (A rule that spends
  freezes gap by gap, oldest first, does not have this property: filling one day can move the
  freezes and break the run somewhere else.)
- The heatmap shows the streaks newest first: the current streak, then the longest streak ending
  before it started, and so on; the gap days between them are **missed**. Days before the first
  session are missed too.
- Sessions dated after `today` (the clock was set back, or changed time zone) are ignored by
  everything except `total_sessions`, so no value is ever negative or broken.

Everything is worked out from the done and excused dates and the gaps between them, never day by
day over the whole span, so the cost depends on how many sessions there are, not on how far back
the first one lies.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from datetime import date, timedelta
from operator import sub

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import NamedTuple

    from tui_back.domain.records import SessionRecord
else:
    from tui_back.domain.named_tuple import NamedTuple

DONE, REST, EXCUSED, FROZEN, MISSED, PENDING, FUTURE = (
    "done", "rest", "excused", "frozen", "missed", "pending", "future"
)  # fmt: skip

MILESTONES = (3, 7, 14, 21, 30, 60, 100, 180, 365)
"""Streak lengths worth marking; after a year, every further full year."""

ONE_DAY = timedelta(days=1)
NO_GAP: dict[tuple[int, int], int] = {}
"""The gap between two done days with no open day between them, shared: gaps are never changed."""


class StreakStats(NamedTuple):
    """A NamedTuple, not a msgspec Struct: `tui-back status` computes it without loading msgspec (nor
    typing: see `tui_back.domain.named_tuple`)."""

    current_streak: int
    longest_streak: int
    total_sessions: int
    sessions_this_week: int
    """Completed sessions in today's ISO week (Monday to Sunday)."""
    weekly_target: int
    done_today: bool
    last_session_date: date | None
    next_milestone: int
    """The smallest milestone above the current streak."""


class DayCell(NamedTuple):
    day: date
    count: int  # type: ignore[assignment]  # a field named as tuple's method; cells are never counted
    """Completed sessions that day."""
    state: str
    """One of DONE, REST, EXCUSED, FROZEN, MISSED, PENDING (today, not done yet), FUTURE."""


def completed_counts(sessions: Iterable[SessionRecord]) -> Counter[date]:
    """Completed sessions per local date."""
    from tui_back.domain.records import COMPLETED

    return Counter(s.local_date for s in sessions if s.status == COMPLETED)


def next_milestone(streak: int) -> int:
    for milestone in MILESTONES:
        if milestone > streak:
            return milestone
    return (streak // 365 + 1) * 365


Month = tuple[int, int]


class _Streaks:
    """The streak rule worked out once for one history (see the module docstring).

    `done` is sorted; gap `k` lies between `done[k - 1]` and `done[k]` (gap 0 is empty), and gap
    `len(done)` from the last done day up to yesterday (empty when today is done). Only the gaps
    between done days that are not next to each other are worked out: for a daily habit, few.
    `start[j]` is the first done day of the longest streak ending at `done[j]`, `current_start` that
    of the current streak (None: none).
    """

    def __init__(
        self,
        counts: Counter[date] | dict[date, int],
        today: date,
        rest_weekdays: frozenset[int],
        freezes_per_month: int,
        excused: Iterable[date],
    ) -> None:
        self.today, self.rest, self.allowance = today, rest_weekdays, freezes_per_month
        self.done = sorted(d for d, n in counts.items() if d <= today and n > 0)
        done_set = set(self.done)
        self.excused = sorted({d for d in excused if d not in done_set and d.weekday() not in rest_weekdays})
        self.gaps: list[dict[Month, int] | None] = [NO_GAP] * len(self.done)
        ordinals = list(map(date.toordinal, self.done))
        self.worked_out = [k for k, step in enumerate(map(sub, ordinals[1:], ordinals), 1) if step > 1]
        for k in self.worked_out:
            self.gaps[k] = self._gap_months(self.done[k - 1] + ONE_DAY, self.done[k] - ONE_DAY)
        if self.done:
            self.gaps.append(self._gap_months(self.done[-1] + ONE_DAY, today - ONE_DAY))
        self.start: list[int] = []
        self.current_start: int | None = None
        self._longest = 0
        self._slide()

    def _gap_months(self, first: date, last: date) -> dict[Month, int] | None:
        """Gap days of each month from `first` to `last`; None once a month has more than the allowance."""
        months: dict[Month, int] = {}
        while first <= last:
            month_end = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - ONE_DAY
            end = min(last, month_end)
            n = self._open_days(first, end)
            if n > self.allowance:
                return None
            if n:
                months[(first.year, first.month)] = n
            first = end + ONE_DAY
        return months

    def _open_days(self, first: date, last: date) -> int:
        """Days from `first` to `last` that are neither rest days nor excused (no done day lies between)."""
        span = (last - first).days + 1
        weeks, extra = divmod(span, 7)
        rest = weeks * len(self.rest) + sum((first.weekday() + i) % 7 in self.rest for i in range(extra))
        excused = bisect_right(self.excused, last) - bisect_left(self.excused, first)
        return span - rest - excused

    def _slide(self) -> None:
        """Longest streaks ending at each done day: a window over the gaps, widened while they fit."""
        used: Counter[Month] = Counter()
        over = 0
        low = 0

        def drop(gap: dict[Month, int]) -> int:
            nonlocal over
            for month, n in gap.items():
                before = used[month]
                used[month] -= n
                over -= before > self.allowance >= used[month]
            return 0

        def add(gap: dict[Month, int]) -> None:
            nonlocal over
            for month, n in gap.items():
                before = used[month]
                used[month] += n
                over += before <= self.allowance < used[month]

        def narrow() -> None:
            """Move the window's start past gaps until the allowance holds; empty gaps are skipped."""
            nonlocal low
            while over:
                low = marks[bisect_right(marks, low)]
                drop(self.gaps[low] or {})

        # Only the worked-out gaps move the window: between two of them every done day has the
        # same start, so the starts are filled a stretch at a time.
        marks = [*self.worked_out, len(self.done)]
        stretch = 0
        for j in self.worked_out:
            self.start.extend([low] * (j - stretch))
            self._longest = max(self._longest, j - low)
            gap = self.gaps[j]
            if gap is None:
                used.clear()
                over, low = 0, j
            elif gap:
                add(gap)
                narrow()
            stretch = j
        self.start.extend([low] * (len(self.done) - stretch))
        if not self.done:
            return
        self._longest = max(self._longest, len(self.done) - low)
        trailing = self.gaps[-1]
        if trailing is None:
            return
        add(trailing)
        narrow()
        self.current_start = low

    def current(self) -> int:
        return 0 if self.current_start is None else len(self.done) - self.current_start

    def longest(self) -> int:
        return self._longest

    def frozen_gaps(self) -> set[int]:
        """Gaps inside the streaks the heatmap shows: newest first, each the longest ending there."""
        frozen: set[int] = set()
        end = len(self.done) - 1
        if self.current_start is not None:
            frozen.update(range(self.current_start + 1, len(self.done) + 1))
            end = self.current_start - 1
        while end >= 0:
            first = self.start[end]
            frozen.update(range(first + 1, end + 1))
            end = first - 1
        return frozen

    def state(self, day: date, frozen: set[int]) -> str:
        if day > self.today:
            return FUTURE
        index = bisect_left(self.done, day)
        if index < len(self.done) and self.done[index] == day:
            return DONE
        if day.weekday() in self.rest:
            return REST
        if day == self.today:
            return PENDING
        if self.excused and self.excused[min(bisect_left(self.excused, day), len(self.excused) - 1)] == day:
            return EXCUSED
        return FROZEN if index and index in frozen else MISSED


def day_states(
    counts: Counter[date] | dict[date, int],
    today: date,
    rest_weekdays: frozenset[int] = frozenset(),
    freezes_per_month: int = 0,
    excused: Iterable[date] = (),
) -> dict[date, str]:
    """The state of every day from the first completed session up to today (see module docstring)."""
    streaks = _Streaks(counts, today, rest_weekdays, freezes_per_month, excused)
    if not streaks.done:
        return {}
    frozen = streaks.frozen_gaps()
    states, day = {}, streaks.done[0]
    while day <= today:
        states[day] = streaks.state(day, frozen)
        day += ONE_DAY
    return states


def compute_stats(
    sessions: Iterable[SessionRecord],
    today: date,
    rest_weekdays: frozenset[int] = frozenset(),
    freezes_per_month: int = 0,
    weekly_target: int = 5,
    excused: Iterable[date] = (),
) -> StreakStats:
    counts = completed_counts(sessions)
    return stats_from_counts(counts, today, rest_weekdays, freezes_per_month, weekly_target, excused)


def stats_from_counts(
    counts: Counter[date],
    today: date,
    rest_weekdays: frozenset[int] = frozenset(),
    freezes_per_month: int = 0,
    weekly_target: int = 5,
    excused: Iterable[date] = (),
) -> StreakStats:
    """`compute_stats` from completed sessions per local date (what `Store.session_days` gives)."""
    streaks = _Streaks(counts, today, rest_weekdays, freezes_per_month, excused)
    done = streaks.done
    this_week = done[bisect_left(done, today - timedelta(days=today.weekday())) :]
    current = streaks.current()
    return StreakStats(
        current_streak=current,
        longest_streak=streaks.longest(),
        total_sessions=sum(counts.values()),
        sessions_this_week=sum(counts[d] for d in this_week),
        weekly_target=weekly_target,
        done_today=counts.get(today, 0) > 0,
        last_session_date=done[-1] if done else None,
        next_milestone=next_milestone(current),
    )


def heatmap(
    counts: Counter[date],
    today: date,
    weeks: int = 13,
    rest_weekdays: frozenset[int] = frozenset(),
    freezes_per_month: int = 0,
    excused: Iterable[date] = (),
) -> list[list[DayCell]]:
    """The last `weeks` ISO weeks from completed sessions per local date, oldest first, each Monday
    to Sunday; the last one holds today.

    Streaks are worked out over the whole history, so a cell shows what the streak rules made of it.
    """
    streaks = _Streaks(counts, today, rest_weekdays, freezes_per_month, excused)
    frozen = streaks.frozen_gaps()
    first_monday = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    grid = []
    for week in range(weeks):
        row = []
        for weekday in range(7):
            day = first_monday + timedelta(weeks=week, days=weekday)
            count = counts.get(day, 0) if day <= today else 0
            row.append(DayCell(day, count, streaks.state(day, frozen)))
        grid.append(row)
    return grid


def freezes_left(
    counts: Counter[date] | dict[date, int],
    today: date,
    rest_weekdays: frozenset[int] = frozenset(),
    freezes_per_month: int = 0,
    excused: Iterable[date] = (),
) -> int:
    """Flare-up freezes still unspent in today's month: the allowance less the month's frozen days
    (its days before today only are looked at, never the whole history)."""
    if not freezes_per_month:
        return 0
    streaks = _Streaks(counts, today, rest_weekdays, freezes_per_month, excused)
    frozen = streaks.frozen_gaps()
    day, used = today.replace(day=1), 0
    while day < today:
        used += streaks.state(day, frozen) == FROZEN
        day += ONE_DAY
    return max(0, freezes_per_month - used)
