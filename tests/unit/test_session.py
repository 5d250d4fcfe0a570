"""The guided-session state machine, driven by a fake clock: every transition, pause, skip, back."""

from __future__ import annotations

from datetime import date

import pytest

from tui_back.clock import FakeClock
from tui_back.domain.catalogue import Dosage, Exercise
from tui_back.domain.pain import CARRY_ON, EASE_OFF, STOP_EXERCISE, STOP_SESSION
from tui_back.domain.records import ABANDONED, COMPLETED
from tui_back.domain.routines import LEAD_IN_S, SWITCH_S, Plan, PlannedExercise, Routine, RoutineEntry
from tui_back.domain.session import (
    FINISHED,
    HOLD,
    IDLE,
    PAUSED,
    READY,
    REP,
    REST,
    RUNNING,
    SWITCH,
    Session,
    SessionState,
)

CHANGEOVER = 8


def item(id, hold_s=0, reps=1, sets=1, rest_s=0, pace_s=3, per_side=False, category="mobility") -> PlannedExercise:
    dosage = Dosage(hold_s=hold_s, reps=reps, sets=sets, rest_s=rest_s, pace_s=pace_s)
    exercise = Exercise(id=id, name=id.title(), category=category, position="supine", per_side=per_side,
                        acute_ok=True, dosage=dosage, steps=("Do it.",), easier="Keep it small.")
    return PlannedExercise(exercise, dosage, ("left", "right") if per_side else ())


def session_of(*items: PlannedExercise, clock=None) -> tuple[Session, FakeClock]:
    routine = Routine("test", "Test", tuple(RoutineEntry(i.exercise.id) for i in items), changeover_s=CHANGEOVER)
    clock = clock or FakeClock()
    return Session(Plan(routine, items), clock), clock


def walk(session: Session, clock: FakeClock) -> list[tuple]:
    """Run to the end by jumping from deadline to deadline; the steps seen, with their lengths."""
    seen = []
    while session.state == RUNNING:
        step, left = session.step, session.remaining()
        seen.append((step.phase, step.exercise, step.set_no, step.side, step.rep_no, left))
        clock.advance(left)
        assert session.tick()
    return seen


def test_nothing_runs_before_start():
    session, clock = session_of(item("a", hold_s=10))
    assert session.state == IDLE and session.phase == READY
    clock.advance(100)
    assert not session.tick() and session.remaining() == LEAD_IN_S


def test_lead_in_then_holds_with_rests_between_reps_then_finish():
    session, clock = session_of(item("a", hold_s=10, reps=3, rest_s=4))
    session.start()
    assert walk(session, clock) == [
        (READY, 0, 1, "", 0, LEAD_IN_S),
        (HOLD, 0, 1, "", 1, 10), (REST, 0, 1, "", 2, 4),
        (HOLD, 0, 1, "", 2, 10), (REST, 0, 1, "", 3, 4),
        (HOLD, 0, 1, "", 3, 10),
    ]
    assert session.state == FINISHED and session.fraction_done() == 1.0 and session.time_left() == 0


def test_countdown_comes_from_the_deadline_and_ticks_only_report_changes():
    session, clock = session_of(item("a", hold_s=10))
    session.start()
    clock.advance(2.3)
    assert not session.tick()
    assert session.remaining() == pytest.approx(LEAD_IN_S - 2.3)
    clock.advance(2.7)
    assert session.tick() and session.phase == HOLD and session.remaining() == pytest.approx(10)


def test_a_late_tick_does_not_stretch_the_next_step():
    session, clock = session_of(item("a", hold_s=10, reps=2, rest_s=5))
    session.start()
    clock.advance(LEAD_IN_S + 3)  # the tick arrives 3 s after the lead-in ended
    assert session.tick() and session.phase == HOLD
    assert session.remaining() == pytest.approx(7)
    clock.advance(7 + 5 + 1)  # a long stall passes a whole rest
    assert session.tick()
    assert (session.phase, session.step.rep_no) == (HOLD, 2) and session.remaining() == pytest.approx(9)


def test_per_side_does_each_side_in_full_with_a_switch_between():
    session, clock = session_of(item("a", hold_s=20, reps=2, rest_s=5, per_side=True))
    session.start()
    seen = walk(session, clock)
    assert [(phase, side, rep, left) for phase, _, _, side, rep, left in seen] == [
        (READY, "", 0, LEAD_IN_S),
        (HOLD, "left", 1, 20), (REST, "left", 2, 5), (HOLD, "left", 2, 20),
        (SWITCH, "right", 0, SWITCH_S),
        (HOLD, "right", 1, 20), (REST, "right", 2, 5), (HOLD, "right", 2, 20),
    ]


