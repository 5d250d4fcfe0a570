"""The Symptoms pane, driven with Pilot.

Most tests mount the pane alone in a 58-column host app (the width it gets in the 2x2 grid) so they
stay fast; the restart and layout tests use the real app.
"""

from __future__ import annotations

from datetime import date, timedelta

from pilot_wait import settle
from rich.console import Console
from textual.app import App, ComposeResult
from textual.widgets import Static

from tui_back.context import build_context
from tui_back.data_files import builtin_rules
from tui_back.domain.triage import EMERGENCY, NONE, SOON
from tui_back.ui.app import make_app
from tui_back.ui.symptoms_pane import KEELE_URL, Checklist, ResultBanner, SymptomsPane, TickItem

DISCLAIMER = "This is not medical advice and cannot diagnose."


class Host(App[None]):
    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        yield SymptomsPane(id="symptoms")


NARROW = (58, 24)


def text(app, selector: str) -> str:
    return str(app.query_one(selector, Static).content)


def ids_in_order(checklist: Checklist) -> list[str | None]:
    return [checklist.get_option_at_index(i).id for i in range(checklist.option_count)]


async def open_pane(pilot):
    if hasattr(pilot.app, "action_show_pane"):
        pilot.app.action_show_pane("symptoms")
    await settle(pilot)


async def tick(pilot, checklist: Checklist, item_id: str):
    """Highlight `item_id` and press space (arrow-key movement has its own test)."""
    checklist.highlighted = checklist.get_option_index(item_id)
    await pilot.press("space")
    await settle(pilot)


async def test_checklist_puts_emergency_items_first_under_headings(ctx):
    app = Host(ctx)
    async with app.run_test(size=NARROW) as pilot:
        await open_pane(pilot)
        checklist = app.query_one("#symptoms-list", Checklist)
        assert app.focused is checklist
        order = ids_in_order(checklist)
        headings = [i for i, option_id in enumerate(order) if option_id is None]
        assert headings == [0, 13, 25]
        assert order[1:13] == [flag.id for flag in builtin_rules().emergency_items]
        assert order[14:25] == [f"U{n}" for n in range(1, 12)]
        assert order[26:] == [f"S{n}" for n in range(1, 9)]
        assert all(checklist.get_option_at_index(i).disabled for i in headings)
        assert checklist.highlighted_option.id == "E1"
        await pilot.press("down", "down", "space", "up", "enter")
        await settle(pilot)
        assert checklist.ticked == ("E2", "E3")
        await pilot.press("space")
        await settle(pilot)
        assert checklist.ticked == ("E3",)
        checklist.highlighted = order.index("E11")
        await pilot.press("down")
        assert checklist.highlighted_option.id == "U1", "the heading is skipped"


async def test_ticking_an_emergency_item_shows_the_emergency_banner(ctx):
    app = Host(ctx)
    async with app.run_test(size=NARROW) as pilot:
        await open_pane(pilot)
        banner = app.query_one("#symptoms-banner", ResultBanner)
        assert banner.has_class(f"-{NONE}") and "with care" in text(app, "#symptoms-banner")
        checklist = app.query_one("#symptoms-list", Checklist)
        await tick(pilot, checklist, "S1")
        assert banner.has_class(f"-{SOON}") and "do only the gentle routines" in text(app, "#symptoms-banner")
        await tick(pilot, checklist, "E5")
        shown = text(app, "#symptoms-banner")
        assert "!! EMERGENCY !!" in shown and banner.border_title == "EMERGENCY"
        assert "Call your local emergency number or go to an emergency department now" in shown
        assert "New symptoms in BOTH legs" in shown and "new symptoms down one leg" not in shown
        assert "E5" not in shown
        assert banner.has_class(f"-{EMERGENCY}") and not banner.has_class(f"-{SOON}")
        assert DISCLAIMER in text(app, "#symptoms-disclaimer")
        await tick(pilot, checklist, "E5")
        assert "do only the gentle routines" in text(app, "#symptoms-banner")


async def test_same_day_banner_says_doctor_today_and_no_exercise(ctx):
    app = Host(ctx)
    async with app.run_test(size=NARROW) as pilot:
        await open_pane(pilot)
        await tick(pilot, app.query_one("#symptoms-list", Checklist), "U6")
        shown = text(app, "#symptoms-banner")
        assert "doctor today" in shown and "No exercise until you have been seen" in shown
        assert "worse on cough, sneeze or strain" in shown and "U6" not in shown


