"""The shipped data read from the msgpack copy a wheel carries is the data the TOML holds."""

from __future__ import annotations

import shutil
from pathlib import Path

import msgspec
import pytest

from tui_back import paths
from tui_back.data_files import (
    load_catalogue,
    load_education,
    load_progressions,
    load_routines,
    load_rules,
    read_shipped,
    read_toml,
)
from tui_back.domain.validation import DataError

SHIPPED = sorted(paths.builtin_data_dir().glob("*.toml"))


@pytest.fixture
def with_copies(tmp_path) -> Path:
    """The shipped files with a msgpack copy of each beside it, as in an installed wheel."""
    for source in SHIPPED:
        shutil.copy(source, tmp_path / source.name)
        copy = msgspec.msgpack.encode(read_toml(source))
        (tmp_path / f"{source.stem}.msgpack").write_bytes(copy)
    return tmp_path


def test_every_data_file_is_shipped():
    assert [p.name for p in SHIPPED] == [
        "education.toml", "exercises.toml", "progressions.toml", "red_flags.toml", "routines.toml"
    ]


def test_a_checkout_reads_the_toml():
    for source in SHIPPED:
        assert not source.with_suffix(".msgpack").exists()
        assert read_shipped(source) == read_toml(source)


def test_the_copy_is_read_when_present(with_copies):
    (with_copies / "routines.toml").write_text("not = [valid", encoding="utf-8")
    assert read_shipped(with_copies / "routines.toml")["routine"]


def test_data_from_the_copies_equals_data_from_the_toml(with_copies):
    data = paths.builtin_data_dir()
    catalogue = load_catalogue(with_copies / "exercises.toml")
    assert catalogue == load_catalogue(data / "exercises.toml")
    assert load_routines(with_copies / "routines.toml", catalogue) == load_routines(data / "routines.toml", catalogue)
    assert load_progressions(with_copies / "progressions.toml", catalogue) == load_progressions(
        data / "progressions.toml", catalogue
    )
    assert load_rules(with_copies / "red_flags.toml") == load_rules(data / "red_flags.toml")
    assert load_education(with_copies / "education.toml") == load_education(data / "education.toml")


def test_a_damaged_copy_says_which_file(with_copies):
    (with_copies / "exercises.msgpack").write_bytes(b"\xc1")
    with pytest.raises(DataError, match=r"exercises\.msgpack"):
        load_catalogue(with_copies / "exercises.toml")
