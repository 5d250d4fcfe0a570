"""The physiotherapist report from the user's own data: shared by `tui-back report` and the Streak pane.

`tui_back.domain.report` writes the Markdown from plain records; this module gathers them (store,
settings, catalogue and routine names, red-flag wording) and writes files readable by the user only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui_back.sources import Sources

DEFAULT_WEEKS = 4


def report_markdown(ctx: Sources, weeks: int = DEFAULT_WEEKS) -> str:
    """The report for the `weeks` weeks up to today; `StoreError` if the database cannot be read."""
    from tui_back.data_files import builtin_rules
    from tui_back.domain.report import build_report
    from tui_back.domain.streaks import compute_stats

    settings, today = ctx.settings, ctx.clock.today()
    sessions, checks = ctx.store.sessions(), ctx.store.checks()
    stats = compute_stats(
        sessions,
        today,
        rest_weekdays=settings.rest_weekdays,
        freezes_per_month=settings.freezes_per_month,
        weekly_target=settings.weekly_target,
        excused=ctx.store.excused_days(),
    )
    names = {exercise.id: exercise.name for exercise in ctx.catalogue.exercises}
    names.update({routine.id: routine.name for routine in ctx.routines.routines})
    labels = {flag.id: flag.label for flag in builtin_rules().items}
    excused = [(day, str(doc.get("reason", ""))) for doc in ctx.store.excused() if (day := _day(doc)) is not None]
    return build_report(sessions, checks, stats, today, weeks, names, labels, ctx.store.clearances(), excused)


def _day(doc: Mapping[str, object]) -> date | None:
    """The `local_date` of a saved excused day; None for a damaged record, left out of the report."""
    try:
        return date.fromisoformat(str(doc.get("local_date")))
    except ValueError:
        return None


def report_filename(today: date) -> str:
    return f"tui-back-report-{today.isoformat()}.md"


def write_private(path: str | Path, text: str) -> Path:
    """Write `text` to `path`, readable and writable by the user only (0600): it is health data.

    A regular file (or none) is replaced whole through a new temp file beside it, so it is never
    left half-written and a link at `path` is replaced, not written through. Anything else (a
    terminal, `/dev/null`, a pipe) is written as it is and its mode never touched.
    """
    import stat

    from tui_back.paths import replace_privately

    target = Path(path)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode) and not stat.S_ISLNK(info.st_mode):
        with open(target, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        return target
    replace_privately(target, text.encode("utf-8"))
    return target