def test_sets_rest_between_and_progress_line():
    session, clock = session_of(item("a", reps=2, sets=2, rest_s=30, pace_s=3, per_side=True), item("b", hold_s=5))
    session.start()
    seen = walk(session, clock)
    assert [(p, e, s, side, r) for p, e, s, side, r, _ in seen] == [
        (READY, 0, 1, "", 0),
        (REP, 0, 1, "left", 1), (REP, 0, 1, "left", 2), (SWITCH, 0, 1, "right", 0),
        (REP, 0, 1, "right", 1), (REP, 0, 1, "right", 2),
        (REST, 0, 2, "", 0),
        (REP, 0, 2, "left", 1), (REP, 0, 2, "left", 2), (SWITCH, 0, 2, "right", 0),
        (REP, 0, 2, "right", 1), (REP, 0, 2, "right", 2),
        (READY, 1, 1, "", 0), (HOLD, 1, 1, "", 1),
    ]
    assert seen[-2][-1] == CHANGEOVER and seen[6][-1] == 30


def test_progress_describes_where_we_are():
    session, _clock = session_of(item("a"), item("b", reps=3, sets=3, rest_s=10, per_side=True), item("c"))
    session.start()
    while not (session.step.exercise == 1 and session.step.set_no == 2 and session.step.side == "right"
               and session.phase == REP):
        session.next()
    progress = session.progress()
    assert progress.line() == "Exercise 2/3 - Set 2/3 - Right side"
    assert (progress.rep_no, progress.reps) == (1, 3)
    session.skip_exercise()
    assert session.progress().line() == "Exercise 3/3"


def test_reps_are_paced_and_next_advances_a_rep_by_hand():
    session, clock = session_of(item("a", reps=4, pace_s=3))
    session.start()
    session.next()  # skip the lead-in
    assert (session.phase, session.step.rep_no, session.remaining()) == (REP, 1, 3)
    clock.advance(3)
    assert session.tick() and session.step.rep_no == 2
    clock.advance(1)
    session.next()  # "done that rep" before the pace says so
    assert session.step.rep_no == 3 and session.remaining() == 3
    clock.advance(2.9)
    assert not session.tick() and session.step.rep_no == 3


def test_pause_does_not_consume_time():
    session, clock = session_of(item("a", hold_s=30))
    session.start()
    session.next()
    clock.advance(10)
    session.pause()
    assert session.state == PAUSED
    clock.advance(500)
    assert not session.tick()
    assert session.remaining() == pytest.approx(20)
    assert session.time_left() == pytest.approx(20)
    session.toggle_pause()
    assert session.state == RUNNING and session.remaining() == pytest.approx(20)
    clock.advance(19.9)
    assert not session.tick()
    clock.advance(0.1)
    assert session.tick() and session.state == FINISHED
    assert session.active_seconds() == pytest.approx(30)  # the skipped lead-in took no time


def test_next_back_and_restart_move_between_steps_at_full_length():
    session, clock = session_of(item("a", hold_s=10, reps=2, rest_s=5))
    session.start()
    session.next()
    clock.advance(6)
    assert session.remaining() == pytest.approx(4)
    session.restart_step()
    assert session.phase == HOLD and session.remaining() == 10
    session.next()
    assert (session.phase, session.remaining()) == (REST, 5)
    session.back()
    assert (session.phase, session.step.rep_no, session.remaining()) == (HOLD, 1, 10)
    session.back()
    session.back()  # already at the first step: restarts it
    assert (session.phase, session.remaining()) == (READY, LEAD_IN_S)


def test_moving_while_paused_stays_paused_with_the_full_step_waiting():
    session, clock = session_of(item("a", hold_s=10, reps=2, rest_s=5))
    session.start()
    session.pause()
    session.next()
    assert session.state == PAUSED and session.phase == HOLD and session.remaining() == 10
    clock.advance(60)
    assert session.remaining() == 10
    session.resume()
    clock.advance(10)
    assert session.tick() and session.phase == REST


def test_skipping_exercises_is_tracked_and_going_back_undoes_it():
    session, clock = session_of(item("a", hold_s=5), item("b", hold_s=5), item("c", hold_s=5))
    session.start()
    session.skip_exercise()
    assert session.step.exercise == 1 and session.phase == READY and session.skipped == ("a",)
    session.back()
    assert session.step.exercise == 0 and session.skipped == ()
    session.next()
    session.skip_exercise()  # b
    walk(session, clock)
    assert session.state == FINISHED
    assert session.done == ("a", "c") and session.skipped == ("b",)


