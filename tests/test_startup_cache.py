"""Compiled regular expressions and generated code kept between starts: reused, and the same as fresh."""

from __future__ import annotations

import builtins
import collections
import dataclasses
import marshal
import os
import re
import stat
import subprocess
import sys
import textwrap
import typing

import _sre
import pytest

from tui_back import startup_cache
from tui_back.ui.app import make_app

PATTERNS = [
    (r"(?P<word>\w+)\s+(?P=word)", 0),
    (r"^\s*#.*$", re.MULTILINE),
    (rb"[\x00-\x1f]+(?=end)", 0),
    (r"colou?r", re.IGNORECASE),
    (r"(?x) \d+ (?: \. \d+ )?  # a number", 0),
    (r"(?<=@)[^\W\d_]+", re.ASCII),
]
SAMPLES = ["hello hello world", "  # a comment\ncode", "Colour COLOR", "3.14 and 42", "me@Home2 x@y", "é@ü"]


@pytest.fixture(autouse=True)
def _always_finished():
    yield
    startup_cache.finish()


@pytest.fixture
def cache_dir(tmp_path):
    return tmp_path / "cache"


def compile_all(suffix: str) -> list[re.Pattern]:
    """Compile the patterns afresh: `re` keeps its own in-memory cache, so each run gets new texts."""
    re.purge()
    return [re.compile(p + (suffix.encode() if isinstance(p, bytes) else suffix), f) for p, f in PATTERNS]


def run(cache_dir, work):
    startup_cache.start(cache_dir)
    try:
        result = work()
    finally:
        summary = startup_cache.finish()
    return summary, result


def behaviour(pattern: re.Pattern) -> tuple:
    samples = [s.encode() + b"\x01end" for s in SAMPLES] if isinstance(pattern.pattern, bytes) else SAMPLES
    return (
        pattern.pattern, pattern.flags, pattern.groups, dict(pattern.groupindex),
        [pattern.findall(s) for s in samples], [bool(pattern.match(s)) for s in samples],
    )


def test_a_second_start_reuses_every_regex_without_running_the_regex_parser(cache_dir, monkeypatch):
    summary, _ = run(cache_dir, lambda: compile_all("(?:x)?"))
    assert summary == startup_cache.Summary(reused=0, compiled=len(PATTERNS))
    fresh = [behaviour(p) for p in compile_all("(?:x)?")]  # with no cache at all

    parser = sys.modules.get("re._parser") or sys.modules["sre_parse"]
    parsed, parse = [], parser.parse
    monkeypatch.setattr(parser, "parse", lambda pattern, *args: parsed.append(pattern) or parse(pattern, *args))
    summary, reused = run(cache_dir, lambda: compile_all("(?:x)?"))
    assert summary == startup_cache.Summary(reused=len(PATTERNS), compiled=0)
    assert parsed == []
    assert [behaviour(p) for p in reused] == fresh


def make_classes():
    point = dataclasses.make_dataclass("Point", [("x", int), ("y", int, dataclasses.field(default=0))], frozen=True)
    pair = collections.namedtuple("Pair", "left right", defaults=[None])
    return point, pair, typing.ForwardRef("list[Point]")


def test_a_second_start_reuses_generated_code_and_the_classes_behave_the_same(cache_dir):
    first, _ = run(cache_dir, make_classes)
    assert first.compiled >= 3  # dataclass methods (one text since Python 3.13), the named tuple, the annotation
    second, (point, pair, ref) = run(cache_dir, make_classes)
    assert second == startup_cache.Summary(reused=first.compiled, compiled=0)

    assert point(1) == point(1, 0) and hash(point(1)) == hash(point(1, 0))
    assert repr(point(2, 3)) == "Point(x=2, y=3)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        point(1).x = 5
    assert point.__init__.__annotations__ == {"x": int, "y": int, "return": None}  # types, not strings
    assert pair(1) == (1, None) and pair(1, 2).right == 2
    assert ref.__forward_arg__ == "list[Point]"
    assert eval(ref.__forward_code__, {"Point": point}) == list[point]


def test_generated_code_keeps_the_future_flags_of_the_code_that_asked_for_it(cache_dir):
    """This module has `from __future__ import annotations`, so text it runs gets string annotations."""
    source = "def f(x: int) -> str: pass"
    expected: dict = {}
    builtins.exec(source, expected)
    for _ in range(2):  # compiled, then reused
        startup_cache.start(cache_dir)
        got: dict = {}
        dataclasses.exec(source, got)  # the hook stands in for `exec` inside dataclasses
        code = typing.compile("x + 1", "<string>", "eval")
        startup_cache.finish()
        assert got["f"].__annotations__ == expected["f"].__annotations__ == {"x": "int", "return": "str"}
        assert eval(code, {"x": 1}) == 2


