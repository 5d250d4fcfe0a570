"""Run a function on a module as soon as the program imports it, without importing it any sooner.

The start-up benches change a module of the program they run (the panes of the dashboard, the
terminal driver's `write`). Importing that module themselves would import Textual before the app
sets up its start-up cache (`tui_back.startup_cache`), and the figures would not be the app's.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType
from typing import Callable


class _Hook:
    """A `sys.meta_path` finder for one module: it finds it as usual and runs `then` once it is loaded."""

    def __init__(self, name: str, then: Callable[[ModuleType], None]) -> None:
        self.name, self.then = name, then

    def find_spec(self, name: str, path=None, target=None):
        if name != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        load = spec.loader.exec_module

        def load_then(module: ModuleType) -> None:
            load(module)
            self.then(module)

        spec.loader.exec_module = load_then
        return spec


def after_import(name: str, then: Callable[[ModuleType], None]) -> None:
    sys.meta_path.insert(0, _Hook(name, then))
