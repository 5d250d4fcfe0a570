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
