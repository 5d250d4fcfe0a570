"""config.toml: validation naming the key, dump/parse round trip, atomic save, and the settings screen."""

from __future__ import annotations

import stat
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from msgspec.structs import replace
from textual.app import App
from textual.widgets import Input, Static

from tui_back import paths
from tui_back.config import (
    WEEKDAYS,
    Settings,
    dump_settings,
    load_settings,
    parse_settings,
    reconcile,
    save_settings,
)
from tui_back.domain.validation import DataError
from tui_back.ui.app import make_app
from tui_back.ui.keys import BINDING_IDS
from tui_back.ui.settings_apply import apply_settings
from tui_back.ui.settings_screen import SettingsScreen
from tui_back.ui.tickbox import TickBox

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

THEMES = ("textual-dark", "nord", "gruvbox")


@pytest.mark.parametrize(
    ("document", "key"),
    [
        ({"theme": 3}, "theme"),
        ({"bell": "yes"}, "bell"),
        ({"rest_days": ["sunday"]}, "rest_days"),
        ({"rest_days": "sun"}, "rest_days"),
        ({"freezes_per_month": 11}, "freezes_per_month"),
        ({"weekly_target": 0}, "weekly_target"),
        ({"weekly_target": 2.5}, "weekly_target"),
        ({"default_routine": 1}, "default_routine"),
        ({"low_bandwidth": 1}, "low_bandwidth"),
        ({"ascii": "no"}, "ascii"),
        ({"keymap": "quit=x"}, "keymap"),
        ({"keymap": {"quit": ""}}, "keymap.quit"),
        ({"keymap": {"quit": "ctrl x"}}, "keymap.quit"),
        ({"keymap": {"quit": "x,,y"}}, "keymap.quit"),
        ({"keymap": {"quit": 5}}, "keymap.quit"),
        ({"keymap": {"bad id": "x"}}, "keymap.bad id"),
        ({"wekly_target": 3}, "wekly_target"),
    ],
)
def test_validation_errors_name_the_key(document, key):
    with pytest.raises(DataError) as caught:
        parse_settings(document, "config.toml")
    assert caught.value.field == key
    assert f"field '{key}'" in str(caught.value) and "config.toml" in str(caught.value)


def test_a_bad_key_gives_its_default_and_the_message(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("weekly_target = 40\n")
    settings, [error] = load_settings(path)
    assert settings == Settings()
    assert "weekly_target" in error and "between 1 and 21" in error


def test_every_valid_key_is_applied_and_every_bad_one_reported(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        'bel = false\nrest_days = ["sat", "Sun", "[/x]"]\nweekly_target = "3"\nfreezes_per_month = 2\n'
        '[keymap]\nquit = "ctrl+q"\nhelp = 5\n'
    )
    settings, problems = load_settings(path)
    assert settings == Settings(rest_days=("sat",), freezes_per_month=2, keymap={"quit": "ctrl+q"})
    assert len(problems) == 5
    assert all(problem.startswith(f"{path}: settings: field '") for problem in problems)
    assert "'bel': is not a setting; did you mean 'bell'?" in problems[0]
    assert "'Sun' is not a weekday" in problems[1] and "'[/x]' is not a weekday" in problems[2]
    assert "weekly_target" in problems[3] and "keymap.help" in problems[4]


def test_a_file_that_is_not_toml_is_one_problem(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("bell = \n")
    assert load_settings(path) == (Settings(), [f"{path}: not valid TOML (Invalid value (at line 1, column 8))"])


def test_rest_days_come_back_in_week_order_without_repeats():
    settings = parse_settings({"rest_days": ["sun", "wed", "sun"]}, "config.toml")
    assert settings.rest_days == ("wed", "sun")
    assert settings.rest_weekdays == {2, 6}


texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12).map(str.strip)
key_names = st.lists(st.from_regex(r"[a-z0-9_+?/]{1,8}", fullmatch=True), min_size=1, max_size=3).map(",".join)
settings_strategy = st.builds(
    Settings,
    theme=texts.filter(bool),
    bell=st.booleans(),
    cue_countdown=st.booleans(),
    cue_hold_end=st.booleans(),
    cue_switch=st.booleans(),
    cue_session_end=st.booleans(),
    cue_reps=st.booleans(),
    notifications=st.booleans(),
    rest_days=st.sets(st.sampled_from(WEEKDAYS)).map(lambda days: tuple(d for d in WEEKDAYS if d in days)),
    freezes_per_month=st.integers(0, 10),
    weekly_target=st.integers(1, 21),
    default_routine=texts,
    low_bandwidth=st.booleans(),
    ascii=st.booleans(),
    keymap=st.dictionaries(st.from_regex(r"[A-Za-z0-9_.-]{1,10}", fullmatch=True), key_names, max_size=3),
)


@given(settings_strategy)
def test_dump_then_parse_gives_the_same_settings(settings):
    assert parse_settings(tomllib.loads(dump_settings(settings)), "config.toml") == settings


def test_save_is_private_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "cfg" / "config.toml"
    save_settings(path, Settings(weekly_target=3))
    save_settings(path, Settings(weekly_target=4))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]
    assert load_settings(path) == (Settings(weekly_target=4), [])


