"""The web front door: pages for coordinators and a JSON API for scripts.

Pages are rendered on the server (Jinja2) with one small script for polling jobs and
one stylesheet, all served by the app (no CDN: it works on a school network without
internet). French by default; ``?lang=en`` switches and a cookie remembers it. Every
request is bounded: body size (413), validation (422, the command line's own
messages), solves in a child process with a time limit. No rule logic lives here: the
page calls verify and the command-line jobs and draws their results.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import AsyncIterator
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import UploadFile
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import InputError
from ..i18n import LANGS, UI, adjustment_name, fmt_date, fmt_weeks, route_name, ui
from ..model import ADJUSTMENTS, ROUTES, ZONES, Scenario
from ..render.common import dumps_json
from ..verify import VerifyResult
from ..yamlload import load_json
from . import downloads
from .grid import build_grid
from .jobs import Job, JobManager, new_job_id
from .service import (
    JOBS,
    MAX_UPLOAD_BYTES,
    JobOutcome,
    TooLarge,
    job_available,
    parse_upload,
    plan_text,
    run_job,
    verify_payload,
    verify_scenario,
)
from .store import Store, check_slug, slugify

HERE = Path(__file__).resolve().parent
DEFAULT_LANG = "fr"
FORMAT_MEDIA = {
    "yaml": "application/yaml; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ics": "text/calendar; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


# ---- request size limit -------------------------------------------------------------

class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413 before any parsing."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        too_big = False
        if length is not None:
            try:
                too_big = int(length) > self.limit
            except ValueError:
                too_big = True
        chunks: list[bytes] = []
        if not too_big:
            size = 0
            more = True
            while more:
                message = await receive()
                if message["type"] != "http.request":
                    break
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.limit:
                    too_big = True
                    break
                chunks.append(chunk)
                more = message.get("more_body", False)
        if too_big:
            response = JSONResponse(
                {"error": f"request body is larger than {self.limit // 1024} KiB",
                 "file": None, "line": None, "field": None,
                 "hint": "the web page accepts class files up to 1 MiB"}, status_code=413)
            await response(scope, receive, send)
            return
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


# ---- helpers ------------------------------------------------------------------------

def request_lang(request: Request) -> str:
    q = request.query_params.get("lang")
    if q in LANGS:
        return q
    c = request.cookies.get("lang")
    return c if c in LANGS else DEFAULT_LANG


def bundled_scenarios() -> list[tuple[str, str]]:
    """(file name, text) of the example class files shipped with the package."""
    out: list[tuple[str, str]] = []
    try:
        folder = resources.files("solver.scenarios")
        for item in folder.iterdir():
            if item.name.endswith((".yaml", ".yml")):
                out.append((item.name, item.read_text(encoding="utf-8")))
    except (ModuleNotFoundError, FileNotFoundError):
        checkout = HERE.parent.parent / "scenarios"
        if checkout.is_dir():
            out = [(p.name, p.read_text(encoding="utf-8")) for p in checkout.glob("*.yaml")]
    return sorted(out)


def seed(store: Store) -> list[str]:
    """Copy the bundled example classes into an empty data folder (overlays skipped)."""
    if store.names():
        return []
    added = []
    for file_name, text in bundled_scenarios():
        try:
            parse_upload(text.encode("utf-8"), file_name)
        except InputError:
            continue  # what-if overlays and partial files are not classes
        name = store.free_name(slugify(file_name))
        store.save(name, text)
        added.append(name)
    return added


def cli_json(payload: Any) -> Response:
    """A payload written exactly as the command line's ``--format json`` writes it."""
    return Response(dumps_json(payload), media_type="application/json")


def input_error_json(exc: InputError, status: int = 422) -> JSONResponse:
    return JSONResponse(exc.to_json() | {"message": str(exc)}, status_code=status)


