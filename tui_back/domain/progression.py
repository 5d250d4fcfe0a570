"""Pain-aware progression: each exercise climbs, or steps back down, a ladder of doses.

Ladders and rule thresholds live in `data/progressions.toml`, each rule with its reason and
sources. The planner is pure: it takes the saved state (a JSON-able dict the store keeps under
`STATE_KEY`), the session just saved and the symptom level that matters (`blocking_level`), and
returns the new state plus one `Change` line for each exercise that moved, or would have.

How a session counts, per exercise in it (thresholds named as in the data file):
- **Step down** one level when pain rose by `pain_rise` or more from before to after, ended above
  `pain_ceiling`, or the user said "this hurts" on that exercise. This applies to abandoned
  sessions too: safety signals are never ignored. Level 1 is the floor.
- **Easy** session: completed, both pain scores given, both at most `easy_pain_max`, and no
  step-down signal. Easy sessions on `step_up_after` different days in a row at a level **step up**
  one level: at most one easy session a day counts, so that many days pass at a level first.
- A completed session with both scores that is not easy starts the count again. A session
  without both scores, or an abandoned one, neither counts nor resets.
- While the symptom level that matters is `no_step_up_from` or worse, nothing steps up; easy
  sessions still count, so the step comes with the first easy session after a clear full check.
- A **held** exercise never moves; a line says when a rule would have moved it.
- A session is planned once: one that ended no later than the last one planned is ignored.
- **Next morning** (the pain-monitoring model's 24-hour rule): a session that touched a ladder is
  kept as `pending`; on a later day the user is asked how the back feels compared with the usual
  (`morning_due`). "Worse" (pain not settled by the next morning) steps each exercise of that
  session down one level and starts its easy count again, as a step-down signal would.

Levels are variants: a level may name a `[ladder.variant.<key>]` (its own name, steps and
drawings, e.g. "Knees-down plank"); `Ladder.exercise_at` is the exercise as done at that level.
On load a ladder must never get easier going up: a variant, once left, never comes back, and
within one variant each level asks more than the one below (`harder`). A step down
therefore never makes an exercise harder. Each saved level keeps its label, so a ladder edited
later still finds the same dose; levels saved before labels were kept are moved by the ladder's
`renumbered` list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Annotated, Any, Generic, Literal, TypeGuard, TypeVar

from msgspec import Meta, Struct, field
from msgspec.structs import fields as struct_fields
from msgspec.structs import replace

from tui_back.domain.catalogue import Catalogue, Dosage, Exercise, HoldS, Reps, Sets
from tui_back.domain.records import COMPLETED, FULL, SessionRecord, SymptomCheck
from tui_back.domain.str_enum import StrEnum
from tui_back.domain.triage import NONE, TriageLevel, rank
from tui_back.domain.validation import (
    DataError,
    NonEmptyTexts,
    Text,
    convert,
    reject_duplicates,
    source_names,
    stripped,
)

STATE_KEY = "progression"
"""The key the store keeps the progression state under (`Store.get_state` / `set_state`)."""
MORNING_KEY = "morning"
"""State key of the session whose next-morning question is still open (day, end time, exercises)."""
ANSWERED_KEY = "morning_answer"
"""State key of the last next-morning answer (the session, the answer, the day it was given)."""


class ChangeKind(StrEnum):
    """What a progression line says happened to an exercise; saved in the state as these words."""

    UP = "up"
    DOWN = "down"
    HELD = "held"
    STAY = "stay"
    NOTE = "note"
    """A line about the whole session."""


UP, DOWN, HELD, STAY, NOTE = ChangeKind


class Level(Struct, frozen=True, forbid_unknown_fields=True):
    """One rung of a ladder; also the shape of a `levels` entry in the file."""

    label: Text
    """The dose in a few words, read after "up to" or "back to"."""
    hold_s: HoldS
    reps: Reps
    sets: Sets = 1
    variant: str = ""
    """The key of the ladder's variant done at this level; empty for the catalogue's own steps."""


class Variant(Struct, frozen=True):
    """A way of doing an exercise that differs from the catalogue's: its own name, steps and drawings."""

    name: str
    steps: tuple[str, ...]
    drawing_start: str
    drawing_end: str
    sources: tuple[str, ...]
    """Full names of the guidance behind it."""


