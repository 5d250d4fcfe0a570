"""ASCII mode reaches every character on screen, Textual's own widgets included."""

from __future__ import annotations

import pytest
from pilot_wait import settle
from screen_text import screen_text

from tui_back.ui.app import make_app
from tui_back.ui.gate import GateScreen
from tui_back.ui.session_dialogs import ScoreScreen
from tui_back.ui.session_screen import SessionScreen

ROUTINE = """
[[routine]]
id = "tiny"
name = "Tiny"

[[routine.exercise]]
id = "pelvic-tilt"
hold_s = 30
reps = 2
"""


def not_ascii(app) -> list[str]:
    return sorted({char for char in screen_text(app) if not char.isascii()})


@pytest.mark.parametrize("size", [(60, 20), (120, 40)])
async def test_every_screen_is_seven_bit_ascii(ctx, clock, size):
    ctx.data_dir.mkdir(parents=True, exist_ok=True)
    (ctx.data_dir / "routines.toml").write_text(ROUTINE, encoding="utf-8")
    ctx.config_dir.mkdir(parents=True, exist_ok=True)
    (ctx.config_dir / "config.toml").write_text('default_routine = "tiny"\nascii = true\n', encoding="utf-8")
    ctx.journal.save_check(ctx.journal.new_check((), "full"))
    app = make_app(ctx)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for pane in "1234":  # one at a time at 60x20, all four at 120x40
            await pilot.press(pane)
            await settle(pilot)
            assert not_ascii(app) == [], (size, "pane", pane)
        await pilot.press("question_mark")
        await pilot.pause()
        assert not_ascii(app) == [], (size, "help")
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        assert not_ascii(app) == [], (size, "palette")
        await pilot.press("escape", "2", "enter")
        await settle(pilot)
        assert isinstance(app.screen, GateScreen)
        assert not_ascii(app) == [], (size, "gate")
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ScoreScreen)
        assert not_ascii(app) == [], (size, "pain question")
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        clock.advance(6)
        screen.tick()
        await pilot.pause()
        assert "HOLD" in screen_text(app) and not_ascii(app) == [], (size, "session")
        await pilot.press("escape")
        await pilot.pause()
        assert "Stop this session?" in screen_text(app) and not_ascii(app) == [], (size, "stop question")


async def test_without_ascii_textual_draws_its_own_characters(ctx):
    """The check above can fail: the same screens in UTF-8 mode have box and block characters."""
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not_ascii(app) != []
