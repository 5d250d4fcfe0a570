"""config.toml checked key by key, with the standard library only.

Every valid key is applied and every bad one is reported (file, key, why), so one typo never throws
away the rest of the file, keymap included. It loads neither msgspec nor Textual, because
`tui-back status` (run on every shell prompt) reads the file too; `tui_back.config` builds the
`Settings` the app runs with from what this module accepts.
"""

from __future__ import annotations

import os
import sys

from tui_back import settings_toml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
FREEZES_RANGE = (0, 10)
WEEKLY_TARGET_RANGE = (1, 21)
_BINDING_ID_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-")


def _is_binding_id(text: str) -> bool:
    return bool(text) and set(text) <= _BINDING_ID_CHARACTERS


def _is_key_name(text: str) -> bool:
    """A key as Textual names it ("f5", "ctrl+r", "question_mark") or a single character ("?")."""
    return bool(text) and not any(character.isspace() for character in text)

Problem = tuple[str, str]
"""(key, why): one bad entry of the file."""


class Invalid(ValueError):
    """A value that does not fit its key; the message says why."""


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Invalid(f"must be text in quotes, got {_shown(value)}")
    return value.strip()


def _optional_text(value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid(f"must be text in quotes, got {_shown(value)}")
    return value.strip()


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"must be true or false, got {_shown(value)}")
    return value


def _whole(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise Invalid(f"must be a whole number between {low} and {high}, got {_shown(value)}")
        return value

    return check


CHECKS: dict[str, Callable[[Any], Any]] = {
    "theme": _text,
    "bell": _flag,
    "cue_countdown": _flag,
    "cue_hold_end": _flag,
    "cue_switch": _flag,
    "cue_session_end": _flag,
    "cue_reps": _flag,
    "notifications": _flag,
    "freezes_per_month": _whole(*FREEZES_RANGE),
    "weekly_target": _whole(*WEEKLY_TARGET_RANGE),
    "default_routine": _optional_text,
    "low_bandwidth": _flag,
    "ascii": _flag,
}
"""Keys holding one value; `rest_days` and `[keymap]` are checked entry by entry."""
KEYS = (*CHECKS, "rest_days", "keymap")


def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, str) else f"{type(value).__name__} {value!r}"


def _rest_days(value: Any, problems: list[Problem]) -> tuple[str, ...] | None:
    """Weekdays `mon`..`sun` in week order; each other entry is reported and the rest kept."""
    if not isinstance(value, list):
        problems.append(("rest_days", f'must be a list of weekdays, e.g. ["sat", "sun"], got {_shown(value)}'))
        return None
    for entry in value:
        if entry not in WEEKDAYS:
            problems.append(("rest_days", f"{_shown(entry)} is not a weekday; use {', '.join(WEEKDAYS)}"))
    return tuple(day for day in WEEKDAYS if day in value)


def _keymap(value: Any, problems: list[Problem]) -> dict[str, str] | None:
    """`[keymap]`: binding id -> comma-separated key names, as Textual's `set_keymap` takes them."""
    if not isinstance(value, dict):
        problems.append(("keymap", 'must be a table of binding ids and keys, e.g. [keymap] quit = "x"'))
        return None
    parsed = {}
    for binding_id, keys in value.items():
        name = f"keymap.{binding_id}"
        if not _is_binding_id(binding_id):
            problems.append((name, "is not a binding id (letters, digits, '-', '_' and '.' only)"))
            continue
        names = [key.strip() for key in keys.split(",")] if isinstance(keys, str) else []
        if not names or not all(_is_key_name(key) for key in names):
            problems.append((name, 'must be key names in quotes, several separated by commas, e.g. "f5,ctrl+r"'))
            continue
        parsed[binding_id] = ",".join(names)
    return parsed


def check_document(document: dict[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """The valid keys of a parsed config.toml (as `Settings` field values) and every problem found."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, value in document.items():
        checked: Any
        if key == "rest_days":
            checked = _rest_days(value, problems)
        elif key == "keymap":
            checked = _keymap(value, problems)
        elif key in CHECKS:
            try:
                checked = CHECKS[key](value)
            except Invalid as exc:
                problems.append((key, str(exc)))
                checked = None
        else:
            from difflib import get_close_matches  # only for a typo

            close = get_close_matches(key, KEYS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(KEYS)}"
            problems.append((key, f"is not a setting; {hint}"))
            checked = None
        if checked is not None:
            values[key] = checked
    return values, problems


def describe(source: str, key: str | None, why: str) -> str:
    """One problem as a line naming the file and the key (the wording of `DataError`)."""
    return f"{source}: settings: field '{key}': {why}" if key else f"{source}: {why}"


def read_document(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The parsed file, None if there is none; `Invalid` if it cannot be read or is not TOML."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise Invalid(f"cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Invalid(f"is not saved as UTF-8 (byte {exc.start})") from None
    plain = settings_toml.read(text)
    if plain is not None:
        return plain
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10 only
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise Invalid(f"not valid TOML ({exc})") from None


def read_settings(path: str | os.PathLike[str]) -> tuple[dict[str, Any], list[str]]:
    """The valid settings in `path` (none if it is absent or unreadable) and one line per problem."""
    try:
        document = read_document(path)
    except Invalid as exc:
        return {}, [describe(str(path), None, str(exc))]
    if document is None:
        return {}, []
    values, problems = check_document(document)
    return values, [describe(str(path), key, why) for key, why in problems]