def volume(level: Level) -> int:
    """Seconds held in all (or reps done, for a moving exercise): the work a level asks for."""
    return max(level.hold_s, 1) * level.reps * level.sets


def harder(lower: Level, upper: Level) -> bool:
    """Whether `upper` asks more than `lower` in the same variant: a hold no shorter, no less work
    in all, and not the same numbers (a longer hold may come with fewer reps)."""
    numbers = (lower.hold_s, lower.reps, lower.sets) != (upper.hold_s, upper.reps, upper.sets)
    return numbers and upper.hold_s >= lower.hold_s and volume(upper) >= volume(lower)


class Ladder(Struct, frozen=True):
    exercise_id: str
    name: str
    levels: tuple[Level, ...]
    """Easiest first."""
    start: int
    """Index of the level a new user begins at: the catalogue's default dose."""
    base: Dosage
    """The catalogue dose; a level replaces its hold, reps and sets."""
    exercise: Exercise | None = None
    """The catalogue entry; a level with a variant replaces its name, steps and drawings."""
    variants: Mapping[str, Variant] = field(default_factory=dict)
    renumbered: tuple[int, ...] = ()
    """Old index -> index now, for levels saved before saved levels kept their label."""

    def clamp(self, index: int) -> int:
        """A saved index made valid again after the ladder was shortened."""
        return min(max(index, 0), len(self.levels) - 1)

    def exercise_at(self, index: int) -> Exercise | None:
        """The exercise as done at level `index`: the variant's name, steps and drawings, or None
        when that level has no variant (the catalogue entry as it is)."""
        key = self.levels[index].variant
        if not key or self.exercise is None:
            return None
        variant = self.variants[key]
        return replace(
            self.exercise,
            name=variant.name,
            steps=variant.steps,
            drawing_start=variant.drawing_start,
            drawing_end=variant.drawing_end,
            sources=tuple(dict.fromkeys((*self.exercise.sources, *variant.sources))),
        )

    def index_of(self, progress: ExerciseProgress) -> int:
        """A saved level as an index now: by its label if the ladder still has it, else by its
        saved index (moved by `renumbered` when it was saved before labels were kept)."""
        for index, level in enumerate(self.levels):
            if progress.label and level.label == progress.label:
                return index
        index = progress.level
        if not progress.label and index < len(self.renumbered):
            index = self.renumbered[index]
        return self.clamp(index)

    def dosage(self, index: int) -> Dosage:
        level = self.levels[index]
        note = f"Your level {index + 1} of {len(self.levels)}: {level.label}"
        return replace(self.base, hold_s=level.hold_s, reps=level.reps, sets=level.sets, note=note)


class Rule(Struct, frozen=True):
    name: str
    value: Any
    why: str
    sources: tuple[str, ...]
    """Full names of the guidance behind the rule."""


class Rules(Struct, frozen=True):
    step_up_after: int
    easy_pain_max: int
    pain_rise: int
    pain_ceiling: int
    hurt_steps_down: bool
    no_step_up_from: TriageLevel
    """A triage level; a check at it or worse stops steps up until a clear full check."""
    details: Mapping[str, Rule]

    def summary(self) -> str:
        """The rules in two sentences, built from the values actually in force."""
        down = f"a pain rise of {self.pain_rise} or more, pain above {self.pain_ceiling}"
        down += ", or 'this hurts'" if self.hurt_steps_down else ""
        return (
            f"Up one level after easy sessions (pain {self.easy_pain_max} or less) on {self.step_up_after} "
            f"different days in a row. Back one level after {down}, or a back worse than usual the next "
            f"morning. No steps up after a '{self.no_step_up_from}' symptom check until a clear full checklist."
        )


class Progressions(Struct, frozen=True):
    ladders: Mapping[str, Ladder]
    """Exercise id -> ladder; exercises the user defined themselves keep their own dose and have none."""
    rules: Rules


class Change(Struct, frozen=True):
    exercise_id: str
    """Empty for a note about the whole session."""
    kind: ChangeKind
    text: str
    """One line for the user: "Plank: up to full plank 20 s - 3 easy sessions"."""

    def to_json(self) -> dict[str, str]:
        return {"exercise": self.exercise_id, "kind": self.kind, "text": self.text}


