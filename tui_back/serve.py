"""`tui-back serve`: the app in a web browser, through textual-serve.

textual-serve starts a new app process for every browser tab, running the command given here: this
same Python and tui-back with the same data and config dirs, so two tabs are two processes that share
the database through the store's file lock.

There is no login: anyone who can reach the port can use the app as you and read your health data.
So the server binds to loopback unless `--public` is given, and the README shows how to reach a
loopback server from another computer with `ssh -L`. textual-serve is an optional dependency
(`pip install 'tui-back[serve]'`), imported only when the server starts.
"""

from __future__ import annotations

import ipaddress
import os
import shlex
import sys
from pathlib import Path

import click

from tui_back.context import AppContext

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
LOOPBACK_NAMES = frozenset({"localhost", "localhost.", "ip6-localhost", "ip6-loopback"})


class HostError(ValueError):
    """The host would expose the app beyond this machine without `--public`."""


class ServeUnavailable(RuntimeError):
    """textual-serve is not installed."""


def _address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and the name localhost; other names are not looked up."""
    address = _address(host)
    if address is not None:
        return address.is_loopback
    return host.lower() in LOOPBACK_NAMES


def check_host(host: str, public: bool) -> str | None:
    """The warning to print before serving on `host`, or None; `HostError` if `--public` is missing."""
    if is_loopback(host):
        return None
    if not public:
        raise HostError(
            f"'{host}' is reachable from other computers and tui-back serve has no login. "
            "Keep the default 127.0.0.1 and use ssh -L to reach it, or add --public if you "
            "really mean to share it."
        )
    return (
        f"WARNING: serving on {host} with no login. Anyone who can reach this port can use "
        "tui-back as you and read your sessions and symptom checks."
    )


def _url_host(host: str) -> str:
    address = _address(host)
    return f"[{address}]" if isinstance(address, ipaddress.IPv6Address) else host


def browser_url(host: str, port: int, public_url: str | None = None) -> str:
    """The address the served page gives the browser for its links and websocket.

    textual-serve builds it from host and port unless told otherwise, which cannot work for a
    wildcard address such as 0.0.0.0: `HostError` asks for `--public-url` then.
    """
    if public_url:
        return public_url.rstrip("/")
    address = _address(host)
    if address is not None and address.is_unspecified:
        raise HostError(
            f"{host} listens on every address, so browsers need to be told which one to use: "
            f"add --public-url http://<this machine's name>:{port}"
        )
    return f"http://{_url_host(host)}:{port}"


def child_command(data_dir: Path, config_dir: Path, python: str = sys.executable) -> str:
    """The shell command textual-serve runs for each browser tab."""
    args = [python, "-m", "tui_back", "--data-dir", str(data_dir.resolve())]
    args += ["--config-dir", str(config_dir.resolve()), "run"]
    if os.name == "nt":
        import subprocess  # here, so other commands do not pay for importing it

        return subprocess.list2cmdline(args)
    return shlex.join(args)


def server_class() -> type:
    try:
        from textual_serve.server import Server
    except ImportError as exc:
        raise ServeUnavailable(
            f"serving in a browser needs textual-serve, which is not installed ({exc}). "
            "Install it with: pip install 'tui-back[serve]'"
        ) from None
    return Server


@click.command("serve")
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on."
)
@click.option("--public", is_flag=True, help="Allow a host other than loopback (there is no login!).")
@click.option(
    "--public-url",
    metavar="URL",
    help="Address browsers use to reach the server, if not http://HOST:PORT "
    "(e.g. after ssh -L to a different local port).",
)
@click.pass_obj
def serve_command(app_ctx: AppContext, host: str, port: int, public: bool, public_url: str | None) -> None:
    """Open the app in a web browser (one app per tab). Not medical advice."""
    try:
        warning = check_host(host, public)
        url = browser_url(host, port, public_url)
    except HostError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        server = server_class()
    except ServeUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    if warning:
        click.secho(warning, err=True, fg="red", bold=True)
    else:
        click.echo(
            f"Open {url} in a browser on this machine. From another computer, forward the port: "
            f"ssh -L {port}:{_url_host(host)}:{port} you@this-machine",
            err=True,
        )
    command = child_command(app_ctx.data_dir, app_ctx.config_dir)
    server(command, host=host, port=port, title="tui-back", public_url=url).serve()
