"""The store: round trips, no stale reads, atomic writes with a backup, recovery from bad files."""

from __future__ import annotations

import json
import os
import stat
from collections import Counter
from datetime import date, datetime, timedelta, timezone

import pytest
from filelock import FileLock

from tui_back import store as store_module
from tui_back.clock import FakeClock
from tui_back.domain.records import ABANDONED, SessionRecord, SymptomCheck
from tui_back.store import Store, StoreError

T0 = datetime(2026, 11, 22, 8, 30, tzinfo=timezone.utc)


def record(n: int = 0, **changes) -> SessionRecord:
    values = dict(
        local_date=date(2026, 11, 1) + timedelta(days=n),
        started_utc=T0 + timedelta(days=n),
        ended_utc=T0 + timedelta(days=n, minutes=12),
        routine="daily",
        done=("pelvic-tilt", "bird-dog"),
        skipped=("walking",),
        duration_s=720,
        pain_before=4,
        pain_after=3,
        note=f"session {n}",
        hurt=(("bird-dog", 5),),
    )
    values.update(changes)
    return SessionRecord(**values)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "data" / "tui_back.json"


@pytest.fixture
def store(db, clock):
    return Store(db, clock)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_sessions_since_a_date_skip_older_ones_in_save_order(store):
    store.add_sessions([record(5), record(0), record(9), record(3)])
    since = date(2026, 11, 4)
    assert [r.local_date.day for r in store.sessions(since=since)] == [6, 10, 4]
    assert len(store.sessions()) == 4
    assert store.sessions(since=date(2027, 1, 1)) == []


def test_sessions_round_trip_every_field(store, db, clock):
    saved = [record(0), record(1, status=ABANDONED, pain_before=None, pain_after=None, hurt=(), origin="log")]
    ids = [store.add_session(r) for r in saved]
    assert ids == [1, 2]
    assert store.sessions() == saved
    assert Store(db, clock).sessions() == saved
    assert store.session_days() == Counter([saved[0].local_date])
    assert store.session_days(ABANDONED) == Counter([saved[1].local_date])


def test_checks_round_trip(store, db, clock):
    check = SymptomCheck(date(2026, 11, 22), T0, ("saddle-numbness",), "emergency", kind="quick")
    store.add_check(check)
    assert Store(db, clock).checks() == [check]


def test_state_is_set_replaced_and_read_back(store, db, clock):
    assert store.get_state("last_routine") is None
    store.set_state("last_routine", {"id": "daily"})
    store.set_state("progression", {"bird-dog": 2})
    store.set_state("last_routine", {"id": "gentle"})
    again = Store(db, clock)
    assert again.get_state("last_routine") == {"id": "gentle"}
    assert again.get_state("progression") == {"bird-dog": 2}


def test_state_read_back_is_a_copy(store):
    store.set_state("progression", {"levels": {"bird-dog": 1}})
    store.get_state("progression")["levels"]["bird-dog"] = 9
    assert store.get_state("progression") == {"levels": {"bird-dog": 1}}


def test_an_unchanged_file_is_parsed_once_however_often_it_is_read(store, db, clock, monkeypatch):
    store.add_sessions([record(0), record(1)])
    store.set_state("x", {"a": 1})
    reader = Store(db, clock)
    parses = []
    real_decode = store_module._decode_json
    monkeypatch.setattr(store_module, "_decode_json", lambda text: parses.append(1) or real_decode(text))
    for _ in range(3):
        reader.sessions(), reader.checks(), reader.get_state("x"), reader.export()
    assert len(parses) == 1  # opening used the small day index, so the first read parses
    store.add_session(record(2))  # by another Store, as another process would
    parses.clear()
    assert len(reader.sessions()) == 3
    assert len(parses) == 1


def test_state_that_is_not_json_is_refused_before_writing(store, db):
    with pytest.raises(TypeError):
        store.set_state("bad", {"when": object()})
    assert not db.exists()


