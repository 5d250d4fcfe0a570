"""The one place that reads and writes the database: a TinyDB file made safe for real use.

Plain TinyDB rewrites its JSON file in place and has no inter-process locking, so a crash can leave a
broken file and two processes (two browser tabs under textual-serve, the app plus `tui-back log`) can
lose each other's writes. Here:

- every write goes to a temp file that is fsynced and then `os.replace`d over the database, and the
  directory is fsynced, so the file on disk is always either the old or the new complete version;
- the version it replaces is kept as `<name>.bak` (a hard link, so no copying), the last good copy;
- every change is a transaction (`Store.transaction()`): it holds `<name>.lock` (filelock), works
  on a fresh parse of the file, and whatever it changed (a session, its progression state, a
  check) reaches the disk in one replace when it ends; plain reads need no lock, because a
  replace is atomic;
- every operation opens a fresh TinyDB, tables have no query cache and no CachingMiddleware (it
  loses buffered writes); the last parse of the file is reused only while the file is the very same
  one (inode, size, mtime), and every write replaces the file, so another process's write always
  shows;
- a file that is empty, truncated, not JSON, or JSON that is not ours is never overwritten: it is
  kept as `<name>.corrupt-<UTC timestamp>`, the `.bak` is restored if it is good, and a message
  saying what happened is added to `Store.warnings`.

Streaks need only how many sessions each day had. Every write also leaves `<name>.days`, those
counts plus the identity (inode, size, mtime) of the database file they describe; `session_days`
answers from it while the database is still that very file, so `tui-back status` reads a few
kilobytes instead of parsing years of history. Any mismatch or damage means the index is ignored
and the database itself is read. For the same reason TinyDB and filelock are imported only when
they are used: reads of whole tables parse the JSON directly, as TinyDB itself would.
"""

from __future__ import annotations

import copy
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import msgspec

from tui_back import day_index, paths
from tui_back.clock import Clock
from tui_back.domain.records import COMPLETED, SAFETY_STOP, Clearance, SessionRecord, SymptomCheck

if TYPE_CHECKING:
    from filelock import BaseFileLock
    from tinydb import TinyDB

SCHEMA_VERSION = 1

MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}
"""`MIGRATIONS[n]` turns the tables of a version-n file into version n+1 tables.

Applied in order on read; the upgraded data reaches the disk with the next write.
"""

SESSIONS, CHECKS, STATE, META = "sessions", "checks", "state", "meta"
EXCUSED, REMOVED = "excused", "removed"
"""Days the user excused (`tui-back skip`), and the audit trail of removed sessions."""
BLOCKING_LEVELS = frozenset({"same-day", "emergency"})
"""Check levels that block sessions for the day (see `tui_back.domain.triage.gate_decision`)."""
CLEARANCES = "clearances"
"""A clinician's all-clear per red-flag item, recorded by the user (`Clearance`)."""
LOCK_TIMEOUT_S = 10.0


class StoreError(Exception):
    """The database cannot be used right now; the message says why and what to do."""


class _Unreadable(Exception):
    """The database file is not a tui-back database; the message is the reason, for the user."""


class _PartlyDamaged(_Unreadable):
    """A tui-back database with some documents that are not objects: `tables` is it without them."""

    def __init__(self, tables: dict[str, Any], count: int) -> None:
        super().__init__(f"{count} record(s) that are not JSON objects")
        self.tables, self.count = tables, count


