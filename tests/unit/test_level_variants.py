"""Levels that are real variants (H7): own names, steps and drawings, easier starts, and ladders that
never get easier going up, so a step down is never harder."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shipped_progressions import CATALOGUE, DATA, PROGRESSIONS, error_of, ladder_of

from tui_back.data_files import load_routines
from tui_back.domain.progression import (
    after_session,
    harder,
    level_exercises,
    level_index,
)
from tui_back.domain.records import SessionRecord
from tui_back.domain.routines import plan_routine

ROUTINES = load_routines(DATA / "routines.toml", CATALOGUE)
START = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def at_level(exercise_id: str, index: int, label: str = "") -> dict:
    ladder = PROGRESSIONS.ladders[exercise_id]
    return {"exercises": {exercise_id: {"level": index, "easy": 0, "label": label or ladder.levels[index].label}}}


def painful(exercise_id: str, day: int = 0) -> SessionRecord:
    ended = START + timedelta(days=day)
    return SessionRecord(
        local_date=ended.date(), started_utc=ended - timedelta(minutes=10), ended_utc=ended, routine="daily",
        done=(exercise_id,), pain_before=1, pain_after=4,
    )


def test_new_users_start_at_the_easier_variant():
    plank, side = PROGRESSIONS.ladders["plank"], PROGRESSIONS.ladders["side-plank"]
    assert plank.levels[level_index(PROGRESSIONS, None, "plank")].label == "knees-down plank 10 s"
    assert side.levels[level_index(PROGRESSIONS, None, "side-plank")].label == "bent-knee side plank 10 s x 3"
    variants = level_exercises(PROGRESSIONS, None)
    assert variants["plank"].name == "Knees-down plank"
    assert variants["side-plank"].name == "Bent-knee side plank"
    assert any("both knees down" in step for step in variants["plank"].steps)
    assert not any("toes" in step for step in variants["plank"].steps)


def test_a_plan_at_a_variant_level_carries_that_variants_steps_and_drawing():
    daily = ROUTINES.get("daily")
    new = next(i for i in plan_routine(daily, CATALOGUE, {}, level_exercises(PROGRESSIONS, None)).items
               if i.exercise.id == "plank")
    assert new.exercise.name == "Knees-down plank"
    assert new.exercise.steps == PROGRESSIONS.ladders["plank"].variants["knees-down"].steps
    assert new.exercise.drawing_end != CATALOGUE.get("plank").drawing_end
    assert "Harvard Health: Try this move for better core strength" in new.exercise.sources
    full = level_exercises(PROGRESSIONS, at_level("plank", 2))
    assert "plank" not in full, "the full plank is the catalogue's own entry"
    item = next(i for i in plan_routine(daily, CATALOGUE, {}, full).items if i.exercise.id == "plank")
    assert item.exercise == CATALOGUE.get("plank")


def test_stepping_the_plank_down_from_full_shows_knees_down_steps():
    state, _ = after_session(PROGRESSIONS, at_level("plank", 2), painful("plank"))
    assert level_index(PROGRESSIONS, state, "plank") == 1
    variant = level_exercises(PROGRESSIONS, state)["plank"]
    assert variant.name == "Knees-down plank" and "both knees down" in " ".join(variant.steps)


def test_a_gentle_routine_does_a_variant_no_harder_than_the_start():
    state = at_level("plank", 3)
    assert "plank" not in level_exercises(PROGRESSIONS, state)
    assert level_exercises(PROGRESSIONS, state, gentle=True)["plank"].name == "Knees-down plank"


def test_side_plank_neighbours_never_share_numbers():
    levels = PROGRESSIONS.ladders["side-plank"].levels
    for lower, upper in pairwise(levels):
        assert (lower.hold_s, lower.reps, lower.sets) != (upper.hold_s, upper.reps, upper.sets)


def test_side_plank_levels_saved_before_labels_keep_their_dose():
    old_numbers = [(10, 3), (10, 3), (10, 5), (15, 5), (20, 5)]
    old_bent = [True, False, False, False, False]
    ladder = PROGRESSIONS.ladders["side-plank"]
    for old, (numbers, bent) in enumerate(zip(old_numbers, old_bent)):
        state = {"exercises": {"side-plank": {"level": old, "easy": 0}}}
        level = ladder.levels[level_index(PROGRESSIONS, state, "side-plank")]
        assert (level.hold_s, level.reps) == numbers and (level.variant == "bent-knee") == bent, old


def test_a_saved_label_finds_its_level_even_when_the_index_moved():
    state = at_level("side-plank", 0, label="side plank 15 s x 5")
    assert level_index(PROGRESSIONS, state, "side-plank") == 4
    unknown = at_level("side-plank", 1, label="a level no longer in the ladder")
    assert level_index(PROGRESSIONS, unknown, "side-plank") == 1, "an unknown label falls back to the index"


def test_the_plank_ladder_kept_its_levels_so_saved_indexes_mean_the_same_dose():
    labels = [level.label for level in PROGRESSIONS.ladders["plank"].levels]
    assert labels == [
        "knees-down plank 10 s", "knees-down plank 20 s", "full plank 10 s", "full plank 20 s", "full plank 30 s",
    ]
    assert PROGRESSIONS.ladders["plank"].renumbered == ()
    assert level_index(PROGRESSIONS, {"exercises": {"plank": {"level": 2, "easy": 0}}}, "plank") == 2


def test_the_alternating_superman_is_the_default():
    superman = CATALOGUE.get("superman")
    assert "opposite leg" in superman.steps[1] and "alternating" in superman.name.lower()
    assert "full superman" in superman.harder
    assert not any("chest and legs" in step for step in superman.steps)



@pytest.mark.parametrize(
    ("mutate", "field", "words"),
    [
        (lambda d: ladder_of(d, "plank")["levels"][4].update(variant="knees-down"), "levels[5].variant", "comes back"),
        (lambda d: ladder_of(d, "plank")["levels"][1].update(hold_s=5), "levels[2]", "ask more"),
        (lambda d: ladder_of(d, "plank")["levels"][0].update(variant="kneeling"), "levels[1].variant",
         "no [ladder.variant.kneeling]"),
        (lambda d: ladder_of(d, "plank")["variant"]["knees-down"].update(sources=["NOPE"]),
         "variant.knees-down.sources", "unknown source key"),
        (lambda d: ladder_of(d, "plank")["variant"]["knees-down"].pop("steps"), "variant.steps", "required"),
        (lambda d: ladder_of(d, "side-plank").update(renumbered=[1, 9]), "renumbered[2]", "between 1 and 6"),
    ],
)
def test_variant_and_order_errors_name_the_field(mutate, field, words):
    error = error_of(mutate)
    assert error.item == "exercise 'plank'" or error.item == "exercise 'side-plank'"
    assert error.field == field and words in str(error)


def test_every_shipped_ladder_gets_harder_going_up():
    for ladder in PROGRESSIONS.ladders.values():
        seen: list[str] = []
        for lower, upper in pairwise(ladder.levels):
            if lower.variant == upper.variant:
                assert harder(lower, upper), (ladder.exercise_id, upper.label)
            else:
                seen.append(lower.variant)
                assert upper.variant not in seen, ladder.exercise_id


def difficulty(exercise_id: str, index: int) -> tuple[int, int, int]:
    """Where a level stands: its variant's place in the ladder, then its hold, then its work in all."""
    ladder = PROGRESSIONS.ladders[exercise_id]
    order = list(dict.fromkeys(level.variant for level in ladder.levels))
    level = ladder.levels[index]
    return order.index(level.variant), level.hold_s, max(level.hold_s, 1) * level.reps * level.sets


LADDERED = sorted(PROGRESSIONS.ladders)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(LADDERED), st.data(), st.integers(1, 4), st.booleans())
def test_a_step_down_is_never_harder(exercise_id, data, rise, hurt):
    ladder = PROGRESSIONS.ladders[exercise_id]
    index = data.draw(st.integers(0, len(ladder.levels) - 1))
    ended = START
    record = SessionRecord(
        local_date=ended.date(), started_utc=ended, ended_utc=ended, routine="daily", done=(exercise_id,),
        pain_before=1, pain_after=1 + rise, hurt=((exercise_id, 4),) if hurt else (),
    )
    state, _ = after_session(PROGRESSIONS, at_level(exercise_id, index), record)
    now = level_index(PROGRESSIONS, state, exercise_id)
    if rise >= PROGRESSIONS.rules.pain_rise or hurt:
        assert now == max(index - 1, 0)
    before, after = difficulty(exercise_id, index), difficulty(exercise_id, now)
    same_variant_no_harder = after[0] == before[0] and after[1] <= before[1] and after[2] <= before[2]
    assert after[0] < before[0] or same_variant_no_harder, (exercise_id, index, now)