def test_add_sessions_saves_many_in_one_write(store, db, clock):
    assert store.add_sessions([record(n) for n in range(5)]) == [1, 2, 3, 4, 5]
    assert len(Store(db, clock).sessions()) == 5


def test_export_holds_every_record_with_its_id(store):
    store.add_session(record(0))
    store.add_check(SymptomCheck(date(2026, 11, 22), T0, (), "none"))
    data = store.export()
    json.dumps(data)
    assert data["schema_version"] == store_module.SCHEMA_VERSION
    assert data["sessions"][0]["id"] == 1
    assert data["sessions"][0]["hurt"] == [["bird-dog", 5]]
    assert data["checks"][0]["level"] == "none"


def test_two_stores_on_one_file_never_read_stale_data(db, clock):
    first, second = Store(db, clock), Store(db, clock)
    first.add_session(record(0))
    assert len(second.sessions()) == 1
    second.add_session(record(1))
    first.add_session(record(2))  # its id must not collide with the one `second` took
    assert [r.note for r in Store(db, clock).sessions()] == ["session 0", "session 1", "session 2"]
    assert [s["id"] for s in first.export()["sessions"]] == [1, 2, 3]
    assert sum(first.session_days().values()) == 3
    second.add_session(record(3))
    assert sum(first.session_days().values()) == 4


def test_the_file_read_at_opening_is_not_reused_once_changed(db, clock):
    Store(db, clock).add_session(record(0))
    opened = Store(db, clock)
    Store(db, clock).add_session(record(1))
    assert len(opened.sessions()) == 2


def test_writes_are_atomic_and_keep_the_previous_version(store, db):
    store.add_session(record(0))
    first_version = db.read_bytes()
    store.add_session(record(1))
    assert (db.parent / "tui_back.json.bak").read_bytes() == first_version
    assert json.loads(db.read_text())["meta"] == {"1": {"schema_version": 1}}
    assert sorted(p.name for p in db.parent.iterdir()) == [
        "tui_back.json",
        "tui_back.json.bak",
        "tui_back.json.days",
        "tui_back.json.lock",
    ]


def test_a_write_that_fails_half_way_leaves_the_old_file_whole(store, db, monkeypatch):
    store.add_session(record(0))
    before = db.read_bytes()

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module.os, "fsync", disk_full)
    with pytest.raises(OSError):
        store.add_session(record(1))
    monkeypatch.undo()
    assert db.read_bytes() == before
    assert not list(db.parent.glob("*.tmp"))
    assert store.sessions() == [record(0)]


def test_temp_files_left_by_a_killed_writer_are_removed(store, db):
    orphan = db.parent / "tui_back.json.k2j3h4.tmp"
    orphan.write_text("{half")
    store.add_session(record(0))
    assert not orphan.exists()


def test_a_new_data_dir_is_private_and_its_new_parents_never_world_writable(tmp_path, clock):
    old = os.umask(0)
    try:
        Store(tmp_path / "a" / "b" / "data" / "tui_back.json", clock).add_session(record(0))
    finally:
        os.umask(old)
    assert mode(tmp_path / "a" / "b" / "data") == 0o700
    assert mode(tmp_path / "a") == 0o755 and mode(tmp_path / "a" / "b") == 0o755


def test_a_record_that_is_not_an_object_is_skipped_with_a_warning(db, clock):
    db.parent.mkdir(parents=True)
    good = {"local_date": "2026-11-20", "started_utc": "2026-11-20T08:00:00+00:00"}
    good |= {"ended_utc": "2026-11-20T08:10:00+00:00", "routine": "basic"}
    content = json.dumps({"meta": {"1": {"schema_version": 1}}, "sessions": {"1": 5, "2": good}}).encode()
    db.write_bytes(content)
    store = Store(db, clock)
    assert [r.routine for r in store.sessions()] == ["basic"]
    assert "skipped 1 record(s) that are not JSON objects" in store.warnings[0]
    kept = db.parent / "tui_back.json.corrupt-20261122T090000"
    assert kept.read_bytes() == content and kept.name in store.warnings[0]


