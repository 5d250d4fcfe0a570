"""Reading the data files: the shipped catalogue, routines, progressions, red-flag rules and
education cards, and the user's own exercises and routines.

The domain modules check parsed documents and never touch the disk; this module reads and parses
the TOML and hands the documents over. A problem in a shipped file raises `DataError`; one in the
user's own file is reported in the result's `errors` and the shipped entries still load.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar, cast

import msgspec

from tui_back.domain.catalogue import Catalogue, Exercise, parse_catalogue
from tui_back.domain.education import Education, parse_education
from tui_back.domain.progression import Progressions, parse_progressions
from tui_back.domain.routines import Routines, parse_routines
from tui_back.domain.triage import Rules, parse_rules
from tui_back.domain.validation import DataError
from tui_back.text_safety import cleaned

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

T = TypeVar("T")


def read_toml(path: Path) -> dict[str, Any]:
    """The parsed file; `DataError` if it cannot be read, is not UTF-8 or is not valid TOML.

    Control characters in its text are replaced (`tui_back.text_safety`): a shared exercise file
    must never be able to drive the terminal it is shown in."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(str(path), f"cannot be read ({exc.strerror})") from exc
    try:
        return cast(dict[str, Any], cleaned(tomllib.loads(raw.decode("utf-8"))))
    except UnicodeDecodeError as exc:
        raise DataError(str(path), f"is not saved as UTF-8 (byte {exc.start})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise DataError(str(path), f"not valid TOML ({exc})") from exc


def read_shipped(path: Path) -> dict[str, Any]:
    """The document of the shipped TOML file `path`: from its msgpack copy beside it when there is one."""
    copy = path.with_suffix(".msgpack")
    try:
        raw = copy.read_bytes()
    except FileNotFoundError:
        return read_toml(path)
    except OSError as exc:
        raise DataError(str(copy), f"cannot be read ({exc.strerror})") from exc
    try:
        return msgspec.msgpack.decode(raw, type=dict[str, Any])
    except msgspec.DecodeError as exc:
        raise DataError(str(copy), f"is damaged ({exc}); reinstall tui-back") from exc


def _with_user_file(
    builtin: Iterable[T], user_file: Path | None, parse: Callable[[dict[str, Any], str], Iterable[T]], key: str
) -> tuple[list[T], tuple[str, ...]]:
    """The shipped entries with the user's added or put in place by id; a broken user file is skipped."""
    entries = {getattr(entry, key): entry for entry in builtin}
    errors: list[str] = []
    if user_file is not None and user_file.exists():
        try:
            for entry in parse(read_toml(user_file), str(user_file)):
                entries[getattr(entry, key)] = entry
        except DataError as exc:
            errors.append(str(exc))
    return list(entries.values()), tuple(errors)


def load_catalogue(builtin: Path, user_file: Path | None = None, builtin_routines: Path | None = None) -> Catalogue:
    """The built-in catalogue merged with the user's file; a broken user file is reported, not fatal.

    A user exercise that replaces a built-in one must still fit the built-in routines that use it
    (`builtin_routines`): one that does not (say `acute_ok = false` for an exercise of the Gentle
    routine) is reported as a problem of the user's file, and the built-in exercise kept.
    """
    shipped = parse_catalogue(read_shipped(builtin), str(builtin))
    exercises, errors = _with_user_file(
        shipped,
        user_file,
        lambda document, source: parse_catalogue(document, source, user_defined=True),
        "id",
    )
    catalogue = Catalogue(tuple(exercises), errors)
    if builtin_routines is None or user_file is None:
        return catalogue
    return _fit_builtin_routines(catalogue, {e.id: e for e in shipped}, builtin_routines, user_file)


def _fit_builtin_routines(
    catalogue: Catalogue, shipped: dict[str, Exercise], routines_file: Path, user_file: Path
) -> Catalogue:
    overridden = [e.id for e in catalogue.exercises if e.id in shipped and e != shipped[e.id]]
    if not overridden:
        return catalogue
    document = read_shipped(routines_file)
    errors = list(catalogue.errors)
    while True:
        try:
            parse_routines(document, str(routines_file), catalogue)
        except DataError as exc:
            if not overridden:
                raise  # the shipped files themselves disagree
            culprits = [i for i in overridden if f"'{i}'" in str(exc)] or list(overridden)
            for exercise_id in culprits:
                overridden.remove(exercise_id)
                errors.append(
                    f"{user_file}: exercise '{exercise_id}' no longer fits the built-in routines "
                    f"({exc.problem}); the built-in exercise is used instead"
                )
            exercises = tuple(shipped[e.id] if e.id in culprits else e for e in catalogue.exercises)
            catalogue = Catalogue(exercises, tuple(errors))
            continue
        return catalogue


def load_routines(builtin: Path, catalogue: Catalogue, user_file: Path | None = None) -> Routines:
    """Built-in routines, then the user's; a broken user file is reported and skipped, never fatal."""
    routines, errors = _with_user_file(
        parse_routines(read_shipped(builtin), str(builtin), catalogue),
        user_file,
        lambda document, source: parse_routines(document, source, catalogue, user_defined=True),
        "id",
    )
    return Routines(tuple(routines), errors)


def load_progressions(path: Path, catalogue: Catalogue) -> Progressions:
    return parse_progressions(read_shipped(path), str(path), catalogue)


def load_rules(path: Path) -> Rules:
    return parse_rules(read_shipped(path), str(path))


@lru_cache(maxsize=1)
def builtin_rules() -> Rules:
    """The shipped red-flag rules, read once; a broken file raises `DataError` (it ships with the app)."""
    from tui_back.paths import builtin_data_dir

    return load_rules(builtin_data_dir() / "red_flags.toml")


def load_education(path: Path) -> Education:
    return parse_education(read_shipped(path), str(path))


@lru_cache(maxsize=1)
def builtin_education() -> Education:
    """The shipped education cards, read when first shown; a broken file raises `DataError`."""
    from tui_back.paths import builtin_data_dir

    return load_education(builtin_data_dir() / "education.toml")
