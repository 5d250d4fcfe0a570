"""User settings: a TOML file in the user config dir, validated with errors that name the key.

A broken key never stops the app: every valid key is applied and every bad one is shown
(`tui_back.settings_file` checks the file key by key).
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path
from typing import Annotated, Any

from msgspec import Meta, Struct, field
from msgspec.structs import fields as struct_fields
from msgspec.structs import replace

from tui_back.domain.str_enum import StrEnum
from tui_back.domain.validation import DataError, Text
from tui_back.settings_file import FREEZES_RANGE, WEEKDAYS, WEEKLY_TARGET_RANGE, check_document, read_settings


class Weekday(StrEnum):
    """A `rest_days` entry, in week order (`WEEKDAYS` as an enum, for checking the file)."""

    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


DEFAULT_THEME = "textual-dark"


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
    """Settings from a parsed config.toml; a `DataError` names the first bad key (the settings screen).

    Names that only the running app knows (themes, binding ids, routines) are checked later by
    `reconcile`, so this module stays free of Textual.
    """
    values, problems = check_document(document)
    if problems:
        key, why = problems[0]
        raise DataError(source, why, "settings", key)
    return Settings(**values)


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


def load_settings(path: Path) -> tuple[Settings, list[str]]:
    """Settings from `path`: every valid key applied, defaults for the rest, and one line per bad key."""
    values, problems = read_settings(path)
    return Settings(**values), problems


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


def edited_text(path: Path, settings: Settings, keys: Collection[str] | None = None) -> str:
    """config.toml with `keys` (default: every setting) set as in `settings`, the rest kept as typed.

    The user's comments, order and layout survive (tomlkit edits the document in place); a key that
    is absent and would be set to its default stays absent. With no file, or one that is not TOML
    (which the settings screen warns about), the text is `dump_settings`. `DataError` if `keys` are
    given for a file that is not TOML: changing one key must not throw away a file being typed.
    """
    import tomlkit  # only when saving
    from tomlkit.exceptions import ParseError

    try:
        document = tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else None
    except (ParseError, UnicodeDecodeError, ValueError) as exc:
        if keys is not None:
            raise DataError(str(path), f"not valid TOML ({exc}); fix it or save the settings screen") from None
        document = None
    if document is None:
        return dump_settings(settings)
    defaults = Settings()
    for name in KEYS if keys is None else keys:
        value = getattr(settings, name)
        if name not in document and value == getattr(defaults, name):
            continue
        if name == "keymap":
            table = document.get(name)
            if not isinstance(table, dict):
                table = document[name] = tomlkit.table()
            for binding_id in [k for k in table if k not in value]:
                del table[binding_id]
            for binding_id, key_names in sorted(value.items()):
                if table.get(binding_id) != key_names:
                    table[binding_id] = key_names
        elif document.get(name) != value:
            document[name] = list(value) if isinstance(value, tuple) else value
    return tomlkit.dumps(document)


def save_settings(path: Path, settings: Settings, keys: Collection[str] | None = None) -> None:
    """Write `settings` (or only their `keys`) into `path` all at once, readable by the user only (0600).

    Comments and keys not saved are kept (`edited_text`). The text goes to a temp file in the same
    directory that then replaces `path`, so a crash leaves either the old file or the new one.
    """
    text = edited_text(path, settings, keys)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    import tempfile  # only when saving: keeps `tui-back status` lean

    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
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
