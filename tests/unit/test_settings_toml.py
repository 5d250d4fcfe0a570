"""The plain-layout reader agrees with tomllib wherever it answers, and answers for plain files."""

from __future__ import annotations

import sys

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tui_back import settings_toml

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 only
    import tomli as tomllib

ERROR = object()


def typed(value: object) -> object:
    """`value` with the type of every part spelt out: `True == 1` must not pass for a match."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return (type(value).__name__, value)


def reference(text: str) -> object:
    try:
        return typed(tomllib.loads(text))
    except tomllib.TOMLDecodeError:
        return ERROR


def agrees(text: str) -> dict | None:
    """What `read` gives, after checking it is what tomllib gives (None: tomllib decides)."""
    got = settings_toml.read(text)
    if got is not None:
        assert typed(got) == reference(text), text
    return got


bare_keys = st.text("abcXYZ019_-", min_size=1, max_size=6)
strings = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='"\\'), max_size=8)
literals = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="'"), max_size=8)
scalars = st.one_of(
    st.booleans().map(lambda flag: "true" if flag else "false"),
    st.integers(0, 10**18 - 1).map(str),
    strings.map(lambda text: f'"{text}"'),
    literals.map(lambda text: f"'{text}'"),
)
values = st.one_of(
    scalars,
    st.tuples(st.lists(scalars, max_size=4), st.booleans(), st.sampled_from(["", " ", "\t"])).map(
        lambda parts: "[" + parts[2] + ", ".join(parts[0]) + ("," if parts[1] and parts[0] else "") + parts[2] + "]"
    ),
)
spaces = st.sampled_from(["", " ", "  ", "\t"])
comments = st.sampled_from(["", " # note", "\t#", "# [x] = 'y' \"z\""])


@st.composite
def files(draw: st.DrawFn, unique: bool = True, value: st.SearchStrategy[str] = values) -> str:
    """A file in the plain layout; with `unique=False`, keys and tables may repeat (not valid TOML)."""
    keys = bare_keys if unique else st.text("ab", min_size=1, max_size=2)
    lines = []
    for key in draw(st.lists(keys, unique=unique, max_size=5)):
        lines.append(f"{draw(spaces)}{key}{draw(spaces)}={draw(spaces)}{draw(value)}{draw(comments)}")
    for table in draw(st.lists(keys, unique=unique, max_size=3)):
        lines.append(f"{draw(spaces)}[{table}]{draw(comments)}")
        for key in draw(st.lists(keys, unique=unique, max_size=4)):
            lines.append(f"{key} = {draw(value)}{draw(comments)}")
        lines.append(draw(st.sampled_from(["", "# between tables", "   "])))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    return newline.join(lines) + draw(st.sampled_from(["", newline]))


UNUSUAL = [
    *[
        "01",
        "00",
        "0x1f",
        "0o7",
        "0b1",
        "1_000",
        "+1",
        "-1",
        "1.5",
        "1e3",
        "inf",
        "nan",
        "1979-05-27",
        "07:32:00",
        "{b=1}",
        "[[1]]",
        "[1,#c",
        "[,]",
        "[1,,2]",
    ],
    *["[1,]", "[]", "tru", "truex", "falsey", "true1", "1x", "[true]x", "'x'y", "''"],
    "[1 2]",
    "'''x'''",
    "'a\\b'",
    '"a\\tb"',
    '"a\\"',
    '"""x"""',
    '""',
    '"x"y',
    "1" * 19,
]
unusual = st.sampled_from(UNUSUAL)
"""Values at and past the edge of the plain layout: the reader must agree with tomllib or leave them."""


@given(files())
@example('rest_days = ["sat", "sun"]\nfreezes_per_month = 2\n')
@example('# written by the settings screen\ntheme = "nord"\n\n[keymap]\nquit = "ctrl+q,f10"\n')
def test_a_plain_file_is_read_as_tomllib_reads_it(text):
    if reference(text) is ERROR:  # a table named like a top-level key: not valid TOML
        assert settings_toml.read(text) is None
    else:
        assert agrees(text) is not None


@given(files(unique=False))
def test_repeated_keys_and_tables_are_left_to_tomllib(text):
    agrees(text)


@given(files(), unusual, st.booleans())
def test_unusual_values_are_read_as_tomllib_reads_them_or_left_to_it(text, value, in_array):
    """`q` is a key `files` never draws, so the value is the only thing that can be unusual."""
    agrees(f"{text}\nq = {f'[{value}]' if in_array else value}\n")


@given(files(), st.integers(0, 10_000), st.text("\"'\\#=[],.{}+-_:xe0159 \t\r\n\x00\x7fé", min_size=1, max_size=3))
def test_a_plain_file_changed_anywhere_is_read_as_tomllib_reads_it_or_left_to_it(text, at, inserted):
    at %= len(text) + 1
    agrees(text[:at] + inserted + text[at:])


@given(st.text("\"'\\#=[],.{}+-_:aetrufls0159 \t\r\n\x01\x7fé", max_size=40))
def test_any_text_is_read_as_tomllib_reads_it_or_left_to_it(text):
    agrees(text)


@pytest.mark.parametrize(
    "text",
    [
        'a = "x\\ty"',  # an escape
        "a = '''x'''",
        'a = """x"""',
        "a = 1_000",
        "a = +1",
        "a = 0x1f",
        "a = 1.5",
        "a = 1979-05-27",
        "a.b = 1",
        '"a" = 1',
        "[a.b]",
        "[ a ]",
        "[[a]]",
        "a = { b = 1 }",
        "a = [\n  1,\n]",
        "a = [1, # c\n]",
        "a = 1\nb = 2\na = 3",
        "a = 1\n[a]",
        "[t]\n[t]",
        "a = 1\r",
        "\ufeffa = 1",
        "a = 01",
        "a = tru",
        "a =",
    ],
)
def test_anything_beyond_the_plain_layout_is_left_to_tomllib(text):
    assert settings_toml.read(text) is None


def test_what_the_settings_file_checks_comes_from_the_plain_reader_or_tomllib_alike(tmp_path):
    from tui_back import settings_file

    plain = tmp_path / "plain.toml"
    plain.write_text('rest_days = ["sun"]\nweekly_target = 4\n')
    fancy = tmp_path / "fancy.toml"
    fancy.write_text('rest_days = [\n  "sun",\n]\nweekly_target = 0x4\n')
    assert settings_file.read_settings(plain) == ({"rest_days": ("sun",), "weekly_target": 4}, [])
    assert settings_file.read_settings(fancy)[0] == {"rest_days": ("sun",), "weekly_target": 4}
