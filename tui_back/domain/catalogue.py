"""The exercise catalogue: what each exercise is, how to do it, how much, and who says so.

Built-in entries come from `data/exercises.toml`; a user's own exercises (usually from their
physiotherapist) come from `exercises.toml` in the data dir and are added to, or replace, the
built-in ones with the same id.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from msgspec import Meta, Struct, field
from msgspec.structs import replace

from tui_back.domain.validation import (
    DataError,
    NonEmptyTexts,
    Text,
    Texts,
    convert,
    reject_duplicates,
    source_names,
    stripped,
)

Category = Literal["mobility", "stretch", "strength", "cardio"]
Position = Literal["supine", "prone", "side-lying", "all-fours", "kneeling", "seated", "standing"]
CATEGORIES: tuple[str, ...] = get_args(Category)
POSITIONS = {
    "supine": "lying on your back",
    "prone": "lying face down",
    "side-lying": "lying on your side",
    "all-fours": "on hands and knees",
    "kneeling": "kneeling",
    "seated": "seated",
    "standing": "standing",
}
"""Each position and how the library pane says it."""

HoldS = Annotated[int, Meta(ge=0, le=3600)]
Reps = Annotated[int, Meta(ge=1, le=100)]
Sets = Annotated[int, Meta(ge=1, le=10)]
RestS = Annotated[int, Meta(ge=0, le=600)]
PaceS = Annotated[int, Meta(ge=1, le=60)]
"""The bounds a dose field may take, wherever a data file sets one."""
Span = tuple[Annotated[int, Meta(ge=0)], Annotated[int, Meta(ge=0)]]


class Dosage(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """How much of an exercise: defaults the guided session uses, ranges the sources give.

    Also the shape of an `[exercise.dosage]` table, with the defaults a file may leave out.
    """

    hold_s: HoldS = 0
    """Seconds each rep is held; 0 for a moving exercise counted in reps."""
    reps: Reps
    sets: Sets = 1
    rest_s: RestS = 15
    """Rest between reps and between sets, in seconds."""
    pace_s: PaceS = 3
    """Seconds per rep for moving exercises, so reps can be paced hands free."""
    hold_range: Span | None = None
    reps_range: Span | None = None
    sets_range: Span | None = None
    note: Text = ""
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


class ExerciseTable(Struct, frozen=True, forbid_unknown_fields=True):
    """One `[[exercise]]` table as written; `sources` are keys of the file's `[sources]`."""

    id: Text
    name: Text
    category: Category
    position: Position
    dosage: Dosage
    steps: NonEmptyTexts
    aliases: Texts = ()
    muscles: Texts = ()
    equipment: Texts = ()
    per_side: bool = False
    acute_ok: bool = False
    easier: Text = ""
    harder: Text = ""
    cautions: Texts = ()
    sources: Texts = ()
    drawing_start: str = ""
    drawing_end: str = ""


class CatalogueFile(Struct, frozen=True, forbid_unknown_fields=True):
    """`data/exercises.toml`, or the user's own `exercises.toml`."""

    sources: dict[str, str] = field(default_factory=dict)
    """Key -> article title."""
    exercise: tuple[ExerciseTable, ...] = ()


def _check_dosage(dosage: Dosage, source: str, item: str) -> Dosage:
    """Each range low to high, and each default inside its range."""
    for name, range_name in (("hold_s", "hold_range"), ("reps", "reps_range"), ("sets", "sets_range")):
        span, value = getattr(dosage, range_name), getattr(dosage, name)
        if span and span[0] > span[1]:
            raise DataError(source, "must be [low, high] with low <= high", item, f"dosage.{range_name}")
        if span and not span[0] <= value <= span[1]:
            raise DataError(source, f"default {value} lies outside its range {list(span)}", item, f"dosage.{name}")
    return replace(dosage, note=dosage.note.strip())


def _exercise(table: ExerciseTable, sources: dict[str, str], source: str, user_defined: bool) -> Exercise:
    item = f"exercise '{table.id}'"
    if not user_defined and not table.sources:
        raise DataError(source, "must list at least one key of [sources]", item, "sources")
    return Exercise(
        id=table.id.strip(),
        name=table.name.strip(),
        aliases=stripped(table.aliases),
        category=table.category,
        muscles=stripped(table.muscles),
        position=table.position,
        equipment=stripped(table.equipment),
        per_side=table.per_side,
        acute_ok=table.acute_ok,
        dosage=_check_dosage(table.dosage, source, item),
        steps=stripped(table.steps),
        easier=table.easier.strip(),
        harder=table.harder.strip(),
        cautions=stripped(table.cautions),
        sources=source_names(table.sources, sources, source, item),
        drawing_start=table.drawing_start.strip("\n"),
        drawing_end=table.drawing_end.strip("\n"),
        user_defined=user_defined,
    )


def parse_catalogue(document: dict[str, Any], source: str, user_defined: bool = False) -> list[Exercise]:
    """The exercises of a parsed catalogue file; `DataError` names the file, exercise and field."""
    parsed = convert(document, CatalogueFile, source, items={"exercise": "exercise"})
    exercises = [_exercise(table, parsed.sources, source, user_defined) for table in parsed.exercise]
    reject_duplicates((e.id for e in exercises), source, "exercise")
    return exercises
