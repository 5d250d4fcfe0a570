"""The `tui-back` entry point. Opening the app, the common case, skips the CLI parser.

`tui-back` with no arguments goes straight to the dashboard; anything else (a subcommand,
`--data-dir`, `--help`) goes through the click group in `tui_back.cli`. Locations still honour
`TUI_BACK_DATA_DIR` and `TUI_BACK_CONFIG_DIR`, which `tui_back.paths` reads itself.
"""

from __future__ import annotations

import gc
import os
import sys

from tui_back.context import AppContext, build_context


def open_app(ctx: AppContext) -> None:
    """Run the dashboard until the user quits.

    Compiled regular expressions and generated code are reused from earlier starts (see
    `tui_back.startup_cache`). The garbage collector is off from here until the first frame is on
    screen (the app freezes what start-up built and turns it back on): importing Textual and
    building the dashboard make many long-lived objects, and collecting them on the way only
    delays the first frame.
    """
    gc.disable()
    from tui_back import startup_cache

    startup_cache.start(ctx.cache_dir)  # before Textual is imported: most of what it saves is there
    try:
        from tui_back.symbols import low_bandwidth_env

        os.environ.update(low_bandwidth_env(ctx.settings))  # Textual reads these when first imported
        from tui_back.ui.app import make_app

        make_app(ctx).run()
    finally:
        startup_cache.finish()  # the app finishes it at its first frame; this covers an early exit


def main() -> None:
    if len(sys.argv) > 1:
        from tui_back.cli import main as cli_main

        cli_main()
    else:
        open_app(build_context())
