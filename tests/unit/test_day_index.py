"""The `.days` index layout: what is written reads back the same, and anything else reads as nothing."""

from __future__ import annotations

from collections import Counter
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from tui_back import day_index

IDENTITY = (12, 345, 6789)
days = st.dictionaries(st.dates(date(1970, 1, 1), date(2100, 1, 1)), st.integers(1, 4), max_size=80)


@given(completed=days, excused=days, unreadable=st.integers(0, 3))
def test_what_is_written_reads_back(completed, excused, unreadable):
    written = {"completed": Counter(completed), "excused": Counter(excused), "blocked-days": Counter()}
    raw = day_index.encode(written, unreadable, IDENTITY, 1)
    decoded = day_index.decode(raw, IDENTITY, 1)
    assert decoded is not None and decoded[1] == unreadable
    assert {key: day_index.day_counts(text) for key, text in decoded[0].items()} == written


@given(completed=days)
def test_another_file_or_schema_reads_as_nothing(completed):
    raw = day_index.encode({"completed": Counter(completed)}, 0, IDENTITY, 1)
    assert day_index.decode(raw, (12, 345, 6790), 1) is None
    assert day_index.decode(raw, IDENTITY, 2) is None


def test_keys_a_damaged_record_made_up_are_left_out():
    raw = day_index.encode(
        {"completed": Counter(), "odd status\nunreadable 9": Counter([date(2026, 1, 1)])}, 0, IDENTITY, 1
    )
    decoded = day_index.decode(raw, IDENTITY, 1)
    assert decoded is not None and set(decoded[0]) == {"completed"} and decoded[1] == 0
