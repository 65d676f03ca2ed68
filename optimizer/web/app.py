"""The workbench application: settings, the guards every request passes (allowed hosts,
body size, session and sign-in, security headers) and the runner's life with the server."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from optimizer.labels import DEFAULT_LANG, LANGS, Lang
from optimizer.web.limits import Checker
from optimizer.web.pages import PageError, error_page
from optimizer.web.routes import router
from optimizer.web.security import Sessions, is_loopback
from optimizer.web.worker import Runner
from optimizer.web.workspace import NotFound, Workspace

STATIC = Path(__file__).parent / "static"
PUBLIC = ("/login", "/static/")  # reachable before signing in
FORM_OVERHEAD = 64 * 1024  # bytes a request may carry beyond the upload limit
CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


@dataclass(frozen=True)
class Settings:
    """How the server runs; `password_hash` from `security.hash_password`."""

    workspace: Path
    host: str = "127.0.0.1"
    port: int | None = None
    lang: Lang = DEFAULT_LANG
    password_hash: str | None = None
    max_upload_mb: float = 20.0
    max_runs: int = 2
    max_memory_mb: float = 4096.0  # a run or an upload's check that holds more is stopped
    check_seconds: float = 120.0  # an upload's check that takes longer is stopped

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)

    @property
    def max_memory_bytes(self) -> int:
        return int(self.max_memory_mb * 1024 * 1024)


def create_app(settings: Settings) -> FastAPI:
    """The application. Off loopback it refuses to exist without a password."""
    if not is_loopback(settings.host) and settings.password_hash is None:
        raise ValueError(f"serving on {settings.host} needs a password")
    workspace = Workspace(settings.workspace)
    runner = Runner(workspace, settings.max_runs, settings.lang, settings.max_memory_bytes)
    checker = Checker(settings.max_memory_bytes, settings.check_seconds)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        runner.recover()
        runner.start()
        yield
        runner.stop()
        checker.close()

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.workspace = workspace
    app.state.runner = runner
    app.state.checker = checker
    app.state.sessions = sessions = Sessions()
    suffix = f"_{settings.port}" if settings.port else ""
    session_cookie, lang_cookie = f"urbopt_session{suffix}", f"urbopt_lang{suffix}"

    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        cookie = request.cookies.get(session_cookie)
        fresh = not Sessions.well_formed(cookie)
        request.state.session = Sessions.new_id() if fresh else cookie
        chosen = request.query_params.get("lang")
        remembered = request.cookies.get(lang_cookie)
        request.state.lang = (
            chosen if chosen in LANGS else remembered if remembered in LANGS else settings.lang
        )
        response = await _checked(request, call_next)
        if request.state.session != cookie:  # new, or renewed at sign-in
            response.set_cookie(
                session_cookie, request.state.session, httponly=True, samesite="strict"
            )
        if chosen in LANGS:
            response.set_cookie(lang_cookie, chosen, samesite="strict", max_age=365 * 86400)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    async def _checked(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if request.method not in ("GET", "HEAD"):
            length = request.headers.get("content-length")
            if length is None or not length.isdigit():
                return error_page(request, PageError(411, "error.length"))
            if int(length) > settings.max_upload_bytes + FORM_OVERHEAD:
                mb = f"{settings.max_upload_mb:g}"
                return error_page(request, PageError(413, "upload.too_large", mb=mb))
        public = request.url.path.startswith(PUBLIC)
        if settings.password_hash and not public and not sessions.signed_in(request.state.session):
            return RedirectResponse("/login", status_code=303)
        return await call_next(request)

    _error_pages(app)
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    if is_loopback(settings.host):  # DNS rebinding: a foreign name must not reach us
        hosts = ["127.0.0.1", "localhost", "[::1]", "::1", settings.host]
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=hosts)
    return app


def _error_pages(app: FastAPI) -> None:
    """Refusals, unknown ids and crashes as pages of one line, never a traceback."""

    @app.exception_handler(PageError)
    async def refused(request: Request, exc: PageError) -> Response:
        return error_page(request, exc)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return error_page(request, PageError(404, "error.not_found"))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        # the traceback goes to the server's log; the browser gets one line
        return error_page(request, PageError(500, "error.internal"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return error_page(request, PageError(404, "error.not_found"))
        return Response(str(exc.detail), status_code=exc.status_code, media_type="text/plain")
