"""The guided session on its own screen, driven with Pilot and a fake clock, at every supported size."""

from __future__ import annotations

import pytest
from pilot_wait import settle
from screen_text import on_screen, screen_text
from textual.widgets import Footer

from tui_back.data_files import builtin_rules
from tui_back.domain.records import ABANDONED, COMPLETED, SAFETY_STOP
from tui_back.domain.session import HOLD, PAUSED, RUNNING, SWITCH
from tui_back.ui.app import make_app
from tui_back.ui.check_screen import CheckScreen
from tui_back.ui.gate import GateScreen
from tui_back.ui.session_dialogs import ChoiceScreen, ScoreScreen
from tui_back.ui.session_screen import SessionScreen
from tui_back.ui.session_summary import SummaryScreen
from tui_back.ui.session_view import Countdown, Glyph, SessionView
from tui_back.ui.streak_pane import StreakPane
from tui_back.ui.symptoms_pane import Checklist

SIZES = [(60, 20), (80, 24), (110, 30), (120, 40), (200, 50)]
TINY = """
[[routine]]
id = "tiny"
name = "Tiny"
changeover_s = 2

[[routine.exercise]]
id = "pelvic-tilt"
hold_s = 5
reps = 2
rest_s = 1

[[routine.exercise]]
id = "cat-cow"
reps = 2
pace_s = 2
"""
SIDES = """
[[routine]]
id = "sides"
name = "Sides"

[[routine.exercise]]
id = "side-plank"
hold_s = 4
reps = 1
"""


@pytest.fixture
def tiny(ctx):
    ctx.data_dir.mkdir(parents=True, exist_ok=True)
    (ctx.data_dir / "routines.toml").write_text(TINY, encoding="utf-8")
    ctx.config_dir.mkdir(parents=True, exist_ok=True)
    (ctx.config_dir / "config.toml").write_text('default_routine = "tiny"\n', encoding="utf-8")
    return ctx


@pytest.fixture(autouse=True)
def _gate_passes(passing_gate):
    """Every session here starts past the gate."""


def bells(app) -> list[float]:
    rung: list[float] = []
    app.bell = lambda: rung.append(1)
    return rung


async def start(pilot, pain="", first=("escape", "2")) -> SessionScreen:
    """Go to Today (or press `first`), press enter, answer the pain question: the session screen."""
    await pilot.press(*first)
    await settle(pilot)
    await pilot.press("enter")
    await pilot.pause()
    if isinstance(pilot.app.screen, GateScreen):
        await pilot.press("n")
        await settle(pilot)
    assert isinstance(pilot.app.screen, ScoreScreen)
    await pilot.press(*pain, "enter")
    await pilot.pause()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SessionScreen) and screen.session.state == RUNNING
    return screen


async def run_until(pilot, clock, screen, done, limit=200, step=1.0):
    for _ in range(limit):
        if done():
            return
        clock.advance(step)
        screen.tick()
        await pilot.pause()
    raise AssertionError("never got there")


async def summary(pilot, clock, screen, at_once=False) -> SummaryScreen:
    """Run the session to its end, a second at a time or, for the tests of what comes after, in one jump
    of the clock as after a suspend; the summary screen, drawn."""
    if at_once:
        clock.advance(screen.session.time_left())
    step = 0.0 if at_once else 1.0
    await run_until(pilot, clock, screen, lambda: isinstance(pilot.app.screen, SummaryScreen), step=step)
    await pilot.pause()
    await pilot.pause()
    return pilot.app.screen


def countdown(screen) -> str:
    return screen.query_one(Countdown).value


