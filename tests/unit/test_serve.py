"""`tui-back serve`: host checks, the command each browser tab runs, and two writers sharing the store.

No server is started: textual-serve's `Server` is replaced by a recorder, so these tests check our
wiring (which host, port and command reach textual-serve), not textual-serve itself.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tui_back import paths
from tui_back.clock import FakeClock
from tui_back.context import build_context
from tui_back.serve import HostError, browser_url, check_host, child_command, is_loopback, serve_command
from tui_back.store import Store


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST", "localhost.", "::ffff:127.0.0.1"]
)
def test_loopback_hosts(host):
    assert is_loopback(host)
    assert check_host(host, public=False) is None


@pytest.mark.parametrize(
    "host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "example.org", "localhost.example.org", "128.0.0.1", ""]
)
def test_other_hosts_need_public(host):
    assert not is_loopback(host)
    with pytest.raises(HostError, match="--public"):
        check_host(host, public=False)
    warning = check_host(host, public=True)
    assert warning is not None and "no login" in warning


def test_browser_url():
    assert browser_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert browser_url("::1", 9000) == "http://[::1]:9000"
    assert browser_url("0.0.0.0", 8000, "http://box.lan:8000/") == "http://box.lan:8000"
    with pytest.raises(HostError, match="--public-url"):
        browser_url("0.0.0.0", 8000)


def test_child_command_runs_this_tui_back_on_the_same_dirs(tmp_path):
    data, config = tmp_path / "my data", tmp_path / "conf's"
    args = shlex.split(child_command(data, config))
    assert args == [
        sys.executable, "-m", "tui_back.tab_supervisor", sys.executable, "-m", "tui_back",
        "--data-dir", str(data.resolve()), "--config-dir", str(config.resolve()), "run",
    ]


class RecordingServer:
    """Stands in for textual_serve.server.Server and remembers how it was used."""

    made: list[RecordingServer] = []

    def __init__(self, command, host="localhost", port=8000, title=None, public_url=None, **_):
        self.command, self.host, self.port, self.title, self.public_url = command, host, port, title, public_url
        self.served = False
        RecordingServer.made.append(self)

    def serve(self, debug=False):
        self.served = True


@pytest.fixture
def recorder(monkeypatch):
    RecordingServer.made = []
    monkeypatch.setattr("textual_serve.server.Server", RecordingServer)
    return RecordingServer.made


def serve(tmp_path, *args):
    ctx = build_context(tmp_path / "data", tmp_path / "cfg", FakeClock())
    return CliRunner().invoke(serve_command, list(args), obj=ctx)


def test_serve_defaults_to_loopback_and_passes_our_command(tmp_path, recorder):
    result = serve(tmp_path)
    assert result.exit_code == 0, result.output
    [server] = recorder
    assert (server.host, server.port, server.public_url) == ("127.0.0.1", 8000, "http://127.0.0.1:8000")
    assert server.served
    assert shlex.split(server.command)[-6:] == [
        "tui_back",
        "--data-dir", str((tmp_path / "data").resolve()), "--config-dir", str((tmp_path / "cfg").resolve()), "run",
    ]
    assert "ssh -L 8000:127.0.0.1:8000" in result.output


def test_serve_refuses_a_public_host_without_the_flag(tmp_path, recorder):
    result = serve(tmp_path, "--host", "0.0.0.0", "--port", "8123")
    assert result.exit_code == 2
    assert "--public" in result.output and "no login" in result.output
    assert recorder == []


def test_serve_public_warns_there_is_no_login(tmp_path, recorder):
    result = serve(tmp_path, "--host", "192.168.1.20", "--port", "8123", "--public")
    assert result.exit_code == 0, result.output
    assert "WARNING" in result.output and "no login" in result.output
    [server] = recorder
    assert (server.host, server.port) == ("192.168.1.20", 8123)


def test_serve_rejects_a_bad_port(tmp_path, recorder):
    assert serve(tmp_path, "--port", "70000").exit_code == 2
    assert recorder == []


def test_serve_without_textual_serve_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    result = serve(tmp_path)
    assert result.exit_code == 1
    assert "pip install 'tui-back[serve]'" in result.output


WRITER = """
import sys, time
from pathlib import Path
from tui_back.cli import main
data, go, first = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
while not go.exists():
    time.sleep(0.005)
