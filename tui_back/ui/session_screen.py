"""The guided session on a screen of its own: it fills the terminal and its keys are its own.

The Today pane opens it once the gate and the pain question let a session start, and gets back a
`SessionEnd` when the session finishes or stops; saving and the summary come after it. Because
the session keys are this screen's bindings, they work whatever had the focus on the dashboard.

Time comes only from the `Session` state machine and its injected clock: after each change the
screen reads from the clock when the shown second will next change and sets one timer for that
moment, so a hold wakes the app once a second, on time, and the display repaints only what
changed. Any screen opened over this one (a question, the help, the palette, the settings, the
quit question) pauses the session, and it goes on only when the user carries on.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from textual import events, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static

from tui_back.data_files import builtin_rules
from tui_back.domain.cues import CueChoice, Moment, bells_for, exercise_ended
from tui_back.domain.pain import CARRY_ON, EASE_OFF, STOP_EXERCISE, STOP_SESSION, PainAdvice
from tui_back.domain.records import LEG_SYMPTOMS, SEVERE_PAIN, WARNING_SIGN
from tui_back.domain.session import FINISHED, PAUSED, RUNNING, Session, SessionState
from tui_back.ui import keys
from tui_back.ui.messages import CheckSaved
from tui_back.ui.session_dialogs import ChoiceScreen, ScoreScreen, yes_no
from tui_back.ui.session_view import SessionView

WAKE_LATE_S = 0.002
"""Wake this much after the second changes, so the clock has surely passed it."""
BELL_GAP_S = 0.3
"""Between the bells of one cue: closer ones run together into one sound on many terminals."""
SESSION_KEYS = (
    "today-pause", "today-hurts", "today-next", "today-back", "today-restart", "today-skip", "today-check",
    "today-stop",
)  # fmt: skip
LEGS_QUESTION = (
    "Any NEW or SPREADING leg symptoms: pain, numbness, pins and needles or weakness "
    "going down a leg?"
)
LEGS_NOTE = "Stopped: new or spreading leg symptoms."
CHECK_NOTE = "Stopped: a warning sign was saved."


@dataclass(frozen=True)
class SessionEnd:
    """How a session left its screen: finished, or stopped (and why)."""

    session: Session
    message: str = ""
    """What the user was told as it ended (the pain rule's advice for a stop)."""
    note: str = ""
    """Saved with the session."""
    checklist: bool = False
    """Open the symptom checklist afterwards (new leg symptoms)."""
    safety_stop: str = ""
    """Why it was stopped for safety (`tui_back.domain.records.SAFETY_STOPS`), empty if it was not."""


def cue_choice(settings) -> CueChoice:
    """The cues config.toml switches on; `bell = false` silences them all."""
    on = settings.bell
    return CueChoice(
        steps=on,
        countdown=on and settings.cue_countdown,
        hold_end=on and settings.cue_hold_end,
        switch=on and settings.cue_switch,
        reps=on and settings.cue_reps,
        session_end=on and settings.cue_session_end,
    )


def until_next_second(left: float) -> float:
    """Seconds until a countdown showing `left` rounded up shows the next lower whole second
    (or, at 0, until now: the step is over)."""
    shown = math.ceil(left - 1e-9)
    return max(0.0, left - (shown - 1)) if shown > 0 else 0.0


def moment(session: Session) -> Moment:
    ended = session.state in (FINISHED, SessionState.ABANDONED)
    return Moment(
        session.index,
        str(session.phase),
        session.step.exercise,
        max(0, math.ceil(session.remaining() - 1e-9)),
        finished=session.state == FINISHED,
        ended=ended,
    )


class SessionScreen(Screen[SessionEnd]):
    """A running session, full screen, until it finishes or is stopped."""

    DEFAULT_CSS = """
    SessionScreen { layout: vertical; }
    SessionScreen #ss-title { height: 1; background: $panel; color: $text-muted; padding: 0 1; }
    SessionScreen.-tiny #ss-title { display: none; }
    """
    BINDINGS = keys.bindings(*SESSION_KEYS)

    def __init__(
        self,
        session: Session,
        ascii_only: bool,
        choice: CueChoice,
        levels: Mapping[str, str] | None = None,
    ) -> None:
        """`levels`: exercise id -> the label of its level now, shown with the exercise's name."""
        super().__init__()
        self.session = session
        self.levels = dict(levels or {})
        self.ascii_only = ascii_only
        self.choice = choice
        self._timer: Timer | None = None
        self._moment: Moment | None = None
        self._asking = False
        """A question of this screen's own is open (it resumes the session itself)."""
        self._paused_for_screen = False
        """Another screen came over this one while the session ran."""
        self._ending = False

    def compose(self) -> ComposeResult:
        separator = " - " if self.ascii_only else " \u00b7 "
        title = separator.join(("tui-back", self.session.plan.routine.name, "not medical advice"))
        yield Static(title, id="ss-title", markup=False)
        view = SessionView(self.ascii_only, id="ss-view")
        view.levels = self.levels
        yield view
        yield Footer(compact=True, show_command_palette=False)

    @property
    def view(self) -> SessionView:
        return self.query_one(SessionView)

    def on_mount(self) -> None:
        self.call_after_refresh(self._after_change)

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.height < 22, "-tiny")

    # -- time -----------------------------------------------------------------------------------

    def tick(self) -> None:
        """The timer callback: no I/O here, only the state machine and a repaint if needed."""
        if self.session.state != RUNNING:
            return
        self._after_change(self.session.tick())

    def _arm(self) -> None:
        """One timer for the moment the shown second next changes (read from the clock, so a late
        wake-up is never carried over); none while the session is not running."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.session.state == RUNNING and not self._ending:
            self._timer = self.set_timer(until_next_second(self.session.remaining()) + WAKE_LATE_S, self.tick)

    def _after_change(self, step_changed: bool = True) -> None:
        """Show what changed; `step_changed=False` when only time passed (a timer, no step change)."""
        session = self.session
        if not self.is_mounted:
            return
        self.view.show(session, step_changed)
        now = moment(session)
        if now != self._moment:
            self._ring(bells_for(self._moment, now, self.choice))
            if exercise_ended(self._moment, now):
                self._notify_done(self._moment, now)
            self._moment = now
        if session.state == FINISHED and not self._ending:
            self._ending = True
            self.view.say(f"Well done: {len(session.done)} done, {len(session.skipped)} skipped.")
            self.refresh_bindings()
            self.call_after_refresh(self._finished)  # "0:00" reaches the screen before the summary covers it
        self._arm()

    def _notify_done(self, before: Moment | None, now: Moment) -> None:
        """The desktop notification at the end of an exercise and of the session (the app decides
        whether it is sent)."""
        if before is None:
            return
        name = self.session.plan.items[before.exercise].exercise.name
        if now.finished:
            body = f"Session finished: {len(self.session.done)} done, {len(self.session.skipped)} skipped."
        else:
            body = f"{name} done. Next: {self.session.exercise.name}."
        notify = getattr(self.app, "terminal_notify", None)
        if notify is not None:
            notify("tui-back", body)

    def _finished(self) -> None:
        self.dismiss(SessionEnd(self.session))

    def _ring(self, bells: int) -> None:
        """`bells` terminal bells, `BELL_GAP_S` apart."""
        for n in range(bells):
            if n == 0:
                self.app.bell()
            else:
                self.app.set_timer(n * BELL_GAP_S, self.app.bell)  # outlives this screen (the end cue)

    # -- other screens over this one --------------------------------------------------------------

    def on_screen_suspend(self) -> None:
        if self.session.state == RUNNING:
            self.session.pause()
            self._paused_for_screen = True

    def on_screen_resume(self) -> None:
        if self._paused_for_screen and not self._asking:
            self._paused_for_screen = False
            if self.session.active:
                self.session.resume()
        self._after_change()

    # -- keys -----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("pause", "next", "back", "restart", "skip", "hurts", "check", "abandon"):
            return self.session.active and not self._ending
        return True

    def action_pause(self) -> None:
        self.session.toggle_pause()
        resume = keys.key_text(self.app, "today-pause")
        self.view.say(f"Paused: {resume} to carry on." if self.session.state == PAUSED else "")
        self._after_change()

    def action_next(self) -> None:
        self.session.next()
        self._after_change()

    def action_back(self) -> None:
        self.session.back()
        self._after_change()

    def action_restart(self) -> None:
        self.session.restart_step()
        self._after_change()

    def action_skip(self) -> None:
        self.session.skip_exercise()
        self._after_change()

    # -- questions ------------------------------------------------------------------------------

    def _hold(self) -> bool:
        """Pause for a question of this screen's own; True if it was running (it resumes after)."""
        self._asking = True
        running = self.session.state == RUNNING
        self.session.pause()
        self._after_change()
        return running

    def _carry_on(self, was_running: bool) -> None:
        self._asking = False
        self._paused_for_screen = False
        if self.session.active and was_running:
            self.session.resume()
        self._after_change()

    @work(group="session-ask")
    async def action_hurts(self) -> None:
        """New leg symptoms stop the session; otherwise the pain score says what to do."""
        if self._asking:
            return
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
        self.view.say(advice.message)
        if advice.action == STOP_SESSION:
            self._asking = False
            self._ending = True
            self.dismiss(SessionEnd(self.session, advice.message, LEGS_NOTE, checklist=True, safety_stop=LEG_SYMPTOMS))
            return
        if advice.action == STOP_EXERCISE:
            choices = [("s", "stop", "Stop the session"), ("n", "next", "Go on to the next exercise")]
            question = f"{advice.message}\n\nStop the whole session now?"
            if await self.app.push_screen_wait(ChoiceScreen(question, choices, default="stop")) != "next":
                self._asking = False
                self.session.abandon()
                self._ending = True
                self.dismiss(SessionEnd(self.session, advice.message, "Stopped: severe pain.", safety_stop=SEVERE_PAIN))
                return
        if advice.action == EASE_OFF:
            choices = [("e", "easier", "Carry on, easier"), ("s", "skip", "Skip this exercise")]
            if self.session.dosage.reps > 1:
                choices.insert(1, ("f", "fewer", "Fewer reps"))
            choice = await self.app.push_screen_wait(ChoiceScreen(advice.message, choices, default="easier"))
            if choice == "fewer":
                self.session.fewer_reps()
                self.view.say(f"{advice.message} Fewer reps: {self.session.dosage.reps} from now on.")
            elif choice == "skip":
                self.session.skip_exercise()
        elif advice.action == CARRY_ON:
            self.view.say("")
        self._carry_on(was_running)

    @work(group="session-ask")
    async def action_check(self) -> None:
        """The symptom checklist over the paused session. A saved result that blocks sessions
        (emergency or same day) stops the session at once, saved as a safety stop, with its advice;
        any other waits, paused, for the user to carry on. Leaving unsaved carries on."""
        from tui_back.ui.check_screen import CheckScreen

        if self._asking:
            return
        was_running = self._hold()
        saved = await self.app.push_screen_wait(CheckScreen())
        if saved is None:
            self._carry_on(was_running)
            return
        result = builtin_rules().assess(saved.check.items)
        gate = saved.gate
        blocked = gate is not None and not gate.allowed and not gate.needs_full_check
        self._asking = False
        self._paused_for_screen = False
        if result.blocks_session or blocked:
            message = gate.message if gate is not None and blocked else f"{result.headline}\n{result.advice}"
            self.session.abandon()
            self._ending = True
            self.app.post_message(CheckSaved(saved))  # the Symptoms pane's history; the session is over
            self.dismiss(SessionEnd(self.session, message, CHECK_NOTE, safety_stop=WARNING_SIGN))
            return
        self.app.post_message(CheckSaved(saved))
        resume = keys.key_text(self.app, "today-pause")
        self.view.say(f"Check saved: {result.headline}. {resume} to carry on.")
        self._after_change()

    @work(group="session-ask")
    async def action_abandon(self) -> None:
        if self._asking:
            return
        was_running = self._hold()
        question = "Stop this session? It is saved as not finished and does not count for your streak."
        if await self.app.push_screen_wait(yes_no(question)) == "yes":
            self._asking = False
            self.session.abandon()
            self._ending = True
            self.dismiss(SessionEnd(self.session, "Session stopped."))
        else:
            self._carry_on(was_running)

    def stop(self) -> None:
        """Stop the session for good (the app is quitting) and leave the screen."""
        self.session.abandon()
        if not self._ending:
            self._ending = True
            self.dismiss(SessionEnd(self.session, "Session stopped."))
