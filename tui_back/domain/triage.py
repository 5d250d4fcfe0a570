"""Red-flag triage: which ticked symptoms mean "get help", and whether a session may start.

The rules live in `data/red_flags.toml` so their wording and sources can be reviewed without
reading code. Everything here is deliberately conservative: the highest level among the ticked
items decides, a single emergency sign is enough, and nothing can override a block.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any, Literal

from msgspec import Struct, field

from tui_back.domain.day_text import day_text
from tui_back.domain.records import FULL, Clearance, SymptomCheck
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
"""How long a "soon" result keeps sessions to the Gentle routine, counted from the check's UTC time."""
CLEARANCE_DAYS = 84
"""How long (12 weeks from the day seen) a clinician's all-clear covers later ticks of the same item."""


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
    """One line: what the gate shows, and the words in result banners and history lines."""
    sources: tuple[str, ...]
    """Full names of the guidance this item follows."""
    reask: str = ""
    """The same question in other words, asked when the user unticks it as a mistake."""
    gentle_only: bool = False
    """A "soon" item that also keeps sessions to the gentle routines (new sciatica, severe pain);
    other "soon" items hold exercise levels and ask for a review, with any routine."""
    advice: str = ""
    """Its own advice, added to the level's (pregnancy, recent surgery, osteoporosis)."""

    @property
    def label(self) -> str:
        """What a person reads for this item (never the internal id)."""
        return self.short

    @property
    def asked_again(self) -> str:
        return self.reask or self.text


class Combo(Struct, frozen=True):
    """Risk factors that together raise the result: any of `any_of` ticked with any of `with_any`."""

    id: str
    level: TriageLevel
    any_of: tuple[str, ...]
    with_any: tuple[str, ...]
    text: str
    """Why the combination matters, in plain words."""
    sources: tuple[str, ...]

    def applies(self, ticked: Iterable[str]) -> bool:
        ids = set(ticked)
        return bool(ids & set(self.any_of)) and bool(ids & set(self.with_any))


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
    """The ticked items at the deciding level (lower-level ticks do not change the advice), or the
    items of a combination that raised the level."""
    headline: str
    advice: str
    combos: tuple[Combo, ...] = ()
    """The combinations that decided the level."""

    @property
    def blocks_session(self) -> bool:
        return rank(self.level) >= rank(SAME_DAY)

    @property
    def gentle_only(self) -> bool:
        """A "soon" result from an item that limits sessions to the gentle routines."""
        return self.level == SOON and any(flag.gentle_only for flag in self.reasons)


class Rules(Struct, frozen=True):
    items: tuple[RedFlag, ...]
    levels: Mapping[str, LevelText]
    combos: tuple[Combo, ...] = ()

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
        ids = tuple(dict.fromkeys(ticked_ids))
        ticked = [self.item(item_id) for item_id in ids]
        single = max((flag.level for flag in ticked), key=rank, default=NONE)
        fired = [combo for combo in self.combos if combo.applies(ids)]
        level = max([single, *(combo.level for combo in fired)], key=rank)
        deciding = tuple(combo for combo in fired if combo.level == level)
        involved = {i for combo in deciding for i in (*combo.any_of, *combo.with_any)}
        reasons = tuple(
            flag for flag in self.items if flag in ticked and (flag.level == level or flag.id in involved)
        )
        text = self.levels[level]
        advice = " ".join((text.advice, *(flag.advice for flag in reasons if flag.advice)))
        return TriageResult(level, reasons, text.headline, advice, deciding)

    def labels(self, item_ids: Iterable[str]) -> list[str]:
        """The words for each id; an id an older rules file had is shown as "an earlier checklist item"."""
        known = {flag.id: flag for flag in self.items}
        return [known[i].label if i in known else "an item of an earlier checklist" for i in item_ids]

    def known(self, item_ids: Iterable[str]) -> tuple[str, ...]:
        ids = {flag.id for flag in self.items}
        return tuple(i for i in item_ids if i in ids)


class ItemTable(Struct, frozen=True, forbid_unknown_fields=True):
    """One `[[item]]`: a checklist question; `sources` are keys of `[sources]`."""

    id: Text
    level: Literal["emergency", "same-day", "soon"]
    text: Text
    short: Text
    sources: NonEmptyTexts
    reask: str = ""
    gentle_only: bool = False
    advice: Text = ""


