"""Work Python redoes at every start, kept between runs: compiled regular expressions and generated code.

Importing Textual and Rich compiles about 70 regular expressions, with Python's regex compiler,
which is written in Python; dataclasses and named tuples write their methods out as source text
and compile it (about 200 pieces), and `typing` compiles a few hundred string annotations. Every
start repeats all of it: about 190 M instructions before the dashboard's first frame.
This module keeps the results in one marshal file in the cache dir, much as Python keeps bytecode
in `__pycache__`:

- a regular expression is kept as the program Python's regex compiler made for it (what it hands
  to `_sre.compile`), by pattern and flags;
- generated source is kept as its code object, by the source text, mode and future flags.

Either is what the compiler would make again from the same key on the same Python, so the file is
used only by the exact build that wrote it (version string, regex engine, marshal format and
optimisation level). The hooks are in place from just before Textual is imported (`start`) until
the first frame is on screen (`finish`); then the standard library is put back as it was and the
file is written if this start compiled anything new. A missing, damaged or foreign file means
compiling as usual. The file holds code, like a .pyc: one this user does not own, or others could
write, is ignored, and it is written 0600 in the private cache dir.
"""

from __future__ import annotations

import __future__
import builtins
import marshal
import re
import sys
from pathlib import Path
from types import CodeType
from typing import Any, NamedTuple

import _sre

from tui_back.paths import is_own_private_file, replace_privately

FILE_NAME = "startup.marshal"
FORMAT = 1
_FUTURE_FLAGS = 0
for _feature in __future__.all_feature_names:
    _FUTURE_FLAGS |= getattr(__future__, _feature).compiler_flag
_MISSING = object()


class Summary(NamedTuple):
    reused: int
    compiled: int


class _Recorder:
    """Stands in for the `_sre` module inside Python's regex compiler, to see the program it makes."""

    def __init__(self) -> None:
        self.last: tuple | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(_sre, name)

    def compile(self, *args: Any) -> re.Pattern:
        self.last = args
        return _sre.compile(*args)


def _regex_compiler() -> Any:
    """The module whose `compile` turns a pattern into a program (renamed in Python 3.11)."""
    return getattr(re, "_compiler", None) or sys.modules["sre_compile"]


def _caller_future_flags(depth: int) -> int:
    """The `from __future__` flags of the code `depth` frames up, which `exec` and `compile` inherit."""
    return sys._getframe(depth + 1).f_code.co_flags & _FUTURE_FLAGS