def test_reconcile_replaces_unknown_names_and_says_which_key():
    settings = Settings(theme="solarised", keymap={"quit": "x", "nope": "y"}, default_routine="gone")
    fixed, problems = reconcile(settings, "config.toml", THEMES, binding_ids={"quit"}, routine_ids={"daily"})
    assert fixed == Settings(keymap={"quit": "x"})
    assert len(problems) == 3
    assert "field 'theme'" in problems[0] and "nord" in problems[0]
    assert "field 'keymap.nope'" in problems[1]
    assert "field 'default_routine'" in problems[2] and "daily" in problems[2]
    assert reconcile(fixed, "config.toml", THEMES, {"quit"}, {"daily"}) == (fixed, [])


def test_binding_ids_include_the_apps_and_the_settings_screens():
    assert {"pane-library", "quit", "help", "settings-save", "settings-cancel"} <= BINDING_IDS


async def test_apply_settings_sets_theme_keymap_and_reports_unknowns(ctx):
    save_settings(
        paths.config_file(ctx.config_dir),
        Settings(theme="nord", keymap={"help": "f1", "no-such-binding": "f2"}, low_bandwidth=True, ascii=True),
    )
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        problems = apply_settings(app, ctx)
        await pilot.pause()
        assert app.theme == "nord"
        assert app.animation_level == "none"
        assert app.has_class("-ascii")
        assert len(problems) == 1 and "keymap.no-such-binding" in problems[0]
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"


class Host(App[None]):
    """A bare app to host the screen: the dashboard's panes are not needed here and cost seconds."""

    def __init__(self, ctx) -> None:
        super().__init__()
        self.ctx = ctx


async def open_settings(app, ctx, pilot) -> SettingsScreen:
    screen = SettingsScreen(ctx)
    app.push_screen(screen)
    await pilot.pause()
    return screen


async def replace_text(pilot, selector: str, text: str) -> None:
    widget = pilot.app.screen.query_one(selector, Input)
    widget.focus()
    widget.value = ""
    await pilot.press(*text)


