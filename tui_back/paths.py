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
    """Write `data` to a new temp file beside `path` (0600) and swap it in whole; raises `OSError`.

    The temp file is created by `mkstemp` (O_EXCL, a random name, so no link planted there is
    followed), and `os.replace` swaps the name, never writing through a link at `path`: a reader
    sees the old file or the new one, never half of each. A missing directory is created 0700.
    """
    import tempfile

    make_dirs(path.parent)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def make_dirs(path: Path, mode: int = 0o700) -> Path:
    """Create `path` with `mode` if missing; parents it needs get the user's default, never
    group- or world-writable (even under umask 000). An existing directory is left as it is."""
    if path.is_dir():
        return path
    umask = os.umask(0)
    os.umask(umask)
    parent_mode = 0o777 & ~umask & ~0o022
    missing = []
    for directory in (path, *path.parents):
        if directory.exists():
            break
        missing.append(directory)
    for directory in reversed(missing):
        try:
            os.mkdir(directory, mode if directory == path else parent_mode)
        except FileExistsError:
            continue
    return path


def ensure_private_dir(path: Path) -> Path:
    """Create `path` 0700 if missing (it holds health data). An existing directory is never
    re-permissioned: a read-only copy, or one owned by someone else, stays readable as it is."""
    return make_dirs(path, 0o700)


def database_file(data_dir: Path) -> Path:
    return data_dir / "tui_back.json"


def user_exercises_file(data_dir: Path) -> Path:
    return data_dir / "exercises.toml"


def user_routines_file(data_dir: Path) -> Path:
    return data_dir / "routines.toml"


def config_file(config_dir: Path) -> Path:
    return config_dir / "config.toml"
