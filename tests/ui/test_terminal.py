"""Terminal friendliness: ASCII fallbacks, low-bandwidth environment, and NO_COLOR (Pilot)."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from msgspec.structs import fields
from rich.cells import cell_len
from rich.terminal_theme import SVG_EXPORT_THEME

from tui_back.config import Settings
from tui_back.domain.streaks import DONE, FROZEN, FUTURE, MISSED, PENDING, REST
from tui_back.symbols import (
    ASCII,
    UNICODE,
    Symbols,
    is_utf8,
    low_bandwidth_env,
    symbols_for,
    terminal_encoding,
    wants_ascii,
)
from tui_back.ui.app import make_app

DAY_STATES = {DONE, REST, FROZEN, MISSED, PENDING, FUTURE}


@pytest.mark.parametrize("encoding", ["utf-8", "UTF-8", "utf8", "UTF_8"])
def test_utf8_terminals_get_symbols(encoding):
    assert is_utf8(encoding)
    assert not wants_ascii(Settings(), encoding)


@pytest.mark.parametrize("encoding", ["ascii", "ANSI_X3.4-1968", "latin-1", "cp1252", "no-such-codec", "", None])
def test_other_encodings_get_ascii(encoding):
    assert wants_ascii(Settings(), encoding)


def test_ascii_setting_wins_over_a_utf8_terminal():
    assert wants_ascii(Settings(ascii=True), "utf-8")
    assert symbols_for(Settings(ascii=True), "utf-8") is ASCII
    assert symbols_for(Settings(), "utf-8") is UNICODE
    assert symbols_for(Settings(), "ascii") is ASCII


def test_served_apps_count_as_utf8(monkeypatch):
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert terminal_encoding() == "utf-8"


def symbol_texts(table: Symbols) -> dict[str, str]:
    texts = {f.name: getattr(table, f.name) for f in fields(Symbols) if f.name != "day"}
    texts.update({f"day.{state}": glyph for state, glyph in table.day.items()})
    return texts


def test_ascii_table_is_pure_ascii_and_matches_the_unicode_one():
    assert symbol_texts(ASCII).keys() == symbol_texts(UNICODE).keys()
    assert all(text.isascii() for text in symbol_texts(ASCII).values())
    assert set(ASCII.day) == set(UNICODE.day) == DAY_STATES


@pytest.mark.parametrize("table", [ASCII, UNICODE], ids=["ascii", "unicode"])
def test_heatmap_states_differ_in_shape_not_just_colour(table):
    glyphs = list(table.day.values())
    assert len(set(glyphs)) == len(glyphs)
    assert all(cell_len(glyph) == 1 for glyph in glyphs)  # one cell each, so the grid lines up
    assert table.done != table.skipped


def test_low_bandwidth_environment():
    assert low_bandwidth_env(Settings()) == {}
    env = low_bandwidth_env(Settings(low_bandwidth=True))
    assert env["TEXTUAL_ANIMATIONS"] == "none"
    assert int(env["TEXTUAL_FPS"]) < 60


@pytest.mark.slow
def test_low_bandwidth_environment_reaches_textual():
    """Textual reads these once at import, so this runs in a fresh interpreter."""
    code = (
        "import os\n"
        "from tui_back.config import Settings\n"
        "from tui_back.symbols import low_bandwidth_env\n"
        "os.environ.update(low_bandwidth_env(Settings(low_bandwidth=True)))\n"
        "from textual import constants\n"
        "print(constants.TEXTUAL_ANIMATIONS, constants.MAX_FPS)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["none", "15"]


def screen_colours(svg: str) -> set[str]:
    """Colours the app drew, from an exported SVG: not the window chrome, nor the export's
    defaults for text that has no colour at all."""
    foregrounds = re.findall(r"\.terminal-[\w-]+-r\d+ \{ fill: (#[0-9a-fA-F]{6})", svg)
    backgrounds = re.findall(r'<rect fill="(#[0-9a-fA-F]{6})"', svg)
    defaults = {SVG_EXPORT_THEME.foreground_color.hex, SVG_EXPORT_THEME.background_color.hex}
    return set(foregrounds + backgrounds) - defaults


def is_grey(colour: str) -> bool:
    return colour[1:3] == colour[3:5] == colour[5:7]


async def test_no_color_makes_the_whole_screen_grey(ctx, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.no_color
        colours = screen_colours(app.export_screenshot())
    assert len(colours) > 1
    assert all(is_grey(c) for c in colours), sorted(c for c in colours if not is_grey(c))


async def test_without_no_color_the_screen_has_colour(ctx, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.no_color
        colours = screen_colours(app.export_screenshot())
    assert not all(is_grey(c) for c in colours)
