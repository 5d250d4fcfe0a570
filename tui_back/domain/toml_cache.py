"""Parsed data files kept in marshal form, so start-up skips the TOML parser.

Parsing the catalogue, routines, progressions and red-flag rules with `tomllib` took about 15 ms of
every start, importing the parser included; reading a marshal file takes well under one. Like Python's
bytecode cache, each parsed file is stored with a key: its path, size and a checksum of its bytes,
plus the Python and marshal versions. The file is still read every time; only the parse is
skipped, and only when the bytes are the ones parsed before. Any trouble with the cache means a
fresh parse, and a file that does not parse is never cached, so its error shows every time.

The cache is off until `use_cache_dir` names a directory (the app context does, with the
platform's cache dir). The directory is created 0700 and files 0600: a user's own exercises file
may say something about their health. An entry this user does not own, or others could write, is
ignored.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from pathlib import Path
from typing import Any, Callable

from tui_back.paths import is_own_private_file, replace_privately

_cache_dir: Path | Callable[[], Path] | None = None
FORMAT = 1
"""Bumped when what is stored changes shape."""


def use_cache_dir(where: Path | Callable[[], Path] | None) -> None:
    """Keep parsed files in `where` from now on; None turns the cache off.

    `where` may be a function, called when the first file is parsed: finding the platform's cache
    dir has a cost that commands which parse nothing should not pay.
    """
    global _cache_dir
    _cache_dir = where


def _directory() -> Path | None:
    global _cache_dir
    if callable(_cache_dir):
        _cache_dir = _cache_dir()
    return _cache_dir


def cached_parse(source: Path, raw: bytes, parse: Callable[[Path, bytes], dict[str, Any]]) -> dict[str, Any]:
    """`parse(source, raw)`, or the result of an earlier parse of the same bytes from the same file."""
    cache_dir = _directory()
    if cache_dir is None:
        return parse(source, raw)
    name = os.fsencode(os.path.abspath(source))
    key = (FORMAT, tuple(sys.version_info[:2]), marshal.version, name, len(raw), zlib.crc32(raw))
    entry = cache_dir / f"{source.stem}-{zlib.crc32(name):08x}.marshal"
    try:
        if is_own_private_file(entry):
            stored_key, data = marshal.loads(entry.read_bytes())
            if stored_key == key:
                return data
    except (OSError, ValueError, EOFError, TypeError):
        pass
    data = parse(source, raw)
    _store(entry, key, data)
    return data


def _store(entry: Path, key: tuple, data: dict[str, Any]) -> None:
    """A cache that cannot be written is simply not used."""
    try:
        replace_privately(entry, marshal.dumps((key, data)))  # ValueError: values marshal cannot hold (dates)
    except (OSError, ValueError):
        pass
