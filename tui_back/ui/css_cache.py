"""Textual's parsed styles kept between runs, so the first frame does not wait for the CSS parser.

Textual parses the styles of each widget class the first time one is mounted, in every run: for
the dashboard that is about a fifth of the work before its first frame. A stylesheet keeps what it
parsed in an in-memory cache keyed by the exact CSS text and where it came from; `keep_parsed_css`
swaps that cache for one that also reads a file in the cache dir and, once the dashboard is on
screen, writes it. The file is only used when the Textual and Python versions and the theme's
variables are the ones it was written with, so a new theme or an upgrade parses afresh. Anything
wrong with the file means parsing as Textual always does.

The file is a pickle, written 0600 in the user's private cache dir (0700), as Python's own bytecode
cache is; a file this user does not own, or others could write, is ignored.
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path
from typing import Any

import textual
from textual.css.stylesheet import Stylesheet

from tui_back.paths import is_own_private_file, replace_privately

FILE_NAME = "styles.pickle"
FORMAT = 1


def _textual_install() -> tuple:
    """Which Textual is installed: its path and when it was written (an upgrade rewrites it).

    `textual.__version__` would do, but Textual finds it through `importlib.metadata`, which takes
    longer to import than the parse this cache saves.
    """
    return (textual.__file__, os.stat(textual.__file__).st_mtime_ns)


class ParsedCss:
    """A stand-in for `Stylesheet._parse_cache`: a mapping that Textual reads, writes and clears."""

    def __init__(self, stylesheet: Stylesheet, path: Path) -> None:
        self._stylesheet, self._path = stylesheet, path
        self._memory: dict[tuple, Any] = {}
        self._stored: dict[tuple, Any] | None = None
        self._parsed_here = False

    def _header(self) -> tuple:
        return (FORMAT, _textual_install(), sys.version_info[:2], sorted(self._stylesheet._variables.items()))

    def _from_file(self) -> dict[tuple, Any]:
        if self._stored is None:
            self._stored = {}
            try:
                if not is_own_private_file(self._path):
                    return self._stored
                header, rules = pickle.loads(self._path.read_bytes())
                if header == self._header():
                    self._stored = rules
            except Exception:  # a missing, damaged or foreign file: parse as usual
                pass
        return self._stored

    def __getitem__(self, key: tuple) -> Any:
        try:
            return self._memory[key]
        except KeyError:
            rules = self._from_file()[key]
            self._memory[key] = rules
            return rules

    def __setitem__(self, key: tuple, rules: Any) -> None:
        self._memory[key] = rules
        self._parsed_here = True

    def clear(self) -> None:
        """Textual clears its cache when the theme's variables change: read the file again for them."""
        self._memory.clear()
        self._stored = None

    def save(self) -> None:
        """Write what this run parsed or read, if it parsed anything; never raises."""
        if not self._parsed_here:
            return
        self._parsed_here = False
        try:
            blob = pickle.dumps((self._header(), dict(self._memory)), protocol=pickle.HIGHEST_PROTOCOL)
            replace_privately(self._path, blob)
        except Exception:  # a cache that cannot be written is simply not used
            pass


def keep_parsed_css(stylesheet: Stylesheet, cache_dir: Path) -> ParsedCss:
    """Make `stylesheet` read parsed styles from `cache_dir`; call `save()` on the result later."""
    cache = ParsedCss(stylesheet, cache_dir / FILE_NAME)
    stylesheet._parse_cache = cache  # type: ignore[assignment]
    return cache
