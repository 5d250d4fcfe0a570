"""The ASCII net under the screen: every character 7-bit, and each as wide as it was."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from tui_back.ascii_text import ascii_text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\u256d\u2500 Result \u2500\u256e", "+- Result -+"),  # a round border
        ("\u2502 x \u2502", "| x |"),
        ("\u250f\u2501\u2513\u2503\u2517\u251b\u2554\u2550\u2557\u2551", "+-+|+++-+|"),  # heavy, double
        ("\u258a\u2594\u2594\u258e", "|--|"),  # Textual's tall border
        ("\u2581\u2587\u2588", "-##"),  # scrollbar ends, a full block
        ("Any category \u25bc", "Any category v"),  # the Select arrow
        ("\u2b58 tui-back \u2014 back care", "o tui-back - back care"),  # the header
        ("Caf\u00e9 na\u00efve", "Cafe naive"),
        ("\u2026", "."),
        ("\u2190\u2192\u2191\u2193", "<>^v"),
    ],
)
def test_textual_drawing_becomes_ascii_likenesses(text, shown):
    assert ascii_text(text) == shown


def test_wide_characters_keep_their_cells():
    assert ascii_text("\u6f22x") == "??x"


@given(st.text())
def test_any_text_comes_out_ascii_and_the_same_width(text):
    shown = ascii_text(text)
    assert shown.isascii() and cell_len(shown) == cell_len(text)
