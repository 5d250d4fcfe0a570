"""SVG snapshots of the main screens, compared with pytest-textual-snapshot's `snap_compare`.

Run `pytest tests/ui/test_snapshots.py --snapshot-update` after an intended visual change and review
the SVGs in the diff. Snapshots are deterministic: the clock is a FakeClock (a fixed date), no cursor
blinks, and each picture is taken once the journal's reads have finished.
"""

from __future__ import annotations

from pilot_wait import settle
from textual.pilot import Pilot
from textual.widgets import Input

from tui_back.ui.app import make_app


async def steady(pilot: Pilot) -> None:
    """Wait for the history to be on screen, and stop the cursors blinking."""
    await settle(pilot)
    for field in pilot.app.query(Input):
        field.cursor_blink = False
    await pilot.pause()


def test_dashboard_at_120x40(snap_compare, ctx):
    assert snap_compare(make_app(ctx), terminal_size=(120, 40), run_before=steady)


def test_dashboard_at_80x24(snap_compare, ctx):
    assert snap_compare(make_app(ctx), terminal_size=(80, 24), run_before=steady)


def test_help_at_120x40(snap_compare, ctx):
    async def open_help(pilot: Pilot) -> None:
        await steady(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(ctx), terminal_size=(120, 40), run_before=open_help)


def test_safety_check_before_a_session_at_120x40(snap_compare, ctx):
    async def open_gate(pilot: Pilot) -> None:
        await steady(pilot)
        await pilot.press("2", "enter")
        await settle(pilot)

    assert snap_compare(make_app(ctx), terminal_size=(120, 40), run_before=open_gate)



def session_at_a_hold(clock):
    """Through the real gate and the pain question to the first hold, 2 s into it."""

    async def run_before(pilot: Pilot) -> None:
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
        await steady(pilot)

    return run_before


def checked(ctx):
    """The context after a clear full checklist, which a first session needs."""
    ctx.journal.save_check(ctx.journal.new_check((), "full"))
    return ctx


def test_session_screen_at_120x40(snap_compare, ctx, clock):
    assert snap_compare(make_app(checked(ctx)), terminal_size=(120, 40), run_before=session_at_a_hold(clock))


def test_session_screen_at_80x24(snap_compare, ctx, clock):
    assert snap_compare(make_app(checked(ctx)), terminal_size=(80, 24), run_before=session_at_a_hold(clock))
