"""Today's routine: pick a routine, see the plan, and start it.

The pane holds no rules of its own and never touches the store. Plans, sessions and saves come
from the journal (`tui_back.journal`). Before every session the symptom gate (`tui_back.ui.gate`)
must let it start and the pain score is asked; the session then runs on a screen of its own
(`tui_back.ui.session_screen`), and the summary screen (`tui_back.ui.session_summary`) asks the
pain after it, saves it and shows the streak. Both are loaded when the first session starts.

Starting is one worker coroutine that asks its questions in order with `push_screen_wait`.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui_back.domain.dosage_text import dose_text
from tui_back.domain.records import COMPLETED, WARNING_SIGN
from tui_back.domain.routines import Plan, Routine, Routines
from tui_back.domain.session import Session
from tui_back.domain.triage import SOON, GateOutcome
from tui_back.journal import JournalError, Levels, SavedSession
from tui_back.symbols import terminal_encoding, wants_ascii
from tui_back.ui import keys
from tui_back.ui.journal_access import context_of, in_thread, journal_of
from tui_back.ui.messages import LevelsChanged, OpenChecklist, SessionSaved
from tui_back.ui.progression_view import ProgressionView
from tui_back.ui.session_dialogs import ScoreScreen, yes_no
from tui_back.ui.text_view import TextView

if TYPE_CHECKING:
    from tui_back.ui.session_screen import SessionScreen


HIGH_PAIN = 6
"""Pain before a session at or above which the Gentle routine and the checklist are suggested."""


def minutes(seconds: int) -> str:
    return f"about {max(1, round(seconds / 60))} min" if seconds >= 90 else f"about {seconds} s"


def plan_text(plan: Plan) -> str:
    return "\n".join(f"{n}. {item.exercise.name}: {dose_text(item)}" for n, item in enumerate(plan.items, 1))


class TodayPane(Vertical):
    """Routine picker and plan; the line saying how the last session ended."""

    can_focus = True
    DEFAULT_CSS = """
    TodayPane #today-routines { height: auto; max-height: 6; border: none; padding: 0; }
    TodayPane #today-summary { display: none; color: $success; }
    TodayPane #today-summary.-shown { display: block; }
    TodayPane #today-summary.-warn { color: $warning; }
    TodayPane #today-plan { height: 1fr; }
    TodayPane #today-total { text-style: bold; }
    TodayPane #today-hint { color: $text-muted; }
    """
    BINDINGS = keys.bindings(
        "today-start", "today-up", "today-down", "today-plan-down", "today-plan-up", "today-levels"
    )

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.routines = Routines(())
        self.session: Session | None = None
        self.pain_before: int | None = None
        self.session_screen: SessionScreen | None = None
        """The screen the running session is on."""
        self._unsaved: tuple[int | None, str, str] | None = None
        """The pain score and note of an ended session whose save failed (enter tries again)."""
        self._asking = False
        """A conversation (start, "this hurts", stop) is under way."""
        self._loaded = asyncio.Event()
        """Set once the last routine and the exercise levels have been read."""
        self._morning = asyncio.Lock()
        self._morning_asked: set[str] = set()
        """The sessions whose next-morning question this run has asked (a skip is not asked again)."""
        self._picked = False
        """The user moved the picker (so the last routine, read later, does not move it back)."""
        self._shown: str | None = None
        """The routine whose plan is on screen."""

    @property
    def session_active(self) -> bool:
        """A session has started and is not saved yet (the app asks before quitting)."""
        return self.session is not None

    def compose(self) -> ComposeResult:
        self.routines = context_of(self).routines
        chosen = self._default_index("")
        routine = self.routines.routines[chosen] if self.routines.routines else None
        picker = OptionList(
            *(Option(self._prompt(r, r is routine), id=r.id) for r in self.routines.routines),
            id="today-routines",
            classes="picker",
            markup=False,
        )
        picker.can_focus = False
        picker.highlighted = chosen
        self._shown = routine.id if routine else None
        plan, total = self._plan_texts(routine) if routine else ("", "")
        yield Static("", id="today-summary")
        yield Static(self._picker_hint(), id="today-hint", classes="picker", markup=False)
        yield picker
        yield TextView(plan, id="today-plan", focusable=False, classes="picker")
        yield Static(total, id="today-total", classes="picker", markup=False)
        yield ProgressionView(load=False, id="today-progression", classes="picker")

    def on_mount(self) -> None:
        for error in self.routines.errors:
            self.notify(error, title="Your routines file was not loaded", severity="error", timeout=15)
        self._load()

    @work(group="today-load")
    async def _load(self) -> None:
        """Read the last routine and the exercise levels, then pick and plan with them."""
        journal = journal_of(self)
        try:
            today = await in_thread(self, journal.today)
        except JournalError:
            last, levels = "", None
        else:
            last, levels = today.last_routine, today.levels
        if levels is not None:
            self.query_one(ProgressionView).show_levels(levels)
        if not self._picked and self.routines.routines:
            picker = self.query_one("#today-routines", OptionList)
            picker.highlighted = self._default_index(last)
        if self.routines.routines:
            self._show_plan()
        self._loaded.set()

    # -- picking -------------------------------------------------------------------------------

    def _default_index(self, last_routine: str) -> int:
        """The routine set in the settings, else the one used last, else the first."""
        wanted = context_of(self).settings.default_routine or last_routine
        ids = [r.id for r in self.routines.routines]
        return ids.index(wanted) if wanted in ids else 0

    @property
    def routine(self) -> Routine:
        picker = self.query_one("#today-routines", OptionList)
        return self.routines.routines[picker.highlighted or 0]

    def _plan(self, routine: Routine) -> Plan:
        return journal_of(self).plan(routine)

    def _prompt(self, routine: Routine, chosen: bool) -> str:
        """A marker that does not rely on colour, the name and the length."""
        return f"{'>' if chosen else ' '} {routine.name} ({minutes(self._plan(routine).total_s)})"

    def _plan_texts(self, routine: Routine) -> tuple[str, str]:
        """The plan (with the routine's description) and its total line."""
        plan = self._plan(routine)
        intro = f"{routine.description}\n\n" if routine.description else ""
        start = keys.key_text(self.app, "today-start")
        return intro + plan_text(plan), f"{len(plan.items)} exercises, {minutes(plan.total_s)}. Press {start} to start."

    def _picker_hint(self) -> str:
        up, down, start = (keys.key_text(self.app, key_id) for key_id in ("today-up", "today-down", "today-start"))
        return f"Routine ({up}/{down} to change, {start} to start):"

    def _show_plan(self) -> None:
        routine = self.routine
        self._shown = routine.id
        picker = self.query_one("#today-routines", OptionList)
        for index, other in enumerate(self.routines.routines):
            picker.replace_option_prompt_at_index(index, self._prompt(other, other.id == routine.id))
        plan, total = self._plan_texts(routine)
        self.query_one("#today-plan", TextView).update(plan)
        self.query_one("#today-total", Static).update(total)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id != self._shown:
            self._picked = True
            self._show_plan()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # a click only picks; starting is always the enter key

    def action_pick(self, step: int) -> None:
        picker = self.query_one("#today-routines", OptionList)
        picker.highlighted = ((picker.highlighted or 0) + step) % picker.option_count

    def action_scroll_plan(self, direction: int) -> None:
        """Up and down pick the routine, so the plan (often taller than the pane) pages instead."""
        scroll = self.query_one("#today-plan", TextView)
        scroll.scroll_to(y=scroll.scroll_y + direction * max(1, scroll.size.height - 1), animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "start":
            return self.session is None or self._unsaved is not None
        if action in ("pick", "scroll_plan", "levels"):
            return self.session is None
        return True

    # -- starting ------------------------------------------------------------------------------

    @work(group="today-flow")
    async def action_start(self) -> None:
        """The gate, a gentler routine if it asks for one, the pain score, then the session."""
        if self._unsaved is not None:
            await self._save(*self._unsaved)
            return
        if self._asking:
            return
        self._asking = True
        try:
            await self._loaded.wait()
            await self._next_morning()
            routine = await self._allowed(self.routine)
            if routine is not None:
                question = f"{routine.name}: how much does your back hurt right now?"
                pain = await self.app.push_screen_wait(ScoreScreen(question))
                await self._begin(await self._for_pain(routine, pain), pain)
        finally:
            self._asking = False

    async def _allowed(self, routine: Routine) -> Routine | None:
        """The routine the gate lets start (perhaps a gentle one instead), or None."""
        from tui_back.ui import gate  # the gate's module loads when the first session starts

        outcome: GateOutcome | None = await self.app.push_screen_wait(gate.GateScreen())
        if outcome is None or not outcome.allowed:
            self._summary(outcome.message if outcome else "Session not started.", warn=True)
            if outcome is not None and outcome.needs_full_check:
                self.post_message(OpenChecklist())
            return None
        if outcome.level == SOON and not outcome.gentle_only:
            question = f"{outcome.message}\n\nStart '{routine.name}' now?"
            return routine if await self.app.push_screen_wait(yes_no(question, default="yes")) == "yes" else None
        if not outcome.gentle_only or routine.gentle:
            return routine
        gentle = self.routines.gentle
        if not gentle:
            self._summary(f"{outcome.message} No gentle routine is available.", warn=True)
            return None
        question = f"{outcome.message}\n\nStart '{gentle[0].name}' instead?"
        answer = await self.app.push_screen_wait(yes_no(question, default="yes"))
        return gentle[0] if answer == "yes" else None

    async def _for_pain(self, routine: Routine, pain: int | None) -> Routine:
        """Pain of `HIGH_PAIN` or more before a session: suggest the Gentle routine and the checklist."""
        gentle = self.routines.gentle
        if pain is None or pain < HIGH_PAIN or routine.gentle or not gentle:
            return routine
        question = (
            f"Pain of {pain} is high. Do '{gentle[0].name}' today instead, and go through the full "
            "symptom checklist (Symptoms pane) after it?"
        )
        answer = await self.app.push_screen_wait(yes_no(question, default="yes"))
        return gentle[0] if answer == "yes" else routine

    async def _begin(self, routine: Routine, pain_before: int | None) -> None:
        """Run the session on its own screen, then the summary (pain after, save, streak)."""
        from tui_back.ui.session_screen import SessionScreen, cue_choice  # loaded with the first session
        from tui_back.ui.session_summary import SummaryScreen

        self.select_routine(routine.id)
        self.pain_before = pain_before
        settings = context_of(self).settings
        session = journal_of(self).start_session(routine)
        self.session = session
        self.refresh_bindings()
        ascii_only = wants_ascii(settings, terminal_encoding())
        labels = self._level_labels(session)
        self.session_screen = SessionScreen(session, ascii_only, cue_choice(settings), labels)
        end = await self.app.push_screen_wait(self.session_screen)
        if self.session_screen is None:  # stopped by `stop_and_save` (the app is quitting)
            return
        self.session_screen = None
        saved = await self.app.push_screen_wait(SummaryScreen(end, pain_before))
        if saved is None:
            self._unsaved = (None, end.note, end.safety_stop)
            self._summary("Not saved yet. Press enter to try again.", warn=True)
            self.refresh_bindings()
        else:
            self._saved(saved, end.message)
        if end.checklist:
            self.post_message(OpenChecklist())

    def _level_labels(self, session: Session) -> dict[str, str]:
        """Exercise id -> its level's label, where the session runs that level's dose.

        A level the user has moved to labels the exercise only if the session runs its numbers (a
        gentle routine keeps a step up at the catalogue's dose); at the starting level the label
        holds only if the routine kept the catalogue's dose (a routine may set its own).
        """
        levels = self.query_one(ProgressionView).levels
        if levels is None:
            return {}
        catalogue = context_of(self).catalogue
        labels = {}
        for item in session.plan.items:
            exercise_id = item.exercise.id
            row = levels.ladders.get(exercise_id)
            level = levels.overrides.get(exercise_id)
            numbers = (item.dosage.hold_s, item.dosage.reps, item.dosage.sets)
            moved = level is not None and numbers == (level.hold_s, level.reps, level.sets)
            if row is not None and (moved or (level is None and item.dosage == catalogue.get(exercise_id).dosage)):
                labels[exercise_id] = row.level
        return labels

    def select_routine(self, routine_id: str) -> None:
        """Highlight `routine_id` in the picker, so its plan shows and enter starts it."""
        picker = self.query_one("#today-routines", OptionList)
        picker.highlighted = picker.get_option_index(routine_id)

    # -- saving ----------------------------------------------------------------------------------

    @work(group="today-flow")
    async def stop_for_safety(self, message: str) -> None:
        """A check saved while a session runs blocks sessions: stop it at once, saved as a safety stop."""
        if self.session is None or not self.session.active:
            return
        screen, self.session_screen = self.session_screen, None
        if screen is not None:
            screen.stop()
        self.session.abandon()
        if await self._save(None, note="Stopped: a warning sign was saved.", safety_stop=WARNING_SIGN):
            self._summary(message, warn=True)

    async def stop_and_save(self) -> bool:
        """Stop a running session and keep it as not finished (the app calls this before quitting).

        True once it is saved (or if there was none); False if the save failed, which was shown.
        """
        if self.session is None:
            return True
        screen, self.session_screen = self.session_screen, None
        if screen is not None:
            screen.stop()
        self.session.abandon()
        return await self._save(None)

    async def hang_up(self) -> None:
        """The terminal closed (SIGHUP) or the app was told to end (SIGTERM): save a running or
        unsaved session as it stands, not finished; if the save fails, keep it aside for the next start."""
        session = self.session
        if session is None:
            return
        session.abandon()
        pain_after, note, safety_stop = self._unsaved or (None, "Stopped: the app was closed.", "")
        if await self._save(pain_after, note, safety_stop):
            return
        record = session.record(self.pain_before, pain_after, note)
        try:
            await in_thread(self, lambda: journal_of(self).keep_aside(record))
        except JournalError:
            return

    async def _save(self, pain_after: int | None, note: str = "", safety_stop: str = "") -> bool:
        """Save the ended session in a worker thread; on failure keep it, to try again with enter."""
        session = self.session
        if session is None:
            return True
        journal = journal_of(self)
        try:
            saved = await in_thread(
                self, lambda: journal.finish_session(session, self.pain_before, pain_after, note, safety_stop)
            )
        except JournalError as exc:
            self._unsaved = (pain_after, note, safety_stop)
            self.notify(str(exc), title="The session could not be saved", severity="error", timeout=20)
            self._summary(f"Not saved yet: {exc} Press enter to try again.", warn=True)
            self.refresh_bindings()
            return False
        self._saved(saved)
        return True

    def _saved(self, saved: SavedSession, message: str = "") -> None:
        """Show what a save returned: the summary line, the levels, the streak (by message)."""
        self.session, self._unsaved = None, None
        self.query_one(ProgressionView).show_levels(saved.levels)
        self.post_message(SessionSaved(saved))
        record = saved.record
        finished = record.status == COMPLETED
        stopped = f"Stopped and saved as not finished ({len(record.done)} done)."
        self._summary(
            f"Saved: {len(record.done)} done, {len(record.skipped)} skipped, "
            f"{max(1, round(record.duration_s / 60))} min."
            if finished
            else f"{message} {stopped}".strip(),
            warn=not finished,
        )
        self._show_plan()
        self.refresh_bindings()

    def action_levels(self) -> None:
        """Open the Levels view; what it changed is planned with when it closes."""
        from tui_back.ui.levels_screen import LevelsScreen  # loaded when first opened

        self.app.push_screen(LevelsScreen(), self._levels_closed)

    def _levels_closed(self, levels: Levels | None) -> None:
        if levels is not None:
            self.show_levels(levels)

    def show_levels(self, levels: Levels) -> None:
        """Show `levels` below the plan and plan with them (unless a session runs)."""
        self.query_one(ProgressionView).show_levels(levels)
        if self.session is None:
            self._show_plan()

    @work(group="today-morning", exclusive=True)
    async def ask_next_morning(self) -> None:
        """At launch: the next-morning question, if one is open, once the levels have been read."""
        await self._next_morning()

    async def _next_morning(self) -> None:
        from tui_back.ui import morning

        await self._loaded.wait()
        async with self._morning:
            levels = await morning.ask(self, self._morning_asked)
        if levels is not None:
            self.show_levels(levels)

    def on_levels_changed(self, event: LevelsChanged) -> None:
        """A level was held or reset in the view below the plan: plan with the new doses."""
        if self.session is None:
            self._show_plan()

    def _summary(self, text: str, warn: bool = False) -> None:
        summary = self.query_one("#today-summary", Static)
        summary.set_class(warn, "-warn")
        summary.set_class(bool(text), "-shown")
        summary.update(text)
