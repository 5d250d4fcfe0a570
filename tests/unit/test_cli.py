"""The foundation's headless commands, driven through click's CliRunner."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tui_back import __version__
from tui_back.cli import main


def invoke(tmp_path, *args):
    return CliRunner().invoke(
        main, ["--data-dir", str(tmp_path / "data"), "--config-dir", str(tmp_path / "cfg"), *args]
    )


def test_version(tmp_path):
    result = invoke(tmp_path, "--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_paths_names_every_location(tmp_path):
    result = invoke(tmp_path, "paths")
    assert result.exit_code == 0
    assert str(tmp_path / "data") in result.output
    assert str(tmp_path / "cfg" / "config.toml") in result.output
    assert not any(line.startswith("cache") for line in result.output.splitlines())  # no cache dir any more


def test_exercises_json_lists_the_catalogue(tmp_path):
    result = invoke(tmp_path, "exercises", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    ids = {row["id"] for row in rows}
    assert {"bird-dog", "glute-bridge", "walking"} <= ids
    bird_dog = next(r for r in rows if r["id"] == "bird-dog")
    assert bird_dog["per_side"] is True
    assert set(bird_dog) == {"id", "name", "category", "per_side", "hold_s", "reps", "sets", "rest_s"}


def test_exercises_text_has_one_line_each(tmp_path):
    result = invoke(tmp_path, "exercises")
    assert result.exit_code == 0
    assert "bird-dog" in result.output
    assert "per side" in result.output


def test_broken_user_exercises_warns_but_lists_builtins(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "exercises.toml").write_text("[[exercise]]\nid = 'mine'\n")
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "data"), "exercises"])
    assert result.exit_code == 0
    assert "mine" in result.output  # named in the warning
    assert "glute-bridge" in result.output


def test_data_dir_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TUI_BACK_DATA_DIR", str(tmp_path / "from-env"))
    result = CliRunner().invoke(main, ["paths"])
    assert str(tmp_path / "from-env") in result.output
