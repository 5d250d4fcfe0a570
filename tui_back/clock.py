"""Time, passed in rather than read from globals, so domain code and tests agree on "now".

`monotonic()` measures durations (timers); `utcnow()` stamps records; `today()` is the user's
local calendar date, the one streaks are counted in.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def utcnow(self) -> datetime: ...

    def today(self) -> date: ...


class SystemClock:
    """The real clock."""

    def monotonic(self) -> float:
        return time.monotonic()

    def utcnow(self) -> datetime:
        return datetime.now(timezone.utc)

    def today(self) -> date:
        return date.today()


class FakeClock:
    """A clock that moves only when told to; `advance` moves monotonic and wall time together."""

    def __init__(
        self,
        start: datetime = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc),
        tz: tzinfo = timezone.utc,
    ) -> None:
        self._mono = 1000.0
        self._utc = start
        self.tz = tz

    def monotonic(self) -> float:
        return self._mono

    def utcnow(self) -> datetime:
        return self._utc

    def today(self) -> date:
        return self._utc.astimezone(self.tz).date()

    def advance(self, seconds: float) -> None:
        self._mono += seconds
        self._utc += timedelta(seconds=seconds)

    def set_today(self, day: date, hour: int = 9) -> None:
        """Jump the wall clock to `day` (monotonic time keeps running forward)."""
        self._utc = datetime(day.year, day.month, day.day, hour, tzinfo=self.tz).astimezone(timezone.utc)
