"""The journal: what the user did, recorded and read back. The UI and `tui-back log` call only this.

It builds every record from the clock and the user's answers, saves each action in one store
transaction (a finished session with its progression change and the routine to offer next time;
a symptom check), and returns what was saved together with the views it changes (streak, pain
trend, exercise levels, check history), so nothing has to read the store again after a save.

Every method that reads or writes the database can take a while with years of history, so the
UI calls them from worker threads; the journal serialises them with a lock, and turns a store or
disk failure into `JournalError`, whose message is for the user. Planning (`plan`,
`start_session`) never touches the disk: it uses the exercise levels last read or saved.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec
from msgspec import Struct, field

from tui_back import paths
from tui_back.data_files import builtin_rules
from tui_back.domain.catalogue import Dosage, Exercise
from tui_back.domain.checkup import FULL_CHECK_DAYS, full_check_due, safety_days
from tui_back.domain.day_text import day_text
from tui_back.domain.pain_trend import WeekPain, pain_trend
from tui_back.domain.progression import (
    NOTE,
    STATE_KEY,
    Change,
    Morning,
    MorningQuestion,
    Progressions,
    after_morning,
    after_session,
    blocking_level,
    dosage_overrides,
    hold,
    is_held,
    latest_date,
    level_exercises,
    level_index,
    morning_due,
    reset,
    view_lines,
)
from tui_back.domain.records import ABANDONED, COMPLETED, SAFETY_STOP, CheckKind, Clearance, SessionRecord, SymptomCheck
from tui_back.domain.routines import Plan, Routine, plan_routine
from tui_back.domain.session import Session
from tui_back.domain.streaks import DayCell, StreakStats, heatmap, stats_from_counts
from tui_back.domain.triage import GateOutcome, Rules, gate_decision
from tui_back.domain.validation import DataError
from tui_back.reporting import DEFAULT_WEEKS, report_filename, report_markdown, write_private
from tui_back.store import StoreError, session_from_doc
from tui_back.text_safety import clean, visible

if TYPE_CHECKING:
    from tui_back.sources import Sources
    from tui_back.store import Store, Transaction

PENDING_FILE = "pending-sessions.json"
"""Sessions whose save failed as the app had to end, saved at the next start (`Journal.keep_aside`)."""
LAST_ROUTINE = "last_routine"
"""State key of the routine the last guided session used, offered first next time."""
HEATMAP_WEEKS = 53
"""Weeks in the streak heatmap's grid, the current one last: a year, of which the Streak pane shows
as many as its width holds (`tui_back.domain.heatmap_layout`)."""
PAIN_WEEKS = 12
"""Weeks in the pain trend."""
FULL_CHECK_UNTIL = "until the full symptom checklist is saved"
UNAVAILABLE = "Exercise levels are unavailable: the progressions file could not be read."


class JournalError(Exception):
    """The database (or the disk under it) cannot be used right now; the message says why."""


class Adjustable(Struct, frozen=True):
    """An exercise on the levels list that can be held or reset, in the words the user sees."""

    name: str
    level: str
    """The label of its current level."""
    start: str
    """The label of its starting level."""
    held: bool
    done_as: str = ""
    """The exercise's name as its level now does it ("Knees-down plank")."""
    steps: tuple[str, ...] = ()
    """The steps its level now asks for."""


class Levels(Struct, frozen=True):
    """The exercise levels as the Today pane shows them and plans with."""

    day: date | None
    """The date of the last session planned, or None before the first."""
    lines: tuple[Change, ...]
    """What the last session (and any hold or reset since) changed, one line per exercise."""
    adjustable: Mapping[str, Adjustable]
    """The exercises on `lines` that can be held or reset."""
    overrides: Mapping[str, Dosage]
    """Exercise id -> today's dose, for exercises off their starting level."""
    problem: str = ""
    """Why the levels cannot be shown (the progressions file is broken), or empty."""
    ladders: Mapping[str, Adjustable] = field(default_factory=dict)
    """Every exercise with a ladder, at its level now (the Levels view lists them all)."""
    variants: Mapping[str, Exercise] = field(default_factory=dict)
    """Exercise id -> the exercise as its level now does it, where that level has its own steps."""
    gentle_variants: Mapping[str, Exercise] = field(default_factory=dict)
    """The same for a gentle routine, which never takes a step up."""


