"""Red-flag triage: which ticked symptoms mean "get help", and whether a session may start.

The rules live in `data/red_flags.toml` so their wording and sources can be reviewed without
reading code. Everything here is deliberately conservative: the highest level among the ticked
items decides, a single emergency sign is enough, and nothing can override a block.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, Literal

from msgspec import Struct, field

from tui_back.domain.records import FULL, SymptomCheck
from tui_back.domain.str_enum import StrEnum
from tui_back.domain.validation import DataError, NonEmptyTexts, Text, convert, reject_duplicates, source_names


class TriageLevel(StrEnum):
    """How urgent a symptom-check result is, least to most; saved as these words."""

    NONE = "none"
    SOON = "soon"
    SAME_DAY = "same-day"
    EMERGENCY = "emergency"


NONE, SOON, SAME_DAY, EMERGENCY = TriageLevel
LEVELS = tuple(TriageLevel)
"""Least to most urgent."""
ITEM_LEVELS = (EMERGENCY, SAME_DAY, SOON)
"""Levels a checklist item can carry, most urgent first (the order the checklist shows them)."""
RECENT_DAYS = 14
"""How long a "soon" (or worse) result keeps sessions to the Gentle routine: today and the 13 days before."""


def rank(level: str) -> int:
    """Position of `level` in `LEVELS`; a higher number is more urgent."""
    try:
        return LEVELS.index(level)
    except ValueError:
        raise ValueError(f"unknown triage level '{level}'") from None


class RedFlag(Struct, frozen=True):
    id: str
    level: TriageLevel
    text: str
    """The checklist wording."""
    short: str
    """A few words for result banners and history lines."""
    sources: tuple[str, ...]
    """Full names of the guidance this item follows."""

    @property
    def label(self) -> str:
        return f"{self.id} {self.short}"


class LevelText(Struct, frozen=True):
    """What a result at one level tells the user."""

    level: TriageLevel
    heading: str
    """Checklist group heading; empty for `none`, which has no items."""
    headline: str
    advice: str
    sources: tuple[str, ...]


class TriageResult(Struct, frozen=True):
    level: TriageLevel
    reasons: tuple[RedFlag, ...]
    """The ticked items at the deciding level (lower-level ticks do not change the advice)."""
    headline: str
    advice: str

    @property
    def blocks_session(self) -> bool:
        return rank(self.level) >= rank(SAME_DAY)

    @property
    def gentle_only(self) -> bool:
        return self.level == SOON


class Rules(Struct, frozen=True):
    items: tuple[RedFlag, ...]
    levels: Mapping[str, LevelText]

    def item(self, item_id: str) -> RedFlag:
        for flag in self.items:
            if flag.id == item_id:
                return flag
        raise KeyError(item_id)

    def at_level(self, level: str) -> tuple[RedFlag, ...]:
        return tuple(flag for flag in self.items if flag.level == level)

    @property
    def emergency_items(self) -> tuple[RedFlag, ...]:
        """The items the pre-session gate asks every time."""
        return self.at_level(EMERGENCY)

    def groups(self) -> list[tuple[LevelText, tuple[RedFlag, ...]]]:
        """Checklist groups, most urgent first."""
        return [(self.levels[level], self.at_level(level)) for level in ITEM_LEVELS]

    def assess(self, ticked_ids: Iterable[str]) -> TriageResult:
        """The result for a set of ticked item ids; an unknown id is a programming error (KeyError)."""
        ticked = [self.item(item_id) for item_id in dict.fromkeys(ticked_ids)]
        level = max((flag.level for flag in ticked), key=rank, default=NONE)
        reasons = tuple(flag for flag in self.items if flag in ticked and flag.level == level)
        text = self.levels[level]
        return TriageResult(level, reasons, text.headline, text.advice)

    def labels(self, item_ids: Iterable[str]) -> list[str]:
        """A label such as "E1 numb around ..." per id; ids from an older rules file are shown bare."""
        known = {flag.id: flag for flag in self.items}
        return [known[i].label if i in known else i for i in item_ids]


class ItemTable(Struct, frozen=True, forbid_unknown_fields=True):
    """One `[[item]]`: a checklist question; `sources` are keys of `[sources]`."""

    id: Text
    level: Literal["emergency", "same-day", "soon"]
    text: Text
    short: Text
    sources: NonEmptyTexts


class LevelTable(Struct, frozen=True, forbid_unknown_fields=True):
    """One `[level.<name>]`: what a result at that level tells the user."""

    heading: Text
    headline: Text
    advice: Text
    sources: NonEmptyTexts


class ClearLevelTable(Struct, frozen=True, forbid_unknown_fields=True):
    """`[level.none]`, which heads no checklist group and so needs no heading."""

    headline: Text
    advice: Text
    sources: NonEmptyTexts
    heading: Text = ""


class LevelTables(Struct, frozen=True, forbid_unknown_fields=True, rename={"same_day": "same-day"}):
    none: ClearLevelTable
    soon: LevelTable
    same_day: LevelTable
    emergency: LevelTable


class RedFlagsFile(Struct, frozen=True, forbid_unknown_fields=True):
    """`data/red_flags.toml`."""

    level: LevelTables
    sources: dict[str, Text] = field(default_factory=dict)
    """Key -> full name of the guidance."""
    item: tuple[ItemTable, ...] = ()


def parse_rules(document: dict[str, Any], source: str) -> Rules:
    """The rules of a parsed red-flags file; `DataError` names the file, item or level and field."""
    parsed = convert(document, RedFlagsFile, source, items={"item": "item", "level": "level"})
    levels: dict[str, LevelText] = {}
    for level in LEVELS:
        table = getattr(parsed.level, level.name.lower())
        item = f"level '{level}'"
        levels[level] = LevelText(
            level=level,
            heading=table.heading.strip(),
            headline=table.headline.strip(),
            advice=table.advice.strip(),
            sources=source_names(table.sources, parsed.sources, source, item),
        )
    items = tuple(
        RedFlag(
            id=table.id.strip(),
            level=TriageLevel(table.level),
            text=table.text.strip(),
            short=table.short.strip(),
            sources=source_names(table.sources, parsed.sources, source, f"item '{table.id}'"),
        )
        for table in parsed.item
    )
    reject_duplicates((flag.id for flag in items), source, "item")
    for level in ITEM_LEVELS:
        if not any(flag.level == level for flag in items):
            raise DataError(source, "no [[item]] has this level", f"level '{level}'")
    return Rules(items, levels)


class GateOutcome(Struct, frozen=True):
    """The pre-session gate's answer: may a session start, and which routines."""

    allowed: bool
    gentle_only: bool
    """Only the Gentle routine may start (a recent "soon" or worse result)."""
    message: str
    level: TriageLevel = NONE
    """The triage level behind the decision, for styling the message."""


