"""The weekly pain trend: average scores before and after sessions, oldest week first."""

from __future__ import annotations

from datetime import date, datetime, timezone

from tui_back.domain.pain_trend import pain_trend
from tui_back.domain.records import ABANDONED, SessionRecord


def _scored(day: date, before, after, status="completed") -> SessionRecord:
    at = datetime(day.year, day.month, day.day, 9, tzinfo=timezone.utc)
    return SessionRecord(local_date=day, started_utc=at, ended_utc=at, routine="daily", status=status,
                         pain_before=before, pain_after=after)


def test_pain_trend_averages_each_week_oldest_first():
    today = date(2026, 11, 25)  # a Wednesday
    sessions = [
        _scored(date(2026, 11, 9), 6, 5),
        _scored(date(2026, 11, 10), 4, 2, status=ABANDONED),
        _scored(date(2026, 11, 23), 3, None),
        _scored(date(2026, 11, 24), 2, 1),
        _scored(date(2026, 11, 26), 9, 9),
        _scored(date(2026, 10, 1), 9, 9),
        _scored(date(2026, 11, 25), None, None),
    ]
    trend = pain_trend(sessions, 4, today)
    assert [w.monday for w in trend] == [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 23)]
    assert [(w.before, w.after, w.scored) for w in trend] == [
        (None, None, 0), (5.0, 3.5, 2), (None, None, 0), (2.5, 1.0, 2),
    ]


def test_pain_trend_rounds_to_one_decimal():
    today = date(2026, 11, 25)
    trend = pain_trend([_scored(today, 1, 1), _scored(today, 1, 2), _scored(today, 2, 2)], 1, today)
    assert (trend[0].before, trend[0].after) == (1.3, 1.7)
