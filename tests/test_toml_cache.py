"""The parsed-data cache: the same bytes skip the parser, anything else parses afresh."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tui_back.context import build_context
from tui_back.domain import toml_cache
from tui_back.domain.schema import DataError, load_toml
from tui_back.paths import builtin_data_dir

DATA = Path(__file__).parent / "data"


@pytest.fixture
def cache_dir(tmp_path):
    where = tmp_path / "cache"
    toml_cache.use_cache_dir(where)
    return where


class CountingParse:
    """Stands in for the TOML parser so a test can see whether it ran."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, path, raw):
        self.calls += 1
        return {"text": raw.decode(), "n": self.calls}


def test_the_same_bytes_are_parsed_once(tmp_path, cache_dir):
    source = tmp_path / "a.toml"
    source.write_text("x = 1\n")
    parse = CountingParse()
    first = toml_cache.cached_parse(source, source.read_bytes(), parse)
    again = toml_cache.cached_parse(source, source.read_bytes(), parse)
    assert parse.calls == 1
    assert again == first


def test_changed_bytes_of_the_same_size_are_parsed_again(tmp_path, cache_dir):
    source = tmp_path / "a.toml"
    parse = CountingParse()
    source.write_text("x = 1\n")
    toml_cache.cached_parse(source, source.read_bytes(), parse)
    source.write_text("x = 2\n")
    result = toml_cache.cached_parse(source, source.read_bytes(), parse)
    assert parse.calls == 2
    assert result["text"] == "x = 2\n"


def test_two_files_with_the_same_bytes_keep_their_own_entries(tmp_path, cache_dir):
    one, two = tmp_path / "one" / "a.toml", tmp_path / "two" / "a.toml"
    for path in (one, two):
        path.parent.mkdir()
        path.write_text("x = 1\n")
    parse = CountingParse()
    toml_cache.cached_parse(one, one.read_bytes(), parse)
    toml_cache.cached_parse(two, two.read_bytes(), parse)
    assert parse.calls == 2
    assert len(list(cache_dir.glob("a-*.marshal"))) == 2


def test_a_damaged_cache_entry_means_a_fresh_parse(tmp_path, cache_dir):
    source = tmp_path / "a.toml"
    source.write_text("x = 1\n")
    parse = CountingParse()
    toml_cache.cached_parse(source, source.read_bytes(), parse)
    for entry in cache_dir.glob("*.marshal"):
        entry.write_bytes(b"\x00garbage")
    assert toml_cache.cached_parse(source, source.read_bytes(), parse)["n"] == 2


def test_the_cache_is_private(tmp_path, cache_dir):
    source = tmp_path / "a.toml"
    source.write_text("x = 1\n")
    toml_cache.cached_parse(source, source.read_bytes(), CountingParse())
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    (entry,) = cache_dir.glob("*.marshal")
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def test_off_without_a_directory(tmp_path):
    toml_cache.use_cache_dir(None)
    source = tmp_path / "a.toml"
    source.write_text("x = 1\n")
    parse = CountingParse()
    toml_cache.cached_parse(source, source.read_bytes(), parse)
    toml_cache.cached_parse(source, source.read_bytes(), parse)
    assert parse.calls == 2


def test_a_directory_given_as_a_function_is_found_on_first_use(tmp_path):
    asked = []
    toml_cache.use_cache_dir(lambda: asked.append(1) or tmp_path / "late")
    assert not asked
    source = tmp_path / "a.toml"
    source.write_text("x = 1\n")
    toml_cache.cached_parse(source, source.read_bytes(), CountingParse())
    toml_cache.cached_parse(source, source.read_bytes(), CountingParse())
    assert asked == [1]
    assert list((tmp_path / "late").glob("a-*.marshal"))


def test_cached_toml_equals_a_fresh_parse_for_every_shipped_file(cache_dir):
    for path in sorted(builtin_data_dir().glob("*.toml")):
        toml_cache.use_cache_dir(None)
        fresh = load_toml(path)
        toml_cache.use_cache_dir(cache_dir)
        load_toml(path)  # fills the cache
        assert load_toml(path) == fresh, path.name
    assert len(list(cache_dir.glob("*.marshal"))) == len(list(builtin_data_dir().glob("*.toml")))


def test_values_marshal_cannot_hold_are_parsed_every_time(tmp_path, cache_dir):
    source = tmp_path / "dated.toml"
    source.write_text("when = 2026-01-02\n")
    assert str(load_toml(source)["when"]) == "2026-01-02"
    assert str(load_toml(source)["when"]) == "2026-01-02"
    assert not list(cache_dir.glob("*.marshal"))


def test_a_broken_file_is_never_cached_and_reports_every_time(tmp_path, cache_dir):
    source = tmp_path / "broken.toml"
    source.write_text("x = = 1\n")
    for _ in range(2):
        with pytest.raises(DataError, match="not valid TOML"):
            load_toml(source)
    assert not list(cache_dir.glob("*.marshal"))


def test_an_edited_user_exercises_file_shows_at_once(tmp_path):
    """Through the app context, as the dashboard loads it: an edit is never hidden by the cache."""
    own = tmp_path / "data" / "exercises.toml"
    own.parent.mkdir()
    text = (DATA / "catalogue_user.toml").read_text(encoding="utf-8")
    own.write_text(text, encoding="utf-8")
    first = build_context(tmp_path / "data", tmp_path / "config", cache_dir=tmp_path / "cache").catalogue
    own.write_text(text.replace("Pelvic tilt (my physio's version)", "Pelvic tilt (new version)"), encoding="utf-8")
    second = build_context(tmp_path / "data", tmp_path / "config", cache_dir=tmp_path / "cache").catalogue
    assert first.get("pelvic-tilt").name == "Pelvic tilt (my physio's version)"
    assert second.get("pelvic-tilt").name == "Pelvic tilt (new version)"
    assert list((tmp_path / "cache").glob("exercises-*.marshal"))


def test_an_entry_others_could_write_is_ignored(tmp_path, cache_dir):
    source = tmp_path / "a.toml"
    source.write_text("x = 1\n")
    parse = CountingParse()
    toml_cache.cached_parse(source, source.read_bytes(), parse)
    (entry,) = cache_dir.glob("*.marshal")
    entry.chmod(0o666)
    toml_cache.cached_parse(source, source.read_bytes(), parse)
    assert parse.calls == 2
