"""The pre-session gate screen, driven with Pilot: it asks, saves a quick check, and decides."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from pilot_wait import settle
from textual.app import App
from textual.widgets import Static

from tui_back.data_files import builtin_rules
from tui_back.domain.records import SymptomCheck
from tui_back.domain.triage import EMERGENCY, NONE, SAME_DAY
from tui_back.ui.app import make_app
from tui_back.ui.gate import GateScreen
from tui_back.ui.symptoms_pane import Checklist, ResultBanner


class Host(App[None]):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx


def quick(ctx) -> list:
    """The checks the gate saved (the full check `open_gate` saves first left out)."""
    return [check for check in ctx.store.checks() if check.kind == "quick"]


async def open_gate(pilot, full_check: bool = True) -> list:
    """Open the gate; first save a clean full check, which the first session requires, unless told not."""
    if full_check:
        clock = pilot.app.ctx.clock
        pilot.app.ctx.store.add_check(SymptomCheck(clock.today(), clock.utcnow() - timedelta(hours=1), (), NONE))
    outcomes: list = []
    pilot.app.push_screen(GateScreen(), outcomes.append)
    await settle(pilot)
    return outcomes


def banner_text(app) -> str:
    return str(app.screen.query_one(ResultBanner).content)


def screen_text(app) -> str:
    """The text on screen, from the SVG screenshot: one line per screen row."""
    rows: dict[int, list[str]] = {}
    svg = app.export_screenshot()
    for row, text in re.findall(r'<text [^>]*clip-path="url\(#[\w-]+-line-(\d+)\)"[^>]*>([^<]*)</text>', svg):
        rows.setdefault(int(row), []).append(html.unescape(text).replace("\xa0", " "))
    return "\n".join("".join(rows[row]) for row in sorted(rows))


EMERGENCY_ITEMS = builtin_rules().emergency_items
SIZES = [(60, 20), (70, 22), (80, 24), (100, 30), (120, 40), (130, 42), (160, 50), (200, 50)]


@pytest.mark.parametrize("size", SIZES)
async def test_every_emergency_question_is_on_screen_without_scrolling(ctx, size):
    async with Host(ctx).run_test(size=size) as pilot:
        await open_gate(pilot)
        text = screen_text(pilot.app)
        missing = [flag.short for flag in EMERGENCY_ITEMS if flag.short not in text]
        assert missing == [], f"at {size} not on screen: {missing}"
        assert "Chest pain" in text and "none of these" in text
        assert pilot.app.screen.query_one(Checklist).max_scroll_y == 0


async def test_none_of_these_waits_until_a_list_that_scrolls_has_been_read_to_its_end(ctx):
    async with Host(ctx).run_test(size=(60, 12)) as pilot:
        outcomes = await open_gate(pilot)
        checklist = pilot.app.screen.query_one(Checklist)
        assert checklist.max_scroll_y > 0, "this size is too small for every question"
        await pilot.press("n")
        await settle(pilot)
        assert outcomes == [] and quick(ctx) == []
        assert "scroll down" in str(pilot.app.screen.query_one("#gate-keys", Static).content)
        await pilot.press("end")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert outcomes and outcomes[0].allowed


async def test_the_cursor_starts_on_no_item_so_space_then_confirm_ticks_nothing(ctx):
    async with Host(ctx).run_test(size=(80, 24)) as pilot:
        outcomes = await open_gate(pilot)
        assert pilot.app.screen.query_one(Checklist).highlighted is None
        await pilot.press("space", "c")
        await settle(pilot)
        [outcome] = outcomes
        assert outcome.allowed
    [saved] = quick(ctx)
    assert saved.items == ()


async def test_a_mistaken_tick_is_asked_again_and_both_answers_are_kept(ctx):
    async with Host(ctx).run_test(size=(80, 24)) as pilot:
        outcomes = await open_gate(pilot)
        await pilot.press("down", "down", "down", "space")
        await settle(pilot)
        checklist = pilot.app.screen.query_one(Checklist)
        assert checklist.ticked == ("E3",)
        await pilot.press("space")
        await settle(pilot)
        question = pilot.app.screen.message
        assert "You ticked" in question and builtin_rules().item("E3").reask[:40] in question
        await pilot.press("y")
        await settle(pilot)
        assert checklist.ticked == ("E3",), "yes keeps the tick"
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert checklist.ticked == () and isinstance(pilot.app.screen, GateScreen)
        await pilot.press("n")
        await settle(pilot)
        assert outcomes[0].allowed
    [saved] = quick(ctx)
    assert (saved.items, saved.corrected, saved.level) == ((), ("E3",), NONE)


async def test_a_serious_result_from_days_ago_blocks_until_a_clinician_all_clear_is_recorded(ctx, clock):
    three_days = timedelta(days=3)
    four_days = timedelta(days=4)
    ctx.store.add_check(SymptomCheck(clock.today() - four_days, clock.utcnow() - four_days, (), NONE))
    ctx.store.add_check(SymptomCheck(clock.today() - three_days, clock.utcnow() - three_days, ("U1",), SAME_DAY))
    async with Host(ctx).run_test(size=(80, 24)) as pilot:
        outcomes = await open_gate(pilot)
        await pilot.press("n")
        await settle(pilot)
        shown = screen_text(pilot.app)
        assert outcomes == [] and "doctor today" in shown and "19 Nov 2026" in shown
        assert "a clinician has seen me" in shown and "U1" not in shown
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"tomorrow", "enter")
        await settle(pilot)
        assert "Please type a day" in screen_text(pilot.app)
        await pilot.press(*["backspace"] * 8, *"yesterday", "enter")
        await settle(pilot)
        [outcome] = outcomes
        assert outcome.allowed
    [cleared] = ctx.store.clearances()
    assert (cleared.item, cleared.seen_on) == ("U1", clock.today() - timedelta(days=1))


async def test_gate_asks_only_the_emergency_items(ctx):
    async with Host(ctx).run_test(size=(80, 24)) as pilot:
        await open_gate(pilot)
        checklist = pilot.app.screen.query_one(Checklist)
        ids = [checklist.get_option_at_index(i).id for i in range(checklist.option_count)]
        assert ids == [flag.id for flag in EMERGENCY_ITEMS] and len(ids) == 12
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
    [saved] = quick(ctx)
    assert (saved.items, saved.level, saved.kind, saved.local_date) == ((), NONE, "quick", clock.today())


async def test_an_emergency_item_blocks_until_acknowledged_with_no_override(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        outcomes = await open_gate(pilot)
        await pilot.press("down", "down", "space")
        await settle(pilot)
        assert "!! EMERGENCY !!" in banner_text(app), "the banner shows as soon as it is ticked"
        await pilot.press("c")
        await settle(pilot)
        shown = banner_text(app)
        assert "!! EMERGENCY !!" in shown and "local emergency number" in shown
        assert "New trouble peeing" in shown and "cannot start" in shown and "E2" not in shown
        assert app.screen.query_one(ResultBanner).has_class(f"-{EMERGENCY}")
        assert outcomes == [] and isinstance(app.screen, GateScreen)
        await pilot.press("n", "c", "space")
        await settle(pilot)
        assert outcomes == [] and len(quick(ctx)) == 1, "no key answers again or overrides"
        await pilot.press("enter")
        await settle(pilot)
        [outcome] = outcomes
        assert not outcome.allowed and not outcome.gentle_only and outcome.level == EMERGENCY
        [saved] = quick(ctx)
        assert (saved.items, saved.level, saved.kind) == (("E2",), EMERGENCY, "quick")
        assert "Last check 22 Nov 2026: emergency (New trouble peeing" in str(
            app.query_one("#symptoms-history", Static).content
        ), "CheckSaved refreshed the Symptoms pane"


async def test_none_of_these_is_refused_while_items_are_ticked(ctx):
    async with Host(ctx).run_test(size=(80, 24)) as pilot:
        outcomes = await open_gate(pilot)
        await pilot.press("down", "space", "n")
        await settle(pilot)
        assert outcomes == [] and quick(ctx) == []
        assert "press c to confirm" in str(pilot.app.screen.query_one("#gate-keys", Static).content)


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
    assert quick(ctx) == []




async def test_the_first_session_shows_the_scope_and_asks_for_the_full_checklist(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        outcomes = await open_gate(pilot, full_check=False)
        await pilot.press("n")
        await settle(pilot)
        shown = screen_text(app)
        assert outcomes == [] and "ordinary low back pain" in shown and "full symptom checklist" in shown
        assert "open the full symptom checklist" in shown
        await pilot.press("enter")
        await settle(pilot)
        [outcome] = outcomes
        assert not outcome.allowed and outcome.needs_full_check


async def test_a_first_run_from_the_today_pane_opens_the_checklist(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        app.action_show_pane("today")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.active_pane == "symptoms"
        assert "ordinary low back pain" in str(app.query_one("#today-summary", Static).content)
