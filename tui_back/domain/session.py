"""A guided session as a pure state machine over a flat list of timed steps.

Time comes from the injected clock only. Each step ends at a monotonic deadline, and the time
left is always `deadline - now`, so a late or skipped UI tick can never stretch a hold. When a
tick finds a deadline passed, the next step starts at that deadline, not at the late tick.
Pausing keeps the time left aside and sets a fresh deadline on resume.

A moving exercise gets one step per rep (paced by `pace_s`), so "next" during reps is the
"I did that rep" key. Holds alternate with rests. Per-side exercises do all reps of a set on
one side, a short switch, then all reps on the other side.
"""

from __future__ import annotations

from datetime import date, datetime

from msgspec import Struct
from msgspec.structs import replace

from tui_back.clock import Clock
from tui_back.domain.catalogue import Dosage
from tui_back.domain.pain import STOP_EXERCISE, STOP_SESSION, PainAdvice, advise
from tui_back.domain.records import ABANDONED, COMPLETED, SAFETY_STOP, SessionRecord
from tui_back.domain.routines import LEAD_IN_S, SWITCH_S, Plan
from tui_back.domain.str_enum import StrEnum


class Phase(StrEnum):
    """What one timed step asks of the user."""

    READY = "ready"
    HOLD = "hold"
    REP = "rep"
    REST = "rest"
    SWITCH = "switch"


class SessionState(StrEnum):
    """Where a session is between its start and its end; `SessionStatus` is how a saved one ended."""

    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    ABANDONED = "abandoned"


READY, HOLD, REP, REST, SWITCH = Phase
PHASE_NAMES = {READY: "Get ready", HOLD: "Hold", REP: "Move", REST: "Rest", SWITCH: "Switch sides"}

IDLE, RUNNING, PAUSED, FINISHED = SessionState.IDLE, SessionState.RUNNING, SessionState.PAUSED, SessionState.FINISHED


class Step(Struct, frozen=True):
    phase: Phase
    duration_s: float
    exercise: int
    """Index into the plan's exercises."""
    set_no: int = 1
    side: str = ""
    rep_no: int = 0
    """1-based for holds and reps; a rest between holds carries the rep that follows it; else 0."""


class Progress(Struct, frozen=True):
    exercise_no: int
    exercises: int
    set_no: int
    sets: int
    side: str
    rep_no: int
    reps: int

    def line(self) -> str:
        """"Exercise 3/8 - Set 2/3 - Right side", leaving out what does not apply."""
        parts = [f"Exercise {self.exercise_no}/{self.exercises}"]
        if self.sets > 1:
            parts.append(f"Set {self.set_no}/{self.sets}")
        if self.side:
            parts.append(f"{self.side.capitalize()} side")
        return " - ".join(parts)


def build_steps(plan: Plan, dosages: list[Dosage]) -> list[Step]:
    steps: list[Step] = []
    for index, (item, dosage) in enumerate(zip(plan.items, dosages)):
        lead = LEAD_IN_S if index == 0 else plan.routine.changeover_s
        if lead:
            steps.append(Step(READY, lead, index))
        for set_no in range(1, dosage.sets + 1):
            if set_no > 1 and dosage.rest_s:
                steps.append(Step(REST, dosage.rest_s, index, set_no))
            for side_no, side in enumerate(item.sides or ("",)):
                if side_no:
                    steps.append(Step(SWITCH, SWITCH_S, index, set_no, side))
                for rep in range(1, dosage.reps + 1):
                    if dosage.is_hold:
                        if rep > 1 and dosage.rest_s:
                            steps.append(Step(REST, dosage.rest_s, index, set_no, side, rep))
                        steps.append(Step(HOLD, dosage.hold_s, index, set_no, side, rep))
                    else:
                        steps.append(Step(REP, dosage.pace_s, index, set_no, side, rep))
    return steps


