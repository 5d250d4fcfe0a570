"""The Today pane, driven with Pilot and a fake clock: pick, gate, run, pain, save, streak."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pilot_wait import settle
from textual.widgets import OptionList, Static

from tui_back.domain.records import ABANDONED, COMPLETED, SAFETY_STOP, SessionRecord, SymptomCheck
from tui_back.domain.session import HOLD, READY, REP, RUNNING
from tui_back.domain.streaks import compute_stats
from tui_back.ui.app import make_app
from tui_back.ui.gate import GateScreen
from tui_back.ui.messages import OpenChecklist, SessionSaved
from tui_back.ui.morning import MorningScreen
from tui_back.ui.session_dialogs import ChoiceScreen, ScoreScreen, YesNoScreen
from tui_back.ui.session_screen import SessionScreen
from tui_back.ui.session_summary import SummaryScreen
from tui_back.ui.session_view import Countdown
from tui_back.ui.text_view import TextView
from tui_back.ui.today_pane import TodayPane

TINY = """
[[routine]]
id = "tiny"
name = "Tiny"
changeover_s = 2

[[routine.exercise]]
id = "pelvic-tilt"
hold_s = 3
reps = 2
rest_s = 1

[[routine.exercise]]
id = "cat-cow"
reps = 2
pace_s = 2
"""
TINY_SECONDS = 5 + (3 + 1 + 3) + 2 + (2 + 2)


@pytest.fixture
def tiny(ctx):
    ctx.data_dir.mkdir(parents=True, exist_ok=True)
    (ctx.data_dir / "routines.toml").write_text(TINY, encoding="utf-8")
    return ctx




def text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def plan(app) -> str:
    return app.screen.query_one("#today-plan", TextView).text


def countdown(app) -> str:
    return app.screen.query_one("#sv-clock", Countdown).value


def message(app) -> str:
    return text(app, "#sv-message")


def bells(app) -> list[int]:
    rung: list[int] = []
    app.bell = lambda: rung.append(1)
    return rung


async def open_today(pilot) -> TodayPane:
    await pilot.press("escape", "2")
    await settle(pilot)
    pane = pilot.app.query_one(TodayPane)
    assert pilot.app.focused is pane
    return pane


async def start(pilot, routine_keys=(), pain="") -> TodayPane:
    """Pick with `routine_keys`, press enter, pass the gate, answer the pain question."""
    pane = await open_today(pilot)
    store = pilot.app.ctx.store
    if not any(check.kind == "full" for check in store.checks()):
        clock = pilot.app.ctx.clock
        store.add_check(SymptomCheck(clock.today(), clock.utcnow(), (), "none"))
    await pilot.press(*routine_keys, "enter")
    await pilot.pause()
    await settle(pilot)
    if isinstance(pilot.app.screen, MorningScreen):
        await pilot.press("s")
        await settle(pilot)
    if isinstance(pilot.app.screen, GateScreen):
        await pilot.press("n")
        await settle(pilot)
    assert isinstance(pilot.app.screen, ScoreScreen)
    await pilot.press(*pain, "enter")
    await pilot.pause()
    await pilot.pause()
    assert isinstance(pilot.app.screen, SessionScreen)
    assert pane.session is not None and pane.session.state == RUNNING
    return pane


async def run_until(pilot, clock, pane, done, limit=100, step=1.0):
    """Advance the fake clock `step` seconds at a time, calling the session screen's tick, until `done()`."""
    screen = pilot.app.screen
    for _ in range(limit):
        if done():
            return
        clock.advance(step)
        screen.tick()
        await pilot.pause()
    raise AssertionError("never got there")


async def test_plan_follows_the_picker_last_used_is_the_default_and_a_bad_user_file_is_reported(ctx):
    ctx.store.set_state("last_routine", {"id": "between-meetings"})
    (ctx.data_dir / "routines.toml").write_text('[[routine]]\nid = "x"\n', encoding="utf-8")
    app = make_app(ctx)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        pane = await open_today(pilot)
        assert "daily" in pane.routines and "x" not in pane.routines
        await pilot.pause()
        assert any("routine 'x'" in widget.render().plain for widget in app.screen.query("Toast"))
        assert "Seated" in plan(app) and "Walking" in plan(app)
        assert "> At your desk" in str(app.query_one("#today-routines", OptionList).get_option_at_index(2).prompt)
        await pilot.press("down")  # wraps round to the first
        await pilot.pause()
        assert "1. Pelvic tilt: hold 5 s x 5" in plan(app) and "each side" in plan(app)
        assert "9 exercises, about 13 min" in text(app, "#today-total")


async def test_page_keys_scroll_a_plan_taller_than_the_pane(ctx):
    """Up and down pick the routine, so without page keys the end of a long plan was out of reach."""
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_today(pilot)
        scroll = app.query_one("#today-plan")
        assert scroll.max_scroll_y > 0  # the daily plan does not fit a grid pane
        picked = pane.routine.id
        await pilot.press("pagedown")
        await pilot.pause()
        assert scroll.scroll_y > 0 and pane.routine.id == picked
        await pilot.press("pagedown", "pagedown", "pagedown")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y
        await pilot.press("pageup", "pageup", "pageup", "pageup")
        await pilot.pause()
        assert scroll.scroll_y == 0


