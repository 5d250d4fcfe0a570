"""The next-morning question on screen, and a knees-down plank that shows its own steps (H7, H10)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pilot_wait import settle
from screen_text import on_screen
from textual.widgets import OptionList, Static

from tui_back.domain.progression import STATE_KEY, level_index
from tui_back.domain.records import SessionRecord
from tui_back.ui.app import make_app
from tui_back.ui.levels_screen import LevelsScreen
from tui_back.ui.library_pane import detail_text
from tui_back.ui.morning import WHY, MorningScreen
from tui_back.ui.session_dialogs import ScoreScreen
from tui_back.ui.session_screen import SessionScreen

PLANK_ONLY = '[[routine]]\nid = "plank-only"\nname = "Plank only"\n[[routine.exercise]]\nid = "plank"\n'
KNEES_DOWN = "Keep both knees down"


def full_check(ctx) -> None:
    ctx.journal.save_check(ctx.journal.new_check((), "full"))


def exercised(ctx, days_ago: int = 1) -> None:
    """An easy session `days_ago` days back, the plank at full plank 10 s before it."""
    ctx.store.set_state(STATE_KEY, {"exercises": {"plank": {"level": 2, "easy": 0, "label": "full plank 10 s"}}})
    end = ctx.clock.utcnow() - timedelta(days=days_ago)
    ctx.journal.save_session(SessionRecord(
        ctx.clock.today() - timedelta(days=days_ago), end - timedelta(minutes=10), end, "daily",
        done=("plank", "bird-dog"), pain_before=1, pain_after=1,
    ))


async def launched(pilot) -> None:
    await settle(pilot)
    await pilot.pause()
    await settle(pilot)


@pytest.mark.parametrize("size", [(60, 20), (120, 40), (200, 50)])
async def test_the_question_at_the_first_launch_after_a_session_is_on_screen_and_worse_steps_down(ctx, size):
    exercised(ctx)
    app = make_app(ctx)
    async with app.run_test(size=size) as pilot:
        await launched(pilot)
        assert isinstance(app.screen, MorningScreen)
        width, height = size
        for selector in ("#morning-question", "#morning-why", "#morning-keys"):
            region = app.screen.query_one(selector).region
            assert region.height >= 1 and region.y >= 0 and region.bottom <= height and region.right <= width
        assert on_screen(app, "How does your back feel this morning")
        assert on_screen(app, "Worse than usual")
        assert on_screen(app, "w worse s same b better esc skip")
        assert str(app.screen.query_one("#morning-why", Static).content) == WHY
        await pilot.press("w")
        await settle(pilot)
        assert not isinstance(app.screen, MorningScreen)
        state = ctx.store.get_state(STATE_KEY)
        assert state["morning_answer"]["answer"] == "worse"
        assert level_index(ctx.progressions, state, "plank") == 1
        await pilot.press("2")
        await pilot.pause()
        assert "Knees-down plank" in app.query_one("#today-plan").text


async def test_same_day_launch_asks_nothing_and_skipping_is_not_asked_again_this_run(ctx, clock, passing_gate):
    full_check(ctx)
    exercised(ctx, days_ago=0)
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await launched(pilot)
        assert not isinstance(app.screen, MorningScreen), "not on the day of the session"
    exercised(ctx, days_ago=1)
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await launched(pilot)
        assert isinstance(app.screen, MorningScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert "morning_answer" not in ctx.store.get_state(STATE_KEY)
        await pilot.press("escape", "2", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ScoreScreen), "skipped: the session starts without asking again"


async def test_with_the_app_left_open_overnight_it_is_asked_with_the_next_session(ctx, clock, passing_gate):
    full_check(ctx)
    exercised(ctx, days_ago=0)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await launched(pilot)
        assert not isinstance(app.screen, MorningScreen)
        clock.set_today(clock.today() + timedelta(days=1), hour=8)
        await pilot.press("escape", "2", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MorningScreen)
        assert on_screen(app, "How does your back feel this morning")
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, ScoreScreen), "then the session goes on as usual"
        assert ctx.store.get_state(STATE_KEY)["morning_answer"]["answer"] == "better"


async def test_a_new_users_plank_is_the_knees_down_plank_in_the_session_and_the_levels_view(ctx, passing_gate):
    ctx.data_dir.mkdir(parents=True, exist_ok=True)
    (ctx.data_dir / "routines.toml").write_text(PLANK_ONLY, encoding="utf-8")
    full_check(ctx)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await launched(pilot)
        await pilot.press("escape", "2", "l")
        await settle(pilot)
        assert isinstance(app.screen, LevelsScreen)
        listing = app.screen.query_one("#levels-list", OptionList)
        listing.highlighted = list(ctx.journal.levels().ladders).index("plank")
        await pilot.pause()
        steps = str(app.screen.query_one("#levels-steps", Static).content)
        assert steps.startswith("Knees-down plank at this level:") and KNEES_DOWN in steps
        assert on_screen(app, "Knees-down plank at this level")
        await pilot.press("escape")
        await pilot.pause()
        picker = app.query_one("#today-routines", OptionList)
        picker.highlighted = picker.get_option_index("plank-only")
        await pilot.pause()
        assert "Knees-down plank" in app.query_one("#today-plan").text
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert on_screen(app, "Knees-down plank") and on_screen(app, KNEES_DOWN)
        assert not on_screen(app, "Tuck your toes under")


def test_the_library_detail_lists_each_variant_with_its_levels_and_own_steps(ctx):
    plank = ctx.catalogue.get("plank")
    text = detail_text(plank, ctx.progressions.ladders["plank"])
    assert "Knees-down plank: levels 1, 2 of 5 (new users start here)" in text
    assert KNEES_DOWN in text and "Tuck your toes under" in text, "the full plank's own steps stay above"
    side = detail_text(ctx.catalogue.get("side-plank"), ctx.progressions.ladders["side-plank"])
    assert "Bent-knee side plank: levels 1, 2 of 6 (new users start here)" in side
    assert "Knees-down" not in detail_text(plank), "without a ladder, the catalogue entry alone"
