"""No key sequence crashes the app: the palette corners the issue found, then random keys from a fixed seed."""

from __future__ import annotations

import random

from pilot_wait import settle

from tui_back.ui.app import make_app

KEYS = [
    "1", "2", "3", "4", "enter", "escape", "space", "up", "down", "pageup", "pagedown", "tab", "shift+tab",
    "h", "i", "n", "b", "r", "s", "c", "d", "x", "y", "w", "?", "comma", "slash", "ctrl+p", "home", "end", "left",
    "right", "a", "0", "5", "9",
]  # fmt: skip
"""Every key the app binds, and some it does not; `q` and `ctrl+q` are left out, as they end the run."""


async def test_screenshot_is_not_offered_in_the_palette(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)):
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "Screenshot" not in titles and "History" in titles


async def test_palette_then_pageup_does_not_crash(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", "pageup", "pagedown", "escape")
        await settle(pilot)
        assert app.is_running


async def test_gate_open_then_palette_enter_does_not_crash(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("2", "enter")
        await settle(pilot)
        await pilot.press("ctrl+p", "enter")
        await settle(pilot)
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert app.is_running


async def test_random_keys_never_crash_the_app(ctx, rounds: int = 8):
    """200 keys here; `rounds=200` (5000 keys) is the long run."""
    rng = random.Random(18)
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for _ in range(rounds):
            await pilot.press(*(rng.choice(KEYS) for _ in range(25)))
            await settle(pilot)
            assert app.is_running
