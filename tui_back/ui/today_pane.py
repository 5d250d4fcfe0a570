"""Today's routine: pick a routine, see the plan, and be walked through it hands free.

The pane holds no rules of its own and never touches the store. Plans, sessions and saves come
from the journal (`tui_back.journal`), the timing from the `Session` state machine, the pain
rule from `tui_back.domain.pain`. The pane forwards a 0.2 s timer to `Session.tick()`, rings
the bell when a step changes and repaints only what changed; saves run in a worker thread, never
in the tick. Before every session the symptom gate (`tui_back.ui.gate`) must let it start.

Each conversation (starting, "this hurts", stopping, finishing) is one worker coroutine that
asks its questions in order with `push_screen_wait`. The session display is mounted when the
first session starts.
"""

from __future__ import annotations

import asyncio
import math

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui_back.domain.dosage_text import dose_text
from tui_back.domain.pain import CARRY_ON, EASE_OFF, STOP_EXERCISE, STOP_SESSION, PainAdvice
from tui_back.domain.records import COMPLETED, LEG_SYMPTOMS, SEVERE_PAIN, WARNING_SIGN
from tui_back.domain.routines import Plan, Routine, Routines
from tui_back.domain.session import FINISHED, PAUSED, RUNNING, Session
from tui_back.domain.triage import GateOutcome
from tui_back.journal import JournalError
from tui_back.ui import keys
from tui_back.ui.journal_access import context_of, in_thread, journal_of
from tui_back.ui.messages import LevelsChanged, OpenChecklist, SessionSaved
from tui_back.ui.progression_view import ProgressionView
from tui_back.ui.session_dialogs import ChoiceScreen, ScoreScreen, yes_no
from tui_back.ui.text_view import TextView

TICK_S = 0.2
SESSION_KEYS = ("today-pause", "today-hurts", "today-next", "today-back", "today-restart", "today-skip", "today-stop")
SESSION_ACTIONS = {"pause", "next", "back", "restart", "skip", "hurts", "abandon"}
LEGS_QUESTION = (
    "Any NEW or SPREADING leg symptoms: pain, numbness, pins and needles or weakness "
    "going down a leg?"
)


HIGH_PAIN = 6
"""Pain before a session at or above which the Gentle routine and the checklist are suggested."""


def minutes(seconds: int) -> str:
    return f"about {max(1, round(seconds / 60))} min" if seconds >= 90 else f"about {seconds} s"


def plan_text(plan: Plan) -> str:
    return "\n".join(f"{n}. {item.exercise.name}: {dose_text(item)}" for n, item in enumerate(plan.items, 1))


