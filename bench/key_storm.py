"""Thousands of random keys from a fixed seed, at a few terminal sizes: does any sequence crash the app?

    python bench/key_storm.py [--seed 18] [--keys 2000] [--sizes 60x20,120x40]

The app runs in-process under Textual's `run_test` (no terminal needed), on a fake clock and a
temporary data dir that starts with a clear full checklist, so the safety check lets sessions start.
Each key is one of the keys the app binds (and some it does not), a short walk that opens the
pre-session check and answers it, text typed into a box, or a jump of the fake clock (so holds end
and rests run out). Random keys come as fast as the app takes them, with a wait for the journal's
worker threads every ten keys; a walk waits a reader's moment after each of its keys. After every
key the bench checks that the app still runs; an exception (in the app or one of its workers) ends
the run for that size with the seed, the index of the key and the keys just before it, so the
sequence can be replayed. A quit (the palette offers one, the settings screen can lead to one) is
counted and a new app opened on the same data. The screens seen are counted, to show the keys
reached the gate, the session, the dialogs and the palette.

The exit status is 1 if any size crashed or hung, else 0. The suite's `tests/ui/test_key_storm.py`
runs a short storm on every test run; this is the long one.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout, not an installed tui-back

from tui_back.clock import FakeClock
from tui_back.context import AppContext, build_context
from tui_back.ui.app import make_app
from tui_back.ui.journal_access import JOURNAL_WORK

KEYS = (
    "1", "2", "3", "4", "enter", "escape", "space", "up", "down", "pageup", "pagedown", "tab", "shift+tab",
    "home", "end", "left", "right", "backspace", "delete", "question_mark", "comma", "slash", "ctrl+p", "ctrl+s",
    "a", "b", "c", "d", "e", "h", "i", "k", "l", "n", "r", "s", "w", "x", "y", "0", "3", "5", "7", "9", "f1",
    "escape", "escape", "enter", "n", "space",
)  # fmt: skip
"""Every key the app binds, and some it does not (the ones that close or answer a screen more often,
so the storm does not sit in the palette); `q` and `ctrl+q` are left out, as they end the run."""

WALKS = (
    ("2", "enter"),  # the Today pane: open the pre-session check
    ("2", "enter", "n"),  # ... and answer "none of these"
    ("escape", "2", "enter", "n", "3", "enter"),  # ... then a pain score before it: the session starts
    ("escape", "2", "down", "enter", "n", "7", "enter"),  # another routine
    ("escape", "2", "enter", "n", "a", "t", "o", "d", "a", "y", "enter"),  # a block after a tick: "seen today"
    ("ctrl+p", "s", "t", "a", "r", "t"),  # the palette, typing a command's name
    ("ctrl+p", "h", "i", "s", "enter"),
    ("4", "y"),  # the history view
)
"""Short walks into the flows a single random key seldom reaches."""

TICK = "<clock>"
"""Not a key: the fake clock jumps 1-90 s, so a hold ends or a rest runs out."""

PRESS_TIMEOUT_S = 30.0
WALK_PAUSE_S = 0.1
"""A walk's pause after each key, as a reader's: the check takes `n` only once all of it was laid out."""


async def settle(pilot) -> None:
    """Wait until no journal call runs (as `tests/ui/pilot_wait.py` does): a walk's next key then
    reaches the screen the last one led to, as it would for someone reading the screen."""
    app = pilot.app
    while True:
        await pilot.pause()
        running = [w for w in app.workers if w.group == JOURNAL_WORK and not w.is_finished]
        if not running:
            return
        await app.workers.wait_for_complete(running)


def next_step(rng: random.Random) -> tuple[str, ...]:
    draw = rng.random()
    if draw < 0.10:
        return rng.choice(WALKS)
    if draw < 0.16:
        return (TICK,)
    return (rng.choice(KEYS),)


def fresh_context(root: Path, clock: FakeClock) -> AppContext:
    ctx = build_context(data_dir=root / "data", config_dir=root / "config", clock=clock)
    ctx.journal.save_check(ctx.journal.new_check((), "full"))
    return ctx


class Storm:
    """One size's run: the keys pressed so far, the screens seen, and how it ended."""

    def __init__(self, seed: int, keys: int, size: tuple[int, int]) -> None:
        self.rng = random.Random(f"{seed}-{size[0]}x{size[1]}")
        self.seed, self.keys, self.size = seed, keys, size
        self.pressed: list[str] = []
        self.screens: Counter[str] = Counter()
        self.quits = 0
        self.failure = ""

    async def run(self) -> None:
        with tempfile.TemporaryDirectory(prefix="tui-back-storm-") as root:
            clock = FakeClock()
            ctx = fresh_context(Path(root), clock)
            while len(self.pressed) < self.keys and not self.failure:
                await self._one_app(make_app(ctx), clock)
                ctx.reload_settings()

    async def _one_app(self, app, clock: FakeClock) -> None:
        try:
            async with app.run_test(size=self.size) as pilot:
                while len(self.pressed) < self.keys:
                    step = next_step(self.rng)
                    for key in step:
                        self.pressed.append(key)
                        if key == TICK:
                            clock.advance(self.rng.uniform(1, 90))
                            await pilot.pause()
                        else:
                            await asyncio.wait_for(pilot.press(key), PRESS_TIMEOUT_S)
                        if len(step) > 1:
                            await pilot.pause(WALK_PAUSE_S)
                        if len(step) > 1 or len(self.pressed) % 10 == 0:
                            await asyncio.wait_for(settle(pilot), PRESS_TIMEOUT_S)
                        if not app.is_running:
                            break
                        self.screens[type(app.screen).__name__] += 1
                    if not app.is_running:
                        break
        except asyncio.TimeoutError:
            self.failure = f"hang: key {len(self.pressed) - 1} ({self.pressed[-1]!r}) took over {PRESS_TIMEOUT_S} s"
            return
        except Exception:
            self.failure = "exception:\n" + traceback.format_exc()
            return
        if app.return_code not in (0, None):
            self.failure = f"the app ended with return code {app.return_code}"
        elif len(self.pressed) < self.keys:
            self.quits += 1

    def report(self) -> str:
        width, height = self.size
        head = (
            f"{width}x{height}: {len(self.pressed)} keys (seed {self.seed}), {self.quits} quit(s) and reopened; "
            f"screens seen: {', '.join(f'{name} {n}' for name, n in self.screens.most_common())}"
        )
        if not self.failure:
            return head + "\n  no crash, no hang"
        index = len(self.pressed) - 1
        recent = " ".join(self.pressed[max(0, index - 20) : index + 1])
        where = f"FAILED at key index {index} (seed {self.seed}); the keys up to it: {recent}"
        return f"{head}\n  {where}\n  {self.failure}"


def parse_size(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    return int(width), int(height)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--keys", type=int, default=2000, help="keys per size")
    parser.add_argument("--sizes", default="60x20,120x40", help="comma-separated WIDTHxHEIGHT")
    args = parser.parse_args(argv)
    failed = False
    for size in map(parse_size, args.sizes.split(",")):
        storm = Storm(args.seed, args.keys, size)
        started = time.perf_counter()
        asyncio.run(storm.run())
        print(storm.report(), f"\n  {time.perf_counter() - started:.0f} s", flush=True)
        failed = failed or bool(storm.failure)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
