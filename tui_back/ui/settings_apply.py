"""Putting settings into effect on the running app, without loading the settings screen.

Kept apart from `tui_back.ui.settings_screen` so that starting the app does not import the form's
widgets: the app applies settings at every start, the form is opened rarely.
"""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

from tui_back import paths
from tui_back.config import reconcile
from tui_back.context import AppContext
from tui_back.symbols import terminal_encoding, wants_ascii


def _tui_back_classes(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        if sub.__module__.startswith("tui_back."):
            found.append(sub)
        found.extend(_tui_back_classes(sub))
    return found


def binding_ids() -> set[str]:
    """Every binding id a `[keymap]` entry can name: those on tui-back's app, screens and widgets."""
    # The screens load when first opened; import them so their bindings are seen.
    import tui_back.ui.app  # noqa: F401
    import tui_back.ui.gate  # noqa: F401
    import tui_back.ui.help_screen  # noqa: F401
    import tui_back.ui.session_dialogs  # noqa: F401
    import tui_back.ui.settings_screen  # noqa: F401

    return {
        binding.id
        for cls in _tui_back_classes(DOMNode)
        for binding in cls.__dict__.get("BINDINGS", ())
        if isinstance(binding, Binding) and binding.id
    }


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
    symbol tables (ascii) are read at start-up; the `-ascii` class lets CSS switch to ASCII borders.
    Binding ids and routines are only looked up when a setting names one.
    """
    wanted = ctx.settings
    settings, problems = reconcile(
        wanted,
        str(paths.config_file(ctx.config_dir)),
        themes=app.available_themes,
        binding_ids=binding_ids() if wanted.keymap else None,
        routine_ids=[routine_id for _, routine_id in routine_choices(ctx)] if wanted.default_routine else None,
    )
    app.theme = settings.theme
    app.set_keymap(settings.keymap)
    if settings.low_bandwidth:
        app.animation_level = "none"
    app.set_class(wants_ascii(settings, terminal_encoding()), "-ascii")
    return problems