async def test_ticks_show_as_text_not_only_colour(ctx):
    app = Host(ctx)
    async with app.run_test(size=NARROW) as pilot:
        await open_pane(pilot)
        checklist = app.query_one("#symptoms-list", Checklist)
        await tick(pilot, checklist, "E2")
        rendered = [checklist.render_line(y).text for y in range(checklist.size.height)]
        assert any("[x] New trouble peeing" in line for line in rendered)
        assert any("[ ] Numbness" in line for line in rendered)


async def test_disclaimer_and_keele_link_are_always_visible(ctx):
    app = Host(ctx)
    async with app.run_test(size=NARROW) as pilot:
        await open_pane(pilot)
        assert KEELE_URL == "https://startback.hfac.keele.ac.uk/"
        assert KEELE_URL in text(app, "#symptoms-help")
        assert "take the score to your physio" in text(app, "#symptoms-help")
        await pilot.press("end")
        await settle(pilot)
        assert app.query_one("#symptoms-list", Checklist).highlighted_option.id == "S8"
        pane = app.query_one("#symptoms")
        for selector in ("#symptoms-disclaimer", "#symptoms-help"):
            region = app.query_one(selector).region
            assert region.height and pane.region.contains_region(region), selector


async def test_save_stores_the_check_and_shows_it(ctx, clock):
    app = Host(ctx)
    async with app.run_test(size=NARROW) as pilot:
        await open_pane(pilot)
        assert "No checks saved yet" in text(app, "#symptoms-history")
        checklist = app.query_one("#symptoms-list", Checklist)
        await tick(pilot, checklist, "S4")
        await tick(pilot, checklist, "U2")
        await pilot.press("s")
        await settle(pilot)
        [saved] = ctx.store.checks()
        expected = (("U2", "S4"), "same-day", "full", clock.today())
        assert (saved.items, saved.level, saved.kind, saved.local_date) == expected
        last = "Last check 22 Nov 2026: same-day (weight loss without trying; not improving with self-care)"
        assert last in text(app, "#symptoms-history")
        await pilot.press("c")
        await settle(pilot)
        assert checklist.ticked == () and "with care" in text(app, "#symptoms-banner")


async def test_saved_checks_are_shown_after_a_restart(tmp_path, clock):
    first = make_app(build_context(tmp_path / "data", tmp_path / "config", clock))
    async with first.run_test(size=(120, 40)) as pilot:
        await open_pane(pilot)
        checklist = first.query_one("#symptoms-list", Checklist)
        await tick(pilot, checklist, "S7")
        await pilot.press("s")
        clock.set_today(date(2026, 11, 23))
        await tick(pilot, checklist, "E7")
        await pilot.press("s")
        await settle(pilot)
    second = make_app(build_context(tmp_path / "data", tmp_path / "config", clock))
    async with second.run_test(size=(120, 40)) as pilot:
        await open_pane(pilot)
        history = text(second, "#symptoms-history")
        assert "Last check 23 Nov 2026: emergency (Pain began recently after a major accident; severe pain" in history
        assert "22 Nov 2026 soon" in history and "S7" not in history
        assert second.query_one("#symptoms-list", Checklist).ticked == ("E7", "S7")
        assert "!! EMERGENCY !!" in text(second, "#symptoms-banner")


async def test_an_older_check_is_history_not_todays_ticks(ctx, clock):
    app = Host(ctx)
    async with app.run_test(size=NARROW) as pilot:
        await open_pane(pilot)
        await tick(pilot, app.query_one("#symptoms-list", Checklist), "S1")
        await pilot.press("s")
        await settle(pilot)
    clock.set_today(clock.today() + timedelta(days=1))
    app = Host(build_context(ctx.data_dir, ctx.config_dir, clock))
    async with app.run_test(size=NARROW) as pilot:
        await open_pane(pilot)
        assert app.query_one("#symptoms-list", Checklist).ticked == ()
        assert "22 Nov 2026: soon (new symptoms down one leg)" in text(app, "#symptoms-history")


