"""Real processes: a writer killed at random moments loses nothing it reported, and two writers at
once lose nothing at all."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from tui_back.clock import FakeClock
from tui_back.domain.records import SessionRecord
from tui_back.store import Store

pytestmark = pytest.mark.slow

WRITER = """
import sys, time
from datetime import date, datetime, timezone
from pathlib import Path
from tui_back.clock import SystemClock
from tui_back.domain.records import SessionRecord
from tui_back.store import Store

path, tag, count, start_at = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
store = Store(path, SystemClock())
now = datetime.now(timezone.utc)
time.sleep(max(0.0, start_at - time.time()))
for i in range(count):
    store.add_session(SessionRecord(date(2026, 1, 1), now, now, "crash-test", note=f"{tag}-{i}"))
    print(f"{tag}-{i}", flush=True)
"""


def writer(db: Path, tag: str, count: int, start_at: float = 0.0) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), tag, str(count), str(start_at)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def reported(output: str) -> set[str]:
    """Lines printed in full: saves that returned."""
    return {line[:-1] for line in output.splitlines(keepends=True) if line.endswith("\n")}


def test_sigkill_at_random_moments_loses_no_reported_save(tmp_path):
    db = tmp_path / "tui_back.json"
    clock = FakeClock()
    now = datetime.now(timezone.utc)
    # A few thousand records make each write take long enough to be caught half-way.
    Store(db, clock).add_sessions(SessionRecord(date(2025, 1, 1), now, now, "seed") for _ in range(3000))
    rng = random.Random()
    all_reported: set[str] = set()
    for round_ in range(8):
        proc = writer(db, f"r{round_}", 100_000)
        first = proc.stdout.readline()  # the writer is in its save loop: kill it somewhere in there
        time.sleep(rng.uniform(0.0, 0.15))
        proc.kill()
        out, err = proc.communicate(timeout=5)
        assert proc.returncode == -9, err
        saved = reported(first + out)
        store = Store(db, clock)
        assert store.warnings == []
        assert saved <= {r.note for r in store.sessions()}
        all_reported |= saved
    assert len(all_reported) >= 8
    json.loads(db.read_text())


def test_two_processes_saving_at_once_lose_nothing(tmp_path):
    db = tmp_path / "tui_back.json"
    start_at = time.time() + 0.6
    procs = [writer(db, tag, 100, start_at) for tag in ("a", "b")]
    for proc in procs:
        _out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    store = Store(db, FakeClock())
    notes = [r.note for r in store.sessions()]
    assert sorted(notes) == sorted(f"{tag}-{i}" for tag in "ab" for i in range(100))
    ids = [s["id"] for s in store.export()["sessions"]]
    assert len(set(ids)) == 200


COUNTER = """
import sys
from pathlib import Path
from tui_back.clock import SystemClock
from tui_back.store import Store

store = Store(Path(sys.argv[1]), SystemClock())
for _ in range(int(sys.argv[2])):
    with store.transaction() as changes:  # as the journal updates exercise levels: read and write under the lock
        state = changes.get_state("counter") or {"n": 0}
        changes.set_state("counter", {"n": state["n"] + 1})
"""


def test_two_processes_updating_state_keep_every_update(tmp_path):
    db = tmp_path / "tui_back.json"
    env = {"PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    procs = [
        subprocess.Popen([sys.executable, "-c", COUNTER, str(db), "200"], env=env, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert Store(db, FakeClock()).get_state("counter") == {"n": 400}
