"""The back care cards: reached from the Library pane's key and from the palette, readable and
scrollable from the keyboard at the smallest and at larger sizes."""

from __future__ import annotations

import re

import pytest
from pilot_wait import settle
from screen_text import screen_text
from test_keys import open_help, run_from_palette
from textual.widgets import Input, OptionList

from tui_back.data_files import builtin_education
from tui_back.domain.education import card_text
from tui_back.ui import keys
from tui_back.ui.app import make_app
from tui_back.ui.education_screen import EducationScreen
from tui_back.ui.text_view import TextView

SIZES = [(60, 20), (120, 40)]


def footer_keys(app) -> dict[str, str]:
    """The keys the Footer offers now: {key: description}."""
    return {
        active.binding.key: active.binding.description
        for active in app.screen.active_bindings.values()
        if active.binding.show and active.enabled
    }


def on_screen(app, words: str) -> bool:
    """`words` are on screen, read across line wraps (borders and scrollbars left out)."""
    text = re.sub(r"[\u2500-\u259f]", " ", screen_text(app))
    return " ".join(words.split()) in " ".join(text.split())


def fully_visible(app, widget) -> bool:
    region = widget.region
    return region.height > 0 and app.screen.region.contains_region(region)


async def read_every_card(pilot) -> None:
    """Each card in turn: its title on screen, and page down reaches its last source line."""
    app = pilot.app
    screen = app.screen
    assert isinstance(screen, EducationScreen)
    for index, card in enumerate(screen.cards):
        if index:
            await pilot.press("down")
            await pilot.pause()
        view = screen.query_one(TextView)
        assert view.text == card_text(card) and screen.shown == card
        assert on_screen(app, card.title.upper())
        assert on_screen(app, " ".join(card.paragraphs[0].split()[:5]))
        for _ in range(30):
            if view.scroll_y >= view.max_scroll_y:
                break
            await pilot.press("pagedown")
            await pilot.pause()
        assert on_screen(app, card.sources[-1][-25:]), card.id
    for selector in ("#cards-disclaimer", "#cards-keys"):
        assert fully_visible(app, screen.query_one(selector)), selector


@pytest.mark.parametrize("size", SIZES)
async def test_the_library_key_opens_the_cards_and_every_card_can_be_read(ctx, size):
    app = make_app(ctx)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert footer_keys(app).get("i") == "About back pain"
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, EducationScreen)
        assert on_screen(app, "not a medical device")
        await read_every_card(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, EducationScreen) and app.active_pane == "library"


@pytest.mark.parametrize("size", SIZES)
async def test_the_palette_opens_the_cards(ctx, size):
    app = make_app(ctx)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await run_from_palette(pilot, "Back care cards")
        assert isinstance(app.screen, EducationScreen)
        assert on_screen(app, builtin_education().cards[0].title.upper())
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert app.screen.shown.id == "hurt-not-harm" and on_screen(app, "HURT IS NOT HARM")


async def test_page_keys_scroll_the_card_while_the_list_has_the_focus(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen.focused, OptionList)
        view = screen.query_one(TextView)
        assert view.max_scroll_y > 0  # a card is taller than the room at 60x20
        await pilot.press("pagedown")
        await pilot.pause()
        assert view.scroll_y > 0 and screen.query_one(OptionList).highlighted == 0
        await pilot.press("pageup")
        await pilot.pause()
        assert view.scroll_y == 0


async def test_the_cards_key_types_in_the_search_box_and_is_not_offered_there(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.focused, Input) and "i" not in footer_keys(app)
        await pilot.press("i")
        await pilot.pause()
        assert app.focused.value == "i" and not isinstance(app.screen, EducationScreen)


async def test_the_help_lists_the_cards_keys(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        rows = await open_help(pilot)
        assert rows[keys.LIBRARY]["i"].startswith("Back care cards")
        assert rows[keys.CARDS]["pagedown"] == "Scroll the card down" and rows[keys.CARDS]["esc"] == "Close"


async def test_the_cards_read_in_ascii_and_without_colour(ctx, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(ctx)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        text = screen_text(app)
        body = text[text.index("Back care cards") :]
        assert all(ord(char) < 128 for char in card_text(app.screen.shown))
        assert "COMMON AND RARELY SERIOUS" in body  # the card shown is named in words, not only by a highlight
