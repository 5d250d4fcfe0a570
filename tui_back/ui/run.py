"""Opening the dashboard, shared by plain `tui-back` (`tui_back.launch`) and `tui-back run` (`tui_back.cli`)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui_back.context import AppContext

NO_TERMINAL_EXIT = 2
WEB_DRIVER_ENV = "TEXTUAL_DRIVER"
"""Set by textual-serve for each browser tab, whose app talks over pipes, not a terminal."""


class NoTerminal(RuntimeError):
    """The app was started without a terminal to draw on."""


def check_terminal() -> None:
    """`NoTerminal` unless stdin and stdout are a terminal (or textual-serve drives the app)."""
    if os.environ.get(WEB_DRIVER_ENV):
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise NoTerminal(
            "tui-back needs a terminal to open the app (stdin and stdout must be one); "
            "for scripts, use a command such as `tui-back status` (see `tui-back -h`)"
        )


def open_app(ctx: AppContext) -> int:
    """Run the dashboard until the user quits; returns the app's exit code (non-zero after a crash).

    The low-bandwidth settings are environment variables Textual reads when it is first imported,
    so they are set before the app module (and with it Textual) is loaded.
    """
    check_terminal()
    from tui_back.symbols import low_bandwidth_env

    os.environ.update(low_bandwidth_env(ctx.settings))
    from tui_back.ui.app import make_app

    app = make_app(ctx)
    app.run()
    return app.return_code or 0