class ComboTable(Struct, frozen=True, forbid_unknown_fields=True):
    """One `[[combo]]`: item ids that together raise the result to `level`."""

    id: Text
    level: Literal["emergency", "same-day", "soon"]
    any_of: NonEmptyTexts
    with_any: NonEmptyTexts
    text: Text
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
    combo: tuple[ComboTable, ...] = ()


def parse_rules(document: dict[str, Any], source: str) -> Rules:
    """The rules of a parsed red-flags file; `DataError` names the file, item or level and field."""
    parsed = convert(document, RedFlagsFile, source, items={"item": "item", "level": "level", "combo": "combo"})
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
            reask=table.reask.strip(),
            gentle_only=table.gentle_only,
            advice=table.advice.strip(),
        )
        for table in parsed.item
    )
    reject_duplicates((flag.id for flag in items), source, "item")
    for level in ITEM_LEVELS:
        if not any(flag.level == level for flag in items):
            raise DataError(source, "no [[item]] has this level", f"level '{level}'")
    ids = {flag.id for flag in items}
    combos = []
    for table in parsed.combo:
        where = f"combo '{table.id}'"
        for name in ("any_of", "with_any"):
            unknown = [i for i in getattr(table, name) if i not in ids]
            if unknown:
                raise DataError(source, f"unknown item id '{unknown[0]}'", where, name)
        combos.append(
            Combo(
                table.id.strip(),
                TriageLevel(table.level),
                tuple(table.any_of),
                tuple(table.with_any),
                table.text.strip(),
                source_names(table.sources, parsed.sources, source, where),
            )
        )
    reject_duplicates((combo.id for combo in combos), source, "combo")
    return Rules(items, levels, tuple(combos))


class GateOutcome(Struct, frozen=True):
    """The pre-session gate's answer: may a session start, and which routines."""

    allowed: bool
    gentle_only: bool
    """Only the Gentle routine may start (a recent "soon" result)."""
    message: str
    level: TriageLevel = NONE
    """The triage level behind the decision, for styling the message."""
    open_items: tuple[str, ...] = ()
    """Items of a saved check that keep the session blocked until a clinician's all-clear is recorded."""
    until: str = ""
    """What lifts the block or limit, in words (for the Symptoms pane)."""
    needs_full_check: bool = False
    """Blocked only until the full checklist is answered (first run, every 14 days, after a safety stop)."""


def covers(clearance: Clearance, check: SymptomCheck, level: str, today: date) -> bool:
    """Whether a recorded all-clear for an item covers that item's tick in `check`.

    It always covers checks saved before it was recorded (that episode was assessed). It covers
    later ticks for `CLEARANCE_DAYS` after the day seen, except emergency items: a new emergency
    tick is a new emergency.
    """
    if check.at_utc <= clearance.at_utc:
        return True
    return level != EMERGENCY and today <= clearance.seen_on + timedelta(days=CLEARANCE_DAYS)


def standing_items(check: SymptomCheck, rules: Rules, clearances: Sequence[Clearance], today: date) -> tuple[str, ...]:
    """The ticked items of `check` that still count: not corrected, not covered by an all-clear.
    A check whose items all still count keeps at least the level it was saved with.

    An id the current rules do not know counts at the level the check saved (failing closed).
    """
    standing = []
    for item_id in check.items:
        if item_id in check.corrected:
            continue
        known = rules.known((item_id,))
        level = rules.item(item_id).level if known else check.level
        if any(c.item == item_id and covers(c, check, level, today) for c in clearances):
            continue
        standing.append(item_id)
    return tuple(standing)


def standing_level(check: SymptomCheck, rules: Rules, clearances: Sequence[Clearance], today: date) -> TriageLevel:
    items = standing_items(check, rules, clearances, today)
    level = rules.assess(rules.known(items)).level
    unchanged = items == check.items
    if (unchanged or len(rules.known(items)) < len(items)) and rank(check.level) > rank(level):
        return TriageLevel(check.level)
    return level


def check_time(check: SymptomCheck, now_utc: datetime, today: date) -> datetime:
    """When a check counts as saved: a check dated after now (clock set back, travel west, a time-zone
    change) counts as saved now, so a moved clock can never make it older."""
    if check.at_utc > now_utc or check.local_date > today:
        return now_utc
    return check.at_utc


