"""The heatmap's layout: weeks for a width, and where the month labels go."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tui_back.domain.heatmap_layout import (
    CELL_WIDTH,
    GAP,
    LABEL_WIDTH,
    MAX_WEEKS,
    MIN_WEEKS,
    NUMBERS_ROOM,
    OVERHANG,
    heatmap_width,
    month_labels,
    month_row,
    weeks_for_width,
)

SUNDAY = date(2026, 11, 22)


def sundays(weeks: int, last: date = SUNDAY) -> list[date]:
    return [last - timedelta(weeks=weeks - 1 - n) for n in range(weeks)]


@pytest.mark.parametrize(
    ("width", "weeks"),
    [
        (20, MIN_WEEKS),  # never fewer: the numbers wrap instead
        (51, MIN_WEEKS),  # a pane of the 2x2 grid at 110 columns
        (56, 13),  # a pane of the grid at 120 columns
        (74, 22),  # the single pane at 80 columns, less a scrollbar
        (76, 23),  # the single pane at 80 columns
        (96, 33),  # a pane of the grid at 200 columns
        (135, MAX_WEEKS),  # the first width that holds a year beside the numbers
        (196, MAX_WEEKS),  # the single pane at 200x25: never more than a year
    ],
)
def test_weeks_for_a_width(width, weeks):
    assert weeks_for_width(width) == weeks


def test_the_weeks_shown_fit_beside_the_numbers_and_grow_with_the_width():
    shown = [weeks_for_width(width) for width in range(20, 300)]
    assert shown == sorted(shown) and shown[0] == MIN_WEEKS and shown[-1] == MAX_WEEKS
    for width, weeks in zip(range(20, 300), shown):
        if MIN_WEEKS < weeks < MAX_WEEKS:
            assert heatmap_width(weeks) + GAP + NUMBERS_ROOM <= width < heatmap_width(weeks + 1) + GAP + NUMBERS_ROOM
    assert weeks_for_width(134) == MAX_WEEKS - 1


def test_a_label_sits_over_the_first_week_whose_sunday_is_in_its_month():
    ends = sundays(13)  # 2026-08-30 to 2026-11-22
    assert month_labels(ends) == [(1, "Sep"), (5, "Oct"), (9, "Nov")]  # August's would run into September's
    row = month_row(ends)
    assert row.index("Sep") == LABEL_WIDTH + 1 * CELL_WIDTH and row.index("Nov") == LABEL_WIDTH + 9 * CELL_WIDTH
    assert row.startswith(" " * LABEL_WIDTH) and row == row.rstrip()


def test_a_year_has_every_month_once_in_order():
    ends = sundays(MAX_WEEKS)
    labels = [label for _, label in month_labels(ends)]
    assert len(labels) in (12, 13) and len(set(labels)) >= 12
    columns = [column for column, _ in month_labels(ends)]
    assert columns == sorted(columns)
    for column, label in month_labels(ends):
        assert ends[column].strftime("%b") == label
        assert column == 0 or ends[column - 1].month != ends[column].month


def test_a_month_that_starts_in_the_current_week_is_labelled_past_the_last_week():
    ends = sundays(13, date(2026, 12, 6))  # this week ends in December
    assert month_labels(ends)[-1] == (12, "Dec")
    assert len(month_row(ends)) <= heatmap_width(13) + OVERHANG


def test_the_first_weeks_label_shows_when_the_next_month_is_far_enough():
    ends = sundays(12, date(2026, 11, 29))  # first Sunday 2026-09-13, October from the fourth week
    assert month_labels(ends)[0] == (0, "Sep")