def gate_decision(
    quick_emergency_ids: Iterable[str],
    checks: Sequence[SymptomCheck],
    today: date,
    rules: Rules,
) -> GateOutcome:
    """Whether a session may start, from the gate's answers and the saved checks.

    In order, first match wins:
    1. any emergency item ticked at the gate: blocked;
    2. any check dated today at "same-day" or "emergency": blocked for the rest of the day,
       whatever was answered later (being seen by a doctor happens outside the app);
    3. the most recent check of the last `RECENT_DAYS` days (today included) at "soon" or worse,
       unless a later *full* check came back clean: Gentle routine only. A clean quick check does
       not clear it, because the gate asks only the emergency items;
    4. otherwise allowed.
    Checks dated after `today` (a clock set back) are ignored.
    """
    quick = rules.assess(quick_emergency_ids)
    if quick.level == EMERGENCY:
        reasons = [flag.id for flag in quick.reasons]
        return GateOutcome(False, False, _blocked_message(rules, EMERGENCY, reasons), EMERGENCY)
    past = sorted((c for c in checks if c.local_date <= today), key=lambda c: (c.local_date, c.at_utc))
    worst_today = max(
        (c for c in past if c.local_date == today), key=lambda c: rank(c.level), default=None
    )
    if worst_today is not None and rank(worst_today.level) >= rank(SAME_DAY):
        level = TriageLevel(worst_today.level)
        return GateOutcome(False, False, _blocked_message(rules, level, worst_today.items, today=True), level)
    for check in reversed(past):
        if (today - check.local_date).days >= RECENT_DAYS:
            break
        if rank(check.level) >= rank(SOON):
            soon = rules.levels[SOON]
            return GateOutcome(
                True,
                True,
                f"Gentle routine only: your check on {check.local_date.isoformat()} gave "
                f"'{check.level}'. {soon.advice} A clear full checklist lifts this.",
                SOON,
            )
        if check.kind == FULL:
            break
    clear = rules.levels[NONE]
    return GateOutcome(True, False, f"No emergency signs. {clear.advice}")


def _blocked_message(rules: Rules, level: TriageLevel, item_ids: Iterable[str], today: bool = False) -> str:
    text = rules.levels[level]
    message = f"{text.headline}\n{text.advice}\nThe session cannot start."
    ids = list(item_ids)
    deciding = [i for i in ids if any(f.id == i and f.level == level for f in rules.items)]
    labels = rules.labels(deciding or ids)
    if labels:
        message += f"\nBecause of{' (earlier today)' if today else ''}: {', '.join(labels)}."
    return message
