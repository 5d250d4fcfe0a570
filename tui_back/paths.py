"""Every location tui-back reads or writes, resolved in one place.

User data (the database, the user's own exercises and routines) lives in the platform's data dir,
overridable by `--data-dir` or `TUI_BACK_DATA_DIR`; it holds health data, so it is created 0700.
Built-in data files and styles ship inside the wheel (`tui_back/data`, `tui_back/styles`) and are
found at the repository root when running from a source checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "tui_back"
DATA_DIR_ENV = "TUI_BACK_DATA_DIR"
CONFIG_DIR_ENV = "TUI_BACK_CONFIG_DIR"

_PACKAGE = Path(__file__).resolve().parent


def _resource_dir(name: str) -> Path:
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def builtin_data_dir() -> Path:
    """Where the shipped catalogue, routines and red-flag rules live."""
    return _resource_dir("data")


def styles_dir() -> Path:
    return _resource_dir("styles")


def user_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The user's data dir: `override`, else $TUI_BACK_DATA_DIR, else the platform default."""
    chosen = override or os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def user_config_dir(override: str | os.PathLike[str] | None = None) -> Path:
    chosen = override or os.environ.get(CONFIG_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def replace_privately(path: Path, data: bytes) -> None:
    """Write `data` to a temp file beside `path` (0600) and swap it in whole; raises `OSError`.

    For files that are only ever rebuilt (indexes): a reader sees the old file or the new one,
    never half of each. The directory is created 0700 if missing.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except OSError:
        temp.unlink(missing_ok=True)
        raise


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) and make it 0700: it holds health data."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def database_file(data_dir: Path) -> Path:
    return data_dir / "tui_back.json"


def user_exercises_file(data_dir: Path) -> Path:
    return data_dir / "exercises.toml"


def user_routines_file(data_dir: Path) -> Path:
    return data_dir / "routines.toml"


def config_file(config_dir: Path) -> Path:
    return config_dir / "config.toml"