class ExerciseProgress(Struct, frozen=True):
    level: int
    easy: int = 0
    """Easy sessions in a row at this level."""
    held: bool = False
    """Kept at this level by the user's choice."""
    easy_day: str = ""
    """The day (ISO) of the last easy session counted: at most one a day counts (H10)."""
    label: str = ""
    """The label of the level saved, so an edited ladder still finds it (empty in older files)."""


# -- loading -----------------------------------------------------------------------------------


T = TypeVar("T")


class RuleTable(Struct, Generic[T], frozen=True, forbid_unknown_fields=True):
    """One `[rule.<name>]`: the value in force, why, and the `[sources]` keys behind it."""

    value: T
    why: Text
    sources: NonEmptyTexts


class RuleTables(Struct, frozen=True, forbid_unknown_fields=True):
    step_up_after: RuleTable[Annotated[int, Meta(ge=1, le=30)]]
    easy_pain_max: RuleTable[Annotated[int, Meta(ge=0, le=10)]]
    pain_rise: RuleTable[Annotated[int, Meta(ge=1, le=10)]]
    pain_ceiling: RuleTable[Annotated[int, Meta(ge=0, le=10)]]
    hurt_steps_down: RuleTable[bool]
    no_step_up_from: RuleTable[Literal["soon", "same-day", "emergency"]]


class VariantTable(Struct, frozen=True, forbid_unknown_fields=True):
    """One `[ladder.variant.<key>]`: a way of doing the exercise at the levels that name it."""

    name: Text
    steps: NonEmptyTexts
    sources: NonEmptyTexts
    drawing_start: str = ""
    drawing_end: str = ""


class LadderTable(Struct, frozen=True, forbid_unknown_fields=True):
    """One `[[ladder]]`: an exercise's levels, easiest first, and the one a new user starts at (from 1)."""

    id: Text
    start: Annotated[int, Meta(ge=1)]
    levels: tuple[Level, ...]
    variant: dict[str, VariantTable] = field(default_factory=dict)
    renumbered: tuple[Annotated[int, Meta(ge=1)], ...] = ()
    """For levels saved before labels were kept: old level n (from 1) is now level renumbered[n-1]."""


class ProgressionsFile(Struct, frozen=True, forbid_unknown_fields=True):
    """`data/progressions.toml`."""

    rule: RuleTables
    sources: dict[str, Text] = field(default_factory=dict)
    """Key -> full name of the guidance."""
    ladder: tuple[LadderTable, ...] = ()


def _rules(tables: RuleTables, sources: Mapping[str, str], source: str) -> Rules:
    details = {}
    for f in struct_fields(RuleTables):
        table = getattr(tables, f.name)
        names = source_names(table.sources, sources, source, f"rule '{f.name}'")
        details[f.name] = Rule(f.name, table.value, table.why.strip(), names)
    values = {name: rule.value for name, rule in details.items()}
    if values["easy_pain_max"] > values["pain_ceiling"]:
        problem = f"must not be above pain_ceiling ({values['pain_ceiling']})"
        raise DataError(source, problem, "rule 'easy_pain_max'", "value")
    values["no_step_up_from"] = TriageLevel(values["no_step_up_from"])
    return Rules(**values, details=details)


def _variants(table: LadderTable, sources: Mapping[str, str], source: str, item: str) -> dict[str, Variant]:
    variants = {}
    for key, variant in table.variant.items():
        where = f"variant.{key}"
        variants[key] = Variant(
            variant.name.strip(),
            stripped(variant.steps),
            variant.drawing_start.strip("\n"),
            variant.drawing_end.strip("\n"),
            source_names(variant.sources, sources, source, item, f"{where}.sources"),
        )
    return variants


def _check_order(levels: Sequence[Level], source: str, item: str) -> None:
    """Going up never gets easier: a variant left behind never comes back, and within a variant
    each level is `harder` than the one below it."""
    left: set[str] = set()
    for index in range(1, len(levels)):
        below, level, where = levels[index - 1], levels[index], f"levels[{index + 1}]"
        if level.variant != below.variant:
            left.add(below.variant)
            if level.variant in left:
                problem = f"variant '{level.variant}' comes back after another: levels must get harder going up"
                raise DataError(source, problem, item, f"{where}.variant")
        elif not harder(below, level):
            problem = "must ask more than the level below (a hold no shorter, no less in all) or be another variant"
            raise DataError(source, problem, item, where)


