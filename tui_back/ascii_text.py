"""Text made 7-bit ASCII cell for cell, for terminals that cannot show UTF-8 (or `ascii = true`).

The app's own symbols have ASCII forms (`tui_back.symbols`); this is the net under everything
else on screen: Textual's borders, scrollbars, arrows and ellipses, and any text a data file or
the user brought. Each character becomes as many ASCII characters as the cells it takes, so
nothing on screen moves: box and block drawing becomes `-`, `|`, `+` or `#`, arrows and
triangles point with `<`, `>`, `^`, `v`, accented letters lose their accents, and what has no
ASCII likeness becomes `?`.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from rich.cells import cell_len

LIKENESS = {
    "\u2014": "-", "\u2013": "-", "\u2012": "-", "\u2212": "-", "\u2026": ".", "\u00b7": ".", "\u2022": "*",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ", "\u00d7": "x",
    "\u2713": "+", "\u2714": "+", "\u2717": "x", "\u2718": "x", "\u2b58": "o", "\u25cb": "o", "\u25cf": "*",
    "\u25a0": "#", "\u25a1": "o", "\u25c7": "*", "\u25c6": "*", "\u23ce": "<", "\u2591": ".", "\u2592": ":",
    "\u2593": "#",
}  # fmt: skip
"""Characters whose ASCII likeness their Unicode name does not give."""
DIRECTIONS = (("DOWN", "v"), ("UP", "^"), ("LEFT", "<"), ("RIGHT", ">"))


def likeness(char: str) -> str:
    """One character as ASCII of the same width in cells."""
    width = cell_len(char)
    if char.isascii() or width == 0:
        return char if char.isascii() else ""
    text = LIKENESS.get(char) or _by_name(char)
    return (text + "?" * width)[:width]


def _by_name(char: str) -> str:
    name = unicodedata.name(char, "")
    if name.startswith("BOX DRAWINGS"):
        across, down = "HORIZONTAL" in name, "VERTICAL" in name
        return "-" if across and not down else "|" if down and not across else "+"
    if name.endswith("BLOCK") or "QUADRANT" in name:
        if name.startswith(("LEFT", "RIGHT")):
            return "|"
        if "ONE EIGHTH" in name or "ONE QUARTER" in name:
            return "-"
        return "#"
    if "ARROW" in name or "TRIANGLE" in name or "POINTER" in name:
        return next((mark for word, mark in DIRECTIONS if word in name), "*")
    plain = "".join(c for c in unicodedata.normalize("NFKD", char) if c.isascii() and c.isprintable())
    return plain or "?"


@lru_cache(maxsize=4096)
def ascii_text(text: str) -> str:
    """`text` in 7-bit ASCII, the same width in cells."""
    if text.isascii():
        return text
    return "".join(likeness(char) for char in text)