class TodayPane(Vertical):
    """Routine picker and plan, then the guided session in the same space."""

    can_focus = True
    DEFAULT_CSS = """
    TodayPane #today-routines { height: auto; max-height: 6; border: none; padding: 0; }
    TodayPane #today-summary { display: none; color: $success; }
    TodayPane #today-summary.-shown { display: block; }
    TodayPane #today-summary.-warn { color: $warning; }
    TodayPane #today-plan { height: 1fr; }
    TodayPane #today-total { text-style: bold; }
    TodayPane #today-hint { color: $text-muted; }
    TodayPane #today-status { color: $warning; }
    TodayPane #today-keys { color: $text-muted; dock: bottom; }
    TodayPane #today-session { display: none; height: 1fr; }
    TodayPane.-in-session > .picker, TodayPane.-in-session > #today-summary.-shown { display: none; }
    TodayPane.-in-session > #today-session { display: block; }
    """
    BINDINGS = keys.bindings(
        "today-start", "today-up", "today-down", "today-plan-down", "today-plan-up", *SESSION_KEYS
    )

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.routines = Routines(())
        self.session: Session | None = None
        self.pain_before: int | None = None
        self._timer: Timer | None = None
        self._boundary: Timer | None = None
        self._finishing = False
        """The finish was seen and the after-session question asked (asked once only)."""
        self._unsaved: tuple[int | None, str, str] | None = None
        """The pain score and note of an ended session whose save failed (enter tries again)."""
        self._asking = False
        """A conversation (start, "this hurts", stop) is under way."""
        self._loaded = asyncio.Event()
        """Set once the last routine and the exercise levels have been read."""
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
        self._timer = self.set_interval(TICK_S, self.tick_session, pause=True)
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

    async def _show_session(self) -> None:
        """Swap the picker for the session display, which is mounted the first time."""
        if not self.query("#today-session"):
            from tui_back.ui.session_view import SessionView  # loaded with the first session, not at start-up

            display = Vertical(
                SessionView(id="today-view"),
                Static("", id="today-status", markup=False),
                Static(keys.hint_line(self.app, SESSION_KEYS), id="today-keys", markup=False),
                id="today-session",
            )
            await self.mount(display)
        self.query_one("#today-view").reset()
        self._status("")
        self._show_picker(False)

    def _show_picker(self, shown: bool) -> None:
        """The picker widgets (class `picker`, children of the pane itself) and the session
        display take turns, switched by the pane's `-in-session` class."""
        self.set_class(not shown, "-in-session")

    # -- picking -------------------------------------------------------------------------------

    def _default_index(self, last_routine: str) -> int:
        """The routine set in the settings, else the one used last, else the first."""
        wanted = context_of(self).settings.default_routine or last_routine
        ids = [r.id for r in self.routines.routines]
        return ids.index(wanted) if wanted in ids else 0

    @property
    def routine(self) -> Routine:
        picker = self.query_one("#today-routines", OptionList)
        return self.routines.get(picker.get_option_at_index(picker.highlighted or 0).id)

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
        if action in ("pick", "scroll_plan"):
            return self.session is None
        if action in SESSION_ACTIONS:
            return self.session is not None and self.session.active
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
        self.select_routine(routine.id)
        self.pain_before = pain_before
        self._finishing = False
        self.session = journal_of(self).start_session(routine)
        await self._show_session()
        self.focus()
        self.refresh_bindings()
        self._cue()
        self._after_change()
        self._timer.resume()

    def select_routine(self, routine_id: str) -> None:
        """Highlight `routine_id` in the picker, so its plan shows and enter starts it."""
        picker = self.query_one("#today-routines", OptionList)
        picker.highlighted = picker.get_option_index(routine_id)

    # -- running -------------------------------------------------------------------------------

    def tick_session(self) -> None:
        """The timer callback: no I/O here, only the state machine and a repaint if needed."""
        session = self.session
        if session is None or session.state != RUNNING:
            return
        if session.tick():
            self._cue()
        self._after_change()
        self._arm_boundary()

    def _arm_boundary(self) -> None:
        """If the shown second changes before the next regular tick, wake up exactly then.

        The 0.2 s timer alone would show each new second (and 0:00) up to 0.2 s late.
        """
        session = self.session
        if self._boundary is not None or session is None or session.state != RUNNING:
            return
        left = session.remaining()
        until_change = left - math.ceil(left) + 1
        if until_change < TICK_S:
            self._boundary = self.set_timer(until_change + 0.001, self._on_boundary)

    def _on_boundary(self) -> None:
        self._boundary = None
        self.tick_session()

    def _after_change(self) -> None:
        session = self.session
        if session is None:
            return
        self.query_one("#today-view").show(session)
        if session.state == FINISHED and not self._finishing:
            self._finishing = True
            self._timer.pause()
            self.refresh_bindings()
            self._status(f"Well done: {len(session.done)} done, {len(session.skipped)} skipped.")
            self.call_after_refresh(self._finish)  # let "0:00" reach the screen before the question covers it

    @work(group="today-flow")
    async def _finish(self) -> None:
        pain_after = await self.app.push_screen_wait(ScoreScreen("Session finished. How much does your back hurt now?"))
        await self._save(pain_after)

    def _cue(self) -> None:
        if context_of(self).settings.bell:
            self.app.bell()

    def _status(self, text: str) -> None:
        self.query_one("#today-status", Static).update(text)

    def _move(self, operation) -> None:
        session = self.session
        before = session.index
        operation()
        if session.index != before or session.state == FINISHED:
            self._cue()
        self._after_change()

    def action_pause(self) -> None:
        self.session.toggle_pause()
        resume = keys.key_text(self.app, "today-pause")
        self._status(f"Paused: {resume} to carry on." if self.session.state == PAUSED else "")
        self._after_change()

    def action_next(self) -> None:
        self._move(self.session.next)

    def action_back(self) -> None:
        self._move(self.session.back)

    def action_restart(self) -> None:
        self._move(self.session.restart_step)

    def action_skip(self) -> None:
        self._move(self.session.skip_exercise)

    # -- pain and stopping ---------------------------------------------------------------------

    def _hold(self) -> bool:
        """Pause while a question is open; True if it was running (so it resumes after)."""
        running = self.session.state == RUNNING
        self.session.pause()
        self._after_change()
        return running

    def _carry_on(self, was_running: bool) -> None:
        if self.session is not None and self.session.active and was_running:
            self.session.resume()
        self._after_change()

    @work(group="today-flow")
    async def action_hurts(self) -> None:
        """New leg symptoms stop the session; otherwise the pain score says what to do."""
        was_running = self._hold()
        answer = await self.app.push_screen_wait(yes_no(LEGS_QUESTION))
        if answer == "yes":
            advice = self.session.report_hurt(None, True)
        elif answer == "no":
            score = await self.app.push_screen_wait(ScoreScreen("How much does it hurt now?"))
            if score is None:
                self._carry_on(was_running)
                return
            advice = self.session.report_hurt(score, False)
        else:
            self._carry_on(was_running)
            return
        await self._apply(advice, was_running)

    async def _apply(self, advice: PainAdvice, was_running: bool) -> None:
        self._status(advice.message)
        if advice.action == STOP_SESSION:
            if await self._save(None, note="Stopped: new or spreading leg symptoms.", safety_stop=LEG_SYMPTOMS):
                self._summary(advice.message, warn=True)
            self.post_message(OpenChecklist())
            return
        if advice.action == STOP_EXERCISE:
            choices = [("s", "stop", "Stop the session"), ("n", "next", "Go on to the next exercise")]
            question = f"{advice.message}\n\nStop the whole session now?"
            if await self.app.push_screen_wait(ChoiceScreen(question, choices, default="stop")) != "next":
                self.session.abandon()
                if await self._save(None, note="Stopped: severe pain.", safety_stop=SEVERE_PAIN):
                    self._summary(advice.message, warn=True)
                return
        if advice.action == EASE_OFF:
            choices = [("e", "easier", "Carry on, easier"), ("s", "skip", "Skip this exercise")]
            if self.session.dosage.reps > 1:
                choices.insert(1, ("f", "fewer", "Fewer reps"))
            choice = await self.app.push_screen_wait(ChoiceScreen(advice.message, choices, default="easier"))
            if choice == "fewer":
                self.session.fewer_reps()
                self._status(f"Fewer reps: {self.session.dosage.reps} from now on.")
            elif choice == "skip":
                self.session.skip_exercise()
                self._cue()
        elif advice.action != CARRY_ON:
            self._cue()
        self._carry_on(was_running)

    @work(group="today-flow")
    async def action_abandon(self) -> None:
        was_running = self._hold()
        question = "Stop this session? It is saved as not finished and does not count for your streak."
        if await self.app.push_screen_wait(yes_no(question)) == "yes":
            await self.stop_and_save()
        else:
            self._carry_on(was_running)

    @work(group="today-flow")
    async def stop_for_safety(self, message: str) -> None:
        """A check saved while a session runs blocks sessions: stop it at once, saved as a safety stop."""
        if self.session is None or not self.session.active:
            return
        self.session.abandon()
        if await self._save(None, note="Stopped: a warning sign was saved.", safety_stop=WARNING_SIGN):
            self._summary(message, warn=True)

    async def stop_and_save(self) -> bool:
        """Stop a running session and keep it as not finished (the app calls this before quitting).

        True once it is saved (or if there was none); False if the save failed, which was shown.
        """
        if self.session is None:
            return True
        self.session.abandon()
        return await self._save(None)

    async def _save(self, pain_after: int | None, note: str = "", safety_stop: str = "") -> bool:
        """Save the ended session in a worker thread; on failure keep it, to try again with enter."""
        session = self.session
        if session is None:
            return True
        self._timer.pause()
        journal = journal_of(self)
        try:
            saved = await in_thread(
                self, lambda: journal.finish_session(session, self.pain_before, pain_after, note, safety_stop)
            )
        except JournalError as exc:
            self._unsaved = (pain_after, note, safety_stop)
            self.notify(str(exc), title="The session could not be saved", severity="error", timeout=20)
            self._summary(f"Not saved yet: {exc} Press enter to try again.", warn=True)
            self._show_picker(True)
            self.refresh_bindings()
            return False
        self.session, self._unsaved = None, None
        self.query_one(ProgressionView).show_levels(saved.levels)
        self.post_message(SessionSaved(saved))
        record = saved.record
        finished = record.status == COMPLETED
        self._summary(
            f"Saved: {len(record.done)} done, {len(record.skipped)} skipped, "
            f"{max(1, round(record.duration_s / 60))} min."
            if finished
            else f"Stopped and saved as not finished ({len(record.done)} done).",
            warn=not finished,
        )
        self._show_picker(True)
        self._show_plan()
        self.refresh_bindings()
        return True

    def on_levels_changed(self, event: LevelsChanged) -> None:
        """A level was held or reset in the view below the plan: plan with the new doses."""
        if self.session is None:
            self._show_plan()

    def _summary(self, text: str, warn: bool = False) -> None:
        summary = self.query_one("#today-summary", Static)
        summary.set_class(warn, "-warn")
        summary.set_class(bool(text), "-shown")
        summary.update(text)
