"""Dosage in words, as the CLI and the library show it."""

from tui_back.domain.catalogue import Dosage
from tui_back.domain.dosage_text import dosage_ranges, dosage_summary, seconds_text


def test_holds_show_hold_reps_and_rest():
    assert dosage_summary(Dosage(hold_s=8, reps=5, sets=1, rest_s=10)) == "hold 8 s x 5 reps, rest 10 s"


def test_moving_exercise_in_one_set_has_no_rest_to_show():
    assert dosage_summary(Dosage(hold_s=0, reps=8, sets=1, rest_s=10)) == "8 reps"


def test_sets_bring_the_rest_back():
    assert dosage_summary(Dosage(hold_s=0, reps=8, sets=2, rest_s=30)) == "8 reps, 2 sets, rest 30 s"


def test_long_holds_read_in_minutes():
    assert seconds_text(1200) == "20 min" and seconds_text(90) == "90 s"


def test_ranges():
    dosage = Dosage(hold_s=8, reps=5, sets=1, rest_s=10, hold_range=(5, 15), reps_range=(5, 5))
    assert dosage_ranges(dosage) == "hold 5-15 s, reps 5"
