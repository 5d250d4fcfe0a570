"""User settings: a TOML file in the user config dir, validated with errors that name the key.

A broken config never stops the app: it starts with defaults and shows what was wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields as dc_fields
from pathlib import Path
from typing import Any

from tui_back.domain.schema import DataError, Fields, load_toml

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Settings:
    theme: str = "textual-dark"
    """Any Textual theme name."""
    bell: bool = True
    """Ring the terminal bell at every phase change of a guided session."""
    rest_days: tuple[str, ...] = ()
    """Planned rest weekdays (mon..sun): they neither count nor break a streak."""
    freezes_per_month: int = 0
    """Flare-up days a month that neither count nor break a streak."""
    weekly_target: int = 5
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


KEYS = tuple(f.name for f in dc_fields(Settings))


def parse_settings(document: dict[str, Any], source: str) -> Settings:
    fields = Fields(document, source, "settings")
    fields.reject_unknown(KEYS)
    defaults = Settings()
    keymap = document.get("keymap", {})
    if not isinstance(keymap, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.strip() for k, v in keymap.items()
    ):
        raise fields.error("keymap", "must map binding ids to keys, e.g. pause = \"p\"")
    rest_days = fields.texts("rest_days", ())
    for day in rest_days:
        if day not in WEEKDAYS:
            raise fields.error("rest_days", f"'{day}' is not one of {', '.join(WEEKDAYS)}")
    return Settings(
        theme=fields.text("theme", defaults.theme),
        bell=fields.flag("bell", defaults.bell),
        rest_days=rest_days,
        freezes_per_month=fields.integer("freezes_per_month", defaults.freezes_per_month, 0, 10),
        weekly_target=fields.integer("weekly_target", defaults.weekly_target, 1, 21),
        default_routine=fields.text("default_routine", defaults.default_routine),
        low_bandwidth=fields.flag("low_bandwidth", defaults.low_bandwidth),
        ascii=fields.flag("ascii", defaults.ascii),
        keymap=dict(keymap),
    )


def load_settings(path: Path) -> tuple[Settings, str | None]:
    """Settings from `path` (defaults if absent) and the error message if the file was bad."""
    if not path.exists():
        return Settings(), None
    try:
        return parse_settings(load_toml(path), str(path)), None
    except DataError as exc:
        return Settings(), str(exc)


def dump_settings(settings: Settings) -> str:
    """TOML text for `settings`; written by the settings screen."""
    lines = []
    for f in dc_fields(Settings):
        value = getattr(settings, f.name)
        if f.name == "keymap":
            continue
        lines.append(f"{f.name} = {_toml_value(value)}")
    if settings.keymap:
        lines.append("\n[keymap]")
        lines.extend(f"{k} = {_toml_value(v)}" for k, v in sorted(settings.keymap.items()))
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
