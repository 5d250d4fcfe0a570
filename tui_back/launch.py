"""The `tui-back` entry point. Opening the app, the common case, skips the CLI parser.

`tui-back` with no arguments goes straight to the dashboard; anything else (a subcommand,
`--data-dir`, `--help`) goes through the click group in `tui_back.cli`. Locations still honour
`TUI_BACK_DATA_DIR` and `TUI_BACK_CONFIG_DIR`, which `tui_back.paths` reads itself.
"""

from __future__ import annotations

import sys

from tui_back.context import build_context
from tui_back.ui.run import open_app


def main() -> None:
    if len(sys.argv) > 1:
        from tui_back.cli import main as cli_main

        cli_main()
    else:
        open_app(build_context())
