"""The key table: every binding comes from it, and the help, hints and palette follow the user's keymap."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pilot_wait import settle
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.widgets import Static

from tui_back import paths
from tui_back.config import Settings, load_settings, save_settings
from tui_back.domain.records import SymptomCheck
from tui_back.domain.session import PAUSED, RUNNING
from tui_back.ui import keys
from tui_back.ui.app import TuiBackApp, make_app
from tui_back.ui.check_screen import CheckScreen
from tui_back.ui.education_screen import EducationScreen
from tui_back.ui.gate import GateScreen
from tui_back.ui.help_screen import HelpScreen
from tui_back.ui.history_screen import HistoryScreen
from tui_back.ui.levels_screen import LevelsScreen
from tui_back.ui.library_pane import LibraryPane
from tui_back.ui.morning import MorningScreen
from tui_back.ui.progression_view import ProgressionList
from tui_back.ui.session_dialogs import ChoiceScreen, ScoreScreen, YesNoScreen
from tui_back.ui.session_screen import SessionScreen
from tui_back.ui.session_summary import SummaryScreen
from tui_back.ui.settings_screen import SettingsScreen
from tui_back.ui.streak_pane import StreakPane
from tui_back.ui.symptoms_pane import Checklist, SymptomsPane
from tui_back.ui.today_pane import TodayPane

README = Path(__file__).resolve().parents[2] / "README.md"
KEYED_CLASSES = (
    TuiBackApp,
    LibraryPane,
    TodayPane,
    ProgressionList,
    Checklist,
    SymptomsPane,
    StreakPane,
    GateScreen,
    HelpScreen,
    ScoreScreen,
    ChoiceScreen,
    YesNoScreen,
    MorningScreen,
    SettingsScreen,
    SessionScreen,
    CheckScreen,
    SummaryScreen,
    LevelsScreen,
    HistoryScreen,
    EducationScreen,
)
README_PLACES = {
    "everywhere": keys.EVERYWHERE,
    "library": keys.LIBRARY,
    "today": keys.TODAY,
    "session": keys.SESSION,
    "after a session": keys.SUMMARY,
    "level list": keys.LEVEL_LIST,
    "levels view": keys.LEVELS_VIEW,
    "symptoms": keys.SYMPTOMS,
    "safety check": keys.SAFETY_CHECK,
    "streak": keys.STREAK,
    "questions": keys.DIALOGS,
}


def test_every_binding_is_a_row_of_the_table_and_every_row_with_an_action_is_bound():
    used = []
    for cls in KEYED_CLASSES:
        for binding in cls.BINDINGS:
            assert isinstance(binding, Binding) and binding.id in keys.BY_ID, (cls, binding)
            assert binding == keys.BY_ID[binding.id].binding()
            used.append(binding.id)
    assert sorted(set(used)) == sorted(keys.BINDING_IDS)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("question_mark", "?"),
        ("comma", ","),
        ("slash", "/"),
        ("ctrl+p", "ctrl+p"),
        ("space", "space"),
        ("enter", "enter"),
        ("escape", "esc"),
        ("pagedown", "pagedown"),
        ("up", "up"),
        ("f1", "f1"),
        ("?", "?"),
        ("shift+tab", "shift+tab"),
    ],
)
def test_keys_are_shown_as_they_are_typed(name, shown):
    assert keys.typed(name) == shown


def test_key_text_follows_the_apps_keymap_and_falls_back_to_the_table():
    app = keys.KeyTableApp()
    assert keys.key_text(app, "help-close") == "esc or q or ?"
    app.set_keymap({"help": "f1,ctrl+h"})
    app.update_keymap({"settings": "f2"})
    assert keys.key_text(app, "help") == "f1 or ctrl+h" and keys.key_text(app, "settings") == "f2"
    assert keys.hint_line(app, ["help", "quit"]) == "f1 or ctrl+h help  q quit"
    assert keys.key_text(app, "library-type") == "type letters"
    assert keys.current_keys(App(), "help") == ["question_mark"]


def help_rows(app) -> dict[str, dict[str, str]]:
    """The help screen's text as {group: {key shown: description}}."""
    groups: dict[str, dict[str, str]] = {}
    text = str(app.screen.query_one("#help-text", Static).content)
    for line in text.splitlines():
        if line and not line.startswith(" "):
            rows = groups.setdefault(line, {})
        elif line.strip():
            shown, description = re.split(r"\s{2,}", line.strip(), maxsplit=1)
            for key in shown.split(", "):
                rows[key] = description
    return groups


async def open_help(pilot, key: str = "question_mark") -> dict[str, dict[str, str]]:
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, HelpScreen)
    return help_rows(pilot.app)


