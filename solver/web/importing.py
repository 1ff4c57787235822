"""The home page's import form: a school's class list (CSV or XLSX) becomes a class.

The page calls the command line's importer (``solver.importer.import_class_list``, the
code behind ``stageplan import``) with the programme, zone and dates chosen in the
form, and saves the class file it writes as version 1 of a new class. Every bad row is
listed with its row number and column, and nothing is saved (the importer returns only
when every row is good); the guesses it made (encoding, separator, columns, ids) are
shown on the page that follows.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from solver.core.errors import InputError, msg
from solver.core.model import ZONES, Scenario, builtin_models
from solver.core.yamlload import parse_date
from solver.i18n.catalog import ui, ui_n
from solver.i18n.errors import input_error_text
from solver.io.importer import (
    CalendarChoice,
    ClassListError,
    ImportResult,
    class_file_yaml,
    import_class_list,
    parse_columns,
    parse_span,
)
from solver.load.programme import load_programme
from solver.web.service import parse_upload
from solver.web.store import slugify

if TYPE_CHECKING:
    from solver.web.context import EditContext

ACCEPT = ".csv,.txt,.xlsx"


def programmes() -> list[tuple[str, str]]:
    """(id, title) of the built-in programmes, for the form's list."""
    out = []
    for pid in builtin_models():
        try:
            out.append((pid, load_programme(pid, None, None, None).title))
        except InputError:
            continue
    return out


