"""What gets saved: finished or abandoned sessions and symptom-check results.

Frozen records; `tui_back.store` converts them to and from TinyDB documents. `local_date` is
the user's calendar date at save time and is never recomputed, so a later time-zone change or
DST shift cannot rewrite history.
"""

from __future__ import annotations

from datetime import date, datetime

from msgspec import Struct

from tui_back.domain.str_enum import StrEnum


class SessionStatus(StrEnum):
    """How a saved session ended; saved as these words."""

    COMPLETED = "completed"
    """Ran to the end (skips allowed); counts towards streaks."""
    ABANDONED = "abandoned"
    """Stopped early; kept, but does not count."""
    SAFETY_STOP = "stopped-for-safety"
    """Stopped because the pain rules called for it: does not count, and its day never breaks a streak."""


class CheckKind(StrEnum):
    """Which symptom checklist was answered; saved as these words."""

    FULL = "full"
    """Every red-flag item, from the Symptoms pane."""
    QUICK = "quick"
    """The emergency items only, asked by the pre-session gate."""


COMPLETED, ABANDONED, SAFETY_STOP = SessionStatus
LEG_SYMPTOMS, SEVERE_PAIN, WARNING_SIGN = "leg-symptoms", "severe-pain", "warning-sign"
SAFETY_STOPS = (LEG_SYMPTOMS, SEVERE_PAIN, WARNING_SIGN)
"""Reasons a session is stopped for safety, saved as these words."""
FULL, QUICK = CheckKind


class SessionRecord(Struct, frozen=True):
    local_date: date
    """The day the session started, even if it ended after midnight."""
    started_utc: datetime
    ended_utc: datetime
    routine: str
    status: SessionStatus = COMPLETED
    """`completed` counts towards streaks; `abandoned` and `stopped-for-safety` are kept but do not."""
    done: tuple[str, ...] = ()
    """Exercise ids finished, in order."""
    skipped: tuple[str, ...] = ()
    duration_s: int = 0
    pain_before: int | None = None
    pain_after: int | None = None
    note: str = ""
    hurt: tuple[tuple[str, int], ...] = ()
    """"This hurts" reports during the session: (exercise id, pain 0-10)."""
    origin: str = "app"
    """`app` for a guided session, `log` for one recorded with `tui-back log`."""
    safety_stop: str = ""
    """Why the session was stopped for safety (`SAFETY_STOPS`), empty if it was not. Such a stop asks
    for the full checklist before the next session, and is a safety day, not a missed one."""


class SymptomCheck(Struct, frozen=True):
    local_date: date
    at_utc: datetime
    items: tuple[str, ...]
    """Ids of the ticked red-flag items (empty: none of them)."""
    level: str
    """The triage level the items gave: see `tui_back.domain.triage`."""
    kind: CheckKind = FULL
    corrected: tuple[str, ...] = ()
    """Items ticked and then, asked again in other words, answered "no" ("I ticked this by mistake").
    Kept so the record shows both answers; they are not in `items` and do not count."""


class Clearance(Struct, frozen=True):
    """The user's record that a clinician assessed one red-flag item and said exercise is fine."""

    item: str
    """The red-flag item id."""
    seen_on: date
    """The day they were seen, as the user gave it."""
    at_utc: datetime
    """When the record was made: it covers checks saved up to this moment."""
