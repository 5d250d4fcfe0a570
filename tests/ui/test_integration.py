"""Tests for the lead to add once cli.py, app.py and the Streak pane are wired (see the report)."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

from click.testing import CliRunner
from pilot_wait import settle

from tui_back import paths
from tui_back.cli import main
from tui_back.config import Settings, save_settings
from tui_back.ui.app import make_app
from tui_back.ui.settings_screen import SettingsScreen

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "report_db.json"


def with_fixture_db(tmp_path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(FIXTURE, paths.database_file(data))
    return data


def test_report_command_prints_markdown(tmp_path):
    data = with_fixture_db(tmp_path)
    result = CliRunner().invoke(main, ["--data-dir", str(data), "report", "--weeks", "52"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Back exercise report: ")
    assert "| Daily back care |" in result.output  # routine names come from the routines file
    assert "new symptoms down one leg" in result.output  # red-flag wording from red_flags.toml


def test_report_command_writes_a_private_file(tmp_path):
    data = with_fixture_db(tmp_path)
    out = tmp_path / "report.md"
    result = CliRunner().invoke(main, ["--data-dir", str(data), "report", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("# Back exercise report: ")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_report_command_rejects_zero_weeks(tmp_path):
    assert CliRunner().invoke(main, ["--data-dir", str(tmp_path), "report", "--weeks", "0"]).exit_code == 2


def test_serve_is_a_command(tmp_path):
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path), "serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2 and "--public" in result.output


async def test_comma_opens_settings_and_saving_refreshes(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("comma")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SettingsScreen)


async def test_settings_take_effect_at_start(ctx):
    save_settings(paths.config_file(ctx.config_dir), Settings(theme="nord", ascii=True))
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        assert app.has_class("-ascii")
        assert app.query_one("#library").styles.border_top[0] == "ascii"


async def test_streak_pane_w_writes_the_report(ctx):
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4", "w")
        await settle(pilot)
    [report] = (ctx.data_dir / "reports").iterdir()
    assert report.name == "tui-back-report-2026-11-22.md"
    assert "Not medical advice" in report.read_text()
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
