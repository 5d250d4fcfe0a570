"""Messages panes post upward; the app routes them so panes never reach into each other."""

from __future__ import annotations

from textual.message import Message


class SessionSaved(Message):
    """A guided session was saved (completed or abandoned): the Streak pane refreshes."""


class CheckSaved(Message):
    """A symptom check was saved: the Symptoms and Today panes refresh."""


class OpenChecklist(Message):
    """Show the Symptoms pane, e.g. after new leg symptoms stopped a session."""
