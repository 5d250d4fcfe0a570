"""Pieces of the running-session display that need no app."""

from tui_back.ui.session_view import drawing_text


def test_drawings_sit_side_by_side_with_labels():
    text = drawing_text(" o\n/|\\", "  o\n  |\n / \\")
    assert text.splitlines() == ["Start    End", " o         o", "/|\\        |", "          / \\"]


def test_no_drawing_no_text():
    assert drawing_text("", "") == ""
