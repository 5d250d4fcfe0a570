"""What the start-up cache saves: first paint of `tui-back` with and without `startup.marshal`.

    python bench/bench_startup_cache.py [--runs 12]

Runs alternate. Before a run "without", the file is deleted (the app writes it again after its
first frame); before a run "with", the copy from the warm-up run is put back. Everything else
(bytecode, parsed data files, styles) is warm in both.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_startup import APP_MARKERS, app_command  # noqa: E402
from tmux_paint import app_env, first_paint  # noqa: E402

from tui_back.startup_cache import FILE_NAME  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=12)
    args = parser.parse_args()
    data = Path(tempfile.mkdtemp(prefix="tui-back-bench-"))
    env = app_env(str(data))
    cache = Path(env["TUI_BACK_CACHE_DIR"])
    first_paint(app_command(), APP_MARKERS, env=env, settle=2.0)  # fills every cache
    kept = data / FILE_NAME
    shutil.copy2(cache / FILE_NAME, kept)
    with_file, without = [], []
    for _ in range(args.runs):
        shutil.copy2(kept, cache / FILE_NAME)
        with_file.append(first_paint(app_command(), APP_MARKERS, env=env))
        (cache / FILE_NAME).unlink()
        without.append(first_paint(app_command(), APP_MARKERS, env=env, settle=1.0))  # let it write, as users see
    saved = statistics.median(b - a for a, b in zip(with_file, without))
    print(f"first paint, median of {args.runs} at 120x40")
    print(f"  with {FILE_NAME}     {statistics.median(with_file) * 1000:7.1f} ms")
    print(f"  without it           {statistics.median(without) * 1000:7.1f} ms")
    print(f"  saved (paired)       {saved * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
