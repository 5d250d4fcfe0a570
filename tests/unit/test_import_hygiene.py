"""Domain modules and headless commands must never pull in Textual (or TinyDB, for the domain)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import tui_back.domain

DOMAIN_MODULES = sorted(
    f"tui_back.domain.{m.name}" for m in pkgutil.iter_modules(tui_back.domain.__path__)
)
PURE_MODULES = [*DOMAIN_MODULES, "tui_back.clock", "tui_back.paths", "tui_back.config", "tui_back.symbols"]


def _loaded_after(code: str) -> set[str]:
    script = code + "\nimport sys\nprint('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return {name.split(".")[0] for name in out.stdout.split()}


def test_there_are_domain_modules_to_check():
    assert {"tui_back.domain.catalogue", "tui_back.domain.validation"} <= set(DOMAIN_MODULES)


def test_domain_imports_neither_textual_nor_tinydb():
    loaded = _loaded_after("\n".join(f"import {m}" for m in PURE_MODULES))
    assert not loaded & {"textual", "rich", "tinydb"}


def test_headless_commands_do_not_import_textual(tmp_path):
    code = (
        "from tui_back.cli import main\n"
        f"for args in (['paths'], ['exercises'], ['exercises', '--json'], ['--version']):\n"
        f"    try:\n"
        f"        main(['--data-dir', {str(tmp_path)!r}] + args, standalone_mode=False)\n"
        f"    except SystemExit:\n"
        f"        pass\n"
    )
    loaded = _loaded_after(code)
    assert "tui_back" in loaded
    assert not loaded & {"textual", "rich"}


def test_opening_the_app_skips_the_cli_parser(tmp_path):
    """`tui-back` alone goes straight to the app; click loads only when there are arguments."""
    code = (
        "import sys\n"
        "import tui_back.launch as launch\n"
        "import tui_back.ui.run as run\n"
        "opened = []\n"
        "run.open_app = opened.append\n"
        "sys.argv = ['tui-back'{args}]\n"
        "try:\n"
        "    launch.main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "assert len(opened) == {opened}, opened\n"
    )
    assert "click" not in _loaded_after(code.format(args="", opened=1))
    assert "click" in _loaded_after(code.format(args=", 'paths'", opened=0))


def test_reading_the_store_does_not_load_tinydb(tmp_path):
    """The dashboard reads sessions and state before its first frame; TinyDB loads only to write."""
    from tui_back.clock import FakeClock
    from tui_back.store import Store

    path = tmp_path / "tui_back.json"
    Store(path, FakeClock()).set_state("last_routine", {"id": "gentle"})
    code = (
        "from tui_back.clock import SystemClock\n"
        "from tui_back.store import Store\n"
        f"store = Store(__import__('pathlib').Path({str(path)!r}), SystemClock())\n"
        "assert store.get_state('last_routine') == {'id': 'gentle'}\n"
        "assert store.get_state('missing') is None\n"
        "store.sessions(); store.checks(); store.session_days()\n"
    )
    loaded = _loaded_after(code)
    assert "tui_back" in loaded
    assert "tinydb" not in loaded
