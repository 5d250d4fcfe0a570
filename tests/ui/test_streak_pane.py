"""The Streak pane, driven with Pilot: numbers, heatmap, refresh after a save, ASCII, small terminals."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

import pytest
from pilot_wait import settle
from textual.app import App, ComposeResult
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui_back.clock import FakeClock
from tui_back.context import AppContext, build_context
from tui_back.domain.heatmap_layout import LABEL_WIDTH, MAX_WEEKS, weeks_for_width
from tui_back.domain.records import SessionRecord
from tui_back.domain.streaks import MISSED, PENDING, DayCell, heatmap
from tui_back.store import StoreError
from tui_back.symbols import UNICODE
from tui_back.ui import streak_pane
from tui_back.ui.app import make_app
from tui_back.ui.streak_pane import WEEKDAY_LABELS, Heatmap, StreakPane, StreakSummary, heatmap_lines

TODAY = date(2026, 11, 22)  # a Sunday, FakeClock's default


class Host(App[None]):
    """Just the pane, with the `ctx` attribute every pane reads."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx

    def compose(self) -> ComposeResult:
        yield StreakPane(id="streak")


def save(ctx: AppContext, *days_ago: int) -> None:
    now = ctx.clock.utcnow()
    ctx.store.add_sessions(SessionRecord(TODAY - timedelta(days=n), now, now, "daily") for n in days_ago)


def text(pane: StreakPane, part: str) -> str:
    """What a part shows: the numbers as drawn beside the heatmap, the heatmap alone, the legend;
    "beside" is the text right of the heatmap alone, its wrapped lines joined."""
    if part == "numbers":
        return pane.query_one(StreakSummary).render().plain
    if part == "beside":
        summary = pane.query_one(StreakSummary)
        left = max(len(line.plain) for line in summary.heatmap[1:]) + summary.GAP
        return " ".join(" ".join(row[left:].split()) for row in summary.render().plain.splitlines()[1:]).strip()
    if part == "heatmap":
        return "\n".join(line.plain for line in pane.query_one(StreakSummary).heatmap)
    return pane.query_one(f"#streak-{part}", Static).render().plain


def write_config(ctx: AppContext, body: str) -> None:
    ctx.config_dir.mkdir(parents=True, exist_ok=True)
    (ctx.config_dir / "config.toml").write_text(body)


async def test_shows_streak_numbers_and_updates_after_a_save(ctx):
    save(ctx, 1, 2, 3, 10, 11, 12, 13, 14)
    async with Host(ctx).run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        pane = pilot.app.query_one(StreakPane)
        numbers = text(pane, "numbers")
        assert "Streak  3 days" in numbers
        assert "Best    5 days" in numbers
        assert "Today   not yet" in numbers
        assert "Total   8 sessions" in numbers
        assert "Next    7 days: 4 more" in numbers
        save(ctx, 0)
        pane.refresh_stats()
        await settle(pilot)
        numbers = text(pane, "numbers")
        assert "Streak  4 days" in numbers
        assert "Today   done" in numbers
        assert "Total   9 sessions" in numbers


async def until(pilot, done, seconds: float = 5.0) -> bool:
    for _ in range(int(seconds / 0.05)):
        if done():
            return True
        await pilot.pause(0.05)
    return done()


async def test_a_save_by_another_process_shows_while_the_pane_is_seen_and_not_behind_a_full_screen(ctx, monkeypatch):
    monkeypatch.setattr(streak_pane, "WATCH_S", 0.05)
    save(ctx, 1)
    async with Host(ctx).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        pane = pilot.app.query_one(StreakPane)
        save(ctx, 0)  # straight to the store, as another process would: not through this app's journal
        assert await until(pilot, lambda: "Streak  2 days" in text(pane, "numbers"))
        await pilot.app.push_screen(Screen())
        save(ctx, 2)
        await pilot.pause(0.5)  # ten watch periods
        assert "Streak  2 days" in text(pane, "numbers")
        pilot.app.pop_screen()
        assert await until(pilot, lambda: "Streak  3 days" in text(pane, "numbers"))
        await pilot.app.push_screen(ModalScreen())  # a dialog leaves the pane in view
        save(ctx, 3)
        assert await until(pilot, lambda: "Streak  4 days" in text(pane, "numbers"))


async def test_week_against_the_target(ctx):
    write_config(ctx, "weekly_target = 4\n")
    save(ctx, 0, 2, 6, 7)  # Sunday, Friday, Monday of this week; last Sunday does not count
    async with Host(ctx).run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        assert "Week    3/4 ■■■·" in text(pilot.app.query_one(StreakPane), "numbers")


