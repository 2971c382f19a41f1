"""The FastAPI application: the read-only API over the newest generation of the store, the
dashboard's files, and the bearer token every request must carry when one is set."""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from tidings import __version__
from tidings.config import Settings
from tidings.errors import ConfigError, UsageError
from tidings.serve.generations import Generations
from tidings.serve.routes import articles, events, store

STATIC = Path(str(resources.files("tidings") / "serve" / "static"))
# The cookie a browser keeps the token in after opening the dashboard with ?token=...
TOKEN_COOKIE = "tidings_token"


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """How the server answers: the bearer token every request needs (None: no check), and the
    limits of /api/sql."""

    token: str | None = None
    sql_seconds: float = 10.0
    sql_rows: int = 10_000

    def __post_init__(self) -> None:
        if self.token is not None and not self.token.strip():
            raise ConfigError("the token is empty; give a secret, or --no-auth")
        if self.sql_seconds <= 0 or self.sql_rows < 1:
            raise ConfigError("the SQL time limit and row limit must be positive")


def _presented_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value:
        return value.strip()
    return request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE) or ""


def _token_check(
    token: str,
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    expected = token.encode()

    async def check(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        presented = _presented_token(request).encode()
        if not hmac.compare_digest(presented, expected):
            return JSONResponse(
                {"detail": "a bearer token is required (Authorization: Bearer TOKEN)"},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        response = await call_next(request)
        if request.query_params.get("token"):
            # A browser opened with ?token= keeps it for the dashboard's own requests.
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
        return response

    return check


def create_app(settings: Settings, options: ServeOptions | None = None) -> FastAPI:
    """The server for the store at settings.db_path (it reads only its generations)."""
    options = options or ServeOptions()
    generations = Generations(settings.db_path)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        generations.close()

    app = FastAPI(
        title="tidings",
        version=__version__,
        description="Read-only event data from a tidings store: the newest published "
        "generation of it, switched to a newer one as runs publish them.",
        lifespan=lifespan,
        # The interactive pages load their scripts from a CDN; the dashboard works offline.
        docs_url=None,
        redoc_url=None,
    )
    app.state.generations = generations
    app.state.options = options
    for module in (events, articles, store):
        app.include_router(module.router)

    @app.exception_handler(UsageError)
    async def usage(request: Request, exc: UsageError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.get("/", include_in_schema=False)
    def dashboard() -> Response:
        index = STATIC / "index.html"
        if index.is_file():
            return FileResponse(index)
        return HTMLResponse(
            "<!DOCTYPE html><title>tidings</title><p>The dashboard is not installed; "
            'the API is described at <a href="/openapi.json">/openapi.json</a>.</p>'
        )

    app.mount("/static", StaticFiles(directory=STATIC, check_dir=False), name="static")
    if options.token is not None:
        app.middleware("http")(_token_check(options.token))
    return app
