"""The shipped progression data, and a way to break a copy of it, for the progression tests."""

from __future__ import annotations

import copy

import pytest

from tui_back import paths
from tui_back.data_files import load_catalogue, load_progressions, read_toml
from tui_back.domain.progression import parse_progressions
from tui_back.domain.validation import DataError

DATA = paths.builtin_data_dir()
CATALOGUE = load_catalogue(DATA / "exercises.toml")
PROGRESSIONS = load_progressions(DATA / "progressions.toml", CATALOGUE)
DOCUMENT = read_toml(DATA / "progressions.toml")


def error_of(mutate) -> DataError:
    """The error a copy of the shipped file gives after `mutate(copy)`."""
    document = copy.deepcopy(DOCUMENT)
    mutate(document)
    with pytest.raises(DataError) as caught:
        parse_progressions(document, "progressions.toml", CATALOGUE)
    return caught.value


def ladder_of(document, exercise_id):
    return next(t for t in document["ladder"] if t["id"] == exercise_id)
