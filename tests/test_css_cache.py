"""Parsed styles kept between runs: a second start parses no dashboard CSS and looks the same."""

from __future__ import annotations

import re
import stat

import pytest
import textual.css.stylesheet as stylesheet_module

from tui_back import paths
from tui_back.config import Settings, save_settings
from tui_back.ui import css_cache
from tui_back.ui.app import make_app


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """Where each CSS source Textual actually parses (not found in any cache) came from."""
    seen: list[str] = []
    real_parse = stylesheet_module.parse

    def counting(scope, css, read_from, *args, **kwargs):
        seen.append(read_from[1] or read_from[0])
        return real_parse(scope, css, read_from, *args, **kwargs)

    monkeypatch.setattr(stylesheet_module, "parse", counting)
    return seen


async def first_screen(ctx, parses: list[str]) -> tuple[str, list[str]]:
    """Open the app once; its screenshot and the CSS sources parsed before the first frame."""
    parses.clear()
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        parsed = list(parses)
        shot = app.export_screenshot()
        await pilot.pause()
    return re.sub(r"terminal-\d+", "terminal", shot), parsed


async def test_a_second_start_parses_none_of_the_dashboard_styles(ctx, parses):
    shot, parsed = await first_screen(ctx, parses)
    assert any("app.tcss" in source for source in parsed)
    assert any(source == "LibraryPane.DEFAULT_CSS" for source in parsed)
    cached = ctx.cache_dir / css_cache.FILE_NAME
    assert stat.S_IMODE(cached.stat().st_mode) == 0o600
    again, parsed_again = await first_screen(ctx, parses)
    assert parsed_again == []
    assert again == shot


async def test_another_theme_parses_afresh_and_shows_its_own_colours(ctx, parses):
    dark, _ = await first_screen(ctx, parses)
    save_settings(paths.config_file(ctx.config_dir), Settings(theme="textual-light"))
    ctx.reload_settings()
    light, parsed = await first_screen(ctx, parses)
    assert parsed  # the dark theme's parse does not apply
    assert light != dark


async def test_styles_from_the_file_match_a_fresh_parse_for_another_theme(ctx, parses, monkeypatch):
    save_settings(paths.config_file(ctx.config_dir), Settings(theme="textual-light"))
    ctx.reload_settings()
    await first_screen(ctx, parses)  # writes the light theme's styles
    from_file, parsed = await first_screen(ctx, parses)
    # Textual applies a theme by parsing the app's own styles again, uncached; the widgets' come from the file.
    assert {source.rsplit("/", 1)[-1] for source in parsed} == {"app.tcss", "App.DEFAULT_CSS"}
    (ctx.cache_dir / css_cache.FILE_NAME).unlink()
    monkeypatch.setattr(css_cache.ParsedCss, "save", lambda self: None)
    fresh, parsed = await first_screen(ctx, parses)
    assert parsed
    assert from_file == fresh


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"])
async def test_a_damaged_file_means_parsing_as_usual(ctx, parses, damage):
    shot, _ = await first_screen(ctx, parses)
    (ctx.cache_dir / css_cache.FILE_NAME).write_bytes(damage)
    again, parsed = await first_screen(ctx, parses)
    assert parsed and again == shot


async def test_another_textual_install_parses_afresh(ctx, parses, monkeypatch):
    await first_screen(ctx, parses)
    monkeypatch.setattr(css_cache, "_textual_install", lambda: ("/elsewhere/textual/__init__.py", 1))
    _, parsed = await first_screen(ctx, parses)
    assert parsed


async def test_a_file_others_could_write_is_ignored(ctx, parses):
    """A pickle can run code: one that anybody else could have written is never loaded."""
    await first_screen(ctx, parses)
    cached = ctx.cache_dir / css_cache.FILE_NAME
    cached.chmod(0o664)
    _, parsed = await first_screen(ctx, parses)
    assert parsed
