"""When the full checklist is required before a session: first run, every 14 days, after a safety stop."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from tui_back.domain.checkup import AFTER_STOP, AGAIN, FIRST, FULL_CHECK_DAYS, SCOPE, full_check_due
from tui_back.domain.records import ABANDONED, LEG_SYMPTOMS, SessionRecord, SymptomCheck

TODAY = date(2026, 11, 22)
NOW = datetime(2026, 11, 22, 12, tzinfo=timezone.utc)


def full(days_ago: float, kind: str = "full", local_days_ago: int | None = None) -> SymptomCheck:
    at = NOW - timedelta(days=days_ago)
    local = TODAY - timedelta(days=int(days_ago) if local_days_ago is None else local_days_ago)
    return SymptomCheck(local, at, (), "none", kind=kind)


def stopped(hours_ago: float, safety_stop: str = LEG_SYMPTOMS) -> SessionRecord:
    ended = NOW - timedelta(hours=hours_ago)
    return SessionRecord(TODAY, ended - timedelta(minutes=5), ended, "daily", ABANDONED, safety_stop=safety_stop)


def test_the_first_session_needs_a_full_check_and_shows_the_scope():
    assert full_check_due([], [], NOW, TODAY) == FIRST
    assert full_check_due([full(0, kind="quick")], [], NOW, TODAY) == FIRST
    for words in ("adults", "ordinary low back pain", "pregnant", "spine in the last year", "fracture", "cancer"):
        assert words in SCOPE


def test_a_recent_full_check_is_enough():
    assert full_check_due([full(FULL_CHECK_DAYS - 1)], [], NOW, TODAY) == ""


@pytest.mark.parametrize(
    ("days_ago", "local_days_ago"),
    [(FULL_CHECK_DAYS, FULL_CHECK_DAYS), (FULL_CHECK_DAYS + 0.1, FULL_CHECK_DAYS - 1), (13.9, FULL_CHECK_DAYS)],
)
def test_it_is_asked_again_after_fourteen_days_by_utc_or_by_date(days_ago, local_days_ago):
    assert full_check_due([full(days_ago, local_days_ago=local_days_ago)], [], NOW, TODAY) == AGAIN


def test_a_session_stopped_for_safety_after_the_last_full_check_asks_for_it_again():
    check = full(1)
    assert full_check_due([check], [stopped(2)], NOW, TODAY) == AFTER_STOP
    assert full_check_due([check], [stopped(2, safety_stop="")], NOW, TODAY) == ""
    assert full_check_due([check], [stopped(48)], NOW, TODAY) == "", "a stop before the check is answered by it"


def test_a_stop_dated_after_now_still_counts():
    session = stopped(-30)
    assert full_check_due([full(1)], [session], NOW, TODAY) == AFTER_STOP


def test_safety_days_run_from_a_serious_result_to_its_all_clear_and_include_safety_stops():
    from tui_back.data_files import builtin_rules
    from tui_back.domain.checkup import safety_days
    from tui_back.domain.records import Clearance

    rules = builtin_rules()
    serious = SymptomCheck(TODAY - timedelta(days=5), NOW - timedelta(days=5), ("U1",), "same-day")
    corrected = SymptomCheck(TODAY - timedelta(days=9), NOW - timedelta(days=9), (), "none", corrected=("E3",))
    open_days = safety_days([serious, corrected], [], [], rules, TODAY)
    assert open_days == {TODAY - timedelta(days=n) for n in range(6)}
    cleared = Clearance("U1", TODAY - timedelta(days=3), NOW - timedelta(days=2))
    assert safety_days([serious], [], [cleared], rules, TODAY) == {TODAY - timedelta(days=n) for n in range(2, 6)}
    assert safety_days([], [stopped(30)], [], rules, TODAY) == {TODAY}