def test_private_permissions(tmp_path, clock):
    data_dir = tmp_path / "shared"
    data_dir.mkdir(mode=0o755)
    os.chmod(data_dir, 0o755)
    db = data_dir / "tui_back.json"
    store = Store(db, clock)
    store.add_session(record(0))
    store.add_session(record(1))
    assert mode(data_dir) == 0o755  # the user's own directory is never silently re-permissioned
    for name in ("tui_back.json", "tui_back.json.bak", "tui_back.json.days", "tui_back.json.lock"):
        assert mode(data_dir / name) == 0o600, name


def test_a_held_lock_gives_a_clear_error(db, clock):
    store = Store(db, clock, lock_timeout=0.2)
    db.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(db) + ".lock"), pytest.raises(StoreError, match="another tui-back is writing"):
        store.add_session(record(0))
    store.add_session(record(0))
    assert len(store.sessions()) == 1


# -- the day index ------------------------------------------------------------------------------


def index_of(db):
    return db.with_name("tui_back.json.days")


def test_day_counts_come_from_the_index_while_it_matches(store, db, clock, monkeypatch):
    store.add_sessions([record(0), record(0), record(1), record(2, status=ABANDONED)])
    expected = Counter({date(2026, 11, 1): 2, date(2026, 11, 2): 1})
    monkeypatch.setattr(store_module, "_decode_json", _refuse_big_documents(store_module._decode_json))
    assert Store(db, clock).session_days() == expected
    assert Store(db, clock).session_days(ABANDONED) == Counter({date(2026, 11, 3): 1})


def _refuse_big_documents(loads):
    def guarded(text, *args, **kwargs):
        assert len(text) < 300, "the database itself was parsed"
        return loads(text, *args, **kwargs)

    return guarded


def test_a_database_changed_behind_the_index_is_read_itself(store, db, clock):
    store.add_session(record(0))
    tables = json.loads(db.read_text())
    tables["sessions"]["2"] = tables["sessions"]["1"] | {"local_date": "2026-11-05"}
    db.write_text(json.dumps(tables))  # an edit in place, not by tui-back
    assert Store(db, clock).session_days() == Counter([date(2026, 11, 1), date(2026, 11, 5)])


@pytest.mark.parametrize("content", [b"", b"{", b'{"of": 3}', b"[]", b'{"of": [1, 2, 3], "days": {}}'])
def test_a_damaged_or_stale_index_is_ignored(store, db, clock, content):
    store.add_sessions([record(0), record(1)])
    index_of(db).write_bytes(content)
    fresh = Store(db, clock)
    assert fresh.session_days() == Counter([date(2026, 11, 1), date(2026, 11, 2)])
    assert fresh.warnings == []


def _damaged_index(text: str, damage: str) -> str:
    header, of, unreadable, completed = text.split("\n")[:4]
    return {
        "truncated": text[:-3],
        "no day line": "\n".join([header, of, unreadable, ""]),  # cut short at a line's end
        "a day that is no number": text.replace(completed, completed + " soon"),
        "a day out of range": text.replace(completed, completed + " 0"),
        "a day far out of range": text.replace(completed, completed + " 99999999999999999999"),
        "a run backwards": text.replace(completed, completed + " 739000-738000"),
        "the layout before": text.replace("tui-back-days 2", "tui-back-days 1"),
        "another schema": text.replace(header, header + "0"),
        "not ASCII": text.replace("completed", "compl\u00e9ted"),
    }[damage]


@pytest.mark.parametrize(
    "damage",
    ["truncated", "no day line", "a day that is no number", "a day out of range", "a day far out of range",
     "a run backwards", "the layout before", "another schema", "not ASCII"],
)  # fmt: skip
def test_a_damaged_text_index_is_ignored(store, db, clock, damage):
    store.add_sessions([record(0), record(1)])
    index_of(db).write_text(_damaged_index(index_of(db).read_text(), damage), encoding="utf-8")
    assert Store(db, clock).session_days() == Counter([date(2026, 11, 1), date(2026, 11, 2)])