def gate_decision(
    quick_emergency_ids: Iterable[str],
    checks: Sequence[SymptomCheck],
    today: date,
    rules: Rules,
    *,
    now_utc: datetime,
    clearances: Sequence[Clearance] = (),
) -> GateOutcome:
    """Whether a session may start, from the gate's answers, the saved checks and the all-clears.

    In order, first match wins:
    1. any emergency item ticked at the gate: blocked;
    2. any saved check at "same-day" or "emergency" (counting only its items not corrected and
       not covered by a recorded all-clear): blocked, with that level's own advice, however long
       ago, until the user records that a clinician has seen them about each item;
    3. the most recent check of the last `RECENT_DAYS` days at "soon", unless a later *full* check
       came back clean: gentle routines only when a deciding item is `gentle_only` (new sciatica,
       severe pain, severe pain during exercise) or unknown (failing closed); otherwise allowed with
       the level's advice (book a review; levels are held, as the progression rules stop steps up
       after a "soon" check) and the item's own advice. A clean quick check does not clear it,
       because the gate asks only the emergency items;
    4. otherwise allowed.
    Time fails closed: a check dated after `today` or `now_utc` counts as saved now, and "the last
    14 days" holds if either its UTC time or its calendar date says so.
    """
    quick = rules.assess(quick_emergency_ids)
    if quick.level == EMERGENCY:
        reasons = [flag.id for flag in quick.reasons]
        return GateOutcome(
            False, False, _blocked_message(rules, EMERGENCY, reasons), EMERGENCY, until=UNTIL_EMERGENCY
        )
    ordered = sorted(checks, key=lambda c: check_time(c, now_utc, today))
    serious: list[tuple[SymptomCheck, TriageLevel, tuple[str, ...]]] = []
    for check in ordered:
        level = standing_level(check, rules, clearances, today)
        if rank(level) >= rank(SAME_DAY):
            serious.append((check, level, _deciding(standing_items(check, rules, clearances, today), rules)))
    if serious:
        level = max((lvl for _, lvl, _ in serious), key=rank)
        check, _, items = max((s for s in serious if s[1] == level), key=lambda s: check_time(s[0], now_utc, today))
        open_items = tuple(dict.fromkeys(i for _, _, its in serious for i in its))
        message = _blocked_message(rules, level, items, day=check.local_date)
        return GateOutcome(False, False, message, level, open_items, UNTIL_SEEN)
    for check in reversed(ordered):
        age = now_utc - check_time(check, now_utc, today)
        if age >= timedelta(days=RECENT_DAYS) and (today - min(check.local_date, today)).days >= RECENT_DAYS:
            break
        if rank(standing_level(check, rules, clearances, today)) >= rank(SOON):
            items = standing_items(check, rules, clearances, today)
            known = rules.known(items)
            result = rules.assess(known)
            gentle = result.gentle_only or len(known) < len(items) or not known
            lifted = min(check.local_date, today) + timedelta(days=RECENT_DAYS)
            until = f"until {day_text(lifted)}, or until a full checklist comes back clear"
            because = f"your check on {day_text(check.local_date)} gave '{check.level}'"
            if gentle:
                return GateOutcome(
                    True,
                    True,
                    f"Gentle routines only: {because}. {result.advice} This lasts {until}.",
                    SOON,
                    until=until,
                )
            return GateOutcome(True, False, f"{because[0].upper()}{because[1:]}. {result.advice}", SOON)
        if check.kind == FULL:
            break
    clear = rules.levels[NONE]
    return GateOutcome(True, False, f"No emergency signs. {clear.advice}")


def _deciding(items: tuple[str, ...], rules: Rules) -> tuple[str, ...]:
    """The items that decide the level of `items` (ids the rules no longer know included)."""
    reasons = {flag.id for flag in rules.assess(rules.known(items)).reasons}
    return tuple(i for i in items if i in reasons or not rules.known((i,)))


UNTIL_EMERGENCY = "until you have had emergency care and a clinician has told you it is fine to exercise"
UNTIL_SEEN = "until you record that a clinician has seen you about this and said it is fine to exercise"


def _blocked_message(rules: Rules, level: TriageLevel, item_ids: Iterable[str], day: date | None = None) -> str:
    text = rules.levels[level]
    message = f"{text.headline}\n{text.advice}\nThe session cannot start."
    ids = list(item_ids)
    deciding = [i for i in ids if any(f.id == i and f.level == level for f in rules.items)]
    labels = rules.labels(deciding or ids)
    if labels:
        when = f" (your check on {day_text(day)})" if day else ""
        message += f"\nBecause of{when}: {'; '.join(labels)}."
    if day is not None:
        message += f"\nThis stays {UNTIL_SEEN}."
    return message