@pytest.mark.parametrize("size", SIZES)
async def test_the_screen_fills_the_terminal_and_every_line_is_on_it(tiny, clock, size):
    app = make_app(tiny)
    async with app.run_test(size=size) as pilot:
        screen = await start(pilot)
        screen.session.next()
        screen.tick()
        await pilot.pause()
        view = screen.query_one(SessionView)
        assert view.region.width == size[0]
        text = screen_text(app)
        dose = "Pelvic tilt: hold 5 s x 2, rest 1 s"
        for line in ("HOLD", dose, "Exercise 1/2 - Hold 1/2", "Next up: Cat-cow", "min left"):
            assert line in text, (size, line)
        for part in ("#sv-phase", "#sv-clock", "#sv-doing", "#sv-where", "#sv-next", "#sv-progress"):
            region = screen.query_one(part).region
            assert region.height >= 1 and screen.region.contains_region(region), (size, part)
        assert screen.query_one(Footer).region.bottom == size[1]


async def test_digits_grow_with_the_terminal(tiny):
    app = make_app(tiny)
    heights = {}
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        before = 0
        for size in ((80, 24), (120, 40), (200, 50)):
            await pilot.resize_terminal(*size)
            for _ in range(50):  # the digits are laid out again a frame or more after the resize
                await pilot.pause()
                heights[size] = max(glyph.region.height for glyph in screen.query(Glyph))
                if heights[size] != before:
                    break
            before = heights[size]
    assert heights[(80, 24)] >= 5 and heights[(120, 40)] >= 9 and heights[(200, 50)] > heights[(120, 40)]


async def test_the_drawing_and_the_steps_show_where_they_fit(tiny, clock):
    app = make_app(tiny)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start(pilot)
        steps = screen.session.exercise.steps
        assert on_screen(app, f"1. {steps[0]}") and "Start" in screen_text(app) and "End" in screen_text(app)


async def test_a_whole_session_then_the_summary_then_the_dashboard_with_the_new_streak(tiny, clock):
    app = make_app(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot, pain="3")
        assert countdown(screen) == "0:05"
        clock.advance(0.1)
        assert not screen.view.show(screen.session), "still 0:05: nothing to repaint"
        clock.advance(0.9)
        screen.tick()
        assert countdown(screen) == "0:04"
        await summary(pilot, clock, screen)
        assert on_screen(app, "Well done: session finished.") and on_screen(app, "Pain before: 3/10")
        assert on_screen(app, "How much does your back hurt now?")
        await pilot.press("2", "enter")
        await settle(pilot)
        assert on_screen(app, "Saved: 2 done, 0 skipped.")
        assert on_screen(app, "Streak: 1 day") and on_screen(app, "This week: 1 of 5 sessions")
        assert on_screen(app, "Next milestone: 3 days (2 to go)")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.dashboard and not app.today.session_active
    [record] = tiny.store.sessions()
    assert record.status == COMPLETED and (record.pain_before, record.pain_after) == (3, 2)


async def test_the_streak_pane_is_updated_from_the_save_not_read_again(tiny, clock, monkeypatch):
    app = make_app(tiny)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start(pilot)
        reads = []
        monkeypatch.setattr(tiny.journal, "history", lambda: reads.append(1))
        shown = []
        streak = app.query_one(StreakPane)
        real = streak.show_history
        monkeypatch.setattr(streak, "show_history", lambda history: (shown.append(history), real(history)))
        await summary(pilot, clock, screen, at_once=True)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert reads == [] and shown and shown[0].streak.stats.current_streak == 1


async def test_keys_belong_to_the_screen_whatever_had_the_focus(tiny, clock):
    """Pressing 3 (the checklist has the focus) then starting: space and s act on the session only."""
    app = make_app(tiny)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("escape", "3")
        await settle(pilot)
        app.start_routine("tiny")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await pilot.press("space")
        assert screen.session.state == PAUSED
        await pilot.press("space", "s")
        assert screen.session.skipped == ("pelvic-tilt",)
        await pilot.press("3")
        assert app.screen is screen and app.active_pane == "today"
        footer = screen.query_one(Footer)
        shown = " ".join(str(item.render()) for item in footer.query("FooterKey"))
        for words in ("Pause", "This hurts", "Next", "Back", "Restart", "Skip", "Stop"):
            assert words in shown
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = str(app.screen.query_one("#help-text").render())
        assert "During a session" in help_text and "This hurts" in help_text
        assert screen.session.state == PAUSED, "the help pauses the session"
        await pilot.press("escape")
        await pilot.pause()
        assert screen.session.state == RUNNING
    assert tiny.store.checks() == [] or all(c.kind == "quick" for c in tiny.store.checks())