async def test_heatmap_covers_13_weeks_with_a_legend(ctx):
    save(ctx, 0, 1, 90)
    async with Host(ctx).run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        pane = pilot.app.query_one(StreakPane)
        rows = text(pane, "heatmap").splitlines()
        assert len(rows) == 8  # months, then Monday to Sunday
        assert all(len(row.split()) >= 13 for row in rows[1:] if row.startswith(("Mon", "Wed", "Fri", "Sun")))
        sunday = rows[7].split()
        assert sunday[0] == "Sun" and sunday[-1] == "■" and sunday[-2] == "·"
        legend = text(pane, "legend")
        for word in ("■ done", "◇ freeze", "– day off", "· no session", "□ today"):
            assert word in legend


async def test_ascii_marks_rest_days_and_freezes(ctx):
    write_config(ctx, 'ascii = true\nrest_days = ["sat"]\nfreezes_per_month = 1\n')
    save(ctx, 0, 2, 3)  # Sunday, Friday, Thursday: Saturday is rest, so the streak is 3
    async with Host(ctx).run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        pane = pilot.app.query_one(StreakPane)
        assert "Streak  3 days" in text(pane, "numbers")
        heat = text(pane, "heatmap")
        assert not set(heat) & set("■◇–·□")
        saturday_row = heat.splitlines()[6]
        assert saturday_row.split()[-1] == "-"
        assert "# done" in text(pane, "legend")


async def test_fits_a_58_column_pane_in_the_2x2_grid_without_scrolling(ctx):
    save(ctx, *range(0, 400, 2))
    async with make_app(ctx).run_test(size=(116, 30)) as pilot:
        await settle(pilot)
        pane = pilot.app.screen.query_one("#streak", StreakPane)
        assert pane.region.width == 58
        inside = pane.content_region
        for widget in (pane.query_one(StreakSummary), pane.query_one("#streak-legend")):
            assert inside.contains_region(widget.region), widget
            assert max(len(line) for line in widget.render().plain.splitlines()) <= widget.region.width, widget
        assert pane.max_scroll_y == 0


async def test_key_4_focuses_the_pane_at_80x24(tmp_path):
    ctx = build_context(data_dir=tmp_path / "data", config_dir=tmp_path / "cfg", clock=FakeClock())
    save(ctx, 0, 1)
    async with make_app(ctx).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await pilot.pause()
        pane = pilot.app.screen.query_one("#streak", StreakPane)
        assert pilot.app.focused is pane
        assert pane.region.width == 80
        assert "Streak  2 days" in text(pane, "numbers")


async def test_an_unreadable_store_is_reported_not_fatal(ctx):
    ctx.data_dir.mkdir(parents=True)
    (ctx.data_dir / "tui_back.json").write_text("{broken")
    async with Host(ctx).run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        assert "Streak  0 days" in text(pilot.app.query_one(StreakPane), "numbers")
        assert "corrupt" in ctx.store.warnings[0]


def test_month_labels_start_where_the_month_does():
    grid = heatmap(Counter(), TODAY, weeks=13)
    top = heatmap_lines(grid, UNICODE.day, TODAY)[0].plain
    # Columns are 2 wide after a 4-wide weekday label; a month's label sits on the first week
    # whose Sunday is in it: Sunday 4 October ends column 5, Sunday 1 November column 9.
    assert top.index("Oct") == 4 + 2 * 5
    assert top.index("Nov") == 4 + 2 * 9
    assert "Aug" not in top  # no room before September's label


def test_today_is_reversed_so_it_shows_without_colour():
    grid = [[DayCell(TODAY - timedelta(days=6 - i), 0, MISSED if i < 6 else PENDING) for i in range(7)]]
    last = heatmap_lines(grid, UNICODE.day, TODAY)[7]
    [today_span] = [span for span in last.spans if last.plain[span.start : span.end] == "□"]
    assert "reverse" in str(today_span.style)


def test_days_alike_share_a_span_and_the_row_reads_the_same():
    counts = Counter({TODAY - timedelta(days=n): 1 for n in (1, 2, 3, 8, 9)})
    grid = heatmap(counts, TODAY, weeks=13)
    rows = heatmap_lines(grid, UNICODE.day, TODAY)[1:]
    for weekday, row in enumerate(rows):
        marks = [UNICODE.day[week[weekday].state] for week in grid]
        assert row.plain == f"{WEEKDAY_LABELS[weekday]:<4}" + " ".join(marks)
        assert len(row.spans) <= len(marks)
    sunday = rows[6]
    assert len(sunday.spans) < 13  # twelve past Sundays and today, but far fewer pieces
    [today_span] = [span for span in sunday.spans if "reverse" in str(span.style)]
    assert sunday.plain[today_span.start : today_span.end] == UNICODE.day[PENDING]


