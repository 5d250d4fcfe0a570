"""The countdown's own digit font and the choice of its size."""

from __future__ import annotations

import pytest

from tui_back.ui.big_digits import (
    FONT,
    FONT_ROWS,
    changed_spans,
    digit_scale,
    glyph_lines,
    glyph_width,
    render,
    text_pixels,
)


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


def test_a_new_second_changes_only_the_rows_and_columns_where_the_glyphs_differ():
    # "1" is " # ", "## ", " # ", " # ", "###"; "0" is "###", "# #", "# #", "# #", "###".
    spans = changed_spans("1", "0", 2)
    assert spans == [(0, 0, 12), (1, 0, 12), (2, 4, 12), (3, 4, 12), (4, 0, 12), (5, 0, 12), (6, 0, 12), (7, 0, 12)]
    assert all(row < 8 for row, _, _ in spans), "the bottom bar of both is the same: not repainted"


def test_the_spans_cover_every_changed_cell_and_nothing_beyond_the_glyph():
    for old in "0123456789":
        for new in "0123456789":
            before, after = glyph_lines(old, 3), glyph_lines(new, 3)
            spans = {row: (first, end) for row, first, end in changed_spans(old, new, 3)}
            for row, (a, b) in enumerate(zip(before, after, strict=True)):
                changed = [n for n, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
                if not changed:
                    assert row not in spans
                    continue
                first, end = spans[row]
                assert first <= changed[0] and changed[-1] < end <= glyph_width(new, 3)


def test_the_same_glyph_changes_nothing():
    assert changed_spans("7", "7", 4) == []
