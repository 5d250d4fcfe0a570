"""A data dir the user cannot write, one owned by someone else, and a database left by `sudo tui-back log`.

Permission bits do not bind root, and the tests run as root on CI. So each `tui-back` call here runs
in a process of its own as an ordinary user: as `nobody` when the tests are root (the process drops
its privileges before the command starts), else as the user running the tests, with the bits set
by chmod. The interpreter may live where `nobody` cannot read (pyenv under /root), so the process
first runs the same commands once as root on a scratch dir, which imports every module they use,
and forks a child for each real command that gives up root and runs it: the command itself meets
the kernel's permission checks exactly as the user would.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
AS_ROOT = os.geteuid() == 0
ONE_LINE_ERROR_EXIT = 2

RUNNER = r"""
import contextlib, io, json, os, sys, traceback
spec = json.loads(sys.argv[1])
import tui_back.launch

def call(args):
    sys.argv = ["tui-back", *args]
    try:
        tui_back.launch.main()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc()
        return 1
    return 0

scratch = spec["scratch"]
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    for args in spec["warm_up"]:
        call(["--data-dir", scratch, "--config-dir", scratch, *args])
import traceback, linecache  # what printing a traceback needs

results = []
for args in spec["commands"]:
    out, err = (os.path.join(spec["outputs"], f"{len(results)}.{name}") for name in ("out", "err"))
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.dup2(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 1)
            os.dup2(os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 2)
            if spec["uid"] is not None:
                os.setgroups([])
                os.setgid(spec["gid"])
                os.setuid(spec["uid"])
            code = call(args)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    with open(out) as o, open(err) as e:
        results.append([os.waitstatus_to_exitcode(status), o.read(), e.read()])
print(json.dumps(results))
"""

WARM_UP = [["log"], ["log", "--date", "2026-01-01", "--again"], ["status"], ["status", "--json"],
           ["export"], ["export", "--format", "csv"], ["history"], ["paths"]]  # fmt: skip
"""Commands run as root on a scratch dir first, to import what the commands under test need."""


class Result:
    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.code, self.stdout, self.stderr = code, stdout, stderr

    def __repr__(self) -> str:
        return f"Result({self.code}, {self.stdout!r}, {self.stderr!r})"

    @property
    def one_line_error(self) -> bool:
        """Failed with a single line on stderr and no traceback."""
        lines = [line for line in self.stderr.splitlines() if line.strip()]
        return self.code != 0 and len(lines) == 1 and "Traceback" not in self.stderr


@pytest.fixture
def place() -> Iterator[Path]:
    """A folder everyone may enter: the test's tmp_path lies under a 0700 folder of root's."""
    folder = Path(tempfile.mkdtemp(prefix="tui-back-permissions-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for path in (folder, *folder.rglob("*")):
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(folder)


def as_user(place: Path, data: Path, *commands: list[str]) -> list[Result]:
    """Each of `commands` (tui-back arguments after the dirs) run as the ordinary user."""
    scratch, outputs = place / "scratch", place / "outputs"
    for folder in (scratch, outputs):
        folder.mkdir(exist_ok=True)
    if AS_ROOT:
        import pwd

        nobody = pwd.getpwnam("nobody")
        os.chown(outputs, nobody.pw_uid, nobody.pw_gid)
        uid, gid = nobody.pw_uid, nobody.pw_gid
    else:
        uid = gid = None
    config = place / "config"
    config.mkdir(exist_ok=True)
    full = [["--data-dir", str(data), "--config-dir", str(config), *args] for args in commands]
    spec = {"uid": uid, "gid": gid, "scratch": str(scratch), "outputs": str(outputs), "warm_up": WARM_UP,
            "commands": full}  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("TUI_BACK_DATA_DIR", None)
    env.pop("TUI_BACK_CONFIG_DIR", None)
    done = subprocess.run(
        [sys.executable, "-c", RUNNER, json.dumps(spec)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return [Result(*result) for result in json.loads(done.stdout)]


def as_tester(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`tui-back` as whoever runs the tests (root on CI: what `sudo tui-back` does)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "tui_back", "--data-dir", str(data), "--config-dir", str(data / "cfg"), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)


def modes(folder: Path) -> dict[str, tuple[int, int]]:
    """Mode and owner of the folder and everything in it."""
    return {str(p): (stat.S_IMODE(p.lstat().st_mode), p.lstat().st_uid) for p in (folder, *folder.rglob("*"))}


def with_history(place: Path) -> Path:
    data = place / "data"
    for day in ("2026-03-01", "2026-03-02"):
        assert as_tester(data, "log", "--date", day).returncode == 0
    return data


def give_to_user(data: Path) -> None:
    """Make `data` the ordinary user's, as if they had written it."""
    if AS_ROOT:
        import pwd

        nobody = pwd.getpwnam("nobody")
        for path in (data, *data.rglob("*")):
            os.chown(path, nobody.pw_uid, nobody.pw_gid)


