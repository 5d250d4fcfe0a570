"""The user's exercises.toml against the shipped routines, and control characters in it."""

from __future__ import annotations

import pytest

from tui_back.clock import FakeClock
from tui_back.context import build_context
from tui_back.reporting import report_markdown

OVERRIDE = """
[[exercise]]
id = "{id}"
name = "{name}"
category = "mobility"
position = "supine"
acute_ok = {acute_ok}
steps = ["{step}"]
[exercise.dosage]
reps = 8
pace_s = 4
"""


def context(tmp_path, text: str):
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data" / "exercises.toml").write_text(text, encoding="utf-8")
    return build_context(data_dir=tmp_path / "data", config_dir=tmp_path / "config", clock=FakeClock())


@pytest.mark.parametrize("exercise_id", ["pelvic-tilt", "knee-to-chest"])
def test_an_override_that_breaks_a_builtin_routine_is_reported_and_the_builtin_kept(tmp_path, exercise_id):
    ctx = context(tmp_path, OVERRIDE.format(id=exercise_id, name="Mine", acute_ok="false", step="Do it."))
    routines = ctx.routines
    assert {r.id for r in routines.routines} >= {"gentle"}
    assert ctx.catalogue.get(exercise_id).acute_ok is True
    (error,) = ctx.catalogue.errors
    assert "exercises.toml" in error and exercise_id in error and "built-in exercise is used" in error
    assert "# " in report_markdown(ctx)


def test_an_override_that_fits_is_used(tmp_path):
    ctx = context(tmp_path, OVERRIDE.format(id="pelvic-tilt", name="My tilt", acute_ok="true", step="Do it."))
    assert ctx.catalogue.errors == () and ctx.catalogue.get("pelvic-tilt").name == "My tilt"
    assert ctx.routines.routines


def test_control_characters_in_names_and_steps_are_replaced_on_load(tmp_path):
    evil = OVERRIDE.format(
        id="evil", name="Evil \\u001b]52;c;ZXZpbA==\\u0007", acute_ok="true", step="Step \\u001b[2J\\u009b31m"
    )
    exercise = context(tmp_path, evil).catalogue.get("evil")
    for text in (exercise.name, *exercise.steps):
        assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in text), text
