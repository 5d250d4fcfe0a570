"""Streak rules: property tests against a brute-force reference, then the calendar's awkward corners."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_back.domain.records import ABANDONED, SessionRecord
from tui_back.domain.streaks import (
    DONE,
    FROZEN,
    FUTURE,
    MISSED,
    PENDING,
    REST,
    compute_stats,
    day_states,
    heatmap,
    next_milestone,
)

SAT, SUN = 5, 6
UTC = timezone.utc


def session(day: date, status: str = "completed", utc: datetime | None = None) -> SessionRecord:
    start = utc or datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
    return SessionRecord(local_date=day, started_utc=start, ended_utc=start, routine="basic", status=status)


def sessions_on(*days: date) -> list[SessionRecord]:
    return [session(d) for d in days]


def days_back(today: date, *offsets: int) -> list[date]:
    return [today - timedelta(days=n) for n in offsets]


# -- brute-force reference (no freezes) --------------------------------------------------------


def ref_current(done: set[date], today: date, rest: frozenset[int]) -> int:
    past = {d for d in done if d <= today}
    if not past:
        return 0
    day, count = today, 0
    if today not in past:
        day -= timedelta(days=1)
    while day >= min(past):
        if day in past:
            count += 1
        elif day.weekday() not in rest:
            break
        day -= timedelta(days=1)
    return count


def ref_longest(done: set[date], today: date, rest: frozenset[int]) -> int:
    past = {d for d in done if d <= today}
    best = 0
    for start in past:
        day, count = start, 0
        while day <= today and (day in past or day.weekday() in rest):
            count += day in past
            day += timedelta(days=1)
        best = max(best, count)
    return best


todays = st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31))
offsets = st.lists(st.integers(min_value=-5, max_value=90), max_size=60)
rest_sets = st.frozensets(st.integers(min_value=0, max_value=6), max_size=7)


@settings(max_examples=200, deadline=None)
@given(today=todays, offs=offsets)
def test_matches_reference_without_rest_days(today, offs):
    days = days_back(today, *offs)
    stats = compute_stats(sessions_on(*days), today)
    assert stats.current_streak == ref_current(set(days), today, frozenset())
    assert stats.longest_streak == ref_longest(set(days), today, frozenset())
    assert stats.total_sessions == len(days)
    assert stats.done_today == (today in days)


@settings(max_examples=200, deadline=None)
@given(today=todays, offs=offsets, rest=rest_sets)
def test_matches_reference_with_rest_days(today, offs, rest):
    days = days_back(today, *offs)
    stats = compute_stats(sessions_on(*days), today, rest_weekdays=rest)
    assert stats.current_streak == ref_current(set(days), today, rest)
    assert stats.longest_streak == ref_longest(set(days), today, rest)
    assert 0 <= stats.current_streak <= stats.longest_streak <= len({d for d in days if d <= today})


@settings(max_examples=200, deadline=None)
@given(today=todays, offs=offsets, rest=rest_sets, freezes=st.integers(min_value=1, max_value=4))
def test_freezes_obey_their_limits(today, offs, rest, freezes):
    days = days_back(today, *offs)
    counts = Counter(days)
    states = day_states(counts, today, rest, freezes)
    per_month = Counter((d.year, d.month) for d, s in states.items() if s == FROZEN)
    assert all(n <= freezes for n in per_month.values())
    assert all(s != FROZEN or d.weekday() not in rest for d, s in states.items())
    with_freezes = compute_stats(sessions_on(*days), today, rest, freezes)
    without = compute_stats(sessions_on(*days), today, rest, 0)
    assert with_freezes.current_streak >= without.current_streak
    assert with_freezes.longest_streak >= without.longest_streak
    assert 0 <= with_freezes.current_streak <= with_freezes.longest_streak


# -- named cases -----------------------------------------------------------------------------


def test_gap_breaks_the_streak():
    today = date(2026, 6, 10)
    stats = compute_stats(sessions_on(*days_back(today, 0, 1, 3, 4, 5)), today)
    assert (stats.current_streak, stats.longest_streak) == (2, 3)


def test_streak_ending_yesterday_survives_until_today_ends():
    today = date(2026, 6, 10)
    stats = compute_stats(sessions_on(*days_back(today, 1, 2, 3)), today)
    assert stats.current_streak == 3
    assert not stats.done_today
    assert compute_stats(sessions_on(*days_back(today, 2, 3)), today).current_streak == 0


def test_two_sessions_a_day_count_once_for_streak_but_twice_in_totals():
    today = date(2026, 6, 10)
    stats = compute_stats(sessions_on(today, today, today - timedelta(days=1)), today)
    assert stats.current_streak == 2
    assert stats.total_sessions == 3
    assert stats.sessions_this_week == 3


def test_abandoned_sessions_do_not_count():
    today = date(2026, 6, 10)
    stats = compute_stats([session(today, ABANDONED), session(today - timedelta(days=1))], today)
    assert stats.current_streak == 1
    assert not stats.done_today
    assert stats.total_sessions == 1


def test_month_and_year_ends():
    days = [date(2026, 12, 30), date(2026, 12, 31), date(2027, 1, 1), date(2027, 1, 2)]
    assert compute_stats(sessions_on(*days), date(2027, 1, 2)).current_streak == 4
    april = [date(2026, 4, 29), date(2026, 4, 30), date(2026, 5, 1)]
    assert compute_stats(sessions_on(*april), date(2026, 5, 1)).current_streak == 3


def test_29_february():
    leap = [date(2028, 2, 28), date(2028, 2, 29), date(2028, 3, 1)]
    assert compute_stats(sessions_on(*leap), date(2028, 3, 1)).current_streak == 3
    skipped_leap_day = [date(2028, 2, 28), date(2028, 3, 1)]
    assert compute_stats(sessions_on(*skipped_leap_day), date(2028, 3, 1)).current_streak == 1
    common_year = [date(2027, 2, 28), date(2027, 3, 1)]
    assert compute_stats(sessions_on(*common_year), date(2027, 3, 1)).current_streak == 2


def test_dst_changes_use_the_saved_local_date_not_utc():
    # Berlin, spring forward on 2026-03-29 and back on 2026-10-25: sessions at 00:30 local time
    # fall on the previous UTC day, and the offset changes under them.
    berlin_winter, berlin_summer = timezone(timedelta(hours=1)), timezone(timedelta(hours=2))
    records = []
    for day in (date(2026, 3, 28), date(2026, 3, 29), date(2026, 3, 30)):
        tz = berlin_winter if day < date(2026, 3, 29) else berlin_summer
        local = datetime(day.year, day.month, day.day, 0, 30, tzinfo=tz)
        records.append(session(day, utc=local.astimezone(UTC)))
    utc_days = [r.started_utc.date() for r in records]
    assert utc_days == [date(2026, 3, 27), date(2026, 3, 28), date(2026, 3, 29)]
    assert compute_stats(records, date(2026, 3, 30)).current_streak == 3
    autumn = [date(2026, 10, 24), date(2026, 10, 25), date(2026, 10, 26)]
    late = [session(d, utc=datetime(d.year, d.month, d.day, 23, 30, tzinfo=UTC)) for d in autumn]
    assert compute_stats(late, date(2026, 10, 26)).current_streak == 3


def test_rest_days_neither_count_nor_break():
    today = date(2026, 6, 15)  # a Monday
    weekdays_only = [today - timedelta(days=n) for n in (0, 3, 4, 5, 6, 7)]  # Mon, then Fri..Mon
    rest = frozenset({SAT, SUN})
    stats = compute_stats(sessions_on(*weekdays_only), today, rest_weekdays=rest)
    assert stats.current_streak == 6
    assert compute_stats(sessions_on(*weekdays_only), today).current_streak == 1


def test_a_session_on_a_rest_day_still_counts():
    saturday = date(2026, 6, 13)
    stats = compute_stats(sessions_on(saturday - timedelta(days=1), saturday), saturday, frozenset({SAT}))
    assert stats.current_streak == 2


def test_rest_day_today_keeps_yesterdays_streak_without_pending():
    saturday = date(2026, 6, 13)
    states = day_states(Counter([saturday - timedelta(days=1)]), saturday, frozenset({SAT}))
    assert states[saturday] == REST


def test_one_freeze_a_month_covers_one_missed_day():
    today = date(2026, 6, 10)
    days = days_back(today, 0, 1, 3, 4)  # the 7th is missed
    assert compute_stats(sessions_on(*days), today, freezes_per_month=1).current_streak == 4
    assert compute_stats(sessions_on(*days), today, freezes_per_month=0).current_streak == 2


def test_freezes_run_out_within_a_month_and_renew_the_next():
    june = [date(2026, 6, d) for d in (1, 3, 5)]  # 2nd and 4th missed
    stats = compute_stats(sessions_on(*june), date(2026, 6, 5), freezes_per_month=1)
    assert stats.current_streak == 1
    across = [date(2026, 6, 28), date(2026, 6, 30), date(2026, 7, 2)]  # 29 June and 1 July missed
    assert compute_stats(sessions_on(*across), date(2026, 7, 2), freezes_per_month=1).current_streak == 3


def test_a_gap_too_long_to_cover_spends_no_freeze():
    days = [date(2026, 6, d) for d in (1, 4, 5, 7)]  # 2-3 missed (too long), 6 missed (coverable)
    states = day_states(Counter(days), date(2026, 6, 7), freezes_per_month=1)
    assert [states[date(2026, 6, d)] for d in (2, 3, 6)] == [MISSED, MISSED, FROZEN]
    assert compute_stats(sessions_on(*days), date(2026, 6, 7), freezes_per_month=1).current_streak == 3


def test_freezes_cover_yesterday_while_today_is_pending():
    today = date(2026, 6, 10)
    states = day_states(Counter(days_back(today, 2, 3)), today, freezes_per_month=1)
    assert states[today - timedelta(days=1)] == FROZEN
    assert states[today] == PENDING


def test_no_freeze_before_the_first_session():
    today = date(2026, 6, 10)
    grid = heatmap(Counter([today]), today, weeks=2, freezes_per_month=5)
    assert {c.state for week in grid for c in week if c.day < today} == {MISSED}


def test_clock_set_backwards_ignores_future_sessions():
    today = date(2026, 6, 10)
    future = [today + timedelta(days=n) for n in (1, 2, 3)]
    stats = compute_stats(sessions_on(today - timedelta(days=1), *future), today)
    assert stats.current_streak == 1
    assert stats.longest_streak == 1
    assert not stats.done_today
    assert stats.last_session_date == today - timedelta(days=1)
    assert stats.total_sessions == 4
    only_future = compute_stats(sessions_on(*future), today)
    assert only_future.current_streak == only_future.longest_streak == 0
    assert only_future.last_session_date is None


def test_no_sessions():
    stats = compute_stats([], date(2026, 6, 10))
    assert (stats.current_streak, stats.longest_streak, stats.total_sessions) == (0, 0, 0)
    assert stats.last_session_date is None
    assert stats.next_milestone == 3


def test_week_is_monday_to_sunday():
    sunday = date(2026, 6, 14)
    days = [date(2026, 6, 7), date(2026, 6, 8), date(2026, 6, 14)]  # Sun before, Mon, Sun
    assert compute_stats(sessions_on(*days), sunday).sessions_this_week == 2
    assert compute_stats(sessions_on(*days), date(2026, 6, 15)).sessions_this_week == 0


def test_next_milestone():
    streaks = (0, 2, 3, 6, 7, 99, 364, 365, 800)
    assert [next_milestone(n) for n in streaks] == [3, 3, 7, 7, 14, 100, 365, 730, 1095]


def test_heatmap_shape_and_states():
    today = date(2026, 6, 10)  # Wednesday
    rest = frozenset({SUN})
    grid = heatmap(Counter([today, today, *days_back(today, 1, 4)]), today, weeks=13, rest_weekdays=rest)
    assert len(grid) == 13 and all(len(week) == 7 for week in grid)
    assert all(week[0].day.weekday() == 0 for week in grid)
    cells = {c.day: c for week in grid for c in week}
    assert cells[today].count == 2 and cells[today].state == DONE
    assert cells[date(2026, 6, 7)].state == REST  # Sunday
    assert cells[date(2026, 6, 8)].state == MISSED
    assert cells[date(2026, 6, 11)].state == FUTURE
    assert grid[0][0].day == date(2026, 3, 16)
