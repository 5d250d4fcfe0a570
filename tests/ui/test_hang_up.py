"""Faults that must lose nothing: a hang-up mid-session, and a session kept aside when its save failed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tui_back.clock import FakeClock
from tui_back.context import build_context
from tui_back.domain.records import ABANDONED, SessionRecord
from tui_back.journal import PENDING_FILE
from tui_back.store import Store

CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from tui_back.context import build_context
    from tui_back.ui.app import make_app
    from tui_back.ui.gate import GateScreen

    async def main():
        ctx = build_context(sys.argv[1], sys.argv[2])
        ctx.journal.save_check(ctx.journal.new_check((), "full"))  # the first session needs a full check
        app = make_app(ctx)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("escape", "2")
            await pilot.pause(0.5)
            await pilot.press("enter")
            await pilot.pause(0.5)
            if isinstance(app.screen, GateScreen):
                await pilot.press("n")
                await pilot.pause(0.5)
            await pilot.press("enter")
            await pilot.pause(0.5)
            print("RUNNING" if app.query_one("TodayPane").session_active else "NOT RUNNING", flush=True)
            for _ in range(300):
                if not app.is_running:
                    break
                await asyncio.sleep(0.1)
        print("ENDED", flush=True)

    asyncio.run(main())
    """
)


@pytest.mark.parametrize("signal_name", ["SIGHUP", "SIGTERM"])
def test_a_hang_up_mid_session_saves_it_as_not_finished(tmp_path, signal_name):
    data, config = tmp_path / "data", tmp_path / "config"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(data), str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "RUNNING"
        child.send_signal(getattr(signal, signal_name))
        out, err = child.communicate(timeout=30)
    finally:
        child.kill()
    assert "ENDED" in out, err
    [record] = Store(data / "tui_back.json", FakeClock()).sessions()
    assert record.status == ABANDONED and "closed" in record.note


def test_a_session_kept_aside_is_saved_at_the_next_start(tmp_path):
    ctx = build_context(data_dir=tmp_path / "data", config_dir=tmp_path / "config", clock=FakeClock())
    now = datetime(2026, 11, 22, 9, tzinfo=timezone.utc)
    record = SessionRecord(ctx.clock.today(), now, now, "basic")
    pending = ctx.journal.keep_aside(record)
    assert pending.name == PENDING_FILE and (pending.stat().st_mode & 0o777) == 0o600
    ctx.journal.keep_aside(record)
    again = build_context(data_dir=tmp_path / "data", config_dir=tmp_path / "config", clock=FakeClock())
    warnings = again.journal.open()
    assert any("Saved 2 session(s) kept aside" in w for w in warnings)
    assert again.store.sessions() == [record, record]
    assert not pending.exists()


def controlling_terminal() -> None:
    """In the child: make its standard input, a pseudo-terminal, its controlling terminal, as a login shell has."""
    import fcntl
    import termios

    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def test_a_terminal_that_closes_mid_session_ends_the_app_and_keeps_the_session(tmp_path):
    """The real driver on a pseudo-terminal, closed mid-session as tmux or sshd does: saved, and the
    process ends instead of waiting for ever to restore a terminal that has gone."""
    import pty
    import select
    import time

    data, config = tmp_path / "data", tmp_path / "config"
    ctx = build_context(data_dir=data, config_dir=config)
    ctx.journal.save_check(ctx.journal.new_check((), "full"))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]), "TERM": "xterm-256color",
           "TUI_BACK_DATA_DIR": str(data), "TUI_BACK_CONFIG_DIR": str(config), "COLUMNS": "80", "LINES": "24"}
    master, slave = pty.openpty()
    child = subprocess.Popen([sys.executable, "-m", "tui_back"], stdin=slave, stdout=slave, stderr=slave,
                             env=env, start_new_session=True, preexec_fn=controlling_terminal)
    os.close(slave)
    screen = b""

    def read_until(marker: bytes, seconds: float = 30) -> None:
        nonlocal screen
        end = time.monotonic() + seconds
        while marker not in screen and time.monotonic() < end:
            if select.select([master], [], [], 0.2)[0]:
                screen += os.read(master, 65536)
        assert marker in screen, screen[-400:]

    try:
        read_until(b"Library")
        for keys, marker in ((b"2", b"Routine"), (b"\r", b"none of these"), (b"n", b"0-10"), (b"3\r", b"GET READY")):
            screen = b""
            os.write(master, keys)
            read_until(marker)
        os.close(master)  # the kernel hangs up the terminal: SIGHUP to the app
        child.wait(timeout=20)
    finally:
        child.kill()
    [record] = Store(data / "tui_back.json", FakeClock()).sessions()
    assert record.status == ABANDONED and "closed" in record.note
