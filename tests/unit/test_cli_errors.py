"""Every user error is one line and exit status 2; completion, -h, --json, the no-terminal refusal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui_back import cli, paths
from tui_back.cli import main
from tui_back.clock import FakeClock

REPO = Path(__file__).resolve().parents[2]
LAUNCH = "import sys; sys.argv[0] = 'tui-back'; import tui_back.launch; tui_back.launch.main()"


@pytest.fixture
def run(tmp_path, monkeypatch):
    fake = FakeClock()
    real = cli.build_context
    monkeypatch.setattr(cli, "build_context", lambda data_dir, config_dir: real(data_dir, config_dir, fake))

    def invoke(*args: str, data: Path | None = None):
        data = data or tmp_path / "data"
        return CliRunner().invoke(main, ["--data-dir", str(data), "--config-dir", str(tmp_path / "cfg"), *args])

    return invoke


def launch(tmp_path: Path, *args: str, env: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(REPO), paths.DATA_DIR_ENV: str(tmp_path / "data")}
    environment[paths.CONFIG_DIR_ENV] = str(tmp_path / "cfg")
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", LAUNCH, *args], capture_output=True, text=True, env=environment, timeout=60, **kwargs
    )


def test_short_help(run):
    for args in (["-h"], ["status", "-h"], ["log", "-h"]):
        result = run(*args)
        assert result.exit_code == 0 and "Usage:" in result.output, args


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_script_for_each_shell_and_no_app(tmp_path, shell):
    result = launch(tmp_path, env={"_TUI_BACK_COMPLETE": f"{shell}_source"}, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    assert "_TUI_BACK_COMPLETE" in result.stdout and f"{shell}_complete" in result.stdout
    assert not (tmp_path / "data").exists()


def test_completion_completes_commands_and_options(tmp_path):
    env = {"_TUI_BACK_COMPLETE": "bash_complete", "COMP_WORDS": "tui-back st", "COMP_CWORD": "1"}
    assert "plain,status" in launch(tmp_path, env=env, stdin=subprocess.DEVNULL).stdout.splitlines()
    env = {"_TUI_BACK_COMPLETE": "bash_complete", "COMP_WORDS": "tui-back status --", "COMP_CWORD": "2"}
    assert {"plain,--json", "plain,--format"} <= set(launch(tmp_path, env=env, stdin=subprocess.DEVNULL).stdout.split())


@pytest.mark.parametrize("args", [[], ["run"], ["--data-dir", "/tmp"]])
def test_no_terminal_is_refused_with_exit_2(tmp_path, args):
    result = launch(tmp_path, *args, stdin=subprocess.DEVNULL)
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr
    assert result.stdout == ""  # no escape codes drawn blind


def test_export_into_a_missing_folder(run, tmp_path):
    run("log")
    target = tmp_path / "no" / "such" / "out.json"
    result = run("export", "--output", str(target))
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "does not exist" in result.output
    assert not target.parent.exists()


def test_report_into_a_missing_folder_or_onto_a_folder(run, tmp_path):
    result = run("report", "--output", str(tmp_path / "missing" / "r.md"))
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: cannot write") and result.output.count("\n") == 1
    result = run("report", "--output", str(tmp_path))
    assert result.exit_code == 2 and "is a directory" in result.output


def test_an_impossible_data_dir(run, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    for command in (["status"], ["log"], ["export"], ["report"]):
        result = run(*command, data=blocker / "data")
        assert result.exit_code == 2, (command, result.output)
        assert result.output.startswith("Error: cannot use the data folder") and result.output.count("\n") == 1


def test_log_accepts_only_known_routines(run, tmp_path):
    result = run("log", "--routine", "Nonexistent")
    assert result.exit_code == 2
    assert "there is no routine 'Nonexistent'" in result.output and "gentle" in result.output
    assert not paths.database_file(tmp_path / "data").exists()
    assert run("log", "--routine", "gentle").exit_code == 0


def test_a_second_session_for_a_day_needs_again(run, tmp_path):
    assert run("log", "--date", "2026-11-20").exit_code == 0
    before = paths.database_file(tmp_path / "data").read_bytes()
    result = run("log", "--date", "2026-11-20")
    assert result.exit_code == 2
    assert "2026-11-20 already has a session; add --again" in result.output
    assert paths.database_file(tmp_path / "data").read_bytes() == before
    assert run("log", "--date", "2026-11-20", "--again").exit_code == 0
    assert json.loads(run("status", "--json").stdout)["total_sessions"] == 2


def test_json_on_every_read_command(run, tmp_path):
    places = json.loads(run("paths", "--json").stdout)
    assert places["database"] == str(tmp_path / "data" / "tui_back.json")
    assert places["config"] == str(tmp_path / "cfg" / "config.toml")
    logged = json.loads(run("log", "--json", "--routine", "gentle").stdout)
    assert logged["logged"] == "2026-11-22" and logged["routine"] == "gentle"
    assert logged["status"]["done_today"] is True
    assert json.loads(run("exercises", "--json").stdout)


def test_status_template_and_its_errors(run):
    run("log")
    assert run("status", "--format", "{current_streak}/{weekly_target} {done_today}").stdout == "1/5 yes\n"
    bad = run("status", "--format", "{nope}")
    assert bad.exit_code == 2 and "current_streak" in bad.output
    assert run("status", "--json", "--format", "x").exit_code == 2


def test_every_bad_config_key_is_reported_in_every_command(run, tmp_path):
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "config.toml").write_text('bel = false\nrest_days = ["Sat", "sun"]\nweekly_target = 30\n')
    for command in (["status"], ["log", "--date", "2026-11-01"], ["report"], ["export"], ["paths"], ["exercises"]):
        result = run(*command)
        assert result.exit_code == 0, (command, result.output)
        warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:") and "config" in line]
        assert len(warnings) == 3, (command, result.stderr)
    assert json.loads(run("status", "--json").stdout)["weekly_target"] == 5


def test_the_exit_code_is_the_apps(monkeypatch, tmp_path):
    """A crash in the app is a non-zero exit, not 0."""
    from textual.app import App

    from tui_back.context import build_context
    from tui_back.ui import app as app_module
    from tui_back.ui import run as run_module

    class Headless(App):
        def run(self, **kwargs):
            return super().run(headless=True)

    class Crashes(Headless):
        def on_mount(self) -> None:
            raise RuntimeError("boom")

    class Quits(Headless):
        def on_mount(self) -> None:
            self.exit(return_code=0)

    monkeypatch.setattr(run_module, "check_terminal", lambda: None)
    ctx = build_context(tmp_path / "data", tmp_path / "cfg", FakeClock())
    monkeypatch.setattr(app_module, "make_app", lambda ctx: Crashes())
    assert run_module.open_app(ctx) == 1
    monkeypatch.setattr(app_module, "make_app", lambda ctx: Quits())
    assert run_module.open_app(ctx) == 0


def test_help_topics_are_the_help_text(run):
    for command in ("status", "log", "export", "serve"):
        topic = run("help", command)
        assert topic.exit_code == 0
        assert topic.output == run(command, "--help").output
    assert run("help").output == run("--help").output
    unknown = run("help", "nope")
    assert unknown.exit_code == 2 and "commands:" in unknown.output and "status" in unknown.output


def test_the_readme_templates_work():
    import re

    from tui_back.status_line import FIELDS, render

    readme = (REPO / "README.md").read_text()
    templates = re.findall(r"""--format ["']([^"']+)["']""", readme)
    assert len(templates) >= 4
    fields = {name: 1 for name in FIELDS} | {"done_today": True}
    for template in templates:
        render(fields, template=template)
