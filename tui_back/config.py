"""User settings: a TOML file in the user config dir, validated with errors that name the key.

A broken config never stops the app: it starts with defaults and shows what was wrong.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from pathlib import Path
from typing import Annotated, Any

from msgspec import Meta, Struct, field
from msgspec.structs import fields as struct_fields
from msgspec.structs import replace

from tui_back.domain.str_enum import StrEnum
from tui_back.domain.validation import DataError, Text, convert

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Weekday(StrEnum):
    """A `rest_days` entry, in week order (`WEEKDAYS` as an enum, for checking the file)."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


FREEZES_RANGE = (0, 10)
WEEKLY_TARGET_RANGE = (1, 21)
DEFAULT_THEME = "textual-dark"
_BINDING_ID = re.compile(r"^[A-Za-z0-9_.-]+$")
_KEY_NAME = re.compile(r"^\S+$")
"""A key as Textual names it ("f5", "ctrl+r", "question_mark") or a single character ("?")."""


class Settings(Struct, frozen=True, forbid_unknown_fields=True):
    """What config.toml may set, and the values the app runs with."""

    theme: Text = DEFAULT_THEME
    """Any Textual theme name."""
    bell: bool = True
    """Ring the terminal bell in a guided session at all; off silences every cue below."""
    cue_countdown: bool = True
    """One bell at each of the last 3 seconds of a hold."""
    cue_hold_end: bool = True
    """Two bells when a hold ends."""
    cue_switch: bool = True
    """Three bells when it is time to switch sides."""
    cue_session_end: bool = True
    """Four bells when the session is finished."""
    cue_reps: bool = True
    """One bell at each paced rep (can be busy, so it has a switch of its own)."""
    notifications: bool = False
    """Desktop notifications through the terminal (OSC 9 / OSC 777) at the end of each exercise."""
    rest_days: tuple[Weekday, ...] = ()
    """Planned rest weekdays (mon..sun): they neither count nor break a streak."""
    freezes_per_month: Annotated[int, Meta(ge=FREEZES_RANGE[0], le=FREEZES_RANGE[1])] = 0
    """Flare-up days a month that neither count nor break a streak."""
    weekly_target: Annotated[int, Meta(ge=WEEKLY_TARGET_RANGE[0], le=WEEKLY_TARGET_RANGE[1])] = 5
    """Sessions a week shown beside the daily streak."""
    default_routine: str = ""
    """Routine id offered first; empty means the last one used."""
    low_bandwidth: bool = False
    """No animations and fewer repaints, for slow SSH links."""
    ascii: bool = False
    """Force ASCII drawings and symbols even on a UTF-8 terminal."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys, passed to Textual's `App.set_keymap`."""

    @property
    def rest_weekdays(self) -> frozenset[int]:
        """Rest days as `date.weekday()` numbers (Monday is 0)."""
        return frozenset(WEEKDAYS.index(day) for day in self.rest_days)


KEYS = tuple(f.name for f in struct_fields(Settings))


def parse_settings(document: dict[str, Any], source: str) -> Settings:
    """Settings from a parsed config.toml; a `DataError` names the first bad key.

    Names that only the running app knows (themes, binding ids, routines) are checked later by
    `reconcile`, so this module stays free of Textual.
    """
    values = {key: value for key, value in document.items() if key != "keymap"}
    settings = convert(values, Settings, source, root_item="settings")
    return replace(
        settings,
        theme=settings.theme.strip(),
        rest_days=tuple(day for day in WEEKDAYS if day in settings.rest_days),
        default_routine=settings.default_routine.strip(),
        keymap=_parse_keymap(document.get("keymap", {}), source),
    )


def _parse_keymap(keymap: Any, source: str) -> dict[str, str]:
    """`[keymap]`: binding id -> comma-separated key names, as Textual's `set_keymap` takes them."""

    def error(name: str, problem: str) -> DataError:
        return DataError(source, problem, "settings", name)

    if not isinstance(keymap, dict):
        raise error("keymap", 'must be a table of binding ids and keys, e.g. [keymap] quit = "x"')
    parsed = {}
    for binding_id, keys in keymap.items():
        name = f"keymap.{binding_id}"
        if not _BINDING_ID.match(binding_id):
            raise error(name, "is not a binding id (letters, digits, '-', '_' and '.' only)")
        names = [key.strip() for key in keys.split(",")] if isinstance(keys, str) else []
        if not names or not all(_KEY_NAME.match(key) for key in names):
            raise error(name, 'must be key names in quotes, several separated by commas, e.g. "f5,ctrl+r"')
        parsed[binding_id] = ",".join(names)
    return parsed


def reconcile(
    settings: Settings,
    source: str,
    themes: Collection[str],
    binding_ids: Collection[str] | None = None,
    routine_ids: Collection[str] | None = None,
) -> tuple[Settings, list[str]]:
    """`settings` with names the app does not know put back to defaults, and one message per key.

    The app passes its theme names, binding ids and routine ids; `None` skips that check.
    """
    changes: dict[str, Any] = {}
    problems: list[str] = []

    def problem(key: str, text: str) -> None:
        problems.append(str(DataError(source, text, "settings", key)))

    if settings.theme not in themes:
        fallback = DEFAULT_THEME if DEFAULT_THEME in themes else sorted(themes)[0]
        choices = ", ".join(sorted(themes))
        problem("theme", f"'{settings.theme}' is not a theme; using {fallback}. Choose one of: {choices}")
        changes["theme"] = fallback
    if binding_ids is not None:
        unknown = sorted(set(settings.keymap) - set(binding_ids))
        for binding_id in unknown:
            known = ", ".join(sorted(binding_ids))
            problem(f"keymap.{binding_id}", f"no key binding has this id; known ids: {known}")
        if unknown:
            changes["keymap"] = {k: v for k, v in settings.keymap.items() if k in binding_ids}
    if routine_ids is not None and settings.default_routine and settings.default_routine not in routine_ids:
        problem(
            "default_routine",
            f"there is no routine '{settings.default_routine}'; using the last one used. "
            f"Routines: {', '.join(sorted(routine_ids))}",
        )
        changes["default_routine"] = ""
    return replace(settings, **changes), problems


def load_settings(path: Path) -> tuple[Settings, str | None]:
    """Settings from `path` (defaults if absent) and the error message if the file was bad."""
    from tui_back.data_files import read_toml

    if not path.exists():
        return Settings(), None
    try:
        return parse_settings(read_toml(path), str(path)), None
    except DataError as exc:
        return Settings(), str(exc)


def dump_settings(settings: Settings) -> str:
    """TOML text for `settings`; written by the settings screen."""
    lines = ["# tui-back settings. Every key is explained in the README, section Settings."]
    for f in struct_fields(Settings):
        value = getattr(settings, f.name)
        if f.name == "keymap":
            continue
        lines.append(f"{f.name} = {_toml_value(value)}")
    if settings.keymap:
        lines.append("\n[keymap]")
        lines.extend(f"{_toml_value(k)} = {_toml_value(v)}" for k, v in sorted(settings.keymap.items()))
    return "\n".join(lines) + "\n"


def save_settings(path: Path, settings: Settings) -> None:
    """Write `settings` to `path` all at once and readable by the user only (0600).

    The text goes to a temp file in the same directory that then replaces `path`, so a crash
    leaves either the old file or the new one, never half of each.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    import tempfile  # only when saving: keeps `tui-back status` lean

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(dump_settings(settings))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    import json  # only when saving

    # A JSON string is a TOML basic string, once DEL (which TOML wants escaped) is escaped too.
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")