async def test_history_lists_a_few_earlier_checks_newest_first(ctx, clock):
    app = Host(ctx)
    async with app.run_test(size=NARROW) as pilot:
        await open_pane(pilot)
        for _ in range(6):
            await pilot.press("s")
            await settle(pilot)
            clock.set_today(clock.today() + timedelta(days=1))
        lines = text(app, "#symptoms-history").splitlines()
        assert lines[0] == "Last check 27 Nov 2026: none"
        assert lines[1] == "Before: 26 Nov 2026 none | 25 Nov 2026 none | 24 Nov 2026 none | 23 Nov 2026 none"


async def test_emergency_banner_fits_at_80x24_and_in_the_grid(ctx):
    for size in ((80, 24), (120, 40)):
        app = make_app(ctx)
        async with app.run_test(size=size) as pilot:
            await open_pane(pilot)
            checklist = app.query_one("#symptoms-list", Checklist)
            await tick(pilot, checklist, "E1")
            await tick(pilot, checklist, "E6")
            await settle(pilot)
            pane = app.query_one("#symptoms")
            assert size == (80, 24) or pane.region.width <= 60
            for selector in ("#symptoms-disclaimer", "#symptoms-banner", "#symptoms-list", "#symptoms-history"):
                region = app.query_one(selector).region
                assert region.height and pane.region.contains_region(region), (size, selector)
            banner = app.query_one("#symptoms-banner", ResultBanner)
            lines = str(banner.content).splitlines()
            assert banner.region.height >= len(lines) + 2, size
            assert checklist.region.height >= 3, size


def test_a_long_item_wraps_under_its_text_not_under_the_box():
    console = Console(width=24, color_system=None)
    item = TickItem(True, "New numbness of the genitals during sex")
    lines = ["".join(s.text for s in line).rstrip() for line in console.render_lines(item, console.options)]
    assert lines == ["[x] New numbness of the", "    genitals during sex"]


async def test_a_tick_redraws_only_its_own_item(ctx):
    app = Host(ctx)
    async with app.run_test(size=NARROW) as pilot:
        await open_pane(pilot)
        checklist = app.query_one("#symptoms-list", Checklist)
        before = {option.id: option.prompt for option in checklist.options if option.id}
        await tick(pilot, checklist, "E2")
        changed = [option.id for option in checklist.options if option.id and option.prompt is not before[option.id]]
        assert changed == ["E2"] and checklist.ticked == ("E2",)


async def test_the_pane_says_when_sessions_are_blocked_and_until_what(ctx, clock):
    from datetime import timedelta

    from tui_back.domain.records import SymptomCheck

    ago = timedelta(days=2)
    ctx.store.add_check(SymptomCheck(clock.today() - ago, clock.utcnow() - ago, ("E6",), "emergency"))
    app = Host(ctx)
    async with app.run_test(size=NARROW) as pilot:
        await open_pane(pilot)
        standing = text(app, "#symptoms-standing")
        assert "Sessions are blocked" in standing and "clinician has seen you" in standing
        assert "No warning signs ticked" in text(app, "#symptoms-banner"), "the ticks of now, shown apart"
        region = app.query_one("#symptoms-standing").region
        assert region.height >= 1 and region.bottom <= NARROW[1], "on screen"


async def test_the_pane_says_until_when_the_gentle_limit_lasts(ctx, clock):
    from tui_back.domain.records import SymptomCheck

    ctx.store.add_check(SymptomCheck(clock.today(), clock.utcnow(), ("S5",), "soon"))
    app = Host(ctx)
    async with app.run_test(size=NARROW) as pilot:
        await open_pane(pilot)
        assert "Gentle routine only, until 6 Dec 2026" in text(app, "#symptoms-standing")


async def test_the_pane_says_levels_are_held_after_a_soon_check_that_allows_any_routine(ctx, clock):
    from tui_back.domain.records import SymptomCheck

    ctx.store.add_check(SymptomCheck(clock.today(), clock.utcnow(), ("S4",), "soon"))
    app = Host(ctx)
    async with app.run_test(size=NARROW) as pilot:
        await open_pane(pilot)
        standing = text(app, "#symptoms-standing")
        assert "Book a review soon" in standing and "levels are held" in standing
        assert "Gentle" not in standing
