"""Turning msgspec's error path into a message naming the file, the item and the field."""

from __future__ import annotations

from typing import Annotated, Literal

import pytest
from msgspec import Meta, Struct

from tui_back.domain.str_enum import StrEnum
from tui_back.domain.validation import DataError, NonEmptyTexts, Text, convert


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


class Step(Struct, forbid_unknown_fields=True):
    id: Text
    count: Annotated[int, Meta(ge=1, le=9)] = 1


class Entry(Struct, forbid_unknown_fields=True):
    id: Text
    tags: NonEmptyTexts = ("a",)
    steps: tuple[Step, ...] = ()
    kind: Literal["x", "y"] = "x"
    colour: Colour = Colour.RED


class Named(Struct, forbid_unknown_fields=True):
    why: Text


class Groups(Struct, forbid_unknown_fields=True, rename={"same_day": "same-day"}):
    first: Named
    same_day: Named


class File(Struct, forbid_unknown_fields=True):
    entry: tuple[Entry, ...] = ()
    group: Groups | None = None
    sources: dict[str, Text] = {}


ITEMS = {"entry": "entry", "group": "group"}


def error(document: dict) -> DataError:
    with pytest.raises(DataError) as caught:
        convert(document, File, "f.toml", items=ITEMS)
    return caught.value


def test_a_valid_document_converts():
    parsed = convert({"entry": [{"id": "a", "colour": "blue"}]}, File, "f.toml", items=ITEMS)
    assert parsed.entry[0].colour is Colour.BLUE and parsed.entry[0].colour == "blue"


@pytest.mark.parametrize(
    ("document", "item", "field", "problem"),
    [
        ({"entry": [{"id": "a"}, {"id": "b", "steps": [{"id": "s"}, {"id": "t", "count": 0}]}]},
         "entry 'b'", "steps[2].count", "must be a whole number between 1 and 9"),
        ({"entry": [{"id": "a", "steps": [{"id": "s", "cuont": 2}]}]},
         "entry 'a'", "steps[1].cuont", "is not a known field (check the spelling)"),
        ({"entry": [{"id": "a", "steps": [{}]}]}, "entry 'a'", "steps[1].id", "is required"),
        ({"entry": [{"id": "a", "tags": ["ok", " "]}]}, "entry 'a'", "tags", "must be a list of non-empty texts"),
        ({"entry": [{"id": "a", "tags": []}]}, "entry 'a'", "tags", "must not be empty"),
        ({"entry": [{"id": "a", "kind": "z"}]}, "entry 'a'", "kind", "must be one of: x, y"),
        ({"entry": [{"id": "a", "colour": "green"}]}, "entry 'a'", "colour", "must be one of: red, blue"),
        ({"entry": [{"name": "no id"}]}, "entry '?'", "name", "is not a known field (check the spelling)"),
        ({"group": {"first": {"why": 3}, "same-day": {"why": "w"}}}, "group 'first'", "why", "must be non-empty text"),
        ({"group": {"first": {"why": "w"}}}, "group 'same-day'", None, "is missing (add a [group.same-day] table)"),
        ({"group": {"first": {"why": "w"}, "same-day": {"why": "w"}, "later": {}}}, "group 'later'", None,
         "unknown group; use one of: first, same-day"),
        ({"sources": {"a": ""}}, None, None, "[sources] must be a table mapping keys to non-empty texts"),
        ({"entry": 3}, None, None, "[entry] must be a list of tables"),
        ({"entries": []}, None, None, "unknown top-level key 'entries'"),
    ],
)
def test_errors_name_the_file_item_and_field(document, item, field, problem):
    caught = error(document)
    assert (caught.source, caught.item, caught.field, caught.problem) == ("f.toml", item, field, problem)
    assert str(caught).startswith("f.toml: ") and str(caught).endswith(problem)


def test_a_single_item_file_names_its_top_level_keys_as_fields():
    with pytest.raises(DataError) as caught:
        convert({"entry": [{"id": "a", "tags": [1]}]}, File, "c.toml", root_item="settings")
    assert str(caught.value) == "c.toml: settings: field 'entry[1].tags': must be a list of non-empty texts"


def test_a_member_formats_as_its_value():
    assert f"{Colour.RED}" == "red" and str(Colour.BLUE) == "blue" and Colour("red") is Colour.RED