def _fsync_dir(directory: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _link_or_copy(source: Path, target: Path) -> None:
    """Make `target` a copy of `source` without ever leaving `target` half-written."""
    staging = target.with_name(target.name + ".tmp-link")
    staging.unlink(missing_ok=True)
    try:
        os.link(source, staging)
    except OSError:
        fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(source.read_bytes())
    else:
        fd = os.open(staging, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        try:
            if hasattr(os, "fchmod") and os.fstat(fd).st_uid == os.getuid():
                os.fchmod(fd, 0o600)  # the file itself, never the target of a link
        finally:
            os.close(fd)
    os.replace(staging, target)


def _decode_json(text: str) -> Any:
    """`json.loads` by msgspec's faster decoder, which start-up has loaded anyway. What it refuses
    goes to `json.loads` itself, which accepts a little more (NaN) and says where the text breaks."""
    try:
        return msgspec.json.decode(text)
    except RecursionError:
        raise _Unreadable("JSON nested too deeply to be a tui-back database") from None
    except msgspec.DecodeError:
        import json

        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise _Unreadable(f"not valid JSON, {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
        except RecursionError:
            raise _Unreadable("JSON nested too deeply to be a tui-back database") from None


def _parse(text: str) -> dict[str, Any]:
    """The tables in `text`, migrated to the current schema, or `_Unreadable` saying what is wrong."""
    if not text.strip():
        raise _Unreadable("the file is empty")
    if "\x00" in text:
        raise _Unreadable("the file contains NUL bytes, typical of an interrupted write")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise _Unreadable(f"not valid UTF-8 (at character {exc.start})") from None
    tables = _decode_json(text)
    version = _schema_version(tables)
    if version is None:
        raise _Unreadable(f"valid JSON but not a tui-back database (no {META}.schema_version)")
    while version < SCHEMA_VERSION:
        if version not in MIGRATIONS:
            raise _Unreadable(f"schema version {version} cannot be upgraded")
        tables = MIGRATIONS[version](tables)
        version += 1
        tables[META] = {"1": {"schema_version": version}}
    damaged = sum(not isinstance(doc, dict) for table in tables.values() for doc in table.values())
    if damaged:
        kept = {name: {k: d for k, d in table.items() if isinstance(d, dict)} for name, table in tables.items()}
        raise _PartlyDamaged(kept, damaged)
    return tables


def _schema_version(tables: Any) -> int | None:
    if not isinstance(tables, dict) or not all(isinstance(table, dict) for table in tables.values()):
        return None
    meta = tables.get(META, {}).get("1")
    version = meta.get("schema_version") if isinstance(meta, dict) else None
    return version if isinstance(version, int) and not isinstance(version, bool) else None


def _read_text(path: Path) -> tuple[str, tuple[int, int, int]] | None:
    """The file's text and the identity of what was read (inode, size, mtime), or None if absent."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO must not hang the open
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"{path} cannot be read ({exc.strerror}){_owner_hint(path)}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise StoreError(f"{path} is not a regular file; move it away to start a new database")
    with open(fd, "rb") as handle:
        try:
            raw = handle.read()
        except OSError as exc:
            raise StoreError(f"{path} cannot be read ({exc.strerror})") from None
    return raw.decode("utf-8", errors="surrogateescape"), (info.st_ino, info.st_size, info.st_mtime_ns)


def _owner_hint(path: Path) -> str:
    """How to get back a file another user owns (`sudo tui-back log` leaves root's files), or ""."""
    try:
        import pwd

        owner = os.stat(path).st_uid
        if owner == os.geteuid():
            return ""
        name = pwd.getpwuid(owner).pw_name
    except (ImportError, OSError, KeyError):
        return ""
    return f": it belongs to {name} (was tui-back run with sudo?); take it back with: sudo chown -R $USER {path.parent}"


def _identity(path: Path) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


DayCounts = tuple[dict[str, Counter[date]], int]
"""Sessions per local date for each status, and how many sessions had no readable date.

Two more keys hold days rather than sessions: `EXCUSED` (days the user excused) and
`BLOCKED_DAYS` (days with a check that blocked sessions)."""
BLOCKED_DAYS = "blocked-days"


def _dates(docs: Iterable[Any], keep: Callable[[dict[str, Any]], bool] = lambda doc: True) -> Counter[date]:
    days: Counter[date] = Counter()
    for doc in docs:
        try:
            if isinstance(doc, dict) and keep(doc):
                days[date.fromisoformat(doc["local_date"])] += 1
        except (KeyError, TypeError, ValueError):
            continue
    return days


def _count_days(tables: dict[str, Any] | None) -> DayCounts:
    days: dict[str, Counter[date]] = {}
    unreadable = 0
    tables = tables or {}
    for doc in tables.get(SESSIONS, {}).values():
        try:
            day = date.fromisoformat(doc["local_date"])
        except (KeyError, TypeError, ValueError):
            unreadable += 1
            continue
        days.setdefault(str(doc.get("status", COMPLETED)), Counter())[day] += 1
    days[EXCUSED] = _dates(tables.get(EXCUSED, {}).values())
    days[BLOCKED_DAYS] = _dates(tables.get(CHECKS, {}).values(), lambda doc: doc.get("level") in BLOCKING_LEVELS)
    return days, unreadable


def _index_path(path: Path) -> Path:
    return path.with_name(path.name + ".days")


def _write_index(path: Path, data: dict[str, Any], identity: tuple[int, int, int]) -> None:
    """Best effort: a missing or stale index only costs speed, never correctness."""
    days, unreadable = _count_days(data)
    with suppress(OSError):
        paths.replace_privately(_index_path(path), day_index.encode(days, unreadable, identity, SCHEMA_VERSION))


def _read_index(path: Path, identity: tuple[int, int, int] | None) -> DayCounts | None:
    """The day counts in the index, if it describes the database file with this identity."""
    raw = None if identity is None else day_index.read(str(_index_path(path)))
    index = None if raw is None or identity is None else day_index.decode(raw, identity, SCHEMA_VERSION)
    if index is None:
        return None
    try:
        return {key: day_index.day_counts(days) for key, days in index[0].items()}, index[1]
    except ValueError:
        return None


class _AtomicStorage:
    """TinyDB storage (its `read`/`write` interface) over the store's file: validated reads, and
    writes kept in memory until the transaction commits them in one atomic replace.

    One instance lives for one TinyDB instance. In a transaction (`fresh`) it parses the file
    itself, under the lock, so TinyDB changes a private copy; otherwise TinyDB only reads, and the
    store's last parse is shared.
    """

    def __init__(self, store: Store, fresh: bool = False) -> None:
        self.store, self.fresh = store, fresh
        self._tables: dict[str, Any] | None = None
        self._file_was_good = False
        self.changed = False

    def read(self) -> dict[str, Any] | None:
        if self._tables is None:
            self._tables = self.store._load()[1] if self.fresh else self.store._read_tables()
            self._file_was_good = self._tables is not None
        return self._tables

    def write(self, data: dict[str, Any]) -> None:
        if not self.fresh:
            raise RuntimeError("the store writes only inside a transaction")
        self._tables = data
        self.changed = True

    def commit(self) -> None:
        """Write what the transaction changed, if anything: one replace of the file."""
        store = self.store
        if not self.changed or self._tables is None:
            return
        if store.read_only:
            raise StoreError(store.read_only)
        data = self._tables
        data[META] = {"1": {"schema_version": SCHEMA_VERSION}}
        backup = store.backup_path if self._file_was_good else None
        store._cache = (_write_atomically(store.path, data, backup), data)
        self._file_was_good = True
        self.changed = False


def _write_atomically(path: Path, data: dict[str, Any], backup: Path | None) -> tuple[int, int, int]:
    """Replace `path` with `data`, first keeping the current file as `backup`; returns the identity."""
    import json
    import tempfile

    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
            info = os.fstat(handle.fileno())  # a rename keeps inode, size and mtime
        if backup is not None and path.exists():
            _link_or_copy(path, backup)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    identity = (info.st_ino, info.st_size, info.st_mtime_ns)
    _write_index(path, data, identity)
    return identity


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def _doc(record: SessionRecord | SymptomCheck | Clearance) -> dict[str, Any]:
    """The TinyDB document for `record`: its fields as JSON values, times as `datetime.isoformat`
    writes them (`+00:00`, the form tui-back has always saved) and sequences as lists."""
    return {key: _plain(value) for key, value in msgspec.to_builtins(record, builtin_types=(datetime,)).items()}


def session_from_doc(doc: dict[str, Any]) -> SessionRecord:
    """A saved session; fields an older tui-back did not write take their defaults."""
    return msgspec.convert(doc, SessionRecord)


def _check_from(doc: dict[str, Any]) -> SymptomCheck:
    """A saved check; one saved without `items` had none ticked, one without `corrected` corrected none."""
    return msgspec.convert({"items": (), **doc} if isinstance(doc, dict) else doc, SymptomCheck)


def _clearance_from(doc: dict[str, Any]) -> Clearance:
    return msgspec.convert(doc, Clearance)


class Transaction:
    """Changes made under the store's lock and written in one replace of the file when the
    `Store.transaction()` block ends (nothing is written if it raises).

    Reads see the file as it is under the lock, with this transaction's own changes.
    """

    def __init__(self, db: TinyDB) -> None:
        self._db = db

    def add_session(self, record: SessionRecord) -> int:
        return self._db.table(SESSIONS, cache_size=0).insert(_doc(record))

    def add_sessions(self, records: Iterable[SessionRecord]) -> list[int]:
        return self._db.table(SESSIONS, cache_size=0).insert_multiple(_doc(r) for r in records)

    def add_check(self, check: SymptomCheck) -> int:
        return self._db.table(CHECKS, cache_size=0).insert(_doc(check))

    def remove_session(self, session_id: int, removed_utc: datetime) -> dict[str, Any] | None:
        """Take session `session_id` out, keeping it in the audit trail (what, when); None if absent."""
        sessions = self._db.table(SESSIONS, cache_size=0)
        doc = sessions.get(doc_id=session_id)
        if not isinstance(doc, dict):
            return None
        removed = copy.deepcopy(dict(doc))
        sessions.remove(doc_ids=[session_id])
        trail = {"table": SESSIONS, "id": session_id, "record": removed, "removed_utc": removed_utc.isoformat()}
        self._db.table(REMOVED, cache_size=0).insert(trail)
        return removed

    def excuse_day(self, day: date, reason: str, at_utc: datetime) -> bool:
        """Mark `day` excused; False if it already was."""
        table = self._db.table(EXCUSED, cache_size=0)
        if any(doc.get("local_date") == day.isoformat() for doc in table.all()):
            return False
        table.insert({"local_date": day.isoformat(), "reason": reason, "at_utc": at_utc.isoformat()})
        return True

    def checks(self) -> list[SymptomCheck]:
        """Every readable check (a damaged one is left out, as `Store.checks` leaves it out)."""
        checks = []
        for doc in self._db.table(CHECKS, cache_size=0).all():
            try:
                checks.append(_check_from(doc))
            except (KeyError, TypeError, ValueError):
                continue
        return checks

    def add_clearances(self, clearances: Iterable[Clearance]) -> list[int]:
        return self._db.table(CLEARANCES, cache_size=0).insert_multiple(_doc(c) for c in clearances)

    def clearances(self) -> list[Clearance]:
        """Every readable all-clear (a damaged one is left out)."""
        found = []
        for doc in self._db.table(CLEARANCES, cache_size=0).all():
            try:
                found.append(_clearance_from(doc))
            except (KeyError, TypeError, ValueError):
                continue
        return found

    def get_state(self, key: str) -> dict[str, Any] | None:
        from tinydb import Query

        doc = self._db.table(STATE, cache_size=0).get(Query().key == key)
        return copy.deepcopy(doc["value"]) if isinstance(doc, dict) and "value" in doc else None

    def set_state(self, key: str, value: dict[str, Any]) -> None:
        """Keep `value` under `key`; `TypeError` (before anything is written) if it is not JSON."""
        import json

        from tinydb import Query

        json.dumps(value)
        self._db.table(STATE, cache_size=0).upsert({"key": key, "value": value}, Query().key == key)


class Store:
    """Sessions, symptom checks and small app state in `path` (normally `<data dir>/tui_back.json`).

    Opening checks the file, unless the day index shows it is exactly what tui-back last wrote, and
    repairs it if needed (see the module docstring); anything worth telling the user lands in
    `warnings`. A lock that cannot be taken within `lock_timeout` seconds raises `StoreError`.
    """

    def __init__(self, path: Path, clock: Clock, lock_timeout: float = LOCK_TIMEOUT_S) -> None:
        self.warnings: list[str] = []
        self.path = Path(path)
        if self.path.is_symlink():
            real = self.path.resolve()
            self.warnings.append(f"{self.path} is a link; reading and writing the file it points to, {real}")
            self.path = real
        self.backup_path = self.path.with_name(self.path.name + ".bak")
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.clock = clock
        self.lock_timeout = lock_timeout
        self.read_only: str | None = None
        """Why writes are refused (a file from a newer tui-back), or None."""
        self._lock: BaseFileLock | None = None
        self._cache: tuple[tuple[int, int, int], dict[str, Any] | None] | None = None
        self._days: tuple[tuple[int, int, int] | None, DayCounts] | None = None
        paths.ensure_private_dir(self.path.parent)
        identity = _identity(self.path)
        indexed = _read_index(self.path, identity)
        if indexed is None:
            self._read_tables()  # check (and if need be repair) the file now
        else:
            self._days = (identity, indexed)  # a file tui-back wrote and nobody changed since

    # -- public API --------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Read and change under the lock; what changed is written in one replace at the end.

        When the block returns, every change is on disk; if it raises, nothing is written.
        """
        if self.read_only:
            raise StoreError(self.read_only)
        with self._locked():
            self._remove_orphan_temp_files()
            db = self._open(fresh=True)
            storage = cast(_AtomicStorage, db.storage)
            try:
                yield Transaction(db)
                storage.commit()
            except BaseException:
                self._cache = None  # a half-done write may have left it out of step
                raise

    def add_session(self, record: SessionRecord) -> int:
        """Save `record`; when this returns, it is on disk. Returns its id."""
        with self.transaction() as changes:
            return changes.add_session(record)

    def add_sessions(self, records: Iterable[SessionRecord]) -> list[int]:
        """Save many sessions in one write (an import or a backfill); returns their ids."""
        with self.transaction() as changes:
            return changes.add_sessions(records)

    def sessions(self, since: date | None = None) -> list[SessionRecord]:
        """Every session in save order, or only those dated `since` or later.

        Decoding is most of the cost of a long history, so `since` skips the older records before
        they are decoded (dates are stored as ISO text, which sorts as the dates do).
        """
        if since is None:
            return self._records(SESSIONS, session_from_doc)
        first = since.isoformat()
        return self._records(SESSIONS, session_from_doc, keep=lambda doc: str(doc.get("local_date", "")) >= first)

    def session_days(self, status: str = COMPLETED) -> Counter[date]:
        """How many sessions with `status` each local date has: all that streaks need.

        Answered from the `.days` index while it matches the database, else from the database.
        """
        identity = _identity(self.path)
        if self._days is None or self._days[0] != identity:
            counts = _read_index(self.path, identity) or _count_days(self._read_tables())
            self._days = (identity, counts)
        days, unreadable = self._days[1]
        if unreadable:
            self._warn_skipped(unreadable, SESSIONS)
        return Counter(days.get(status, ()))

    def add_check(self, check: SymptomCheck) -> int:
        with self.transaction() as changes:
            return changes.add_check(check)

    def identity(self) -> tuple[int, int, int] | None:
        """The database file's identity (inode, size, mtime; None if absent): every write changes it,
        so a reader can tell another process wrote without reading the file."""
        return _identity(self.path)

    def excused_days(self) -> frozenset[date]:
        """Days that neither count nor break a streak: excused by the user, blocked by a check, or
        with a session stopped for safety."""
        return (
            frozenset(self.session_days(EXCUSED))
            | frozenset(self.session_days(BLOCKED_DAYS))
            | frozenset(self.session_days(SAFETY_STOP))
        )

    def excused(self) -> list[dict[str, Any]]:
        """The excused days as saved (`local_date`, `reason`, `at_utc`), with their ids."""
        table = (self._read_tables() or {}).get(EXCUSED, {})
        return [{"id": int(key), **doc} for key, doc in table.items() if isinstance(doc, dict)]

    def removed(self) -> list[dict[str, Any]]:
        """The audit trail: every removed record, what it was and when it was removed."""
        table = (self._read_tables() or {}).get(REMOVED, {})
        return [copy.deepcopy(doc) for doc in table.values() if isinstance(doc, dict)]

    def session_records(self) -> list[tuple[int, SessionRecord]]:
        """Every readable session with its id, in save order."""
        return self._records(SESSIONS, session_from_doc, with_ids=True)

    def check_records(self) -> list[tuple[int, SymptomCheck]]:
        """Every readable check with its id, in save order."""
        return self._records(CHECKS, _check_from, with_ids=True)

    def checks(self) -> list[SymptomCheck]:
        return self._records(CHECKS, _check_from)

    def clearances(self) -> list[Clearance]:
        return self._records(CLEARANCES, _clearance_from)

    def get_state(self, key: str) -> dict[str, Any] | None:
        """Small app state saved with `set_state` (last routine, progression levels...), or None.

        Read from the parsed file without TinyDB, like the records: the dashboard reads state
        before its first frame, and loading TinyDB only to read would delay it.
        """
        for doc in (self._read_tables() or {}).get(STATE, {}).values():
            if isinstance(doc, dict) and doc.get("key") == key and "value" in doc:
                return copy.deepcopy(doc["value"])
        return None

    def set_state(self, key: str, value: dict[str, Any]) -> None:
        import json

        json.dumps(value)  # refuse what could not be saved before touching the file
        with self.transaction() as changes:
            changes.set_state(key, value)

    def export(self) -> dict[str, Any]:
        """Every record as plain JSON-able data, with its id."""
        db = self._open()
        return {
            "schema_version": SCHEMA_VERSION,
            **{
                table: [{"id": d.doc_id, **copy.deepcopy(d)} for d in db.table(table, cache_size=0).all()]
                for table in (SESSIONS, CHECKS, CLEARANCES)
            },
        }

    # -- reading -----------------------------------------------------------------------------

    def _open(self, fresh: bool = False) -> TinyDB:
        from tinydb import TinyDB

        return TinyDB(store=self, fresh=fresh, storage=_AtomicStorage)

    def _records(
        self,
        table: str,
        decode: Callable[[dict[str, Any]], Any],
        keep: Callable[[dict[str, Any]], bool] | None = None,
        with_ids: bool = False,
    ) -> list[Any]:
        """Decoded documents of `table` (those `keep` accepts), as (id, record) pairs if `with_ids`;
        ones that cannot be decoded are skipped with a warning."""
        records: list[Any] = []
        bad = 0
        for key, doc in (self._read_tables() or {}).get(table, {}).items():
            if keep is not None and isinstance(doc, dict) and not keep(doc):
                continue
            try:
                record = decode(doc)
                records.append((int(key), record) if with_ids else record)
            except (KeyError, TypeError, ValueError):
                bad += 1
        if bad:
            self._warn_skipped(bad, table)
        return records

    def _warn_skipped(self, count: int, table: str) -> None:
        message = f"{self.path}: skipped {count} unreadable {table} record(s); they are still in the file"
        if message not in self.warnings:
            self.warnings.append(message)

    def _read_tables(self) -> dict[str, Any] | None:
        """The current tables, for reading only (None: no file yet), repairing a bad file first.

        The last parse is reused while the file is the very same one (inode, size and mtime): every
        write replaces the file, so a change by any process shows at once, and panes reading the
        same unchanged file do not each parse years of history.
        """
        if self._cache is not None and self._cache[0] == _identity(self.path):
            return self._cache[1]
        identity, tables = self._load()
        self._cache = None if identity is None else (identity, tables)
        return tables

    def _load(self) -> tuple[tuple[int, int, int] | None, dict[str, Any] | None]:
        """A fresh parse of the file and the identity of what was parsed (None after a repair)."""
        read = _read_text(self.path)
        if read is None:
            return None, None
        try:
            return read[1], self._accept(_parse(read[0]))
        except _Unreadable:
            with self._locked():
                return None, self._repair()

    def _accept(self, tables: dict[str, Any]) -> dict[str, Any]:
        version = tables[META]["1"]["schema_version"]
        if version > SCHEMA_VERSION and not self.read_only:
            self.read_only = (
                f"{self.path} was written by a newer tui-back (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade tui-back to save new records"
            )
            self.warnings.append(self.read_only)
        return tables

    def _repair(self) -> dict[str, Any] | None:
        """Under the lock: re-check the file and, if it is still bad, set it aside and restore."""
        read = _read_text(self.path)
        if read is None:
            return None
        try:
            return self._accept(_parse(read[0]))
        except _PartlyDamaged as exc:
            kept = self._corrupt_name()
            _link_or_copy(self.path, kept)
            _write_atomically(self.path, exc.tables, backup=None)
            self.warnings.append(
                f"{self.path}: skipped {exc.count} record(s) that are not JSON objects; "
                f"the file as it was is kept as {kept.name}"
            )
            return self._accept(exc.tables)
        except _Unreadable as exc:
            reason = str(exc)
        kept = self._corrupt_name()
        _link_or_copy(self.path, kept)
        backup = self._good_backup()
        if backup is None:
            self.path.unlink()
            _fsync_dir(self.path.parent)
            outcome = "no good backup was found, so it starts empty"
        else:
            _write_atomically(self.path, backup, backup=None)
            outcome = "restored the last good backup"
        self.warnings.append(f"{self.path} was unreadable ({reason}); kept it as {kept.name} and {outcome}")
        return backup

    def _good_backup(self) -> dict[str, Any] | None:
        read = _read_text(self.backup_path)
        if read is None:
            return None
        try:
            tables = _parse(read[0])
        except _Unreadable:
            return None
        return tables if tables[META]["1"]["schema_version"] <= SCHEMA_VERSION else None

    def _corrupt_name(self) -> Path:
        stamp = self.clock.utcnow().strftime("%Y%m%dT%H%M%S")
        candidate = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while candidate.exists():
            n += 1
            candidate = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        return candidate

    # -- writing -----------------------------------------------------------------------------

    @contextmanager
    def _locked(self) -> Iterator[None]:
        from filelock import FileLock, Timeout

        if self._lock is None:
            self._lock = FileLock(self.lock_path, mode=0o600)
        try:
            self._lock.acquire(timeout=self.lock_timeout)
        except Timeout:
            raise StoreError(
                f"another tui-back is writing {self.path} and did not finish within "
                f"{self.lock_timeout:g} s; try again (lock file: {self.lock_path})"
            ) from None
        except PermissionError as exc:  # a read-only folder (a backup), or files another user left
            raise StoreError(
                f"cannot save in {self.path.parent} ({exc.strerror}: {exc.filename}); nothing was saved. "
                "Reading it (status, export) still works"
            ) from None
        try:
            yield
        finally:
            self._lock.release()

    def _remove_orphan_temp_files(self) -> None:
        """Temp files left by a process killed mid-write; only a lock holder writes them."""
        for orphan in self.path.parent.glob(f"{self.path.name}.*.tmp"):
            orphan.unlink(missing_ok=True)
