"""Sound cues as a pure function of two moments of a session."""

from __future__ import annotations

from tui_back.domain.cues import CueChoice, CueKind, Moment, bells_for, cue_for, exercise_ended


def m(step=0, phase="hold", exercise=0, left=10, finished=False, ended=False) -> Moment:
    return Moment(step, phase, exercise, left, finished, ended or finished)


def test_the_last_three_seconds_of_a_hold_are_counted_once_each():
    seen = [cue_for(m(left=s + 1), m(left=s)) for s in range(9, -1, -1)]
    assert seen == [None] * 6 + [CueKind.COUNT] * 3 + [None]
    assert cue_for(m(left=3), m(left=3)) is None, "a tick within the same second says nothing"
    assert cue_for(m(phase="rest", left=3), m(phase="rest", left=2)) is None


def test_each_kind_of_change_has_its_own_pattern():
    assert cue_for(m(step=1, phase="hold"), m(step=2, phase="rest")) == CueKind.HOLD_END
    assert cue_for(m(step=1, phase="hold"), m(step=2, phase="switch")) == CueKind.SWITCH
    assert cue_for(m(step=1, phase="rep"), m(step=2, phase="rep")) == CueKind.REP
    assert cue_for(m(step=1, phase="ready"), m(step=2, phase="hold")) == CueKind.STEP
    assert cue_for(None, m(phase="ready")) == CueKind.STEP
    assert cue_for(m(step=5), m(step=5, finished=True)) == CueKind.SESSION_END
    assert cue_for(m(step=5), m(step=5, ended=True)) is None, "stopping is the user's doing: no bell"
    choice = CueChoice()
    counts = [bells_for(m(step=1), m(step=2, phase=p), choice) for p in ("rest", "switch")]
    assert counts == [2, 3] and bells_for(m(), m(finished=True), choice) == 4


def test_each_cue_can_be_switched_off_on_its_own():
    rep = (m(step=1, phase="rep"), m(step=2, phase="rep"))
    assert bells_for(*rep, CueChoice(reps=False)) == 0
    assert bells_for(*rep, CueChoice(countdown=False)) == 1
    assert bells_for(m(left=3), m(left=2), CueChoice(countdown=False)) == 0
    assert bells_for(m(step=1), m(step=2, phase="switch"), CueChoice(switch=False)) == 0
    assert bells_for(m(), m(finished=True), CueChoice(session_end=False)) == 0


def test_a_session_as_a_sequence_of_cues():
    """Get ready (2 s), a 4 s hold, a switch, the other side's hold, the end."""
    moments = [m(0, "ready", left=2), m(0, "ready", left=1)]
    moments += [m(1, "hold", left=s) for s in (4, 3, 2, 1)]
    moments += [m(2, "switch", left=5), m(3, "hold", left=4), m(3, "hold", left=3), m(3, "hold", finished=True)]
    kinds = [cue_for(a, b) for a, b in zip([None, *moments[:-1]], moments, strict=True)]
    assert [k for k in kinds if k] == [
        CueKind.STEP, CueKind.STEP, CueKind.COUNT, CueKind.COUNT, CueKind.COUNT,
        CueKind.SWITCH, CueKind.STEP, CueKind.COUNT, CueKind.SESSION_END,
    ]


def test_an_exercise_ends_when_the_next_one_starts_or_the_session_finishes():
    assert exercise_ended(m(exercise=0), m(step=3, exercise=1))
    assert exercise_ended(m(), m(finished=True))
    assert not exercise_ended(m(), m(step=1))
    assert not exercise_ended(None, m())
