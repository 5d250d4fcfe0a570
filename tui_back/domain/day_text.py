"""The one way the app writes a calendar date for people to read: "30 Nov 2026"."""

from __future__ import annotations

from datetime import date


def day_text(day: date) -> str:
    return f"{day.day} {day:%b %Y}"
