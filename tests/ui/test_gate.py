"""The pre-session gate screen, driven with Pilot: it asks, saves a quick check, and decides."""

from __future__ import annotations

from datetime import timedelta

from pilot_wait import settle
from textual.app import App
from textual.widgets import Static

from tui_back.domain.records import SymptomCheck
from tui_back.domain.triage import EMERGENCY, NONE
from tui_back.ui.app import make_app
from tui_back.ui.gate import GateScreen
from tui_back.ui.symptoms_pane import Checklist, ResultBanner


class Host(App[None]):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx


async def open_gate(pilot) -> list:
    outcomes: list = []
    pilot.app.push_screen(GateScreen(), outcomes.append)
    await settle(pilot)
    return outcomes


def banner_text(app) -> str:
    return str(app.screen.query_one(ResultBanner).content)


async def test_gate_asks_only_the_emergency_items(ctx):
    async with Host(ctx).run_test(size=(80, 24)) as pilot:
        await open_gate(pilot)
        checklist = pilot.app.screen.query_one(Checklist)
        ids = [checklist.get_option_at_index(i).id for i in range(checklist.option_count)]
        assert ids == [f"E{n}" for n in range(1, 10)]
        assert pilot.app.focused is checklist
        assert "not medical advice" in str(pilot.app.screen.query_one("#gate-disclaimer", Static).content)


async def test_none_of_these_allows_the_session_and_saves_a_quick_check(ctx, clock):
    async with Host(ctx).run_test(size=(80, 24)) as pilot:
        outcomes = await open_gate(pilot)
        await pilot.press("n")
        await settle(pilot)
        [outcome] = outcomes
        assert outcome.allowed and not outcome.gentle_only
        assert not isinstance(pilot.app.screen, GateScreen)
    [saved] = ctx.store.checks()
    assert (saved.items, saved.level, saved.kind, saved.local_date) == ((), NONE, "quick", clock.today())


async def test_an_emergency_item_blocks_until_acknowledged_with_no_override(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        outcomes = await open_gate(pilot)
        await pilot.press("down", "space")
        await settle(pilot)
        assert "!! EMERGENCY !!" in banner_text(app), "the banner shows as soon as it is ticked"
        await pilot.press("c")
        await settle(pilot)
        shown = banner_text(app)
        assert "!! EMERGENCY !!" in shown and "local emergency number" in shown
        assert "E2 new trouble peeing" in shown and "cannot start" in shown
        assert app.screen.query_one(ResultBanner).has_class(f"-{EMERGENCY}")
        assert outcomes == [] and isinstance(app.screen, GateScreen)
        await pilot.press("n", "c", "space")
        await settle(pilot)
        assert outcomes == [] and len(ctx.store.checks()) == 1, "no key answers again or overrides"
        await pilot.press("enter")
        await settle(pilot)
        [outcome] = outcomes
        assert not outcome.allowed and not outcome.gentle_only and outcome.level == EMERGENCY
        [saved] = ctx.store.checks()
        assert (saved.items, saved.level, saved.kind) == (("E2",), EMERGENCY, "quick")
        assert "Last check 22 Nov 2026: emergency (E2), quick" in str(
            app.query_one("#symptoms-history", Static).content
        ), "CheckSaved refreshed the Symptoms pane"


async def test_none_of_these_is_refused_while_items_are_ticked(ctx):
    async with Host(ctx).run_test(size=(80, 24)) as pilot:
        outcomes = await open_gate(pilot)
        await pilot.press("space", "n")
        await settle(pilot)
        assert outcomes == [] and ctx.store.checks() == []
        assert "press c to confirm" in str(pilot.app.screen.query_one("#gate-keys", Static).content)
        await pilot.press("space", "n")
        await settle(pilot)
        assert outcomes[0].allowed


async def test_a_same_day_result_from_today_blocks_a_clean_answer(ctx, clock):
    ctx.store.add_check(SymptomCheck(clock.today(), clock.utcnow(), ("U1",), "same-day"))
    async with Host(ctx).run_test(size=(80, 24)) as pilot:
        outcomes = await open_gate(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert outcomes == [] and "doctor today" in banner_text(pilot.app)
        await pilot.press("escape")
        await settle(pilot)
        assert not outcomes[0].allowed


async def test_a_recent_soon_result_allows_the_gentle_routine_only(ctx, clock):
    ctx.store.add_check(SymptomCheck(clock.today() - timedelta(days=3), clock.utcnow(), ("S1",), "soon"))
    async with Host(ctx).run_test(size=(80, 24)) as pilot:
        outcomes = await open_gate(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert outcomes[0].allowed and outcomes[0].gentle_only


async def test_escape_before_answering_starts_nothing_and_saves_nothing(ctx):
    async with Host(ctx).run_test(size=(80, 24)) as pilot:
        outcomes = await open_gate(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not outcomes[0].allowed
    assert ctx.store.checks() == []


