"""The progression view and the pain trend, mounted in a tiny app with a real context and store."""

from __future__ import annotations

from datetime import timedelta

import pytest
from msgspec.structs import replace
from pilot_wait import settle
from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import OptionList

from tui_back import symbols as symbols_module
from tui_back.domain.progression import STATE_KEY, is_held, level_index
from tui_back.domain.records import ABANDONED, COMPLETED, SessionRecord, SymptomCheck
from tui_back.journal import JournalError
from tui_back.ui import pain_trend as pain_trend_module
from tui_back.ui.pain_trend import PainTrend, mark, sparkline
from tui_back.ui.progression_view import ProgressionList, ProgressionView
from tui_back.ui.session_dialogs import YesNoScreen


class Host(App[None]):
    def __init__(self, ctx, widget: Widget) -> None:
        super().__init__()
        self.ctx = ctx
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


@pytest.fixture(params=["ascii", "unicode"])
def marks(request, ctx, monkeypatch):
    """Run a test in ASCII mode (from the settings) and in UTF-8 mode."""
    for module in (symbols_module, pain_trend_module):
        monkeypatch.setattr(module, "terminal_encoding", lambda: "utf-8")
    if request.param == "ascii":
        ctx.config_dir.mkdir(parents=True, exist_ok=True)
        (ctx.config_dir / "config.toml").write_text("ascii = true\n")
        return {"up": "^", "down": "v", "held": "=", "none": "-"}
    return {"up": "↑", "down": "↓", "held": "=", "none": "·"}


def session(ctx, before=1, after=1, done=("plank", "bird-dog"), status=COMPLETED) -> SessionRecord:
    """A session that ends now, saved and planned like the Today pane does; the clock moves a day on."""
    end = ctx.clock.utcnow()
    record = SessionRecord(
        local_date=ctx.clock.today(), started_utc=end - timedelta(minutes=12), ended_utc=end, routine="daily",
        status=status, done=done, pain_before=before, pain_after=after,
    )
    ctx.journal.save_session(record)
    ctx.clock.advance(86400)
    return record


def easy_days(ctx) -> None:
    """Easy sessions on enough days for a step up, the plank starting mid-ladder (full plank 10 s)."""
    ctx.store.set_state(STATE_KEY, {"exercises": {"plank": {"level": 2, "easy": 0, "label": "full plank 10 s"}}})
    for _ in range(ctx.progressions.rules.step_up_after):
        session(ctx)


def prompts(app) -> list[str]:
    lines = app.query_one("#progression-lines", OptionList)
    return [str(lines.get_option_at_index(i).prompt) for i in range(lines.option_count)]


def title(app) -> str:
    return str(app.query_one(ProgressionView).content)


async def test_the_explanation_shows_after_easy_sessions_on_five_days(ctx, marks):
    easy_days(ctx)
    app = Host(ctx, ProgressionView())
    async with app.run_test(size=(80, 20)) as pilot:
        await settle(pilot)
        assert prompts(app) == [
            f"{marks['up']} Plank: up to full plank 20 s - easy sessions on 5 days",
            f"{marks['up']} Bird-dog: up to 8 s holds x 6 - easy sessions on 5 days",
        ]
        assert title(app) == "Exercise levels after your session on 26 Nov 2026:"
        assert ctx.journal.levels().overrides["plank"].hold_s == 20
        lines = app.query_one("#progression-lines", OptionList)
        lines.focus()
        await pilot.pause()
        assert lines.region.height == 2, "one row per line: no border, even with the focus"
        keys = app.query_one("#progression-keys")
        assert keys.styles.color != app.query_one(ProgressionView).styles.color, "the keys line is muted"


async def test_refresh_after_a_flare_up_shows_the_step_down(ctx, marks):
    app = Host(ctx, ProgressionView())
    async with app.run_test(size=(80, 20)) as pilot:
        await settle(pilot)
        assert title(app) == "Exercise levels: changes after each session show here."
        assert not app.query("#progression-lines")  # made only once there are lines
        ctx.store.set_state(STATE_KEY, {"exercises": {"plank": {"level": 2, "easy": 0, "label": "full plank 10 s"}}})
        session(ctx, before=2, after=5)
        app.query_one(ProgressionView).refresh_changes()
        await settle(pilot)
        assert prompts(app)[0] == f"{marks['down']} Plank: back to knees-down plank 20 s - pain rose by 3"


async def test_h_holds_and_releases_the_highlighted_exercise(ctx):
    easy_days(ctx)
    app = Host(ctx, ProgressionView())
    async with app.run_test(size=(80, 20)) as pilot:
        await settle(pilot)
        app.query_one("#progression-lines").focus()
        await pilot.press("down", "h")  # plank is highlighted first
        await settle(pilot)
        state = ctx.store.get_state(STATE_KEY)
        assert is_held(state, "bird-dog") and not is_held(state, "plank")
        assert "= Bird-dog: held at 8 s holds x 6 by your choice" in prompts(app)
        assert app.query_one(ProgressionView).highlighted_exercise == "bird-dog"
        await pilot.press("h")
        await settle(pilot)
        assert not is_held(ctx.store.get_state(STATE_KEY), "bird-dog")
        assert any("Bird-dog: released" in p for p in prompts(app))


