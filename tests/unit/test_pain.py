"""The "this hurts" rule (clinical.md section 3) and reading a typed pain score."""

from __future__ import annotations

import pytest

from tui_back.domain.pain import CARRY_ON, EASE_OFF, STOP_EXERCISE, STOP_SESSION, advise, parse_score


@pytest.mark.parametrize(
    ("score", "action"),
    [(0, CARRY_ON), (3, CARRY_ON), (4, EASE_OFF), (5, EASE_OFF), (6, STOP_EXERCISE), (10, STOP_EXERCISE)],
)
def test_bands(score, action):
    assert advise(score, leg_symptoms=False).action == action


def test_no_score_and_no_leg_symptoms_changes_nothing():
    assert advise(None, leg_symptoms=False).action == CARRY_ON


@pytest.mark.parametrize("score", [None, 0, 2, 5, 9])
def test_new_or_spreading_leg_symptoms_stop_the_session_whatever_the_score(score):
    advice = advise(score, leg_symptoms=True)
    assert advice.action == STOP_SESSION and "checklist" in advice.message


def test_ease_off_names_the_easier_version_when_there_is_one():
    assert "Knees down." in advise(4, False, easier="Knees down.").message
    assert "Easier version" not in advise(4, False).message


def test_no_advice_promises_the_pain_will_go_away():
    for score in range(11):
        for legs in (False, True):
            message = advise(score, legs, easier="x").message.lower()
            assert "go away" not in message and "cure" not in message


@pytest.mark.parametrize(("text", "score"), [("0", 0), (" 7 ", 7), ("10", 10), ("", None), ("  ", None)])
def test_parse_score(text, score):
    assert parse_score(text) == score


@pytest.mark.parametrize("text", ["11", "-1", "3.5", "seven", "1 0"])
def test_parse_score_rejects_anything_but_0_to_10(text):
    with pytest.raises(ValueError, match="0"):
        parse_score(text)
