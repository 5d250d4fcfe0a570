"""The history view: reached from the Streak pane and the palette; removes a session after asking,
excuses a day, and the Streak pane follows."""

from __future__ import annotations

from datetime import timedelta

from pilot_wait import settle
from textual.widgets import Input, OptionList, Static

from tui_back.ui.app import make_app
from tui_back.ui.history_screen import DayScreen, HistoryScreen
from tui_back.ui.session_dialogs import YesNoScreen
from tui_back.ui.streak_pane import StreakSummary


def status(app) -> str:
    return str(app.screen.query_one("#history-status", Static).content)


def streak_text(app) -> str:
    summary = app.query_one(StreakSummary)
    return "\n".join(line.plain for line in summary.lines(80))


async def open_history(pilot) -> None:
    await pilot.press("4")
    await settle(pilot)
    await pilot.press("y")
    await settle(pilot)
    assert isinstance(pilot.app.screen, HistoryScreen)


async def test_remove_a_duplicate_session_after_asking(ctx, clock):
    yesterday = clock.today() - timedelta(days=1)
    ctx.journal.log(yesterday)
    ctx.journal.log(yesterday)
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(pilot)
        assert app.screen.query_one(OptionList).option_count == 2
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, YesNoScreen)
        await pilot.press("n")
        await settle(pilot)
        assert len(ctx.store.sessions()) == 2
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        await settle(pilot)
        assert "Removed" in status(app)
        assert app.screen.query_one(OptionList).option_count == 1
        assert len(ctx.store.sessions()) == 1 and len(ctx.store.removed()) == 1


async def test_excuse_a_day_from_the_palette_and_the_streak_follows(ctx, clock):
    today = clock.today()
    for n in (0, 1, 3, 4):
        ctx.journal.log(today - timedelta(days=n))
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "2 days" in streak_text(app)
        app.action_history()
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, DayScreen)
        field = app.screen.query_one("#day-input", Input)
        field.value = "0001-01-01"
        await pilot.press("enter")
        await pilot.pause()
        assert "Choose a day from 1970-01-01" in str(app.screen.query_one("#day-error", Static).content)
        field.value = (today - timedelta(days=2)).isoformat()
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, HistoryScreen)
        assert "Excused" in status(app) and "Streak now 4 days" in status(app)
        await pilot.press("escape")
        await settle(pilot)
        assert "4 days" in streak_text(app)


async def wait_for(pilot, condition, seconds: float = 6.0) -> None:
    for _ in range(int(seconds / 0.1)):
        if condition():
            return
        await pilot.pause(0.1)
    assert condition()


async def test_the_streak_pane_shows_what_another_process_wrote(ctx, tmp_path, clock):
    from tui_back.context import build_context

    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Total   0 sessions" in streak_text(app)
        other = build_context(data_dir=ctx.data_dir, config_dir=tmp_path / "config", clock=clock)
        other.journal.log(clock.today())
        await wait_for(pilot, lambda: "Total   1 session" in streak_text(app))
        assert "1 day" in streak_text(app)


async def test_an_app_left_open_overnight_follows_the_date(ctx, clock):
    ctx.journal.log(clock.today())
    app = make_app(ctx)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "Today   done" in streak_text(app)
        clock.set_today(clock.today() + timedelta(days=1))
        await wait_for(pilot, lambda: "Today   not yet" in streak_text(app))