def _ladder(table: LadderTable, source: str, catalogue: Catalogue, sources: Mapping[str, str]) -> Ladder:
    exercise_id = table.id.strip()
    item = f"exercise '{exercise_id}'"
    if exercise_id not in catalogue:
        raise DataError(source, f"unknown exercise '{exercise_id}' (see `tui-back exercises`)", item, "id")
    exercise = catalogue.get(exercise_id)
    if len(table.levels) < 2:
        raise DataError(source, "must list at least two levels, easiest first", item, "levels")
    moving = None if exercise.user_defined else not exercise.dosage.is_hold
    labels: list[str] = []
    for index, level in enumerate(table.levels, start=1):
        where = f"levels[{index}]"
        if moving is True and level.hold_s:
            raise DataError(source, "must be 0: the exercise is counted in moving reps", item, f"{where}.hold_s")
        if moving is False and not level.hold_s:
            raise DataError(source, "must be above 0: the exercise is done in holds", item, f"{where}.hold_s")
        if level.label.strip() in labels:
            problem = f"'{level.label.strip()}' is used twice in this ladder"
            raise DataError(source, problem, item, f"{where}.label")
        labels.append(level.label.strip())
        if level.variant and level.variant not in table.variant:
            problem = f"names variant '{level.variant}', which has no [ladder.variant.{level.variant}]"
            raise DataError(source, problem, item, f"{where}.variant")
    if table.start > len(table.levels):
        raise DataError(source, f"must be a whole number between 1 and {len(table.levels)}", item, "start")
    for index, new in enumerate(table.renumbered, start=1):
        if new > len(table.levels):
            problem = f"must be a whole number between 1 and {len(table.levels)}"
            raise DataError(source, problem, item, f"renumbered[{index}]")
    _check_order(table.levels, source, item)
    levels = tuple(replace(level, label=label) for level, label in zip(table.levels, labels))
    return Ladder(
        exercise_id,
        exercise.name,
        levels,
        table.start - 1,
        exercise.dosage,
        exercise,
        _variants(table, sources, source, item),
        tuple(new - 1 for new in table.renumbered),
    )


def parse_progressions(document: dict[str, Any], source: str, catalogue: Catalogue) -> Progressions:
    """Ladders and rules from a parsed progressions file, each ladder checked against `catalogue`."""
    parsed = convert(document, ProgressionsFile, source, items={"rule": "rule", "ladder": "exercise"})
    rules = _rules(parsed.rule, parsed.sources, source)
    ladders = [_ladder(table, source, catalogue, parsed.sources) for table in parsed.ladder]
    reject_duplicates((ladder.exercise_id for ladder in ladders), source, "exercise", "has two ladders")
    own = {e.id for e in catalogue.exercises if e.user_defined}
    return Progressions({ladder.exercise_id: ladder for ladder in ladders if ladder.exercise_id not in own}, rules)


# -- state -------------------------------------------------------------------------------------


def _entries(state: Mapping[str, Any] | None) -> dict[str, ExerciseProgress]:
    """Per-exercise progress from saved state; anything malformed is dropped (back to the start)."""
    raw = (state or {}).get("exercises")
    entries = {}
    for exercise_id, doc in (raw.items() if isinstance(raw, Mapping) else ()):
        if not isinstance(doc, Mapping):
            continue
        level, easy = doc.get("level"), doc.get("easy", 0)
        if _count(level) and _count(easy):
            day, label = doc.get("easy_day"), doc.get("label")
            held = doc.get("held") is True
            entries[exercise_id] = ExerciseProgress(
                level, easy, held, day if isinstance(day, str) else "", label if isinstance(label, str) else ""
            )
    return entries


