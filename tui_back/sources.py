"""What the journal and the report work from, as a protocol: `tui_back.context.AppContext` is one.

Typing against this instead of `AppContext` keeps the context free to build the journal.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from tui_back.clock import Clock
    from tui_back.config import Settings
    from tui_back.domain.catalogue import Catalogue
    from tui_back.domain.progression import Progressions
    from tui_back.domain.routines import Routines
    from tui_back.store import Store


class Sources(Protocol):
    @property
    def data_dir(self) -> Path: ...
    @property
    def clock(self) -> Clock: ...
    @property
    def store(self) -> Store: ...
    @property
    def settings(self) -> Settings: ...
    @property
    def catalogue(self) -> Catalogue: ...
    @property
    def routines(self) -> Routines: ...
    @property
    def progressions(self) -> Progressions: ...
