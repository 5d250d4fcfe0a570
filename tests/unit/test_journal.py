"""The journal against a real store in a temp dir and the fake clock: what each action saves,
in how many writes, and what it hands back."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest

from tui_back import store as store_module
from tui_back.context import AppContext
from tui_back.domain.progression import NOTE, STATE_KEY, UP, Morning
from tui_back.domain.records import ABANDONED, COMPLETED, SessionRecord, SymptomCheck
from tui_back.domain.session import FINISHED
from tui_back.domain.triage import EMERGENCY, NONE
from tui_back.domain.validation import DataError
from tui_back.journal import HEATMAP_WEEKS, LAST_ROUTINE, PAIN_WEEKS, JournalError


@pytest.fixture
def journal(ctx):
    return ctx.journal


def run_to_the_end(journal, clock, routine_id="gentle"):
    session = journal.start_session(journal.ctx.routines.get(routine_id))
    while session.state != FINISHED:
        clock.advance(5)
        session.tick()
    return session


def easy_record(ctx: AppContext, days_ago: int) -> SessionRecord:
    end = ctx.clock.utcnow() - timedelta(days=days_ago)
    return SessionRecord(
        ctx.clock.today() - timedelta(days=days_ago), end - timedelta(minutes=10), end, "daily",
        done=("plank",), pain_before=1, pain_after=1,
    )


def test_a_finished_session_its_levels_and_its_routine_are_saved_in_one_write(journal, ctx, clock, writes):
    session = run_to_the_end(journal, clock)
    saved = journal.finish_session(session, 3, 2, note="fine")
    assert len(writes) == 1
    [record] = ctx.store.sessions()
    assert record == saved.record
    assert (record.status, record.routine, record.pain_before, record.pain_after, record.note) == (
        COMPLETED, "gentle", 3, 2, "fine",
    )
    assert ctx.store.get_state(LAST_ROUTINE) == {"id": "gentle"}
    assert ctx.store.get_state(STATE_KEY)["last_session"] == record.ended_utc.isoformat()
    assert saved.history.streak.stats.current_streak == 1 and saved.history.streak.stats.done_today
    assert len(saved.history.streak.heatmap) == HEATMAP_WEEKS and len(saved.history.pain) == PAIN_WEEKS
    assert saved.history.pain[-1].before == 3.0
    assert journal.today().last_routine == "gentle"


def test_the_fifth_easy_day_steps_up_and_the_next_plan_uses_the_new_dose(journal, ctx, writes):
    default = ctx.catalogue.get("plank").dosage
    for days_ago in (4, 3, 2, 1):
        journal.save_session(easy_record(ctx, days_ago))
    saved = journal.save_session(easy_record(ctx, 0))
    assert len(writes) == 5
    [up] = [c for c in saved.changes if c.kind == UP]
    assert up.exercise_id == "plank" and "easy sessions on 5 days" in up.text
    assert saved.levels.lines and saved.levels.day == ctx.clock.today()
    assert saved.levels.overrides["plank"].hold_s > default.hold_s
    plank = next(i for i in journal.plan(ctx.routines.get("daily")).items if i.exercise.id == "plank")
    assert plank.dosage.hold_s == saved.levels.overrides["plank"].hold_s
    assert plank.dosage.note == saved.levels.overrides["plank"].note


def test_stopping_keeps_the_session_as_not_finished(journal, ctx, clock):
    session = journal.start_session(ctx.routines.get("gentle"))
    clock.advance(30)
    session.tick()
    saved = journal.stop_session(session, pain_before=4, note="phone rang")
    assert saved.record.status == ABANDONED and saved.record.pain_before == 4
    assert ctx.store.sessions() == [saved.record]
    assert saved.history.streak.stats.current_streak == 0


def test_a_broken_progressions_file_never_stops_a_session_being_saved(journal, ctx, monkeypatch):
    def broken(self):
        raise DataError("progressions.toml", "levels must not be empty", item="plank")

    monkeypatch.setattr(AppContext, "progressions", property(broken))
    saved = journal.save_session(easy_record(ctx, 0))
    assert ctx.store.sessions() == [saved.record]
    [note] = saved.changes
    assert note.kind == NOTE and note.text.startswith("Exercise levels were not updated: ")
    assert saved.levels.problem.startswith("Exercise levels are unavailable")


def test_store_and_disk_failures_become_journal_errors(journal, ctx, monkeypatch):
    ctx.store.read_only = "the database is from a newer tui-back"
    with pytest.raises(JournalError, match="newer tui-back"):
        journal.save_session(easy_record(ctx, 0))
    ctx.store.read_only = None

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module.os, "fsync", disk_full)
    with pytest.raises(JournalError, match="No space left"):
        journal.save_check(journal.new_check((), "full"))
    monkeypatch.undo()
    assert ctx.store.sessions() == [] and ctx.store.checks() == []


def test_a_check_is_built_from_the_ticks_and_the_clock_and_saved_once(journal, ctx, clock, writes):
    check = journal.new_check(("U2", "S4"), "full")
    assert (check.items, check.level, check.kind, check.local_date, check.at_utc) == (
        ("U2", "S4"), "same-day", "full", clock.today(), clock.utcnow(),
    )
    older = SymptomCheck(clock.today() - timedelta(days=3), clock.utcnow() - timedelta(days=3), (), NONE)
    ctx.store.add_check(older)
    writes.clear()
    saved = journal.save_check(check)
    assert len(writes) == 1
    assert saved.check == check and saved.checks == (older, check)
    assert journal.checks() == (older, check)


def test_the_gate_saves_a_quick_check_and_decides(journal, ctx, clock, writes):
    first = journal.answer_gate(journal.new_check((), "quick"))
    assert not first.outcome.allowed and first.outcome.needs_full_check and "adults" in first.outcome.message
    journal.save_check(journal.new_check(()))
    answer = journal.answer_gate(journal.new_check((), "quick"))
    assert answer.outcome.allowed and answer.saved is not None and not answer.problem
    blocked = journal.answer_gate(journal.new_check(("E2",), "quick"))
    assert not blocked.outcome.allowed and blocked.outcome.level == EMERGENCY
    assert [c.kind for c in ctx.store.checks()] == ["quick", "full", "quick", "quick"]
    assert len(writes) == 4


def test_a_session_stopped_for_leg_symptoms_asks_for_the_full_check_before_the_next(journal, ctx, clock):
    journal.save_check(journal.new_check(()))
    session = run_to_the_end(journal, clock)
    session.abandon()
    journal.finish_session(session, None, None, "Stopped", safety_stop="leg-symptoms")
    assert ctx.store.sessions()[-1].safety_stop == "leg-symptoms"
    outcome = journal.answer_gate(journal.new_check((), "quick")).outcome
    assert not outcome.allowed and outcome.needs_full_check and "stopped for safety" in outcome.message
    clock.advance(60)
    journal.save_check(journal.new_check(()))
    assert journal.answer_gate(journal.new_check((), "quick")).outcome.allowed


def test_the_gate_still_decides_when_its_answer_cannot_be_saved(journal, ctx):
    ctx.store.read_only = "the database is from a newer tui-back"
    answer = journal.answer_gate(journal.new_check(("E5",), "quick"))
    assert answer.saved is None and "could not be saved" in answer.problem
    assert not answer.outcome.allowed and answer.outcome.level == EMERGENCY


def test_hold_release_and_reset_each_write_once_and_return_the_levels(journal, ctx, writes):
    for days_ago in (4, 3, 2, 1, 0):
        journal.save_session(easy_record(ctx, days_ago))
    writes.clear()
    held = journal.toggle_hold("plank")
    assert held.adjustable["plank"].held and any("held at" in line.text for line in held.lines)
    released = journal.toggle_hold("plank")
    assert not released.adjustable["plank"].held
    reset = journal.reset_level("plank")
    assert "plank" not in reset.overrides and "plank" not in journal.overrides
    assert reset.adjustable["plank"].level == reset.adjustable["plank"].start
    assert len(writes) == 3


def test_log_records_a_session_done_elsewhere_and_returns_the_streak(journal, ctx, clock, writes):
    logged = journal.log(clock.today() - timedelta(days=1), routine=" gentle ", note=" walk ")
    assert (logged.record.origin, logged.record.routine, logged.record.note) == ("log", "gentle", "walk")
    assert ctx.store.sessions() == [logged.record]
    assert logged.stats.current_streak == 1 and not logged.stats.done_today
    assert len(writes) == 1
    assert ctx.store.get_state(STATE_KEY) is None, "a logged session has no exercises to plan"


def test_the_report_is_named_for_today_and_kept_privately(journal, ctx):
    journal.save_session(easy_record(ctx, 0))
    report = journal.report()
    assert report.filename == "tui-back-report-2026-11-22.md" and "Not medical advice" in report.text
    path = journal.keep_report(report)
    assert path.parent == ctx.data_dir / "reports" and path.read_text() == report.text
    assert os.stat(path).st_mode & 0o777 == 0o600


def test_opening_reports_a_repaired_database(ctx, journal):
    ctx.data_dir.mkdir(parents=True)
    (ctx.data_dir / "tui_back.json").write_text("{broken")
    [warning] = journal.open()
    assert "unreadable" in warning and "starts empty" in warning


# -- all-clears and time that fails closed ------------------------------------------------------


def test_a_serious_gate_answer_holds_the_next_days_until_an_all_clear_is_recorded(journal, clock, writes):
    journal.save_check(journal.new_check(("U1",)))
    clock.advance(3 * 86400)
    assert not journal.answer_gate(journal.new_check((), "quick")).outcome.allowed
    before = len(writes)
    cleared = journal.record_clearance(("U1",), clock.today() - timedelta(days=1))
    assert len(writes) == before + 1, "the all-clears are saved in one transaction"
    assert cleared.gate.allowed and [c.item for c in journal.clearances()] == ["U1"]
    assert journal.answer_gate(journal.new_check((), "quick")).outcome.allowed


def test_an_all_clear_for_a_day_after_today_is_refused(journal, clock):
    with pytest.raises(JournalError, match="after today"):
        journal.record_clearance(("U1",), clock.today() + timedelta(days=1))
    assert journal.clearances() == ()


def test_a_clock_set_back_keeps_a_same_day_and_a_soon_result(journal, clock):
    journal.save_check(journal.new_check(("S1",)))
    clock.advance(-2 * 86400)
    outcome = journal.gate_now()
    assert outcome.allowed and outcome.gentle_only, "a check dated after today counts as today"
    journal.save_check(journal.new_check(("U2",)))
    clock.advance(-86400)
    assert not journal.gate_now().allowed


def test_a_same_day_result_saved_far_east_still_blocks_back_in_utc(ctx, tmp_path):
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    from tui_back.clock import FakeClock
    from tui_back.context import build_context

    start = datetime(2026, 12, 1, 12, tzinfo=timezone.utc)
    far_east = FakeClock(start, ZoneInfo("Pacific/Kiritimati"))
    east = build_context(data_dir=tmp_path / "tz", config_dir=tmp_path / "c", clock=far_east)
    east.journal.save_check(east.journal.new_check(("U2",)))
    assert east.journal.checks()[0].local_date.day == 2
    utc = build_context(data_dir=tmp_path / "tz", config_dir=tmp_path / "c", clock=FakeClock(start))
    assert not utc.journal.gate_now().allowed


def test_a_mistaken_tick_is_kept_as_corrected_and_does_not_count(journal):
    check = journal.new_check((), "quick", corrected=("E3", "E3"))
    assert (check.items, check.corrected, check.level) == ((), ("E3",), NONE)
    saved = journal.save_check(check)
    assert saved.checks[-1].corrected == ("E3",) and saved.gate.allowed


# -- the next morning ------------------------------------------------------------------------------


def test_the_next_morning_question_opens_the_day_after_a_session(journal, ctx, clock):
    journal.save_session(easy_record(ctx, 0))
    assert journal.morning_question() is None, "not on the day of the session"
    clock.set_today(clock.today() + timedelta(days=1))
    question = journal.morning_question()
    assert question is not None and question.exercises == ("plank",)


def test_a_worse_next_morning_is_saved_with_its_step_down_in_one_write(journal, ctx, clock, writes):
    for days_ago in (3, 2, 1):
        journal.save_session(easy_record(ctx, days_ago + 1))
    journal.save_session(easy_record(ctx, 1))
    before = ctx.store.get_state(STATE_KEY)["exercises"]["plank"]
    writes.clear()
    answered = journal.answer_morning(journal.morning_question(), Morning.WORSE)
    assert len(writes) == 1
    saved = ctx.store.get_state(STATE_KEY)
    assert saved["morning_answer"]["answer"] == "worse" and "morning" not in saved
    assert saved["exercises"]["plank"]["easy"] == 0 < before["easy"]
    assert [c.exercise_id for c in answered.changes] == ["plank"]
    assert answered.levels.lines == answered.changes, "the levels handed back show the answer's lines"
    assert journal.morning_question() is None


def test_a_step_down_from_the_full_plank_plans_the_knees_down_steps(journal, ctx, clock):
    ctx.store.set_state(STATE_KEY, {"exercises": {"plank": {"level": 2, "easy": 0, "label": "full plank 10 s"}}})
    journal.save_session(easy_record(ctx, 1))
    answered = journal.answer_morning(journal.morning_question(), Morning.WORSE)
    assert answered.levels.ladders["plank"].done_as == "Knees-down plank"
    plank = next(i for i in journal.plan(ctx.routines.get("daily")).items if i.exercise.id == "plank")
    assert plank.exercise.name == "Knees-down plank" and plank.dosage.hold_s == 20
    assert any("both knees down" in step for step in plank.exercise.steps)


def test_a_same_morning_writes_once_and_an_answer_to_a_closed_question_not_at_all(journal, ctx, writes):
    journal.save_session(easy_record(ctx, 1))
    question = journal.morning_question()
    writes.clear()
    journal.answer_morning(question, Morning.SAME)
    assert len(writes) == 1 and ctx.store.get_state(STATE_KEY)["morning_answer"]["answer"] == "same"
    again = journal.answer_morning(question, Morning.WORSE)
    assert len(writes) == 1 and again.changes == ()
