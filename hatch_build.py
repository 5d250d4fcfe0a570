"""Wheel build step: every shipped `data/*.toml` also goes into the wheel as msgpack.

The app reads the msgpack copy when it is there (`tui_back.data_files.read_shipped`): decoding it
takes a small fraction of parsing the TOML, which is most of what reading the shipped data costs
at start. The TOML stays in the wheel beside it, and a source checkout (no copy) reads the TOML.
Only tui-back's own shipped data is converted; the user's files are always read as TOML.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import msgspec
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib


def compiled(toml_text: str) -> bytes:
    """The msgpack of the document `toml_text` holds."""
    return msgspec.msgpack.encode(tomllib.loads(toml_text))


class ShippedDataHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        self._out = Path(tempfile.mkdtemp(prefix="tui-back-data-"))
        for source in sorted((Path(self.root) / "data").glob("*.toml")):
            target = self._out / f"{source.stem}.msgpack"
            target.write_bytes(compiled(source.read_text(encoding="utf-8")))
            build_data["force_include"][str(target)] = f"tui_back/data/{target.name}"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        out = getattr(self, "_out", None)
        if out is not None:
            shutil.rmtree(out, ignore_errors=True)
