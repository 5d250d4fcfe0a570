"""Time to first paint of a terminal program, measured in a detached tmux session.

Shared by the startup benchmarks: start the command, poll `tmux capture-pane` until a marker
appears, and report wall time. tmux sees exactly what a user's terminal would.
"""

from __future__ import annotations

import re
import shlex
import statistics
import subprocess
import tempfile
import time

PYCACHE = tempfile.mkdtemp(prefix="tui-back-bench-pyc-")


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True).stdout


def first_paint(command: str, marker: str, size=(120, 40), env: dict[str, str] | None = None, timeout=20.0) -> float:
    """Seconds from launch until `marker` (a regex) is on screen."""
    session = f"bench{time.monotonic_ns()}"
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in {"PYTHONPYCACHEPREFIX": PYCACHE, **(env or {})}.items())
    start = time.perf_counter()
    _tmux("new-session", "-d", "-s", session, "-x", str(size[0]), "-y", str(size[1]), f"env -u PYTHONDONTWRITEBYTECODE {exports} {command}")
    try:
        pattern = re.compile(marker)
        while time.perf_counter() - start < timeout:
            if pattern.search(_tmux("capture-pane", "-p", "-t", session)):
                return time.perf_counter() - start
            time.sleep(0.005)
        raise TimeoutError(f"{marker!r} never appeared for {command!r}")
    finally:
        _tmux("kill-session", "-t", session)


def median_paint(command: str, marker: str, runs: int, **kwargs) -> float:
    return statistics.median(first_paint(command, marker, **kwargs) for _ in range(runs))
