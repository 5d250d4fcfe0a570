"""The `tui-back` entry point. Opening the app and `tui-back status`, the common cases, skip the CLI parser.

`tui-back` with no arguments goes straight to the dashboard; `tui-back status` is answered by
`tui_back.status_line` from the day index when it can be; anything else (a subcommand, `--data-dir`,
`--help`, shell completion) goes through the click group in `tui_back.cli`. Locations still honour
`TUI_BACK_DATA_DIR` and `TUI_BACK_CONFIG_DIR`, which `tui_back.paths` reads itself.
"""

from __future__ import annotations

import os
import sys

COMPLETE_ENV = "_TUI_BACK_COMPLETE"
"""Set by the shell's completion script (click's convention): the call has no arguments but is no app start."""


def main() -> None:
    argv = sys.argv[1:]
    if COMPLETE_ENV not in os.environ and "status" in argv:
        from tui_back.status_line import answer

        code = answer(argv)
        if code is not None:
            sys.exit(code)
    if argv or COMPLETE_ENV in os.environ:
        from tui_back.cli import main as cli_main

        cli_main(prog_name="tui-back")
        return
    from tui_back.context import build_context
    from tui_back.ui.run import NO_TERMINAL_EXIT, NoTerminal, open_app

    try:
        code = open_app(build_context())
    except NoTerminal as exc:
        print(f"Error: {exc}", file=sys.stderr)
        sys.exit(NO_TERMINAL_EXIT)
    sys.exit(code)
