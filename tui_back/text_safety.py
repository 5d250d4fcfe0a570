"""Text from files and users made harmless for a terminal: no control character gets through.

An exercise name, a routine step or a `log --note` is shown in the app, printed by `tui-back
exercises` and written to CSV; a raw escape sequence in any of them could set the terminal title,
write the clipboard (OSC 52) or clear the screen. `clean` replaces C0 and C1 control characters
(and DEL) when text comes in, keeping newlines and tabs only where a caller allows them; `visible`
shows any that are left as `\\xNN`-style escapes when text goes out.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROLS_AND_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
REPLACEMENT = "\ufffd"


def clean(text: str, keep_breaks: bool = False) -> str:
    """`text` with every control character replaced by U+FFFD (tabs and newlines kept if `keep_breaks`)."""
    pattern = _CONTROLS if keep_breaks else _CONTROLS_AND_BREAKS
    return pattern.sub(REPLACEMENT, text)


def visible(text: str, keep_breaks: bool = False) -> str:
    """`text` with every control character written out as an escape (`\\x1b`), for output (tabs and
    newlines kept if `keep_breaks`)."""
    pattern = _CONTROLS if keep_breaks else _CONTROLS_AND_BREAKS
    return pattern.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def cleaned(value: object) -> object:
    """A parsed document (TOML, JSON) with `clean` applied to every string in it, keys included."""
    if isinstance(value, str):
        return clean(value, keep_breaks=True)
    if isinstance(value, dict):
        return {cleaned(key): cleaned(item) for key, item in value.items()}
    if isinstance(value, list):
        return [cleaned(item) for item in value]
    return value