for n in range(20):
    day = f"2020-{1 + (first + n) // 28:02d}-{1 + (first + n) % 28:02d}"
    main(["--data-dir", data, "log", "--date", day, "--note", f"writer {first} #{n}"], standalone_mode=False)
"""


@pytest.mark.slow
def test_two_processes_writing_at_once_keep_every_session(tmp_path):
    """What two browser tabs do: separate processes saving through the store's file lock."""
    data, go = tmp_path / "data", tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(data), str(go), str(first)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for first in (0, 100)
    ]
    go.touch()
    for writer in writers:
        _, errors = writer.communicate(timeout=120)
        assert writer.returncode == 0, errors
    sessions = Store(paths.database_file(data), FakeClock()).sessions()
    assert len(sessions) == 40
    assert {s.note for s in sessions} == {f"writer {w} #{n}" for w in (0, 100) for n in range(20)}


def test_child_command_uses_absolute_dirs(tmp_path, monkeypatch):
    """textual-serve may start the app from another working directory."""
    monkeypatch.chdir(tmp_path)
    args = shlex.split(child_command(Path("data"), Path("cfg")))
    assert args[args.index("--data-dir") + 1] == str(tmp_path.resolve() / "data")
    assert args[args.index("--config-dir") + 1] == str(tmp_path.resolve() / "cfg")


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def running_server(server_process):
    """`tui-back serve` in a process of its own; yields (base url, token)."""
    return server_process[:2]


@pytest.fixture
def server_process(tmp_path):
    """`tui-back serve` in a process of its own; yields (base url, token, its Popen)."""
    import os
    import re
    import time

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    server = subprocess.Popen(
        [sys.executable, "-m", "tui_back", "--data-dir", str(tmp_path / "d"), "--config-dir", str(tmp_path / "c"),
         "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        line = server.stderr.readline()
        found = re.search(r"(http://127\.0\.0\.1:\d+)/\?token=([\w-]+)", line)
        assert found, line
        base = found.group(1)
        for _ in range(100):
            try:
                fetch(base + "/static/js/textual.js")
                break
            except OSError:
                time.sleep(0.1)
        yield base, found.group(2), server
    finally:
        server.terminate()
        server.wait(timeout=20)


def fetch(url: str, cookie: str | None = None) -> tuple[int, str]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except ConnectionError:  # e.g. a websocket handshake a plain GET cannot complete
        return 0, ""


@pytest.mark.slow
def test_the_page_needs_this_runs_token_and_fetches_nothing_from_outside(running_server):
    import re

    base, token = running_server
    assert len(token) >= 40
    assert fetch(base + "/")[0] == 403
    assert fetch(base + "/?token=wrong")[0] == 403
    assert fetch(base + "/ws")[0] == 403
    assert fetch(base + "/ws", cookie="tui_back_token=wrong")[0] == 403
    status, page = fetch(f"{base}/?token={token}")
    assert status == 200
    outside = [u for u in re.findall(r"""(?:src|href)\s*=\s*["'](\w+:[^"']+)""", page) if not u.startswith(base)]
    outside += re.findall(r"""url\(["']?(https?:[^"')]+)""", page)
    assert [u for u in outside if not u.startswith(base)] == []
    assert "googleapis" not in page and "fonts/RobotoMono-VariableFont_wght.ttf" in page
    assert fetch(base + "/static/fonts/RobotoMono-VariableFont_wght.ttf")[0] == 200
    # The websocket with the cookie the page set gets past the token check (a plain GET is no upgrade).
    assert fetch(base + "/ws", cookie=f"tui_back_token={token}")[0] != 403


def descendants(pid: int) -> set[int]:
    """The processes below `pid`, from /proc."""
    import os

    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), ()):
            found.add(child)
            todo.append(child)
    return found


def alive(pids: set[int]) -> set[int]:
    import os

    return {pid for pid in pids if os.path.exists(f"/proc/{pid}") and "zombie" not in _state(pid)}


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/status") as status:
            return status.read().lower()
    except OSError:
        return "zombie"


