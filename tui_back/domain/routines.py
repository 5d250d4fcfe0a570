"""Routines: named lists of catalogue exercises, and the plan a guided session follows.

Built-in routines come from `data/routines.toml`; a user's own (`routines.toml` in the data dir)
are added to, or replace, built-in ones with the same id. Every entry is checked against the
catalogue, so a typo in an exercise id is reported with file, routine and field rather than
surfacing mid-session. Two promises are enforced here, not just written in the data: a `gentle`
routine holds only exercises marked `acute_ok`, and a `no_floor` routine only seated or standing
ones.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from msgspec import Meta, Struct, field
from msgspec.structs import asdict, replace

from tui_back.domain.catalogue import Catalogue, Dosage, Exercise, HoldS, PaceS, Reps, RestS, Sets
from tui_back.domain.validation import DataError, Text, convert, reject_duplicates

LEAD_IN_S = 5
"""The get-ready countdown before the first exercise."""
SWITCH_S = 5
"""The pause to change sides in a per-side exercise."""
DEFAULT_CHANGEOVER_S = 10
"""Get-ready time between exercises (room to change position), unless a routine sets its own."""
UPRIGHT = ("seated", "standing")


class RoutineEntry(Struct, frozen=True):
    exercise_id: str
    overrides: Mapping[str, int] = field(default_factory=dict)
    """Dosage fields this routine sets differently from the catalogue (hold_s, reps, sets, rest_s, pace_s)."""


class Routine(Struct, frozen=True):
    id: str
    name: str
    entries: tuple[RoutineEntry, ...]
    description: str = ""
    gentle: bool = False
    """Meant for flare-ups: every exercise must be `acute_ok` in the catalogue."""
    no_floor: bool = False
    """For a desk or a corridor: every exercise must be seated or standing."""
    changeover_s: int = DEFAULT_CHANGEOVER_S
    user_defined: bool = False


class Routines(Struct, frozen=True):
    routines: tuple[Routine, ...]
    errors: tuple[str, ...] = ()
    """Problems with the user's own file; the built-in routines still load."""

    def get(self, routine_id: str) -> Routine:
        for routine in self.routines:
            if routine.id == routine_id:
                return routine
        raise KeyError(routine_id)

    def __contains__(self, routine_id: object) -> bool:
        return any(r.id == routine_id for r in self.routines)

    @property
    def gentle(self) -> tuple[Routine, ...]:
        return tuple(r for r in self.routines if r.gentle)


class RoutineExerciseTable(Struct, frozen=True, forbid_unknown_fields=True):
    """One `[[routine.exercise]]`: a catalogue id and any dose fields set differently."""

    id: Text
    hold_s: HoldS | None = None
    reps: Reps | None = None
    sets: Sets | None = None
    rest_s: RestS | None = None
    pace_s: PaceS | None = None


class RoutineTable(Struct, frozen=True, forbid_unknown_fields=True):
    """One `[[routine]]` as written."""

    id: Text
    name: Text
    exercise: tuple[RoutineExerciseTable, ...] = ()
    description: Text = ""
    gentle: bool = False
    no_floor: bool = False
    changeover_s: Annotated[int, Meta(ge=0, le=120)] = DEFAULT_CHANGEOVER_S


class RoutinesFile(Struct, frozen=True, forbid_unknown_fields=True):
    """`data/routines.toml`, or the user's own `routines.toml`."""

    routine: tuple[RoutineTable, ...] = ()


def _entry(table: RoutineExerciseTable, field_name: str, item: str, source: str, catalogue: Catalogue) -> RoutineEntry:
    exercise_id = table.id.strip()
    if exercise_id not in catalogue:
        raise DataError(source, f"unknown exercise '{exercise_id}' (see `tui-back exercises`)", item, field_name)
    overrides = {name: value for name, value in asdict(table).items() if name != "id" and value is not None}
    return RoutineEntry(exercise_id, overrides)


