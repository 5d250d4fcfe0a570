"""SVG snapshots of the main screens, compared with pytest-textual-snapshot's `snap_compare`.

Run `pytest --snapshot-update` after an intended visual change and review the SVGs in the diff.
Snapshots are deterministic because the clock is a FakeClock (fixed date) and no cursor blinks.
"""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from tui_back.ui.app import make_app


async def steady_cursors(pilot: Pilot) -> None:
    """A blinking cursor would make the picture depend on when it is taken."""
    for field in pilot.app.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_dashboard_at_120x40(snap_compare, ctx):
    assert snap_compare(make_app(ctx), terminal_size=(120, 40), run_before=steady_cursors)


def session_at_a_hold(clock):
    """Through the real gate and the pain question to the first hold, 2 s into it."""

    async def run_before(pilot: Pilot) -> None:
        from pilot_wait import settle

        await pilot.press("escape", "2")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("3", "enter")
        await pilot.pause()
        await pilot.pause()
        await pilot.press("n")
        clock.advance(2.0)
        pilot.app.screen.tick()
        await steady_cursors(pilot)

    return run_before


def test_session_screen_at_120x40(snap_compare, ctx, clock):
    assert snap_compare(make_app(ctx), terminal_size=(120, 40), run_before=session_at_a_hold(clock))


def test_session_screen_at_80x24(snap_compare, ctx, clock):
    assert snap_compare(make_app(ctx), terminal_size=(80, 24), run_before=session_at_a_hold(clock))
