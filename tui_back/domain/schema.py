"""Reading editable TOML data files with errors a person can act on.

Every problem names the file, the item (exercise, routine or rule id) and the field, so a
physiotherapist's hand-written `exercises.toml` can be fixed without reading a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Iterable, Mapping


def _toml():
    """The TOML parser, imported on first use so commands that read no data file start faster."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    return tomllib


class DataError(ValueError):
    """A data file is unreadable or an entry in it is invalid."""

    def __init__(self, source: str, problem: str, item: str | None = None, field: str | None = None):
        self.source, self.problem, self.item, self.field = source, problem, item, field
        where = source
        if item:
            where += f": {item}"
        if field:
            where += f": field '{field}'"
        super().__init__(f"{where}: {problem}")


def load_toml(path: Path) -> dict[str, Any]:
    """The parsed file, or a `DataError` saying why it cannot be read or parsed."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(str(path), f"cannot be read ({exc.strerror})") from exc
    toml = _toml()
    try:
        return toml.loads(raw.decode("utf-8"))
    except toml.TOMLDecodeError as exc:
        raise DataError(str(path), f"not valid TOML ({exc})") from exc
    except UnicodeDecodeError as exc:
        raise DataError(str(path), f"is not saved as UTF-8 (byte {exc.start})") from exc


REQUIRED: Any = object()
"""Default meaning "this field must be present"."""


class Fields:
    """Typed access to one TOML table; every failure is a `DataError` naming source, item and field."""

    def __init__(self, table: Any, source: str, item: str, field_prefix: str = "") -> None:
        if not isinstance(table, Mapping):
            raise DataError(source, "must be a table", item, field_prefix.rstrip(".") or None)
        self.table, self.source, self.item, self.prefix = table, source, item, field_prefix

    def error(self, name: str, problem: str) -> DataError:
        return DataError(self.source, problem, self.item, self.prefix + name)

    def _get(self, name: str, default: Any) -> Any:
        if name in self.table:
            return self.table[name]
        if default is REQUIRED:
            raise self.error(name, "is required")
        return default

    def text(self, name: str, default: Any = REQUIRED) -> str:
        value = self._get(name, default)
        if value is default and default is not REQUIRED:
            return value
        if not isinstance(value, str) or not value.strip():
            raise self.error(name, "must be non-empty text")
        return value.strip()

    def integer(self, name: str, default: Any = REQUIRED, low: int = 0, high: int = 10**6) -> Any:
        value = self._get(name, default)
        if value is default and default is not REQUIRED:
            return value
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(name, "must be a whole number")
        if not low <= value <= high:
            raise self.error(name, f"must be between {low} and {high}")
        return value

    def flag(self, name: str, default: Any = REQUIRED) -> bool:
        value = self._get(name, default)
        if not isinstance(value, bool):
            raise self.error(name, "must be true or false")
        return value

    def texts(self, name: str, default: Any = REQUIRED, non_empty: bool = False) -> tuple[str, ...]:
        value = self._get(name, default)
        if value is default and default is not REQUIRED:
            return tuple(value)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.error(name, "must be a list of non-empty texts")
        if non_empty and not value:
            raise self.error(name, "must not be empty")
        return tuple(v.strip() for v in value)

    def choice(self, name: str, choices: Iterable[str], default: Any = REQUIRED) -> str:
        allowed = tuple(choices)
        value = self._get(name, default)
        if value not in allowed:
            raise self.error(name, f"must be one of: {', '.join(allowed)}")
        return value

    def int_range(self, name: str, default: Any = REQUIRED) -> Any:
        """A `[low, high]` pair of whole numbers."""
        value = self._get(name, default)
        if value is default and default is not REQUIRED:
            return value
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value)
            or value[0] > value[1]
        ):
            raise self.error(name, "must be [low, high] whole numbers with low <= high")
        return (value[0], value[1])

    def sub(self, name: str, default: Any = REQUIRED) -> "Fields":
        value = self._get(name, default)
        return Fields(value, self.source, self.item, f"{self.prefix}{name}.")

    def reject_unknown(self, allowed: Iterable[str]) -> None:
        """Catch typos: a misspelt key would otherwise be silently ignored."""
        unknown = sorted(set(self.table) - set(allowed))
        if unknown:
            raise self.error(unknown[0], "is not a known field (check the spelling)")
