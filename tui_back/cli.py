"""The `tui-back` command's arguments: no subcommand opens the app; the others answer headless.

Plain `tui-back` never gets here (`tui_back.launch` opens the app without loading click), nor does
`tui-back status` while the day index is current (`tui_back.status_line`); this group handles every
other call, including `tui-back --data-dir DIR` with no subcommand and shell completion. Nothing here
imports Textual at module level. Every user error is one line on stderr and exit status 2.
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
from tui_back.status_line import TemplateError, render, status_fields

if TYPE_CHECKING:
    from tui_back.store import Store

pass_ctx = click.make_pass_decorator(AppContext)
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


class UserError(click.ClickException):
    """Something the user can fix (a path, an argument): one line, exit status 2, no traceback."""

    exit_code = 2


@click.group(invoke_without_command=True, context_settings=CONTEXT_SETTINGS)
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
    if ctx.resilient_parsing:  # shell completion: nothing to report, nothing to open
        return
    if ctx.invoked_subcommand not in (None, "run", "serve"):  # the app shows them itself
        for problem in ctx.obj.settings_problems:
            click.echo(f"warning: {problem}", err=True)
    if ctx.invoked_subcommand is None:
        ctx.invoke(run)


@main.command()
@pass_ctx
def run(app_ctx: AppContext) -> None:
    """Open the dashboard (the default)."""
    from tui_back.ui.run import NoTerminal, open_app

    try:
        code = open_app(app_ctx)
    except NoTerminal as exc:
        raise UserError(str(exc)) from None
    sys.exit(code)


main.add_command(serve_command)


@main.command("help")
@click.argument("topic", required=False, metavar="[COMMAND]")
@click.pass_context
def show_help(ctx: click.Context, topic: str | None) -> None:
    """Help on tui-back or one command: the text of `--help`, from the same source."""
    group = ctx.parent
    assert group is not None and isinstance(group.command, click.Group)
    if topic is None:
        click.echo(group.get_help())
        return
    command = group.command.get_command(ctx, topic)
    if command is None:
        known = ", ".join(sorted(group.command.list_commands(ctx)))
        raise click.BadParameter(f"there is no command '{topic}'; commands: {known}", param_hint="'COMMAND'")
    with click.Context(command, info_name=topic, parent=group) as sub:
        click.echo(command.get_help(sub))


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

    _check_output(output)
    with _open_store(app_ctx):
        text = report_markdown(app_ctx, weeks)
    if output is None:
        click.echo(text, nl=False)
        return
    _write(output, text)
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
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_ctx
def show_paths(app_ctx: AppContext, as_json: bool) -> None:
    """Print where data and config live."""
    places = {
        "data": app_ctx.data_dir,
        "database": paths.database_file(app_ctx.data_dir),
        "exercises": paths.user_exercises_file(app_ctx.data_dir),
        "routines": paths.user_routines_file(app_ctx.data_dir),
        "config": paths.config_file(app_ctx.config_dir),
        "built-in": paths.builtin_data_dir(),
    }
    if as_json:
        click.echo(json.dumps({name: str(path) for name, path in places.items()}, indent=2))
        return
    for name, path in places.items():
        click.echo(f"{name + ':':<12}{path}")


def _check_output(output: str | None) -> None:
    """A `UserError` before any work if `--output` cannot be written where it points."""
    if output is None:
        return
    import os

    folder = os.path.dirname(os.path.abspath(output))
    if not os.path.isdir(folder):
        raise UserError(f"cannot write {output}: the folder {folder} does not exist")


def _write(output: str, text: str) -> None:
    try:
        write_private(output, text)
    except OSError as exc:
        raise UserError(f"cannot write {output}: {exc.strerror or exc}") from None


@contextmanager
def _open_store(app_ctx: AppContext) -> Iterator[Store]:
    """The store, with its problems turned into clean messages and its warnings sent to stderr."""
    from tui_back.journal import JournalError
    from tui_back.store import StoreError

    try:
        store = app_ctx.store
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise UserError(f"cannot use the data folder {app_ctx.data_dir}: {exc.strerror or exc}") from None
    try:
        yield store
    except (StoreError, JournalError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        for warning in store.warnings:
            click.echo(f"warning: {warning}", err=True)


def _status_line(fields: dict) -> str:
    return render(fields)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output: every field below.")
@click.option(
    "--format",
    "template",
    metavar="TEMPLATE",
    help="A line for a prompt, with fields in braces: current_streak, longest_streak, total_sessions, "
    "done_today, last_session_date, sessions_this_week, weekly_target, freezes_left_this_month, "
    "rest_day_today, next_milestone (yes/no for true/false), e.g. '{current_streak}d {done_today}'.",
)
@pass_ctx
def status(app_ctx: AppContext, as_json: bool, template: str | None) -> None:
    """One line for a shell prompt or tmux status bar: streak and whether today is done."""
    if as_json and template is not None:
        raise UserError("use --json or --format, not both")
    fields = _fields(app_ctx)
    try:
        click.echo(render(fields, as_json, template))
    except TemplateError as exc:
        raise click.BadParameter(str(exc), param_hint="'--format'") from None


def _fields(app_ctx: AppContext) -> dict:
    from msgspec.structs import asdict

    with _open_store(app_ctx) as store:
        counts, excused = store.session_days(), store.excused_days()
    return status_fields(counts, app_ctx.clock.today(), asdict(app_ctx.settings), excused)


@main.command()
@click.option("--date", "day", metavar="YYYY-MM-DD", help="The day you did it (default: today).")
@click.option("--routine", default="", help="The routine's id (default: your default routine, if set).")
@click.option("--note", default="", help="A short note kept with the session.")
@click.option("--again", is_flag=True, help="Log it even though that day already has a session.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output: the date and the status fields.")
@pass_ctx
def log(app_ctx: AppContext, day: str | None, routine: str, note: str, again: bool, as_json: bool) -> None:
    """Record a session done away from the app, or one you forgot to record."""
    today = app_ctx.clock.today()
    when = today if day is None else _past_day(day, today)
    routine = routine.strip()
    if routine and routine not in app_ctx.routines:
        known = ", ".join(r.id for r in app_ctx.routines.routines)
        raise click.BadParameter(f"there is no routine '{routine}'; routines: {known}", param_hint="'--routine'")
    with _open_store(app_ctx) as store:
        if not again and store.session_days().get(when, 0) > 0:
            raise UserError(f"{when.isoformat()} already has a session; add --again to log another one for that day")
        app_ctx.journal.log(when, routine, note)
    fields = _fields(app_ctx)
    if as_json:
        click.echo(json.dumps({"logged": when.isoformat(), "routine": routine, "status": fields}))
        return
    click.echo(f"Logged a session for {when.isoformat()}.")
    click.echo(_status_line(fields))


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
    click.echo(_status_line(_fields(app_ctx)))


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
    click.echo(_status_line(_fields(app_ctx)))


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
    _check_output(output)
    with _open_store(app_ctx) as store:
        data = store.export()
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n" if fmt == "json" else _csv(data)
    if output is None:
        click.echo(text, nl=False)
        return
    _write(output, text)
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