async def test_numbers_sit_beside_the_heatmap_and_wrap_to_the_room_it_leaves(ctx):
    save(ctx, *range(0, 12))
    async with make_app(ctx).run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        summary = pilot.app.screen.query_one(StreakSummary)
        rows = summary.render().plain.splitlines()
        heatmap = [line.plain for line in summary.heatmap]
        left = max(map(len, heatmap[1:]))
        assert len(rows) == len(heatmap) == 8 and left == 27, "12 weeks in a 51-column pane"
        assert rows[1] == f"{heatmap[1]:<{left}}  Streak  12 days"
        assert rows[0].rstrip() == heatmap[0].rstrip(), "the numbers start a line below the months"
        assert summary.size.width - left - 2 < len("Next    14 days: 2 more")
        assert rows[5].endswith("Next    14 days: 2") and rows[6].endswith("more"), "wrapped, not cut"
        assert all(len(row) <= summary.size.width for row in rows)


def test_todays_reverse_mark_does_not_run_into_the_gap():
    grid = heatmap(Counter(), TODAY, weeks=13)
    summary = StreakSummary(Heatmap(grid, UNICODE.day, TODAY), [Content("Total   0 sessions")] * 7)
    sunday = summary.lines(60)[7]
    end = len(summary.heatmap_at(60)[7].plain)
    assert sunday.plain.endswith("Total   0 sessions")
    assert not [span for span in sunday.spans if "reverse" in str(span.style) and span.end > end]


async def test_sessions_that_cannot_be_read_are_said_beside_the_heatmap_kept(ctx, monkeypatch):
    save(ctx, 0, 1)
    async with Host(ctx).run_test(size=(80, 20)) as pilot:
        await settle(pilot)
        pane = pilot.app.query_one(StreakPane)
        heatmap_before = text(pane, "heatmap")

        def locked():
            raise StoreError("the database is locked by [another] tui-back")

        monkeypatch.setattr(ctx.store, "session_days", locked)
        pane.refresh_stats()
        await settle(pilot)
        shown = text(pane, "beside")
        assert "Your sessions cannot be read right now:" in shown
        assert "the database is locked by [another] tui-back" in shown, "shown as written, not as markup"
        assert "Streak" not in shown
        assert text(pane, "heatmap") == heatmap_before, "the last heatmap stays"


def weeks_drawn(summary: StreakSummary) -> int:
    """Marks in the Monday row (every Monday shown is today or before, so none is blank)."""
    return len(summary.heatmap[1].plain[LABEL_WIDTH:].split())


def labels_drawn(summary: StreakSummary) -> list[tuple[int, str]]:
    """(week column, label) as the month row shows them."""
    row = summary.heatmap[0].plain
    return [((match.start() - LABEL_WIDTH) // 2, match.group()) for match in re.finditer(r"[A-Z][a-z]{2}", row)]


@pytest.mark.parametrize(
    ("size", "least"),
    [((80, 24), 12), ((120, 40), 12), ((200, 50), 30), ((200, 25), MAX_WEEKS)],
)
async def test_the_heatmap_shows_as_many_weeks_as_the_pane_holds_with_month_labels(ctx, size, least):
    save(ctx, 0, 1, 30, 100, 300)
    async with make_app(ctx).run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        summary = pilot.app.screen.query_one(StreakSummary)
        weeks = weeks_drawn(summary)
        assert weeks == weeks_for_width(summary.size.width) >= least
        assert all(len(line) <= summary.size.width for line in summary.render().plain.splitlines())
        shown = summary.drawn_from.grid[-weeks:]
        labels = labels_drawn(summary)
        assert len(labels) >= weeks // 5
        for column, label in labels:
            assert shown[column][-1].day.strftime("%b") == label
            assert column == 0 or shown[column - 1][-1].day.month != shown[column][-1].day.month
        assert "Streak 2 days Best 2 days" in text(pilot.app.screen.query_one(StreakPane), "beside")


async def test_the_heatmap_lays_itself_out_again_on_a_resize(ctx):
    save(ctx, 0, 1)
    async with make_app(ctx).run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        summary = pilot.app.screen.query_one(StreakSummary)
        wide = weeks_drawn(summary)
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        narrow = weeks_drawn(summary)
        assert wide > narrow >= 12 and narrow == weeks_for_width(summary.size.width)
        await pilot.resize_terminal(200, 25)
        await pilot.press("4")
        await pilot.pause()
        await pilot.pause()
        assert weeks_drawn(summary) == MAX_WEEKS
