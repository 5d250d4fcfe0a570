"""Routines: loading and validating them against the catalogue, and planning a session from one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_back import paths
from tui_back.data_files import load_catalogue, load_routines, read_toml
from tui_back.domain.catalogue import Catalogue, Dosage, Exercise
from tui_back.domain.routines import (
    DEFAULT_CHANGEOVER_S,
    LEAD_IN_S,
    SWITCH_S,
    parse_routines,
    plan_routine,
)
from tui_back.domain.session import build_steps
from tui_back.domain.validation import DataError

BUILTIN = paths.builtin_data_dir() / "routines.toml"


def exercise(id, position="supine", per_side=False, acute_ok=True, **dose) -> Exercise:
    dosage = Dosage(
        hold_s=dose.get("hold_s", 0), reps=dose.get("reps", 5), sets=dose.get("sets", 1),
        rest_s=dose.get("rest_s", 10), pace_s=dose.get("pace_s", 3),
    )
    return Exercise(id=id, name=id.title(), category="mobility", position=position, per_side=per_side,
                    acute_ok=acute_ok, dosage=dosage, steps=("Do it.",), easier="Smaller.")


CATALOGUE = Catalogue((
    exercise("pelvic-tilt", hold_s=5, reps=5, rest_s=5),
    exercise("knee-to-chest", per_side=True, hold_s=5, reps=3, rest_s=5),
    exercise("plank", position="prone", acute_ok=False, hold_s=10, reps=3, sets=2, rest_s=20),
    exercise("cat-cow", position="all-fours", reps=8, pace_s=4),
    exercise("wall-angels", position="standing", acute_ok=False, reps=8),
    exercise("seated-twist", position="seated", per_side=True, hold_s=10, reps=2, rest_s=5),
))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def routines_from(text: str, tmp_path: Path, catalogue=CATALOGUE):
    path = write(tmp_path / "routines.toml", text)
    return parse_routines(read_toml(path), str(path), catalogue, user_defined=True)


def test_a_routine_parses_with_overrides(tmp_path):
    [routine] = routines_from(
        """
        [[routine]]
        id = "mine"
        name = "Mine"
        [[routine.exercise]]
        id = "pelvic-tilt"
        hold_s = 8
        reps = 3
        [[routine.exercise]]
        id = "cat-cow"
        """,
        tmp_path,
    )
    assert routine.id == "mine" and routine.user_defined and not routine.gentle
    assert [e.exercise_id for e in routine.entries] == ["pelvic-tilt", "cat-cow"]
    assert routine.entries[0].overrides == {"hold_s": 8, "reps": 3}
    assert routine.changeover_s == DEFAULT_CHANGEOVER_S


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ('[[routine.exercise]]\nid = "toe-touch"', "exercise[1].id", "unknown exercise 'toe-touch'"),
        ('[[routine.exercise]]\nid = "cat-cow"\nrepz = 3', "exercise[1].repz", "not a known field"),
        ('[[routine.exercise]]\nid = "cat-cow"\nreps = 0', "exercise[1].reps", "between 1 and 100"),
        ('[[routine.exercise]]\nid = "cat-cow"\nhold_s = "long"', "exercise[1].hold_s", "whole number"),
        ("", "exercise", "at least one"),
    ],
)
def test_errors_name_file_routine_and_field(tmp_path, body, field, words):
    with pytest.raises(DataError) as caught:
        routines_from(f'[[routine]]\nid = "mine"\nname = "Mine"\n{body}\n', tmp_path)
    message = str(caught.value)
    assert str(tmp_path / "routines.toml") in message
    assert "routine 'mine'" in message and f"field '{field}'" in message and words in message


def test_gentle_routine_rejects_an_exercise_not_marked_acute_ok(tmp_path):
    with pytest.raises(DataError) as caught:
        routines_from(
            '[[routine]]\nid = "soft"\nname = "Soft"\ngentle = true\n'
            '[[routine.exercise]]\nid = "pelvic-tilt"\n[[routine.exercise]]\nid = "plank"\n',
            tmp_path,
        )
    assert caught.value.item == "routine 'soft'" and caught.value.field == "exercise[2].id"
    assert "acute_ok" in str(caught.value)


def test_no_floor_routine_rejects_floor_exercises(tmp_path):
    with pytest.raises(DataError) as caught:
        routines_from(
            '[[routine]]\nid = "desk"\nname = "Desk"\nno_floor = true\n'
            '[[routine.exercise]]\nid = "wall-angels"\n[[routine.exercise]]\nid = "cat-cow"\n',
            tmp_path,
        )
    assert caught.value.field == "exercise[2].id" and "all-fours" in str(caught.value)


def test_duplicate_routine_ids_are_rejected(tmp_path):
    one = '[[routine]]\nid = "a"\nname = "A"\n[[routine.exercise]]\nid = "cat-cow"\n'
    with pytest.raises(DataError, match="appears twice"):
        routines_from(one + one, tmp_path)


def test_builtin_routines_load_against_the_real_catalogue():
    catalogue = load_catalogue(paths.builtin_data_dir() / "exercises.toml")
    routines = load_routines(BUILTIN, catalogue)
    assert routines.errors == ()
    assert {"daily", "gentle", "between-meetings"} <= {r.id for r in routines.routines}
    daily = plan_routine(routines.get("daily"), catalogue)
    assert 10 * 60 <= daily.total_s <= 15 * 60
    categories = [item.exercise.category for item in daily.items]
    first_strength = categories.index("strength")
    assert "strength" not in categories[:2] and set(categories[first_strength:]) == {"strength"}
    gentle = routines.get("gentle")
    assert gentle.gentle and all(catalogue.get(e.exercise_id).acute_ok for e in gentle.entries)
    desk = plan_routine(routines.get("between-meetings"), catalogue)
    assert desk.routine.no_floor and {i.exercise.position for i in desk.items} <= {"seated", "standing"}
    assert 3 * 60 <= desk.total_s <= 5 * 60


def test_the_desk_routine_suits_a_flare_up_at_work():
    catalogue = load_catalogue(paths.builtin_data_dir() / "exercises.toml")
    desk = load_routines(BUILTIN, catalogue).get("between-meetings")
    exercises = [catalogue.get(e.exercise_id) for e in desk.entries]
    assert desk.gentle and desk.no_floor, "offered while only gentle routines may start, and no floor work"
    assert all(e.acute_ok and e.position in ("seated", "standing") for e in exercises)
    assert {"seated-pelvic-rock", "standing-back-extension", "sit-to-stand", "standing-side-bend", "walking"} <= {
        e.id for e in exercises
    }
    assert not {"romanian-deadlift", "wall-angels"} & {e.id for e in exercises}
    assert all(set(e.equipment) <= {"firm chair", "comfortable shoes"} for e in exercises), "a desk chair will do"


def test_a_broken_user_file_keeps_the_builtins_and_reports(tmp_path):
    catalogue = load_catalogue(paths.builtin_data_dir() / "exercises.toml")
    user = write(tmp_path / "routines.toml", '[[routine]]\nid = "x"\nname = "X"\n[[routine.exercise]]\nid = "nope"\n')
    routines = load_routines(BUILTIN, catalogue, user)
    assert "daily" in routines and "x" not in routines
    [error] = routines.errors
    assert str(user) in error and "routine 'x'" in error and "exercise[1].id" in error


def test_user_routines_are_added_and_can_replace_builtins(tmp_path):
    catalogue = load_catalogue(paths.builtin_data_dir() / "exercises.toml")
    user = write(
        tmp_path / "routines.toml",
        '[[routine]]\nid = "daily"\nname = "My daily"\n[[routine.exercise]]\nid = "walking"\n'
        '[[routine]]\nid = "evening"\nname = "Evening"\n[[routine.exercise]]\nid = "cat-cow"\n',
    )
    routines = load_routines(BUILTIN, catalogue, user)
    assert routines.errors == ()
    assert routines.get("daily").name == "My daily" and routines.get("evening").user_defined
    assert load_routines(BUILTIN, catalogue, tmp_path / "absent.toml").get("daily").name != "My daily"


def test_plan_applies_catalogue_then_routine_then_progression(tmp_path):
    [routine] = routines_from(
        '[[routine]]\nid = "r"\nname = "R"\n'
        '[[routine.exercise]]\nid = "pelvic-tilt"\nreps = 2\n'
        '[[routine.exercise]]\nid = "knee-to-chest"\n'
        '[[routine.exercise]]\nid = "cat-cow"\n',
        tmp_path,
    )
    progressed = Dosage(hold_s=0, reps=12, sets=1, rest_s=0, pace_s=4)
    tilt_level = Dosage(hold_s=8, reps=9, sets=1, rest_s=99)
    plan = plan_routine(routine, CATALOGUE, dosage_overrides={"cat-cow": progressed, "pelvic-tilt": tilt_level})
    tilt, knee, cat = plan.items
    # the progression sets the hold; the routine's own reps = 2 wins; rest stays the catalogue's
    assert (tilt.dosage.hold_s, tilt.dosage.reps, tilt.dosage.rest_s) == (8, 2, 5)
    assert knee.sides == ("left", "right") and tilt.sides == ()
    assert (cat.dosage.reps, cat.dosage.pace_s) == (12, 4)
    # tilt: 2 holds of 8 + one 5 s rest; knee: per side 3x5 + 2x5 rest, two sides + switch; cat: 12 x 4 s
    assert tilt.seconds == 21 and knee.seconds == 2 * 25 + SWITCH_S and cat.seconds == 48
    assert plan.total_s == LEAD_IN_S + 2 * DEFAULT_CHANGEOVER_S + 21 + 55 + 48


def test_plan_estimate_matches_the_session_steps(tmp_path):
    [routine] = routines_from(
        '[[routine]]\nid = "r"\nname = "R"\nchangeover_s = 7\n'
        + "".join(f'[[routine.exercise]]\nid = "{e.id}"\n' for e in CATALOGUE.exercises),
        tmp_path,
    )
    plan = plan_routine(routine, CATALOGUE)
    steps = build_steps(plan, [item.dosage for item in plan.items])
    assert sum(step.duration_s for step in steps) == plan.total_s


def test_a_gentle_routine_never_takes_a_step_up_but_keeps_a_step_down(tmp_path):
    [routine] = routines_from(
        '[[routine]]\nid = "g"\nname = "G"\ngentle = true\n'
        '[[routine.exercise]]\nid = "pelvic-tilt"\n[[routine.exercise]]\nid = "knee-to-chest"\n',
        tmp_path,
    )
    tilt_default = CATALOGUE.get("pelvic-tilt").dosage
    knee_default = CATALOGUE.get("knee-to-chest").dosage
    up = Dosage(hold_s=tilt_default.hold_s + 5, reps=tilt_default.reps + 5, sets=tilt_default.sets + 1,
                note="Your level 5 of 5")
    down = Dosage(hold_s=max(1, knee_default.hold_s - 2), reps=max(1, knee_default.reps - 2), sets=1,
                  note="Your level 1 of 5")
    tilt, knee = plan_routine(routine, CATALOGUE, dosage_overrides={"pelvic-tilt": up, "knee-to-chest": down}).items
    assert (tilt.dosage.hold_s, tilt.dosage.reps, tilt.dosage.sets) == (
        tilt_default.hold_s, tilt_default.reps, tilt_default.sets
    )
    assert tilt.dosage.note == tilt_default.note, "no note naming a level the routine does not run"
    assert (knee.dosage.hold_s, knee.dosage.reps) == (down.hold_s, down.reps)
    assert knee.dosage.note == "Your level 1 of 5"
