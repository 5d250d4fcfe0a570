"""The `.days` index beside the database: sessions per day, so streaks need not read the database.

The store writes it after every write and reads it while it still describes the database file;
`tui-back status` (`tui_back.status_line`) reads it on every shell prompt, so it is plain text
read with the standard library alone and holds whole numbers, not dates to parse:

    tui-back-days 2 <schema version of the database>
    of <inode> <size> <mtime in ns>        the database file it was made from
    unreadable <sessions without a readable date>
    <key> <days> <days> ...                one line per key
    end                                    so that a file cut short at a line's end shows

A day is its proleptic Gregorian ordinal (`date.toordinal`); `<days>` is one day or a run of days,
`first-last`, and a day counts once per time it is listed (a second session that day lists it
again), so a daily habit of ten years is one run. The keys are session statuses
(`completed`, `abandoned`, ...) and the store's day keys (`excused`, `blocked-days`); a key not
made of lower-case letters, digits and hyphens (only a damaged record has one) is left out.
Anything else in the file, a missing line or a wrong number makes the whole index unusable.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from datetime import date

FORMAT = 2
"""Raise when the layout changes; an index in another layout is ignored (the first, JSON, too)."""
_KEY_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")

Identity = tuple[int, int, int]
"""A file's inode, size and mtime in nanoseconds."""


def encode(days: dict[str, Counter[date]], unreadable: int, identity: Identity, schema_version: int) -> bytes:
    lines = [f"tui-back-days {FORMAT} {schema_version}", "of {} {} {}".format(*identity), f"unreadable {unreadable}"]
    for key, counts in days.items():
        if key and set(key) <= _KEY_CHARACTERS:
            lines.append(" ".join((key, *_runs(counts))))
    return ("\n".join([*lines, "end", ""])).encode("ascii")


def _runs(counts: Counter[date]) -> list[str]:
    """The days with a session as runs of consecutive days, then each day again per further session."""
    days = sorted(day.toordinal() for day, n in counts.items() if n > 0)
    runs: list[str] = []
    first = 0
    for k, day in enumerate(days):
        if k + 1 == len(days) or days[k + 1] != day + 1:
            runs.append(str(day) if first == k else f"{days[first]}-{day}")
            first = k + 1
    extra = [str(day.toordinal()) for day, n in sorted(counts.items()) for _ in range(n - 1)]
    return runs + extra


def decode(data: bytes, identity: Identity, schema_version: int) -> tuple[dict[str, str], int] | None:
    """Each key's days, still as text for `day_counts`, and the unreadable count; None unless the
    index is whole, in this layout, and made from the database file with `identity`."""
    try:
        header, of, unreadable, *rest = data.decode("ascii").split("\n")
        if header != f"tui-back-days {FORMAT} {schema_version}" or of != "of {} {} {}".format(*identity):
            return None
        label, count = unreadable.split(" ")
        if label != "unreadable" or rest[-2:] != ["end", ""]:
            return None
        days = dict(line.partition(" ")[::2] for line in rest[:-2])
        return days, int(count)
    except ValueError:
        return None


def day_counts(days: str) -> Counter[date]:
    """Sessions per day from one key's text in the index; ValueError if it is not all days."""
    ordinals: list[int] = []
    for run in days.split():
        first, dash, last = run.partition("-")
        end = int(last if dash else first)
        if end < int(first):
            raise ValueError(f"a run that ends before it starts: {run}")
        ordinals.extend(range(int(first), end + 1))
    try:
        return Counter(map(date.fromordinal, ordinals))
    except OverflowError:
        raise ValueError("a day out of range") from None


def read(path: str) -> bytes | None:
    """The index file's bytes; None when it is absent, no regular file, or cannot be read (a missing
    or unreadable index only costs speed). A FIFO in its place does not hang the open."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with open(fd, "rb", closefd=False) as handle:
            return handle.read()
    except OSError:
        return None
    finally:
        os.close(fd)