def _count(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def latest_changes(state: Mapping[str, Any] | None) -> list[Change]:
    """The lines the last planned session (and any hold or reset since) produced."""
    latest = (state or {}).get("latest")
    docs = latest.get("changes") if isinstance(latest, Mapping) else None
    return [
        Change(str(d.get("exercise", "")), _kind(d.get("kind")), d["text"])
        for d in (docs if isinstance(docs, list) else ())
        if isinstance(d, Mapping) and isinstance(d.get("text"), str)
    ]


def _kind(saved: Any) -> ChangeKind:
    try:
        return ChangeKind(saved)
    except (ValueError, TypeError):
        return NOTE


def latest_date(state: Mapping[str, Any] | None) -> date | None:
    latest = (state or {}).get("latest")
    if not isinstance(latest, Mapping):
        return None
    try:
        return date.fromisoformat(latest["date"])
    except (TypeError, KeyError, ValueError):
        return None


def _state(
    old: Mapping[str, Any] | None,
    entries: Mapping[str, ExerciseProgress],
    changes: Iterable[Change],
    day: date | None,
    **extra: Any,
) -> dict[str, Any]:
    state = {key: value for key, value in (old or {}).items() if key not in ("exercises", "latest")}
    state["exercises"] = {
        exercise_id: {"level": e.level, "easy": e.easy, "held": e.held, "easy_day": e.easy_day, "label": e.label}
        for exercise_id, e in sorted(entries.items())
    }
    state["latest"] = {"date": day.isoformat() if day else None, "changes": [c.to_json() for c in changes]}
    state.update(extra)
    return state


def level_index(progressions: Progressions, state: Mapping[str, Any] | None, exercise_id: str) -> int:
    """The exercise's current level (0 = easiest); KeyError if it has no ladder."""
    ladder = progressions.ladders[exercise_id]
    entry = _entries(state).get(exercise_id)
    return ladder.start if entry is None else ladder.index_of(entry)


def is_held(state: Mapping[str, Any] | None, exercise_id: str) -> bool:
    entry = _entries(state).get(exercise_id)
    return entry is not None and entry.held


def level_exercises(
    progressions: Progressions, state: Mapping[str, Any] | None, gentle: bool = False
) -> dict[str, Exercise]:
    """Exercise id -> the exercise as its level now does it (name, steps, drawings), for every
    exercise whose level has a variant (for `plan_routine`). `gentle`: a level above the start is
    done as the starting level is, as a gentle routine never takes a step up."""
    done = {}
    for exercise_id, ladder in progressions.ladders.items():
        index = level_index(progressions, state, exercise_id)
        exercise = ladder.exercise_at(min(index, ladder.start) if gentle else index)
        if exercise is not None:
            done[exercise_id] = exercise
    return done


def dosage_overrides(progressions: Progressions, state: Mapping[str, Any] | None) -> dict[str, Dosage]:
    """Exercise id -> today's dose, for every exercise not at its starting level (for `plan_routine`)."""
    overrides = {}
    for exercise_id, ladder in progressions.ladders.items():
        index = level_index(progressions, state, exercise_id)
        if index != ladder.start:
            overrides[exercise_id] = ladder.dosage(index)
    return overrides


def _with_line(state: Mapping[str, Any] | None, change: Change) -> list[Change]:
    """The latest lines with this exercise's line replaced by `change` (or added at the end)."""
    lines = [c for c in latest_changes(state) if c.exercise_id != change.exercise_id]
    return [*lines, change]


def hold(
    progressions: Progressions, state: Mapping[str, Any] | None, exercise_id: str, held: bool = True
) -> tuple[dict[str, Any], Change]:
    """Keep an exercise at its level (or let it move again); the easy-session count starts over."""
    ladder = progressions.ladders[exercise_id]
    index = level_index(progressions, state, exercise_id)
    entries = _entries(state)
    label = ladder.levels[index].label
    entries[exercise_id] = ExerciseProgress(index, 0, held, label=label)
    if held:
        change = Change(exercise_id, HELD, f"{ladder.name}: held at {label} by your choice")
    else:
        change = Change(exercise_id, STAY, f"{ladder.name}: released, free to move on from {label}")
    return _state(state, entries, _with_line(state, change), latest_date(state)), change


def reset(
    progressions: Progressions, state: Mapping[str, Any] | None, exercise_id: str
) -> tuple[dict[str, Any], Change]:
    """Back to the starting level, not held, count cleared."""
    ladder = progressions.ladders[exercise_id]
    entries = _entries(state)
    entries.pop(exercise_id, None)
    change = Change(exercise_id, STAY, f"{ladder.name}: reset to {ladder.levels[ladder.start].label}")
    return _state(state, entries, _with_line(state, change), latest_date(state)), change


def view_lines(progressions: Progressions, state: Mapping[str, Any] | None) -> list[Change]:
    """The latest changes (one per exercise), then a line for every held exercise they do not mention."""
    lines, mentioned = [], set()
    for change in latest_changes(state):
        if change.exercise_id and change.exercise_id in mentioned:
            continue
        lines.append(change)
        mentioned.add(change.exercise_id)
    for exercise_id, entry in sorted(_entries(state).items()):
        ladder = progressions.ladders.get(exercise_id)
        if entry.held and ladder is not None and exercise_id not in mentioned:
            label = ladder.levels[ladder.index_of(entry)].label
            lines.append(Change(exercise_id, HELD, f"{ladder.name}: held at {label} by your choice"))
    return lines


# -- planning ----------------------------------------------------------------------------------


def blocking_level(checks: Sequence[SymptomCheck]) -> str:
    """The symptom level that governs steps up: the latest check, where a clean *quick* check
    (the pre-session gate asks only the emergency items) does not clear an earlier worse result."""
    for check in sorted(checks, key=lambda c: (c.at_utc, c.local_date), reverse=True):
        if check.level != NONE or check.kind == FULL:
            return check.level
    return NONE


def _planned_before(state: Mapping[str, Any] | None, record: SessionRecord) -> bool:
    try:
        last = datetime.fromisoformat((state or {})["last_session"])
        return record.ended_utc <= last
    except (KeyError, TypeError, ValueError):
        return False


def after_session(
    progressions: Progressions,
    state: Mapping[str, Any] | None,
    record: SessionRecord,
    symptom_level: str = NONE,
) -> tuple[dict[str, Any], list[Change]]:
    """The new state and the lines explaining it, after `record` was saved (see module docstring)."""
    if _planned_before(state, record):
        return dict(state or {}), []
    rules = progressions.rules
    before, after = record.pain_before, record.pain_after
    scored = before is not None and after is not None
    session_reasons = []
    if before is not None and after is not None and after - before >= rules.pain_rise:
        session_reasons.append(f"pain rose by {after - before}")
    if after is not None and after > rules.pain_ceiling:
        session_reasons.append(f"pain reached {after}")
    hurt: dict[str, int] = {}
    if rules.hurt_steps_down:
        for exercise_id, pain in record.hurt:
            hurt[exercise_id] = max(pain, hurt.get(exercise_id, pain))
    completed = record.status == COMPLETED
    easy = (
        completed
        and before is not None
        and after is not None
        and max(before, after) <= rules.easy_pain_max
        and not session_reasons
    )
    may_step_up = rank(symptom_level) < rank(rules.no_step_up_from)

    entries = _entries(state)
    changes: list[Change] = []
    waiting: list[str] = []
    touched = [i for i in dict.fromkeys((*record.done, *hurt)) if i in progressions.ladders]
    for exercise_id in touched:
        ladder = progressions.ladders[exercise_id]
        entry = entries.get(exercise_id, ExerciseProgress(ladder.start))
        index, count, name = ladder.index_of(entry), entry.easy, ladder.name
        easy_day = entry.easy_day
        reasons = ([f"you said it hurt (pain {hurt[exercise_id]})"] if exercise_id in hurt else []) + session_reasons
        line: tuple[ChangeKind, str] | None = None
        if reasons:
            count, why = 0, " and ".join(reasons)
            if entry.held:
                line = HELD, f"{name}: held at your choice, though {why}"
            elif index == 0:
                line = STAY, f"{name}: stays at {ladder.levels[0].label}, its easiest level - {why}"
            else:
                index -= 1
                line = DOWN, f"{name}: back to {ladder.levels[index].label} - {why}"
        elif easy and record.local_date.isoformat() <= easy_day:
            pass  # one easy session a day counts; a day before the last counted one (clock back) never does
        elif easy:
            count, easy_day = count + 1, record.local_date.isoformat()
            if count >= rules.step_up_after:
                why = f"easy sessions on {count} days"
                if entry.held:
                    count, line = 0, (HELD, f"{name}: held at your choice - {why}")
                elif index == len(ladder.levels) - 1:
                    count, line = 0, (STAY, f"{name}: stays at {ladder.levels[index].label}, its top level - {why}")
                elif not may_step_up:
                    waiting.append(name)
                else:
                    index, count = index + 1, 0
                    line = UP, f"{name}: up to {ladder.levels[index].label} - {why}"
        elif completed and scored:
            count = 0
        entries[exercise_id] = replace(
            entry, level=index, easy=count, easy_day=easy_day, label=ladder.levels[index].label
        )
        if line:
            changes.append(Change(exercise_id, *line))
    if touched:
        changes += _session_notes(rules, record, scored, easy, session_reasons, waiting, symptom_level)
    pending = {"session": record.ended_utc.isoformat(), "day": record.local_date.isoformat(), "exercises": touched}
    new_state = _state(
        state,
        entries,
        changes,
        record.local_date,
        last_session=record.ended_utc.isoformat(),
        **({MORNING_KEY: pending} if touched else {}),
    )
    if not touched:
        new_state.pop(MORNING_KEY, None)  # a later morning says nothing about an older session
    return new_state, changes


def _session_notes(
    rules: Rules,
    record: SessionRecord,
    scored: bool,
    easy: bool,
    session_reasons: list[str],
    waiting: list[str],
    symptom_level: str,
) -> list[Change]:
    notes = []
    if record.status != COMPLETED:
        notes.append("This session was stopped early, so it does not count towards a step up.")
    elif not scored:
        notes.append("Without pain scores before and after, this session does not count towards a step up.")
    elif not easy and not session_reasons:
        worst = max(record.pain_before or 0, record.pain_after or 0)
        notes.append(
            f"Pain reached {worst} (easy means {rules.easy_pain_max} or less), "
            "so the count of easy sessions starts again."
        )
    if waiting:
        notes.append(
            f"Ready to step up once a full symptom checklist comes back clear (the last said '{symptom_level}'): "
            + ", ".join(waiting)
        )
    return [Change("", NOTE, text) for text in notes]


# -- the next morning --------------------------------------------------------------------------


class Morning(StrEnum):
    """How the back feels the next morning compared with the usual; saved as these words."""

    WORSE = "worse"
    SAME = "same"
    BETTER = "better"


WORSE, SAME, BETTER = Morning


class MorningQuestion(Struct, frozen=True):
    """The open next-morning question: about the session that ended at `session` on `day`."""

    session: str
    """The session's end time (ISO, UTC): the answer names it, so it can only answer that session."""
    day: date
    exercises: tuple[str, ...]


def morning_due(state: Mapping[str, Any] | None, today: date) -> MorningQuestion | None:
    """The question to ask now: a session with exercise levels ended on a day before `today`, and
    no answer yet. The same day (or a clock set back before the session) asks nothing."""
    pending = (state or {}).get(MORNING_KEY)
    if not isinstance(pending, Mapping):
        return None
    try:
        day = date.fromisoformat(pending["day"])
        session = str(pending["session"])
        exercises = tuple(str(e) for e in pending["exercises"])
    except (KeyError, TypeError, ValueError):
        return None
    return MorningQuestion(session, day, exercises) if day < today else None


def after_morning(
    progressions: Progressions,
    state: Mapping[str, Any] | None,
    question: MorningQuestion,
    answer: Morning,
    today: date,
) -> tuple[dict[str, Any], list[Change]]:
    """The new state and its lines after the next-morning answer for `question`.

    "Worse" steps each exercise of that session down one level (a held one stays, saying so;
    level 1 is the floor) and starts its easy count again, so no step up follows that session.
    "Same" and "better" change no level. An answer to a question no longer open changes nothing.
    """
    if morning_due(state, today) != question:
        return dict(state or {}), []
    entries = _entries(state)
    changes: list[Change] = []
    if answer == WORSE:
        why = "your back was worse than usual the next morning"
        for exercise_id in question.exercises:
            ladder = progressions.ladders.get(exercise_id)
            if ladder is None:
                continue
            entry = entries.get(exercise_id, ExerciseProgress(ladder.start))
            index, name = ladder.index_of(entry), ladder.name
            if entry.held:
                changes.append(Change(exercise_id, HELD, f"{name}: held at your choice, though {why}"))
            elif index == 0:
                changes.append(Change(exercise_id, STAY, f"{name}: stays at {ladder.levels[0].label} - {why}"))
            else:
                index -= 1
                changes.append(Change(exercise_id, DOWN, f"{name}: back to {ladder.levels[index].label} - {why}"))
            entries[exercise_id] = replace(entry, level=index, easy=0, label=ladder.levels[index].label)
    else:
        felt = "about the same as usual" if answer == SAME else "better than usual"
        changes.append(Change("", NOTE, f"Your back felt {felt} the next morning: levels stay as they are."))
    answered = {"session": question.session, "answer": str(answer), "day": today.isoformat()}
    new_state = _state(state, entries, changes, latest_date(state), **{ANSWERED_KEY: answered})
    new_state.pop(MORNING_KEY, None)
    return new_state, changes
