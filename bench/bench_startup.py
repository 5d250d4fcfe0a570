"""First paint of the dashboard against the bare Textual floor, in the same run.

    python bench/bench_startup.py [--runs 9] [--wheel]

Goal: ratio <= 1.3. Runs alternate between the two programs so machine load hits both alike, and
each app run is paired with the floor run before it; the verdict uses the paired ratios' 90%
interval, so a run on a noisy machine says "cannot tell" instead of a lucky or unlucky number.
With `--wheel` the app runs from this checkout built as a wheel and installed in a temp dir (what
a user gets, the shipped data as msgpack included); otherwise from the checkout itself.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from paired import paired_ratio
from tmux_paint import app_env, first_paint, installed_wheel

GOAL = 1.3

FLOOR = Path(__file__).resolve().parent / "baseline_app.py"
"""The floor: the smallest honest Textual app (header, one label, footer)."""
APP_MARKERS = (
    r"\d+ of \d+ exercises",  # Library: the count line
    r"\d+ exercises, about \d+ (min|s)\. Press enter to start\.",  # Today: the plan total
    r"This is not medical advice and cannot diagnose\.",  # Symptoms: the disclaimer
    r"Total +\d+ sessions?",  # Streak: the last numbers line
)
"""First paint means the whole dashboard is drawn: all four panes' content in one capture."""


def app_command() -> str:
    """The `tui-back` command a user types, from this Python's environment; `python -m tui_back`
    when tui-back is not installed there (running from a bare checkout)."""
    script = Path(sys.executable).parent / "tui-back"
    return str(script) if script.exists() else f"{sys.executable} -m tui_back"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--floor", type=Path, default=FLOOR)
    parser.add_argument("--wheel", action="store_true", help="run the app from the built wheel")
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="tui-back-bench-")
    env = app_env(data, installed_wheel()) if args.wheel else app_env(data)
    app_cmd = app_command()
    floor_cmd = f"{sys.executable} {args.floor}"
    first_paint(app_cmd, APP_MARKERS, env=env, settle=2.0)  # warm-up runs: bytecode written, files in the OS cache
    first_paint(floor_cmd, "BASELINE READY", settle=1.0)
    app, floor = [], []
    for _ in range(args.runs):
        floor.append(first_paint(floor_cmd, "BASELINE READY"))
        app.append(first_paint(app_cmd, APP_MARKERS, env=env))
    f, a = statistics.median(floor), statistics.median(app)
    paired = paired_ratio(app, floor)
    print(f"first paint, median of {args.runs} at 120x40")
    print(f"  baseline_app.py  {f * 1000:7.1f} ms")
    print(f"  tui-back         {a * 1000:7.1f} ms")
    print(f"  ratio            {a / f:7.2f}x  (goal <= {GOAL:.2f}x)")
    print(f"  paired ratio     {paired.ratio:7.2f}x  (90% interval {paired.low:.2f}-{paired.high:.2f}x)")
    print(f"  verdict          {paired.verdict(GOAL)}")


if __name__ == "__main__":
    main()
