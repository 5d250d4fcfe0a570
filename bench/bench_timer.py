"""Live-timer benchmarks, run in tmux exactly as a user's terminal would see the app.

    python bench/bench_timer.py bytes [--runs 3] [--seconds 10] [--hold 600]
    python bench/bench_timer.py zero [--hold 60]
    python bench/bench_timer.py cpu [--seconds 20] [--hold 600]

`bytes`: bytes written to the terminal per second while a hold counts down in tui-back, against
`baseline_timer.py` (a bare 1 Hz Textual countdown) in the same run, alternating, at 120x40.
Goal: ratio <= 1.5. The default 10-minute hold shows "10:00" at first, so the countdown has five
glyphs and a smaller scale (15 rows at 120x40); `--hold 590` measures the 20-row digits every hold
under ten minutes gets.

`zero`: a real 60-second hold; how late the big countdown shows 0:00 after the hold's true end.
The session starts when the pain question is answered (enter), so the hold truly ends at
enter + lead-in + hold; the time "0:00" is first on screen, minus that, is an upper bound on the
display lag (it also includes the key's trip through tmux). Goal: <= 0.25 s.

`cpu`: CPU time the app process uses (user + system, from /proc) while a hold runs, as a share of
one core. Goal: < 1%.

The session is started with keys only (tmux send-keys), through the real symptom gate: a
`routines.toml` in a temporary data dir holds one long hold, and `config.toml` makes it the
default routine.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASELINE = Path(__file__).resolve().parent / "baseline_timer.py"
SIZE = (120, 40)
LEAD_IN_S = 5
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tui_back.ui.big_digits import FONT_ROWS, digit_scale, render  # noqa: E402  (this checkout's font)

_SCALE = digit_scale(*SIZE)
ZERO = re.escape(render("0:00", _SCALE).split("\n")[FONT_ROWS * _SCALE // 2].rstrip())
"""The middle row of "0:00" in the session screen's big digits at `SIZE` (no other time has it)."""
ROUTINE = """
[[routine]]
id = "bench"
name = "Benchmark hold"

[[routine.exercise]]
id = "pelvic-tilt"
hold_s = {hold}
reps = 1
"""


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True).stdout