def test_the_index_holds_runs_of_days_as_numbers_and_each_further_session_once_more(store, db, clock):
    days = [0, 0, 1, 2, 5, 7, 8]
    store.add_sessions([*map(record, days), record(3, status=ABANDONED)])
    lines = index_of(db).read_text().splitlines()
    first = date(2026, 11, 1).toordinal()
    assert f"completed {first}-{first + 2} {first + 5} {first + 7}-{first + 8} {first}" in lines
    assert f"abandoned {first + 3}" in lines
    assert Store(db, clock).session_days() == Counter(date(2026, 11, 1) + timedelta(days=n) for n in days)


def test_a_corrupt_database_is_noticed_even_with_an_index(store, db, clock):
    store.add_sessions([record(0)])
    store.add_session(record(1))
    db.write_bytes(b"\x00" * 10)
    fresh = Store(db, clock)
    assert "unreadable" in fresh.warnings[0]
    assert fresh.session_days() == Counter([date(2026, 11, 1)])


def test_unreadable_dates_are_reported_by_both_paths(db, clock):
    Store(db, clock).add_session(record(0))
    tables = json.loads(db.read_text())
    tables["sessions"]["2"] = {"local_date": "someday", "routine": "x"}
    db.write_text(json.dumps(tables))
    Store(db, clock).add_session(record(1))  # rewrites the index from the file with the bad record
    for reader in (Store(db, clock), _without_index(db, clock)):
        assert reader.session_days() == Counter([date(2026, 11, 1), date(2026, 11, 2)])
        assert "skipped 1 unreadable sessions record" in reader.warnings[0]


def _without_index(db, clock):
    index_of(db).unlink(missing_ok=True)
    return Store(db, clock)


# -- bad files ---------------------------------------------------------------------------------

