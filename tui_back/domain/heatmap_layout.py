"""How the Streak pane's heatmap uses its width: how many weeks fit, and where the month labels go.

The heatmap is a weekday label (`LABEL_WIDTH` columns), then one column of marks per week, a space
between weeks; the streak numbers sit to its right in `NUMBERS_ROOM` columns. It shows as many
weeks as fit beside the numbers, never fewer than `MIN_WEEKS` (on a narrow pane the numbers wrap
into the room left) and never more than `MAX_WEEKS`, a year. Pure functions of the width and the
dates, so the pane can lay itself out again on every resize.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

LABEL_WIDTH = 4
""""Mon " and the other weekday labels."""
CELL_WIDTH = 2
"""A week's mark and the space after it."""
GAP = 2
"""Between the heatmap and the numbers beside it."""
NUMBERS_ROOM = 24
"""Kept for the numbers beside the heatmap: "Next    30 days: 12 more" fits unwrapped."""
OVERHANG = 2
"""How far the month row may run past the last week: a new month's label over the current week."""
MIN_WEEKS = 12
MAX_WEEKS = 53
"""A year: every week that holds a day of the last twelve months."""


def heatmap_width(weeks: int) -> int:
    """Columns the heatmap of `weeks` weeks takes (no space after the last week)."""
    return LABEL_WIDTH + CELL_WIDTH * weeks - 1


def weeks_for_width(width: int) -> int:
    """The weeks shown in a pane `width` columns wide, numbers beside them."""
    room = width - GAP - NUMBERS_ROOM - LABEL_WIDTH + 1
    return max(MIN_WEEKS, min(MAX_WEEKS, room // CELL_WIDTH))


def month_labels(week_ends: Sequence[date]) -> list[tuple[int, str]]:
    """(column, label) for each week whose last day starts a new month ("Nov"), and the first week.

    A week belongs to the month its last day (Sunday) is in. A label that would run into the next
    one, with less than a space between them, is left out (the first week's, most often). The
    last label may stick out past the last week by `OVERHANG` columns: the numbers beside the
    heatmap start a line lower, so that room is free."""
    starts = [
        (column, end.strftime("%b"))
        for column, end in enumerate(week_ends)
        if column == 0 or end.month != week_ends[column - 1].month
    ]
    placed = []
    end = (len(week_ends) * CELL_WIDTH + OVERHANG + 1) // CELL_WIDTH
    for (column, label), (next_column, _) in zip(starts, [*starts[1:], (end, "")]):
        if column * CELL_WIDTH + len(label) < next_column * CELL_WIDTH:
            placed.append((column, label))
    return placed


def month_row(week_ends: Sequence[date]) -> str:
    """The line above the heatmap: each label over the first week of its month, trailing space cut."""
    row = [" "] * (heatmap_width(len(week_ends)) + OVERHANG)
    for column, label in month_labels(week_ends):
        at = LABEL_WIDTH + column * CELL_WIDTH
        row[at : at + len(label)] = label
    return "".join(row).rstrip()
