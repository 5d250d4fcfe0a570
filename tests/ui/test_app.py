"""The dashboard shell and the library pane, driven with Pilot."""

from __future__ import annotations

import html
import re
from pathlib import Path

from pilot_wait import settle
from textual.widgets import Checkbox, Input, OptionList, Select, Static

from tui_back import paths
from tui_back.config import DEFAULT_THEME, Settings, save_settings
from tui_back.ui.app import TuiBackApp, breakpoint_classes, make_app
from tui_back.ui.streak_pane import StreakSummary
from tui_back.ui.text_view import TextView


def shown_ids(app) -> list[str]:
    option_list = app.query_one("#lib-list", OptionList)
    return [option_list.get_option_at_index(i).id for i in range(option_list.option_count)]


def detail(app) -> str:
    return app.query_one("#lib-detail", TextView).text


def toasts(app) -> list[str]:
    """The text of the notifications on screen (title and message)."""
    return [widget.render().plain for widget in app.screen.query("Toast")]


def screen_text(app) -> str:
    """The text on screen, from the app's SVG screenshot: one line per screen row, spans joined."""
    rows: dict[int, list[str]] = {}
    line = r'<text [^>]*clip-path="url\(#[\w-]+-line-(\d+)\)"[^>]*>([^<]*)</text>'
    for row, text in re.findall(line, app.export_screenshot()):
        rows.setdefault(int(row), []).append(html.unescape(text).replace("\xa0", " "))
    return "\n".join("".join(rows[row]) for row in sorted(rows))


