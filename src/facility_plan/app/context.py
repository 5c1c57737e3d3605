"""What every page of the app shares: the projects folder, the job runner, templates and the language."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from facility_plan.app.jobs import JobRunner
from facility_plan.app.store import BASE_SCENARIO_FILE, ProjectStore
from facility_plan.errors import ScenarioConfigError
from facility_plan.labels import Language, format_number, label

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
WILDCARD_HOSTS = ("0.0.0.0", "::")
ROOT_PROJECT = "_"
"""Project id of the projects folder itself when it holds ``scenario.toml``."""
LANGUAGE_COOKIE = "fp_lang"


def is_local_host(host: str) -> bool:
    """True for a loopback address (the app is then reachable from this computer only)."""
    return host in LOCAL_HOSTS or host.startswith("127.")


def text(key: str, language: Language, **values: object) -> str:
    """The label `key` (``app_`` prefix optional) in `language`, with ``{name}`` fields filled."""
    full = key if key.startswith("app_") else f"app_{key}"
    try:
        template = label(full, language)
    except KeyError:
        template = label(key, language)
    return template.format(**values) if values else template


def number(value: object, language: Language, decimals: int = 0) -> str:
    """A number in the page's language (``1.234,5`` or ``1,234.5``), "–" when missing."""
    if value is None or isinstance(value, str):
        return "–" if value is None else value
    try:
        as_float = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    if as_float != as_float:
        return "–"
    return format_number(as_float, decimals=decimals, language=language)


@dataclass(frozen=True)
class AppContext:
    """The app's state: made once by `create_app`, never at import.

    Attributes
    ----------
    root
        The projects folder given at start.
    host
        The address the app listens on.
    default_language
        Language of a browser that has not chosen one.
    runner
        The background job runner (one job at a time).
    templates
        The Jinja environment (HTML autoescaped).
    """

    root: Path
    host: str
    default_language: Language
    runner: JobRunner
    templates: Environment

    @classmethod
    def create(cls, root: Path, *, host: str, default_language: str) -> AppContext:
        """A context for `root` (created if missing)."""
        root.mkdir(parents=True, exist_ok=True)
        env = Environment(
            loader=PackageLoader("facility_plan.app", "templates"),
            autoescape=select_autoescape(default_for_string=True, default=True),
        )
        language: Language = "en" if default_language == "en" else "vi"
        return cls(root.resolve(), host, language, JobRunner(), env)

    def allowed_host(self, host_name: str) -> bool:
        """Whether a request's ``Host`` may be answered (guards against DNS rebinding)."""
        if self.host in WILDCARD_HOSTS:
            return True
        return host_name in {*LOCAL_HOSTS, self.host, "testserver"}

    def language(self, request: Request) -> Language:
        """The browser's chosen language, else the default."""
        chosen = request.cookies.get(LANGUAGE_COOKIE)
        if chosen == "en":
            return "en"
        if chosen == "vi":
            return "vi"
        return self.default_language

    def projects(self) -> dict[str, Path]:
        """Project id → folder: the root (id ``_``) and its sub-folders that hold ``scenario.toml``."""
        found: dict[str, Path] = {}
        if (self.root / BASE_SCENARIO_FILE).is_file():
            found[ROOT_PROJECT] = self.root
        for child in sorted(self.root.iterdir()):
            if child.is_dir() and (child / BASE_SCENARIO_FILE).is_file():
                found[child.name] = child
        return found

    def store(self, project_id: str) -> ProjectStore:
        """The project `project_id`.

        Raises
        ------
        ScenarioConfigError
            No such project.
        """
        folder = self.projects().get(project_id)
        if folder is None:
            msg = f"no project {project_id!r} in {self.root}"
            raise ScenarioConfigError(msg)
        return ProjectStore(folder)

    def render(
        self,
        request: Request,
        template: str,
        values: dict[str, Any],
        *,
        status_code: int = 200,
        headers: dict[str, str] | None = None,
    ) -> HTMLResponse:
        """Render `template` with `values`, the language, ``t`` (labels) and ``n`` (numbers)."""
        language = self.language(request)

        def t(key: str, **fields: object) -> str:
            return text(key, language, **fields)

        def n(value: object, decimals: int = 0) -> str:
            return number(value, language, decimals)

        page = self.templates.get_template(template).render(
            request=request, lang=language, t=t, n=n, **values
        )
        return HTMLResponse(page, status_code=status_code, headers=headers)