def _routine(table: RoutineTable, source: str, catalogue: Catalogue, user_defined: bool) -> Routine:
    item = f"routine '{table.id}'"
    if not table.exercise:
        raise DataError(source, "must list at least one [[routine.exercise]]", item, "exercise")
    fields = [f"exercise[{index}].id" for index in range(1, len(table.exercise) + 1)]
    entries = tuple(_entry(t, f, item, source, catalogue) for t, f in zip(table.exercise, fields))
    for entry, field_name in zip(entries, fields):
        exercise = catalogue.get(entry.exercise_id)
        if table.gentle and not exercise.acute_ok:
            problem = f"'{exercise.id}' is not marked acute_ok, so it cannot be in a gentle routine"
            raise DataError(source, problem, item, field_name)
        if table.no_floor and exercise.position not in UPRIGHT:
            problem = (
                f"'{exercise.id}' is done {exercise.position}, but this routine is no_floor (seated or standing only)"
            )
            raise DataError(source, problem, item, field_name)
    return Routine(
        id=table.id.strip(),
        name=table.name.strip(),
        description=table.description.strip(),
        gentle=table.gentle,
        no_floor=table.no_floor,
        changeover_s=table.changeover_s,
        entries=entries,
        user_defined=user_defined,
    )


def parse_routines(
    document: dict[str, Any], source: str, catalogue: Catalogue, user_defined: bool = False
) -> list[Routine]:
    """The routines of a parsed routines file, each checked against `catalogue`."""
    parsed = convert(document, RoutinesFile, source, items={"routine": "routine"})
    routines = [_routine(table, source, catalogue, user_defined) for table in parsed.routine]
    reject_duplicates((r.id for r in routines), source, "routine")
    return routines


class PlannedExercise(Struct, frozen=True):
    exercise: Exercise
    dosage: Dosage
    """What this session asks for: catalogue dose, then routine overrides, then any progression override."""
    sides: tuple[str, ...]
    """("left", "right") for per-side exercises, else empty."""

    @property
    def seconds(self) -> int:
        return exercise_seconds(self.dosage, len(self.sides))


class Plan(Struct, frozen=True):
    routine: Routine
    items: tuple[PlannedExercise, ...]

    @property
    def total_s(self) -> int:
        """Estimated length, including the lead-in and the changes between exercises."""
        if not self.items:
            return 0
        changeovers = self.routine.changeover_s * (len(self.items) - 1)
        return LEAD_IN_S + changeovers + sum(item.seconds for item in self.items)


def exercise_seconds(dosage: Dosage, sides: int) -> int:
    """One exercise's length: holds with rests between, or paced reps, per side and per set.

    Must agree with the steps `tui_back.domain.session` builds (a test checks that it does).
    """
    if dosage.is_hold:
        per_side = dosage.reps * dosage.hold_s + (dosage.reps - 1) * dosage.rest_s
    else:
        per_side = dosage.reps * dosage.pace_s
    sides = max(sides, 1)
    per_set = sides * per_side + (sides - 1) * SWITCH_S
    return dosage.sets * per_set + (dosage.sets - 1) * dosage.rest_s


PROGRESSED_FIELDS = ("hold_s", "reps", "sets", "note")
"""What a progression level sets; everything else stays as the catalogue and routine say."""


def plan_routine(
    routine: Routine,
    catalogue: Catalogue,
    dosage_overrides: Mapping[str, Dosage] | None = None,
    variants: Mapping[str, Exercise] | None = None,
) -> Plan:
    """The exercises of `routine` with the dose to do today, each done as its level does it.

    Layers, lowest first: the catalogue default; `dosage_overrides` (exercise id -> Dosage, from the
    progression planner), which sets hold, reps and sets; the routine entry's own fields, which win
    because a routine's deliberate cut (say 3 plank reps in a short routine) must survive a level change.
    Rest and pace always come from the catalogue or the routine. A gentle routine (for a flare) never
    takes a step up: a progressed hold, rep or set count above the catalogue default is kept at the default.
    `variants` (exercise id -> the exercise with its level's name, steps and drawings, from the
    progression planner) replaces the catalogue entry, so the session shows what the level asks for.
    """
    overrides = dosage_overrides or {}
    items = []
    for entry in routine.entries:
        exercise = catalogue.get(entry.exercise_id)
        exercise = (variants or {}).get(exercise.id, exercise)
        dosage = exercise.dosage
        progressed = overrides.get(exercise.id)
        if progressed is not None:
            levels = {f: getattr(progressed, f) for f in PROGRESSED_FIELDS}
            if routine.gentle:
                capped = {f: min(levels[f], getattr(dosage, f)) for f in ("hold_s", "reps", "sets")}
                if any(capped[f] != levels[f] for f in capped):
                    capped["note"] = dosage.note  # the level's note would name a level not done here
                levels |= capped
            dosage = replace(dosage, **levels)
        dosage = replace(dosage, **dict(entry.overrides))
        sides = ("left", "right") if exercise.per_side else ()
        items.append(PlannedExercise(exercise, dosage, sides))
    return Plan(routine, tuple(items))
