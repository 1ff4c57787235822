"""The page's print views: the class page and the students' annexes, as the print HTML
of ``stageplan print`` or as PDF (WeasyPrint, the optional ``pdf`` extra).

A PDF is the slow part (about a second of CPU for a class of 18 on an idle machine,
benchmarks/pdf_bench.py): it is drawn compact (runs of weeks as one cell, fixed
columns), off the event loop under the user's share of the server (``bounds.Parses``:
one too many is a 429 page, as a solve), and kept in a small cache keyed by the saved
version's text, the language, the page and the day, so that the same download again is
immediate. A saved version never changes, so a cached PDF is never stale.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import threading
from collections import OrderedDict

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from solver.core.errors import InputError
from solver.core.model import Scenario
from solver.i18n.catalog import ui
from solver.jobs.history import default_from
from solver.web.context import EditContext, author_of, request_lang
from solver.web.service import verify_scenario
from solver.web.store import check_slug

CACHED_PDFS = 16   # about 100-200 KiB each


class PdfCache:
    """The last ``size`` PDFs made, by key (least recently used dropped first)."""

    def __init__(self, size: int = CACHED_PDFS) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, ...], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...]) -> bytes | None:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[str, ...], pdf: bytes) -> None:
        with self._lock:
            self._items[key] = pdf
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def print_page(sc: Scenario, lang: str, who: str | None, today: dt.date,
               compact: bool) -> str | None:
    """The class page (``who`` None), every student's annex (``*``) or one student's;
    None when there is no such student."""
    from solver.io.render import html as html_out

    result = verify_scenario(sc)
    if who is None:   # a class in progress: what is done before today is drawn as history
        return html_out.render_html(sc, lang, result, from_date=default_from(sc, today),
                                    compact=compact)
    if who == "*":
        chosen = result
    else:
        mine = [r for r in result.students if r.student.id == who]
        if not mine:
            return None
        chosen = dataclasses.replace(result, students=mine)
    return html_out.render_student_html(sc, lang, chosen, today, compact=compact)


def register_print_routes(app: FastAPI, ctx: EditContext) -> None:
    cache = PdfCache()

    def not_found(request: Request, lang: str) -> Response:
        return ctx.page(request, "error.html", {"message": ui("web_not_found", lang)}, 404)

    async def printable(request: Request, name: str, v: int | None, who: str | None,
                        fmt: str = "html") -> Response:
        lang = request_lang(request)
        try:
            check_slug(name)
            _, sc, text = await run_in_threadpool(ctx.load_version, name, v)
        except (LookupError, InputError):
            return not_found(request, lang)
        today = dt.date.today()
        if fmt != "pdf":
            page = await run_in_threadpool(print_page, sc, lang, who, today, False)
            if page is None:
                return not_found(request, lang)
            return HTMLResponse(page, headers={
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                "img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
                "X-Content-Type-Options": "nosniff"})
        key = (hashlib.sha256(text.encode("utf-8")).hexdigest(), lang, who or "",
               today.isoformat())
        pdf = cache.get(key)
        if pdf is None:
            def make() -> bytes | None:
                from solver.cli.commands.printing import html_to_pdf

                page = print_page(sc, lang, who, today, True)
                return None if page is None else html_to_pdf(page, lang)

            try:   # off the event loop, under the user's share (QueueFull: a 429 page)
                made = await request.app.state.parses.run(author_of(request), make)
            except InputError:
                return ctx.page(request, "error.html", {"message": ui(
                    "web_format_missing", lang, fmt="PDF")}, 503)
            if made is None:
                return not_found(request, lang)
            cache.put(key, made)
            pdf = made
        kind = "classe" if who is None else "annexes" if who == "*" else who
        return Response(pdf, media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{name}-{kind}.pdf"'})

    @app.get("/c/{name}/print", response_class=HTMLResponse, include_in_schema=False)
    async def print_class(request: Request, name: str, v: int | None = None,
                          format: str = "html") -> Response:
        return await printable(request, name, v, None, format)

    @app.get("/c/{name}/print/students", response_class=HTMLResponse, include_in_schema=False)
    async def print_students(request: Request, name: str, v: int | None = None,
                             id: str | None = None, format: str = "html") -> Response:
        return await printable(request, name, v, id or "*", format)
