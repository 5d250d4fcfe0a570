"""Time to first paint of a terminal program, measured in a detached tmux session.

Shared by the startup benchmarks: start the command, poll `tmux capture-pane` until every marker
is on screen in one capture, and report wall time. tmux sees exactly what a user's terminal would.

The runs use a tmux server of their own, kept alive by an idle session until the process ends:
with the default server, killing the last session stops it, and the next run could race the
stopping server and see a blank screen.
"""

from __future__ import annotations

import atexit
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

PYCACHE = tempfile.mkdtemp(prefix="tui-back-bench-pyc-")
REPO = str(Path(__file__).resolve().parents[1])
"""The checkout this bench lives in; it goes first on the app's path, so that checkout is measured
even when the environment has tui-back installed from somewhere else."""
SOCKET = f"tui-back-bench-{os.getpid()}"


def app_env(data: str, code: str = REPO) -> dict[str, str]:
    """tui-back's data and config dirs inside `data`, a bench's own temp dir, and the code in `code`
    (this checkout unless told otherwise)."""
    return {"TUI_BACK_DATA_DIR": data, "TUI_BACK_CONFIG_DIR": data, "PYTHONPATH": code}


def installed_wheel() -> str:
    """This checkout built as a wheel and installed (without dependencies) into a temp dir: the
    code as a user gets it, with what the wheel build adds (the shipped data as msgpack)."""
    out = tempfile.mkdtemp(prefix="tui-back-bench-wheel-")
    pip = [sys.executable, "-m", "pip"]
    subprocess.run([*pip, "wheel", "--no-deps", "-q", "-w", out, REPO], check=True, capture_output=True)
    wheel = next(Path(out).glob("tui_back-*.whl"))
    site = str(Path(out) / "site")
    subprocess.run([*pip, "install", "--no-deps", "-q", "--target", site, str(wheel)], check=True, capture_output=True)
    return site


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True).stdout


def _start_server() -> None:
    if not _tmux("list-sessions"):
        _tmux("new-session", "-d", "-s", "idle", "sleep 86400")
        atexit.register(_tmux, "kill-server")


def first_paint(
    command: str,
    markers: str | Sequence[str],
    size=(120, 40),
    env: dict[str, str] | None = None,
    timeout=20.0,
    settle=0.0,
) -> float:
    """Seconds from launch until every regex in `markers` (or the one regex) is on screen at once.

    `settle` keeps the program running that much longer before it is stopped (for a warm-up run
    that should finish what it does after its first frame, such as writing bytecode).
    """
    _start_server()
    session = f"bench{time.monotonic_ns()}"
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in {"PYTHONPYCACHEPREFIX": PYCACHE, **(env or {})}.items())
    start = time.perf_counter()
    shell = f"env -u PYTHONDONTWRITEBYTECODE {exports} {command}"
    _tmux("new-session", "-d", "-s", session, "-x", str(size[0]), "-y", str(size[1]), shell)
    try:
        patterns = [re.compile(m) for m in ([markers] if isinstance(markers, str) else markers)]
        screen = ""
        while time.perf_counter() - start < timeout:
            screen = _tmux("capture-pane", "-p", "-t", session)
            if all(p.search(screen) for p in patterns):
                elapsed = time.perf_counter() - start
                time.sleep(settle)
                return elapsed
            time.sleep(0.005)
        missing = [p.pattern for p in patterns if not p.search(screen)]
        raise TimeoutError(f"{missing!r} never appeared for {command!r}; last screen:\n{screen}")
    finally:
        _tmux("kill-session", "-t", session)