async def test_tiny_routine_runs_to_the_end_is_saved_and_makes_a_streak(tiny, clock):
    app = make_app(tiny)
    saved: list[object] = []
    async with app.run_test(size=(80, 24), message_hook=saved.append) as pilot:
        rung = bells(app)
        pane = await start(pilot, routine_keys=("up",), pain="3")
        assert [c.kind for c in tiny.store.checks()] == ["full", "quick"]  # the real gate asked and saved
        assert pane.session.plan.routine.id == "tiny"
        assert text(app, "#sv-phase") == "GET READY" and countdown(app) == "0:05"
        assert "Exercise 1/2" in text(app, "#sv-where")
        seen = set()
        phase = app.screen.query_one("#sv-phase", Static)  # the session screen's, even while it closes
        await run_until(pilot, clock, pane, lambda: isinstance(app.screen, SummaryScreen) or seen.add(
            (pane.session.phase, str(phase.content))))
        assert {(HOLD, "HOLD"), (REP, "MOVE"), (READY, "GET READY")} <= seen
        await pilot.pause(1.5)  # the end cue's bells are spaced out
        # get ready, hold (3 s: count 2, 1), rest (2 bells), hold (count 2, 1), get ready (2), 2 reps, the end (4)
        assert len(rung) == 1 + 1 + 2 + 2 + 1 + 2 + 2 + 1 + 1 + 4
        await pilot.pause()
        await pilot.press("2", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert not pane.session_active and "Saved:" in text(app, "#today-summary")
    [record] = tiny.store.sessions()
    assert record.status == COMPLETED and record.routine == "tiny"
    assert record.done == ("pelvic-tilt", "cat-cow") and record.skipped == ()
    assert (record.pain_before, record.pain_after) == (3, 2)
    assert TINY_SECONDS <= record.duration_s <= TINY_SECONDS + 1
    assert compute_stats(tiny.store.sessions(), clock.today()).current_streak == 1
    assert any(isinstance(m, SessionSaved) for m in saved)
    assert tiny.store.get_state("last_routine") == {"id": "tiny"}


async def test_session_keys_pain_reports_and_stopping(tiny, clock, passing_gate):
    app = make_app(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await start(pilot, routine_keys=("up",))
        screen = app.screen
        session = pane.session
        await pilot.press("n")
        assert session.phase == HOLD and "Hold 1/2" in text(app, "#sv-where")
        # space pauses without using time
        await pilot.press("space")
        clock.advance(60)
        screen.tick()
        await pilot.pause()
        assert text(app, "#sv-phase") == "PAUSED - HOLD" and countdown(app) == "0:03"
        await pilot.press("space")
        clock.advance(1)
        screen.tick()
        await pilot.pause()
        assert countdown(app) == "0:02"
        # n, b and r move between steps
        await pilot.press("n", "n")
        assert (session.phase, session.step.rep_no) == (HOLD, 2)
        await pilot.press("b")
        assert session.step.rep_no == 2 and session.phase != HOLD
        clock.advance(0.5)
        await pilot.press("r")
        assert session.remaining() == 1
        # "this hurts": no leg symptoms, the question skipped -> carry on
        await pilot.press("h", "n", "escape")
        await pilot.pause()
        assert session.state == RUNNING and session.hurts == []
        # pain of 4: ease off, fewer reps
        await pilot.press("b", "h", "n", "4", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen) and "ease off" in app.screen.message
        await pilot.press("f")
        await pilot.pause()
        assert session.state == RUNNING and session.dosage.reps == 1 and session.step.exercise == 0
        # pain above 5: this exercise stops, and stopping the whole session is offered first
        await pilot.press("h", "n", "7", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen) and "Stop the whole session" in app.screen.message
        assert app.screen.default == "stop"
        await pilot.press("n")
        await pilot.pause()
        assert session.state == RUNNING and session.step.exercise == 1
        assert session.hurts == [("pelvic-tilt", 4), ("pelvic-tilt", 7)] and session.skipped == ("pelvic-tilt",)
        assert "too much" in message(app)
        # b goes back into the stopped exercise (no longer skipped); s skips it again
        await pilot.press("b", "s")
        await pilot.pause()
        assert session.skipped == ("pelvic-tilt",) and session.step.exercise == 1
        # escape asks; escape again keeps going; y stops, and the summary saves it as abandoned
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, YesNoScreen) and session.state != RUNNING
        await pilot.press("escape")
        await pilot.pause()
        assert session.state == RUNNING
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert not pane.session_active and "not finished" in text(app, "#today-summary")
    [record] = tiny.store.sessions()
    assert record.status == ABANDONED and record.hurt == (("pelvic-tilt", 4), ("pelvic-tilt", 7))
    assert compute_stats(tiny.store.sessions(), clock.today()).current_streak == 0


async def test_new_leg_symptoms_stop_the_session_and_open_the_checklist(tiny, passing_gate):
    tiny.config_dir.mkdir(parents=True, exist_ok=True)
    (tiny.config_dir / "config.toml").write_text("bell = false\n", encoding="utf-8")
    app = make_app(tiny)
    posted: list[object] = []
    async with app.run_test(size=(80, 24), message_hook=posted.append) as pilot:
        rung = bells(app)
        pane = await start(pilot, routine_keys=("up",))
        await pilot.press("n", "h")
        await pilot.pause()
        assert pane.session.state != RUNNING
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert not pane.session_active
        assert any(isinstance(m, OpenChecklist) for m in posted)
        assert app.active_pane == "symptoms"
        assert "checklist" in text(app, "#today-summary")
        assert rung == []  # the bell is switched off in config.toml
    [record] = tiny.store.sessions()
    assert record.status == SAFETY_STOP and "leg symptoms" in record.note


async def stop_session(pilot) -> None:
    await pilot.press("escape", "y")
    await settle(pilot)
    await pilot.press("enter")
    await pilot.pause()


async def test_the_gate_can_limit_to_gentle_or_block(ctx, clock):
    ctx.store.add_check(SymptomCheck(clock.today() - timedelta(days=3), clock.utcnow(), (), "none"))
    ctx.store.add_check(SymptomCheck(clock.today() - timedelta(days=2), clock.utcnow(), (), "soon"))
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_today(pilot)
        await pilot.press("enter", "n")
        await settle(pilot)
        assert isinstance(app.screen, YesNoScreen) and "Gentle" in app.screen.message
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert pane.session.plan.routine.id == "gentle"
        await stop_session(pilot)
        ctx.store.add_check(SymptomCheck(clock.today(), clock.utcnow(), ("saddle-numbness",), "emergency"))
        await pilot.press("enter", "n")
        await settle(pilot)
        await pilot.press("enter")  # "I have read this"
        await pilot.pause()
        assert pane.session is None
        assert "cannot start" in text(app, "#today-summary")


async def _finish(pilot, clock, pane, pain_after="1"):
    """Run the session to its end in one jump of the clock, as after a suspend (the second-by-second run
    is `test_tiny_routine_runs_to_the_end_is_saved_and_makes_a_streak`), then answer and save."""
    clock.advance(pane.session.time_left())
    await run_until(pilot, clock, pane, lambda: isinstance(pilot.app.screen, SummaryScreen), step=0.0)
    await pilot.pause()
    await pilot.press(*pain_after, "enter")
    await settle(pilot)
    await pilot.press("enter")
    await pilot.pause()


async def test_after_easy_sessions_on_five_days_the_plan_explains_the_step_up(tiny, clock, passing_gate):
    app = make_app(tiny)
    async with app.run_test(size=(120, 40)) as pilot:
        for keys in (("up",), (), (), (), ()):  # "tiny" is remembered as the last routine after the first
            pane = await start(pilot, routine_keys=keys, pain="1")
            assert pane.session.plan.routine.id == "tiny"
            await _finish(pilot, clock, pane)
            clock.advance(86400)  # one easy session a day counts
        lines = [str(line) for line in app.query_one("#progression-lines", OptionList).options]
        assert any("Pelvic tilt: up to" in line and "easy sessions on 5 days" in line for line in lines), lines
        # the next plan takes the new level's dose for the stepped-up exercise
        level, default = tiny.journal.overrides["pelvic-tilt"], tiny.catalogue.get("pelvic-tilt").dosage
        assert (level.hold_s, level.reps) > (default.hold_s, default.reps)


async def test_quitting_mid_session_asks_then_keeps_it_as_not_finished(tiny, clock, passing_gate):
    app = make_app(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await start(pilot, routine_keys=("up",))
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, YesNoScreen) and pane.session_active
        await pilot.press("n")
        await pilot.pause()
        assert pane.session_active and app.return_code is None
        await pilot.press("ctrl+q", "y")
        await settle(pilot)
        assert app.return_code == 0
    [record] = tiny.store.sessions()
    assert record.status == ABANDONED


@pytest.mark.parametrize("history_days", [0, 365])
async def test_a_guided_session_from_gate_to_saved_record_writes_the_database_twice(
    tiny, clock, writes, history_days
):
    if history_days:
        now = clock.utcnow()
        tiny.store.add_sessions(
            SessionRecord(clock.today() - timedelta(days=n), now, now, "daily", pain_before=2, pain_after=2)
            for n in range(1, history_days + 1)
        )
        tiny.store.set_state("last_routine", {"id": "daily"})
    tiny.store.add_check(SymptomCheck(clock.today(), clock.utcnow(), (), "none"))
    app = make_app(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        for first in (True, False):  # the first session saves new state keys, later ones replace them
            writes.clear()
            pane = await start(pilot, routine_keys=("up",) if first else (), pain="1")
            assert pane.session.plan.routine.id == "tiny"
            await _finish(pilot, clock, pane)
            assert not pane.session_active and "Saved:" in text(app, "#today-summary")
            assert len(writes) == 2, (first, writes)
            clock.advance(3600)
    assert len(tiny.store.sessions()) == history_days + 2
    assert [c.kind for c in tiny.store.checks()] == ["full", "quick", "quick"]


