"""The countdown's own digit font and the choice of its size."""

from __future__ import annotations

import pytest

from tui_back.ui.big_digits import FONT, FONT_ROWS, digit_scale, render, text_pixels


@pytest.mark.parametrize(
    ("size", "least_rows"), [((60, 20), 5), ((80, 24), 5), ((110, 30), 9), ((120, 40), 9), ((200, 50), 21)]
)
def test_digits_grow_with_the_terminal_and_fit_its_width(size, least_rows):
    width, height = size
    scale = digit_scale(width, height)
    lines = render("0:00", scale).split("\n")
    assert len(lines) >= least_rows
    assert len(lines) <= height // 2 + 1, "about half the height is left for the rest"
    assert max(len(line) for line in lines) <= width - 2


def test_bigger_terminals_get_bigger_digits():
    sizes = [(80, 24), (120, 40), (200, 50)]
    scales = [digit_scale(w, h) for w, h in sizes]
    assert scales == sorted(scales) and scales[0] < scales[1] < scales[2]


def test_two_digit_minutes_shrink_rather_than_overflow():
    assert text_pixels("10:00") > text_pixels("0:00")
    scale = digit_scale(60, 20, "10:00")
    assert max(len(line) for line in render("10:00", scale).split("\n")) <= 58


def test_never_smaller_than_one():
    assert digit_scale(10, 5) == 1


def test_ascii_variant_is_seven_bit_and_the_same_shape():
    block, ascii_text = render("1:23", 2), render("1:23", 2, ascii_only=True)
    assert ascii_text.isascii() and "#" in ascii_text
    assert ascii_text == block.replace("\u2588", "#")


def test_each_glyph_is_five_rows_and_digits_differ():
    assert all(len(rows) == FONT_ROWS and len({len(r) for r in rows}) == 1 for rows in FONT.values())
    assert len({rows for char, rows in FONT.items() if char.isdigit()}) == 10
    assert render("8", 1).split("\n")[0] == "\u2588" * 6
