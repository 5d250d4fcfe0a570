"""`tui_back.domain.named_tuple.NamedTuple` behaves as `typing.NamedTuple` for the classes written with it."""

from __future__ import annotations

import sys
import typing
from datetime import date

import pytest

from tui_back.domain.named_tuple import NamedTuple
from tui_back.domain.streaks import DayCell, StreakStats


class Plain(NamedTuple):
    """A day and its count."""

    day: date
    count: int  # type: ignore[assignment]  # as DayCell: a field named as tuple's method


class Typed(typing.NamedTuple):
    day: date
    count: int  # type: ignore[assignment]


def test_fields_order_equality_and_replace_as_typing_builds_them():
    plain, typed = Plain(date(2026, 1, 2), 3), Typed(date(2026, 1, 2), 3)
    assert Plain._fields == Typed._fields == ("day", "count")
    assert plain == typed == (date(2026, 1, 2), 3)
    assert plain.count == 3 and plain._replace(count=4) == (date(2026, 1, 2), 4)
    assert repr(plain) == "Plain(day=datetime.date(2026, 1, 2), count=3)"
    assert Plain.__doc__ == "A day and its count." and Plain.__qualname__ == "Plain"


def test_keywords_only_for_fields_and_the_classes_found_by_their_names():
    with pytest.raises(TypeError):
        Plain(date(2026, 1, 2), count=1, extra=2)  # type: ignore[call-arg]
    for cls in (DayCell, StreakStats):
        assert getattr(sys.modules[cls.__module__], cls.__qualname__) is cls
    assert StreakStats._fields[:2] == ("current_streak", "longest_streak")


def test_defaults_or_methods_are_refused_rather_than_dropped():
    with pytest.raises(TypeError, match="only fields"):

        class WithDefault(NamedTuple):
            n: int = 0

    with pytest.raises(TypeError, match="only fields"):

        class WithMethod(NamedTuple):
            n: int

            def twice(self) -> int:
                return 2 * self.n
