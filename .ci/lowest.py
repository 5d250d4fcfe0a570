"""Print pip constraints pinning every runtime dependency of pyproject.toml to its lower bound.

`.ci/run` installs with them once, so the lowest versions the package allows are the ones tested
(pip has no "lowest" resolution; the bounds are read from pyproject.toml, the one place they live).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9_.-]+)\s*(\[[^\]]*\])?\s*([^;]*?)\s*(;.*)?$")

project = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())["project"]
for requirement in project["dependencies"]:
    name, _, specifiers, marker = REQUIREMENT.match(requirement).groups()
    lower = [s.strip()[2:] for s in specifiers.split(",") if s.strip().startswith(">=")]
    if not lower:
        sys.exit(f"{requirement}: no lower bound (>=) to test")
    print(f"{name}=={lower[0]}{' ' + marker if marker else ''}")
