"""Checking parsed data files against their declared msgspec types, with errors a person can act on.

Each file's shape is a `msgspec.Struct` (with `forbid_unknown_fields`), converted from the parsed
TOML by `convert`. When msgspec refuses a value, its path (`$.exercise[3].dosage.hold_s`) becomes
a `DataError` that names the file, the item (`exercise 'plank'`) and the field (`dosage.hold_s`),
and says what the field must be, read from the declared type. Rules that span several fields
(unknown ids, duplicates, a default inside its range) stay as code in the modules that own them,
using `DataError` and the helpers at the end of this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, TypeVar

import msgspec
import msgspec.inspect as mi
from msgspec import Meta

T = TypeVar("T")

Text = Annotated[str, Meta(pattern=r"\S")]
"""Text with at least one character that is not white space."""
Texts = tuple[Text, ...]
NonEmptyTexts = Annotated[tuple[Text, ...], Meta(min_length=1)]


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


def convert(
    document: Any,
    type_: type[T],
    source: str,
    items: Mapping[str, str] | None = None,
    root_item: str | None = None,
) -> T:
    """`document` as `type_`; a `DataError` naming file, item and field if it does not fit.

    `items` maps a top-level key to the word for its entries: `{"exercise": "exercise"}` names
    `$.exercise[3]` after its `id` ("exercise 'plank'"), and a table of named tables such as
    `[level.soon]` after its key ("level 'soon'"). `root_item` names the item for files that are
    a single item (config.toml: "settings"); their top-level keys are then fields.
    """
    try:
        return msgspec.convert(document, type_)
    except msgspec.ValidationError as exc:
        raise _translate(str(exc), document, type_, source, items or {}, root_item) from None


_MISSING = re.compile(r"Object missing required field `(.+)`")
_UNKNOWN = re.compile(r"Object contains unknown field `(.+)`")
_SEGMENT = re.compile(r"\.([^.\[]+)|\[(\d+|\.\.\.)\]")


def _translate(
    message: str, document: Any, type_: Any, source: str, items: Mapping[str, str], root_item: str | None
) -> DataError:
    text, _, at = message.partition(" - at `")
    # Keys, list positions, and None for a value in a table of free keys (msgspec writes `[...]`).
    path: list[str | int | None] = [
        key or (None if index == "..." else int(index)) for key, index in _SEGMENT.findall(at.rstrip("`"))
    ]
    missing, unknown = _MISSING.match(text), _UNKNOWN.match(text)
    found = missing or unknown
    name = found.group(1) if found else None
    item, offset = root_item, 0
    if root_item is None:
        if not path:
            problem = f"unknown top-level key '{name}'" if unknown else f"[{name}] is required"
            return DataError(source, problem)
        label = items.get(str(path[0]))
        if label is None or (len(path) == 1 and not name):
            return DataError(source, f"[{path[0]}] {_expected(_type_at(type_, path[:1]), text)}")
        if len(path) == 1:
            container = _type_at(type_, path)
            if missing:
                return DataError(source, f"is missing (add a [{path[0]}.{name}] table)", f"{label} '{name}'")
            known = ", ".join(f.encode_name for f in container.fields)
            return DataError(source, f"unknown {label}; use one of: {known}", f"{label} '{name}'")
        key = path[1]
        if isinstance(key, int):
            entry = document[path[0]][key]
            key = entry.get("id", "?") if isinstance(entry, Mapping) else "?"
        item, offset = f"{label} '{key}'", 2
    if name:
        problem = "is required" if missing else "is not a known field (check the spelling)"
        return DataError(source, problem, item, _field([*path[offset:], name]))
    end = len(path)
    while end > offset and not isinstance(path[end - 1], str):
        end -= 1  # an element of a list of plain values: name the list
    problem = _expected(_type_at(type_, path[:end]), text)
    if end < len(path) and text.startswith("Invalid enum value "):
        problem += f"; {text.removeprefix('Invalid enum value ')} is not one"
    return DataError(source, problem, item, _field(path[offset:end]) or None)


def _field(path: list[str | int | None]) -> str:
    """`levels[2].reps`: keys joined by dots, list positions counted from 1 as people count."""
    out = ""
    for segment in path:
        out += f"[{segment + 1}]" if isinstance(segment, int) else f".{segment}" if segment else ""
    return out.lstrip(".")


def _unwrap(info: Any) -> Any:
    while True:
        if isinstance(info, mi.Metadata):
            info = info.type
        elif isinstance(info, mi.UnionType):
            info = next(t for t in info.types if not isinstance(t, mi.NoneType))
        else:
            return info


def _type_at(type_: Any, path: list[str | int | None]) -> Any:
    """The declared type at `path` inside `type_`, as `msgspec.inspect` describes it."""
    info = _unwrap(mi.type_info(type_))
    for segment in path:
        if isinstance(info, mi.StructType):
            info = next(f.type for f in info.fields if f.encode_name == segment)
        elif isinstance(info, mi.DictType):
            info = info.value_type
        elif isinstance(info, mi.TupleType) and isinstance(segment, int):
            info = info.item_types[segment]
        else:
            info = info.item_type
        info = _unwrap(info)
    return info


def _expected(info: Any, text: str) -> str:
    """What a field of this type must be, in the words of the data files' comments."""
    if isinstance(info, (mi.ListType, mi.VarTupleType)) and "of length >=" in text:
        return "must not be empty" if info.min_length == 1 else f"must list at least {info.min_length}"
    return "must be " + _describe(info)


def _describe(info: Any, plural: bool = False) -> str:
    info = _unwrap(info)
    if isinstance(info, mi.IntType):
        number = "whole numbers" if plural else "a whole number"
        if info.ge is not None and info.le is not None:
            return f"{number} between {info.ge} and {info.le}"
        return number if info.ge is None else f"{number} of at least {info.ge}"
    if isinstance(info, mi.BoolType):
        return "true or false"
    if isinstance(info, mi.StrType):
        return ("non-empty " if info.pattern else "") + ("texts" if plural else "text")
    if isinstance(info, (mi.LiteralType, mi.EnumType)):
        values = info.values if isinstance(info, mi.LiteralType) else [member.value for member in info.cls]
        return ("values from: " if plural else "one of: ") + ", ".join(map(str, values))
    if isinstance(info, mi.TupleType):
        return "[low, high] whole numbers"
    if isinstance(info, (mi.ListType, mi.VarTupleType)):
        return f"a list of {_describe(info.item_type, plural=True)}"
    if isinstance(info, mi.DictType):
        return f"a table mapping keys to {_describe(info.value_type, plural=True)}"
    if isinstance(info, mi.StructType):
        return "tables" if plural else "a table"
    return "a different kind of value"


# -- rules that span fields ---------------------------------------------------------------------


def source_names(
    keys: Iterable[str], sources: Mapping[str, str], source: str, item: str, field: str = "sources"
) -> tuple[str, ...]:
    """The full names behind `keys`; a key missing from the file's `[sources]` is a `DataError`."""
    names = []
    for key in keys:
        if key not in sources:
            raise DataError(source, f"unknown source key '{key}' (define it under [sources])", item, field)
        names.append(sources[key].strip())
    return tuple(names)


def reject_duplicates(ids: Iterable[str], source: str, label: str, problem: str = "appears twice") -> None:
    """Each id once per file: a second entry would silently replace the first."""
    seen: set[str] = set()
    for item_id in ids:
        if item_id in seen:
            raise DataError(source, problem, f"{label} '{item_id}'", "id")
        seen.add(item_id)


def stripped(texts: Iterable[str]) -> tuple[str, ...]:
    return tuple(text.strip() for text in texts)
