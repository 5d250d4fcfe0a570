"""Putting settings into effect on the running app, without loading the settings screen.

Kept apart from `tui_back.ui.settings_screen` so that starting the app does not import the form's
widgets: the app applies settings at every start, the form is opened rarely.
"""

from __future__ import annotations

from collections.abc import Collection

from textual.app import App

from tui_back import paths
from tui_back.config import Settings, reconcile, save_settings
from tui_back.context import AppContext
from tui_back.symbols import terminal_encoding, wants_ascii
from tui_back.ui import keys


def routine_choices(ctx: AppContext) -> list[tuple[str, str]]:
    """(name, id) of every routine the user can pick, built-in and their own, read afresh."""
    from tui_back.data_files import load_routines

    routines = load_routines(
        paths.builtin_data_dir() / "routines.toml", ctx.catalogue, paths.user_routines_file(ctx.data_dir)
    )
    return [(routine.name, routine.id) for routine in routines.routines]


def apply_settings(app: App, ctx: AppContext) -> list[str]:
    """Put `ctx.settings` into effect on `app`; returns a message for each setting it had to ignore.

    Theme, key remapping and animations change at once. Fewer repaints (low bandwidth) and the
    symbol tables (ascii) are read at start-up; the `-ascii` class lets CSS switch to ASCII borders
    and the app's ASCII line filter rewrite whatever else is drawn (every widget is repainted when
    it changes, since the lines already drawn went through the filters of the time).
    Routines are only read when a setting names one; `[keymap]` ids are checked against the key table.
    """
    wanted = ctx.settings
    settings, problems = reconcile(
        wanted,
        str(paths.config_file(ctx.config_dir)),
        themes=app.available_themes,
        binding_ids=keys.BINDING_IDS,
        routine_ids=[routine_id for _, routine_id in routine_choices(ctx)] if wanted.default_routine else None,
    )
    app.theme = settings.theme
    app.set_keymap(settings.keymap)
    if settings.low_bandwidth:
        app.animation_level = "none"
    ascii_only = wants_ascii(settings, terminal_encoding())
    if ascii_only != app.has_class("-ascii"):
        app.set_class(ascii_only, "-ascii")
        for screen in app.screen_stack:
            for widget in screen.query("*"):
                widget.refresh()
    return problems


def save_and_apply(app: App, ctx: AppContext, settings: Settings, keys: Collection[str] | None = None) -> None:
    """Write `settings` (or only their `keys`) to config.toml, read them back into `ctx` and apply them.

    Raises `OSError` if the file could not be written, `DataError` if `keys` are given and the file
    is not TOML (nothing changes then). A setting that had to be ignored is told in a notification.
    """
    save_settings(paths.config_file(ctx.config_dir), settings, keys)
    ctx.reload_settings()
    for problem in apply_settings(app, ctx):
        app.notify(problem, title="Setting ignored", severity="warning", timeout=15, markup=False)
