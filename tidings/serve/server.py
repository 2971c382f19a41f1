"""Listening: which addresses need a token, the socket, the uvicorn server."""

from __future__ import annotations

import ipaddress
import socket
from typing import TYPE_CHECKING

from tidings.errors import UsageError

if TYPE_CHECKING:
    import uvicorn
    from fastapi import FastAPI


def is_loopback(host: str) -> bool:
    """Whether `host` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_access(host: str, token: str | None, no_auth: bool) -> None:
    """Refuse (UsageError) to listen beyond this machine without a token or an explicit
    --no-auth, and a token together with --no-auth."""
    if token is not None and no_auth:
        raise UsageError("give --token or --no-auth, not both")
    if not is_loopback(host) and token is None and not no_auth:
        raise UsageError(
            f"--host {host} is reachable from other machines: give --token SECRET "
            "(every request must carry it) or --no-auth"
        )


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: a free one); a UsageError when it cannot be
    had (the port in use, an address this machine does not have)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as exc:
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def server(app: FastAPI) -> uvicorn.Server:
    """A uvicorn server for `app` that logs only warnings (the command prints the URL)."""
    import uvicorn

    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
    return uvicorn.Server(config)
