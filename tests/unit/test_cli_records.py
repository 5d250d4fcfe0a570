"""`tui-back status`, `log` and `export`, driven through click's CliRunner on a fake clock."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from datetime import date, timedelta

import pytest

from tui_back.clock import FakeClock
from tui_back.context import build_context
from tui_back.domain.records import SessionRecord, SymptomCheck
from tui_back.store import Store

TODAY = date(2026, 11, 22)  # FakeClock's default day


pytestmark = pytest.mark.usefixtures("cli_clock")


def db_file(tmp_path):
    return tmp_path / "data" / "tui_back.json"


def test_status_with_no_history(run):
    result = run("status")
    assert result.exit_code == 0
    assert result.stdout == "back: 0-day streak, not done today\n"


def test_status_json_has_exactly_the_documented_keys(run):
    result = run("status", "--json")
    assert json.loads(result.stdout) == {
        "current_streak": 0,
        "longest_streak": 0,
        "total_sessions": 0,
        "done_today": False,
        "last_session_date": None,
        "sessions_this_week": 0,
        "weekly_target": 5,
        "freezes_left_this_month": 0,
        "rest_day_today": False,
        "next_milestone": 3,
    }


def test_log_today_then_status(run):
    result = run("log", "--routine", "gentle", "--note", "at the office")
    assert result.exit_code == 0, result.output
    assert "2026-11-22" in result.stdout
    assert run("status").stdout == "back: 1-day streak, done today\n"


def test_log_backfills_past_days(run, tmp_path, clock):
    for days_ago in (3, 2, 1):
        assert run("log", "--date", (TODAY - timedelta(days=days_ago)).isoformat()).exit_code == 0
    assert json.loads(run("status", "--json").stdout) == {
        "current_streak": 3,
        "longest_streak": 3,
        "total_sessions": 3,
        "done_today": False,
        "last_session_date": "2026-11-21",
        "sessions_this_week": 3,
        "weekly_target": 5,
        "freezes_left_this_month": 0,
        "rest_day_today": False,
        "next_milestone": 7,
    }
    assert run("status").stdout == "back: 3-day streak, not done today\n"
    sessions = Store(db_file(tmp_path), clock).sessions()
    assert {s.origin for s in sessions} == {"log"}
    assert {s.status for s in sessions} == {"completed"}


def test_log_stores_routine_and_note(run, tmp_path, clock):
    run("log", "--routine", "gentle", "--note", "after the walk")
    [session] = Store(db_file(tmp_path), clock).sessions()
    assert (session.local_date, session.routine, session.note) == (TODAY, "gentle", "after the walk")
    assert session.started_utc == clock.utcnow()


def test_status_follows_the_configured_rest_days(run, tmp_path):
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "config.toml").write_text('rest_days = ["sat"]\n')
    run("log", "--date", "2026-11-20")  # Friday; Saturday 21st is a rest day
    assert run("status").stdout == "back: 1-day streak, not done today\n"


@pytest.mark.parametrize("bad", ["2026-13-01", "22/11/2026", "yesterday", "2026-02-30", ""])
def test_log_refuses_a_malformed_date(run, tmp_path, bad):
    result = run("log", "--date", bad)
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output
    assert not db_file(tmp_path).exists()


def test_log_refuses_a_future_date_and_writes_nothing(run, tmp_path):
    run("log")
    before = db_file(tmp_path).read_bytes()
    result = run("log", "--date", "2026-11-23")
    assert result.exit_code == 2
    assert "future" in result.output
    assert db_file(tmp_path).read_bytes() == before


def add_check(tmp_path, clock):
    store = build_context(tmp_path / "data", tmp_path / "cfg", clock).store
    store.add_check(SymptomCheck(TODAY, clock.utcnow(), ("new-leg-weakness", "fever"), "urgent"))


def test_export_json_holds_sessions_and_checks(run, tmp_path, clock):
    run("log", "--note", 'with "quotes", commas')
    add_check(tmp_path, clock)
    data = json.loads(run("export", "--format", "json").stdout)
    assert [s["note"] for s in data["sessions"]] == ['with "quotes", commas']
    assert data["checks"][0]["items"] == ["new-leg-weakness", "fever"]


def test_export_csv_has_one_row_per_record(run, tmp_path, clock):
    run("log", "--note", 'with "quotes", commas\nand a new line')
    run("log", "--date", "2026-11-20")
    add_check(tmp_path, clock)
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv").stdout)))
    assert [r["record"] for r in rows] == ["session", "session", "check"]
    assert rows[0]["note"] == 'with "quotes", commas\nand a new line'
    assert rows[1]["local_date"] == "2026-11-20"
    assert rows[2]["items"] == "new-leg-weakness;fever"
    assert rows[2]["level"] == "urgent"


def test_export_to_a_private_file(run, tmp_path):
    run("log")
    target = tmp_path / "out.json"
    result = run("export", "--format", "json", "--output", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert len(json.loads(target.read_text())["sessions"]) == 1
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_a_corrupt_database_warns_on_stderr_and_commands_still_work(run, tmp_path):
    db = db_file(tmp_path)
    db.parent.mkdir(parents=True)
    db.write_bytes(b"\x00\x00\x00")
    result = run("status")
    assert result.exit_code == 0
    assert result.stdout == "back: 0-day streak, not done today\n"
    assert "tui_back.json.corrupt-20261122T090000" in result.stderr
    assert run("log").exit_code == 0
    assert run("export").exit_code == 0


def test_a_database_from_a_newer_version_refuses_log_cleanly(run, tmp_path):
    run("log")
    db = db_file(tmp_path)
    tables = json.loads(db.read_text())
    tables["meta"]["1"]["schema_version"] = 99
    db.write_text(json.dumps(tables))
    result = run("log", "--date", "2026-11-21")
    assert result.exit_code == 1
    assert "newer tui-back" in result.output
    assert run("status").stdout == "back: 1-day streak, done today\n"


@pytest.mark.parametrize("history", ["none", "indexed", "index lost"])
def test_status_imports_neither_textual_nor_what_only_writes_need(tmp_path, history):
    if history != "none":
        store = build_context(tmp_path, tmp_path, FakeClock()).store
        now = FakeClock().utcnow()
        store.add_sessions(SessionRecord(TODAY - timedelta(days=n), now, now, "daily") for n in range(3))
        if history == "index lost":
            (tmp_path / "tui_back.json.days").unlink()
    code = (
        "import sys\n"
        "from tui_back.cli import main\n"
        f"main(['--data-dir', {str(tmp_path)!r}, '--config-dir', {str(tmp_path)!r}, 'status'],"
        " standalone_mode=False)\n"
        "print(' '.join(sorted(m.split('.')[0] for m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    status_line, loaded = out.splitlines()
    assert status_line.startswith("back: 0-day streak" if history == "none" else "back: ")
    assert "tui_back" in loaded.split()
    assert not {"textual", "rich", "filelock", "tinydb"} & set(loaded.split())
