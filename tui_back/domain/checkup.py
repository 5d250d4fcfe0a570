"""When the full red-flag checklist must be answered before a session, and what the app is for.

The pre-session gate asks only the emergency items, so the full checklist (cancer, infection,
weight loss, night pain...) is required before the first session, again every `FULL_CHECK_DAYS`
days, and after a session stopped for safety (new leg symptoms, severe pain). Time fails closed:
a check older than that by its UTC time or by its calendar date is due again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from tui_back.domain.records import FULL, Clearance, SessionRecord, SymptomCheck
from tui_back.domain.triage import SAME_DAY, Rules, check_time, rank

FULL_CHECK_DAYS = 14

SCOPE = (
    "tui-back is for adults with ordinary low back pain. If you are pregnant, had surgery on your "
    "spine in the last year, or have a known fracture or cancer in your spine, follow the programme "
    "your own clinician gave you instead of this app."
)
FIRST = f"{SCOPE}\nBefore your first session, please go through the full symptom checklist once."
AGAIN = f"Your last full symptom checklist was {FULL_CHECK_DAYS} or more days ago: please go through it again."
AFTER_STOP = "Your last session stopped for safety: please go through the full symptom checklist before the next one."


def full_check_due(
    checks: Sequence[SymptomCheck], sessions: Sequence[SessionRecord], now_utc: datetime, today: date
) -> str:
    """Why the full checklist must be answered before a session now, or "" if it need not."""
    fulls = [c for c in checks if c.kind == FULL]
    if not fulls:
        return FIRST
    last = max(fulls, key=lambda c: check_time(c, now_utc, today))
    last_at = check_time(last, now_utc, today)
    if now_utc - last_at >= timedelta(days=FULL_CHECK_DAYS) or (today - last.local_date).days >= FULL_CHECK_DAYS:
        return AGAIN
    stops = [s for s in sessions if s.safety_stop]
    if any(min(s.ended_utc, now_utc) >= last_at for s in stops):
        return AFTER_STOP
    return ""


def safety_days(
    checks: Sequence[SymptomCheck],
    sessions: Sequence[SessionRecord],
    clearances: Sequence[Clearance],
    rules: Rules,
    today: date,
) -> frozenset[date]:
    """Days the safety rules kept the user from exercising, for streaks to excuse.

    A serious result (same-day or emergency, corrected items left out) blocks from its day until the
    day of the last all-clear it needed (or today); a session stopped for safety marks its own day.
    """
    days: set[date] = {s.local_date for s in sessions if s.safety_stop}
    for check in checks:
        items = [i for i in check.items if i not in check.corrected]
        level = rules.assess(rules.known(items)).level
        unknown = len(rules.known(items)) < len(items)
        if rank(level) < rank(SAME_DAY) and not (unknown and rank(check.level) >= rank(SAME_DAY)):
            continue
        start = min(check.local_date, today)
        end = today
        needed = [c for c in clearances if c.item in items and c.at_utc >= check.at_utc]
        if {c.item for c in needed} >= set(items):
            end = min(today, max(c.at_utc.date() for c in needed))
        days.update(start + timedelta(days=n) for n in range((end - start).days + 1))
    return frozenset(days)
