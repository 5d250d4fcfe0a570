"""OSC 9 / OSC 777 notification sequences."""

from tui_back.ui.terminal_notify import osc_notification


def test_both_sequences_carry_the_title_and_the_text():
    assert osc_notification("tui-back", "Plank done") == (
        "\x1b]9;tui-back: Plank done\x07\x1b]777;notify;tui-back;Plank done\x07"
    )


def test_text_cannot_end_the_sequence_or_add_fields():
    sequence = osc_notification("a;b", "x\x07y\x1b]52;c;evil\x1b\\z")
    assert sequence.count("\x07") == 2 and sequence.count("\x1b") == 2
    assert "777;notify;a b;" in sequence
