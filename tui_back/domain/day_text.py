"""The one way the app writes a calendar date for people to read: "30 Nov 2026"."""

from __future__ import annotations

from datetime import date, datetime, timedelta


def day_text(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def parse_day(text: str, today: date) -> date | None:
    """A day the user typed: "today", "yesterday", "2026-11-30" or "30 Nov 2026"; None if it is none of these."""
    words = text.strip().lower()
    if words in ("today", "yesterday"):
        return today if words == "today" else today - timedelta(days=1)
    for pattern in ("%Y-%m-%d", "%d %b %Y", "%d %B %Y"):
        try:
            return datetime.strptime(words, pattern).date()
        except ValueError:
            continue
    return None