async def test_four_panes_visible_together_at_120x40(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for pane_id in ("library", "today", "symptoms", "streak"):
            pane = app.query_one(f"#{pane_id}")
            assert pane.display and pane.region.width > 40 and pane.region.height > 10, pane_id
        assert not app.query_one("#tabs").display


async def test_keys_one_to_four_focus_each_pane(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        for key, pane_id in (("2", "today"), ("3", "symptoms"), ("4", "streak"), ("1", "library")):
            await pilot.press("escape", key)
            await pilot.pause()
            assert app.active_pane == pane_id
            focused = app.focused
            assert focused is not None and app.query_one(f"#{pane_id}") in (focused, *focused.ancestors)


async def test_small_terminal_shows_one_pane_with_tabs(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.query_one("#tabs").display
        visible = [p for p in ("library", "today", "symptoms", "streak") if app.query_one(f"#{p}").display]
        assert visible == ["library"]
        assert app.query_one("#library").region.width >= 78
        await pilot.press("escape", "3")
        await pilot.pause()
        visible = [p for p in ("library", "today", "symptoms", "streak") if app.query_one(f"#{p}").display]
        assert visible == ["symptoms"]


async def test_too_small_terminal_says_so(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.resize_terminal(50, 15)
        await pilot.pause()
        assert app.query_one("#too-small").display
        assert not any(pane.display for pane in app.query(".pane"))
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not app.query_one("#too-small").display


async def test_help_lists_every_app_key(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("escape", "?")
        await pilot.pause()
        text = str(app.screen.query_one("#help-text", Static).content)
        for expected in ("Library", "Today", "Symptoms", "Streak", "Quit", "not medical advice"):
            assert expected in text
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]


async def test_typing_in_the_list_searches_names_aliases_and_muscles(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one("#lib-list").focus()
        await pilot.press(*"bird")
        await pilot.pause()
        assert app.query_one("#lib-search", Input).value == "bird"
        assert shown_ids(app) == ["bird-dog"]
        await pilot.press(*["backspace"] * 4, *"hamstrings")
        await pilot.pause()
        ids = shown_ids(app)
        assert "hamstring-stretch" in ids and "bird-dog" not in ids


async def test_filters_narrow_the_list(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        everything = shown_ids(app)
        app.query_one("#lib-category", Select).value = "strength"
        await pilot.pause()
        strength = shown_ids(app)
        assert strength and len(strength) < len(everything)
        assert all(ctx.catalogue.get(i).category == "strength" for i in strength)
        total = len(ctx.catalogue.exercises)
        assert app.query_one("#library").border_subtitle == f"{len(strength)} of {total} exercises"
        assert f"{len(strength)} of {total} exercises" in app.export_screenshot().replace("&#160;", " ")
        app.query_one("#lib-category", Select).clear()
        app.query_one("#lib-position", Select).value = "standing"
        await pilot.pause()
        assert all(ctx.catalogue.get(i).position == "standing" for i in shown_ids(app))
        app.query_one("#lib-position", Select).clear()
        acute = app.query_one("#lib-acute", Checkbox)
        acute.focus()
        await pilot.press("space")
        await pilot.pause()
        ids = shown_ids(app)
        assert ids and all(ctx.catalogue.get(i).acute_ok for i in ids)
        assert "romanian-deadlift" not in ids


async def test_detail_follows_the_highlight(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        app.query_one("#lib-list").focus()
        await pilot.press(*"plank")
        await pilot.press("enter")  # search submitted: back in the list
        await pilot.pause()
        first = shown_ids(app)[0]
        exercise = ctx.catalogue.get(first)
        text = detail(app)
        assert exercise.name.upper() in text
        assert exercise.steps[0] in text and "Sources:" in text and "Dose:" in text
        await pilot.press("down")
        await pilot.pause()
        second = ctx.catalogue.get(shown_ids(app)[1])
        assert second.name.upper() in detail(app)


async def test_library_is_usable_at_80x24(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.query_one("#lib-list").region.height >= 8
        assert app.query_one("#lib-detail").region.width >= 40


async def test_command_palette_reaches_each_pane(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Go to Library", "Go to Today", "Go to Symptoms", "Go to Streak"):
            assert title in titles
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Go to Streak")
        command.callback()
        await pilot.pause()
        assert app.active_pane == "streak"


async def test_starts_in_the_list_so_pane_keys_work_at_once(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.focused is app.query_one("#lib-list")
        await pilot.press("2")
        await pilot.pause()
        assert app.active_pane == "today"


async def test_escape_leaves_the_search_box_for_the_list(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"cat", "escape", "4")
        await pilot.pause()
        assert app.query_one("#lib-search", Input).value == "cat"
        assert app.active_pane == "streak"


async def test_q_in_the_list_quits_rather_than_searching(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("q")
        await pilot.pause()
        assert app.query_one("#lib-search", Input).value == ""
        assert app.return_code == 0


async def test_a_corrupt_database_is_reported_in_the_app(ctx):
    ctx.data_dir.mkdir(parents=True)
    (ctx.data_dir / "tui_back.json").write_text('{"sessions": {"1": ')
    app = make_app(ctx)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        messages = toasts(app)
        assert any("tui_back.json" in m and "corrupt" in m for m in messages)
    assert list(ctx.data_dir.glob("tui_back.json.corrupt-*"))


def test_size_classes_match_the_breakpoints():
    horizontal = TuiBackApp.HORIZONTAL_BREAKPOINTS
    assert breakpoint_classes(59, horizontal) == {"-tiny-w": True, "-narrow": False, "-wide": False}
    assert breakpoint_classes(60, horizontal) == {"-tiny-w": False, "-narrow": True, "-wide": False}
    assert breakpoint_classes(110, horizontal) == {"-tiny-w": False, "-narrow": False, "-wide": True}


async def test_the_size_classes_are_set_before_the_first_layout(ctx):
    """So the first frame is the grid, not one pane redrawn as a grid a moment later."""
    seen: list[set[str]] = []

    class Watched(TuiBackApp):
        def on_mount(self) -> None:  # before the screen's first layout
            seen.append(set(self.screen.classes))
            super().on_mount()

    async with Watched(ctx).run_test(size=(120, 40)):
        assert {"-wide", "-tall"} <= seen[0] and not {"-narrow", "-short"} & seen[0]


async def test_the_focused_pane_is_marked_and_a_dialog_keeps_the_mark(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        marked = lambda: [pane.id for pane in app.query(".pane.-has-focus")]  # noqa: E731
        assert marked() == ["library"]
        for key, pane_id in (("2", "today"), ("4", "streak"), ("1", "library")):
            await pilot.press(key)
            await pilot.pause()
            assert marked() == [pane_id]
        await pilot.press("slash")  # focus moves inside the pane: the mark stays
        await pilot.pause()
        assert marked() == ["library"]
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen" and marked() == ["library"]


async def test_filters_open_pick_and_search_from_the_keyboard(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        category = app.query_one("#lib-category", Select)
        category.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert category.expanded and app.focused in category.query("*")
        await pilot.press("down", "down", "enter")  # past "Any category" and Mobility
        await pilot.pause()
        assert category.value == "stretch" and app.focused is category
        assert all(ctx.catalogue.get(i).category == "stretch" for i in shown_ids(app))
        await pilot.press("space", *"stren", "enter")  # typing jumps to the first match
        await pilot.pause()
        assert category.value == "strength"
        await pilot.press("down", "escape")  # escape closes and keeps the choice
        await pilot.pause()
        assert category.value == "strength" and app.focused is category
        assert not category.expanded
        await pilot.press("up", "home", "enter")  # the first entry is "any"
        await pilot.pause()
        assert category.selection is None and len(shown_ids(app)) == len(ctx.catalogue.exercises)


async def test_settings_are_in_effect_before_the_widgets_are_styled(ctx):
    """A theme set after the widgets are styled would make Textual style every one of them again."""
    save_settings(paths.config_file(ctx.config_dir), Settings(theme="nord", weekly_target=3))
    themes: list[str] = []

    class Watched(TuiBackApp):
        def compose(self):
            themes.append(self.theme)
            yield from super().compose()

    app = Watched(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert themes == ["nord"] and app.theme == "nord"
        assert "Week    0/3" in app.query_one(StreakSummary).render().plain


async def test_an_unknown_theme_is_reported_and_the_default_used(ctx):
    save_settings(paths.config_file(ctx.config_dir), Settings(theme="no-such-theme"))
    app = make_app(ctx)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        await pilot.pause()
        assert any("no-such-theme" in m for m in toasts(app))


async def test_filters_work_with_the_mouse(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        position = app.query_one("#lib-position", Select)
        await pilot.click("#lib-position")
        await pilot.pause()
        assert position.expanded
        await pilot.click("#lib-position SelectOverlay", offset=(2, 7))  # the last line: Standing
        await pilot.pause()
        assert position.value == "standing" and not position.expanded
        assert all(ctx.catalogue.get(i).position == "standing" for i in shown_ids(app))


async def test_names_with_square_brackets_show_as_typed(ctx):
    """A physio's exercise or routine called "... [physio]" lost that text to markup parsing."""
    data = paths.ensure_private_dir(ctx.data_dir)
    exercises = (Path(__file__).resolve().parents[1] / "data" / "catalogue_user.toml").read_text(encoding="utf-8")
    (data / "exercises.toml").write_text(exercises.replace("at the desk", "[physio] at the desk"), encoding="utf-8")
    (data / "routines.toml").write_text(
        '[[routine]]\nid = "mine"\nname = "Mine [physio]"\n[[routine.exercise]]\nid = "desk-extension"\n',
        encoding="utf-8",
    )
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for list_id in ("#lib-list", "#today-routines"):
            widget = app.query_one(list_id, OptionList)
            widget.highlighted = next(
                i for i in range(widget.option_count) if "[physio]" in str(widget.get_option_at_index(i).prompt)
            )
            widget.scroll_to_highlight()
        await pilot.pause()
        shown = screen_text(app)
        assert "[physio] at" in shown
        assert "Mine [physio]" in shown


async def test_a_resize_under_a_dialog_gives_the_layout_for_the_new_size(ctx):
    """Textual sets breakpoint classes only on the screen on top; the dashboard kept the 2x2 grid."""
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.query_one("#tabs").display
        assert [p.id for p in app.query(".pane") if p.display] == ["library"]


async def test_a_pane_key_and_enter_typed_at_once_start_the_routine(ctx):
    """Keys typed faster than the screen redraws still go where the first one moved the focus."""
    from textual import events

    from tui_back.ui.gate import GateScreen

    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.post_message(events.Key("2", "2"))
        app.post_message(events.Key("enter", "\r"))
        await settle(pilot)
        assert isinstance(app.screen, GateScreen)
