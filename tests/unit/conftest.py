"""Fixtures shared by the command-line tests."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tui_back import cli
from tui_back.cli import main


@pytest.fixture
def run(tmp_path, clock):
    """`tui-back ARGS` on this test's data and config dirs, seeing the test's `clock`."""

    def invoke(*args: str, input: str | None = None):
        return CliRunner().invoke(
            main, ["--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path / "cfg"), *args], input=input
        )

    return invoke


@pytest.fixture
def cli_clock(monkeypatch, clock):
    """Every command the test runs sees the test's `clock` (a FakeClock)."""
    real = cli.build_context
    monkeypatch.setattr(cli, "build_context", lambda data_dir, config_dir: real(data_dir, config_dir, clock))
    return clock