class MorningAnswered(Struct, frozen=True):
    """A next-morning answer saved: the lines it produced and the levels now."""

    changes: tuple[Change, ...]
    levels: Levels


class StreakView(Struct, frozen=True):
    today: date
    stats: StreakStats
    heatmap: list[list[DayCell]]
    """`HEATMAP_WEEKS` columns of seven days."""


class History(Struct, frozen=True):
    """What the Streak pane shows."""

    streak: StreakView
    pain: list[WeekPain]
    """Weekly pain averages over `PAIN_WEEKS` weeks, oldest first."""
    version: tuple[date, tuple[int, int, int] | None] | None = None
    """`Journal.version()` when it was read: a view of that version needs no second read."""


class SavedSession(Struct, frozen=True):
    record: SessionRecord
    changes: tuple[Change, ...]
    """The level changes this session made (a note if the levels could not be updated)."""
    levels: Levels
    history: History


class SavedCheck(Struct, frozen=True):
    check: SymptomCheck
    checks: tuple[SymptomCheck, ...]
    """Every saved check, oldest first, this one included."""
    gate: GateOutcome | None = None
    """What the gate would now decide with no emergency item ticked (the Symptoms pane shows it)."""


class Cleared(Struct, frozen=True):
    """All-clears just recorded, and what the gate now decides."""

    clearances: tuple[Clearance, ...]
    gate: GateOutcome


class GateAnswer(Struct, frozen=True):
    """The pre-session gate's decision, and the quick check it saved."""

    outcome: GateOutcome
    saved: SavedCheck | None
    """None if the check could not be saved (`problem` says why); the decision stands."""
    problem: str = ""


class TodayView(Struct, frozen=True):
    last_routine: str
    """The routine id of the last guided session, or empty."""
    levels: Levels


class Logged(Struct, frozen=True):
    record: SessionRecord
    stats: StreakStats


class Report(Struct, frozen=True):
    filename: str
    text: str


class Entry(Struct, frozen=True):
    """One line of the history: a saved session or symptom check, with the id to remove it by."""

    kind: str
    """`session` or `check`."""
    id: int
    day: date
    text: str
    """What it was, in a few words (control characters already made visible)."""
    removable: bool
    """Sessions can be removed; symptom checks never are."""


class Removed(Struct, frozen=True):
    record: SessionRecord
    stats: StreakStats


class Excused(Struct, frozen=True):
    day: date
    new: bool
    """False if the day was already excused."""
    stats: StreakStats


EARLIEST_DAY = date(1970, 1, 1)
"""`log` and `skip` refuse days before this one: such a date is a typing mistake."""


T = TypeVar("T")


def _serialised(method: Callable[..., T]) -> Callable[..., T]:
    """One database call at a time; store and disk failures become `JournalError`."""

    @functools.wraps(method)
    def call(self: Journal, *args: Any, **kwargs: Any) -> T:
        with self._lock:
            try:
                return method(self, *args, **kwargs)
            except (StoreError, OSError) as exc:
                raise JournalError(str(exc)) from exc

    return call