def test_the_standard_library_is_put_back_at_the_finish(cache_dir):
    compiler = sys.modules.get("re._compiler") or sys.modules["sre_compile"]
    before = compiler.compile
    startup_cache.start(cache_dir)
    assert compiler.compile is not before
    startup_cache.finish()
    assert compiler.compile is before and compiler._sre is _sre
    assert "exec" not in vars(dataclasses) and "eval" not in vars(collections) and "compile" not in vars(typing)
    assert startup_cache.finish() is None  # finishing twice is harmless


def test_the_file_is_private_and_a_start_that_compiles_nothing_new_leaves_it_alone(cache_dir):
    run(cache_dir, lambda: compile_all("(?:y)?"))
    path = cache_dir / startup_cache.FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    before = path.stat()
    run(cache_dir, lambda: compile_all("(?:y)?"))
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def damage_garbage(path):
    path.write_bytes(b"not a marshal file")


def damage_other_python(path):
    header, regexes, code = marshal.loads(path.read_bytes())
    path.write_bytes(marshal.dumps(((header[0], "2.7.18 (elsewhere)", *header[2:]), regexes, code)))


def damage_writable_by_others(path):
    os.chmod(path, 0o666)


@pytest.mark.parametrize("damage", [damage_garbage, damage_other_python, damage_writable_by_others])
def test_a_damaged_foreign_or_unsafe_file_means_compiling_as_usual(cache_dir, damage):
    run(cache_dir, lambda: compile_all("(?:z)?"))
    damage(cache_dir / startup_cache.FILE_NAME)
    summary, patterns = run(cache_dir, lambda: compile_all("(?:z)?"))
    assert summary == startup_cache.Summary(reused=0, compiled=len(PATTERNS))
    assert patterns[0].match("hello hello")


def test_entries_the_engine_or_interpreter_would_refuse_are_compiled_afresh(cache_dir):
    def both():
        return compile_all("(?:v)?"), make_classes()

    first, _ = run(cache_dir, both)
    path = cache_dir / startup_cache.FILE_NAME
    header, regexes, code = marshal.loads(path.read_bytes())
    broken_regexes = {key: (program[0], [255], *program[2:]) for key, program in regexes.items()}
    path.write_bytes(marshal.dumps((header, broken_regexes, dict.fromkeys(code, "not code"))))
    second, (patterns, (point, pair, _)) = run(cache_dir, both)
    assert second == startup_cache.Summary(reused=0, compiled=first.compiled)
    assert patterns[3].search("COLOR") and point(1) == point(1, 0) and pair(1) == (1, None)


def test_a_cache_dir_that_cannot_be_written_costs_nothing_but_the_reuse(tmp_path):
    blocked = tmp_path / "a file"
    blocked.write_text("")
    summary, patterns = run(blocked / "cache", lambda: compile_all("(?:w)?"))
    assert summary.compiled == len(PATTERNS) and patterns[3].search("COLOR")


def test_opening_the_app_starts_the_cache_before_textual_is_imported(tmp_path):
    """The real `open_app`, with an app that only imports Textual: a second start compiles nothing."""
    script = textwrap.dedent(
        """
        import sys, types
        from tui_back import launch
        from tui_back.context import build_context

        class ImportsTextual:
            def run(self):
                import textual.app, textual.widgets._option_list

        stand_in = types.ModuleType("tui_back.ui.app")
        stand_in.make_app = lambda ctx: ImportsTextual()
        sys.modules["tui_back.ui.app"] = stand_in
        assert "textual" not in sys.modules
        launch.open_app(build_context())
        """
    )
    env = {**os.environ, "TUI_BACK_CACHE_DIR": str(tmp_path / "cache"), "TUI_BACK_DATA_DIR": str(tmp_path / "data")}
    path = tmp_path / "cache" / startup_cache.FILE_NAME
    subprocess.run([sys.executable, "-c", script], env=env, check=True)
    _, regexes, code = marshal.loads(path.read_bytes())
    assert len(regexes) > 30 and len(code) > 100  # Textual's and Rich's, compiled as they were imported
    written = path.stat()
    subprocess.run([sys.executable, "-c", script], env=env, check=True)
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (written.st_ino, written.st_mtime_ns)


async def test_the_app_finishes_the_cache_once_its_first_frame_is_on_screen(ctx, cache_dir):
    startup_cache.start(cache_dir)
    app = make_app(ctx)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "exec" not in vars(dataclasses)
        assert startup_cache.finish() is None
