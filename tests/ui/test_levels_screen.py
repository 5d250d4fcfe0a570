"""The Levels view: every exercise's level, from the Today pane and the palette, to keep or reset."""

from __future__ import annotations

import pytest
from pilot_wait import settle
from screen_text import on_screen, screen_text
from textual.widgets import OptionList, Static

from tui_back.ui import keys
from tui_back.ui.app import make_app
from tui_back.ui.levels_screen import LevelsScreen
from tui_back.ui.session_screen import SESSION_KEYS


def lines(app) -> list[str]:
    listing = app.screen.query_one("#levels-list", OptionList)
    return [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]


async def test_every_ladder_is_listed_and_can_be_kept_and_reset(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape", "2")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LevelsScreen)
        shown = lines(app)
        assert len(shown) == len(ctx.progressions.ladders) > 1, "every exercise, not only the changed ones"
        assert all("at the start" in line for line in shown)
        first = next(iter(ctx.progressions.ladders))
        await pilot.press("k")
        await settle(pilot)
        assert "kept at this level" in lines(app)[0]
        assert ctx.journal.levels().ladders[first].held
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert "kept" not in lines(app)[0] and not ctx.journal.levels().ladders[first].held
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, LevelsScreen)


async def test_the_palette_opens_it_too(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.action_levels()
        await settle(pilot)
        assert isinstance(app.screen, LevelsScreen)
        titles = [command.title for command in app.get_system_commands(app.dashboard)]
        assert "Exercise levels" in titles


def test_its_keys_are_none_of_the_sessions():
    session = {name for key_id in SESSION_KEYS for name in keys.BY_ID[key_id].keys.split(",")}
    mine = {name for key_id in ("levels-hold", "levels-reset") for name in keys.BY_ID[key_id].keys.split(",")}
    assert not session & mine


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40), (200, 50)])
async def test_its_title_steps_and_keys_stay_on_screen_however_long_the_list(ctx, size):
    app = make_app(ctx)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.action_levels()
        await settle(pilot)
        assert isinstance(app.screen, LevelsScreen)
        hint = str(app.screen.query_one("#levels-keys", Static).content)
        assert on_screen(app, "Exercise levels") and on_screen(app, hint), screen_text(app)
        assert app.screen.query_one("#levels-steps", Static).content, "the highlighted exercise's steps"
