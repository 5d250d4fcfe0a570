"""Pain over the weeks: average scores before and after sessions, one row per ISO week.

Read beside the streaks and the report; the Progress pane draws it as a sparkline.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta

from msgspec import Struct

from tui_back.domain.records import SessionRecord


class WeekPain(Struct, frozen=True):
    monday: date
    before: float | None
    """Average pain before sessions that week (0-10, one decimal), None without scores."""
    after: float | None
    scored: int
    """Sessions that week with at least one score."""


def _average(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def pain_trend(sessions: Iterable[SessionRecord], weeks: int, today: date) -> list[WeekPain]:
    """Weekly average pain before and after sessions over the last `weeks` ISO weeks, oldest first.

    Abandoned sessions count too: their pain is real. Sessions dated after `today` are ignored.
    """
    first_monday = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    befores: dict[date, list[int]] = defaultdict(list)
    afters: dict[date, list[int]] = defaultdict(list)
    scored: dict[date, int] = defaultdict(int)
    for session in sessions:
        if not first_monday <= session.local_date <= today:
            continue
        monday = session.local_date - timedelta(days=session.local_date.weekday())
        if session.pain_before is not None:
            befores[monday].append(session.pain_before)
        if session.pain_after is not None:
            afters[monday].append(session.pain_after)
        if session.pain_before is not None or session.pain_after is not None:
            scored[monday] += 1
    mondays = [first_monday + timedelta(weeks=n) for n in range(weeks)]
    return [WeekPain(m, _average(befores[m]), _average(afters[m]), scored[m]) for m in mondays]
