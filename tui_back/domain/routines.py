"""Routines: named lists of catalogue exercises, and the plan a guided session follows.

Built-in routines come from `data/routines.toml`; a user's own (`routines.toml` in the data dir)
are added to, or replace, built-in ones with the same id. Every entry is checked against the
catalogue, so a typo in an exercise id is reported with file, routine and field rather than
surfacing mid-session. Two promises are enforced here, not just written in the data: a `gentle`
routine holds only exercises marked `acute_ok`, and a `no_floor` routine only seated or standing
ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from msgspec import Struct, field
from msgspec.structs import replace

from tui_back.domain.catalogue import Catalogue, Dosage, Exercise
from tui_back.domain.schema import DataError, Fields, load_toml

LEAD_IN_S = 5
"""The get-ready countdown before the first exercise."""
SWITCH_S = 5
"""The pause to change sides in a per-side exercise."""
DEFAULT_CHANGEOVER_S = 10
"""Get-ready time between exercises (room to change position), unless a routine sets its own."""
UPRIGHT = ("seated", "standing")

ROUTINE_FIELDS = ("id", "name", "description", "gentle", "no_floor", "changeover_s", "exercise")
ENTRY_FIELDS = ("id", "hold_s", "reps", "sets", "rest_s", "pace_s")


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


def _parse_entry(table: Any, index: int, routine: Fields, catalogue: Catalogue) -> RoutineEntry:
    fields = Fields(table, routine.source, routine.item, f"exercise[{index}].")
    fields.reject_unknown(ENTRY_FIELDS)
    exercise_id = fields.text("id")
    if exercise_id not in catalogue:
        raise fields.error("id", f"unknown exercise '{exercise_id}' (see `tui-back exercises`)")
    overrides = {
        "hold_s": fields.integer("hold_s", None, 0, 3600),
        "reps": fields.integer("reps", None, 1, 100),
        "sets": fields.integer("sets", None, 1, 10),
        "rest_s": fields.integer("rest_s", None, 0, 600),
        "pace_s": fields.integer("pace_s", None, 1, 60),
    }
    return RoutineEntry(exercise_id, {k: v for k, v in overrides.items() if v is not None})


def parse_routine(table: Any, source: str, catalogue: Catalogue, user_defined: bool = False) -> Routine:
    item = table.get("id", "?") if isinstance(table, dict) else "?"
    fields = Fields(table, source, f"routine '{item}'")
    fields.reject_unknown(ROUTINE_FIELDS)
    entries_table = fields.table.get("exercise")
    if not isinstance(entries_table, list) or not entries_table:
        raise fields.error("exercise", "must list at least one [[routine.exercise]]")
    routine = Routine(
        id=fields.text("id"),
        name=fields.text("name"),
        description=fields.text("description", ""),
        gentle=fields.flag("gentle", False),
        no_floor=fields.flag("no_floor", False),
        changeover_s=fields.integer("changeover_s", DEFAULT_CHANGEOVER_S, 0, 120),
        entries=tuple(_parse_entry(t, i, fields, catalogue) for i, t in enumerate(entries_table, start=1)),
        user_defined=user_defined,
    )
    for index, entry in enumerate(routine.entries, start=1):
        exercise = catalogue.get(entry.exercise_id)
        if routine.gentle and not exercise.acute_ok:
            raise fields.error(
                f"exercise[{index}].id",
                f"'{exercise.id}' is not marked acute_ok, so it cannot be in a gentle routine",
            )
        if routine.no_floor and exercise.position not in UPRIGHT:
            raise fields.error(
                f"exercise[{index}].id",
                f"'{exercise.id}' is done {exercise.position}, but this routine is no_floor (seated or standing only)",
            )
    return routine


def parse_routines(
    document: dict[str, Any], source: str, catalogue: Catalogue, user_defined: bool = False
) -> list[Routine]:
    unknown = sorted(set(document) - {"routine"})
    if unknown:
        raise DataError(source, f"unknown top-level key '{unknown[0]}'")
    tables = document.get("routine", [])
    if not isinstance(tables, list):
        raise DataError(source, "routines must be written as [[routine]] tables")
    routines = [parse_routine(t, source, catalogue, user_defined) for t in tables]
    seen: set[str] = set()
    for routine in routines:
        if routine.id in seen:
            raise DataError(source, "appears twice", f"routine '{routine.id}'", "id")
        seen.add(routine.id)
    return routines


def load_routines(builtin: Path, catalogue: Catalogue, user_file: Path | None = None) -> Routines:
    """Built-in routines, then the user's; a broken user file is reported and skipped, never fatal."""
    routines = {r.id: r for r in parse_routines(load_toml(builtin), str(builtin), catalogue)}
    errors: list[str] = []
    if user_file is not None and user_file.exists():
        try:
            for routine in parse_routines(load_toml(user_file), str(user_file), catalogue, user_defined=True):
                routines[routine.id] = routine
        except DataError as exc:
            errors.append(str(exc))
    return Routines(tuple(routines.values()), tuple(errors))


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
    routine: Routine, catalogue: Catalogue, dosage_overrides: Mapping[str, Dosage] | None = None
) -> Plan:
    """The exercises of `routine` with the dose to do today.

    Layers, lowest first: the catalogue default; `dosage_overrides` (exercise id -> Dosage, from the
    progression planner), which sets hold, reps and sets; the routine entry's own fields, which win
    because a routine's deliberate cut (say 3 plank reps in a short routine) must survive a level change.
    Rest and pace always come from the catalogue or the routine.
    """
    overrides = dosage_overrides or {}
    items = []
    for entry in routine.entries:
        exercise = catalogue.get(entry.exercise_id)
        dosage = exercise.dosage
        progressed = overrides.get(exercise.id)
        if progressed is not None:
            dosage = replace(dosage, **{f: getattr(progressed, f) for f in PROGRESSED_FIELDS})
        dosage = replace(dosage, **dict(entry.overrides))
        sides = ("left", "right") if exercise.per_side else ()
        items.append(PlannedExercise(exercise, dosage, sides))
    return Plan(routine, tuple(items))