def screen(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def wait_for(session: str, pattern: str, timeout: float = 20.0, poll: float = 0.01) -> float:
    """Block until `pattern` (a regex) is on screen; returns the perf_counter time it was seen."""
    regex = re.compile(pattern)
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if regex.search(screen(session)):
            return time.perf_counter()
        time.sleep(poll)
    raise TimeoutError(f"{pattern!r} never appeared in {session}:\n{screen(session)}")


def launch(command: str, env: dict[str, str] | None = None) -> str:
    session = f"bt{os.getpid()}{time.monotonic_ns()}"
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
    tmux("new-session", "-d", "-s", session, "-x", str(SIZE[0]), "-y", str(SIZE[1]), f"env {exports} {command}")
    return session


def app_env(hold_s: int) -> dict[str, str]:
    home = Path(tempfile.mkdtemp(prefix="tui-back-bench-"))
    (home / "data").mkdir()
    (home / "data" / "routines.toml").write_text(ROUTINE.format(hold=hold_s), encoding="utf-8")
    (home / "config.toml").write_text('default_routine = "bench"\n', encoding="utf-8")
    repo = str(Path(__file__).resolve().parents[1])  # this checkout is measured, whatever is installed
    env = {"TUI_BACK_DATA_DIR": str(home / "data"), "TUI_BACK_CONFIG_DIR": str(home), "PYTHONPATH": repo}
    # A first session needs a clear full checklist: save one, as a user would in the Symptoms pane.
    seed = "from tui_back.context import build_context as b; j = b().journal; j.save_check(j.new_check((), 'full'))"
    subprocess.run([sys.executable, "-c", seed], env={**os.environ, **env}, check=True)
    return env


def start_hold(hold_s: int) -> tuple[str, float]:
    """Open tui-back, go to Today, pass the gate, skip the pain question; returns (session, enter time)."""
    session = launch(f"{shlex.quote(sys.executable)} -m tui_back", app_env(hold_s))
    wait_for(session, r"\d+ of \d+ exercises")
    for _ in range(10):  # the first keys can arrive before the app listens
        tmux("send-keys", "-t", session, "Escape")
        time.sleep(0.3)
        tmux("send-keys", "-t", session, "2")
        try:
            wait_for(session, r"Start .*Library", timeout=1.0)  # Today's own keys lead the footer
            break
        except TimeoutError:
            continue
    wait_for(session, r"> Benchmark hold")
    tmux("send-keys", "-t", session, "Enter")
    wait_for(session, r"Before you start")
    tmux("send-keys", "-t", session, "n")
    wait_for(session, r"hurt right now")
    entered = time.perf_counter()
    tmux("send-keys", "-t", session, "Enter")
    wait_for(session, r"GET READY")
    return session, entered


def bytes_per_second(session: str, seconds: float) -> float:
    log = Path(tempfile.mkstemp(prefix="tui-back-pipe-")[1])
    tmux("pipe-pane", "-o", "-t", session, f"cat >> {shlex.quote(str(log))}")
    time.sleep(seconds)
    tmux("pipe-pane", "-t", session)
    time.sleep(0.2)
    size = log.stat().st_size
    log.unlink()
    return size / seconds


def measure_app(seconds: float, hold_s: int) -> float:
    session, _ = start_hold(hold_s=hold_s)
    try:
        wait_for(session, r"\bHOLD\b", timeout=LEAD_IN_S + 5)
        time.sleep(1.0)
        return bytes_per_second(session, seconds)
    finally:
        tmux("kill-session", "-t", session)


def measure_baseline(floor: Path, seconds: float) -> float:
    session = launch(f"{shlex.quote(sys.executable)} {shlex.quote(str(floor))}")
    try:
        wait_for(session, r"HOLD \d\d:\d\d")
        time.sleep(1.0)
        return bytes_per_second(session, seconds)
    finally:
        tmux("kill-session", "-t", session)


def run_bytes(args: argparse.Namespace) -> None:
    app, floor = [], []
    for _ in range(args.runs):
        floor.append(measure_baseline(args.floor, args.seconds))
        app.append(measure_app(args.seconds, args.hold))
    f, a = statistics.median(floor), statistics.median(app)
    windows = f"{args.seconds:g} s windows, median of {args.runs} at 120x40"
    print(f"bytes to the terminal while a {args.hold} s hold runs, {windows}")
    print(f"  baseline_timer.py  {f:8.1f} B/s   runs: {', '.join(f'{x:.0f}' for x in floor)}")
    print(f"  tui-back           {a:8.1f} B/s   runs: {', '.join(f'{x:.0f}' for x in app)}")
    print(f"  ratio              {a / f:8.2f}x   (goal <= 1.50x)")


def run_zero(args: argparse.Namespace) -> None:
    session, entered = start_hold(hold_s=args.hold)
    try:
        shown = wait_for(session, r"\bHOLD\b", timeout=LEAD_IN_S + 5, poll=0.005)
        # The summary replaces the screen one frame after 0:00 is drawn, which a capture can miss:
        # whichever is seen first bounds the lag from above.
        zero = wait_for(session, f"{ZERO}|session finished", timeout=args.hold + 10, poll=0.005)
        asked = wait_for(session, r"session finished", timeout=5, poll=0.005)
    finally:
        tmux("kill-session", "-t", session)
    true_end = entered + LEAD_IN_S + args.hold
    print(f"a real {args.hold} s hold at 120x40")
    print(f"  HOLD shown until 0:00   {zero - shown:7.3f} s")
    print(f"  0:00 on screen          {zero - true_end:+7.3f} s after the hold's true end (goal <= 0.25 s)")
    print(f"  finish question shown   {asked - true_end:+7.3f} s after it")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of `pid` so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_cpu(args: argparse.Namespace) -> None:
    session, _ = start_hold(hold_s=args.hold)
    try:
        wait_for(session, r"\bHOLD\b", timeout=LEAD_IN_S + 5)
        time.sleep(1.0)
        pid = int(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())
        before, started = cpu_seconds(pid), time.perf_counter()
        time.sleep(args.seconds)
        used, elapsed = cpu_seconds(pid) - before, time.perf_counter() - started
    finally:
        tmux("kill-session", "-t", session)
    print(f"CPU while a hold runs, {elapsed:.1f} s at 120x40")
    print(f"  {used:.3f} s of CPU = {100 * used / elapsed:.2f}% of one core (goal < 1%)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    bytes_mode = sub.add_parser("bytes", help="bytes per second against the baseline timer")
    bytes_mode.add_argument("--runs", type=int, default=3)
    bytes_mode.add_argument("--seconds", type=float, default=10.0)
    bytes_mode.add_argument("--floor", type=Path, default=BASELINE)
    bytes_mode.add_argument("--hold", type=int, default=600)
    zero_mode = sub.add_parser("zero", help="how late a real hold's display reaches zero")
    zero_mode.add_argument("--hold", type=int, default=60)
    cpu_mode = sub.add_parser("cpu", help="share of a core used while a hold runs")
    cpu_mode.add_argument("--seconds", type=float, default=20.0)
    cpu_mode.add_argument("--hold", type=int, default=600)
    args = parser.parse_args()
    {"bytes": run_bytes, "zero": run_zero, "cpu": run_cpu}[args.mode](args)


if __name__ == "__main__":
    main()
