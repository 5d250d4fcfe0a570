"""Messages panes post upward, each carrying what was saved, so receivers never re-read the store.

The app routes them so panes never reach into each other.
"""

from __future__ import annotations

from textual.message import Message

from tui_back.journal import Levels, SavedCheck, SavedSession


class SessionSaved(Message):
    """A guided session was saved (completed or abandoned): the Streak pane shows `saved.history`."""

    def __init__(self, saved: SavedSession) -> None:
        super().__init__()
        self.saved = saved


class HistoryChanged(Message):
    """A session was removed or a day excused in the history view: the Streak pane reads again."""


class CheckSaved(Message):
    """A symptom check was saved: the Symptoms pane shows `saved.checks`."""

    def __init__(self, saved: SavedCheck) -> None:
        super().__init__()
        self.saved = saved


class LevelsChanged(Message):
    """An exercise level was held, released or reset: the Today pane plans with `levels`."""

    def __init__(self, levels: Levels) -> None:
        super().__init__()
        self.levels = levels


class OpenChecklist(Message):
    """Show the Symptoms pane, e.g. after new leg symptoms stopped a session."""