class StartupCache:
    """The hooks and what they found. What this start used is what gets written, so entries an
    upgrade left behind drop out the next time anything new is compiled."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._stored_regexes, self._stored_code = self._load()
        self._kept_regexes: dict[tuple, tuple] = {}
        self._kept_code: dict[tuple, Any] = {}
        self.reused = self.compiled = 0
        self._undo: list[tuple[Any, str, Any]] = []
        self._recorder = _Recorder()
        self._compile_pattern = _regex_compiler().compile

    @staticmethod
    def _header() -> tuple:
        return (FORMAT, sys.version, sys.flags.optimize, _sre.MAGIC, marshal.version)

    def _load(self) -> tuple[dict, dict]:
        try:
            if is_own_private_file(self._path):
                header, regexes, code = marshal.loads(self._path.read_bytes())
                if header == self._header():
                    return regexes, code
        except Exception:  # missing, damaged or from another Python: compile as usual
            pass
        return {}, {}

    def install(self) -> None:
        import collections
        import dataclasses
        import typing

        compiler = _regex_compiler()
        self._patch(compiler, "compile", self._regex)
        self._patch(compiler, "_sre", self._recorder)
        self._patch(dataclasses, "exec", self._exec)
        self._patch(collections, "eval", self._eval)
        self._patch(typing, "compile", self._compile)

    def _patch(self, module: Any, name: str, value: Any) -> None:
        self._undo.append((module, name, module.__dict__.get(name, _MISSING)))
        setattr(module, name, value)

    def uninstall(self) -> None:
        while self._undo:
            module, name, old = self._undo.pop()
            if old is _MISSING:
                delattr(module, name)
            else:
                setattr(module, name, old)

    def _regex(self, pattern: Any, flags: int = 0) -> re.Pattern:
        if type(pattern) not in (str, bytes) or flags & re.DEBUG:
            return self._compile_pattern(pattern, flags)
        key = (pattern, int(flags))
        program = self._stored_regexes.get(key)
        if program is not None:
            try:
                compiled = _sre.compile(pattern, *program)
            except Exception:  # the regex engine checks a program; a bad one is compiled afresh
                pass
            else:
                self._kept_regexes[key] = program
                self.reused += 1
                return compiled
        self._recorder.last = None
        compiled = self._compile_pattern(pattern, flags)
        args = self._recorder.last
        if args is not None and len(args) == 6 and args[0] is pattern:  # not another thread's pattern
            _, final_flags, code, groups, groupindex, indexgroup = args  # opcodes are int subclasses
            program = (int(final_flags), [int(op) for op in code], groups, dict(groupindex), tuple(indexgroup))
            self._kept_regexes[key] = program
            self.compiled += 1
        return compiled

    def _code(self, source: str, filename: str, mode: str, future_flags: int) -> Any:
        key = (source, filename, mode, future_flags)
        code = self._stored_code.get(key)
        if type(code) is not CodeType:
            code = builtins.compile(source, filename, mode, future_flags, dont_inherit=True)
            self.compiled += 1
        else:
            self.reused += 1
        self._kept_code[key] = code
        return code

    def _exec(self, source: Any, globals: dict | None = None, locals: Any = None, /, **kwargs: Any) -> None:
        builtins.exec(*self._as_caller(source, "exec", globals, locals), **kwargs)

    def _eval(self, source: Any, globals: dict | None = None, locals: Any = None, /) -> Any:
        return builtins.eval(*self._as_caller(source, "eval", globals, locals))

    def _as_caller(self, source: Any, mode: str, globals: dict | None, locals: Any) -> tuple:
        """`exec` or `eval`'s arguments as its caller (two frames up) meant them: text becomes code
        compiled with the caller's future flags, and no namespace means the caller's."""
        if globals is None:
            caller = sys._getframe(2)
            globals, locals = caller.f_globals, caller.f_locals if locals is None else locals
        if type(source) is str:
            source = self._code(source, "<string>", mode, _caller_future_flags(2))
        return source, globals, locals

    def _compile(
        self, source: Any, filename: Any, mode: str, flags: int = 0, dont_inherit: bool = False,
        optimize: int = -1, **kwargs: Any,
    ) -> Any:
        inherited = 0 if dont_inherit else _caller_future_flags(1)
        plain = optimize == -1 and not kwargs and not flags & ~_FUTURE_FLAGS  # no AST, no other optimisation
        if plain and type(source) is str and type(filename) is str:
            return self._code(source, filename, mode, flags | inherited)
        return builtins.compile(source, filename, mode, flags | inherited, True, optimize, **kwargs)

    def save(self) -> None:
        """Write what this start used, if it compiled anything new; never raises."""
        if not self.compiled:
            return
        try:
            blob = marshal.dumps((self._header(), self._kept_regexes, self._kept_code))
            replace_privately(self._path, blob)
        except Exception:  # a cache that cannot be written is simply not used
            pass


_active: StartupCache | None = None


def start(cache_dir: Path) -> None:
    """Reuse what earlier starts compiled, from `cache_dir`; call before importing Textual."""
    global _active
    if _active is None:
        _active = StartupCache(cache_dir / FILE_NAME)
        _active.install()


def finish() -> Summary | None:
    """Put the standard library back and keep this start's work for the next; None if not started."""
    global _active
    cache, _active = _active, None
    if cache is None:
        return None
    cache.uninstall()
    cache.save()
    return Summary(cache.reused, cache.compiled)
