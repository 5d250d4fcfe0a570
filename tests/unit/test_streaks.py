"""Streak rules: property tests against a brute-force reference, then the calendar's awkward corners."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_back.domain.records import ABANDONED, SessionRecord
from tui_back.domain.streaks import (
    DONE,
    EXCUSED,
    FROZEN,
    FUTURE,
    MISSED,
    PENDING,
    REST,
    compute_stats,
    day_states,
    heatmap,
    next_milestone,
    stats_from_counts,
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
    per_month: Counter[tuple[int, int, int]] = Counter()
    streak = 0
    for day in sorted(states):
        streak += states[day] == MISSED
        per_month[(streak, day.year, day.month)] += states[day] == FROZEN
    assert all(n <= freezes for n in per_month.values())  # within each streak
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
    june = [date(2026, 6, d) for d in (1, 3, 5)]  # 2nd and 4th missed: one freeze covers only the 4th
    stats = compute_stats(sessions_on(*june), date(2026, 6, 5), freezes_per_month=1)
    assert (stats.current_streak, stats.longest_streak) == (2, 2)
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


# -- the freeze rule is fair: more done or excused days never shorten a streak ----------------


def ref_streaks(
    done: set[date], today: date, rest: frozenset[int], freezes: int, excused: frozenset[date] = frozenset()
) -> tuple[int, int]:
    """(current, longest) straight from the rule: runs of done days whose gap days fit each month's allowance."""
    past = sorted(d for d in done if d <= today)

    def fits(first: date, last: date) -> bool:
        gaps: Counter[tuple[int, int]] = Counter()
        day = first
        while day <= last:
            if day not in done and day.weekday() not in rest and day not in excused:
                gaps[(day.year, day.month)] += 1
            day += timedelta(days=1)
        return all(n <= freezes for n in gaps.values())

    longest = max(
        (j - i + 1 for i in range(len(past)) for j in range(i, len(past)) if fits(past[i], past[j])), default=0
    )
    current = max((len(past) - i for i in range(len(past)) if fits(past[i], today - timedelta(days=1))), default=0)
    return current, longest


def stats_of(days, today, rest=frozenset(), freezes=0, excused=()):
    stats = stats_from_counts(Counter(days), today, rest, freezes, excused=excused)
    return stats.current_streak, stats.longest_streak


histories = st.lists(st.integers(min_value=0, max_value=70), max_size=30)
freeze_counts = st.integers(min_value=0, max_value=4)


@settings(max_examples=150, deadline=None)
@given(
    today=todays, offs=histories, rest=rest_sets, freezes=freeze_counts, skip=st.lists(st.integers(0, 70), max_size=5)
)
def test_matches_the_rule_by_brute_force(today, offs, rest, freezes, skip):
    excused = frozenset(days_back(today, *skip))
    got = stats_of(days_back(today, *offs), today, rest, freezes, excused)
    assert got == ref_streaks(set(days_back(today, *offs)), today, rest, freezes, excused)


@settings(max_examples=300, deadline=None)
@given(today=todays, offs=histories, rest=rest_sets, freezes=freeze_counts, extra=st.integers(0, 70))
def test_a_backfilled_day_never_shortens_a_streak(today, offs, rest, freezes, extra):
    before = stats_of(days_back(today, *offs), today, rest, freezes)
    after = stats_of(days_back(today, *offs, extra), today, rest, freezes)
    assert after[0] >= before[0] and after[1] >= before[1]


@settings(max_examples=300, deadline=None)
@given(today=todays, offs=histories, rest=rest_sets, freezes=freeze_counts, skip=st.integers(0, 70))
def test_an_excused_day_never_shortens_a_streak(today, offs, rest, freezes, skip):
    days = days_back(today, *offs)
    before = stats_of(days, today, rest, freezes)
    after = stats_of(days, today, rest, freezes, excused=days_back(today, skip))
    assert after[0] >= before[0] and after[1] >= before[1]


@settings(max_examples=200, deadline=None)
@given(today=todays, offs=histories, rest=rest_sets, freezes=freeze_counts, which=st.integers(0, 29))
def test_removing_then_adding_again_restores_the_streak(today, offs, rest, freezes, which):
    days = days_back(today, *offs)
    if not days:
        return
    removed = days[: which % len(days)] + days[which % len(days) + 1 :]
    assert stats_of([*removed, days[which % len(days)]], today, rest, freezes) == stats_of(days, today, rest, freezes)
    assert heatmap(Counter([*removed, days[which % len(days)]]), today, 13, rest, freezes) == heatmap(
        Counter(days), today, 13, rest, freezes
    )


def test_the_issue_example_backfilling_march_3_keeps_14():
    march = [date(2026, 3, 1), *(date(2026, 3, d) for d in range(5, 10)), *(date(2026, 3, d) for d in range(12, 21))]
    today = date(2026, 3, 20)
    assert stats_of(march, today, freezes=2) == (14, 14)
    assert stats_of([*march, date(2026, 3, 3)], today, freezes=2) == (14, 14)
    states = day_states(Counter([*march, date(2026, 3, 3)]), today, freezes_per_month=2)
    assert [states[date(2026, 3, d)] for d in (2, 4, 10, 11)] == [FROZEN, MISSED, FROZEN, FROZEN]


def test_excused_days_neither_count_nor_break():
    today = date(2026, 6, 10)
    days = days_back(today, 0, 1, 3, 4)
    assert stats_of(days, today) == (2, 2)
    assert stats_of(days, today, excused=days_back(today, 2)) == (4, 4)
    assert stats_of(days, today, excused=days_back(today, 0, 1, 2)) == (4, 4)  # a done day stays done
    grid = heatmap(Counter(days), today, weeks=1, excused=days_back(today, 2))
    assert {c.day: c.state for c in grid[0]}[today - timedelta(days=2)] == EXCUSED


def test_cost_does_not_grow_with_the_span_of_dates():
    import time

    today = date(2026, 6, 10)
    recent = days_back(today, *range(0, 60))
    start = time.perf_counter()
    for _ in range(20):
        stats_from_counts(Counter([*recent, date(1, 1, 1)]), today, freezes_per_month=2)
        heatmap(Counter([*recent, date(1, 1, 1)]), today, 52, freezes_per_month=2)
    assert time.perf_counter() - start < 0.5
    assert stats_of([*recent, date(1, 1, 1)], today, freezes=2) == (60, 60)
