"""Shared fixtures: every test gets its own data and config dirs and a fake clock."""

from __future__ import annotations

import pytest

from tui_back.clock import FakeClock
from tui_back.context import AppContext, build_context
from tui_back.domain.toml_cache import use_cache_dir


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch):
    """No test may read or write the real user's data or config."""
    monkeypatch.setenv("TUI_BACK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TUI_BACK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("TUI_BACK_CACHE_DIR", str(tmp_path / "cache"))
    yield
    use_cache_dir(None)  # a test that parses without building a context parses afresh


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def ctx(tmp_path, clock) -> AppContext:
    return build_context(data_dir=tmp_path / "data", config_dir=tmp_path / "config", clock=clock)
