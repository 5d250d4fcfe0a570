"""The next-morning rule (H10): pain not settled by the next morning steps that session's exercises down."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from tui_back import paths
from tui_back.data_files import load_catalogue, load_progressions
from tui_back.domain.progression import (
    ANSWERED_KEY,
    BETTER,
    DOWN,
    HELD,
    MORNING_KEY,
    NOTE,
    SAME,
    STAY,
    WORSE,
    after_morning,
    after_session,
    hold,
    level_index,
    morning_due,
)
from tui_back.domain.records import ABANDONED, SessionRecord

DATA = paths.builtin_data_dir()
CATALOGUE = load_catalogue(DATA / "exercises.toml")
PROGRESSIONS = load_progressions(DATA / "progressions.toml", CATALOGUE)
START = datetime(2026, 11, 2, 18, 0, tzinfo=timezone.utc)
DAY = START.date()
MID = {"exercises": {
    "plank": {"level": 2, "easy": 0, "label": "full plank 10 s"},
    "bird-dog": {"level": 2, "easy": 0, "label": "8 s holds x 6"},
}}


def session(state, day=0, done=("plank", "bird-dog"), status="completed", before=1, after=1):
    ended = START + timedelta(days=day)
    record = SessionRecord(
        local_date=ended.date(), started_utc=ended - timedelta(minutes=10), ended_utc=ended, routine="daily",
        status=status, done=tuple(done), pain_before=before, pain_after=after,
    )
    return after_session(PROGRESSIONS, state, record)[0]


def test_the_question_is_asked_on_a_later_day_only():
    state = session(MID)
    assert morning_due(state, DAY) is None, "not on the day of the session"
    assert morning_due(state, DAY - timedelta(days=1)) is None, "nor with the clock set back"
    question = morning_due(state, DAY + timedelta(days=1))
    assert question is not None and question.day == DAY and question.exercises == ("plank", "bird-dog")
    assert morning_due(state, DAY + timedelta(days=3)) == question, "at the first launch after, however late"


def test_a_session_with_no_laddered_exercise_asks_nothing():
    assert morning_due(session(MID, done=()), DAY + timedelta(days=1)) is None
    later = session(session(MID), day=1, done=())
    assert morning_due(later, DAY + timedelta(days=2)) is None, "nor about the older session before it"
    assert morning_due(None, DAY) is None and morning_due({MORNING_KEY: "junk"}, DAY) is None


def test_worse_steps_each_exercise_of_that_session_down_and_clears_its_count():
    state = session(session(MID), day=1)
    assert state["exercises"]["plank"]["easy"] == 2
    question = morning_due(state, DAY + timedelta(days=2))
    state, changes = after_morning(PROGRESSIONS, state, question, WORSE, DAY + timedelta(days=2))
    assert level_index(PROGRESSIONS, state, "plank") == 1 and level_index(PROGRESSIONS, state, "bird-dog") == 1
    assert state["exercises"]["plank"]["easy"] == 0, "no step up follows that session"
    assert [c.kind for c in changes] == [DOWN, DOWN]
    assert changes[0].text == "Plank: back to knees-down plank 20 s - your back was worse than usual the next morning"
    assert MORNING_KEY not in state and state[ANSWERED_KEY]["answer"] == "worse"
    assert morning_due(state, DAY + timedelta(days=5)) is None, "asked once"


def test_same_or_better_changes_no_level():
    for answer in (SAME, BETTER):
        state = session(MID)
        question = morning_due(state, DAY + timedelta(days=1))
        new, changes = after_morning(PROGRESSIONS, state, question, answer, DAY + timedelta(days=1))
        assert new["exercises"] == state["exercises"] and [c.kind for c in changes] == [NOTE]
        assert new[ANSWERED_KEY] == {"session": question.session, "answer": str(answer), "day": "2026-11-03"}


def test_worse_keeps_a_held_exercise_and_the_easiest_level_where_they_are():
    state, _ = hold(PROGRESSIONS, MID, "bird-dog")
    state = session(state, done=("bird-dog", "pelvic-tilt"))
    state["exercises"]["pelvic-tilt"] = {"level": 0, "easy": 0, "label": "2 s tilts x 5"}
    question = morning_due(state, DAY + timedelta(days=1))
    state, changes = after_morning(PROGRESSIONS, state, question, WORSE, DAY + timedelta(days=1))
    assert [c.kind for c in changes] == [HELD, STAY]
    assert level_index(PROGRESSIONS, state, "bird-dog") == 2 and level_index(PROGRESSIONS, state, "pelvic-tilt") == 0


def test_an_answer_for_a_question_no_longer_open_changes_nothing():
    state = session(MID)
    question = morning_due(state, DAY + timedelta(days=1))
    newer = session(state, day=1)
    assert morning_due(newer, DAY + timedelta(days=2)) != question
    unchanged, changes = after_morning(PROGRESSIONS, newer, question, WORSE, DAY + timedelta(days=2))
    assert changes == [] and unchanged == newer


def test_a_stopped_session_is_asked_about_too():
    state = session(MID, status=ABANDONED)
    assert morning_due(state, DAY + timedelta(days=1)) is not None


def test_a_worse_morning_after_a_step_up_takes_the_step_back():
    state = MID
    for day in range(PROGRESSIONS.rules.step_up_after):
        state = session(state, day=day)
    assert level_index(PROGRESSIONS, state, "plank") == 3
    today = date.fromisoformat(state[MORNING_KEY]["day"]) + timedelta(days=1)
    state, _ = after_morning(PROGRESSIONS, state, morning_due(state, today), WORSE, today)
    assert level_index(PROGRESSIONS, state, "plank") == 2
