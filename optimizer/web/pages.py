"""Rendering pages: one jinja2 environment (autoescaped: every value from a workbook or a
form is escaped) and the context every page gets (language, labels, the CSRF token)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from optimizer.labels import LABELS, label
from optimizer.web.forms import format_number, format_percent

TEMPLATES = Path(__file__).parent / "templates"

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)
_env.filters["num"] = format_number
_env.filters["pct"] = format_percent
templates = Jinja2Templates(env=_env)


class PageError(Exception):
    """A request the workbench refuses, shown as a page: HTTP status and a label key."""

    def __init__(self, status: int, key: str, **fields: object) -> None:
        self.status = status
        self.key = key
        self.fields = fields
        super().__init__(key)


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page in the request's language; `t('x')` is the label 'web.x'."""
    lang = request.state.lang

    def t(key: str, **fields: object) -> str:
        return label(f"web.{key}", lang, **fields)

    def status_label(status: str | None) -> str:
        key = f"status.{status}"
        return label(key, lang) if key in LABELS else str(status or "–")

    sessions = request.app.state.sessions
    base = {
        "lang": lang,
        "other_lang": "en" if lang == "zh" else "zh",
        "t": t,
        "status_label": status_label,
        "csrf": sessions.csrf_token(request.state.session),
    }
    return templates.TemplateResponse(request, template, base | context, status_code=status)


def error_page(request: Request, error: PageError) -> HTMLResponse:
    message = label(f"web.{error.key}", request.state.lang, **error.fields)
    return render(request, "error.html.j2", error.status, message=message)
