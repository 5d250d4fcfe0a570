"""What the terminal can show: UTF-8 or ASCII symbols, and settings for slow links.

Kept free of Textual imports on purpose: `low_bandwidth_env` must run before Textual is imported,
because Textual reads TEXTUAL_ANIMATIONS and TEXTUAL_FPS once, at import time.

Every symbol here has a distinct shape in both tables, so no state is told apart by colour alone
(NO_COLOR users and colour-blind users see the same information).
"""

from __future__ import annotations

import codecs
import locale
import os
import sys
from collections.abc import Mapping
from types import MappingProxyType

from msgspec import Struct

from tui_back.config import Settings
from tui_back.domain.streaks import DONE, FROZEN, FUTURE, MISSED, PENDING, REST

LOW_BANDWIDTH_FPS = 15
"""Textual repaints at most 60 times a second by default; over a slow SSH link fewer is kinder."""


def terminal_encoding() -> str | None:
    """The encoding the app's output is written in.

    Textual's terminal drivers write to stderr, so its encoding is the one that matters; under
    textual-serve the browser receives UTF-8 whatever the locale says.
    """
    if "web_driver" in os.environ.get("TEXTUAL_DRIVER", ""):
        return "utf-8"
    stream = sys.__stderr__ or sys.__stdout__
    encoding = getattr(stream, "encoding", None)
    return encoding or locale.getpreferredencoding(False) or None


def is_utf8(encoding: str | None) -> bool:
    if not encoding:
        return False
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def wants_ascii(settings: Settings, encoding: str | None) -> bool:
    """True when the user asked for ASCII or the terminal cannot show UTF-8 symbols."""
    return settings.ascii or not is_utf8(encoding)


class Symbols(Struct, frozen=True):
    done: str
    skipped: str
    bullet: str
    right: str
    up: str
    down: str
    ellipsis: str
    day: Mapping[str, str]
    """Heatmap cell for each day state of `tui_back.domain.streaks`."""


UNICODE = Symbols(
    done="✓",
    skipped="✗",
    bullet="•",
    right="→",
    up="↑",
    down="↓",
    ellipsis="…",
    day=MappingProxyType({DONE: "■", FROZEN: "◇", REST: "–", MISSED: "·", PENDING: "□", FUTURE: " "}),
)

ASCII = Symbols(
    done="+",
    skipped="-",
    bullet="*",
    right="->",
    up="^",
    down="v",
    ellipsis="...",
    day=MappingProxyType({DONE: "#", FROZEN: "*", REST: "-", MISSED: ".", PENDING: "o", FUTURE: " "}),
)


def symbols(ascii_only: bool) -> Symbols:
    return ASCII if ascii_only else UNICODE


def symbols_for(settings: Settings, encoding: str | None = None) -> Symbols:
    """The symbol table for this terminal (encoding defaults to the one the app writes in)."""
    return symbols(wants_ascii(settings, encoding if encoding is not None else terminal_encoding()))


def low_bandwidth_env(settings: Settings) -> dict[str, str]:
    """Environment for Textual when `low_bandwidth` is on: no animations, fewer repaints.

    Apply it to `os.environ` before anything imports Textual.
    """
    if not settings.low_bandwidth:
        return {}
    return {"TEXTUAL_ANIMATIONS": "none", "TEXTUAL_FPS": str(LOW_BANDWIDTH_FPS)}
