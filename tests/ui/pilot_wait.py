"""Waiting in Pilot tests for the journal calls that run in worker threads."""

from __future__ import annotations

from tui_back.ui.journal_access import JOURNAL_WORK


async def settle(pilot) -> None:
    """Return once no journal call is running and what they returned is on screen."""
    app = pilot.app
    while True:
        await pilot.pause()
        running = [worker for worker in app.workers if worker.group == JOURNAL_WORK and not worker.is_finished]
        if not running:
            return
        await app.workers.wait_for_complete(running)
