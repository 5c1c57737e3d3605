"""Build the web app (`create_app`) with its safety checks, and serve it on localhost (`serve`)."""

from __future__ import annotations

import hmac
import secrets
import threading
import webbrowser
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from fastapi import FastAPI, Form, Request, Response
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse

from facility_plan.app.context import AppContext, is_local_host
from facility_plan.app.pages import register_pages
from facility_plan.app.results import register_results
from facility_plan.errors import ScenarioConfigError

TOKEN_COOKIE = "fp_token"
STATIC_FILES = {
    "htmx.min.js": ("_vendor/htmx/htmx.min.js", "text/javascript"),
    "app.css": ("app/static/app.css", "text/css"),
    "app.js": ("app/static/app.js", "text/javascript"),
}
"""What ``/static/<name>`` serves, all from inside the package (nothing from the network)."""


def _static_bytes(relative: str) -> bytes:
    node = resources.files("facility_plan")
    for part in relative.split("/"):
        node = node.joinpath(part)
    return node.read_bytes()


def create_app(
    project_dir: str | Path,
    *,
    host: str = "127.0.0.1",
    token: str | None = None,
    language: str = "vi",
) -> FastAPI:
    """The app for the projects in `project_dir` (the folder itself, or its sub-folders).

    Parameters
    ----------
    project_dir
        A project folder made by ``facility-plan init`` (with ``scenario.toml``), or a folder
        where new projects are created, one sub-folder each.
    host
        The address the app will listen on; anything but localhost needs `token`.
    token
        Password asked once per browser (kept in an HttpOnly cookie); None on localhost only.
    language
        Default language of the pages (``vi`` or ``en``; each browser can switch).

    Raises
    ------
    ScenarioConfigError
        A non-local `host` without `token`, or an unknown language.
    """
    if not is_local_host(host) and not token:
        msg = f"--host {host} exposes the app beyond this computer: set a password with --token"
        raise ScenarioConfigError(msg)
    if language not in ("vi", "en"):
        msg = f"language must be vi or en, got {language!r}"
        raise ScenarioConfigError(msg)
    context = AppContext.create(Path(project_dir), host=host, default_language=language)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        context.runner.warm_up()
        yield
        context.runner.shutdown()

    app = FastAPI(
        title="facility_plan", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )
    app.state.context = context

    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        host_name = (request.headers.get("host") or "").rsplit(":", 1)[0].strip("[]")
        if not context.allowed_host(host_name):
            return PlainTextResponse("unknown host", status_code=400)
        if request.method == "POST" and not _same_origin(request):
            return PlainTextResponse("cross-site request refused", status_code=403)
        if token and request.url.path not in ("/login", "/static/app.css"):
            offered = request.cookies.get(TOKEN_COOKIE, "")
            if not hmac.compare_digest(offered.encode(), token.encode()):
                return RedirectResponse("/login", status_code=303)
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response

    @app.get("/login", response_class=HTMLResponse)
    def login_page(request: Request) -> Response:
        return context.render(request, "login.html", {"failed": False})

    @app.post("/login", response_class=HTMLResponse)
    def login(request: Request, password: str = Form("")) -> Response:
        if not token or not hmac.compare_digest(password.encode(), token.encode()):
            return context.render(request, "login.html", {"failed": True}, status_code=401)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
        return response

    @app.get("/static/{name}")
    def static(name: str) -> Response:
        if name not in STATIC_FILES:
            return PlainTextResponse("not found", status_code=404)
        relative, media_type = STATIC_FILES[name]
        return Response(
            _static_bytes(relative),
            media_type=media_type,
            headers={"Cache-Control": "max-age=3600"},
        )

    @app.get("/lang/{code}")
    def switch_language(code: str, next: str = "/") -> Response:
        target = next if next.startswith("/") and not next.startswith("//") else "/"
        response = RedirectResponse(target, status_code=303)
        if code in ("vi", "en"):
            response.set_cookie("fp_lang", code, samesite="strict")
        return response

    register_pages(app, context)
    register_results(app, context)
    return app


def _same_origin(request: Request) -> bool:
    """Whether a POST comes from the app's own pages (``Sec-Fetch-Site``, else ``Origin``)."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return True  # not a browser form (e.g. a script on this computer)
    return urlsplit(origin).netloc == request.headers.get("host")


def new_token() -> str:
    """A random password for a non-local host."""
    return secrets.token_urlsafe(12)


def serve(
    project_dir: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    token: str | None = None,
    open_browser: bool = True,
    language: str = "vi",
) -> None:
    """Serve the app until interrupted; open the browser on it once it listens.

    Raises
    ------
    ScenarioConfigError
        See `create_app`.
    """
    import uvicorn

    app = create_app(project_dir, host=host, token=token, language=language)
    url = f"http://{'127.0.0.1' if is_local_host(host) else host}:{port}/"
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning")
