"""`tui-back history`, `unlog` and `skip`: mistakes corrected, with an audit trail, through the journal."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from tui_back.domain.records import SymptomCheck
from tui_back.store import Store

TODAY = date(2026, 11, 22)  # FakeClock's default day


pytestmark = pytest.mark.usefixtures("cli_clock")


def store_of(tmp_path, clock) -> Store:
    return Store(tmp_path / "data" / "tui_back.json", clock)


def days_ago(n: int) -> str:
    return (TODAY - timedelta(days=n)).isoformat()


def test_history_lists_sessions_and_checks_with_ids(run, tmp_path, clock):
    assert run("log", "--date", days_ago(1), "--note", "walk").exit_code == 0
    assert run("log").exit_code == 0
    store_of(tmp_path, clock).add_check(SymptomCheck(TODAY, clock.utcnow(), (), "none"))
    rows = json.loads(run("history", "--json").stdout)["entries"]
    assert [(r["kind"], r["id"], r["date"]) for r in rows] == [
        ("session", 2, TODAY.isoformat()),
        ("check", 1, TODAY.isoformat()),
        ("session", 1, days_ago(1)),
    ]
    text = run("history").stdout
    assert "#1" in text and "walk" in text and "check 1" in text


def test_a_duplicate_log_is_removed_after_asking_and_kept_in_the_audit_trail(run, tmp_path, clock):
    run("log", "--date", days_ago(1))
    run("log", "--date", days_ago(1), "--again")
    refused = run("unlog", "2", input="n\n")
    assert refused.exit_code == 1 and "Remove the session of" in refused.stderr
    assert len(store_of(tmp_path, clock).sessions()) == 2
    removed = run("unlog", "2", input="y\n")
    assert removed.exit_code == 0, removed.output
    assert "Removed session #2" in removed.stdout
    store = store_of(tmp_path, clock)
    assert len(store.sessions()) == 1
    (trail,) = store.removed()
    assert trail["id"] == 2 and trail["table"] == "sessions" and trail["record"]["local_date"] == days_ago(1)
    assert trail["removed_utc"].startswith(clock.utcnow().date().isoformat())
    export = json.loads(run("export").stdout)
    assert [s["id"] for s in export["sessions"]] == [1]


def test_unlog_yes_does_not_ask_and_an_unknown_id_is_a_clean_error(run):
    run("log")
    assert run("unlog", "1", "--yes").exit_code == 0
    missing = run("unlog", "1", "--yes")
    assert missing.exit_code == 1 and "no session #1" in missing.stderr and "Traceback" not in missing.output


def test_checks_are_never_removed(run, tmp_path, clock):
    store_of(tmp_path, clock).add_check(SymptomCheck(TODAY, clock.utcnow(), (), "none"))
    result = run("unlog", "1", "--yes")
    assert result.exit_code == 1
    assert len(store_of(tmp_path, clock).checks()) == 1


def test_skip_excuses_a_day_so_the_streak_survives(run, tmp_path, clock):
    for n in (0, 1, 3, 4):
        run("log", "--date", days_ago(n))
    assert run("status").stdout == "back: 2-day streak, done today\n"
    skipped = run("skip", "--date", days_ago(2), "--reason", "ill")
    assert skipped.exit_code == 0 and f"Excused {days_ago(2)}." in skipped.stdout
    assert "4-day streak" in skipped.stdout
    assert run("status").stdout == "back: 4-day streak, done today\n"
    again = run("skip", "--date", days_ago(2))
    assert "already excused" in again.stdout
    assert json.loads(run("history", "--json").stdout)["excused"][0]["reason"] == "ill"


def test_the_report_lists_the_days_excused_with_skip(run, clock):
    run("log", "--date", days_ago(1))
    run("skip", "--date", days_ago(2), "--reason", "travelling")
    run("skip", "--date", days_ago(3))
    text = run("report").stdout
    excused = text.split("## Excused days\n", 1)[1].split("\n## ", 1)[0]
    assert f"| {days_ago(2)} | travelling |" in excused and f"| {days_ago(3)} | - |" in excused
    assert "2 days marked as excused" in excused


def test_a_day_blocked_by_a_check_never_breaks_the_streak(run, tmp_path, clock):
    for n in (0, 1, 3, 4):
        run("log", "--date", days_ago(n))
    blocked = SymptomCheck(TODAY - timedelta(days=2), clock.utcnow(), ("x",), "emergency")
    store_of(tmp_path, clock).add_check(blocked)
    assert run("status").stdout == "back: 4-day streak, done today\n"


@pytest.mark.parametrize("day", ["0001-01-01", "1969-12-31"])
def test_log_and_skip_refuse_dates_before_1970(run, day):
    for command in ("log", "skip"):
        result = run(command, "--date", day)
        assert result.exit_code == 2 and "too far back" in result.stderr


def test_a_note_with_escape_sequences_is_saved_without_them(run, tmp_path, clock):
    assert run("log", "--note", "hi\x1b]52;c;ZXZpbA==\x07\x1b[2J\x9b31m").exit_code == 0
    (record,) = store_of(tmp_path, clock).sessions()
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in record.note)
    assert "\x1b" not in run("history").stdout and "\x1b" not in run("export", "--format", "csv").stdout


# -- faults: a one-line message and a non-zero exit, never a traceback or a hang ----------------


def db_path(tmp_path):
    return tmp_path / "data" / "tui_back.json"


def assert_clean_failure(result, words: str) -> None:
    assert result.exit_code == 1, result.output
    assert words in result.stderr and "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_database_that_is_a_directory(run, tmp_path):
    db_path(tmp_path).mkdir(parents=True)
    assert_clean_failure(run("status"), "not a regular file")


def test_a_database_that_is_a_fifo_does_not_hang(run, tmp_path):
    import os

    db_path(tmp_path).parent.mkdir(parents=True)
    os.mkfifo(db_path(tmp_path))
    assert_clean_failure(run("status"), "not a regular file")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"[" * 20_000 + b"]" * 20_000, "nested too deeply"),
        (b'{"meta": {"1": {"schema_version": 1}}, "x": "\xff"}', "UTF-8"),
    ],
    ids=["deeply nested", "invalid UTF-8"],
)
def test_deep_json_and_invalid_utf8_are_set_aside_and_reported(run, tmp_path, content, words):
    db_path(tmp_path).parent.mkdir(parents=True)
    db_path(tmp_path).write_bytes(content)
    result = run("status")
    assert result.exit_code == 0 and words in result.stderr and "Traceback" not in result.output


def test_an_unreadable_day_index_costs_only_speed(run, tmp_path):
    run("log")
    index = tmp_path / "data" / "tui_back.json.days"
    index.unlink()
    index.mkdir()
    assert run("status").stdout == "back: 1-day streak, done today\n"


def test_a_symlinked_database_is_followed_and_stays_a_link(run, tmp_path):
    real = tmp_path / "sync" / "back.json"
    real.parent.mkdir()
    run("log")
    db_path(tmp_path).rename(real)
    db_path(tmp_path).symlink_to(real)
    result = run("log", "--date", days_ago(1))
    assert result.exit_code == 0 and "is a link" in result.stderr
    assert db_path(tmp_path).is_symlink()
    assert len(json.loads(real.read_text())["sessions"]) == 2


def test_export_to_a_device_never_changes_its_mode(run):
    import os

    before = os.stat("/dev/null").st_mode
    assert run("export", "--output", "/dev/null").exit_code == 0
    assert os.stat("/dev/null").st_mode == before


def test_export_replaces_an_existing_file_whole_and_privately(run, tmp_path):
    import os
    import stat

    out = tmp_path / "out.json"
    out.write_text("old and long " * 1000)
    os.chmod(out, 0o644)
    run("log")
    assert run("export", "--output", str(out)).exit_code == 0
    assert json.loads(out.read_text())["sessions"][0]["id"] == 1
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_malformed_records_still_export_as_csv(run, tmp_path):
    db_path(tmp_path).parent.mkdir(parents=True)
    doc = {"local_date": "2026-11-20", "hurt": [5, "x"], "done": "not a list"}
    db_path(tmp_path).write_text(json.dumps({"meta": {"1": {"schema_version": 1}}, "sessions": {"1": doc}}))
    result = run("export", "--format", "csv")
    assert result.exit_code == 0 and "not a list" in result.stdout


def test_exercises_escape_control_characters_even_through_a_pipe(run, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "exercises.toml").write_text(
        '[[exercise]]\nid = "evil"\nname = "Evil \\u001b]0;pwned\\u0007 \\u001b[2J"\ncategory = "mobility"\n'
        'position = "supine"\nacute_ok = true\nsteps = ["Step \\u009b31m"]\n[exercise.dosage]\nreps = 8\npace_s = 4\n'
    )
    result = run("exercises")
    assert result.exit_code == 0, result.output
    assert "evil" in result.stdout and "\x1b" not in result.stdout and "\x9b" not in result.stdout
