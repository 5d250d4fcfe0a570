"""`tui-back status`: the streak in one line, a JSON object or a template, fast enough for every prompt.

`tui_back.launch` answers `tui-back status` here before click, msgspec or the store are imported:
the day counts come from the store's `.days` index (`tui_back.day_index`, plain text of whole
numbers) while it still describes the database file, and the settings from `tui_back.settings_file`.
Neither this module nor what it imports loads `typing`, `re` or `json` (each costs a prompt
milliseconds): type names are imported only for the type checker. When the index
is missing, stale or damaged, or the arguments are anything but the plain forms, `answer` returns
None and the full CLI reads the database itself. Nothing here writes a file.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from datetime import date

from tui_back import day_index, settings_file
from tui_back.domain.streaks import freezes_left, stats_from_counts

INDEX_SCHEMA_VERSION = 1
"""The store's schema version the `.days` index must name (`tui_back.store.SCHEMA_VERSION`)."""
COMPLETED = "completed"
"""The session status streaks count (`tui_back.domain.records.COMPLETED`)."""
NEUTRAL = ("excused", "blocked-days", "stopped-for-safety")
"""Index keys of days that neither count nor break a streak (`tui_back.store.Store.excused_days`)."""

FIELDS = (
    "current_streak",
    "longest_streak",
    "total_sessions",
    "done_today",
    "last_session_date",
    "sessions_this_week",
    "weekly_target",
    "freezes_left_this_month",
    "rest_day_today",
    "next_milestone",
)
"""The keys of `status --json`, and the fields a `--format` template may name."""


TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

DATA_DIR_ENV, CONFIG_DIR_ENV = "TUI_BACK_DATA_DIR", "TUI_BACK_CONFIG_DIR"
"""As in `tui_back.paths`, whose `pathlib` this module does without (it costs a prompt several ms)."""


class TemplateError(ValueError):
    """A `--format` template names a field that does not exist or is malformed."""


def status_fields(
    counts: Counter[date], today: date, values: dict[str, Any], excused: frozenset[date] = frozenset()
) -> dict[str, Any]:
    """Everything `status` tells, from completed sessions per day, the days that neither count nor
    break a streak, and the settings' values."""
    rest = frozenset(settings_file.WEEKDAYS.index(day) for day in values.get("rest_days", ()))
    freezes = values.get("freezes_per_month", 0)
    stats = stats_from_counts(counts, today, rest, freezes, values.get("weekly_target", 5), excused)
    last = stats.last_session_date
    return {
        "current_streak": stats.current_streak,
        "longest_streak": stats.longest_streak,
        "total_sessions": stats.total_sessions,
        "done_today": stats.done_today,
        "last_session_date": last.isoformat() if last else None,
        "sessions_this_week": stats.sessions_this_week,
        "weekly_target": stats.weekly_target,
        "freezes_left_this_month": freezes_left(counts, today, rest, freezes, excused),
        "rest_day_today": today.weekday() in rest,
        "next_milestone": stats.next_milestone,
    }


def render(fields: dict[str, Any], as_json: bool = False, template: str | None = None) -> str:
    """The answer without its newline: JSON, the filled `template`, or the default line."""
    if as_json:
        import json

        return json.dumps(fields)
    if template is not None:
        shown = {key: _shown(value) for key, value in fields.items()}
        try:
            return template.format_map(shown)
        except KeyError as exc:
            raise TemplateError(f"no field {exc} in the template; fields: {', '.join(FIELDS)}") from None
        except (ValueError, IndexError, AttributeError) as exc:
            raise TemplateError(f"the template is malformed ({exc}); fields look like {{current_streak}}") from None
    today = "done today" if fields["done_today"] else "not done today"
    return f"back: {fields['current_streak']}-day streak, {today}"


def _shown(value: Any) -> Any:
    """A field as a template shows it: yes/no for true/false, nothing for none."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else value


def indexed_counts(database: str) -> tuple[Counter[date], frozenset[date]] | None:
    """Completed sessions per day and the neutral days (excused, blocked, stopped for safety) from the
    `.days` index (`tui_back.day_index`), or None unless it describes `database` as it is.

    No database at all is an empty history. The index names the inode, size and mtime of the file
    it was built from; any difference, or damage, means it is not used.
    """
    try:
        info = os.stat(database)
    except FileNotFoundError:
        return (Counter(), frozenset()) if not os.path.lexists(database + ".days") else None
    except OSError:
        return None
    raw = day_index.read(database + ".days")
    identity = (info.st_ino, info.st_size, info.st_mtime_ns)
    index = None if raw is None else day_index.decode(raw, identity, INDEX_SCHEMA_VERSION)
    if index is None or index[1] != 0:
        return None
    days = index[0]
    try:
        counts = day_index.day_counts(days.get(COMPLETED, ""))
        neutral = frozenset().union(*(day_index.day_counts(days.get(key, "")) for key in NEUTRAL))
    except ValueError:
        return None
    return counts, neutral


def location(override: str | None, env: str, xdg_env: str, xdg_default: str) -> str | None:
    """The directory `tui_back.paths` would choose, as text; None where only platformdirs knows it.

    The same order: the option, else the environment variable, else (on Linux and BSD) the XDG
    directory, as platformdirs gives it.
    """
    chosen = override or os.environ.get(env)
    if chosen:
        return os.path.expanduser(chosen)
    if sys.platform in ("win32", "darwin"):
        return None
    base = os.environ.get(xdg_env, "").strip() or os.path.expanduser("~/" + xdg_default)
    return os.path.join(base, "tui_back")


def _parse(argv: list[str]) -> dict[str, Any] | None:
    """The options of the plain forms of `status`; None for anything else (help, typos, other commands)."""
    options: dict[str, Any] = {"data_dir": None, "config_dir": None, "json": False, "format": None}
    seen_status = False
    args = iter(argv)
    for arg in args:
        name, eq, inline = arg.partition("=")
        if arg == "status" and not seen_status:
            seen_status = True
        elif name in ("--data-dir", "--config-dir") and not seen_status:
            value = inline if eq else next(args, None)
            if not value:
                return None
            options[name[2:].replace("-", "_")] = value
        elif arg == "--json" and seen_status:
            options["json"] = True
        elif name == "--format" and seen_status:
            value = inline if eq else next(args, None)
            if value is None:
                return None
            options["format"] = value
        else:
            return None
    return options if seen_status and not (options["json"] and options["format"] is not None) else None


def answer(argv: list[str]) -> int | None:
    """Answer `tui-back status` from the index and return the exit code, or None to leave it to the CLI."""
    options = _parse(argv)
    if options is None:
        return None
    data_dir = location(options["data_dir"], DATA_DIR_ENV, "XDG_DATA_HOME", ".local/share")
    if data_dir is None:
        return None
    indexed = indexed_counts(os.path.join(data_dir, "tui_back.json"))
    if indexed is None:
        return None
    counts, excused = indexed
    config_dir = location(options["config_dir"], CONFIG_DIR_ENV, "XDG_CONFIG_HOME", ".config")
    if config_dir is None:
        return None
    values, problems = settings_file.read_settings(os.path.join(config_dir, "config.toml"))
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    try:
        text = render(status_fields(counts, date.today(), values, excused), options["json"], options["format"])
    except TemplateError as exc:
        print(f"Error: Invalid value for '--format': {exc}", file=sys.stderr)
        return 2
    print(text)
    return 0
