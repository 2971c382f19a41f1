"""Serving the API and dashboard from the CLI (the CLI layer: this module may print)."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from rich.console import Console

from tidings.config import Settings
from tidings.errors import TidingsError
from tidings.terminal import line

if TYPE_CHECKING:
    pass


def do_serve(
    settings: Settings,
    host: str,
    port: int,
    token: str | None,
    no_auth: bool,
    out: Console,
    err: Console,
) -> int:
    """Serve the API until Ctrl-C (or SIGTERM): 0 when stopped, 2 for a usage mistake (an
    address beyond loopback without --token or --no-auth, a port in use)."""
    from tidings.serve.app import ServeOptions, create_app
    from tidings.serve.server import check_access, listen, server, url_of
    from tidings.store.snapshot import newest_generation

    try:
        check_access(host, token, no_auth)
        app = create_app(settings, ServeOptions(token=token))
        sock = listen(host, port)
    except TidingsError as exc:
        err.print(line(("error:", "red"), " ", exc))
        return 2
    with sock:
        out.print(line("serving ", settings.db_path, " on ", url_of(sock)))
        if newest_generation(settings.db_path) is None:
            err.print(
                line(
                    ("note:", "yellow"),
                    " no generation of ",
                    settings.db_path,
                    " is published yet; waiting for a run (tidings run, demo or recode) "
                    "to publish one",
                )
            )
        # uvicorn stops cleanly on SIGINT, then raises it again for the caller.
        with contextlib.suppress(KeyboardInterrupt):
            server(app).run(sockets=[sock])
    err.print("stopped")
    return 0