GOOD = '{"meta": {"1": {"schema_version": 1}}, "sessions": {}}'
BAD_FILES = {
    "empty": b"",
    "whitespace": b"  \n",
    "truncated": GOOD[: len(GOOD) // 2].encode(),
    "garbage": b"\x89PNG\r\n\x1a\n not a database",
    "nul bytes": GOOD[:20].encode() + b"\x00" * 64,
    "foreign list": b"[1, 2, 3]",
    "foreign tinydb": b'{"_default": {"1": {"name": "someone else"}}}',
    "foreign shapes": b'{"meta": {"1": {"schema_version": "one"}}, "sessions": []}',
}


@pytest.mark.parametrize("content", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_file_without_backup_is_kept_aside_and_the_store_starts_empty(db, clock, content):
    db.parent.mkdir(parents=True)
    db.write_bytes(content)
    store = Store(db, clock)
    kept = db.parent / "tui_back.json.corrupt-20261122T090000"
    assert kept.read_bytes() == content
    assert mode(kept) == 0o600
    assert len(store.warnings) == 1
    assert str(db) in store.warnings[0]
    assert kept.name in store.warnings[0]
    assert "starts empty" in store.warnings[0]
    assert store.sessions() == []
    store.add_session(record(0))
    assert len(Store(db, clock).sessions()) == 1
    assert kept.read_bytes() == content


@pytest.mark.parametrize("content", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_file_with_backup_restores_the_backup(db, clock, content):
    store = Store(db, clock)
    store.add_session(record(0))
    store.add_session(record(1))  # the .bak now holds session 0
    db.write_bytes(content)
    clock.advance(60)
    reopened = Store(db, clock)
    assert [r.note for r in reopened.sessions()] == ["session 0"]
    assert "restored the last good backup" in reopened.warnings[0]
    assert (db.parent / "tui_back.json.corrupt-20261122T090100").read_bytes() == content


def test_a_bad_file_found_after_opening_is_repaired_on_the_next_read(store, db):
    store.add_session(record(0))
    db.write_bytes(b"{")
    assert store.sessions() == []
    assert "unreadable" in store.warnings[0]


def test_a_second_bad_file_in_the_same_second_gets_its_own_name(db, clock):
    db.parent.mkdir(parents=True)
    db.write_bytes(b"first")
    Store(db, clock)
    db.write_bytes(b"second")
    Store(db, clock)
    assert (db.parent / "tui_back.json.corrupt-20261122T090000").read_bytes() == b"first"
    assert (db.parent / "tui_back.json.corrupt-20261122T090000-2").read_bytes() == b"second"


def test_bad_records_inside_a_good_file_are_skipped_not_fatal(db, clock):
    Store(db, clock).add_session(record(0))
    tables = json.loads(db.read_text())
    tables["sessions"]["2"] = {"local_date": "not a date", "routine": "x"}
    db.write_text(json.dumps(tables))
    store = Store(db, clock)
    assert [r.note for r in store.sessions()] == ["session 0"]
    assert "skipped 1 unreadable sessions record" in store.warnings[0]


# -- schema ------------------------------------------------------------------------------------


def test_a_file_from_a_newer_version_is_read_but_never_written(db, clock):
    Store(db, clock).add_session(record(0))
    tables = json.loads(db.read_text())
    tables["meta"]["1"]["schema_version"] = 99
    db.write_text(json.dumps(tables))
    before = db.read_bytes()
    store = Store(db, clock)
    assert "newer tui-back" in store.warnings[0]
    assert len(store.sessions()) == 1
    with pytest.raises(StoreError, match="upgrade"):
        store.add_session(record(1))
    assert db.read_bytes() == before


def test_migration_hook_upgrades_old_files_on_read_and_write(db, clock, monkeypatch):
    Store(db, clock).add_session(record(0, routine="old-name"))

    def rename_routine(tables):
        for doc in tables["sessions"].values():
            doc["routine"] = doc["routine"].replace("old-name", "new-name")
        return tables

    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(store_module, "MIGRATIONS", {1: rename_routine})
    store = Store(db, clock)
    assert store.sessions()[0].routine == "new-name"
    assert store.warnings == []
    store.add_session(record(1))
    tables = json.loads(db.read_text())
    assert tables["meta"]["1"]["schema_version"] == 2
    assert tables["sessions"]["1"]["routine"] == "new-name"


def test_an_old_file_with_no_migration_is_kept_aside(db, clock, monkeypatch):
    Store(db, clock).add_session(record(0))
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 2)
    store = Store(db, clock)
    assert "cannot be upgraded" in store.warnings[0]
    assert (db.parent / "tui_back.json.corrupt-20261122T090000").exists()


def test_corrupt_copies_are_named_in_utc(tmp_path):
    summer_berlin = timezone(timedelta(hours=2))
    clock = FakeClock(start=datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc), tz=summer_berlin)
    db = tmp_path / "tui_back.json"
    db.write_text("nope")
    Store(db, clock)
    assert (tmp_path / "tui_back.json.corrupt-20260329T013000").exists()


def test_a_file_only_the_standard_json_reader_accepts_is_still_read(store, db, clock):
    """msgspec refuses NaN, which Python's json (and so TinyDB) writes; such a file must not be set aside."""
    store.set_state("odd", {"value": 1})
    db.write_text(db.read_text().replace('"value":1', '"value":NaN'))
    value = Store(db, clock).get_state("odd")
    assert value["value"] != value["value"]  # NaN
    assert not list(db.parent.glob("*.corrupt-*"))


def test_broken_json_is_reported_with_where_it_breaks(store, db, clock):
    store.add_session(record(0))
    db.write_text(db.read_text()[:-5])
    reopened = Store(db, clock)
    reopened.sessions()
    assert any("not valid JSON" in w and "line 1 column" in w for w in reopened.warnings)


# -- transactions --------------------------------------------------------------------------------


def count_replaces(monkeypatch, db) -> list[str]:
    """The replaces of the database file itself, as they happen."""
    replaced: list[str] = []
    real = store_module.os.replace

    def replace(source, target, *args, **kwargs):
        if os.fspath(target) == os.fspath(db):
            replaced.append(os.fspath(source))
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(store_module.os, "replace", replace)
    return replaced


def test_a_transaction_writes_everything_it_changed_in_one_replace(store, db, clock, monkeypatch):
    replaced = count_replaces(monkeypatch, db)
    with store.transaction() as changes:
        changes.add_session(record(0))
        changes.set_state("progression", {"levels": 1})
        changes.set_state("last_routine", {"id": "daily"})
        assert changes.get_state("progression") == {"levels": 1}, "a transaction reads its own changes"
        changes.add_check(SymptomCheck(date(2026, 11, 22), T0, (), "none"))
        assert len(changes.checks()) == 1
    assert len(replaced) == 1
    again = Store(db, clock)
    assert again.sessions() == [record(0)] and again.get_state("last_routine") == {"id": "daily"}


def test_setting_a_new_state_key_writes_once(store, db, monkeypatch):
    replaced = count_replaces(monkeypatch, db)
    store.set_state("new", {"a": 1})
    store.set_state("new", {"a": 2})
    assert len(replaced) == 2


def test_a_transaction_that_raises_writes_nothing(store, db):
    store.add_session(record(0))
    before = db.read_bytes()
    with pytest.raises(RuntimeError), store.transaction() as changes:
        changes.add_session(record(1))
        raise RuntimeError("changed my mind")
    assert db.read_bytes() == before and store.sessions() == [record(0)]


def test_a_transaction_that_changes_nothing_does_not_write(store, db, monkeypatch):
    store.add_session(record(0))
    replaced = count_replaces(monkeypatch, db)
    with store.transaction() as changes:
        assert changes.get_state("missing") is None
    assert replaced == []


def test_old_documents_without_the_newer_fields_are_read_with_defaults(db, clock):
    Store(db, clock).add_session(record(0))
    tables = json.loads(db.read_text())
    tables["sessions"]["2"] = {
        "local_date": "2026-10-01",
        "started_utc": "2026-10-01T08:00:00+00:00",
        "ended_utc": "2026-10-01T08:10:00+00:00",
        "routine": "daily",
    }
    tables["checks"] = {"1": {"local_date": "2026-10-01", "at_utc": "2026-10-01T08:00:00+00:00", "level": "none"}}
    db.write_text(json.dumps(tables))
    store = Store(db, clock)
    old = store.sessions()[1]
    assert (old.status, old.done, old.hurt, old.origin, old.pain_before) == ("completed", (), (), "app", None)
    [check] = store.checks()
    assert (check.items, check.kind) == ((), "full")
    assert store.warnings == []


def test_a_check_saved_before_corrected_items_existed_reads_with_none(tmp_path):
    path = tmp_path / "tui_back.json"
    old = {"local_date": "2026-11-20", "at_utc": "2026-11-20T09:00:00+00:00", "items": ["E3"], "level": "emergency"}
    path.write_text(json.dumps({"checks": {"1": old}, "meta": {"1": {"schema_version": 1}}}))
    [check] = Store(path, FakeClock()).checks()
    assert (check.items, check.corrected, check.kind) == (("E3",), (), "full")


def test_all_clears_are_kept_and_read_back(tmp_path):
    from tui_back.domain.records import Clearance

    store = Store(tmp_path / "tui_back.json", FakeClock())
    clearance = Clearance("U1", date(2026, 11, 20), datetime(2026, 11, 22, 9, tzinfo=timezone.utc))
    with store.transaction() as changes:
        changes.add_clearances([clearance])
    assert Store(tmp_path / "tui_back.json", FakeClock()).clearances() == [clearance]
    assert store.export()["clearances"][0]["item"] == "U1"
