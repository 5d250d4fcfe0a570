"""The "this hurts" rule: what to do with a pain score reported during an exercise.

A design choice adapted from the pain-monitoring model (a tendinopathy model, not validated for
back pain) and made stricter in line with NHS advice to stop when symptoms worsen: see
clinical.md section 3. Scores use the 0-10 numeric rating scale.
"""

from __future__ import annotations

from msgspec import Struct

from tui_back.domain.str_enum import StrEnum


class PainAction(StrEnum):
    """What the "this hurts" rule tells the session to do."""

    CARRY_ON = "carry-on"
    EASE_OFF = "ease-off"
    STOP_EXERCISE = "stop-exercise"
    STOP_SESSION = "stop-session"


CARRY_ON, EASE_OFF, STOP_EXERCISE, STOP_SESSION = PainAction

MIN_SCORE, MAX_SCORE = 0, 10


class PainAdvice(Struct, frozen=True):
    action: PainAction
    message: str


def parse_score(text: str) -> int | None:
    """A typed 0-10 score; blank means "skip". Raises ValueError on anything else."""
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or not MIN_SCORE <= int(text) <= MAX_SCORE:
        raise ValueError("Type a whole number from 0 (no pain) to 10 (worst imaginable), or leave it blank.")
    return int(text)


def advise(score: int | None, leg_symptoms: bool, easier: str = "") -> PainAdvice:
    """Up to 3 carry on; 4-5 ease off; above 5 stop the exercise; new leg symptoms stop everything."""
    if leg_symptoms:
        return PainAdvice(
            STOP_SESSION,
            "New or spreading leg symptoms: the session stops here. "
            "Please go through the symptom checklist now.",
        )
    if score is None or score <= 3:
        return PainAdvice(CARRY_ON, "Carry on gently. If the pain climbs above 3, tell me again (h).")
    if score <= 5:
        hint = f" Easier version: {easier}" if easier else ""
        return PainAdvice(
            EASE_OFF,
            f"Pain of {score}: ease off. Make the movement smaller, try the easier version, "
            f"or do fewer reps.{hint}",
        )
    return PainAdvice(
        STOP_EXERCISE,
        f"Pain of {score} is too much for this exercise, so it stops here. "
        "If pain like this keeps coming back, check with a health professional.",
    )
