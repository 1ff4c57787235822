"""The page's editing routes: periods, students, weeks, the class itself, versions.

Every change is a POST that reads the latest saved version, applies one edit of
``editops`` to its data, validates the result with the command line's own loader and
saves it as the next version, with the logged-in user as its author (nothing is ever
overwritten; any version can be restored as a new one; archiving a class is the
security layer's ``/c/NAME/archive``). A change that would make the file
invalid is refused with the loader's message and nothing is saved. A form carries the
version it was drawn from: if another version was saved meanwhile, the change is
refused rather than applied to data the user has not seen.

Behind the security layer (``guard.py``, the role table of ``auth.py``): every form has
a hidden ``csrf_token``; edits are POSTs under ``/c/NAME/edit/`` (a teacher may make
them); destructive or deciding actions end in ``/delete``, ``/restore`` or ``/rename``
(coordinators only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from solver.core.errors import InputError
from solver.core.model import ADJUSTMENTS, PLACES, ROUTES, STATUS_ROUTES, Scenario
from solver.core.yamlload import plain
from solver.i18n.catalog import ui
from solver.i18n.errors import input_error_text
from solver.web import edit_messages, editops  # noqa: F401
from solver.web.context import EditContext, author_of, request_lang
from solver.web.form_fields import FormError, Refused, form_text
from solver.web.grid import build_grid
from solver.web.resolve import saved_or_conflict
from solver.web.service import load_upload, parse_upload, verify_scenario
from solver.web.store import Version, check_slug

Data = dict[str, Any]
Edit = Callable[[Data], Data]


def _date(form: FormData, key: str, lang: str) -> dt.date:
    text = form_text(form, key, 20)
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FormError(ui("web_edit_bad_date", lang, field=key, value=text[:20])) from None


def _choice(form: FormData, key: str, choices: tuple[str, ...], lang: str,
            default: str | None = None) -> str:
    text = form_text(form, key, 40) or (default or "")
    if text not in choices:
        raise FormError(ui("web_edit_bad_choice", lang, field=key, value=text[:40],
                           choices=", ".join(choices)))
    return text


def _index(form: FormData, lang: str) -> int:
    text = form_text(form, "index", 6)
    if not text.isdigit():
        raise FormError(ui("web_edit_bad_choice", lang, field="index", value=text,
                           choices="1, 2, ..."))
    return int(text)


def period_form(form: FormData, lang: str) -> editops.PeriodForm:
    details: list[tuple[str, str | bool]] = []
    for key in editops.supported_details():
        if key == "signed":
            details.append((key, form.get(key) == "on"))
        else:
            details.append((key, form_text(form, key, 120)))
    return editops.PeriodForm(
        start=_date(form, "from", lang), end=_date(form, "to", lang),
        place=_choice(form, "place", PLACES, lang, "france"),
        country=form_text(form, "country", 10).upper() or None,
        locked=form.get("locked") == "on", details=tuple(details))


def register_edit_routes(app: FastAPI, ctx: EditContext) -> None:
    from solver.web.importing import register_import_routes
    from solver.web.print_views import register_print_routes

    store = ctx.store
    register_import_routes(app, ctx)
    register_print_routes(app, ctx)

    def latest(name: str) -> tuple[Version, Scenario, str]:
        check_slug(name)
        return ctx.load_version(name, None)

    def refuse(request: Request, name: str, message: str, back: str,
               status: int = 422) -> Response:
        return ctx.page(request, "error.html", {"message": message, "back": back,
                                                "back_name": name}, status)

    async def commit(request: Request, name: str, make: Callable[[FormData, str], Edit],
                     back: Callable[[FormData], str], what: str,
                     then: Callable[[Request, FormData, Version], Response] | None = None,
                     failed: Refused | None = None, max_files: int = 0) -> Response:
        """Apply one edit to the latest version and save the result as the next one;
        a refused edit is ``failed``'s page (the form again, as typed) when given."""
        lang = request_lang(request)
        try:
            version, _, text = latest(name)
        except (LookupError, InputError):
            return ctx.page(request, "error.html",
                            {"message": ui("web_not_found", lang)}, 404)
        try:
            form = await request.form(max_files=max_files, max_fields=40)
        except Exception:  # not a form, files sent, too many fields: nothing to apply
            return ctx.page(request, "error.html", {"message": ui("web_bad_form", lang)}, 400)
        target = back(form)
        seen = form_text(form, "v", 7)
        if seen and seen != str(version.number):
            return refuse(request, name, ui("web_edit_stale", lang, v=seen,
                                            latest=version.number), target, 409)
        def apply() -> str:
            edit = make(form, lang)
            data = plain(load_upload(text.encode("utf-8"), f"{name}.yaml",
                                     10 * ctx.max_upload))
            new = edit(data)
            header = (f"# {what} ({dt.datetime.now():%Y-%m-%d %H:%M}) "
                      f"from version {version.number}\n")
            new_text = editops.dump(new, header)
            parse_upload(new_text.encode("utf-8"), f"{name}.yaml", 10 * ctx.max_upload)
            return new_text

        try:   # off the event loop, under the user's share (bounds.Parses)
            new_text = await request.app.state.parses.run(author_of(request), apply)
        except (FormError, editops.EditError, InputError) as exc:
            if isinstance(exc, FormError):
                message, where = str(exc), exc.field
            elif isinstance(exc, editops.EditError):
                message, where = ui(exc.key, lang, **exc.args_), None
            else:   # a form drawn again says the field; the saved file's line is not
                # what the user typed
                shown = exc if failed is None else InputError(exc.message, hint=exc.hint)
                message = ui("web_edit_refused", lang, error=input_error_text(shown, lang))
                where = exc.field
            if failed is not None:
                return failed(request, form, message, where)
            return refuse(request, name, message, target)
        saved = store.save_after(name, new_text, version.number, author=author_of(request))
        if saved is None:  # another change was saved while this one was being made
            return refuse(request, name, ui("web_edit_stale", lang, v=version.number,
                                            latest=version.number + 1), target, 409)
        if then is not None:
            return then(request, form, saved)
        sep = "&" if "?" in target else "?"
        return RedirectResponse(f"{target}{sep}saved={saved.number}", status_code=303)

    def to_student(name: str) -> Callable[[FormData], str]:
        def back(form: FormData) -> str:
            from urllib.parse import quote

            return f"/c/{name}/student?id={quote(form_text(form, 'sid', 40))}"
        return back

    def to_class(name: str) -> Callable[[FormData], str]:
        return lambda form: f"/c/{name}"

    # ---- the student page ---------------------------------------------------------
    @app.get("/c/{name}/student", response_class=HTMLResponse, include_in_schema=False)
    def student_page(request: Request, name: str, id: str = "",
                     saved: int | None = None) -> Response:
        lang = request_lang(request)
        try:
            version, sc, _ = latest(name)
        except (LookupError, InputError):
            return ctx.page(request, "error.html", {"message": ui("web_not_found", lang)}, 404)
        student = next((s for s in sc.students if s.id == id), None)
        if student is None:
            return ctx.page(request, "error.html", {"message": ui("web_not_found", lang)}, 404)
        result = verify_scenario(sc)
        mine = next(r for r in result.students if r.student.id == id)
        one = sc.with_students([student])
        return ctx.page(request, "student.html", {
            "name": name, "version": version, "sc": sc, "student": student, "res": mine,
            "violations": [{"v": v, "message": v.message(lang),
                            "citation": v.rule.render_citation(), "evidence": v.evidence()}
                           for v in mine.findings],
            "grid": build_grid(one, lang, set() if mine.compliant else {id}),
            "saved": saved, "places": PLACES,
            "routes": [r for r in ROUTES if r in sc.programme.routes],
            "adjustments": [a for a in ADJUSTMENTS if a in sc.programme.adjustments],
            "statuses": [r for r in STATUS_ROUTES if r in sc.programme.routes],
            "details": editops.supported_details(),
            "unavailable": student_unavailable(student)})

    # ---- periods ------------------------------------------------------------------
    @app.post("/c/{name}/edit/period/add", include_in_schema=False)
    async def period_add(request: Request, name: str) -> Response:
        def make(form: FormData, lang: str) -> Edit:
            sid, p = form_text(form, "sid", 40), period_form(form, lang)
            return lambda d: editops.add_period(d, sid, p)
        return await commit(request, name, make, to_student(name), "period added")

    @app.post("/c/{name}/edit/period/edit", include_in_schema=False)
    async def period_edit(request: Request, name: str) -> Response:
        def make(form: FormData, lang: str) -> Edit:
            sid, i, p = form_text(form, "sid", 40), _index(form, lang), period_form(form, lang)
            return lambda d: editops.update_period(d, sid, i, p)
        return await commit(request, name, make, to_student(name), "period changed")

    @app.post("/c/{name}/edit/period/lock", include_in_schema=False)
    async def period_lock(request: Request, name: str) -> Response:
        def make(form: FormData, lang: str) -> Edit:
            sid, i = form_text(form, "sid", 40), _index(form, lang)
            locked = form_text(form, "locked", 5) == "1"
            return lambda d: editops.set_locked(d, sid, i, locked)
        return await commit(request, name, make, to_student(name), "period lock")

    @app.post("/c/{name}/edit/period/delete", include_in_schema=False)
    async def period_delete(request: Request, name: str) -> Response:
        def make(form: FormData, lang: str) -> Edit:
            sid, i = form_text(form, "sid", 40), _index(form, lang)
            return lambda d: editops.delete_period(d, sid, i)
        return await commit(request, name, make, to_student(name), "period deleted")

    # ---- students -----------------------------------------------------------------
    @app.post("/c/{name}/edit/student/edit", include_in_schema=False)
    async def student_edit(request: Request, name: str) -> Response:
        def make(form: FormData, lang: str) -> Edit:
            sid = form_text(form, "sid", 40)
            route = _choice(form, "route", ROUTES, lang)
            adjustment = _choice(form, "adjustment", ADJUSTMENTS, lang)
            status = form_text(form, "status", 40) or None
            student_name = form_text(form, "name", 80) or None
            return lambda d: editops.update_student(d, sid, name=student_name, route=route,
                                                    adjustment=adjustment, status=status)
        return await commit(request, name, make, to_student(name), "student changed")

    @app.post("/c/{name}/edit/student/add", include_in_schema=False)
    async def student_add(request: Request, name: str) -> Response:
        def make(form: FormData, lang: str) -> Edit:
            sid = form_text(form, "sid", 40)
            if not sid:
                raise FormError(ui("web_edit_need_id", lang))
            route = _choice(form, "route", ROUTES, lang, "initial")
            adjustment = _choice(form, "adjustment", ADJUSTMENTS, lang, "none")
            student_name = form_text(form, "name", 80) or None
            return lambda d: editops.add_student(d, sid, name=student_name, route=route,
                                                 adjustment=adjustment)
        return await commit(request, name, make, to_student(name), "student added")

    @app.post("/c/{name}/edit/student/delete", include_in_schema=False)
    async def student_delete(request: Request, name: str) -> Response:
        def make(form: FormData, lang: str) -> Edit:
            sid = form_text(form, "sid", 40)
            return lambda d: editops.delete_student(d, sid)
        return await commit(request, name, make, to_class(name), "student deleted")

    # ---- one week of one student: force or forbid, then (maybe) generate -------------
    @app.post("/c/{name}/edit/week", include_in_schema=False)
    async def week(request: Request, name: str) -> Response:
        def make(form: FormData, lang: str) -> Edit:
            sid = form_text(form, "sid", 40)
            monday = _date(form, "week", lang)
            if monday.weekday() != 0:
                raise FormError(ui("web_edit_bad_date", lang, field="week",
                                   value=monday.isoformat()))
            action = _choice(form, "action", ("force", "forbid", "clear"), lang)
            place = _choice(form, "place", PLACES, lang, "france")
            if action == "force":
                return lambda d: editops.force_week(d, sid, monday, place)
            if action == "forbid":
                return lambda d: editops.forbid_week(d, sid, monday)
            return lambda d: editops.clear_week(d, sid, monday)

        def then(request: Request, form: FormData, saved: Version) -> Response:
            if form.get("regenerate") == "on":
                return ctx.start_job(request, name, "generate", saved.number, [], {})
            return RedirectResponse(f"/c/{name}?saved={saved.number}#grid", status_code=303)
        return await commit(request, name, make, to_class(name), "week", then)

    # ---- the class ------------------------------------------------------------------
    @app.post("/c/{name}/rename", include_in_schema=False)
    async def rename(request: Request, name: str) -> Response:
        def make(form: FormData, lang: str) -> Edit:
            label = form_text(form, "label", 120)
            return lambda d: editops.rename(d, label)
        return await commit(request, name, make, to_class(name), "renamed")

    @app.post("/c/{name}/edit/settings", include_in_schema=False)
    async def settings(request: Request, name: str) -> Response:
        """The class's settings (issue 20): dates, zone or académie (or an uploaded ICS
        school calendar), provisional, final exams, CCF weeks, tutor cap, each
        school-policy rule on or off. A refused form is the class page again with the
        error beside its field and every other field as it was typed."""
        from solver.web import settings_form

        def make(form: FormData, lang: str) -> Edit:
            return settings_form.settings_edit(form, lang, f"{name}.yaml",
                                               settings_limit(ctx.max_upload))

        def failed(request: Request, form: FormData, message: str,
                   where: str | None) -> Response:
            return ctx.class_page(request, name, None, None,
                                  settings_form.typed(form, message, where), 422)
        return await commit(request, name, make, to_class(name), "settings",
                            failed=failed, max_files=1)

    @app.post("/c/{name}/versions/{number}/restore", include_in_schema=False)
    async def restore_version(request: Request, name: str, number: int) -> Response:
        lang = request_lang(request)
        try:
            old, _, text = ctx.load_version(name, number)
        except (LookupError, InputError):
            return ctx.page(request, "error.html", {"message": ui("web_not_found", lang)}, 404)
        try:   # the version the page showed: a restore never replaces a newer save unseen
            form = await request.form(max_files=0, max_fields=5)
            seen = int(str(form.get("v") or "0")[:7])
        except (ValueError, TypeError):
            seen = 0
        newest = store.get(name)
        base = seen if seen > 0 else (newest.number if newest else 0)
        return saved_or_conflict(request, ctx, request.app.state.writes.write(
            name, base, f"# restored from version {old.number}\n" + text,
            author_of(request), f"restore of version {old.number}"))

    # ---- the accessibility statement ----------------------------------------------
    @app.get("/accessibilite", response_class=HTMLResponse, include_in_schema=False)
    def accessibility(request: Request) -> Response:
        return ctx.page(request, "accessibility.html", {})


def settings_limit(max_upload: int) -> int:
    """The largest ICS calendar the settings form takes (bytes)."""
    from solver.io.ics_import import MAX_ICS_BYTES

    return min(max_upload, MAX_ICS_BYTES)


def student_unavailable(student: Any) -> list[Any]:
    """The student's unavailable spans, if the loader knows them (else none)."""
    return list(getattr(student, "unavailable", ()) or ())
