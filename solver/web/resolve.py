"""The page (and API answer) of a write that found a newer version: what changed, and
the user's choice (rebase onto the newest version, or discard). See ``conflict``.

A conflict is answered with HTTP 409: a page listing the versions saved since (and who
saved them), the students added, removed and changed, and two buttons; or, for a client
asking for JSON, the same details as JSON. The choice is a POST to
``/c/NAME/resolve`` with the write's token; only the user who made the write can
resolve it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from solver.core.errors import InputError
from solver.i18n.catalog import ui
from solver.i18n.errors import input_error_text
from solver.web import conflict_messages  # noqa: F401  (the catalogue's entries)
from solver.web.conflict import Conflict, Writes
from solver.web.context import author_of, request_lang
from solver.web.guard import wants_json
from solver.web.store import Version, check_slug

if TYPE_CHECKING:
    from solver.web.context import EditContext


def conflict_response(request: Request, ctx: EditContext, found: Conflict,
                      report: dict[str, list[str]] | None = None) -> Response:
    """HTTP 409: the page that says what changed and offers both choices (or JSON)."""
    lang = request_lang(request)
    details = found.details()
    message = ui("web_version_conflict", lang, base=found.pending.base, latest=found.latest)
    headers = {k.lower(): v for k, v in request.headers.items()}
    if wants_json(request.url.path, headers):
        return JSONResponse({"error": message, "file": f"{found.pending.name}.yaml",
                             "line": None, "field": None, "message": message,
                             "hint": ui("web_conflict_hint", "en"), "conflict": details},
                            status_code=409)
    return ctx.page(request, "conflict.html", {"name": found.pending.name, "c": details,
                                               "message": message, "report": report}, 409)


def saved_or_conflict(request: Request, ctx: EditContext, outcome: Version | Conflict,
                      report: dict[str, list[str]] | None = None) -> Response:
    if isinstance(outcome, Conflict):
        return conflict_response(request, ctx, outcome, report)
    return RedirectResponse(f"/c/{outcome.name}?saved={outcome.number}", status_code=303)


def register_resolve_routes(app: FastAPI, ctx: EditContext, writes: Writes) -> None:
    @app.post("/c/{name}/resolve", include_in_schema=False)
    async def resolve(request: Request, name: str) -> Response:
        lang = request_lang(request)
        try:
            check_slug(name)
            form = await request.form(max_files=0, max_fields=5)
        except Exception:
            return ctx.page(request, "error.html", {"message": ui("web_bad_form", lang)}, 400)
        token, choice = str(form.get("token") or ""), str(form.get("choice") or "")
        pending = writes.take(token[:64], name, author_of(request))
        if pending is None:
            return ctx.page(request, "error.html", {"message": ui("web_conflict_gone", lang),
                                                    "back": f"/c/{name}", "back_name": name},
                            404)
        if choice != "rebase":   # discard: the newest version stays as it is
            return RedirectResponse(f"/c/{name}?discarded=1", status_code=303)
        try:
            outcome, report = writes.rebase(pending)
        except InputError as exc:
            return ctx.page(request, "error.html", {"message": ui(
                "web_unverifiable", lang, error=input_error_text(exc, lang)),
                "back": f"/c/{name}", "back_name": name}, 422)
        if isinstance(outcome, Conflict):
            return conflict_response(request, ctx, outcome, report)
        return RedirectResponse(f"/c/{name}?saved={outcome.number}&" + _report_query(report),
                                status_code=303)


def _report_query(report: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    return urlencode({f"rebased_{k}": ",".join(v)[:500] for k, v in report.items() if v}
                     | {"rebased": "1"})