class Session:
    """One run through a plan: start, pause, skip, go back, report pain, finish or abandon."""

    def __init__(self, plan: Plan, clock: Clock) -> None:
        if not plan.items:
            raise ValueError("a session needs at least one exercise")
        self.plan = plan
        self.clock = clock
        self.dosages = [item.dosage for item in plan.items]
        self.steps = build_steps(plan, self.dosages)
        self.state: SessionState = IDLE
        self.index = 0
        self._deadline = 0.0
        self._paused_left = 0.0
        self._active_since = 0.0
        self._active_s = 0.0
        self._skipped: set[int] = set()
        self.hurts: list[tuple[str, int]] = []
        self.started_utc: datetime | None = None
        self.started_date: date | None = None
        self.ended_utc: datetime | None = None
        self.ended_date: date | None = None
        self.stopped_for_safety = False
        """Ended by a "this hurts" report the pain rules stop the session for."""

    # -- reading ---------------------------------------------------------------------------

    @property
    def step(self) -> Step:
        return self.steps[self.index]

    @property
    def phase(self) -> Phase:
        return self.step.phase

    @property
    def phase_name(self) -> str:
        """"Keep going" rather than "Hold" for a timed cardio exercise such as walking."""
        if self.step.phase == HOLD and self.exercise.category == "cardio":
            return "Keep going"
        return PHASE_NAMES[self.step.phase]

    @property
    def active(self) -> bool:
        """Started and neither finished nor abandoned."""
        return self.state in (RUNNING, PAUSED)

    @property
    def exercise(self):
        return self.plan.items[self.step.exercise].exercise

    @property
    def dosage(self) -> Dosage:
        return self.dosages[self.step.exercise]

    def remaining(self) -> float:
        """Seconds left in the current step, from the deadline (never from counted ticks)."""
        if self.state == RUNNING:
            return max(0.0, self._deadline - self.clock.monotonic())
        if self.state == PAUSED:
            return self._paused_left
        if self.state == IDLE:
            return float(self.step.duration_s)
        return 0.0

    def progress(self) -> Progress:
        step, dosage = self.step, self.dosage
        return Progress(
            exercise_no=step.exercise + 1,
            exercises=len(self.plan.items),
            set_no=step.set_no,
            sets=dosage.sets,
            side=step.side,
            rep_no=step.rep_no,
            reps=dosage.reps,
        )

    @property
    def total_s(self) -> float:
        return float(sum(s.duration_s for s in self.steps))

    def time_left(self) -> float:
        """Seconds left in the whole session, counting skips as done."""
        if self.state in (FINISHED, SessionState.ABANDONED):
            return 0.0
        return self.remaining() + sum(s.duration_s for s in self.steps[self.index + 1 :])

    def fraction_done(self) -> float:
        if self.state == FINISHED:
            return 1.0
        total = self.total_s
        return 0.0 if total <= 0 else min(1.0, max(0.0, 1.0 - self.time_left() / total))

    def active_seconds(self) -> float:
        """Time spent running, pauses left out."""
        if self.state == RUNNING:
            return self._active_s + self.clock.monotonic() - self._active_since
        return self._active_s

    @property
    def done(self) -> tuple[str, ...]:
        reached = len(self.plan.items) if self.state == FINISHED else self.step.exercise
        return tuple(self.plan.items[i].exercise.id for i in range(reached) if i not in self._skipped)

    @property
    def skipped(self) -> tuple[str, ...]:
        return tuple(self.plan.items[i].exercise.id for i in sorted(self._skipped))

    # -- driving ---------------------------------------------------------------------------

    def start(self) -> None:
        if self.state != IDLE:
            return
        now = self.clock.monotonic()
        self.state = RUNNING
        self.started_utc = self.clock.utcnow()
        self.started_date = self.clock.today()
        self._active_since = now
        self._deadline = now + self.step.duration_s

    def tick(self) -> bool:
        """Move past every deadline that has gone by; True if the step (or state) changed."""
        if self.state != RUNNING:
            return False
        now = self.clock.monotonic()
        changed = False
        while self.state == RUNNING and now >= self._deadline:
            changed = True
            if self.index + 1 >= len(self.steps):
                self._end(FINISHED)
            else:
                self.index += 1
                self._deadline += self.step.duration_s
        return changed

    def pause(self) -> None:
        if self.state == RUNNING:
            now = self.clock.monotonic()
            self._paused_left = max(0.0, self._deadline - now)
            self._active_s += now - self._active_since
            self.state = PAUSED

    def resume(self) -> None:
        if self.state == PAUSED:
            now = self.clock.monotonic()
            self._deadline = now + self._paused_left
            self._active_since = now
            self.state = RUNNING

    def toggle_pause(self) -> None:
        self.resume() if self.state == PAUSED else self.pause()

    def next(self) -> None:
        """Skip the rest of this step (during reps: count this rep as done)."""
        if not self.active:
            return
        if self.index + 1 >= len(self.steps):
            self._end(FINISHED)
        else:
            self._go(self.index + 1)

    def back(self) -> None:
        """Go to the previous step, at full length (the first step just restarts)."""
        if self.active:
            self._go(max(0, self.index - 1))

    def restart_step(self) -> None:
        if self.active:
            self._go(self.index)

    def skip_exercise(self) -> None:
        """Leave the current exercise out and go to the next one's get-ready (or finish)."""
        if not self.active:
            return
        current = self.step.exercise
        self._skipped.add(current)
        later = [i for i, s in enumerate(self.steps) if s.exercise > current]
        if later:
            self._go(later[0])
        else:
            self._end(FINISHED)

    def fewer_reps(self) -> None:
        """Halve the reps of the current exercise from here on (at least one rep stays)."""
        if not self.active:
            return
        current = self.step
        dosage = self.dosages[current.exercise]
        if dosage.reps <= 1:
            return
        self.dosages[current.exercise] = replace(dosage, reps=(dosage.reps + 1) // 2)
        self.steps = build_steps(self.plan, self.dosages)
        if current in self.steps:
            self.index = self.steps.index(current)
            return
        place = (current.exercise, current.set_no, current.side)
        after = 1 + max(i for i, s in enumerate(self.steps) if (s.exercise, s.set_no, s.side) == place)
        if after < len(self.steps):
            self._go(after)
        else:
            self._end(FINISHED)

    def report_hurt(self, score: int | None, leg_symptoms: bool) -> PainAdvice:
        """Apply the pain rule to a "this hurts" report and act on the stops it calls for."""
        advice = advise(score, leg_symptoms, easier=self.exercise.easier)
        if score is not None:
            self.hurts.append((self.exercise.id, score))
        if advice.action == STOP_SESSION and self.active:
            self.stopped_for_safety = True
            self.abandon()
        elif advice.action == STOP_EXERCISE:
            self.skip_exercise()
        return advice

    def abandon(self) -> None:
        if self.active:
            self._end(SessionState.ABANDONED)

    def record(self, pain_before: int | None = None, pain_after: int | None = None, note: str = "") -> SessionRecord:
        """What to save: completed if it ran to the end (skips allowed), otherwise abandoned (or
        stopped for safety). It belongs to the day it started, even when it ends after midnight."""
        started, ended, day = self.started_utc, self.ended_utc, self.started_date or self.ended_date
        if self.state not in (FINISHED, SessionState.ABANDONED) or started is None or ended is None or day is None:
            raise RuntimeError("only a finished or abandoned session can be recorded")
        return SessionRecord(
            local_date=day,
            started_utc=started,
            ended_utc=ended,
            routine=self.plan.routine.id,
            status=COMPLETED if self.state == FINISHED else SAFETY_STOP if self.stopped_for_safety else ABANDONED,
            done=self.done,
            skipped=self.skipped,
            duration_s=round(self.active_seconds()),
            pain_before=pain_before,
            pain_after=pain_after,
            note=note,
            hurt=tuple(self.hurts),
        )

    # -- inside ----------------------------------------------------------------------------

    def _go(self, index: int) -> None:
        self.index = index
        self._skipped.discard(self.step.exercise)
        duration = float(self.step.duration_s)
        if self.state == RUNNING:
            self._deadline = self.clock.monotonic() + duration
        else:
            self._paused_left = duration

    def _end(self, state: SessionState) -> None:
        if self.state == RUNNING:
            self._active_s += self.clock.monotonic() - self._active_since
        self.state = state
        self.ended_utc = self.clock.utcnow()
        self.ended_date = self.clock.today()