def gone_within(pids: set[int], seconds: float) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while alive(pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not alive(pids)


async def open_tab(base: str, token: str, server_pid: int):
    """A websocket as the page opens it, once the tab's app has drawn; returns (session, socket, app pids)."""
    import aiohttp

    session = aiohttp.ClientSession(cookies={"tui_back_token": token})
    socket = await session.ws_connect(base.replace("http", "ws", 1) + "/ws?width=80&height=24")
    while (await socket.receive(timeout=60)).type != aiohttp.WSMsgType.BINARY:
        pass  # the app's first output
    return session, socket, descendants(server_pid)


@pytest.mark.slow
def test_a_tab_whose_socket_closes_leaves_no_app_running(server_process):
    import asyncio

    base, token, server = server_process

    async def close_a_tab() -> set[int]:
        session, socket, apps = await open_tab(base, token, server.pid)
        await socket.close()
        await session.close()
        return apps

    apps = asyncio.run(close_a_tab())
    assert any("tui_back" in _command(pid) and " run" in _command(pid) for pid in apps), apps
    assert gone_within(apps, 15)
    assert server.poll() is None  # the server itself goes on


@pytest.mark.slow
def test_stopping_the_server_ends_the_tabs_apps_at_once(server_process):
    """Without closing the open sockets itself, the server waited a minute for them, the apps running on."""
    import asyncio
    import time

    base, token, server = server_process

    async def stop_with_a_tab_open() -> tuple[set[int], float]:
        session, _socket, apps = await open_tab(base, token, server.pid)
        server.terminate()
        began = time.monotonic()
        await asyncio.get_running_loop().run_in_executor(None, lambda: server.wait(timeout=30))
        await session.close()
        return apps, time.monotonic() - began

    apps, took = asyncio.run(stop_with_a_tab_open())
    assert apps and took < 15
    assert gone_within(apps, 5)


def _command(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return cmdline.read().replace(b"\0", b" ").decode()
    except OSError:
        return ""


STUBBORN = """
import os, signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
print(os.getpid(), flush=True)
while True:
    time.sleep(1)
"""
"""An app that reads none of its input and ignores SIGTERM: to its supervisor, one stuck busy or asleep."""


def supervised(code: str):
    import os

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    command = [sys.executable, "-m", "tui_back.tab_supervisor", sys.executable, "-c", code]
    return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)


ENDINGS = ("quit packet", "end of stdin", "SIGTERM", "SIGINT")


@pytest.mark.slow
def test_the_tab_supervisor_ends_an_app_that_is_stuck_and_ignores_sigterm():
    """Each way a tab ends, in a supervisor of its own; the four run at once, as each waits out the
    grace time and SIGTERM before it kills the app's group."""
    import json
    import signal

    from tui_back import tab_supervisor

    def packet(message: dict[str, object]) -> bytes:
        payload = json.dumps(message).encode()
        return b"M" + len(payload).to_bytes(4, "big") + payload

    supervisors = {ending: supervised(STUBBORN) for ending in ENDINGS}
    apps = {ending: int(supervisor.stdout.readline()) for ending, supervisor in supervisors.items()}
    for ending, supervisor in supervisors.items():
        supervisor.stdin.write(packet({"type": "resize", "width": 80, "height": 24}))
        supervisor.stdin.flush()
        assert alive({apps[ending]}) and supervisor.poll() is None, ending  # packets pass; only an ending ends it
    for ending, supervisor in supervisors.items():
        if ending == "quit packet":
            supervisor.stdin.write(packet({"type": "quit"}))
            supervisor.stdin.flush()
        elif ending == "end of stdin":
            supervisor.stdin.close()
        else:
            supervisor.send_signal(getattr(signal, ending))
    timeout = tab_supervisor.GRACE_S + tab_supervisor.KILL_AFTER_S + 10
    ended = {ending: (supervisors[ending].wait(timeout=timeout), alive({apps[ending]})) for ending in ENDINGS}
    assert ended == {ending: (128 + 9, set()) for ending in ENDINGS}


def test_the_tab_supervisor_passes_stdin_through_and_exits_with_the_apps_status():
    echo = "import sys\ndata = sys.stdin.buffer.read()\nsys.stdout.buffer.write(data)\nsys.exit(3)"
    supervisor = supervised(echo)
    packet = b"D" + (5).to_bytes(4, "big") + b"hello"
    out, _ = supervisor.communicate(packet, timeout=30)
    assert (supervisor.returncode, out) == (3, packet)
