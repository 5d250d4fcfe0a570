"""Countdown digits drawn from block characters (or `#` in ASCII), scaled to the terminal.

Kept free of Textual so the font, the choice of size and which cells a new value changes are
plain functions with plain tests. Each glyph is a 3x5 grid of pixels; a pixel is `2 * scale`
columns by `scale` rows, so it looks square on a terminal whose cells are about twice as tall as
they are wide.
"""

from __future__ import annotations

FONT_ROWS = 5
FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "# #", "# #", "# #", "###"),
    "1": (" # ", "## ", " # ", " # ", "###"),
    "2": ("###", "  #", "###", "#  ", "###"),
    "3": ("###", "  #", " ##", "  #", "###"),
    "4": ("# #", "# #", "###", "  #", "  #"),
    "5": ("###", "#  ", "###", "  #", "###"),
    "6": ("###", "#  ", "###", "# #", "###"),
    "7": ("###", "  #", "  #", " # ", " # "),
    "8": ("###", "# #", "###", "# #", "###"),
    "9": ("###", "# #", "###", "  #", "###"),
    ":": (" ", "#", " ", "#", " "),
}
BLOCK, HASH = "\u2588", "#"
GAP_PIXELS = 1
"""Blank pixels between two glyphs."""
ROOM_ROWS = 10
"""Rows the session screen needs besides the digits (banner, message, lines, footer)."""


def text_pixels(text: str) -> int:
    """Width of `text` in font pixels, gaps included."""
    return sum(len(FONT[char][0]) for char in text) + GAP_PIXELS * (len(text) - 1)


def digit_scale(width: int, height: int, text: str = "0:00") -> int:
    """The largest scale at which `text` fits `width` columns and leaves the rest of the screen room.

    About half the height goes to the digits: 2 (10 rows) at 80x24, 4 (20 rows) at 120x40, 5 at
    200x50; never below 1 (5 rows), whatever the size.
    """
    by_width = (width - 2) // (2 * text_pixels(text))
    by_height = min(height // 10, (height - ROOM_ROWS) // FONT_ROWS)
    return max(1, min(by_width, by_height))


def glyph_width(char: str, scale: int) -> int:
    """Columns one glyph takes at `scale`, its trailing gap not counted."""
    return len(FONT[char][0]) * 2 * scale


def render_glyph(char: str, scale: int, ascii_only: bool = False) -> str:
    """One glyph as `FONT_ROWS * scale` lines of equal width."""
    ink = HASH if ascii_only else BLOCK
    lines = []
    for row in FONT[char]:
        line = "".join((ink if pixel == "#" else " ") * 2 * scale for pixel in row)
        lines.extend([line] * scale)
    return "\n".join(lines)


def glyph_lines(char: str, scale: int, ascii_only: bool = False) -> tuple[str, ...]:
    """One glyph's terminal rows, each `glyph_width(char, scale)` cells."""
    return tuple(render_glyph(char, scale, ascii_only).split("\n"))


def changed_spans(old: str, new: str, scale: int) -> list[tuple[int, int, int]]:
    """Where glyph `old` and glyph `new` (same width) differ: `(row, first, end)` per terminal row
    that has a changed cell, `first` the first changed column and `end` one past the last.

    A new second repaints only these cells, so "0:41" -> "0:40" sends the rows of the last digit
    where a "1" and a "0" differ, and nothing of the rows where they agree.
    """
    if old == new:
        return []
    spans: list[tuple[int, int, int]] = []
    pixel = 2 * scale
    for font_row, (was, now) in enumerate(zip(FONT[old], FONT[new], strict=True)):
        columns = [n for n, (a, b) in enumerate(zip(was, now, strict=True)) if a != b]
        if columns:
            first, end = columns[0] * pixel, (columns[-1] + 1) * pixel
            spans.extend((font_row * scale + row, first, end) for row in range(scale))
    return spans


def render(text: str, scale: int, ascii_only: bool = False) -> str:
    """`text` as big digits, glyphs side by side with a one-pixel gap."""
    glyphs = [render_glyph(char, scale, ascii_only).split("\n") for char in text]
    gap = " " * 2 * scale * GAP_PIXELS
    return "\n".join(gap.join(parts) for parts in zip(*glyphs, strict=True))
