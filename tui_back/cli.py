"""The `tui-back` command's arguments: no subcommand opens the app; the others answer headless and fast.

Plain `tui-back` never gets here (`tui_back.launch` opens the app without loading click); this group
handles every call with arguments, including `tui-back --data-dir DIR` with no subcommand. Nothing
here imports Textual at module level, so `tui-back status` starts in the time of a bare interpreter
plus click (TinyDB loads only to write).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING

import click

from tui_back import __version__, paths
from tui_back.context import AppContext, build_context
from tui_back.reporting import DEFAULT_WEEKS, write_private
from tui_back.serve import serve_command

if TYPE_CHECKING:
    from tui_back.domain.streaks import StreakStats
    from tui_back.store import Store

pass_ctx = click.make_pass_decorator(AppContext)


@click.group(invoke_without_command=True)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False),
    envvar=paths.DATA_DIR_ENV,
    help=f"Where your sessions and own exercises live (env: {paths.DATA_DIR_ENV}).",
)
@click.option(
    "--config-dir",
    type=click.Path(file_okay=False),
    envvar=paths.CONFIG_DIR_ENV,
    help=f"Where config.toml lives (env: {paths.CONFIG_DIR_ENV}).",
)
@click.version_option(__version__, prog_name="tui-back")
@click.pass_context
def main(ctx: click.Context, data_dir: str | None, config_dir: str | None) -> None:
    """Daily lower-back exercises in the terminal. Not medical advice.

    Run without a command to open the app.
    """
    ctx.obj = build_context(data_dir, config_dir)
    if ctx.invoked_subcommand is None:
        ctx.invoke(run)


@main.command()
@pass_ctx
def run(app_ctx: AppContext) -> None:
    """Open the dashboard (the default)."""
    from tui_back.ui.run import open_app

    open_app(app_ctx)


main.add_command(serve_command)


@main.command()
@click.option(
    "--weeks",
    type=click.IntRange(1, 104),
    default=DEFAULT_WEEKS,
    show_default=True,
    help="How many weeks to cover, this one included.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False),
    help="Write to FILE (readable by you only) instead of the screen.",
)
@pass_ctx
def report(app_ctx: AppContext, weeks: int, output: str | None) -> None:
    """A Markdown summary to take to your physiotherapist. Not medical advice."""
    from tui_back.reporting import report_markdown

    with _open_store(app_ctx):
        text = report_markdown(app_ctx, weeks)
    if output is None:
        click.echo(text, nl=False)
        return
    write_private(output, text)
    click.echo(f"Wrote the report for the last {weeks} week(s) to {output}.", err=True)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_ctx
def exercises(app_ctx: AppContext, as_json: bool) -> None:
    """List the exercise catalogue with default dosage."""
    from tui_back.domain.dosage_text import dosage_summary
    from tui_back.text_safety import visible

    catalogue = app_ctx.catalogue
    for error in catalogue.errors:
        click.echo(f"warning: {error}", err=True)
    rows = [
        {
            "id": e.id,
            "name": e.name,
            "category": e.category,
            "per_side": e.per_side,
            "hold_s": e.dosage.hold_s,
            "reps": e.dosage.reps,
            "sets": e.dosage.sets,
            "rest_s": e.dosage.rest_s,
        }
        for e in catalogue.exercises
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    width = max(len(e.id) for e in catalogue.exercises)
    for e in catalogue.exercises:
        side = " per side" if e.per_side else ""
        line = f"{e.id:<{width}}  {e.category:<8}  {e.name} - {dosage_summary(e.dosage)}{side}"
        click.echo(visible(line))


@main.command("paths")
@pass_ctx
def show_paths(app_ctx: AppContext) -> None:
    """Print where data and config live."""
    click.echo(f"data:       {app_ctx.data_dir}")
    click.echo(f"database:   {paths.database_file(app_ctx.data_dir)}")
    click.echo(f"exercises:  {paths.user_exercises_file(app_ctx.data_dir)}")
    click.echo(f"routines:   {paths.user_routines_file(app_ctx.data_dir)}")
    click.echo(f"config:     {paths.config_file(app_ctx.config_dir)}")
    click.echo(f"built-in:   {paths.builtin_data_dir()}")


@contextmanager
def _open_store(app_ctx: AppContext) -> Iterator[Store]:
    """The store, with its problems turned into clean messages and its warnings sent to stderr."""
    from tui_back.journal import JournalError
    from tui_back.store import StoreError

    try:
        store = app_ctx.store
    except (StoreError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    try:
        yield store
    except (StoreError, JournalError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        for warning in store.warnings:
            click.echo(f"warning: {warning}", err=True)


def _stats(app_ctx: AppContext, store: Store) -> StreakStats:
    from tui_back.domain.streaks import stats_from_counts

    settings = app_ctx.settings
    return stats_from_counts(
        store.session_days(),
        app_ctx.clock.today(),
        rest_weekdays=settings.rest_weekdays,
        freezes_per_month=settings.freezes_per_month,
        weekly_target=settings.weekly_target,
        excused=store.excused_days(),
    )


def _status_line(stats: StreakStats) -> str:
    today = "done today" if stats.done_today else "not done today"
    return f"back: {stats.current_streak}-day streak, {today}"


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_ctx
def status(app_ctx: AppContext, as_json: bool) -> None:
    """One line for a shell prompt or tmux status bar: streak and whether today is done."""
    with _open_store(app_ctx) as store:
        stats = _stats(app_ctx, store)
    if as_json:
        last = stats.last_session_date
        click.echo(
            json.dumps(
                {
                    "current_streak": stats.current_streak,
                    "longest_streak": stats.longest_streak,
                    "total_sessions": stats.total_sessions,
                    "done_today": stats.done_today,
                    "last_session_date": last.isoformat() if last else None,
                }
            )
        )
    else:
        click.echo(_status_line(stats))


@main.command()
@click.option("--date", "day", metavar="YYYY-MM-DD", help="The day you did it (default: today).")
@click.option("--routine", default="", help="What you did (default: your default routine, if set).")
@click.option("--note", default="", help="A short note kept with the session.")
@pass_ctx
def log(app_ctx: AppContext, day: str | None, routine: str, note: str) -> None:
    """Record a session done away from the app, or one you forgot to record."""
    today = app_ctx.clock.today()
    when = today if day is None else _past_day(day, today)
    with _open_store(app_ctx):
        logged = app_ctx.journal.log(when, routine, note)
    click.echo(f"Logged a session for {when.isoformat()}.")
    click.echo(_status_line(logged.stats))


def _past_day(text: str, today: date) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            f"'{text}' is not a date; use YYYY-MM-DD, e.g. {today.isoformat()}", param_hint="'--date'"
        ) from None
    if day > today:
        raise click.BadParameter(
            f"{day.isoformat()} is in the future (today is {today.isoformat()}); "
            "only days that have happened can be logged",
            param_hint="'--date'",
        )
    from tui_back.journal import EARLIEST_DAY

    if day < EARLIEST_DAY:
        raise click.BadParameter(
            f"{day.isoformat()} is too far back; the earliest day is {EARLIEST_DAY.isoformat()}", param_hint="'--date'"
        )
    return day


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_ctx
def history(app_ctx: AppContext, as_json: bool) -> None:
    """List saved sessions and symptom checks, newest first, with the ids `unlog` takes."""
    from tui_back.text_safety import visible

    with _open_store(app_ctx):
        entries = app_ctx.journal.entries()
        excused = app_ctx.journal.excused_days()
    if as_json:
        rows = [{"kind": e.kind, "id": e.id, "date": e.day.isoformat(), "text": e.text} for e in entries]
        click.echo(json.dumps({"entries": rows, "excused": excused}, indent=2))
        return
    if not entries and not excused:
        click.echo("Nothing saved yet.")
    for entry in entries:
        label = f"#{entry.id}" if entry.removable else f"check {entry.id}"
        click.echo(f"{entry.day.isoformat()}  {entry.kind:<7}  {label:>9}  {entry.text}")
    for doc in excused:
        reason = f": {visible(str(doc.get('reason', '')))}" if doc.get("reason") else ""
        click.echo(f"{visible(str(doc.get('local_date', '')))}  excused{reason}")


@main.command()
@click.argument("session_id", metavar="ID", type=click.IntRange(min=1))
@click.option("--yes", is_flag=True, help="Do not ask first.")
@pass_ctx
def unlog(app_ctx: AppContext, session_id: int, yes: bool) -> None:
    """Remove a mistaken session (its ID from `tui-back history`); the store keeps a note of it."""
    with _open_store(app_ctx):
        entry = next((e for e in app_ctx.journal.entries() if e.removable and e.id == session_id), None)
        if entry is None:
            raise click.ClickException(f"there is no session #{session_id}; `tui-back history` lists them")
        if not yes:
            click.confirm(f"Remove the session of {entry.day.isoformat()} ({entry.text})?", abort=True, err=True)
        removed = app_ctx.journal.unlog(session_id)
    if removed is None:
        raise click.ClickException(f"session #{session_id} was removed meanwhile")
    click.echo(f"Removed session #{session_id} of {removed.record.local_date.isoformat()}.")
    click.echo(_status_line(removed.stats))


@main.command()
@click.option("--date", "day", metavar="YYYY-MM-DD", required=True, help="The day to excuse.")
@click.option("--reason", default="", help="Why (ill, travelling...), kept with the day.")
@pass_ctx
def skip(app_ctx: AppContext, day: str, reason: str) -> None:
    """Excuse a day (ill, travelling): it neither counts towards nor breaks your streak."""
    today = app_ctx.clock.today()
    when = _past_day(day, today)
    with _open_store(app_ctx):
        excused = app_ctx.journal.excuse(when, reason)
    click.echo(f"Excused {when.isoformat()}." if excused.new else f"{when.isoformat()} was already excused.")
    click.echo(_status_line(excused.stats))


CSV_COLUMNS = (
    "record", "id", "local_date",
    "started_utc", "ended_utc", "routine", "status", "done", "skipped", "duration_s",
    "pain_before", "pain_after", "hurt", "note", "origin",
    "at_utc", "items", "level", "kind",
)  # fmt: skip
"""Sessions fill the first three lines of columns, symptom checks the first and the last."""


@main.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="json", show_default=True)
@click.option(
    "--output",
    type=click.Path(dir_okay=False),
    help="Write to FILE (readable by you only) instead of the screen.",
)
@pass_ctx
def export(app_ctx: AppContext, fmt: str, output: str | None) -> None:
    """Write every session and symptom check, e.g. to share with a physiotherapist."""
    with _open_store(app_ctx) as store:
        data = store.export()
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n" if fmt == "json" else _csv(data)
    if output is None:
        click.echo(text, nl=False)
        return
    write_private(output, text)
    count = len(data["sessions"]) + len(data["checks"])
    click.echo(f"Wrote {count} records to {output}.", err=True)


def _csv(data: dict) -> str:
    """One row per record; lists are joined with ';' and 'this hurts' reports read 'exercise:pain'."""
    import csv
    import io

    from tui_back.text_safety import visible

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for record, docs in (("session", data["sessions"]), ("check", data["checks"])):
        for doc in docs:
            row = {**doc, "record": record}
            for key in ("done", "skipped", "items", "hurt"):
                if key in row:
                    row[key] = _joined(row[key])
            writer.writerow(
                {key: visible(value, True) if isinstance(value, str) else value for key, value in row.items()}
            )
    return out.getvalue()


def _joined(value: object) -> str:
    """A list as ';'-joined text, a pair (a 'this hurts' report) as 'exercise:pain'; anything else
    (a damaged record) as it is written."""
    if not isinstance(value, list):
        return str(value)
    return ";".join(":".join(map(str, item)) if isinstance(item, list) else str(item) for item in value)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
