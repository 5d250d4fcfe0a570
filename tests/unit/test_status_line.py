"""`tui-back status` as a prompt runs it: through `tui_back.launch` in a fresh interpreter.

The fast path (`tui_back.status_line`) must answer exactly as the full CLI does, import nothing
heavy, never write, and hand over to the CLI whenever the day index cannot be trusted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from tui_back import paths, status_line, store
from tui_back.clock import FakeClock
from tui_back.domain.records import SessionRecord
from tui_back.store import Store

REPO = Path(__file__).resolve().parents[2]
PROBE = """
import sys
sys.argv = ["tui-back", *sys.argv[1:]]
import tui_back.launch
try:
    tui_back.launch.main()
finally:
    heavy = {"textual", "rich", "tinydb", "click", "msgspec", "filelock"} & {m.split(".")[0] for m in sys.modules}
    heavy = sorted(heavy)
    sys.stderr.write("LOADED " + " ".join(heavy) + "\\n")
    sys.stderr.write("STDLIB " + " ".join(sorted(SLOW_STDLIB & set(sys.modules))) + "\\n")
"""
SLOW_STDLIB = {"typing", "re", "json", "enum", "dataclasses", "tomllib", "pathlib", "contextlib"}
"""Standard modules that cost a prompt milliseconds each; `status` needs none of them without a config file."""
PROBE = PROBE.replace("SLOW_STDLIB", repr(SLOW_STDLIB))


def tui_back(data: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    for name in (paths.DATA_DIR_ENV, paths.CONFIG_DIR_ENV):
        environment.pop(name, None)
    command = [sys.executable, "-c", PROBE, "--data-dir", str(data), "--config-dir", str(data / "cfg"), *args]
    return subprocess.run(command, capture_output=True, text=True, env=environment, timeout=60)


def loaded(result: subprocess.CompletedProcess[str], kind: str = "LOADED") -> set[str]:
    [line] = [line for line in result.stderr.splitlines() if line.startswith(kind + " ")]
    return set(line.split()[1:])


def sessions(data: Path, days: list[date]) -> None:
    now = datetime.now(timezone.utc)
    Store(paths.database_file(data), FakeClock(start=now)).add_sessions(
        SessionRecord(day, now, now, "everyday") for day in days
    )


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p): (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*")}


def test_the_index_schema_is_the_stores():
    assert status_line.INDEX_SCHEMA_VERSION == store.SCHEMA_VERSION


def test_no_history_imports_nothing_heavy_and_creates_nothing(tmp_path):
    data = tmp_path / "data"
    result = tui_back(data, "status")
    assert (result.returncode, result.stdout) == (0, "back: 0-day streak, not done today\n")
    assert loaded(result) == set() and loaded(result, "STDLIB") == set()
    assert not data.exists()


def test_with_history_the_index_answers_without_textual_rich_tinydb_or_click(tmp_path):
    today = date.today()
    sessions(tmp_path, [today - timedelta(days=n) for n in range(3)])
    before = snapshot(tmp_path)
    result = tui_back(tmp_path, "status", "--json")
    assert result.returncode == 0, result.stderr
    fields = json.loads(result.stdout)
    assert (fields["current_streak"], fields["done_today"], fields["total_sessions"]) == (3, True, 3)
    assert loaded(result) == set()
    assert snapshot(tmp_path) == before  # a read writes nothing


def test_ten_years_of_history_answer_from_the_index_without_slow_standard_modules(tmp_path):
    """The index is plain text of whole numbers: no json (nor the re and enum it pulls) to read it."""
    today = date.today()
    sessions(tmp_path, [today - timedelta(days=n) for n in range(3652)])
    before = snapshot(tmp_path)
    result = tui_back(tmp_path, "status")
    assert result.stdout == "back: 3652-day streak, done today\n", result.stderr
    assert loaded(result) == set() and loaded(result, "STDLIB") == set()
    assert snapshot(tmp_path) == before


def test_a_stale_index_falls_back_to_the_database(tmp_path):
    """Another program rewrote the database (a sync tool, a restore): the index no longer describes it."""
    today = date.today()
    sessions(tmp_path, [today - timedelta(days=n) for n in range(3)])
    db = paths.database_file(tmp_path)
    tables = json.loads(db.read_text())
    for doc in tables["sessions"].values():
        doc["local_date"] = (today - timedelta(days=1)).isoformat()
    db.write_text(json.dumps(tables))
    index = (tmp_path / "tui_back.json.days").read_bytes()
    result = tui_back(tmp_path, "status")
    assert result.stdout == "back: 1-day streak, not done today\n"
    assert {"tinydb", "textual", "rich"}.isdisjoint(loaded(result))
    assert (tmp_path / "tui_back.json.days").read_bytes() == index  # still nothing written


@pytest.mark.parametrize("damage", ["missing", "garbage", "not an object"])
def test_a_missing_or_damaged_index_falls_back_to_the_database(tmp_path, damage):
    sessions(tmp_path, [date.today() - timedelta(days=1)])
    index = tmp_path / "tui_back.json.days"
    if damage == "missing":
        index.unlink()
    else:
        index.write_text("{{{" if damage == "garbage" else "[1, 2]")
    result = tui_back(tmp_path, "status")
    assert (result.returncode, result.stdout) == (0, "back: 1-day streak, not done today\n")


def test_the_fast_answer_is_the_full_clis_answer(tmp_path):
    (tmp_path / "cfg").mkdir()
    config = 'rest_days = ["sat", "sun"]\nfreezes_per_month = 2\nweekly_target = 3\n'
    (tmp_path / "cfg" / "config.toml").write_text(config)
    today = date.today()
    sessions(tmp_path, [today - timedelta(days=n) for n in (1, 2, 3, 6, 7, 9)])
    fast = tui_back(tmp_path, "status", "--json")
    assert loaded(fast) == set() and "tomllib" not in loaded(fast, "STDLIB")  # a plain config.toml
    index = tmp_path / "tui_back.json.days"
    index.unlink()
    slow = tui_back(tmp_path, "status", "--json")
    assert "msgspec" in loaded(slow)  # the CLI itself answered
    assert json.loads(fast.stdout) == json.loads(slow.stdout)
    assert json.loads(fast.stdout)["weekly_target"] == 3


def test_a_config_beyond_the_plain_layout_is_read_by_tomllib_to_the_same_answer(tmp_path):
    (tmp_path / "cfg").mkdir()
    sessions(tmp_path, [date.today() - timedelta(days=n) for n in (1, 2, 3, 6, 7, 9)])
    answers = []
    for config in (
        'rest_days = ["sat", "sun"]\nweekly_target = 3\n',
        'rest_days = [\n  "sat",\n  "sun",\n]\nweekly_target = 0x3\n',
    ):
        (tmp_path / "cfg" / "config.toml").write_text(config)
        result = tui_back(tmp_path, "status", "--json")
        answers.append((json.loads(result.stdout), "tomllib" in loaded(result, "STDLIB")))
    assert answers[0][0] == answers[1][0] and answers[0][0]["weekly_target"] == 3
    assert [by_tomllib for _, by_tomllib in answers] == [False, sys.version_info >= (3, 11)]


def test_bad_config_keys_are_reported_by_the_fast_path_too(tmp_path):
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "config.toml").write_text('bel = false\nrest_days = ["Sat"]\n')
    result = tui_back(tmp_path, "status")
    assert result.returncode == 0
    problems = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(problems) == 2
    assert "'bel': is not a setting; did you mean 'bell'?" in problems[0]
    assert "'Sat' is not a weekday" in problems[1]


def test_format_template(tmp_path):
    sessions(tmp_path, [date.today()])
    result = tui_back(tmp_path, "status", "--format", "{current_streak}d {done_today}/{weekly_target}")
    assert (result.returncode, result.stdout) == (0, "1d yes/5\n")
    assert loaded(result) == set()


def test_a_bad_template_is_exit_2_with_the_fields(tmp_path):
    sessions(tmp_path, [date.today()])
    result = tui_back(tmp_path, "status", "--format", "{streak}")
    assert result.returncode == 2
    assert "current_streak" in result.stderr and "Traceback" not in result.stderr


def test_anything_else_goes_to_the_cli(tmp_path):
    result = tui_back(tmp_path, "status", "-h")
    assert result.returncode == 0 and "--format" in result.stdout
    assert "click" in loaded(result)


@pytest.mark.parametrize("platform_env", [{}, {"XDG_DATA_HOME": "/x/data", "XDG_CONFIG_HOME": "/x/cfg"}])
def test_locations_match_paths(monkeypatch, platform_env):
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", paths.DATA_DIR_ENV, paths.CONFIG_DIR_ENV):
        monkeypatch.delenv(name, raising=False)
    for name, value in platform_env.items():
        monkeypatch.setenv(name, value)
    assert status_line.location(None, paths.DATA_DIR_ENV, "XDG_DATA_HOME", ".local/share") == str(paths.user_data_dir())
    assert status_line.location(None, paths.CONFIG_DIR_ENV, "XDG_CONFIG_HOME", ".config") == str(
        paths.user_config_dir()
    )
    monkeypatch.setenv(paths.DATA_DIR_ENV, "~/mine")
    assert status_line.location(None, paths.DATA_DIR_ENV, "XDG_DATA_HOME", ".local/share") == str(paths.user_data_dir())


def test_a_truncated_index_is_ignored_by_the_store_too(tmp_path):
    """msgspec before 0.21 raised a DecodeError that is no ValueError here: the reason for the lower bound."""
    day = date.today()
    sessions(tmp_path, [day])
    index = tmp_path / "tui_back.json.days"
    index.write_bytes(index.read_bytes()[:-5])
    assert Store(paths.database_file(tmp_path), FakeClock()).session_days() == {day: 1}
    assert tui_back(tmp_path, "status").stdout == "back: 1-day streak, done today\n"
