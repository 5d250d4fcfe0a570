"""The startup bench's verdict: paired ratios and their bootstrap interval (bench/paired.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from paired import paired_ratio


def test_pairs_cancel_a_machine_that_speeds_up_and_slows_down():
    floor = [0.2, 0.4, 0.2, 0.4, 0.3, 0.3, 0.2, 0.4, 0.25]
    program = [f * 1.1 for f in floor]
    paired = paired_ratio(program, floor)
    assert paired.ratio == pytest.approx(1.1)
    assert paired.low == pytest.approx(1.1) and paired.high == pytest.approx(1.1)
    assert paired.verdict(1.2) == "under the goal of 1.20x"


def test_a_noisy_run_near_the_goal_cannot_be_told_apart_from_it():
    floor = [0.3] * 12
    program = [0.3 * r for r in (1.05, 1.35, 1.1, 1.3, 1.15, 1.25, 1.2, 1.22, 1.18, 1.28, 1.12, 1.3)]
    paired = paired_ratio(program, floor)
    assert paired.low < 1.2 < paired.high
    assert paired.verdict(1.2).startswith("at the goal of 1.20x")
    assert paired_ratio(program, floor) == paired, "the same runs give the same interval"


def test_clearly_over_the_goal():
    floor = [0.3] * 10
    program = [0.3 * r for r in (1.4, 1.5, 1.45, 1.42, 1.38, 1.5, 1.41, 1.47, 1.44, 1.39)]
    assert paired_ratio(program, floor).verdict(1.2) == "over the goal of 1.20x"


def test_unpaired_runs_are_refused():
    with pytest.raises(ValueError):
        paired_ratio([0.3, 0.3], [0.3])
