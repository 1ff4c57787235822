"""The coordinator's page of live sessions: who is logged in, from where, since when,
and a button to end any session (its cookie stops working at once)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from solver.i18n.catalog import UI, ui
from solver.i18n.translations import N_, catalogue
from solver.web.context import request_lang
from solver.web.guard import current_user
from solver.web.logins import Sessions

if TYPE_CHECKING:
    from solver.web.context import EditContext

UI.update(catalogue(
    N_("web_sessions", "Sessions"),
    N_("web_sessions_help",
       "Everyone logged in now. Ending a session logs its browser out "
       "at once."),
    N_("web_session_end", "End"),
    N_("web_session_since", "Since"),
    N_("web_session_address", "Address"),
    N_("web_session_browser", "Browser"),
    N_("web_session_ended", "The session was ended."),
))


def register_session_routes(app: FastAPI, ctx: EditContext, sessions: Sessions) -> None:
    def coordinator(request: Request) -> bool:
        user = current_user(request)
        return user is not None and user.role == "coordinator"

    @app.get("/sessions", response_class=HTMLResponse, include_in_schema=False)
    def sessions_page(request: Request) -> Response:
        if not coordinator(request):
            return ctx.page(request, "error.html", {"message": ui(
                "web_forbidden", request_lang(request))}, 403)
        return ctx.page(request, "sessions.html", {
            "sessions": sessions.listing(),
            "ended": request.query_params.get("ended") == "1"})

    @app.post("/sessions/revoke", include_in_schema=False)
    async def revoke(request: Request) -> Response:
        # a coordinator's action (the role table's default for this path)
        form = await request.form(max_files=0, max_fields=5)
        sessions.revoke(str(form.get("id") or "")[:32])
        return RedirectResponse("/sessions?ended=1", status_code=303)
