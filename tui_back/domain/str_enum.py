"""`StrEnum` on every supported Python: members are their values wherever text is expected.

Python 3.11 has `enum.StrEnum`; 3.10 gets the same behaviour from a `str` mixin whose `str()` and
`format()` give the value (`f"{SOON}"` is `soon`, not `TriageLevel.SOON`). Values saved to disk
and written in data files are these strings, so a member compares equal to the text it came from.
"""

from __future__ import annotations

import sys
from enum import Enum

if sys.version_info >= (3, 11):
    from enum import StrEnum
else:  # pragma: no cover - exercised on Python 3.10 only

    class StrEnum(str, Enum):
        def __str__(self) -> str:
            return str.__str__(self)

        def __format__(self, format_spec: str) -> str:
            return str.__format__(self, format_spec)


__all__ = ["StrEnum"]
