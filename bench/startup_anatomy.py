"""Where first paint goes: the dashboard with each pane left out in turn, and with none of them.

    python bench/startup_anatomy.py [--runs 7]

A pane left out is replaced by a one-line placeholder, so the difference from the full dashboard is
what that pane costs to build, style and draw. "shell" leaves out all four: the imports, header,
footer and settings that every first frame pays. All figures are medians against
`baseline_app.py` in the same run, like `bench_startup.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path

PANES = ("library", "today", "symptoms", "streak")
PLACEHOLDER = "PANE LEFT OUT"


def run_without(left_out: list[str]) -> None:
    """Child mode: open the dashboard with the `left_out` panes replaced by placeholders.

    It imports nothing the app would not, and nothing sooner, so the shell's figure is not
    inflated by the bench.
    """
    from after_import import after_import

    from tui_back.launch import main

    def replace_panes(app_module) -> None:
        from textual.widgets import Static

        class Placeholder(Static):
            BINDINGS = []

            def __init__(self, **kwargs) -> None:
                super().__init__(PLACEHOLDER, **kwargs)

        app_module.PANES = tuple((p, t, Placeholder if p in left_out else c) for p, t, c in app_module.PANES)

    after_import("tui_back.ui.app", replace_panes)
    sys.argv = sys.argv[:1]
    main()


def measure() -> None:
    import argparse
    import random
    import statistics
    import tempfile

    sys.path.insert(0, str(Path(__file__).parent))
    from bench_startup import APP_MARKERS, FLOOR, app_command
    from tmux_paint import app_env, first_paint

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="tui-back-bench-")
    me = f"{sys.executable} {Path(__file__).resolve()} --without"
    programs = {
        "baseline_app.py": (f"{sys.executable} {FLOOR}", "BASELINE READY", {}),
        "full dashboard": (app_command(), APP_MARKERS, app_env(data, "cache-full")),
        "shell (no panes)": (f"{me} {' '.join(PANES)}", PLACEHOLDER, app_env(data, "cache-shell")),
        **{f"without {p}": (f"{me} {p}", PLACEHOLDER, app_env(data, f"cache-{p}")) for p in PANES},
    }
    for command, markers, program_env in programs.values():
        first_paint(command, markers, env=program_env, settle=2.0)  # a first run fills the caches
    times: dict[str, list[float]] = {name: [] for name in programs}
    order = list(programs)
    for _ in range(args.runs):
        random.shuffle(order)  # no program always runs just after another
        for name in order:
            command, markers, program_env = programs[name]
            times[name].append(first_paint(command, markers, env=program_env))
    medians = {name: statistics.median(t) for name, t in times.items()}
    floor, full = medians["baseline_app.py"], medians["full dashboard"]
    print(f"first paint, median of {args.runs} at 120x40")
    for name, median in medians.items():
        cost = f"  (the pane costs {(full - median) * 1000:5.1f} ms)" if name.startswith("without") else ""
        print(f"  {name:18} {median * 1000:7.1f} ms  {median / floor:5.2f}x{cost}")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--without"]:
        run_without(sys.argv[2:])
    else:
        measure()
