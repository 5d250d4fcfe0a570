"""Opening the dashboard, shared by plain `tui-back` (`tui_back.launch`) and `tui-back run` (`tui_back.cli`)."""

from __future__ import annotations

import os

from tui_back.context import AppContext


def open_app(ctx: AppContext) -> None:
    """Run the dashboard until the user quits.

    The low-bandwidth settings are environment variables Textual reads when it is first imported,
    so they are set before the app module (and with it Textual) is loaded.
    """
    from tui_back.symbols import low_bandwidth_env

    os.environ.update(low_bandwidth_env(ctx.settings))
    from tui_back.ui.app import make_app

    make_app(ctx).run()
