"""Text from the user's own files is shown as typed: square brackets are never taken for markup."""

from __future__ import annotations

from pilot_wait import settle
from textual.widgets import OptionList

from tui_back import paths
from tui_back.ui.app import make_app

EXERCISE = '''
[[exercise]]
id = "brackets"
name = "Lift [left] [/x] leg"
category = "mobility"
muscles = ["[b]glutes"]
position = "supine"
equipment = []
per_side = false
acute_ok = true
steps = ["Lie down [/x].", "Lift the [left] leg."]
easier = "Smaller [/]."
harder = "Longer [red]."
cautions = ["Stop if it hurts [/x]."]

[exercise.dosage]
hold_s = 5
reps = 5
sets = 1
rest_s = 10
'''

ROUTINE = '''
[[routine]]
id = "mine"
name = "Mine [left] [/x]"
description = "My own [/b] routine."

[[routine.exercise]]
id = "brackets"
'''


def write_user_files(ctx) -> None:
    paths.user_exercises_file(ctx.data_dir).parent.mkdir(parents=True, exist_ok=True)
    paths.user_exercises_file(ctx.data_dir).write_text(EXERCISE)
    paths.user_routines_file(ctx.data_dir).write_text(ROUTINE)
    config = paths.config_file(ctx.config_dir)
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('rest_days = ["[/x]", "sat"]\ndefault_routine = "[/x]"\ntheme = "[left]"\n')


def screen_text(app) -> str:
    from test_app import screen_text as text

    return text(app)


async def test_brackets_in_user_files_are_shown_literally(ctx):
    write_user_files(ctx)
    assert not ctx.catalogue.errors and not ctx.routines.errors
    app = make_app(ctx)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        assert "[/x]" in shown  # the config problem, in a notification
        library = app.query_one("#lib-list", OptionList)
        index = next(i for i in range(library.option_count) if library.get_option_at_index(i).id == "brackets")
        library.focus()
        library.highlighted = index
        await settle(pilot)
        shown = screen_text(app)
        assert "Lift [left] [/x] leg" in shown
        assert "Lift the [left] leg." in shown


async def test_a_routine_named_with_brackets_in_the_palette_and_the_today_pane(ctx):
    write_user_files(ctx)
    app = make_app(ctx)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        assert "Mine [left] [/x]" in screen_text(app)  # the Today pane's routine list
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"start mine")
        prompts: list[str] = []
        for _ in range(40):
            await pilot.pause(0.1)
            prompts = [
                str(found.get_option_at_index(i).prompt)
                for found in app.screen.query(OptionList)
                for i in range(found.option_count)
            ]
            if prompts:
                break
        assert any(prompt.startswith("Start Mine [left] [/x]") for prompt in prompts), prompts
