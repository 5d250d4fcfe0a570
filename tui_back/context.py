"""Everything a command or the app needs, built once: locations, clock, settings, catalogue, store
and the journal over it.

The CLI and the tests build it the same way (`build_context`), so the app a test drives is the
app a user runs. Heavy pieces load on first use, so `tui-back status` never parses the catalogue.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from tui_back import paths
from tui_back.clock import Clock, SystemClock
from tui_back.config import Settings, load_settings

if TYPE_CHECKING:
    from tui_back.journal import Journal


class AppContext:
    def __init__(self, data_dir: Path, config_dir: Path, clock: Clock | None = None) -> None:
        self.data_dir = data_dir
        self.config_dir = config_dir
        self.clock: Clock = clock or SystemClock()

    @cached_property
    def _settings(self) -> tuple[Settings, list[str]]:
        return load_settings(paths.config_file(self.config_dir))

    @property
    def settings(self) -> Settings:
        return self._settings[0]

    @property
    def settings_problems(self) -> list[str]:
        """One line per bad key of config.toml (file, key, why); the valid keys are applied."""
        return self._settings[1]

    @property
    def settings_error(self) -> str | None:
        """Every problem of config.toml in one text, or None if it has none."""
        return "\n".join(self._settings[1]) or None

    def reload_settings(self) -> None:
        self.__dict__.pop("_settings", None)

    @cached_property
    def catalogue(self):
        from tui_back.data_files import load_catalogue

        builtin = paths.builtin_data_dir()
        return load_catalogue(
            builtin / "exercises.toml", paths.user_exercises_file(self.data_dir), builtin / "routines.toml"
        )

    @cached_property
    def routines(self):
        from tui_back.data_files import load_routines

        return load_routines(
            paths.builtin_data_dir() / "routines.toml", self.catalogue, paths.user_routines_file(self.data_dir)
        )

    @cached_property
    def progressions(self):
        """Level ladders; raises `DataError` (not cached) if the shipped file is broken."""
        from tui_back.data_files import load_progressions

        return load_progressions(paths.builtin_data_dir() / "progressions.toml", self.catalogue)

    @cached_property
    def store(self):
        from tui_back.store import Store

        paths.ensure_private_dir(self.data_dir)
        return Store(paths.database_file(self.data_dir), self.clock)

    @cached_property
    def journal(self) -> Journal:
        """What the user did, recorded and read back: what the UI and `tui-back log` call."""
        from tui_back.journal import Journal

        return Journal(self)


def build_context(
    data_dir: str | Path | None = None,
    config_dir: str | Path | None = None,
    clock: Clock | None = None,
) -> AppContext:
    """The context with its locations resolved: the arguments, else the environment, else the defaults."""
    return AppContext(
        data_dir=paths.user_data_dir(data_dir),
        config_dir=paths.user_config_dir(config_dir),
        clock=clock or SystemClock(),
    )