@pytest.mark.parametrize("size", SIZES)
async def test_every_message_is_on_screen_at_every_size(tiny, clock, size):
    app = make_app(tiny)
    async with app.run_test(size=size) as pilot:
        screen = await start(pilot)
        await pilot.press("n", "space")
        assert on_screen(app, "Paused: space to carry on."), size
        await pilot.press("space", "h", "n", "4", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("e")
        await pilot.pause()
        assert on_screen(app, "ease off"), (size, screen_text(app))
        await pilot.press("h", "n", "7", "enter")
        await pilot.pause()
        assert on_screen(app, "too much"), (size, screen_text(app))
        assert isinstance(app.screen, ChoiceScreen) and "Stop the whole session" in app.screen.message
        await pilot.press("n")  # go on to the next exercise instead of stopping
        await pilot.pause()
        assert on_screen(app, "too much"), (size, screen_text(app))
        assert screen.session.step.exercise == 1
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert on_screen(app, "Session stopped.") and on_screen(app, "Stopped and saved as not finished (0 done).")
        assert on_screen(app, "Streak: 0 days")


@pytest.mark.parametrize("size", SIZES)
async def test_a_failed_save_is_said_on_screen_and_enter_tries_again(tiny, clock, size):
    app = make_app(tiny)
    async with app.run_test(size=size) as pilot:
        screen = await start(pilot, pain="2")
        tiny.store.read_only = "the disk is read-only"
        await summary(pilot, clock, screen, at_once=True)
        await pilot.press("3", "enter")
        await settle(pilot)
        assert on_screen(app, "Not saved yet:") and on_screen(app, "read-only"), size
        assert on_screen(app, "enter: try again")
        tiny.store.read_only = None
        await pilot.press("enter")
        await settle(pilot)
        assert on_screen(app, "Saved: 2 done")
    [record] = tiny.store.sessions()
    assert (record.pain_before, record.pain_after) == (2, 3)


async def test_a_save_left_for_later_is_saved_with_enter_in_the_today_pane(tiny, clock):
    app = make_app(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        tiny.store.read_only = "the disk is read-only"
        await summary(pilot, clock, screen, at_once=True)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.dashboard and app.today.session_active
        assert on_screen(app, "Not saved yet. Press enter to try again.")
        tiny.store.read_only = None
        await pilot.press("enter")
        await settle(pilot)
        assert not app.today.session_active and on_screen(app, "Saved:")
    assert [r.status for r in tiny.store.sessions()] == [COMPLETED]


async def test_new_leg_symptoms_stop_say_so_and_open_the_checklist(tiny, clock):
    app = make_app(tiny)
    async with app.run_test(size=(60, 20)) as pilot:
        await start(pilot)
        await pilot.press("h", "y")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert on_screen(app, "leg symptoms") and on_screen(app, "The Symptoms pane opens next")
        await pilot.press("enter")
        await pilot.pause()
        assert app.active_pane == "symptoms"
    [record] = tiny.store.sessions()
    assert record.status == SAFETY_STOP and "leg symptoms" in record.note


@pytest.mark.parametrize("opening", ["quit", "hurts", "legs", "stop", "palette"])
async def test_every_dialog_pauses_the_timer_until_the_user_carries_on(tiny, clock, opening):
    app = make_app(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await pilot.press("n")
        session = screen.session
        assert session.phase == HOLD and countdown(screen) == "0:05"
        keys = {"quit": ("ctrl+q",), "hurts": ("h", "n"), "legs": ("h",), "stop": ("escape",), "palette": ("ctrl+p",)}
        await pilot.press(*keys[opening])
        await pilot.pause()
        assert app.screen is not screen
        clock.advance(30)
        screen.tick()
        await pilot.pause()
        assert session.remaining() == 5 and session.state == PAUSED
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and session.state == RUNNING and session.remaining() == 5
        clock.advance(1)
        screen.tick()
        await pilot.pause()
        assert countdown(screen) == "0:04"


async def test_quitting_mid_session_stops_saves_and_exits(tiny, clock):
    app = make_app(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("ctrl+q", "y")
        await settle(pilot)
        assert app.return_code == 0
    assert [r.status for r in tiny.store.sessions()] == [ABANDONED]


async def test_cues_ring_on_the_users_terminal(ctx, clock):
    ctx.data_dir.mkdir(parents=True, exist_ok=True)
    (ctx.data_dir / "routines.toml").write_text(SIDES, encoding="utf-8")
    ctx.config_dir.mkdir(parents=True, exist_ok=True)
    (ctx.config_dir / "config.toml").write_text('default_routine = "sides"\n', encoding="utf-8")
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        rung = bells(app)
        screen = await start(pilot)
        assert len(rung) == 1  # get ready
        await run_until(pilot, clock, screen, lambda: screen.session.phase == HOLD)
        assert len(rung) == 2  # the hold starts
        await run_until(pilot, clock, screen, lambda: screen.session.phase == SWITCH)
        await pilot.pause(1.0)  # the bells of one cue are spaced out in real time
        assert len(rung) == 2 + 3 + 3, "3, 2, 1 counted, then three bells to switch sides"
        await summary(pilot, clock, screen)
        await pilot.pause(1.2)
        assert len(rung) == 8 + 1 + 3 + 4, "the second side's hold, its count, then four at the end"


async def test_bell_off_is_silent(tiny, clock):
    (tiny.config_dir / "config.toml").write_text('default_routine = "tiny"\nbell = false\n', encoding="utf-8")
    app = make_app(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        rung = bells(app)
        screen = await start(pilot)
        await summary(pilot, clock, screen)
        assert rung == []


async def test_ascii_draws_the_session_in_seven_bit_ascii(tiny, clock):
    (tiny.config_dir / "config.toml").write_text('default_routine = "tiny"\nascii = true\n', encoding="utf-8")
    app = make_app(tiny)
    async with app.run_test(size=(120, 40)) as pilot:
        await start(pilot)
        await pilot.press("n")
        await pilot.pause()
        text = screen_text(app)
        body = text[text.index("tui-back -") :]
        assert body.isascii(), [c for c in body if not c.isascii()]
        assert "#" in body and "[" in body


async def test_the_level_shows_with_the_exercise_where_it_sets_the_dose(ctx, clock):
    """A routine that keeps the catalogue dose runs the starting level: its label says which variant."""
    ctx.data_dir.mkdir(parents=True, exist_ok=True)
    (ctx.data_dir / "routines.toml").write_text(
        '[[routine]]\nid = "p"\nname = "P"\n[[routine.exercise]]\nid = "pelvic-tilt"\n'
        '[[routine.exercise]]\nid = "cat-cow"\nreps = 3\n',
        encoding="utf-8",
    )
    ctx.config_dir.mkdir(parents=True, exist_ok=True)
    (ctx.config_dir / "config.toml").write_text('default_routine = "p"\n', encoding="utf-8")
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start(pilot)
        label = ctx.journal.levels().ladders["pelvic-tilt"].level
        assert on_screen(app, f"Pelvic tilt ({label}):")
        assert "cat-cow" not in screen.levels, "a routine's own dose is not any level's"


async def test_a_notification_at_the_end_of_each_exercise_and_of_the_session(tiny, clock):
    app = make_app(tiny)
    sent: list[tuple[str, str]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.terminal_notify = lambda title, body: sent.append((title, body))
        screen = await start(pilot)
        await summary(pilot, clock, screen)
    assert sent == [
        ("tui-back", "Pelvic tilt done. Next: Cat-cow."),
        ("tui-back", "Session finished: 2 done, 0 skipped."),
    ]


def test_terminal_notices_are_off_by_default(ctx, monkeypatch):
    import io
    import sys

    written = io.StringIO()
    monkeypatch.setattr(sys, "__stderr__", written)
    assert ctx.settings.notifications is False
    make_app(ctx).terminal_notify("tui-back", "x")
    assert written.getvalue() == ""


async def test_severe_pain_offers_stopping_the_whole_session_by_default(tiny, clock):
    app = make_app(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("n", "h", "n", "8", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen) and "Stop the whole session" in app.screen.message
        await pilot.press("enter")  # the default: stop
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen) and on_screen(app, "too much")
        await pilot.press("enter")
        await settle(pilot)
    [record] = tiny.store.sessions()
    assert (record.status, record.safety_stop) == (SAFETY_STOP, "severe-pain")


async def open_check(pilot, screen):
    """From a hold at 0:05, `c`: the symptom check over the session."""
    await pilot.press("n")
    assert screen.session.phase == HOLD and countdown(screen) == "0:05"
    await pilot.press("c")
    await settle(pilot)
    assert isinstance(pilot.app.screen, CheckScreen)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_an_emergency_tick_saved_mid_session_stops_it_at_once_with_the_advice(tiny, clock, size):
    app = make_app(tiny)
    async with app.run_test(size=size) as pilot:
        screen = await start(pilot, first=("escape", "2"))
        shown = " ".join(str(item.render()) for item in screen.query_one(Footer).query("FooterKey"))
        assert "Symptom check" in shown
        await open_check(pilot, screen)
        assert on_screen(app, "Symptom check (the session is paused)") and on_screen(app, "EMERGENCY SIGNS")
        clock.advance(30)
        screen.tick()
        await pilot.pause()
        assert screen.session.state == PAUSED and screen.session.remaining() == 5, "no time passes behind it"
        checklist = app.screen.query_one(Checklist)
        checklist.highlighted = checklist.get_option_index("E1")
        await pilot.press("space", "s")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen), "the session stops at once"
        headline = builtin_rules().assess(("E1",)).headline
        assert on_screen(app, headline), (size, screen_text(app))
        assert on_screen(app, "Stopped and saved as not finished")
    [record] = tiny.store.sessions()
    assert (record.status, record.safety_stop) == (SAFETY_STOP, "warning-sign")
    assert [check.items for check in tiny.store.checks() if check.kind == "full"][-1] == ("E1",)


async def test_a_clear_check_mid_session_waits_for_the_user_to_carry_on(tiny, clock):
    app = make_app(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await open_check(pilot, screen)
        await pilot.press("s")
        await settle(pilot)
        assert app.screen is screen and screen.session.state == PAUSED
        assert on_screen(app, "Check saved: No warning signs ticked. space to carry on.")
        clock.advance(10)
        screen.tick()
        assert countdown(screen) == "0:05"
        await pilot.press("space")
        assert screen.session.state == RUNNING
        clock.advance(1)
        screen.tick()
        await pilot.pause()
        assert countdown(screen) == "0:04"
    assert [c.kind for c in tiny.store.checks()] == ["full"]


async def test_leaving_the_check_unsaved_carries_on(tiny, clock):
    app = make_app(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await open_check(pilot, screen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.session.state == RUNNING and screen.session.remaining() == 5
    assert tiny.store.checks() == []


async def test_the_screen_wakes_itself_when_the_second_changes_by_the_clock(tiny, clock):
    """No ticks counted: the one timer is set from the clock, for the moment the second changes."""
    app = make_app(tiny)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start(pilot)
        await pilot.press("n")
        assert countdown(screen) == "0:05"
        clock.advance(1.6)  # the clock says 0:04 (3.4 s left) before the timer set for 1 s from now fires
        for _ in range(40):  # up to 4 s of real time on a loaded machine
            await pilot.pause(0.1)
            if countdown(screen) != "0:05":
                break
        assert countdown(screen) == "0:04"
        await pilot.pause(0.5)
        assert countdown(screen) == "0:04", "the next timer waits for 3.0 s left, 0.4 s of the fake clock away"
