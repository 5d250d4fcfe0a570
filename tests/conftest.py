"""Shared fixtures: every test gets its own data and config dirs and a fake clock."""

from __future__ import annotations

import os

import pytest

from tui_back import store as store_module
from tui_back.clock import FakeClock
from tui_back.context import AppContext, build_context


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path, monkeypatch):
    """No test may read or write the real user's data or config."""
    monkeypatch.setenv("TUI_BACK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TUI_BACK_CONFIG_DIR", str(tmp_path / "config"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def ctx(tmp_path, clock) -> AppContext:
    return build_context(data_dir=tmp_path / "data", config_dir=tmp_path / "config", clock=clock)


@pytest.fixture
def writes(ctx, monkeypatch) -> list[str]:
    """Each replace of the database file, as it happens."""
    db = os.fspath(ctx.data_dir / "tui_back.json")
    replaced: list[str] = []
    real = store_module.os.replace

    def replace(source, target, *args, **kwargs):
        if os.fspath(target) == db:
            replaced.append(os.fspath(source))
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(store_module.os, "replace", replace)
    return replaced