async def test_screen_edits_weekly_target_and_saves_the_file(ctx):
    path = paths.config_file(ctx.config_dir)
    app = Host(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(app, ctx, pilot)
        await replace_text(pilot, "#set-weekly", "3")
        app.screen.query_one("#set-rest-sun", TickBox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen)
    text = path.read_text()
    assert "weekly_target = 3\n" in text and 'rest_days = ["sun"]' in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert ctx.settings.weekly_target == 3  # the app sees the new value without a restart


async def test_screen_shows_the_bad_field_and_does_not_save(ctx):
    path = paths.config_file(ctx.config_dir)
    app = Host(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(app, ctx, pilot)
        await replace_text(pilot, "#set-weekly", "30")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        error = str(app.screen.query_one("#settings-error", Static).content)
        assert "Sessions a week target" in error and "between 1 and 21" in error
    assert not path.exists()


async def test_escape_cancels_and_puts_the_theme_back(ctx):
    path = paths.config_file(ctx.config_dir)
    save_settings(path, Settings(weekly_target=4))
    before = path.read_text()
    app = Host(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        theme = app.theme
        screen = await open_settings(app, ctx, pilot)
        screen.query_one("#set-theme").value = "nord"
        await pilot.pause()
        assert app.theme == "nord"  # previewed
        await replace_text(pilot, "#set-weekly", "9")
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SettingsScreen)
        assert app.theme == theme
    assert path.read_text() == before


async def test_screen_warns_that_saving_replaces_a_broken_file(ctx):
    path = paths.config_file(ctx.config_dir)
    path.parent.mkdir(parents=True)
    path.write_text("bell = maybe\n")
    app = Host(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(app, ctx, pilot)
        warning = str(app.screen.query_one("#settings-warning", Static).content)
        assert "saving replaces it" in warning and "not valid TOML" in warning


async def test_tick_box_shows_its_state_by_shape(ctx):
    app = Host(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(app, ctx, pilot)
        box = app.screen.query_one("#set-bell", TickBox)
        assert box.value and "X" in str(box.render())
        box.value = False
        assert "X" not in str(box.render())
        app.add_class("-ascii")
        assert str(box.render()).startswith("[ ]")


HAND_EDITED = """# My settings, typed by hand.
theme = "nord"  # the dark one

# Weekends off.
rest_days = ["sat", "sun"]
bel = false  # a typo, kept as typed

[keymap]
# I like ctrl+q.
quit = "ctrl+q"
"""


def test_saving_keeps_the_comments_of_a_hand_edited_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(HAND_EDITED)
    settings, problems = load_settings(path)
    assert len(problems) == 1
    save_settings(path, replace(settings, weekly_target=3, keymap={"quit": "ctrl+q", "help": "f1"}))
    text = path.read_text()
    kept = ("# My settings, typed by hand.", 'theme = "nord"  # the dark one', "# Weekends off.", "# I like ctrl+q.")
    for line in kept:
        assert line in text
    assert "bel = false  # a typo, kept as typed" in text
    assert load_settings(path)[0] == replace(settings, weekly_target=3, keymap={"quit": "ctrl+q", "help": "f1"})


def test_saving_one_key_changes_only_that_key(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(HAND_EDITED)
    settings, _ = load_settings(path)
    save_settings(path, replace(settings, bell=False, theme="gruvbox"), keys=("theme",))
    assert path.read_text() == HAND_EDITED.replace('theme = "nord"', 'theme = "gruvbox"')


def test_saving_one_key_refuses_a_file_that_is_not_toml(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("bell = \n")
    with pytest.raises(DataError, match="not valid TOML"):
        save_settings(path, Settings(theme="nord"), keys=("theme",))
    assert path.read_text() == "bell = \n"


async def test_a_theme_chosen_from_the_palette_is_saved(ctx):
    path = paths.config_file(ctx.config_dir)
    path.parent.mkdir(parents=True)
    path.write_text("# mine\nweekly_target = 3\n")
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = "nord"  # what the palette's "Change theme" does
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert path.read_text() == '# mine\nweekly_target = 3\ntheme = "nord"\n'
    assert load_settings(path)[0].theme == "nord"


async def test_each_cue_has_its_own_switch_on_the_screen_and_in_the_file(ctx):
    path = paths.config_file(ctx.config_dir)
    app = Host(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(app, ctx, pilot)
        for cue in ("cue_countdown", "cue_hold_end", "cue_switch", "cue_session_end", "cue_reps"):
            assert app.screen.query_one(f"#set-{cue}", TickBox).value
        app.screen.query_one("#set-cue_reps", TickBox).value = False
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert "cue_reps = false\n" in path.read_text() and "cue_countdown = true\n" in path.read_text()
    assert ctx.settings.cue_reps is False and ctx.settings.cue_switch is True


def test_the_file_checker_knows_every_setting():
    from msgspec.structs import fields

    from tui_back.config import Settings
    from tui_back.settings_file import KEYS

    assert sorted(KEYS) == sorted(field.name for field in fields(Settings))