def read_only(data: Path, folder_mode: int = 0o555, file_mode: int = 0o444) -> None:
    for path in data.rglob("*"):
        path.chmod(folder_mode if path.is_dir() else file_mode)
    data.chmod(folder_mode)


@pytest.mark.parametrize("whose", ["the user's, read-only", "someone else's"])
def test_status_and_export_read_a_dir_the_user_cannot_write_and_log_says_why_in_one_line(place, whose):
    data = with_history(place)
    if whose == "the user's, read-only" or not AS_ROOT:
        give_to_user(data)
        read_only(data)
    else:
        read_only(data, 0o755, 0o644)  # root's, readable by all: a backup restored by root, a shared copy
    before = modes(data)
    database = (data / "tui_back.json").read_bytes()
    status, status_json, export, csv, history, logged = as_user(
        place, data, ["status"], ["status", "--json"], ["export"], ["export", "--format", "csv"], ["history"], ["log"]
    )
    assert (status.code, status.stdout) == (0, "back: 0-day streak, not done today\n"), status
    assert json.loads(status_json.stdout)["total_sessions"] == 2, status_json
    assert export.code == 0 and len(json.loads(export.stdout)["sessions"]) == 2, export
    assert csv.code == 0 and csv.stdout.count("2026-03-0") == 2, csv
    assert history.code == 0 and "2026-03-02" in history.stdout, history
    assert logged.one_line_error and "nothing was saved" in logged.stderr, logged
    assert (data / "tui_back.json").read_bytes() == database
    assert modes(data) == before  # never re-permissioned, nothing created


def test_the_index_missing_in_a_read_only_dir_still_answers_from_the_database(place):
    data = with_history(place)
    (data / "tui_back.json.days").unlink()
    give_to_user(data)
    read_only(data)
    before = modes(data)
    [status] = as_user(place, data, ["status", "--json"])
    assert status.code == 0 and json.loads(status.stdout)["total_sessions"] == 2, status
    assert modes(data) == before


def test_a_database_left_unreadable_by_sudo_tui_back_log_is_a_one_line_message(place):
    """The user's own dir; `sudo tui-back log` wrote the database (0600, root's) and never re-permissioned the dir."""
    data = with_history(place)
    give_to_user(data)
    data.chmod(0o750)
    if AS_ROOT:
        assert as_tester(data, "log", "--date", "2026-03-03").returncode == 0  # sudo tui-back log
        assert stat.S_IMODE(data.stat().st_mode) == 0o750  # root did not re-permission the user's dir
        assert (data / "tui_back.json").stat().st_uid == 0
    else:
        (data / "tui_back.json").chmod(0)
    before = modes(data)
    status, export, logged = as_user(place, data, ["status"], ["export"], ["log"])
    for result in (status, export, logged):
        assert result.one_line_error, result
        assert "tui_back.json" in result.stderr
        assert ("belongs to root" in result.stderr) == AS_ROOT, result
    assert modes(data) == before


def test_a_dir_the_user_does_not_own_is_never_chmodded_even_by_a_write(place):
    """A group-shared folder: the user may write into it, but its mode belongs to its owner."""
    data = place / "shared"
    data.mkdir()
    data.chmod(0o777 if AS_ROOT else 0o770)
    [logged, status] = as_user(place, data, ["log"], ["status"])
    assert logged.code == 0, logged
    assert status.stdout == "back: 1-day streak, done today\n", status
    assert stat.S_IMODE(data.stat().st_mode) == (0o777 if AS_ROOT else 0o770)
    assert {stat.S_IMODE(p.stat().st_mode) for p in data.iterdir() if p.is_file()} == {0o600}
    assert {p.stat().st_uid for p in data.iterdir()} == {user_id()}  # the commands ran as that user


def user_id() -> int:
    if AS_ROOT:
        import pwd

        return pwd.getpwnam("nobody").pw_uid
    return os.getuid()
