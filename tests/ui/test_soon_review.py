"""A "soon" result that does not call for the gentle routines asks for a review, and the session may
go on (H15); its own advice (pregnancy, recent surgery) is readable at the smallest size."""

from __future__ import annotations

import pytest
from pilot_wait import settle
from screen_text import on_screen
from textual.widgets import Static

from tui_back.ui.app import make_app
from tui_back.ui.gate import GateScreen
from tui_back.ui.session_dialogs import ScoreScreen, YesNoScreen


@pytest.mark.parametrize("size", [(60, 20), (120, 40)])
async def test_a_soon_check_for_pregnancy_asks_for_a_review_and_shows_its_own_advice(ctx, size):
    ctx.journal.save_check(ctx.journal.new_check(("S8",), "full"))
    app = make_app(ctx)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("escape", "2", "enter")
        await settle(pilot)
        assert isinstance(app.screen, GateScreen)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, YesNoScreen)
        message = app.screen.query_one(Static)
        assert "review" in str(message.content) and "midwife" in str(message.content)
        assert message.region.bottom <= size[1] and message.content_region.height >= 1
        assert message.size.height == message.virtual_size.height, "all of the advice is shown"
        assert on_screen(app, "y Yes")
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ScoreScreen), "any routine may start: only the levels are held"


async def test_a_gentle_session_never_names_a_stepped_up_level_it_does_not_run(ctx, passing_gate):
    from tui_back.domain.progression import STATE_KEY
    from tui_back.ui.session_screen import SessionScreen

    ctx.journal.save_check(ctx.journal.new_check((), "full"))
    ctx.store.set_state(STATE_KEY, {"exercises": {"pelvic-tilt": {"level": 4, "easy": 0}}})
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("escape", "2")
        await settle(pilot)
        picker = app.query_one("#today-routines")
        picker.highlighted = picker.get_option_index("gentle")
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert on_screen(app, "Pelvic tilt") and not on_screen(app, "2 sets")
        assert app.screen.session.dosage.sets == ctx.catalogue.get("pelvic-tilt").dosage.sets
