"""Which sound cues a change in a guided session calls for, as a pure function of two moments.

A cue is a number of terminal bells (the bell reaches the user's own terminal, over SSH too), so
each kind has its own count: a single bell counts down the last seconds of a hold, two mark the
end of a hold, three a side switch, four the end of the session. Which kinds sound is the user's
choice (`CueChoice`, from config.toml).
"""

from __future__ import annotations

import math

from msgspec import Struct

from tui_back.domain.str_enum import StrEnum


class CueKind(StrEnum):
    STEP = "step"
    """Any other step change (get ready, rest, a hold starting)."""
    COUNT = "count"
    """One of the last three seconds of a hold."""
    HOLD_END = "hold_end"
    SWITCH = "switch"
    REP = "rep"
    """A paced rep starting."""
    SESSION_END = "session_end"


BELLS = {
    CueKind.STEP: 1,
    CueKind.COUNT: 1,
    CueKind.REP: 1,
    CueKind.HOLD_END: 2,
    CueKind.SWITCH: 3,
    CueKind.SESSION_END: 4,
}
COUNT_FROM = 3
"""The countdown cue sounds at 3, 2 and 1 seconds left."""


class Moment(Struct, frozen=True):
    """What a cue decision needs to know about a session at one instant."""

    step: int
    """Index of the step."""
    phase: str
    """The step's `Phase` value."""
    exercise: int
    seconds_left: int
    """Whole seconds left in the step, rounded up (as the countdown shows them)."""
    finished: bool = False
    ended: bool = False
    """Finished or abandoned."""


class CueChoice(Struct, frozen=True):
    """Which cues sound; `steps` is the old "bell at each step" switch."""

    steps: bool = True
    countdown: bool = True
    hold_end: bool = True
    switch: bool = True
    reps: bool = True
    session_end: bool = True

    def allows(self, kind: CueKind) -> bool:
        return {
            CueKind.STEP: self.steps,
            CueKind.COUNT: self.countdown,
            CueKind.HOLD_END: self.hold_end,
            CueKind.SWITCH: self.switch,
            CueKind.REP: self.reps,
            CueKind.SESSION_END: self.session_end,
        }[kind]


def whole_seconds(seconds: float) -> int:
    """Seconds rounded up, as the countdown shows them."""
    return max(0, math.ceil(seconds - 1e-9))


def cue_for(before: Moment | None, after: Moment) -> CueKind | None:
    """The one cue the change from `before` to `after` calls for (None: nothing to sound).

    `before` is None when the session has just started.
    """
    if after.finished and (before is None or not before.finished):
        return CueKind.SESSION_END
    if after.ended:
        return None
    if before is None or before.step != after.step:
        if after.phase == "switch":
            return CueKind.SWITCH
        if before is not None and before.phase == "hold":
            return CueKind.HOLD_END
        if after.phase == "rep":
            return CueKind.REP
        return CueKind.STEP
    if after.phase == "hold" and after.seconds_left != before.seconds_left and 0 < after.seconds_left <= COUNT_FROM:
        return CueKind.COUNT
    return None


def bells_for(before: Moment | None, after: Moment, choice: CueChoice) -> int:
    """How many bells to ring for this change, as the user chose."""
    kind = cue_for(before, after)
    return BELLS[kind] if kind is not None and choice.allows(kind) else 0


def exercise_ended(before: Moment | None, after: Moment) -> bool:
    """An exercise was left behind (done or skipped), or the session finished."""
    if before is None:
        return False
    return (after.finished and not before.finished) or (not after.ended and after.exercise != before.exercise)
