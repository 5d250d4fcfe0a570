"""Streaks, weekly counts and the calendar heatmap, computed from saved sessions (never stored).

The rules, in the user's local calendar days (each session's `local_date`, fixed when it was saved,
so a DST change or a trip across time zones never rewrites history):

- A day is **done** when it has at least one completed session. Abandoned sessions do not count.
- A **rest** day is a weekday the user planned off (`rest_weekdays`, Monday = 0). Unless done, it
  neither counts nor breaks a streak.
- **Today**, until done, is **pending**: it does not break the streak yet.
- Other days without a session form gaps. A gap inside a streak (after a done day) is **frozen**
  when the user's flare-up freezes can cover all of it: each calendar month allows at most
  `freezes_per_month` frozen days, counted in the month each day falls in, and spent oldest gap
  first. A frozen day neither counts nor breaks the streak. A gap that cannot be covered entirely
  spends nothing and its days are **missed**: the streak ends there. Gaps before the first session
  are missed too. So freezes are only ever spent when they actually save a streak.
- The **current streak** is the number of done days since the last missed day, up to today; so it
  ends today, or yesterday (or the last rest/frozen day) while today is pending. The **longest
  streak** is the largest such count anywhere in the history.
- Sessions dated after `today` (the clock was set back, or changed time zone) are ignored by
  everything except `total_sessions`, so no value is ever negative or broken.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from tui_back.domain.records import SessionRecord

DONE, REST, FROZEN, MISSED, PENDING, FUTURE = "done", "rest", "frozen", "missed", "pending", "future"

MILESTONES = (3, 7, 14, 21, 30, 60, 100, 180, 365)
"""Streak lengths worth marking; after a year, every further full year."""

ONE_DAY = timedelta(days=1)


class StreakStats(NamedTuple):
    """A NamedTuple, not a msgspec Struct: `tui-back status` computes it without loading msgspec."""

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
    """One of DONE, REST, FROZEN, MISSED, PENDING (today, not done yet), FUTURE."""


def completed_counts(sessions: Iterable[SessionRecord]) -> Counter[date]:
    """Completed sessions per local date."""
    from tui_back.domain.records import COMPLETED

    return Counter(s.local_date for s in sessions if s.status == COMPLETED)


def next_milestone(streak: int) -> int:
    for milestone in MILESTONES:
        if milestone > streak:
            return milestone
    return (streak // 365 + 1) * 365


def day_states(
    counts: Counter[date] | dict[date, int],
    today: date,
    rest_weekdays: frozenset[int] = frozenset(),
    freezes_per_month: int = 0,
) -> dict[date, str]:
    """The state of every day from the first completed session up to today (see module docstring)."""
    done_days = [d for d in counts if d <= today and counts[d] > 0]
    if not done_days:
        return {}
    states: dict[date, str] = {}
    freezes_used: Counter[tuple[int, int]] = Counter()
    gap: list[date] = []

    def close_gap() -> None:
        needed = Counter((d.year, d.month) for d in gap)
        fits = all(freezes_used[m] + n <= freezes_per_month for m, n in needed.items())
        if fits:
            freezes_used.update(needed)
        for d in gap:
            states[d] = FROZEN if fits else MISSED
        gap.clear()

    day = min(done_days)
    while day <= today:
        if counts.get(day, 0) > 0:
            if gap:
                close_gap()
            states[day] = DONE
        elif day.weekday() in rest_weekdays:
            states[day] = REST
        elif day == today:
            states[day] = PENDING
        else:
            gap.append(day)
        day += ONE_DAY
    if gap:
        close_gap()
    return states


def _runs(states: dict[date, str]) -> list[int]:
    """Done-day counts of each streak, oldest first (missed days separate streaks)."""
    runs = [0]
    for day in sorted(states):
        if states[day] == DONE:
            runs[-1] += 1
        elif states[day] == MISSED:
            runs.append(0)
    return runs


def compute_stats(
    sessions: Iterable[SessionRecord],
    today: date,
    rest_weekdays: frozenset[int] = frozenset(),
    freezes_per_month: int = 0,
    weekly_target: int = 5,
) -> StreakStats:
    counts = completed_counts(sessions)
    return stats_from_counts(counts, today, rest_weekdays, freezes_per_month, weekly_target)


def stats_from_counts(
    counts: Counter[date],
    today: date,
    rest_weekdays: frozenset[int] = frozenset(),
    freezes_per_month: int = 0,
    weekly_target: int = 5,
) -> StreakStats:
    """`compute_stats` from completed sessions per local date (what `Store.session_days` gives)."""
    runs = _runs(day_states(counts, today, rest_weekdays, freezes_per_month))
    past = [d for d in counts if d <= today]
    monday = today - timedelta(days=today.weekday())
    current = runs[-1]
    return StreakStats(
        current_streak=current,
        longest_streak=max(runs),
        total_sessions=sum(counts.values()),
        sessions_this_week=sum(counts[d] for d in past if d >= monday),
        weekly_target=weekly_target,
        done_today=counts.get(today, 0) > 0,
        last_session_date=max(past, default=None),
        next_milestone=next_milestone(current),
    )


def heatmap(
    counts: Counter[date],
    today: date,
    weeks: int = 13,
    rest_weekdays: frozenset[int] = frozenset(),
    freezes_per_month: int = 0,
) -> list[list[DayCell]]:
    """The last `weeks` ISO weeks from completed sessions per local date, oldest first, each Monday
    to Sunday; the last one holds today.

    Freezes are worked out over the whole history, so a cell shows what the streak rules made of it.
    """
    states = day_states(counts, today, rest_weekdays, freezes_per_month)
    first_monday = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    grid = []
    for week in range(weeks):
        row = []
        for weekday in range(7):
            day = first_monday + timedelta(weeks=week, days=weekday)
            count = counts.get(day, 0) if day <= today else 0
            row.append(DayCell(day, count, _cell_state(day, today, states, rest_weekdays)))
        grid.append(row)
    return grid


def _cell_state(day: date, today: date, states: dict[date, str], rest_weekdays: frozenset[int]) -> str:
    if day > today:
        return FUTURE
    if day in states:
        return states[day]
    if day == today:
        return REST if day.weekday() in rest_weekdays else PENDING
    return REST if day.weekday() in rest_weekdays else MISSED


def freezes_left(states: dict[date, str], today: date, freezes_per_month: int) -> int:
    """Flare-up freezes still unspent in today's month, given the `day_states` of the history."""
    month = (today.year, today.month)
    used = sum(1 for day, state in states.items() if state == FROZEN and (day.year, day.month) == month)
    return max(0, freezes_per_month - used)
