"""The plain layout of a config.toml, read without the TOML parser.

`tui-back status` runs on every shell prompt and reads config.toml. Importing `tomllib` compiles its
regular expressions, which costs a prompt about as much as the rest of `status`. Most config files
(and every file the settings screen writes) use only the plain layout below, and `read` parses it
with string methods. For anything else it returns None, and the caller uses `tomllib`, which also
reports every syntax error. A property test checks that whatever `read` returns is what `tomllib`
gives for the same text.

The plain layout, line by line:
- blank lines and `# comments`;
- `[table]` headers with a bare name;
- `key = value` with a bare key (letters, digits, `_` and `-`).

A value is one of:
- `true` or `false`;
- a whole number written plainly (no sign, `_`, leading zero or base prefix);
- a string on one line in `"..."` without a backslash, or in `'...'`;
- a one-line array of such values (or of arrays).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_DIGITS = frozenset("0123456789")
_SPACE = " \t"


class _NotPlain(Exception):
    """The text uses more of TOML than the plain layout (or is not TOML): `tomllib` decides."""


def read(text: str) -> dict[str, Any] | None:
    """The document `tomllib.loads(text)` gives, or None if `text` is not in the plain layout."""
    try:
        return _document(text)
    except _NotPlain:
        return None


def _document(text: str) -> dict[str, Any]:
    document: dict[str, Any] = {}
    table = document
    for line in text.replace("\r\n", "\n").split("\n"):
        if any((character < " " and character != "\t") or character == "\x7f" for character in line):
            raise _NotPlain
        line = line.lstrip(_SPACE)
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            name, rest = _bare_key(line[1:])
            if not rest.startswith("]") or name in document:
                raise _NotPlain
            _end_of_line(rest[1:])
            table = document[name] = {}
            continue
        key, rest = _bare_key(line)
        rest = rest.lstrip(_SPACE)
        if not rest.startswith("=") or key in table:
            raise _NotPlain
        value, rest = _value(rest[1:].lstrip(_SPACE))
        _end_of_line(rest)
        table[key] = value
    return document


def _bare_key(text: str) -> tuple[str, str]:
    end = 0
    while end < len(text) and text[end] in _BARE:
        end += 1
    if end == 0:
        raise _NotPlain
    return text[:end], text[end:]


def _end_of_line(rest: str) -> None:
    rest = rest.lstrip(_SPACE)
    if rest and not rest.startswith("#"):
        raise _NotPlain


def _value(text: str) -> tuple[Any, str]:
    """The value at the start of `text` and the text after it."""
    value: Any
    if text.startswith(("true", "false")):
        value = text.startswith("true")
        rest = text[4:] if value else text[5:]
    elif text[:1] in _DIGITS:
        end = 1
        while end < len(text) and text[end] in _DIGITS:
            end += 1
        if (text[0] == "0" and end > 1) or end > 18:  # a long one: tomllib says what is wrong
            raise _NotPlain
        value, rest = int(text[:end]), text[end:]
    elif text[:1] in ("'", '"'):
        quote = text[0]
        end = text.find(quote, 1)
        if end < 0 or (quote == '"' and "\\" in text[1:end]):
            raise _NotPlain
        value, rest = text[1:end], text[end + 1 :]
    elif text.startswith("["):
        value, rest = _array(text[1:])
    else:
        raise _NotPlain
    return value, rest


def _array(text: str) -> tuple[list[Any], str]:
    """The items of a one-line array whose `[` has been read, and the text after its `]`."""
    items: list[Any] = []
    rest = text.lstrip(_SPACE)
    while not rest.startswith("]"):
        item, rest = _value(rest)
        items.append(item)
        rest = rest.lstrip(_SPACE)
        if rest.startswith(","):
            rest = rest[1:].lstrip(_SPACE)
        elif not rest.startswith("]"):
            raise _NotPlain
    return items, rest[1:]
