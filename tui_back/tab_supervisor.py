"""The process `tui-back serve` starts for each browser tab: it runs the tab's app and makes sure it ends.

    python -m tui_back.tab_supervisor COMMAND...

textual-serve talks to a tab's app through the app's stdin and stdout. When the tab's socket
closes, it sends the app a "quit" packet and waits for it to exit; an app that is stuck (busy in a
loop, or not yet listening) never does, and then the tab's process stays behind and the server
cannot shut down either. So the app runs as this process's child, in a process group of its own:
its stdout and stderr go straight to textual-serve, and its stdin passes through here packet by
packet (textual-serve's framing: one type byte, a 4-byte length, the payload). Once a quit packet
has passed, or the server has gone (end of stdin), or this process gets SIGTERM, SIGHUP or SIGINT
(Ctrl+C on the server's terminal reaches this process, not the app in its own group), the app has
`GRACE_S` seconds to end as it normally does (saving what it has); then its group gets SIGTERM, and
`KILL_AFTER_S` seconds later SIGKILL. The exit status is the app's.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading

GRACE_S = 5.0
"""How long an app may take to quit on its own after it was asked to."""
KILL_AFTER_S = 3.0
"""How long after SIGTERM the app's process group is killed."""
META = b"M"


def _is_quit(packet_type: bytes, payload: bytes) -> bool:
    if packet_type != META:
        return False
    try:
        return json.loads(payload).get("type") == "quit"
    except (ValueError, AttributeError):
        return False


def _read(fd: int, size: int) -> bytes:
    """`size` bytes from `fd`, fewer only at its end."""
    data = b""
    while len(data) < size:
        chunk = os.read(fd, size - len(data))
        if not chunk:
            break
        data += chunk
    return data


def relay(source: int, child: subprocess.Popen[bytes], ending: threading.Event) -> None:
    """Copy packets from the file descriptor `source` to the child's stdin until a quit packet has
    passed or the stream ends; then set `ending`. Unbuffered reads: the thread is a daemon, and a
    buffered stream's lock held at exit would abort the interpreter."""
    sink = child.stdin
    assert sink is not None
    try:
        while True:
            header = _read(source, 5)
            if len(header) < 5:
                break
            payload = _read(source, int.from_bytes(header[1:], "big"))
            sink.write(header + payload)
            sink.flush()
            if _is_quit(header[:1], payload):
                break
    except (OSError, ValueError):
        pass  # the child's stdin closed: it is exiting
    finally:
        ending.set()
        with contextlib.suppress(OSError):
            sink.close()


def end_group(child: subprocess.Popen[bytes], grace: float = GRACE_S, kill_after: float = KILL_AFTER_S) -> int:
    """Wait `grace` seconds for the child, then SIGTERM its process group, then SIGKILL; its exit status."""
    for wait, then in ((grace, signal.SIGTERM), (kill_after, signal.SIGKILL)):
        try:
            return child.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, then)
    return child.wait()


def supervise(command: list[str], source: int, grace: float = GRACE_S, kill_after: float = KILL_AFTER_S) -> int:
    """Run `command` fed from `source` until it exits, ending its group once it has been asked to quit."""
    child = subprocess.Popen(command, stdin=subprocess.PIPE, start_new_session=True)
    ending = threading.Event()
    for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(number, lambda *_: ending.set())
    threading.Thread(target=relay, args=(source, child, ending), daemon=True).start()
    while child.poll() is None:
        if ending.wait(timeout=0.5):
            break
    return end_group(child, grace, kill_after) if child.poll() is None else child.returncode


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit("usage: python -m tui_back.tab_supervisor COMMAND...")
    code = supervise(sys.argv[1:], sys.stdin.fileno())
    sys.exit(code if code >= 0 else 128 - code)


if __name__ == "__main__":
    main()
