"""`NamedTuple` without importing `typing`, for the modules `tui-back status` loads on every prompt.

Type checkers see `typing.NamedTuple`. At run time a class written the same way becomes the
`collections.namedtuple` that `typing.NamedTuple` itself builds: the fields are the class's
annotations, in order, and its docstring is kept. Only what tui-back's tuples use: fields without
defaults, no methods.
"""

from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class _Fields(type):
    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> Any:
        if not bases:
            return super().__new__(mcs, name, bases, namespace)
        extra = {name for name in namespace if not (name.startswith("__") and name.endswith("__"))}
        if extra:
            raise TypeError(f"{name}: only fields, no defaults or methods ({', '.join(sorted(extra))})")
        fields = tuple(namespace.get("__annotations__", {}))
        cls = namedtuple(name, fields, module=namespace["__module__"])  # type: ignore[misc]  # built at run time
        cls.__qualname__ = namespace["__qualname__"]
        if namespace.get("__doc__"):
            cls.__doc__ = namespace["__doc__"]
        return cls


class NamedTuple(metaclass=_Fields):
    """Base of a class whose annotated fields make it a `collections.namedtuple`."""
