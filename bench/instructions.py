"""Instructions to the first frame, counted by valgrind: a figure that does not move with the machine.

    python bench/instructions.py [--panes]

Wall-clock first paint on a shared machine swings by a third from minute to minute, more than most
start-up changes are worth, so a change of a few per cent cannot be seen in `bench_startup.py`
without hundreds of runs. Valgrind's cachegrind counts the instructions the process runs from its
start to its first full frame instead: the same program gives the same count to within 0.1%, so
two versions, or the dashboard with and without a pane (`--panes`), can be compared in one run each.

The count is CPU work only. Wall time also holds process start-up, loading files and the terminal,
which cost the app and the floor alike, so the wall-clock ratio is smaller than this one; the goal
stays the wall-clock figure from `bench_startup.py`. Needs valgrind and tmux; each program runs
about 50 times slower under valgrind (a few seconds each).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

CACHED_FLOOR = "floor + app's cache"
"""The floor with the app's start-up cache (`tui_back.startup_cache`): what the app saves that the
floor could save too, so the part of the ratio that is the app's own work shows."""
FIRST_FRAME_BYTES = 3000
"""The first write this large is the first full frame; the terminal set-up before it is smaller."""


def child(program: str, args: list[str]) -> None:
    """Run the floor (`args`: its path; "floor-cached" with the app's start-up cache) or the app
    (`args`: the panes to leave out), and end the process as soon as its first full frame is written."""
    from after_import import after_import

    def stop_after_first_frame(linux_driver) -> None:
        write = linux_driver.LinuxDriver.write

        def write_then_stop(self, data: str) -> None:
            write(self, data)
            if len(data) > FIRST_FRAME_BYTES:
                cache = sys.modules.get("tui_back.startup_cache")
                if cache:
                    cache.finish()  # as the app does just after its first frame: a warm-up run fills it
                os._exit(0)

        linux_driver.LinuxDriver.write = write_then_stop

    after_import("textual.drivers.linux_driver", stop_after_first_frame)
    if program.startswith("floor"):
        if program == "floor-cached":
            from tui_back import startup_cache

            startup_cache.start(Path(os.environ["TUI_BACK_CACHE_DIR"]))
        floor = Path(args[0])  # run as `python baseline_app.py` would, with nothing of the bench's loaded
        sys.argv = [str(floor)]
        exec(compile(floor.read_text(), floor, "exec"), {"__name__": "__main__", "__file__": str(floor)})
    else:
        from startup_anatomy import run_without

        run_without(args)


def count(command: str, env: dict[str, str], log: Path) -> int:
    """Instructions `command` runs under cachegrind, in a tmux session of its own (it needs a terminal)."""
    import shlex
    import time

    from tmux_paint import PYCACHE, _start_server, _tmux

    _start_server()
    session = f"instr{time.monotonic_ns()}"
    exports = " ".join(
        f"{k}={shlex.quote(v)}" for k, v in {"PYTHONPYCACHEPREFIX": PYCACHE, "PYTHONHASHSEED": "0", **env}.items()
    )
    valgrind = f"valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null --log-file={log}"
    _tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40", f"env -u PYTHONDONTWRITEBYTECODE {exports} {valgrind} {command}")
    while _tmux("list-panes", "-t", session):
        time.sleep(0.2)
    found = re.search(r"I\s+refs:\s+([\d,]+)", log.read_text())
    if not found:
        raise RuntimeError(f"valgrind gave no count for {command!r}; see {log}")
    return int(found.group(1).replace(",", ""))


def measure() -> None:
    import argparse
    import shutil
    import tempfile

    from bench_startup import APP_MARKERS, FLOOR, app_command
    from startup_anatomy import PANES, PLACEHOLDER
    from tmux_paint import app_env, first_paint

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--panes", action="store_true", help="also count the dashboard with each pane left out")
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        sys.exit("valgrind is not installed: this bench counts instructions with it")
    data = tempfile.mkdtemp(prefix="tui-back-bench-")

    def env(cache: str) -> dict[str, str]:
        return app_env(data, f"cache-{cache}")  # one per program, each filled by a warm-up run

    me = f"{sys.executable} {Path(__file__).resolve()} --child"
    programs = {
        "baseline_app.py": (f"{me} floor {FLOOR}", {}),
        "full dashboard": (f"{me} app", env("full")),
        CACHED_FLOOR: (f"{me} floor-cached {FLOOR}", env("floor")),
    }
    first_paint(f"{sys.executable} {FLOOR}", "BASELINE READY")  # bytecode
    first_paint(app_command(), APP_MARKERS, env=env("full"), settle=2.0)  # and the app's caches
    count(*programs[CACHED_FLOOR], Path(data) / "valgrind.log")  # the floor's start-up cache
    if args.panes:
        anatomy = f"{sys.executable} {Path(__file__).with_name('startup_anatomy.py')} --without"
        variants = {"shell (no panes)": PANES, **{f"without {p}": (p,) for p in PANES}}
        for name, left_out in variants.items():
            programs[name] = (f"{me} app {' '.join(left_out)}", env("-".join(left_out)))
            first_paint(f"{anatomy} {' '.join(left_out)}", PLACEHOLDER, env=env("-".join(left_out)), settle=2.0)
    log = Path(data) / "valgrind.log"
    counts = {name: count(command, program_env, log) for name, (command, program_env) in programs.items()}
    floor, full = counts["baseline_app.py"], counts["full dashboard"]
    print("instructions from start to the first full frame, 120x40")
    for name, n in counts.items():
        cost = f"  (the pane: {(full - n) / 1e6:5.0f} M)" if name.startswith("without") else ""
        print(f"  {name:18} {n / 1e6:7.0f} M  {n / floor:5.2f}x{cost}")
    cached_floor = counts[CACHED_FLOOR]
    print(f"the dashboard against a floor that reuses compiled code as the app does: {full / cached_floor:.2f}x")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], sys.argv[3:])
    else:
        measure()