def test_next_on_the_last_step_finishes_and_skip_on_the_last_exercise_too():
    session, _ = session_of(item("a", hold_s=5))
    session.start()
    session.next()
    session.next()
    assert session.state == FINISHED and session.done == ("a",)
    session, _ = session_of(item("a", hold_s=5))
    session.start()
    session.skip_exercise()
    assert session.state == FINISHED and session.done == () and session.skipped == ("a",)


def test_fraction_done_and_time_left_follow_the_clock_and_skips():
    session, clock = session_of(item("a", hold_s=45), item("b", hold_s=40))
    total = LEAD_IN_S + 45 + CHANGEOVER + 40
    assert session.total_s == total and session.fraction_done() == 0
    session.start()
    clock.advance(25)
    session.tick()
    assert session.time_left() == pytest.approx(total - 25)
    assert session.fraction_done() == pytest.approx(25 / total)
    session.skip_exercise()
    assert session.time_left() == pytest.approx(CHANGEOVER + 40)


def test_finished_session_record_counts_active_time_and_pain():
    clock = FakeClock()
    session, clock = session_of(item("a", hold_s=10), item("b", reps=2, pace_s=2), clock=clock)
    session.start()
    clock.advance(3)
    session.pause()
    clock.advance(100)
    session.resume()
    clock.set_today(date(2026, 11, 23))
    walk(session, clock)
    record = session.record(pain_before=4, pain_after=2)
    assert record.status == COMPLETED and record.routine == "test"
    assert record.done == ("a", "b") and record.skipped == ()
    assert record.duration_s == LEAD_IN_S + 10 + CHANGEOVER + 4
    assert (record.pain_before, record.pain_after) == (4, 2)
    assert record.local_date == date(2026, 11, 22)  # the day it started, though it ended after midnight
    assert record.started_utc < record.ended_utc


def test_abandon_is_recorded_as_abandoned_with_what_was_done():
    session, clock = session_of(item("a", hold_s=5), item("b", hold_s=5))
    with pytest.raises(RuntimeError):
        session.record()
    session.start()
    clock.advance(LEAD_IN_S + 5 + 1)
    session.tick()
    session.abandon()
    assert session.state == SessionState.ABANDONED and not session.active
    clock.advance(50)
    assert not session.tick()
    session.next()
    assert session.state == SessionState.ABANDONED
    record = session.record(pain_before=3)
    assert record.status == ABANDONED and record.done == ("a",) and record.duration_s == LEAD_IN_S + 6


def test_hurt_reports_follow_the_pain_rule():
    session, _clock = session_of(item("a", hold_s=5), item("b", hold_s=5), item("c", hold_s=5))
    session.start()
    assert session.report_hurt(2, False).action == CARRY_ON and session.step.exercise == 0
    advice = session.report_hurt(5, False)
    assert advice.action == EASE_OFF and "Keep it small." in advice.message
    assert session.report_hurt(7, False).action == STOP_EXERCISE
    assert session.step.exercise == 1 and session.skipped == ("a",) and session.state == RUNNING
    assert session.report_hurt(None, True).action == STOP_SESSION
    assert session.state == SessionState.ABANDONED
    assert session.record().hurt == (("a", 2), ("a", 5), ("a", 7))


def test_fewer_reps_halves_what_is_left_of_this_exercise():
    session, _clock = session_of(item("a", hold_s=5, reps=6, rest_s=2), item("b", hold_s=5))
    session.start()
    session.next()
    session.next()  # rest before hold 2
    session.fewer_reps()
    assert session.dosage.reps == 3 and (session.phase, session.step.rep_no) == (REST, 2)
    assert session.plan.items[0].dosage.reps == 6  # the plan itself is untouched
    for _ in range(4):
        session.next()
    assert (session.step.exercise, session.phase) == (1, READY)


def test_fewer_reps_past_the_new_count_moves_on():
    session, _ = session_of(item("a", reps=6, per_side=True), item("b", hold_s=5))
    session.start()
    for _ in range(6):
        session.next()  # lead-in, then left reps 1-5
    assert (session.step.side, session.step.rep_no) == ("left", 6)
    session.fewer_reps()
    assert session.phase == SWITCH and session.step.side == "right"
    session, _clock = session_of(item("a", reps=4))
    session.start()
    for _ in range(4):
        session.next()
    session.fewer_reps()
    assert session.state == FINISHED


def test_phase_names_and_a_timed_walk_is_not_a_hold():
    session, _clock = session_of(item("a", hold_s=5, reps=2, rest_s=3), item("walk", hold_s=30, category="cardio"))
    names = []
    session.start()
    while session.state == RUNNING:
        names.append(session.phase_name)
        session.next()
    assert names == ["Get ready", "Hold", "Rest", "Hold", "Get ready", "Keep going"]


def test_a_plan_without_exercises_is_refused():
    with pytest.raises(ValueError):
        session_of()