async def test_the_help_shows_keys_as_typed(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        rows = await open_help(pilot)
        text = str(app.screen.query_one("#help-text", Static).content)
        assert rows[keys.EVERYWHERE]["?"] == "Help"
        assert rows[keys.EVERYWHERE][","] == "Settings"
        assert rows[keys.EVERYWHERE]["ctrl+p"].startswith("Command palette")
        assert rows[keys.LIBRARY]["/"] == "Search"
        assert rows[keys.SESSION]["space"] == "Pause"
        assert rows[keys.TODAY]["enter"] == "Start"
        assert rows[keys.SESSION]["esc"].startswith("Stop")
        assert "question_mark" not in text and "comma" not in text and "slash" not in text
        assert "escape" not in text


def readme_keys() -> list[tuple[str, str]]:
    """(key as the README writes it, the help group of its "where" column) for the Keys table."""
    section = README.read_text(encoding="utf-8").split("## Keys", 1)[1].split("\n## ", 1)[0]
    found = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("key", "---"):
            continue
        place = README_PLACES[cells[1].split(",")[-1].strip().lower()]
        names = re.findall(r"`([^`]+)`", cells[0]) or [cells[0]]
        found.extend((name, place) for name in names)
    return found


def test_the_readme_keys_table_is_read_whole():
    found = readme_keys()
    assert len(found) >= 30
    assert ("type letters", keys.LIBRARY) in found and ("ctrl+p", keys.EVERYWHERE) in found


async def test_the_help_lists_every_key_of_the_readme_in_its_group(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        rows = await open_help(pilot)
        missing = [(name, place) for name, place in readme_keys() if keys.typed(name) not in rows[place]]
        assert missing == []


REMAPPED = {"help": "f1", "today-pause": "p", "today-start": "f5", "gate-none": "x", "symptoms-save": "f6"}


@pytest.fixture
def remapped(ctx):
    save_settings(paths.config_file(ctx.config_dir), Settings(keymap=REMAPPED))
    ctx.reload_settings()
    return ctx


async def test_a_remapped_help_key_opens_the_help_and_is_listed_as_remapped(remapped):
    app = make_app(remapped)
    async with app.run_test(size=(120, 40)) as pilot:
        rows = await open_help(pilot, "f1")
        assert rows[keys.EVERYWHERE]["f1"] == "Help" and "?" not in rows[keys.EVERYWHERE]
        assert rows[keys.SESSION]["p"] == "Pause" and "space" not in rows[keys.SESSION]
        assert rows[keys.SAFETY_CHECK]["x"] == "None of these"
        assert rows[keys.SYMPTOMS]["space"] == "Tick"


def shown_text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def test_hint_lines_follow_the_keymap_and_the_remapped_keys_work(remapped):
    app = make_app(remapped)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "No checks saved yet: tick what applies, then press f6." in shown_text(app, "#symptoms-history")
        clock = remapped.clock
        remapped.store.add_check(SymptomCheck(clock.today(), clock.utcnow(), (), "none"))
        await pilot.press("2")
        await pilot.pause()
        assert shown_text(app, "#today-hint") == "Routine (up/down to change, f5 to start):"
        assert shown_text(app, "#today-total").endswith("Press f5 to start.")
        await pilot.press("f5")
        await pilot.pause()
        assert isinstance(app.screen, GateScreen)
        assert shown_text(app, "#gate-keys") == "x none of these   space tick   c confirm ticked   esc cancel"
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ScoreScreen)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        today = app.query_one(TodayPane)
        assert today.session is not None and today.session.state == RUNNING
        assert isinstance(app.screen, SessionScreen)
        footer = " ".join(str(item.render()) for item in app.screen.query("FooterKey"))
        assert "p Pause" in footer and "space" not in footer
        await pilot.press("space")
        await pilot.pause()
        assert today.session.state == RUNNING
        await pilot.press("p")
        await pilot.pause()
        assert today.session.state == PAUSED
        assert shown_text(app, "#sv-message") == "Paused: p to carry on."


async def test_the_default_hint_lines(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert shown_text(app, "#today-hint") == "Routine (up/down to change, enter to start):"
        await pilot.press("enter")
        await pilot.pause()
        assert shown_text(app, "#gate-keys") == "n none of these   space tick   c confirm ticked   esc cancel"
        await pilot.press("down", "space", "n")
        await pilot.pause()
        assert shown_text(app, "#gate-keys").startswith("You ticked 1: press c to confirm, or untick with space.")
        await pilot.press("c")
        await pilot.pause()
        assert shown_text(app, "#gate-keys") == "enter or esc: I have read this (the session will not start)"


# -- the command palette ---------------------------------------------------------------------------


async def run_from_palette(pilot, title: str) -> None:
    """Open the palette, type `title`, pick the best match."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*("space" if char == " " else char for char in title))
    await pilot.app.workers.wait_for_complete()  # the palette searches in a worker
    await pilot.pause()
    await pilot.press("enter")  # highlights the best match, or runs it if it is the only one
    await pilot.pause()
    if isinstance(pilot.app.screen, CommandPalette):
        await pilot.press("enter")
    await pilot.pause()
    await pilot.pause()


async def test_the_palette_has_one_keys_command_and_it_opens_the_help(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles.count("Keys") == 1
        await run_from_palette(pilot, "Keys")
        assert isinstance(app.screen, HelpScreen)


async def test_the_palette_starts_a_routine_through_the_safety_check(ctx):
    routines = ctx.routines.routines
    assert len(routines) >= 2
    wanted = routines[1]
    ctx.store.add_check(SymptomCheck(ctx.clock.today(), ctx.clock.utcnow(), (), "none"))
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert [t for t in titles if t.startswith("Start ")] == [f"Start {r.name}" for r in routines]
        await run_from_palette(pilot, f"Start {wanted.name}")
        assert isinstance(app.screen, GateScreen)
        assert app.active_pane == "today"
        today = app.query_one(TodayPane)
        assert today.routine.id == wanted.id
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ScoreScreen) and wanted.name in str(app.screen.question)
        await pilot.press("enter")
        await pilot.pause()
        assert today.session is not None
        assert not any(t.startswith("Start ") for t in (c.title for c in app.get_system_commands(app.screen)))


async def test_the_palette_opens_the_symptom_check(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await run_from_palette(pilot, "Symptom check")
        assert app.active_pane == "symptoms"
        assert app.focused is not None and app.query_one(SymptomsPane) in app.focused.ancestors_with_self


async def test_the_palette_writes_the_report(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await run_from_palette(pilot, "Write report")
        [report] = (ctx.data_dir / "reports").iterdir()
        assert "tui-back" in report.read_text(encoding="utf-8").lower()


async def test_the_palette_toggles_the_bell_and_saves_it(ctx):
    config = paths.config_file(ctx.config_dir)
    save_settings(config, Settings(weekly_target=3))
    ctx.reload_settings()
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await run_from_palette(pilot, "Toggle bell")
        assert load_settings(config) == (Settings(weekly_target=3, bell=False), [])
        assert ctx.settings.bell is False
        await run_from_palette(pilot, "Toggle bell")
        assert load_settings(config) == (Settings(weekly_target=3, bell=True), [])


async def test_the_palette_leaves_a_broken_config_alone(ctx):
    config = paths.config_file(ctx.config_dir)
    config.parent.mkdir(parents=True)
    config.write_text("bell = maybe\n", encoding="utf-8")
    ctx.reload_settings()
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await run_from_palette(pilot, "Toggle bell")
        assert config.read_text(encoding="utf-8") == "bell = maybe\n"


async def test_the_palette_opens_the_settings(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await run_from_palette(pilot, "Settings")
        assert isinstance(app.screen, SettingsScreen)


async def answer_a_question(ctx, key: str) -> tuple[str | None, str]:
    """Ask a yes/no question over the dashboard, press `key`; the answer and the Footer's text before it."""
    from textual.widgets import Footer

    from tui_back.ui.session_dialogs import yes_no

    app = make_app(ctx)
    answers: list[str | None] = []
    async with app.run_test(size=(120, 40)) as pilot:
        app.push_screen(yes_no("Carry on?"), answers.append)
        footer = ""
        for _ in range(50):  # the Footer fills in its keys a frame or more after the screen shows
            await pilot.pause()
            footer = " ".join(str(item.render()) for item in app.screen.query(Footer).first().query("*"))
            if "Yes" in footer:
                break
        await pilot.press(key)
        await pilot.pause()
    return (answers[0] if answers else None), footer


async def test_a_yes_no_question_lists_its_keys_in_the_footer_and_answers_by_them(ctx):
    answer, footer = await answer_a_question(ctx, "n")
    assert answer == "no"
    assert "Yes" in footer and "No" in footer


async def test_a_yes_no_question_follows_the_keymap(ctx):
    save_settings(paths.config_file(ctx.config_dir), Settings(keymap={"dialog-yes": "j"}))
    ctx.reload_settings()
    answer, _ = await answer_a_question(ctx, "y")
    assert answer is None
    answer, _ = await answer_a_question(ctx, "j")
    assert answer == "yes"