API_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {
            "type": "object", "required": ["scenario"],
            "properties": {
                "scenario": {"type": "string",
                             "description": "the class file's YAML or JSON text"},
                "lang": {"type": "string", "enum": list(LANGS), "default": "en"},
                "set": {"type": "array", "items": {"type": "string"},
                        "description": "whatif only: PATH=VALUE changes"},
                "name": {"type": "string", "description": "file name shown in messages"},
            }}},
        "multipart/form-data": {"schema": {
            "type": "object", "required": ["file"],
            "properties": {"file": {"type": "string", "format": "binary"},
                           "lang": {"type": "string", "enum": list(LANGS)},
                           "set": {"type": "array", "items": {"type": "string"}}}}},
        "application/yaml": {"schema": {"type": "string"}},
    },
}
ERROR_SCHEMA = {"type": "object", "properties": {
    "error": {"type": "string"}, "file": {"type": ["string", "null"]},
    "line": {"type": ["integer", "null"]}, "field": {"type": ["string", "null"]},
    "hint": {"type": ["string", "null"]}, "message": {"type": "string"}}}
API_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "the command line's --format json output",
          "content": {"application/json": {"schema": {"type": "object"}}}},
    413: {"description": "upload too large",
          "content": {"application/json": {"schema": ERROR_SCHEMA}}},
    422: {"description": "bad input: what is wrong and where (file, line, field)",
          "content": {"application/json": {"schema": ERROR_SCHEMA}}},
    503: {"description": "this job is not installed"},
    504: {"description": "the solve exceeded its time limit"},
}


async def read_api_request(request: Request, max_bytes: int
                           ) -> tuple[bytes, str, str, list[str]]:
    """(content, file name, lang, set) from a JSON, multipart or raw YAML body."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    lang, name, changes = "en", "scenario.yaml", []
    if ctype == "multipart/form-data":
        try:
            form = await request.form(max_files=1, max_fields=50)
        except Exception:
            raise InputError("the form could not be read", field="file") from None
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InputError("no file was sent", field="file",
                             hint="send the class file in the form field 'file'")
        raw = await upload.read(max_bytes + 1)
        name = _safe_file_name(upload.filename or name)
        lang = str(form.get("lang") or "en")
        changes = [str(v) for v in form.getlist("set")]
    elif ctype in ("application/json", ""):
        body = await request.body()
        data = load_json(body, "request") if body else None   # bounded like class files
        if not isinstance(data, dict) or not isinstance(data.get("scenario"), str):
            raise InputError("the request needs 'scenario': the class file's text", "request",
                             field="scenario",
                             hint='{"scenario": "programme: bts-ci\\n...", "lang": "fr"}')
        raw = data["scenario"].encode("utf-8", "surrogatepass")
        lang = data.get("lang", "en")
        name = _safe_file_name(str(data.get("name") or name))
        changes = data.get("set") or []
        if not isinstance(changes, list) or not all(isinstance(c, str) for c in changes):
            raise InputError("'set' is a list of PATH=VALUE strings", "request", field="set")
    elif ctype in ("application/yaml", "application/x-yaml", "text/yaml", "text/plain"):
        raw = await request.body()
        lang = request.query_params.get("lang", "en")
    else:
        raise InputError(f"unsupported content type '{ctype[:60]}'", "request",
                         hint="send JSON, multipart/form-data or application/yaml")
    if lang not in LANGS:
        raise InputError(f"unknown language '{str(lang)[:20]}'", "request", field="lang",
                         hint="fr or en")
    return raw, name, str(lang), changes


def _version_number(value: object) -> int | None:
    text = value if isinstance(value, str) else ""
    return int(text) if text.isdigit() and len(text) < 7 else None


def _safe_file_name(name: str) -> str:
    """A display name only (never opened): the last path part, reduced to a slug."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return slugify(base) + ".yaml"


# ---- the application ----------------------------------------------------------------

