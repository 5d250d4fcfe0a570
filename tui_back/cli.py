"""The `tui-back` command: no subcommand opens the app; the others answer headless and fast.

Nothing here imports Textual at module level: only `run` (the default) does, inside the function,
so `tui-back status` starts in the time of a bare interpreter plus click and TinyDB.
"""

from __future__ import annotations

import json
import sys

import click

from tui_back import __version__, paths
from tui_back.context import AppContext, build_context

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
    from tui_back.ui.app import make_app

    make_app(app_ctx).run()


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@pass_ctx
def exercises(app_ctx: AppContext, as_json: bool) -> None:
    """List the exercise catalogue with default dosage."""
    from tui_back.domain.dosage_text import dosage_summary

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
        click.echo(f"{e.id:<{width}}  {e.category:<8}  {e.name} - {dosage_summary(e.dosage)}{side}")


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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
