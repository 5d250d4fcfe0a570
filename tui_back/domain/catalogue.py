"""The exercise catalogue: what each exercise is, how to do it, how much, and who says so.

Built-in entries come from `data/exercises.toml`; a user's own exercises (usually from their
physiotherapist) come from `exercises.toml` in the data dir and are added to, or replace, the
built-in ones with the same id.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from msgspec import Struct

from tui_back.domain.schema import REQUIRED, DataError, Fields, load_toml

CATEGORIES = ("mobility", "stretch", "strength", "cardio")
POSITIONS = {
    "supine": "lying on your back",
    "prone": "lying face down",
    "side-lying": "lying on your side",
    "all-fours": "on hands and knees",
    "kneeling": "kneeling",
    "seated": "seated",
    "standing": "standing",
}
EXERCISE_FIELDS = (
    "id", "name", "aliases", "category", "muscles", "position", "equipment", "per_side",
    "acute_ok", "dosage", "steps", "easier", "harder", "cautions", "sources",
    "drawing_start", "drawing_end",
)
DOSAGE_FIELDS = (
    "hold_s", "hold_range", "reps", "reps_range", "sets", "sets_range", "rest_s", "pace_s", "note",
)


class Dosage(Struct, frozen=True):
    """How much of an exercise: defaults the guided session uses, ranges the sources give."""

    hold_s: int
    """Seconds each rep is held; 0 for a moving exercise counted in reps."""
    reps: int
    sets: int
    rest_s: int
    """Rest between reps and between sets, in seconds."""
    pace_s: int = 3
    """Seconds per rep for moving exercises, so reps can be paced hands free."""
    hold_range: tuple[int, int] | None = None
    reps_range: tuple[int, int] | None = None
    sets_range: tuple[int, int] | None = None
    note: str = ""
    """Why the default was chosen, e.g. where sources disagree."""

    @property
    def is_hold(self) -> bool:
        return self.hold_s > 0


class Exercise(Struct, frozen=True):
    id: str
    name: str
    category: str
    position: str
    per_side: bool
    acute_ok: bool
    """Whether it suits a flare-up (acute pain); the Gentle routine uses only these."""
    dosage: Dosage
    steps: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    muscles: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    easier: str = ""
    harder: str = ""
    cautions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    """Titles of the articles and guidance this entry draws on."""
    drawing_start: str = ""
    drawing_end: str = ""
    user_defined: bool = False

    def matches(self, text: str) -> bool:
        """Type-to-search: every word must appear in the name, an alias or a muscle."""
        haystack = " ".join((self.name, *self.aliases, *self.muscles)).lower()
        return all(word in haystack for word in text.lower().split())


class Catalogue(Struct, frozen=True):
    exercises: tuple[Exercise, ...]
    errors: tuple[str, ...] = ()
    """Problems with the user's own file; the built-in catalogue still loads."""

    def get(self, exercise_id: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        raise KeyError(exercise_id)

    def __contains__(self, exercise_id: object) -> bool:
        return any(e.id == exercise_id for e in self.exercises)

    def filter(
        self,
        text: str = "",
        category: str | None = None,
        position: str | None = None,
        acute_only: bool = False,
    ) -> list[Exercise]:
        return [
            e
            for e in self.exercises
            if e.matches(text)
            and (category is None or e.category == category)
            and (position is None or e.position == position)
            and (not acute_only or e.acute_ok)
        ]


def _parse_dosage(fields: Fields) -> Dosage:
    fields.reject_unknown(DOSAGE_FIELDS)
    dosage = Dosage(
        hold_s=fields.integer("hold_s", 0, 0, 3600),
        reps=fields.integer("reps", low=1, high=100),
        sets=fields.integer("sets", 1, 1, 10),
        rest_s=fields.integer("rest_s", 15, 0, 600),
        pace_s=fields.integer("pace_s", 3, 1, 60),
        hold_range=fields.int_range("hold_range", None),
        reps_range=fields.int_range("reps_range", None),
        sets_range=fields.int_range("sets_range", None),
        note=fields.text("note", ""),
    )
    for name, value, span in (
        ("hold_s", dosage.hold_s, dosage.hold_range),
        ("reps", dosage.reps, dosage.reps_range),
        ("sets", dosage.sets, dosage.sets_range),
    ):
        if span and not span[0] <= value <= span[1]:
            raise fields.error(name, f"default {value} lies outside its range {list(span)}")
    return dosage


def parse_exercise(table: Any, source: str, sources: dict[str, str], user_defined: bool) -> Exercise:
    item = table.get("id", "?") if isinstance(table, dict) else "?"
    fields = Fields(table, source, f"exercise '{item}'")
    fields.reject_unknown(EXERCISE_FIELDS)
    source_keys = fields.texts("sources", () if user_defined else REQUIRED, non_empty=not user_defined)
    unknown = [key for key in source_keys if key not in sources]
    if unknown:
        raise fields.error("sources", f"unknown source key '{unknown[0]}' (define it under [sources])")
    return Exercise(
        id=fields.text("id"),
        name=fields.text("name"),
        aliases=fields.texts("aliases", ()),
        category=fields.choice("category", CATEGORIES),
        muscles=fields.texts("muscles", ()),
        position=fields.choice("position", POSITIONS),
        equipment=fields.texts("equipment", ()),
        per_side=fields.flag("per_side", False),
        acute_ok=fields.flag("acute_ok", False),
        dosage=_parse_dosage(fields.sub("dosage")),
        steps=fields.texts("steps", non_empty=True),
        easier=fields.text("easier", ""),
        harder=fields.text("harder", ""),
        cautions=fields.texts("cautions", ()),
        sources=tuple(sources[key] for key in source_keys),
        drawing_start=_drawing(fields, "drawing_start"),
        drawing_end=_drawing(fields, "drawing_end"),
        user_defined=user_defined,
    )


def _drawing(fields: Fields, name: str) -> str:
    value = fields.table.get(name, "")
    if not isinstance(value, str):
        raise fields.error(name, "must be text")
    return value.strip("\n")


def parse_catalogue(document: dict[str, Any], source: str, user_defined: bool = False) -> list[Exercise]:
    sources = document.get("sources", {})
    if not isinstance(sources, dict) or not all(isinstance(v, str) for v in sources.values()):
        raise DataError(source, "[sources] must map keys to article titles")
    entries = document.get("exercise", [])
    if not isinstance(entries, list):
        raise DataError(source, "exercises must be written as [[exercise]] tables")
    unknown = sorted(set(document) - {"sources", "exercise"})
    if unknown:
        raise DataError(source, f"unknown top-level key '{unknown[0]}'")
    exercises = [parse_exercise(entry, source, sources, user_defined) for entry in entries]
    _reject_duplicate_ids((e.id for e in exercises), source)
    return exercises


def _reject_duplicate_ids(ids: Iterable[str], source: str) -> None:
    seen: set[str] = set()
    for exercise_id in ids:
        if exercise_id in seen:
            raise DataError(source, "appears twice", f"exercise '{exercise_id}'", "id")
        seen.add(exercise_id)


def load_catalogue(builtin: Path, user_file: Path | None = None) -> Catalogue:
    """Load the built-in catalogue, then merge the user's file; a broken user file is reported, not fatal."""
    exercises = {e.id: e for e in parse_catalogue(load_toml(builtin), str(builtin))}
    errors: list[str] = []
    if user_file is not None and user_file.exists():
        try:
            for exercise in parse_catalogue(load_toml(user_file), str(user_file), user_defined=True):
                exercises[exercise.id] = exercise
        except DataError as exc:
            errors.append(str(exc))
    return Catalogue(tuple(exercises.values()), tuple(errors))