def default_dates(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The current school year's 1 September and the 30 June two years on (a BTS)."""
    day = today or dt.date.today()
    year = day.year if day.month >= 8 else day.year - 1
    return dt.date(year, 9, 1), dt.date(year + 2, 6, 30)


FORM_FIELDS = ("programme", "zone", "academie", "start", "end", "label", "columns",
               "final_from", "final_to", "blocked", "max_on_placement")


def import_form_context(values: dict[str, str] | None = None) -> dict[str, Any]:
    """The import form's choices and values: the defaults, or what was typed (after an
    error the form keeps every field)."""
    start, end = default_dates()
    shown = dict.fromkeys(FORM_FIELDS, "") | {"start": start.isoformat(),
                                              "end": end.isoformat()}
    return {"import_programmes": programmes(), "import_zones": ZONES,
            "import_values": shown | (values or {}), "import_accept": ACCEPT}


def settings_values(sc: Scenario, typed: dict[str, Any] | None = None) -> dict[str, Any]:
    """The class settings form's values (the same fields as the import form's) and its
    school-policy rules with whether each is on; ``typed`` (a refused form, see
    ``settings_form.typed``): what was typed instead, and the error."""
    cal = sc.calendar
    finals = [b for b in cal.blocked if b.final]
    others = [b for b in cal.blocked if not b.final]
    cap = next((getattr(r, "max", None) for r in sc.policy if r.id == "tutor-visits"), None)
    academie = sc.raw.get("academie")
    values = {"start": cal.start.isoformat(), "end": cal.end.isoformat(),
              "zone": cal.zone or "", "academie": academie if isinstance(academie, str) else "",
              "final_from": finals[0].start.isoformat() if finals else "",
              "final_to": finals[-1].end.isoformat() if finals else "",
              "blocked": "\n".join(f"{b.start:%d/%m/%Y}..{b.end:%d/%m/%Y}"
                                   + (f":{b.label}" if b.label else "") for b in others),
              "max_on_placement": "" if cap is None else str(cap),
              "zone_holidays": False,
              "provisional": bool(sc.raw.get("calendar", {}).get("provisional"))
              if isinstance(sc.raw.get("calendar"), dict) else False}
    seen: dict[str, Any] = {}
    for rule in (*sc.programme.policy, *sc.policy):
        if rule.id != "tutor-visits":
            seen[rule.id] = rule
    raw_cal = sc.raw.get("calendar")
    own = len(raw_cal["holidays"]) if isinstance(raw_cal, dict) and isinstance(
        raw_cal.get("holidays"), list) else 0
    ticked = (typed or {}).get("rules_on", {})
    rules = [{"id": r.id, "on": ticked.get(r.id, r.id not in sc.disabled),
              "text": r.render_citation()} for r in seen.values()]
    if typed is None:
        return {"values": values, "rules": rules, "own_holidays": own}
    return {"values": values | typed["values"], "rules": rules, "own_holidays": own,
            "error": typed["error"], "error_field": typed["error_field"]}


def form_choice(values: dict[str, str], file: str) -> CalendarChoice:
    """The calendar the form describes (InputError naming the field otherwise)."""
    def day(key: str) -> dt.date:
        found = parse_date(values.get(key, ""))
        if found is None:
            raise InputError(msg("'{}' is not a date", values.get(key, '')), file, field=key)
        return found

    start, end = day("start"), day("end")
    given = [key for key in ("final_from", "final_to") if values.get(key)]
    if len(given) == 1:
        raise InputError(msg("give both days of the final exams, or neither"), file,
                         field=given[0])
    exams = (day("final_from"), day("final_to")) if given else None
    cap = values.get("max_on_placement", "")
    if cap and not (cap.isdigit() and int(cap) >= 1):
        raise InputError(msg("'{}' is not a number of students", cap), file,
                         field="max_on_placement")
    blocked = [parse_span(line, "blocked") for line in values.get("blocked", "").splitlines()
               if line.strip()]
    return CalendarChoice(start, end, zone=values.get("zone") or None,
                          academie=values.get("academie") or None,
                          final_exams=exams, blocked=blocked,
                          max_on_placement=int(cap) if cap else None)


def register_import_routes(app: FastAPI, ctx: EditContext) -> None:
    store = ctx.store

    def home_with(request: Request, status: int, **extra: Any) -> Response:
        # the home page again, with the import form's message
        from solver.web.context import request_lang

        return ctx.page(request, "home.html", ctx.home_context(request_lang(request)) | extra,
                        status)

    @app.post("/import", include_in_schema=False)
    async def import_list(request: Request) -> Response:
        from solver.web.context import request_lang

        lang = request_lang(request)
        try:
            form = await request.form(max_files=1, max_fields=20)
        except Exception:
            return ctx.page(request, "error.html", {"message": ui("web_bad_form", lang)}, 400)
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return home_with(request, 422, import_error=ui("web_no_file", lang))
        raw = await upload.read(ctx.max_upload + 1)
        filename = upload.filename.replace("\\", "/").rsplit("/", 1)[-1][:120]

        def text(key: str, limit: int = 120) -> str:
            value = form.get(key)
            return str(value).strip()[:limit] if isinstance(value, str) else ""

        values = {key: text(key, 400) for key in FORM_FIELDS}

        def read() -> tuple[ImportResult, str]:
            if len(raw) > ctx.max_upload:
                raise InputError(ui("web_import_too_large", lang,
                                    kib=ctx.max_upload // 1024), filename)
            choice = form_choice(values, filename)
            result = import_class_list(
                raw, filename, programme=text("programme", 40), start=choice.start,
                end=choice.end, columns=parse_columns(text("columns", 400) or None),
                label=text("label") or None, lang=lang, settings=choice)
            yaml_text = class_file_yaml(result, filename)
            parse_upload(yaml_text.encode("utf-8"), "import.yaml", 10 * ctx.max_upload)
            return result, yaml_text

        from solver.web.context import author_of

        try:   # off the event loop, under the user's share (QueueFull: a 429 page)
            result, yaml_text = await request.app.state.parses.run(author_of(request), read)
        except ClassListError as exc:
            refused = ui_n("imp_rows_refused", exc.rows, lang, n=exc.rows)
            return home_with(request, 422, import_error=refused,
                             import_lines=exc.lines(lang), **import_form_context(values))
        except InputError as exc:
            return home_with(request, 422, import_error=input_error_text(exc, lang),
                             **import_form_context(values))
        wanted = text("name", 60) or text("label", 60) or filename
        name = store.free_name(slugify(wanted))
        version = store.save(name, yaml_text, author=author_of(request))
        return ctx.page(request, "imported.html", {
            "name": name, "version": version, "n": len(result.scenario.students),
            "notes": result.notes, "warnings": result.warnings, "file_name": filename})