def create_app(data_dir: str | Path, *, max_upload: int = MAX_UPLOAD_BYTES,
               time_limit: float = 60.0, seed_examples: bool = True) -> FastAPI:
    store = Store(data_dir)
    if seed_examples:
        seed(store)
    jobs = JobManager()
    templates = Jinja2Templates(directory=str(HERE / "templates"))

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        jobs.shutdown()

    # no /docs or /redoc: FastAPI serves them from a CDN; /api-docs is our own page
    app = FastAPI(title="stageplan", version="0.1.0", lifespan=lifespan, docs_url=None,
                  redoc_url=None,
                  description="Plan and check BTS internship placements: the command "
                  "line's jobs over HTTP. Requests carry the class file (YAML or JSON "
                  "text, or an uploaded file); answers are the command line's JSON.")
    # multipart framing adds a little around the file itself
    app.add_middleware(BodyLimit, limit=max_upload + 64 * 1024)
    app.state.store = store
    app.state.jobs = jobs
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def page(request: Request, template: str, ctx: dict[str, Any],
             status: int = 200) -> Response:
        lang = request_lang(request)

        def t(key: str, **kw: Any) -> str:
            return ui(key, lang, **kw)

        def label(prefix: str, value: object) -> str:
            """A catalogue label for a code (``web_action_extend``), else the code."""
            key = f"{prefix}{value}"
            return ui(key, lang) if key in UI else str(value)

        def iso(value: object) -> str:
            try:
                return fmt_date(dt.date.fromisoformat(str(value)), lang)
            except ValueError:
                return str(value)

        base = {"request": request, "lang": lang, "t": t, "fmt_date": fmt_date,
                "label": label, "iso": iso,
                "fmt_weeks": fmt_weeks, "route_name": route_name,
                "adjustment_name": adjustment_name, "other_lang": "en" if lang == "fr"
                else "fr", "path": request.url.path, "job_available": job_available}
        response = templates.TemplateResponse(request, template, base | ctx,
                                              status_code=status)
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; object-src 'none'; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        if request.query_params.get("lang") in LANGS:
            response.set_cookie("lang", lang, max_age=365 * 86400, samesite="lax")
        return response

    def load_version(name: str, v: int | None = None) -> tuple[Any, Scenario, str]:
        check_slug(name)
        version = store.get(name, v)
        if version is None:
            raise LookupError(name)
        text = store.read(version)
        scenario = parse_upload(text.encode("utf-8"), f"{name}.yaml", 10 * max_upload)
        return version, scenario, text

    def class_summary(name: str) -> dict[str, Any]:
        version = store.get(name)
        assert version is not None
        info: dict[str, Any] = {"name": name, "version": version.number,
                                "saved": dt.datetime.fromtimestamp(version.mtime)}
        try:
            _, sc, _ = load_version(name)
            res = verify_scenario(sc)
            info.update(label=sc.label or sc.programme.title, programme=sc.programme.id,
                        students=len(sc.students), compliant=res.compliant,
                        broken=sum(1 for s in res.students if not s.compliant))
        except InputError as exc:
            info.update(label=name, error=str(exc))
        return info

    def not_found(request: Request) -> Response:
        return page(request, "error.html", {"message": ui("web_not_found",
                                                          request_lang(request))}, 404)

    def violations_view(result: VerifyResult, lang: str) -> list[dict[str, Any]]:
        rows = []
        for s in result.students:
            for v in s.violations:
                rows.append({"who": s.student.id, "name": s.student.name or "",
                             "v": v, "message": v.message(lang),
                             "citation": v.rule.render_citation(),
                             "evidence": v.evidence()})
        for v in result.class_violations:
            rows.append({"who": ui("class", lang), "name": "", "v": v,
                         "message": v.message(lang), "citation": v.rule.render_citation(),
                         "evidence": v.evidence()})
        return rows

    # ---- pages ------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> Response:
        return page(request, "home.html",
                    {"classes": [class_summary(n) for n in store.names()]})

    async def _upload(request: Request, existing: str | None) -> Response:
        lang = request_lang(request)
        try:
            form = await request.form(max_files=1, max_fields=10)
        except Exception:
            return page(request, "error.html", {"message": ui("web_bad_form", lang)}, 400)
        upload = form.get("file")
        wanted = str(form.get("name") or "").strip()
        if not isinstance(upload, UploadFile) or not upload.filename:
            return page(request, "home.html", {
                "classes": [class_summary(n) for n in store.names()],
                "error": ui("web_no_file", lang)}, 422)
        raw = await upload.read(max_upload + 1)
        display = _safe_file_name(upload.filename)
        try:
            parse_upload(raw, display, max_upload)
        except TooLarge as exc:
            return page(request, "home.html", {
                "classes": [class_summary(n) for n in store.names()], "error": str(exc)}, 413)
        except InputError as exc:
            return page(request, "home.html", {
                "classes": [class_summary(n) for n in store.names()], "error": str(exc)}, 422)
        name = existing or store.free_name(wanted or display)
        version = store.save(name, raw.decode("utf-8-sig"))
        return RedirectResponse(f"/c/{name}?saved={version.number}", status_code=303)

    @app.post("/upload", include_in_schema=False)
    async def upload(request: Request) -> Response:
        return await _upload(request, None)

    @app.post("/c/{name}/upload", include_in_schema=False)
    async def upload_version(request: Request, name: str) -> Response:
        try:
            check_slug(name)
        except InputError:
            return not_found(request)
        if store.get(name) is None:
            return not_found(request)
        return await _upload(request, name)

    @app.get("/c/{name}", response_class=HTMLResponse, include_in_schema=False)
    def class_page(request: Request, name: str, v: int | None = None,
                   saved: int | None = None) -> Response:
        lang = request_lang(request)
        try:
            check_slug(name)
            version, sc, _ = load_version(name, v)
        except LookupError:
            return not_found(request)
        except InputError as exc:
            if exc.field == "name":
                return not_found(request)
            return page(request, "error.html", {"message": str(exc)}, 422)
        result = verify_scenario(sc)
        broken = {s.student.id for s in result.students if not s.compliant}
        return page(request, "class.html", {
            "name": name, "version": version, "versions": store.versions(name),
            "latest": store.get(name), "sc": sc, "result": result,
            "grid": build_grid(sc, lang, broken), "violations": violations_view(result, lang),
            "saved": saved, "jobs": {j: job_available(j) for j in JOBS},
            "formats": downloads.available(), "zones": ZONES, "routes": ROUTES,
            "adjustments": ADJUSTMENTS})

    def start_job(request: Request, name: str, kind: str, v: int | None,
                  args: list[str], context: dict[str, Any]) -> Response:
        try:
            version, sc, text = load_version(name, v)
        except (LookupError, InputError):
            return not_found(request)
        lang = request_lang(request)
        job = Job(new_job_id(), kind, name, version.number, time_limit, context=context)
        jobs.start(job, lambda: run_job(kind, text, name, lang, time_limit, args))
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.post("/c/{name}/run/{kind}", include_in_schema=False)
    async def run_page_job(request: Request, name: str, kind: str) -> Response:
        if kind not in ("generate", "repair", "explain"):
            return not_found(request)
        form = await request.form(max_files=0, max_fields=5)
        return start_job(request, name, kind, _version_number(form.get("v")), [], {})

    @app.post("/c/{name}/whatif", include_in_schema=False)
    async def run_whatif(request: Request, name: str) -> Response:
        lang = request_lang(request)
        form = await request.form(max_files=0, max_fields=40)
        fields = {k: str(form.get(k) or "").strip() for k in form}
        try:
            changes = whatif_changes(fields)
        except InputError as exc:
            return page(request, "error.html", {"message": str(exc)}, 422)
        if not changes:
            return page(request, "error.html", {"message": ui("web_whatif_nothing", lang)}, 422)
        args = [a for c in changes for a in ("--set", c)]
        return start_job(request, name, "whatif", _version_number(fields.get("v")), args,
                         {"changes": changes})

    @app.get("/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def job_page(request: Request, job_id: str) -> Response:
        lang = request_lang(request)
        job = jobs.get(job_id)
        if job is None:
            return not_found(request)
        ctx: dict[str, Any] = {"job": job, "name": job.scenario}
        if job.done and job.outcome is not None and job.outcome.payload is not None:
            ctx.update(result_view(job, job.outcome, lang))
        return page(request, "job.html", ctx)

    def result_view(job: Job, outcome: JobOutcome, lang: str) -> dict[str, Any]:
        payload = outcome.payload or {}
        out: dict[str, Any] = {"payload": payload,
                               "payload_json": json.dumps(payload, ensure_ascii=False,
                                                          indent=1)[:20000]}
        if job.kind == "whatif" and isinstance(payload.get("variants"), list):
            from markupsafe import Markup

            from ..render.whatif_out import whatif_table_html

            # the table escapes every value itself; if it cannot be drawn, the raw JSON
            # below still shows the answer
            with contextlib.suppress(KeyError, TypeError, ValueError):
                out["whatif_table"] = Markup(whatif_table_html(payload, lang))
        try:
            _, before, _ = load_version(job.scenario, job.version)
        except (LookupError, InputError):
            return out
        before_res = verify_scenario(before)
        out["before_grid"] = build_grid(before, lang, {
            s.student.id for s in before_res.students if not s.compliant})
        out["before_ok"] = before_res.compliant
        text = plan_text(payload)
        if text is not None:
            try:
                after = parse_upload(text.encode("utf-8"), f"{job.scenario}.yaml",
                                     10 * max_upload)
            except InputError as exc:
                out["after_error"] = str(exc)
            else:
                res = verify_scenario(after)
                out["after_grid"] = build_grid(after, lang, {
                    s.student.id for s in res.students if not s.compliant}, before)
                out["after_ok"] = res.compliant
                out["after_violations"] = violations_view(res, lang)
                out["unchanged"] = text_equal(before, after)
        return out

    def text_equal(a: Scenario, b: Scenario) -> bool:
        return [s.to_dict() for s in a.students] == [s.to_dict() for s in b.students]

    @app.post("/jobs/{job_id}/accept", include_in_schema=False)
    def accept(request: Request, job_id: str) -> Response:
        job = jobs.get(job_id)
        if job is None or job.outcome is None or job.outcome.payload is None:
            return not_found(request)
        text = plan_text(job.outcome.payload)
        if text is None:
            return not_found(request)
        if "accepted" in job.context:  # a second click saves nothing new
            return RedirectResponse(f"/c/{job.scenario}?saved={job.context['accepted']}",
                                    status_code=303)
        header = (f"# {job.kind} ({dt.datetime.now():%Y-%m-%d %H:%M}) "
                  f"from version {job.version}\n")
        version = store.save(job.scenario, header + text)
        job.context["accepted"] = version.number
        return RedirectResponse(f"/c/{job.scenario}?saved={version.number}", status_code=303)

    @app.get("/c/{name}/download/{fmt}", include_in_schema=False)
    def download(request: Request, name: str, fmt: str, v: int | None = None) -> Response:
        lang = request_lang(request)
        if fmt not in FORMAT_MEDIA:
            return not_found(request)
        try:
            version, sc, text = load_version(name, v)
        except (LookupError, InputError):
            return not_found(request)
        if fmt == "yaml":
            data: bytes = text.encode("utf-8")
        else:
            try:
                data = downloads.render(fmt, sc, lang)
            except downloads.Unavailable:
                return page(request, "error.html",
                            {"message": ui("web_format_missing", lang, fmt=fmt.upper())}, 503)
        filename = f"{name}-v{version.number}.{fmt}"
        return Response(data, media_type=FORMAT_MEDIA[fmt], headers={
            "Content-Disposition": f'attachment; filename="{filename}"'})

    @app.get("/api-docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> Response:
        spec = app.openapi()
        ops = [{"path": path, "method": method.upper(), "summary": op.get("summary", ""),
                "doc": op.get("description", "")}
               for path, item in spec["paths"].items() for method, op in item.items()]
        return page(request, "api.html", {"ops": ops})

    # ---- JSON API ----------------------------------------------------------------
    @app.get("/api/jobs/{job_id}", tags=["jobs"])
    def job_state(job_id: str) -> JSONResponse:
        """State of a page job: done, progress (0..1), elapsed seconds."""
        job = jobs.get(job_id)
        if job is None:
            return JSONResponse({"error": "no such job"}, status_code=404)
        return JSONResponse(job.state())

    @app.get("/api/scenarios", tags=["scenarios"])
    def list_scenarios() -> JSONResponse:
        """The scenarios of the data folder with their saved versions."""
        return JSONResponse([{"name": n, "versions": [v.number for v in store.versions(n)]}
                             for n in store.names()])

    async def api_job(request: Request, kind: str) -> Response:
        try:
            raw, name, lang, changes = await read_api_request(request, max_upload)
            scenario = parse_upload(raw, name, max_upload)
        except TooLarge as exc:
            return input_error_json(exc, 413)
        except InputError as exc:
            return input_error_json(exc)
        if kind == "verify":
            return cli_json(verify_payload(scenario, lang))
        if not job_available(kind):
            return JSONResponse({"error": f"the '{kind}' job is not installed"},
                                status_code=503)
        args: list[str] = []
        if kind == "whatif":
            if not changes:
                return input_error_json(InputError("whatif needs at least one change",
                                                   "request", field="set",
                                                   hint='"set": ["calendar.zone=B"]'))
            args = [a for c in changes[:20] for a in ("--set", str(c)[:500])]
        text = raw.decode("utf-8-sig", "replace")
        outcome = run_job(kind, text, slugify(name), lang, time_limit, args)
        if outcome.timed_out:
            return JSONResponse({"error": "the solve exceeded its time limit"},
                                status_code=504)
        if outcome.input_error:
            return JSONResponse({"error": outcome.error, "file": name, "line": None,
                                 "field": None, "hint": None, "message": outcome.error},
                                status_code=422)
        if outcome.payload is None:
            return JSONResponse({"error": outcome.error or "the job failed"},
                                status_code=500)
        return cli_json(outcome.payload)

    def add_api(kind: str, summary: str) -> None:
        async def endpoint(request: Request) -> Response:
            return await api_job(request, kind)

        endpoint.__name__ = f"api_{kind}"
        app.post(f"/api/{kind}", tags=["jobs"], summary=summary,
                 openapi_extra={"requestBody": API_BODY},
                 responses=API_RESPONSES)(endpoint)

    add_api("verify", "Check every student's plan (stageplan verify --format json)")
    add_api("generate", "Fill in a compliant calendar (stageplan generate --format json)")
    add_api("repair", "Smallest change making each plan compliant (stageplan repair)")
    add_api("explain", "The rules in conflict (stageplan explain --format json)")
    add_api("whatif", "Run a variant of the scenario (stageplan whatif --set ...)")

    @app.exception_handler(InputError)
    async def on_input_error(request: Request, exc: InputError) -> Response:
        if request.url.path.startswith("/api/"):
            return input_error_json(exc)
        return page(request, "error.html", {"message": str(exc)}, 422)

    return app


def whatif_changes(fields: dict[str, str]) -> list[str]:
    """The what-if form's fields as ``PATH=VALUE`` changes for ``stageplan whatif --set``."""
    from .whatif_form import changes_from_form

    return changes_from_form(fields)
