"""Instructions from process start to the first full frame: the dashboard against the floor.

    python bench/instructions.py [--runs 3] [--app-only] [--wheel]

Each program runs under `valgrind --tool=cachegrind` in a detached tmux session of 120x40, and
stops itself when what it has written to the terminal shows every marker `bench_startup.py`
waits for (all four panes with content; "BASELINE READY" for `baseline_app.py`). The count
repeats to about 0.1% from run to run, however loaded the machine is, so it can decide whether
a change pays where the wall clock cannot. Needs valgrind and tmux.

The dashboard's count still varies by a few percent from run to run: the streak's numbers come
from a worker thread, and how many frames the event loop draws before they arrive depends on
timing. So each program runs `--runs` times and the medians are compared (the lowest counts are
printed too). With `--wheel` the dashboard runs from this checkout built as a wheel and installed
in a temp dir, as a user gets it; otherwise from the checkout itself.

The program under test is run by this file's `--child` mode: it wraps the stream Textual's
driver writes to (`sys.__stderr__`) so that each write is also searched for the markers, with
the escape sequences taken out and each cursor move read as a line break, then runs the
program as a user would (`tui_back.launch.main`, or the floor script as `__main__`).
"""

from __future__ import annotations

import os
import re
import sys

MARKERS_VARIABLE = "TUI_BACK_BENCH_MARKERS"
"""The child's markers, one a line: passed in, so the child imports nothing the programs would not."""
MOVE = re.compile(r"\x1b\[[0-9;]*[Hf]")
ESCAPE = re.compile(r"\x1b(\[[0-9;?<=>]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[@-Z\\-_])")


class Watch:
    """A text stream that passes everything on and ends the process once all `markers` were written."""

    def __init__(self, stream, markers: tuple[str, ...]) -> None:
        self.stream = stream
        self.patterns = [re.compile(m) for m in markers]
        self.seen: set[int] = set()

    def write(self, text: str) -> int:
        written = self.stream.write(text)
        plain = ESCAPE.sub("", MOVE.sub("\n", text))
        self.seen.update(n for n, p in enumerate(self.patterns) if n not in self.seen and p.search(plain))
        if len(self.seen) == len(self.patterns):
            self.stream.flush()
            os._exit(0)
        return written

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def child(kind: str, floor: str = "") -> None:
    sys.__stderr__ = Watch(sys.__stderr__, tuple(os.environ.pop(MARKERS_VARIABLE).splitlines()))
    if kind == "floor":
        import runpy

        sys.argv = [floor]
        runpy.run_path(floor, run_name="__main__")
    else:
        sys.argv = ["tui-back"]
        from tui_back.launch import main

        main()
    sys.exit("the program ended before its first full frame")


def run(kind: str, env: dict[str, str], valgrind: bool, timeout: float = 600.0) -> int | None:
    """Run one program in tmux; its instruction count when `valgrind`, else None (a warm-up run)."""
    import shlex
    import subprocess
    import tempfile
    import time
    from pathlib import Path

    from bench_startup import APP_MARKERS, FLOOR
    from tmux_paint import PYCACHE

    markers = APP_MARKERS if kind == "app" else ("BASELINE READY",)
    socket = f"tui-back-ic-{os.getpid()}"
    session = f"ic{time.monotonic_ns()}"
    log = Path(tempfile.mkdtemp(prefix="tui-back-ic-")) / "valgrind.log"
    variables = {"PYTHONPYCACHEPREFIX": PYCACHE, "PYTHONHASHSEED": "0", MARKERS_VARIABLE: "\n".join(markers), **env}
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in variables.items())
    tool = (
        f"valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null --log-file={log} "
        if valgrind
        else ""
    )
    me = Path(__file__).resolve()
    command = f"env -u PYTHONDONTWRITEBYTECODE {exports} {tool}{sys.executable} {me} --child {kind} {FLOOR}"
    tmux = ["tmux", "-L", socket]
    subprocess.run([*tmux, "new-session", "-d", "-s", session, "-x", "120", "-y", "40", command], check=True)
    start = time.monotonic()
    try:
        while subprocess.run([*tmux, "has-session", "-t", session], capture_output=True).returncode == 0:
            if time.monotonic() - start > timeout:
                raise TimeoutError(f"{kind} did not reach its first full frame in {timeout} s")
            time.sleep(0.2)
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)
    if not valgrind:
        return None
    found = re.search(r"I\s+refs:\s+([\d,]+)", log.read_text())
    if found is None:
        raise RuntimeError(f"no count in {log}:\n{log.read_text()}")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    import argparse
    import statistics
    import tempfile
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from tmux_paint import app_env, installed_wheel

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--app-only", action="store_true", help="count the dashboard only")
    parser.add_argument("--wheel", action="store_true", help="run the dashboard from the built wheel")
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="tui-back-bench-")
    env = app_env(data, installed_wheel()) if args.wheel else app_env(data)
    medians = {}
    for kind, name, program_env in (("app", "tui-back", env), ("floor", "baseline_app.py", {})):
        if kind == "floor" and args.app_only:
            break
        run(kind, program_env, valgrind=False)  # warm-up: bytecode written, files in the OS cache
        counts = [run(kind, program_env, valgrind=True) or 0 for _ in range(args.runs)]
        medians[kind] = statistics.median(counts)
        listed = " ".join(f"{c / 1e6:.0f}" for c in counts)
        low = min(counts) / 1e6
        median = medians[kind] / 1e6
        print(f"{name:16} {median:7.0f} M instructions (median; lowest {low:.0f}; runs: {listed})", flush=True)
    if not args.app_only:
        print(f"ratio            {medians['app'] / medians['floor']:7.3f}x  (goal <= 1.3x)")


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    else:
        main()
