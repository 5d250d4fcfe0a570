"""A built wheel carries data/ and styles/ and works from any working directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("tui_back-*.whl"))


@pytest.mark.slow
def test_wheel_ships_data_and_styles(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = ("tui_back/data/exercises.toml", "tui_back/styles/app.tcss", "tui_back/serve_page/app_index.html")
    for name in (*shipped, "tui_back/cli.py"):
        assert name in names


@pytest.mark.slow
def test_wheel_carries_each_data_file_also_as_msgpack_of_the_same_document(wheel):
    """The build step (`hatch_build.py`) converts the shipped TOML; the copy holds what the TOML holds."""
    import msgspec

    from tui_back.data_files import read_toml

    archive = zipfile.ZipFile(wheel)
    shipped = sorted((ROOT / "data").glob("*.toml"))
    assert shipped
    for source in shipped:
        copy = archive.read(f"tui_back/data/{source.stem}.msgpack")
        assert msgspec.msgpack.decode(copy) == read_toml(source)


@pytest.mark.slow
def test_installed_wheel_runs_from_another_directory(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "TUI_BACK_DATA_DIR": str(tmp_path / "data")}
    probe = (
        "import tui_back, tui_back.paths as p; print(tui_back.__file__); "
        "print(p.builtin_data_dir()); print((p.styles_dir() / 'app.tcss').is_file())"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=elsewhere, env=env, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[0].startswith(str(target))
    assert out[1] == str(target / "tui_back" / "data")
    assert out[2] == "True"
    listing = subprocess.run(
        [sys.executable, "-m", "tui_back", "exercises", "--json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert len(json.loads(listing)) >= 24


@pytest.mark.slow
def test_wheel_metadata_has_the_one_version_the_license_and_classifiers(wheel):
    import tui_back

    archive = zipfile.ZipFile(wheel)
    assert wheel.name.startswith(f"tui_back-{tui_back.__version__}-")
    [metadata] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
    text = archive.read(metadata).decode()
    assert f"Version: {tui_back.__version__}\n" in text
    assert "Classifier: License :: OSI Approved :: MIT License" in text
    assert "Requires-Python: >=3.10" in text
    [license_file] = [n for n in archive.namelist() if n.endswith("LICENSE")]
    assert "MIT License" in archive.read(license_file).decode()
