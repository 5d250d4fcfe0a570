"""`tui-back serve`: the app in a web browser, through textual-serve.

textual-serve starts a new app process for every browser tab, running the command given here: this
same Python and tui-back with the same data and config dirs, so two tabs are two processes that share
the database through the store's file lock. Each runs under `tui_back.tab_supervisor`, so a tab whose
socket closes never leaves its app running, even an app that no longer answers.

Anyone who can reach the port could use the app as you and read your health data, and on a shared
machine every local account can reach 127.0.0.1. So every run makes a secret token: the address
printed at start carries it (`?token=...`), the page sets it as a cookie for its websocket, and a
request without it gets 403. The server binds to loopback unless `--public` is given, and the README
shows how to reach a loopback server from another computer with `ssh -L`.

The page is our copy of textual-serve's (`tui_back/serve_page`) without its Google web font: the
font textual-serve ships is used, so the browser fetches nothing from outside this machine.
textual-serve is an optional dependency (`pip install 'tui-back[serve]'`), imported only when the
server starts.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import secrets
import shlex
import sys
from pathlib import Path

import click

from tui_back.context import AppContext

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
LOOPBACK_NAMES = frozenset({"localhost", "localhost.", "ip6-localhost", "ip6-loopback"})
TOKEN_PARAMETER = "token"
TOKEN_COOKIE = "tui_back_token"
PAGE_DIR = Path(__file__).resolve().parent / "serve_page"
"""Our page template; the scripts, styles and fonts are textual-serve's own `static` folder."""


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
            f"'{host}' is reachable from other computers and tui-back serve has no login but the token in its address. "
            "Keep the default 127.0.0.1 and use ssh -L to reach it, or add --public if you "
            "really mean to share it."
        )
    return (
        f"WARNING: serving on {host} with no login but the token in the address. Anyone who can reach "
        "this port and learns the address can use tui-back as you and read your sessions and symptom checks."
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
    """The shell command textual-serve runs for each browser tab: the app under
    `tui_back.tab_supervisor`, which ends it once the tab's socket has closed."""
    args = [python, "-m", "tui_back.tab_supervisor", python, "-m", "tui_back", "--data-dir", str(data_dir.resolve())]
    args += ["--config-dir", str(config_dir.resolve()), "run"]
    if os.name == "nt":
        import subprocess  # here, so other commands do not pay for importing it

        return subprocess.list2cmdline(args)
    return shlex.join(args)


def new_token() -> str:
    """A secret for one run of the server: 32 random bytes, URL-safe."""
    return secrets.token_urlsafe(32)


def token_matches(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def server_class() -> type:
    """textual-serve's `Server`, with the per-run token required and our page served."""
    import asyncio

    try:
        import textual_serve
        from aiohttp import web
        from textual_serve.server import Server
    except ImportError as exc:
        raise ServeUnavailable(
            f"serving in a browser needs textual-serve, which is not installed ({exc}). "
            "Install it with: pip install 'tui-back[serve]'"
        ) from None

    class TokenServer(Server):
        """Serves the page and its websocket only to requests that carry this run's token."""

        def __init__(self, command: str, token: str, **options) -> None:
            static = Path(textual_serve.__file__).resolve().parent / "static"
            super().__init__(command, statics_path=static, templates_path=PAGE_DIR, **options)
            self.token = token
            self.tabs: set[asyncio.Task[object]] = set()
            """The handlers of the open websockets, one per tab."""

        def _refuse_without_token(self, request: web.Request) -> None:
            given = request.query.get(TOKEN_PARAMETER) or request.cookies.get(TOKEN_COOKIE)
            if not token_matches(given, self.token):
                raise web.HTTPForbidden(
                    text="tui-back: open the address tui-back serve printed, with its ?token=... part.\n"
                )

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            self._refuse_without_token(request)
            response = await super().handle_index(request)
            response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="Strict")
            return response

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            self._refuse_without_token(request)
            tab = asyncio.current_task()
            assert tab is not None
            self.tabs.add(tab)
            try:
                return await super().handle_websocket(request)
            finally:
                self.tabs.discard(tab)

        async def on_shutdown(self, app: web.Application) -> None:
            """Close every tab when the server stops (Ctrl+C, SIGTERM): textual-serve closes their
            sockets and asks their apps to quit, which the tab supervisor makes sure of. Left alone,
            the server would wait a minute for the open sockets while their apps run on."""
            await super().on_shutdown(app)
            for tab in list(self.tabs):
                tab.cancel()

    return TokenServer


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
    token = new_token()
    address = f"{url}/?{TOKEN_PARAMETER}={token}"
    if warning:
        click.secho(warning, err=True, fg="red", bold=True)
        click.echo(f"Open {address} (the token in it is the only key; share it with care).", err=True)
    else:
        click.echo(
            f"Open {address} in a browser on this machine; without its token the page is refused. "
            f"From another computer, forward the port: ssh -L {port}:{_url_host(host)}:{port} you@this-machine",
            err=True,
        )
    command = child_command(app_ctx.data_dir, app_ctx.config_dir)
    server(command, token=token, host=host, port=port, title="tui-back", public_url=url).serve()
