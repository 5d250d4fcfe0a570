"""The scrolling plain-text view used for the exercise detail and the Today plan."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import App, ComposeResult

from tui_back.ui.text_view import TextView, wrap_lines

LONG = "\n".join(f"Line {n}: " + "word " * 12 for n in range(30))


def test_short_lines_are_kept_as_they_are_with_their_leading_spaces():
    drawing = "   o\n  /|\\\n__/_\\__"
    assert wrap_lines(drawing, 20) == ["   o", "  /|\\", "__/_\\__"]


def test_long_lines_break_at_spaces_within_the_width():
    lines = wrap_lines("one two three four five six", 10)
    assert lines == ["one two", "three four", "five six"]
    assert all(len(line) <= 10 for line in lines)


def test_a_word_longer_than_the_width_is_split_and_blank_lines_stay():
    assert wrap_lines("abcdefghij\n\nx", 4) == ["abcd", "efgh", "ij", "", "x"]


def test_wide_characters_wrap_by_cell_width():
    lines = wrap_lines("腰痛 体操 " * 6, 10)
    assert len(lines) > 1 and all(cell_len(line) <= 10 for line in lines)


class Viewer(App):
    CSS = "TextView { height: 10; width: 40; }"

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield TextView(self.text)


def shown(view: TextView) -> list[str]:
    return [strip.text.rstrip() for strip in view.render_lines(view.scrollable_content_region.reset_offset)]


async def test_tall_text_has_a_scrollbar_and_wraps_beside_it():
    app = Viewer(LONG)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        view = app.query_one(TextView)
        assert view.show_vertical_scrollbar and view.max_scroll_y > 0
        assert all(cell_len(line) <= view.scrollable_content_region.width for line in shown(view))
        assert shown(view)[0].startswith("Line 0:")


async def test_short_text_has_no_scrollbar():
    app = Viewer("Just one line.")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        view = app.query_one(TextView)
        assert not view.show_vertical_scrollbar and shown(view)[0] == "Just one line."


async def test_keys_scroll_it_and_new_text_starts_at_the_top():
    app = Viewer(LONG)
    async with app.run_test(size=(60, 20)) as pilot:
        view = app.query_one(TextView)
        view.focus()
        await pilot.press("pagedown")
        await pilot.pause()
        assert view.scroll_y > 0 and not shown(view)[0].startswith("Line 0:")
        view.update("Other text\n" + LONG)
        await pilot.pause()
        assert view.scroll_y == 0 and shown(view)[0] == "Other text" and view.text.startswith("Other text")


async def test_a_narrower_terminal_wraps_again():
    app = Viewer("alpha beta gamma delta epsilon zeta eta theta")
    app.CSS = "TextView { height: 10; width: 1fr; }"
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        view = app.query_one(TextView)
        assert len([line for line in shown(view) if line]) == 1
        await pilot.resize_terminal(20, 20)
        await pilot.pause()
        assert len([line for line in shown(view) if line]) > 1


async def test_text_can_be_selected_and_copied():
    app = Viewer("First line of text\nSecond line of text")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        view = app.query_one(TextView)
        await pilot.mouse_down(view, offset=(6, 0))
        await pilot.hover(view, offset=(6, 1))
        await pilot.mouse_up(view, offset=(6, 1))
        await pilot.pause()
        assert app.screen.get_selected_text() == "line of text\nSecond "  # Textual includes the end cell
