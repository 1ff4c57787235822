"""What the page's route modules share: the request's language, the editing
context and the logged-in author; below ``app``, ``edit`` and ``importing``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from solver.core.model import Scenario
from solver.i18n.catalog import LANGS
from solver.web.guard import current_user
from solver.web.store import Store, Version

DEFAULT_LANG = "fr"


@dataclass
class EditContext:
    """What the editing routes need from the application (closures of create_app)."""

    store: Store
    page: Callable[..., Response]
    load_version: Callable[..., tuple[Version, Scenario, str]]
    start_job: Callable[..., Response]
    max_upload: int
    home_context: Callable[[str], dict[str, Any]]   # lang -> the home page's context
    # (request, name, v, saved, settings, status) -> the class page; set by create_app
    class_page: Callable[..., Response] = field(default=lambda *a, **k: Response(status_code=500))


def request_lang(request: Request) -> str:
    q = request.query_params.get("lang")
    if q in LANGS:
        return q
    c = request.cookies.get("lang")
    return c if c in LANGS else DEFAULT_LANG


def author_of(request: Request) -> str:
    """The logged-in user's name, kept as the author of what the request saves."""
    user = current_user(request)
    return user.name if user is not None else ""


def pdf_available() -> bool:
    """Whether print views can also be PDF (the optional WeasyPrint extra)."""
    import importlib.util

    return importlib.util.find_spec("weasyprint") is not None