class Journal:
    """Records and views of one user's data, for the app and the CLI (see the module docstring)."""

    def __init__(self, ctx: Sources) -> None:
        self.ctx = ctx
        self.clock = ctx.clock
        self._lock = threading.RLock()
        self._overrides: Mapping[str, Dosage] = {}
        self._variants: Mapping[str, Exercise] = {}
        self._gentle_variants: Mapping[str, Exercise] = {}
        self.saved_version: tuple[date, tuple[int, int, int] | None] | None = None
        """`version()` just after this journal last saved a session: the views it sent with that save
        are of that version, so a watcher need not read them again (`version` waits for a save under
        way, so it never sees the new file before this is set)."""

    @property
    def _store(self) -> Store:
        return self.ctx.store

    @functools.cached_property
    def rules(self) -> Rules:
        """The red-flag checklist and its triage rules."""
        return builtin_rules()

    # -- opening -----------------------------------------------------------------------------

    @_serialised
    def open(self) -> list[str]:
        """Open (and if need be repair) the database, and save the sessions kept aside when their
        save failed (`keep_aside`); what the user should be told about it."""
        warnings = list(self._store.warnings)
        pending = self._pending_path()
        try:
            raw = pending.read_bytes()
        except FileNotFoundError:
            return warnings
        try:
            records = msgspec.json.decode(raw, type=list[SessionRecord])
        except msgspec.DecodeError as exc:
            return [*warnings, f"{pending} could not be read ({exc}); it is left as it is"]
        self._store.add_sessions(records)
        pending.unlink()
        return [*warnings, f"Saved {len(records)} session(s) kept aside in {pending.name} when their save failed."]

    def _pending_path(self) -> Path:
        return self.ctx.data_dir / PENDING_FILE

    @_serialised
    def keep_aside(self, record: SessionRecord) -> Path:
        """Keep a session whose save failed in a small private file beside the database; `open`
        saves it at the next start. For a session that must not be lost when the app has to end."""
        pending = self._pending_path()
        try:
            kept = msgspec.json.decode(pending.read_bytes(), type=list[SessionRecord])
        except (FileNotFoundError, msgspec.DecodeError):
            kept = []
        paths.replace_privately(pending, msgspec.json.encode([*kept, record]))
        return pending

    # -- guided sessions ---------------------------------------------------------------------

    @_serialised
    def today(self) -> TodayView:
        """What the Today pane starts from: the last routine and the exercise levels."""
        last = self._store.get_state(LAST_ROUTINE) or {}
        return TodayView(str(last.get("id", "")), self._levels(self._store.get_state(STATE_KEY)))

    @_serialised
    def levels(self) -> Levels:
        return self._levels(self._store.get_state(STATE_KEY))

    @property
    def overrides(self) -> Mapping[str, Dosage]:
        """The doses plans use: those of the levels last read or saved."""
        return self._overrides

    def plan(self, routine: Routine) -> Plan:
        """Today's plan for `routine`, at the user's exercise levels; reads nothing from disk."""
        variants = self._gentle_variants if routine.gentle else self._variants
        return plan_routine(routine, self.ctx.catalogue, self._overrides, variants)

    def start_session(self, routine: Routine) -> Session:
        """A started session of today's plan for `routine`; the routine is kept when it is saved."""
        session = Session(self.plan(routine), self.clock)
        session.start()
        return session

    def finish_session(
        self,
        session: Session,
        pain_before: int | None,
        pain_after: int | None,
        note: str = "",
        safety_stop: str = "",
    ) -> SavedSession:
        """Save a finished or stopped session (`Session.abandon` first to stop one); `safety_stop` says
        why it was stopped for safety (`records.SAFETY_STOPS`)."""
        record = session.record(pain_before, pain_after, note)
        if safety_stop:
            status = SAFETY_STOP if record.status == ABANDONED else record.status
            record = msgspec.structs.replace(record, safety_stop=safety_stop, status=status)
        return self.save_session(record)

    def stop_session(self, session: Session, pain_before: int | None, note: str = "") -> SavedSession:
        """Stop `session` and keep it as not finished; it does not count for the streak."""
        session.abandon()
        return self.finish_session(session, pain_before, None, note)

    @_serialised
    def save_session(self, record: SessionRecord) -> SavedSession:
        """Save a guided session, its level changes and its routine in one write.

        A broken progressions file never stops the session being saved: the levels then stay as
        they were and the changes say why.
        """
        with self._store.transaction() as changes:
            changes.add_session(record)
            changes.set_state(LAST_ROUTINE, {"id": record.routine})
            state, lines = self._plan_levels(changes, record)
        history = self._history()
        self.saved_version = history.version
        return SavedSession(record, tuple(lines), self._levels(state), history)

    def _plan_levels(self, changes: Transaction, record: SessionRecord) -> tuple[Any, list[Change]]:
        state = changes.get_state(STATE_KEY)
        try:
            progressions = self.ctx.progressions
        except DataError as exc:
            return state, [Change("", NOTE, f"Exercise levels were not updated: {exc}")]
        state, lines = after_session(progressions, state, record, blocking_level(changes.checks()))
        changes.set_state(STATE_KEY, state)
        return state, lines

    # -- exercise levels ---------------------------------------------------------------------

    @_serialised
    def toggle_hold(self, exercise_id: str) -> Levels:
        """Hold the exercise at its level, or release it if it is held."""
        return self._change_levels(lambda p, s: hold(p, s, exercise_id, held=not is_held(s, exercise_id))[0])

    @_serialised
    def reset_level(self, exercise_id: str) -> Levels:
        """Back to the exercise's starting level, not held."""
        return self._change_levels(lambda p, s: reset(p, s, exercise_id)[0])

    def _change_levels(self, change: Callable[[Progressions, Any], dict[str, Any]]) -> Levels:
        progressions = self._progressions()
        if progressions is None:
            return self._levels(None)
        with self._store.transaction() as changes:
            state = change(progressions, changes.get_state(STATE_KEY))
            changes.set_state(STATE_KEY, state)
        return self._levels(state)

    def _progressions(self) -> Progressions | None:
        try:
            return self.ctx.progressions
        except DataError:
            return None

    def _levels(self, state: Any) -> Levels:
        progressions = self._progressions()
        if progressions is None:
            return Levels(None, (), {}, {}, UNAVAILABLE)
        lines = tuple(view_lines(progressions, state))
        ladders = {}
        variants = level_exercises(progressions, state)
        for exercise_id, ladder in progressions.ladders.items():
            now = ladder.levels[level_index(progressions, state, exercise_id)].label
            start = ladder.levels[ladder.start].label
            done = variants.get(exercise_id) or self.ctx.catalogue.get(exercise_id)
            held = is_held(state, exercise_id)
            ladders[exercise_id] = Adjustable(ladder.name, now, start, held, done.name, done.steps)
        adjustable = {line.exercise_id: ladders[line.exercise_id] for line in lines if line.exercise_id in ladders}
        overrides = dosage_overrides(progressions, state)
        gentle = level_exercises(progressions, state, gentle=True)
        self._overrides, self._variants, self._gentle_variants = overrides, variants, gentle
        return Levels(latest_date(state), lines, adjustable, overrides, "", ladders, variants, gentle)

    # -- the next morning --------------------------------------------------------------------

    @_serialised
    def morning_question(self) -> MorningQuestion | None:
        """The next-morning question to ask now (a session with exercise levels ended on an
        earlier day, not answered yet), or None."""
        return morning_due(self._store.get_state(STATE_KEY), self.clock.today())

    @_serialised
    def answer_morning(self, question: MorningQuestion, answer: Morning) -> MorningAnswered:
        """Save how the back felt the next morning, and the level changes it makes, in one write.

        "Worse" steps the exercises of that session down (`progression.after_morning`). A broken
        progressions file saves nothing and says why."""
        progressions = self._progressions()
        if progressions is None:
            return MorningAnswered((Change("", NOTE, UNAVAILABLE),), self._levels(None))
        with self._store.transaction() as changes:
            state, lines = after_morning(
                progressions, changes.get_state(STATE_KEY), question, answer, self.clock.today()
            )
            if lines:
                changes.set_state(STATE_KEY, state)
        return MorningAnswered(tuple(lines), self._levels(state))

    # -- symptom checks ----------------------------------------------------------------------

    @_serialised
    def checks(self) -> tuple[SymptomCheck, ...]:
        """Every saved check, oldest first."""
        return _in_order(self._store.checks())

    def new_check(
        self, ticked: Sequence[str], kind: str = CheckKind.FULL, corrected: Sequence[str] = ()
    ) -> SymptomCheck:
        """The check the ticked red-flag items make now (`kind`: "full" or the gate's "quick").

        `corrected`: items ticked and then, asked again, answered "no"; kept, but not counted.
        Made when the user answers, then saved (perhaps a moment later, in a worker thread).
        """
        today = self.clock.today()
        level = self.rules.assess(ticked).level
        kept = tuple(i for i in dict.fromkeys(corrected) if i not in ticked)
        return SymptomCheck(today, self.clock.utcnow(), tuple(ticked), level, kind=CheckKind(kind), corrected=kept)

    @_serialised
    def save_check(self, check: SymptomCheck) -> SavedCheck:
        with self._store.transaction() as changes:
            changes.add_check(check)
            checks = changes.checks()
            clearances = changes.clearances()
        return SavedCheck(check, _in_order(checks), self._decide((), checks, clearances))

    @_serialised
    def gate_now(self) -> GateOutcome:
        """What the gate decides right now with no emergency item ticked."""
        return self._decide((), self._store.checks(), self._store.clearances())

    @_serialised
    def clearances(self) -> tuple[Clearance, ...]:
        return tuple(self._store.clearances())

    @_serialised
    def record_clearance(self, item_ids: Sequence[str], seen_on: date) -> Cleared:
        """Record, in one transaction, that a clinician saw the user about each item on `seen_on`
        and said exercise is fine. A day after today is refused (`JournalError`)."""
        today = self.clock.today()
        if seen_on > today:
            raise JournalError(f"the day you were seen cannot be after today ({day_text(today)})")
        now = self.clock.utcnow()
        made = tuple(Clearance(item_id, seen_on, now) for item_id in dict.fromkeys(item_ids))
        with self._store.transaction() as changes:
            changes.add_clearances(made)
            checks, clearances = changes.checks(), changes.clearances()
        return Cleared(made, self._decide((), checks, clearances))

    def _decide(
        self, ticked: Sequence[str], checks: Sequence[SymptomCheck], clearances: Sequence[Clearance]
    ) -> GateOutcome:
        return gate_decision(
            ticked, checks, self.clock.today(), self.rules, now_utc=self.clock.utcnow(), clearances=clearances
        )

    def answer_gate(self, check: SymptomCheck) -> GateAnswer:
        """Save the gate's answer (a quick check from `new_check`) and decide whether a session may start."""
        try:
            saved: SavedCheck | None = self.save_check(check)
        except JournalError as exc:
            saved, problem = None, f"Your answer could not be saved: {exc}"
        else:
            problem = ""
        checks = saved.checks if saved else (check,)
        try:
            clearances = self.clearances()
        except JournalError:
            clearances = ()
        outcome = self._decide(check.items, checks, clearances)
        if outcome.allowed:
            try:
                sessions = self.sessions(since=self.clock.today() - timedelta(days=FULL_CHECK_DAYS + 1))
            except JournalError:
                sessions = ()
            due = full_check_due(checks, sessions, self.clock.utcnow(), self.clock.today())
            if due:
                outcome = GateOutcome(False, False, due, until=FULL_CHECK_UNTIL, needs_full_check=True)
        return GateAnswer(outcome, saved, problem)

    @_serialised
    def safety_days(self) -> frozenset[date]:
        """Days the safety rules kept the user from exercising (`checkup.safety_days`), for streaks."""
        store = self._store
        return safety_days(store.checks(), store.sessions(), store.clearances(), self.rules, self.clock.today())

    @_serialised
    def sessions(self, since: date | None = None) -> tuple[SessionRecord, ...]:
        return tuple(self._store.sessions(since))

    # -- history -----------------------------------------------------------------------------

    @_serialised
    def history(self) -> History:
        return self._history()

    def _history(self) -> History:
        settings, today = self.ctx.settings, self.clock.today()
        counts = self._store.session_days()
        grid = heatmap(
            counts,
            today,
            weeks=HEATMAP_WEEKS,
            rest_weekdays=settings.rest_weekdays,
            freezes_per_month=settings.freezes_per_month,
            excused=self._excused(),
        )
        streak = StreakView(today, self._stats(counts), grid)
        return History(streak, self._pain(today), self.version())

    @_serialised
    def version(self) -> tuple[date, tuple[int, int, int] | None]:
        """Today and the database file's identity: when either changes, the history views are stale
        (another process saved, or the date changed while the app stayed open). Costs one `stat`."""
        return self.clock.today(), self._store.identity()

    @_serialised
    def pain_trend(self) -> list[WeekPain]:
        return self._pain(self.clock.today())

    def _pain(self, today: date) -> list[WeekPain]:
        return pain_trend(self._store.sessions(since=today - timedelta(weeks=PAIN_WEEKS)), PAIN_WEEKS, today)

    def _stats(self, counts: Any) -> StreakStats:
        settings = self.ctx.settings
        return stats_from_counts(
            counts,
            self.clock.today(),
            rest_weekdays=settings.rest_weekdays,
            freezes_per_month=settings.freezes_per_month,
            weekly_target=settings.weekly_target,
            excused=self._excused(),
        )

    def _excused(self) -> frozenset[date]:
        return self._store.excused_days()

    # -- correcting the history --------------------------------------------------------------

    @_serialised
    def entries(self) -> list[Entry]:
        """Every saved session and check with its id, newest day first."""
        rows = [
            Entry("session", key, record.local_date, visible(_session_text(record)), True)
            for key, record in self._store.session_records()
        ]
        rows += [
            Entry("check", key, check.local_date, visible(f"{check.kind} symptom check: {check.level}"), False)
            for key, check in self._store.check_records()
        ]
        return sorted(rows, key=lambda e: (e.day, e.kind, e.id), reverse=True)

    @_serialised
    def excused_days(self) -> list[dict[str, Any]]:
        """The days the user excused, oldest first, as saved (`local_date`, `reason`, `at_utc`)."""
        return sorted(self._store.excused(), key=lambda doc: str(doc.get("local_date", "")))

    @_serialised
    def unlog(self, session_id: int) -> Removed | None:
        """Remove session `session_id` (kept in the store's audit trail); None if there is none."""
        with self._store.transaction() as changes:
            removed = changes.remove_session(session_id, self.clock.utcnow())
        if removed is None:
            return None
        return Removed(session_from_doc(removed), self._stats(self._store.session_days()))

    @_serialised
    def excuse(self, day: date, reason: str = "") -> Excused:
        """Mark `day` excused (ill, travelling): it neither counts nor breaks a streak."""
        with self._store.transaction() as changes:
            new = changes.excuse_day(day, clean(reason).strip(), self.clock.utcnow())
        return Excused(day, new, self._stats(self._store.session_days()))

    # -- sessions done away from the app -----------------------------------------------------

    @_serialised
    def log(self, day: date, routine: str = "", note: str = "") -> Logged:
        """Record a session done on `day` away from the app (no pain scores, no level changes).

        Control characters in the note are replaced, so it can never drive a terminal."""
        now = self.clock.utcnow()
        record = SessionRecord(
            local_date=day,
            started_utc=now,
            ended_utc=now,
            routine=routine.strip() or self.ctx.settings.default_routine,
            status=COMPLETED,
            note=clean(note, keep_breaks=True).strip(),
            origin="log",
        )
        self._store.add_session(record)
        return Logged(record, self._stats(self._store.session_days()))

    # -- the physiotherapist report ----------------------------------------------------------

    @_serialised
    def report(self, weeks: int = DEFAULT_WEEKS) -> Report:
        """The Markdown report for the `weeks` weeks up to today, and the file name to give it."""
        return Report(report_filename(self.clock.today()), report_markdown(self.ctx, weeks))

    @_serialised
    def keep_report(self, report: Report) -> Path:
        """Write `report` into the data dir's `reports` folder, readable by the user only."""
        return write_private(paths.ensure_private_dir(self.ctx.data_dir / "reports") / report.filename, report.text)


def _session_text(record: SessionRecord) -> str:
    parts = [f"{record.routine}, {record.status}"]
    if record.done:
        parts.append(f", {len(record.done)} done")
    if record.origin != "app":
        parts.append(f" ({record.origin})")
    if record.note:
        parts.append(f": {record.note}")
    return "".join(parts)


def _in_order(checks: Sequence[SymptomCheck]) -> tuple[SymptomCheck, ...]:
    return tuple(sorted(checks, key=lambda c: (c.local_date, c.at_utc)))