async def test_r_resets_after_confirming(ctx):
    easy_days(ctx)
    progressions = ctx.progressions
    start = progressions.ladders["plank"].start
    assert start == 0, "a new user starts on the knees"
    app = Host(ctx, ProgressionView())
    async with app.run_test(size=(80, 20)) as pilot:
        await settle(pilot)
        app.query_one("#progression-lines").focus()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, YesNoScreen)
        await pilot.press("n")
        await pilot.pause()
        assert level_index(progressions, ctx.store.get_state(STATE_KEY), "plank") == 3
        await pilot.press("r", "y")
        await settle(pilot)
        assert level_index(progressions, ctx.store.get_state(STATE_KEY), "plank") == start
        assert "- Plank: reset to knees-down plank 10 s" in prompts(app)


async def test_notes_cannot_be_held_or_reset(ctx):
    session(ctx, status=ABANDONED)
    app = Host(ctx, ProgressionView())
    async with app.run_test(size=(80, 20)) as pilot:
        await settle(pilot)
        assert len(prompts(app)) == 1 and "stopped early" in prompts(app)[0]
        view = app.query_one(ProgressionView)
        assert view.highlighted_exercise is None
        lines = app.query_one("#progression-lines", ProgressionList)
        assert not view.can_change()
        assert not lines.check_action("hold", ()) and not lines.check_action("reset", ())


async def test_a_soon_check_holds_steps_up_back(ctx):
    at = ctx.clock.utcnow()
    ctx.store.add_check(SymptomCheck(local_date=at.date(), at_utc=at, items=("S1",), level="soon"))
    easy_days(ctx)
    app = Host(ctx, ProgressionView())
    async with app.run_test(size=(100, 20)) as pilot:
        await settle(pilot)
        assert len(prompts(app)) == 1
        assert "full symptom checklist comes back clear (the last said 'soon'): Plank, Bird-dog" in prompts(app)[0]


async def test_a_store_that_cannot_be_written_is_a_journal_error_and_saves_nothing(ctx):
    record = session(ctx)
    ctx.store.read_only = "the database is from a newer tui-back"
    with pytest.raises(JournalError, match="newer tui-back"):
        ctx.journal.save_session(replace(record, ended_utc=ctx.clock.utcnow()))
    assert len(ctx.store.sessions()) == 1


# -- pain trend ----------------------------------------------------------------------------------


def test_marks_read_without_colour():
    assert sparkline([0, 5, 10, None], ascii_only=True) == "05X-"
    assert sparkline([0, 5, 10, None], ascii_only=False) == "▁▅█·"
    assert mark(2.5, True) == "3" and mark(2.4, True) == "2"


async def test_pain_trend_shows_before_and_after_by_week(ctx, marks):
    app = Host(ctx, PainTrend())
    async with app.run_test(size=(80, 20)) as pilot:
        await settle(pilot)
        assert str(app.query_one(PainTrend).content).startswith("Pain trend: score your pain")
        session(ctx, before=6, after=4)
        ctx.clock.advance(7 * 86400)
        session(ctx, before=2, after=None)
        app.query_one(PainTrend).refresh_trend()
        await settle(pilot)
        lines = str(app.query_one(PainTrend).content).split("\n")
        none = marks["none"]
        six, two, four = ("6", "2", "4") if marks["up"] == "^" else ("▅", "▂", "▄")
        assert lines[1] == f"Before  {none * 9}{six}{none}{two}  last 2.0"
        assert lines[2] == f"After   {none * 9}{four}{none * 2}  last 4.0"
        assert lines[3].startswith("digit = average pain" if marks["up"] == "^" else "taller = more pain")
        assert lines[0] == "Pain, weekly average over 12 weeks (oldest left)"


async def test_hold_and_reset_keys_can_be_remapped_by_their_ids(ctx):
    """The keys live on the list now; a `[keymap]` entry still finds them by id."""
    from tui_back.ui.keys import BINDING_IDS

    assert {"progression-hold", "progression-reset"} <= BINDING_IDS
    easy_days(ctx)
    app = Host(ctx, ProgressionView())
    async with app.run_test(size=(80, 20)) as pilot:
        await settle(pilot)
        app.set_keymap({"progression-hold": "x"})
        app.query_one("#progression-lines").focus()
        await pilot.press("x")
        await settle(pilot)
        assert is_held(ctx.store.get_state(STATE_KEY), "plank")
