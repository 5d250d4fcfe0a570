"""How fast `tui-back status` answers, for a shell prompt or a tmux status line.

    python bench/bench_status.py [--runs 21] [--paint] [--paint-runs 7]

Comparisons, each in one run with the two programs alternating so machine load hits both alike
(each run of the second divided by the run of the first just before it: `paired.py`):

1. `tui-back status` (empty history) against `python -c pass` on the same interpreter; goal <= 2.5x.
2. `tui-back status` with 10 years of daily sessions against an empty history; goal <= 1.2x.
   Then the same history with a `config.toml` against `python -c pass` (the goal of 1.),
   since reading any config file costs a prompt the TOML parser.
3. With `--paint`: the app's first paint (Streak pane drawn, in tmux at 120x40) with 10 years of
   history against an empty one; goal <= 1.2x.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from paired import paired_ratio
from tmux_paint import app_env, first_paint

from tui_back.clock import FakeClock
from tui_back.domain.records import SessionRecord
from tui_back.store import Store

FLOOR = [sys.executable, "-c", "pass"]
SCRIPT = shutil.which("tui-back", path=str(Path(sys.executable).parent))
TUI_BACK = [SCRIPT] if SCRIPT else [sys.executable, "-m", "tui_back"]

ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])  # this checkout, whatever is installed
"""Bytecode is cached (as for a user), outside the checkout (`PYTHONPYCACHEPREFIX`, set in `main`),
for every program measured."""


def status_cmd(data_dir: str, config_dir: str | None = None) -> list[str]:
    return [*TUI_BACK, "--data-dir", data_dir, "--config-dir", config_dir or data_dir, "status"]


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - start


def paint(data_dir: str) -> float:
    """Seconds until the Streak pane's last line is on screen."""
    return first_paint(" ".join(TUI_BACK), r"Total +\d+ session", env=app_env(data_dir), settle=0.5)


def ten_years(data_dir: Path) -> int:
    """Fill `data_dir` with one completed session a day for ten years up to today; returns the count."""
    today = date.today()
    records = []
    for n in range(3652):
        day = today - timedelta(days=n)
        start = datetime(day.year, day.month, day.day, 7, 30, tzinfo=timezone.utc)
        records.append(
            SessionRecord(
                local_date=day,
                started_utc=start,
                ended_utc=start + timedelta(minutes=12),
                routine="everyday",
                done=("pelvic-tilt", "bird-dog", "glute-bridge", "cat-camel", "walking"),
                duration_s=720,
                pain_before=3,
                pain_after=2,
            )
        )
    Store(data_dir / "tui_back.json", FakeClock(start=datetime.now(timezone.utc))).add_sessions(records)
    return len(records)


def compare(label_a: str, cmd_a, label_b: str, cmd_b, runs: int, goal: float, measure=None) -> None:
    measure = measure or timed
    for _ in range(2):  # write the bytecode cache, warm the file cache
        measure(cmd_a), measure(cmd_b)
    a, b = [], []
    for _ in range(runs):
        a.append(measure(cmd_a))
        b.append(measure(cmd_b))
    ma, mb = statistics.median(a), statistics.median(b)
    paired = paired_ratio(b, a)
    print(f"  {label_a:<28} {ma * 1000:7.1f} ms")
    print(f"  {label_b:<28} {mb * 1000:7.1f} ms")
    print(f"  ratio of medians             {mb / ma:7.2f}x  (goal <= {goal:.2f}x)")
    print(f"  paired ratio                 {paired.ratio:7.2f}x  (90% interval {paired.low:.2f}-{paired.high:.2f}x)")
    print(f"  verdict                      {paired.verdict(goal)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--paint", action="store_true", help="also time the app's first paint")
    parser.add_argument("--paint-runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tui-back-bench-") as scratch:
        ENV["PYTHONPYCACHEPREFIX"] = os.path.join(scratch, "pyc")
        empty, full = os.path.join(scratch, "empty"), Path(scratch) / "10y"
        os.mkdir(empty)
        full.mkdir()
        run(args, empty, full)


def run(args: argparse.Namespace, empty: str, full: Path) -> None:
    count = ten_years(full)
    size_kb = os.path.getsize(full / "tui_back.json") / 1024
    print(f"{' '.join(TUI_BACK)} status, median of {args.runs} runs (python {sys.version.split()[0]})")
    compare("python -c pass", FLOOR, "status, empty history", status_cmd(empty), args.runs, 2.5)
    print(f"with {count} daily sessions ({size_kb:.0f} KiB):")
    empty_cmd, full_cmd = status_cmd(empty), status_cmd(str(full))
    compare("status, empty history", empty_cmd, "status, 10 years", full_cmd, args.runs, 1.2)
    configured = full.parent / "config"
    configured.mkdir()
    (configured / "config.toml").write_text('rest_days = ["sun"]\nfreezes_per_month = 2\n')
    print("with a config.toml in the plain layout (read without tomllib), 10 years:")
    compare("python -c pass", FLOOR, "status, config.toml", status_cmd(str(full), str(configured)), args.runs, 2.5)
    if args.paint:
        print(f"first paint of the app with the Streak pane drawn, median of {args.paint_runs}, 120x40:")
        compare("app, empty history", empty, "app, 10 years", str(full), args.paint_runs, 1.2, measure=paint)


if __name__ == "__main__":
    main()
