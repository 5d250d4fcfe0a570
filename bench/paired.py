"""Paired ratios with a bootstrap interval, so a goal is judged against the machine's noise.

Each run of the program is paired with the floor run just before it, so both see the same
moment's machine speed; on a shared machine that speed swings by a third from minute to minute,
more than the differences being measured. The interval says how far the median paired ratio
could move if the runs were repeated.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Sequence
from typing import NamedTuple


class Paired(NamedTuple):
    ratio: float
    low: float
    high: float

    def verdict(self, goal: float) -> str:
        if self.high <= goal:
            return f"under the goal of {goal:.2f}x"
        if self.low > goal:
            return f"over the goal of {goal:.2f}x"
        return f"at the goal of {goal:.2f}x: cannot tell apart from it in this run"


def paired_ratio(program: Sequence[float], floor: Sequence[float], confidence=0.9, resamples=2000) -> Paired:
    """Median of program[i] / floor[i], and its percentile-bootstrap interval (fixed seed: the same
    runs always give the same interval)."""
    if len(program) != len(floor) or not program:
        raise ValueError("need the same number of program and floor runs, at least one")
    ratios = [p / f for p, f in zip(program, floor)]
    rng = random.Random(0)
    medians = sorted(statistics.median(rng.choices(ratios, k=len(ratios))) for _ in range(resamples))
    tail = (1 - confidence) / 2
    low = medians[int(tail * (resamples - 1))]
    high = medians[int((1 - tail) * (resamples - 1))]
    return Paired(statistics.median(ratios), low, high)
