"""The web front door: pages for coordinators and a JSON API for scripts.

Pages are rendered on the server (Jinja2) with one small script for polling jobs and
one stylesheet, all served by the app (no CDN: it works on a school network without
internet). French by default; ``?lang=en`` switches and a cookie remembers it. Every
request is bounded: body size (413), validation (422, the command line's own
messages), solves in a child process with a time limit. No rule logic lives here: the
page calls verify and the command-line jobs and draws their results.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import UploadFile
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from solver import __version__
from solver.core.errors import InputError, msg
from solver.core.files import dumps_json
from solver.core.model import ADJUSTMENTS, ROUTES, ZONES, Scenario
from solver.core.yamlload import load_json
from solver.i18n import explain as i18n_explain  # noqa: F401  (repair's alternatives join the catalogue)
from solver.i18n.catalog import (
    LANGS,
    UI,
    adjustment_name,
    colon,
    fmt_date,
    fmt_weeks,
    route_name,
    shown_value,
    ui,
    ui_n,
)
from solver.i18n.errors import input_error_text
from solver.io.schemas import SCHEMAS
from solver.jobs.history import default_from, parse_from_text
from solver.jobs.verify import VerifyResult
from solver.web import disk, disk_messages, downloads, messages  # noqa: F401  (messages)
from solver.web.api_models import ERROR_MODEL_RESPONSES, JobState, ScenarioItem
from solver.web.archive import archive, archived, archived_by, restore
from solver.web.auth import Accounts
from solver.web.bounds import Parses
from solver.web.conflict import Writes
from solver.web.context import DEFAULT_LANG, EditContext, pdf_available, request_lang
from solver.web.grid import build_grid, week_counts
from solver.web.guard import (
    Guard,
    Security,
    csrf_token,
    current_user,
    default_hosts,
    wants_json,
)
from solver.web.headers import SecurityHeaders
from solver.web.health import Health
from solver.web.jobs import Job, JobManager, QueueFull, new_job_id
from solver.web.logins import LoginGuard, Sessions, audit
from solver.web.logs import AUDIT_FILE, AuditTrail, RequestLog
from solver.web.oidc import OidcSettings
from solver.web.oidc import install as install_oidc
from solver.web.oidc import session_user as oidc_session_user
from solver.web.resolve import register_resolve_routes, saved_or_conflict
from solver.web.safety import check_changes
from solver.web.service import (
    DEFAULT_MEMORY_MB,
    JOBS,
    MAX_UPLOAD_BYTES,
    JobOutcome,
    TooLarge,
    job_available,
    join_surrogate_pairs,
    parse_upload,
    plan_text,
    run_job,
    verify_payload,
    verify_scenario,
    with_fix,
)
from solver.web.store import Store, Version, check_slug, slugify

WEB_ALTERNATIVES = 3

HERE = Path(__file__).resolve().parent
FORMAT_MEDIA = {
    "yaml": "application/yaml; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ics": "text/calendar; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


# ---- request size limit -------------------------------------------------------------

class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413 before any parsing: a page
    that says so for a browser (``error_page``), the JSON error for the API."""

    def __init__(self, app: ASGIApp, limit: int,
                 error_page: Any = None) -> None:
        self.app = app
        self.limit = limit
        self.error_page = error_page

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
        if too_big and self.error_page is not None and not wants_json(
                scope.get("path", ""), {k.decode("latin-1").lower(): v.decode("latin-1")
                                        for k, v in scope.get("headers") or []}):
            await self.error_page(Request(scope), self.limit)(scope, receive, send)
            return
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
                "scenario": {"type": "string", "minLength": 1,
                             "maxLength": MAX_UPLOAD_BYTES,
                             # what the YAML reader refuses: control characters but
                             # tab and line breaks, C1 controls but NEL, U+FFFE/FFFF
                             "pattern": "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f"
                                        "\\x7f-\\x84\\x86-\\x9f\\ufffe\\uffff]*$",
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
    429: {"description": "the solve queue is full, or this user has too many jobs "
                         "(see Retry-After)",
          "headers": {"Retry-After": {"schema": {"type": "integer"}}},
          "content": {"application/json": {"schema": ERROR_SCHEMA}}},
    503: {"description": "this job is not installed, or it was cancelled",
          "content": {"application/json": {"schema": ERROR_SCHEMA}}},
    504: {"description": "the solve exceeded its time limit",
          "content": {"application/json": {"schema": ERROR_SCHEMA}}},
    401: {"description": "no valid login or API token",
          "content": {"application/json": {"schema": ERROR_SCHEMA}}},
    403: {"description": "the role does not allow it, or a CSRF/Origin check failed",
          "content": {"application/json": {"schema": ERROR_SCHEMA}}},
    421: {"description": "this server does not answer to this Host name",
          "content": {"application/json": {"schema": ERROR_SCHEMA}}},
}
VERIFY_RESPONSES = {k: v for k, v in API_RESPONSES.items() if k not in (429, 504)}


def typed_responses(kind: str) -> dict[int | str, dict[str, Any]]:
    """The API's answers with the 200 typed by the command's output model (as
    ``stageplan schema KIND`` prints it); verify answers at once (no queue, no limit)."""
    base = VERIFY_RESPONSES if kind in ("verify", "calendar-import") else API_RESPONSES
    return {**base, 200: {"description": f"the command line's --format json output "
                                         f"(stageplan schema {kind})",
                          "model": SCHEMAS[kind]}}


async def read_api_request(request: Request, max_bytes: int
                           ) -> tuple[bytes, str, str, list[str]]:
    """(content, file name, lang, set) from a JSON, multipart or raw YAML body."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    lang, name, changes = "en", "scenario.yaml", []
    if ctype == "multipart/form-data":
        try:
            form = await request.form(max_files=1, max_fields=50)
        except Exception:
            raise InputError(msg("the form could not be read"), field="file") from None
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InputError(msg("no file was sent"), field="file",
                             hint=msg("send the class file in the form field 'file'"))
        raw = await upload.read(max_bytes + 1)
        name = _safe_file_name(upload.filename or name)
        lang = str(form.get("lang") or "en")
        changes = [str(v) for v in form.getlist("set")]
    elif ctype in ("application/json", ""):
        body = await request.body()
        data = load_json(body, "request") if body else None   # bounded like class files
        if not isinstance(data, dict) or not isinstance(data.get("scenario"), str):
            raise InputError(msg("the request needs 'scenario': the class file's text"), "request",
                             field="scenario",
                             hint=msg('{"scenario": "programme: bts-ci\\n...", "lang": "fr"}'))
        raw = data["scenario"].encode("utf-8", "surrogatepass")
        lang = data.get("lang", "en")
        name = _safe_file_name(str(data.get("name") or name))
        changes = data.get("set") or []
        if not isinstance(changes, list) or not all(isinstance(c, str) for c in changes):
            raise InputError(msg("'set' is a list of PATH=VALUE strings"), "request", field="set")
    elif ctype in ("application/yaml", "application/x-yaml", "text/yaml", "text/plain"):
        raw = await request.body()
        lang = request.query_params.get("lang", "en")
    else:
        raise InputError(msg("unsupported content type '{}'", ctype[:60]), "request",
                         hint=msg("send JSON, multipart/form-data or application/yaml"))
    if lang not in LANGS:
        raise InputError(msg("unknown language '{}'", str(lang)[:20]), "request", field="lang",
                         hint=msg("fr or en"))
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
               time_limit: float = 60.0, seed_examples: bool = True, auth: bool = True,
               allowed_hosts: Sequence[str] | None = None, workers: int = 2,
               queue_size: int = 8, per_user: int = 2, abandon_after: float = 30.0,
               secure_cookies: bool = False, memory_limit: int = DEFAULT_MEMORY_MB,
               audit_log: str | Path | None = None, oidc: OidcSettings | None = None
               ) -> FastAPI:
    """The web application over the data folder ``data_dir``.

    ``auth``: log in with the accounts of the data folder (``stageplan user add``);
    False gives every request a local coordinator (``--no-auth``, this machine only:
    the command refuses it for any other address). ``allowed_hosts``: the ``Host``
    names answered (default: localhost). ``workers``/``queue_size``/``per_user``: the
    solve queue (see ``jobs``); ``abandon_after``: seconds after which a page job
    nobody looks at is cancelled; ``memory_limit``: MiB of memory one solve may use
    (0: no limit). ``audit_log``: the audit log's file (default
    ``.stageplan-audit.log`` in the data folder; see ``logs``). ``oidc``: also log in
    through the school's identity provider (``oidc``).
    """
    store = Store(data_dir)
    disk.clean_stale(store.root)   # saves cut short by a server that was killed
    if seed_examples:
        seed(store)
    jobs = JobManager(workers=workers, size=queue_size, per_user=per_user,
                      abandon_after=abandon_after)
    accounts = Accounts(store.root)
    sessions = Sessions(store.root, max_age=12 * 3600)
    trail = AuditTrail(audit_log or store.root / AUDIT_FILE)   # the one audit log
    throttle = LoginGuard(sessions)
    security = Security(accounts if auth else None,
                        list(allowed_hosts) if allowed_hosts is not None
                        else default_hosts("127.0.0.1"), sessions=sessions if auth else None,
                        external=oidc_session_user if oidc is not None else None)
    templates = Jinja2Templates(directory=str(HERE / "templates"))

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # read every class once in the background, so that the first visitors do not
        # wait for the models and calendars to load
        warm = threading.Thread(target=warm_up, name="stageplan-warm-up", daemon=True)
        warm.start()
        yield
        jobs.shutdown()

    def warm_up() -> None:
        with contextlib.suppress(Exception):   # a broken class is its own error row later
            app.openapi()
            for lang in (DEFAULT_LANG, "en"):
                for row in class_rows(lang):
                    if "error" not in row:
                        version, sc, _ = load_version(row["name"])
                        class_view(version, sc, lang)

    # no /docs or /redoc: FastAPI serves them from a CDN; /api-docs is our own page
    app = FastAPI(title="stageplan", version=__version__, lifespan=lifespan, docs_url=None,
                  redoc_url=None,
                  description="Plan and check BTS internship placements: the command "
                  "line's jobs over HTTP. Requests carry the class file (YAML or JSON "
                  "text, or an uploaded file); answers are the command line's JSON.")
    # each add_middleware wraps what is there, so the last added runs first: the body is
    # bounded (BodyLimit) before anything reads it, then the session cookie is decoded,
    # then the guard checks who is asking and what for
    app.add_middleware(Guard, security=security, error_page=lambda request, key, status:
                       page(request, "error.html", {"message": ui(key, request_lang(request))},
                            status))
    app.add_middleware(SessionMiddleware, secret_key=accounts.secret_key(),
                       session_cookie="stageplan_session", max_age=12 * 3600,
                       same_site="strict", https_only=secure_cookies)
    # multipart framing adds a little around the file itself
    app.add_middleware(BodyLimit, limit=max_upload + 64 * 1024, error_page=lambda request,
                       limit: page(request, "error.html", {"message": ui(
                           "web_body_too_large", request_lang(request),
                           kib=limit // 1024)}, 413))
    app.add_middleware(SecurityHeaders)
    # outermost: every request logged (refused ones too), /healthz answered before all
    app.add_middleware(RequestLog, trail=trail)
    app.add_middleware(Health, data_dir=store.root, jobs=jobs)
    app.state.store = store
    writes = Writes(store, 10 * max_upload)
    app.state.writes = writes
    app.state.jobs = jobs
    parses = Parses(total=2 * workers, per_user=per_user)
    app.state.parses = parses
    app.state.security = security

    def route_exists(scope: Scope) -> bool:
        return any(route.matches(scope)[0] == Match.FULL for route in app.router.routes)

    security.route_exists = route_exists
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def page(request: Request, template: str, ctx: dict[str, Any],
             status: int = 200) -> Response:
        lang = request_lang(request)

        def t(key: str, **kw: Any) -> str:
            return ui(key, lang, **kw)

        def tn(key: str, count: int, **kw: Any) -> str:
            return ui_n(key, count, lang, **kw)

        def label(prefix: str, value: object) -> str:
            """A catalogue label for a code (``web_action_extend``), else the code."""
            key = f"{prefix}{value}"
            return ui(key, lang) if key in UI else str(value)

        def iso(value: object) -> str:
            try:
                return fmt_date(dt.date.fromisoformat(str(value)), lang)
            except ValueError:
                return str(value)

        user = current_user(request)
        base = {"request": request, "lang": lang, "t": t, "tn": tn, "fmt_date": fmt_date,
                "csrf_token": csrf_token(request), "user": user, "auth": auth,
                "label": label, "iso": iso,
                "shown": lambda value: shown_value(value, lang),
                "fmt_weeks": fmt_weeks, "route_name": route_name,
                "adjustment_name": adjustment_name, "other_lang": "en" if lang == "fr"
                else "fr", "path": request.url.path, "job_available": job_available}
        response = templates.TemplateResponse(request, template, base | ctx,
                                              status_code=status)
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; img-src 'self' data:; object-src 'none'; "
            "frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        # pages carry student names: not kept by the browser once the user logs out
        response.headers["Cache-Control"] = "no-store"
        if request.query_params.get("lang") in LANGS:
            response.set_cookie("lang", lang, max_age=365 * 86400, samesite="lax")
        return response

    # saved versions never change: what is read from one is kept (a few dozen, the
    # latest used), so that a page is drawn without parsing and verifying again
    parsed: OrderedDict[tuple[str, int, float], tuple[Scenario, str]] = OrderedDict()
    views: OrderedDict[tuple[str, int, float, str], dict[str, Any]] = OrderedDict()

    cache_lock = threading.Lock()   # request threads and the warm-up share the caches

    def remember(cache: OrderedDict[Any, Any], key: Any, value: Any, size: int = 48) -> Any:
        with cache_lock:
            cache[key] = value
            cache.move_to_end(key)
            while len(cache) > size:
                cache.popitem(last=False)
        return value

    def recall(cache: OrderedDict[Any, Any], key: Any) -> Any:
        with cache_lock:
            hit = cache.get(key)
            if hit is not None:
                cache.move_to_end(key)
            return hit

    def load_version(name: str, v: int | None = None) -> tuple[Any, Scenario, str]:
        check_slug(name)
        version = store.get(name, v)
        if version is None:
            raise LookupError(name)
        key = (name, version.number, version.mtime)
        hit = recall(parsed, key)
        if hit is not None:
            return version, hit[0], hit[1]
        text = store.read(version)
        scenario = parse_upload(text.encode("utf-8"), f"{name}.yaml", 10 * max_upload)
        remember(parsed, key, (scenario, text))
        return version, scenario, text

    def class_view(version: Any, sc: Scenario, lang: str) -> dict[str, Any]:
        # the grid draws history before today (the jobs' default --from) apart
        since = default_from(sc)
        key = (version.name, version.number, version.mtime, lang, since)
        hit = recall(views, key)
        if hit is not None:
            return hit
        result = verify_scenario(sc)
        broken = {s.student.id for s in result.students if not s.compliant}
        return remember(views, key, {"result": result,
                                     "grid": build_grid(sc, lang, broken, from_date=since),
                                     "violations": violations_view(result, lang),
                                     "counts": week_counts(sc)})

    summaries: dict[tuple[str, int, float], dict[str, Any]] = {}

    def class_summary(name: str, lang: str = DEFAULT_LANG) -> dict[str, Any]:
        """One row of the home page; a file that cannot be verified is an error row,
        whatever goes wrong (the page itself never fails because of one class)."""
        version = store.get(name)
        if version is None:
            return {"name": name, "version": 0, "saved": None, "label": name,
                    "error": ui("web_not_found", lang)}
        key = (name, version.number, version.mtime)
        cached = summaries.get(key)
        if cached is not None:
            return cached
        info: dict[str, Any] = {"name": name, "version": version.number,
                                "saved": dt.datetime.fromtimestamp(version.mtime),
                                "author": version.author}
        try:
            _, sc, _ = load_version(name)
            res = verify_scenario(sc)
            info.update(label=sc.label or sc.programme.title, programme=sc.programme.id,
                        students=len(sc.students), compliant=res.compliant,
                        broken=sum(1 for s in res.students
                                   if not s.compliant and not s.unplanned),
                        unplanned=sum(1 for s in res.students if s.unplanned),
                        class_broken=any(v.severity == "error"
                                         for v in res.class_violations))
        except InputError as exc:
            info.update(label=name, error=str(exc))
        except Exception as exc:  # a bug of ours on this file: an error row, not a 500
            info.update(label=name, error=ui("web_broken_class", lang,
                                             error=f"{type(exc).__name__}: {exc}"[:300]))
        if len(summaries) > 1000:
            summaries.clear()
        summaries[key] = info
        return info

    def class_rows(lang: str) -> list[dict[str, Any]]:
        return [class_summary(n, lang) for n in store.names() if not archived(store, n)]

    def home_context(lang: str) -> dict[str, Any]:
        from solver.web.importing import import_form_context

        return {"classes": class_rows(lang),
                "archived": [{"name": n, "by": archived_by(store, n)}
                             for n in store.names() if archived(store, n)]
                } | import_form_context()

    def check_verifiable(raw: bytes, display: str) -> Scenario:
        """What the command line would accept, and verify: a file that cannot be verified
        is refused before it is saved (InputError)."""
        scenario = parse_upload(raw, display, max_upload)
        try:
            verify_scenario(scenario)
            build_grid(scenario, DEFAULT_LANG, set())
        except InputError:
            raise
        except Exception as exc:
            raise InputError(msg("this file cannot be verified ({}: {})", type(exc).__name__,
                                 str(exc)[:200]), display,
                             hint=msg("check its dates and numbers; nothing was saved")) from None
        return scenario

    if oidc is not None and auth:
        install_oidc(app, oidc, lambda request, key, status: page(
            request, "error.html", {"message": ui(key, request_lang(request))}, status),
            sessions)

    def not_found(request: Request) -> Response:
        return page(request, "error.html", {"message": ui("web_not_found",
                                                          request_lang(request))}, 404)

    def violations_view(result: VerifyResult, lang: str) -> list[dict[str, Any]]:
        rows = []
        for s in result.students:
            for v in s.findings:
                rows.append({"who": s.student.id, "name": s.student.name or "",
                             "v": v, "message": v.message(lang),
                             "citation": v.rule.render_citation(),
                             "evidence": v.evidence()})
        for v in (*result.class_violations, *result.class_policy):
            rows.append({"who": ui("class", lang), "name": "", "v": v,
                         "message": v.message(lang), "citation": v.rule.render_citation(),
                         "evidence": v.evidence()})
        return rows

    def edit_context_start_job(*args: Any, **kw: Any) -> Response:
        return start_job(*args, **kw)

    edit_context = EditContext(store, page, load_version, edit_context_start_job,
                               max_upload, home_context)

    # ---- pages ------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request) -> Response:
        return page(request, "home.html", home_context(request_lang(request)) | {
            "just_archived": request.query_params.get("archived")})

    # ---- login --------------------------------------------------------------------
    def safe_next(value: object) -> str:
        """Only a path of this site (``/c/x``), never ``//other.site`` or a URL."""
        text = value if isinstance(value, str) else ""
        if not text.startswith("/") or text.startswith("//") or "\\" in text \
                or any(ord(c) < 32 for c in text):
            return "/"
        return text[:500]

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request) -> Response:
        if current_user(request) is not None:
            return RedirectResponse(safe_next(request.query_params.get("next")), 303)
        return page(request, "login.html", {"next": safe_next(
            request.query_params.get("next")), "oidc_label": oidc.label if oidc else None})

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        lang = request_lang(request)
        form = await request.form(max_files=0, max_fields=10)
        name = str(form.get("username") or "")[:64]
        password = str(form.get("password") or "")
        target = safe_next(form.get("next"))
        address = request.client.host if request.client else ""
        wait, delay = throttle.wait(name, address)
        if wait or not throttle.begin(name, address):
            wait = max(wait, 1)
            response = page(request, "login.html", {"next": target, "username": name,
                                                    "error": ui("web_login_wait", lang,
                                                                s=wait)}, 429)
            response.headers["Retry-After"] = str(wait)
            return response
        try:
            if delay:   # a known address after failures: slowed, never refused
                await asyncio.sleep(delay)
            user = await asyncio.to_thread(accounts.authenticate, name, password) \
                if auth else None
        finally:
            throttle.end(name, address)
        if user is None:
            throttle.failed(name, address)
            audit(trail, "login_failed", user=name, client=address,
                  agent=request.headers.get("user-agent", ""))
            return page(request, "login.html", {"next": target, "username": name,
                                                "error": ui("web_login_failed", lang)}, 401)
        throttle.succeeded(name, address)
        sid = sessions.create(user.name, address, request.headers.get("user-agent", ""))
        request.session.clear()  # a new session: no fixation of an old one
        request.session.update({"user": user.name, "stamp": user.stamp, "sid": sid})
        csrf_token(request)
        return RedirectResponse(target, status_code=303)

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request) -> Response:
        sessions.end(request.session.get("sid"))   # the cookie stops working everywhere
        request.session.clear()
        return RedirectResponse("/login", status_code=303)

    def author_of(request: Request) -> str:
        user = current_user(request)
        return user.name if user is not None else ""

    async def _upload(request: Request, existing: str | None) -> Response:
        lang = request_lang(request)
        try:
            form = await request.form(max_files=1, max_fields=10)
        except Exception:
            return page(request, "error.html", {"message": ui("web_bad_form", lang)}, 400)
        upload = form.get("file")
        wanted = str(form.get("name") or "").strip()
        if not isinstance(upload, UploadFile) or not upload.filename:
            return page(request, "home.html", home_context(lang)
                        | {"error": ui("web_no_file", lang)}, 422)
        raw = await upload.read(max_upload + 1)
        display = _safe_file_name(upload.filename)
        try:
            await parses.run(author_of(request), check_verifiable, raw, display)
        except TooLarge as exc:
            return page(request, "home.html", home_context(lang) | {
                "error": input_error_text(exc, lang)}, 413)
        except InputError as exc:
            return page(request, "home.html", home_context(lang) | {
                "error": input_error_text(exc, lang)}, 422)
        text = join_surrogate_pairs(raw).decode("utf-8-sig")
        if existing is not None:   # a new version of the version the page showed
            base = _version_number(form.get("v"))
            latest = store.get(existing)
            return saved_or_conflict(request, edit_context, writes.write(
                existing, base if base is not None else (latest.number if latest else 0),
                text, author_of(request), f"upload of {display}"))
        name = store.free_name(wanted or display)
        version = store.save(name, text, author=author_of(request))
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

    from solver.web.importing import settings_values
    from solver.web.settings_form import ICS_ACCEPT

    @app.get("/c/{name}", response_class=HTMLResponse, include_in_schema=False)
    def class_page(request: Request, name: str, v: int | None = None,
                   saved: int | None = None) -> Response:
        return render_class(request, name, v, saved)

    def render_class(request: Request, name: str, v: int | None = None,
                     saved: int | None = None, settings: Any = None,
                     status: int = 200) -> Response:
        """The class page; ``settings`` (a refused settings form: what was typed and the
        error) replaces the settings form's saved values."""
        lang = request_lang(request)
        try:
            check_slug(name)
            version, sc, _ = load_version(name, v)
        except LookupError:
            return not_found(request)
        except InputError as exc:
            if exc.field == "name":
                return not_found(request)
            return page(request, "error.html", {"message": input_error_text(exc, lang)}, 422)
        try:
            view = class_view(version, sc, lang)
        except Exception as exc:  # a file saved before it was checked like this
            return page(request, "error.html", {"message": ui(
                "web_broken_class", lang, error=f"{type(exc).__name__}: {exc}"[:300])}, 422)
        return page(request, "class.html", view | {
            "archived": archived(store, name),
            "name": name, "version": version, "versions": store.versions(name),
            "latest": store.get(name), "sc": sc,
            "saved": saved, "jobs": {j: job_available(j) for j in JOBS},
            "formats": downloads.available(), "zones": ZONES, "routes": ROUTES,
            "adjustments": ADJUSTMENTS, "pdf": pdf_available(),
            "settings": settings_values(sc, settings), "ics_accept": ICS_ACCEPT}, status)

    edit_context.class_page = render_class

    def queue_full(request: Request, exc: QueueFull, as_json: bool) -> Response:
        lang = "en" if as_json else request_lang(request)
        message = (ui("web_queue_full", lang, s=exc.retry_after) if exc.reason == "queue"
                   else ui("web_user_limit", lang, n=per_user))
        headers = {"Retry-After": str(exc.retry_after)}
        if as_json:
            return JSONResponse({"error": message, "file": None, "line": None,
                                 "field": None, "hint": None, "message": message},
                                status_code=429, headers=headers)
        response = page(request, "error.html", {"message": message}, 429)
        response.headers.update(headers)
        return response

    def start_job(request: Request, name: str, kind: str, v: int | None,
                  args: list[str], context: dict[str, Any]) -> Response:
        try:
            version, sc, text = load_version(name, v)
        except (LookupError, InputError):
            return not_found(request)
        lang = request_lang(request)
        job = Job(new_job_id(), kind, name, version.number, time_limit, context=context,
                  user=author_of(request))
        try:
            jobs.start(job, lambda cancel: run_job(kind, text, name, lang, time_limit, args,
                                                   cancel=cancel, memory_mb=memory_limit))
        except QueueFull as exc:
            return queue_full(request, exc, False)
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.post("/c/{name}/run/{kind}", include_in_schema=False)
    async def run_page_job(request: Request, name: str, kind: str) -> Response:
        if kind not in ("generate", "repair", "explain"):
            return not_found(request)
        form = await request.form(max_files=0, max_fields=6)
        # repair lists other fixes of the same cost too, shown side by side
        args = ["--alternatives", str(WEB_ALTERNATIVES)] if kind == "repair" else []
        # the command's --from (default: today, once the class has started; issue 18): a
        # date typed in the form wins over the choice of today or the training's start
        chosen = (str(form.get("from_date") or "").strip()
                  or str(form.get("from") or "").strip())[:20]
        if chosen:
            try:
                parse_from_text(chosen)
            except ValueError:
                return page(request, "error.html",
                            {"message": ui("gen_bad_from", request_lang(request))}, 422)
            args += ["--from", chosen]
        return start_job(request, name, kind, _version_number(form.get("v")), args, {})

    @app.post("/c/{name}/whatif", include_in_schema=False)
    async def run_whatif(request: Request, name: str) -> Response:
        lang = request_lang(request)
        form = await request.form(max_files=0, max_fields=40)
        fields = {k: str(form.get(k) or "").strip() for k in form}
        try:
            changes = whatif_changes(fields)
        except InputError as exc:
            return page(request, "error.html", {"message": input_error_text(exc, lang)}, 422)
        if not changes:
            return page(request, "error.html", {"message": ui("web_whatif_nothing", lang)}, 422)
        try:
            check_changes(changes)
        except InputError as exc:
            return page(request, "error.html", {"message": str(exc)}, 422)
        args = [a for c in changes for a in ("--set", c)]
        return start_job(request, name, "whatif", _version_number(fields.get("v")), args,
                         {"changes": changes})

    @app.get("/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def job_page(request: Request, job_id: str) -> Response:
        lang = request_lang(request)
        job = jobs.get(job_id)
        if job is None:
            return not_found(request)
        ctx: dict[str, Any] = {"job": job, "name": job.scenario,
                               "abandon_after": int(abandon_after)}
        if job.done and job.outcome is not None and job.outcome.payload is not None:
            try:
                ctx.update(result_view(job, job.outcome, lang))
            except Exception as exc:  # an answer the page cannot draw: its JSON still shows
                ctx.update(payload=job.outcome.payload, after_error=f"{type(exc).__name__}: "
                           f"{exc}"[:300], payload_json=json.dumps(
                               job.outcome.payload, ensure_ascii=False, indent=1)[:20000])
        return page(request, "job.html", ctx)

    def result_view(job: Job, outcome: JobOutcome, lang: str) -> dict[str, Any]:
        payload = outcome.payload or {}
        out: dict[str, Any] = {"payload": payload,
                               "payload_json": json.dumps(payload, ensure_ascii=False,
                                                          indent=1)[:20000]}
        if job.kind == "whatif" and isinstance(payload.get("variants"), list):
            from markupsafe import Markup

            from solver.io.render.whatif_out import whatif_table_html

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
            s.student.id for s in before_res.students if not s.compliant},
            from_date=default_from(before))
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
                    s.student.id for s in res.students if not s.compliant}, before,
                    from_date=default_from(after))
                out["after_ok"] = res.compliant
                out["after_violations"] = violations_view(res, lang)
                out["unchanged"] = text_equal(before, after)
                out["alt_views"] = alternative_views(payload, after, lang)
        return out

    def alternative_views(payload: dict[str, Any], after: Scenario,
                          lang: str) -> list[dict[str, Any]]:
        """Repair's alternatives side by side, each with the school-policy rules it
        breaks (those of the programme's policy and the class's); within a group, the
        fixes that break none come first (issue 20)."""
        policy = {r.id for r in (*after.programme.policy, *after.policy)}
        views = []
        for gi, g in enumerate(payload.get("alternatives") or [], start=1):
            fixes = []
            for f in g.get("fixes", []):
                chosen = with_fix(payload, gi, f["rank"])
                breaks: list[str] = []
                text = plan_text(chosen) if chosen is not None else None
                if text is not None:
                    try:
                        sc = parse_upload(text.encode("utf-8"), "plan.yaml", 10 * max_upload)
                    except InputError:
                        continue
                    res = verify_scenario(sc)
                    breaks = [f"{s.student.id}{colon(lang)}{v.message(lang)}"
                              for s in res.students
                              if s.student.id in g["students"] for v in s.violations
                              if v.rule.id in policy]
                fixes.append({**f, "breaks": breaks})
            fixes.sort(key=lambda f: (bool(f["breaks"]), f["rank"]))
            if len(fixes) > 1:
                views.append({"index": gi, "students": g["students"], "fixes": fixes})
        return views

    def text_equal(a: Scenario, b: Scenario) -> bool:
        return [s.to_dict() for s in a.students] == [s.to_dict() for s in b.students]

    @app.post("/jobs/{job_id}/accept", include_in_schema=False)
    async def accept(request: Request, job_id: str) -> Response:
        job = jobs.get(job_id)
        if job is None or job.outcome is None or job.outcome.payload is None:
            return not_found(request)
        if "accepted" in job.context:  # a second click saves nothing new
            return RedirectResponse(f"/c/{job.scenario}?saved={job.context['accepted']}",
                                    status_code=303)
        payload = job.outcome.payload
        form = await request.form(max_files=0, max_fields=10)
        group, rank = str(form.get("group") or ""), str(form.get("rank") or "")
        if group.isdigit() and rank.isdigit():   # one of repair's alternatives (issue 20)
            chosen = with_fix(payload, int(group), int(rank))
            if chosen is None:
                return not_found(request)
            payload = chosen
        text = plan_text(payload)
        if text is None:
            return not_found(request)
        header = (f"# {job.kind} ({dt.datetime.now():%Y-%m-%d %H:%M}) "
                  f"from version {job.version}\n")
        try:   # saved only if it verifies, like an upload
            check_verifiable((header + text).encode("utf-8"), f"{job.scenario}.yaml")
        except InputError as exc:
            return page(request, "error.html", {"message": ui(
                "web_unverifiable", request_lang(request), error=str(exc))}, 422)
        outcome = writes.write(job.scenario, job.version, header + text,
                               author_of(request), f"{job.kind} (job {job.id})")
        if isinstance(outcome, Version):
            job.context["accepted"] = outcome.number
        return saved_or_conflict(request, edit_context, outcome)

    @app.post("/jobs/{job_id}/cancel", include_in_schema=False)
    def cancel_job(request: Request, job_id: str) -> Response:
        job = jobs.get(job_id)
        if job is None:
            return not_found(request)
        user = current_user(request)
        if job.user and user is not None and user.name != job.user \
                and user.role != "coordinator":
            return page(request, "error.html", {"message": ui(
                "web_forbidden", request_lang(request))}, 403)
        jobs.cancel(job_id)
        return RedirectResponse(f"/jobs/{job_id}", status_code=303)

    @app.post("/c/{name}/archive", include_in_schema=False)
    def archive_class(request: Request, name: str) -> Response:
        try:
            check_slug(name)
        except InputError:
            return not_found(request)
        if store.get(name) is None:
            return not_found(request)
        archive(store, name, author_of(request))
        return RedirectResponse(f"/?archived={name}", status_code=303)

    @app.post("/c/{name}/restore", include_in_schema=False)
    def restore_class(request: Request, name: str) -> Response:
        try:
            check_slug(name)
        except InputError:
            return not_found(request)
        if store.get(name) is None:
            return not_found(request)
        restore(store, name)
        return RedirectResponse(f"/c/{name}", status_code=303)

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
                data = downloads.render(fmt, sc, lang, sequence=version.number)
            except downloads.Unavailable:
                return page(request, "error.html",
                            {"message": ui("web_format_missing", lang, fmt=fmt.upper())}, 503)
            except Exception as exc:  # this class cannot be drawn: say why, not a 500
                return page(request, "error.html", {"message": ui(
                    "web_broken_class", lang, error=f"{type(exc).__name__}: {exc}"[:300])},
                    422)
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
    @app.get("/api/jobs/{job_id}", tags=["jobs"], response_model=JobState,
             responses=ERROR_MODEL_RESPONSES)
    def job_state(job_id: str) -> Response:
        """State of a page job: done, queued, progress (0..1), elapsed seconds."""
        job = jobs.get(job_id)
        if job is None:
            return JSONResponse({"error": "no such job", "file": None, "line": None,
                                 "field": None, "hint": None, "message": "no such job"},
                                status_code=404)
        return JSONResponse(job.state())

    @app.get("/api/scenarios", tags=["scenarios"], response_model=list[ScenarioItem],
             responses=ERROR_MODEL_RESPONSES)
    def list_scenarios() -> Response:
        """The scenarios of the data folder with their saved versions."""
        return JSONResponse([{"name": n, "versions": [v.number for v in store.versions(n)],
                              "archived": archived(store, n)}
                             for n in store.names()])

    async def api_job(request: Request, kind: str) -> Response:
        try:
            raw, name, lang, changes = await read_api_request(request, max_upload)
            scenario = await parses.run(author_of(request), parse_upload, raw, name,
                                        max_upload)
        except TooLarge as exc:
            return input_error_json(exc, 413)
        except InputError as exc:
            return input_error_json(exc)
        if kind == "verify":
            try:
                payload = await parses.run(author_of(request), verify_payload, scenario,
                                           lang)
            except Exception as exc:  # cannot be verified: bad input, not a 500
                return input_error_json(InputError(
                    msg("this file cannot be verified ({}: {})", type(exc).__name__,
                        str(exc)[:200]), name))
            return cli_json(payload)
        if not job_available(kind):
            return JSONResponse({"error": f"the '{kind}' job is not installed"},
                                status_code=503)
        args: list[str] = []
        if kind == "whatif":
            if not changes:
                return input_error_json(InputError(msg("whatif needs at least one change"),
                                                   "request", field="set",
                                                   hint=msg('"set": ["calendar.zone=B"]')))
            try:
                check_changes(changes)
            except InputError as exc:
                return input_error_json(exc)
            args = [a for c in changes[:20] for a in ("--set", str(c)[:500])]
        text = join_surrogate_pairs(raw).decode("utf-8-sig", "replace")
        job = Job(new_job_id(), kind, slugify(name), 0, time_limit, user=author_of(request))
        try:
            jobs.start(job, lambda cancel: run_job(kind, text, slugify(name), lang,
                                                   time_limit, args, cancel=cancel,
                                                   memory_mb=memory_limit),
                       watched=False)
        except QueueFull as exc:
            return queue_full(request, exc, True)
        # wait without holding the event loop; a client that hangs up cancels its job
        while not job.done:
            if await request.is_disconnected():
                jobs.cancel(job.id)
                return Response(status_code=499)
            await asyncio.sleep(0.05)
        outcome = job.outcome
        if job.cancelled or outcome is None:
            return JSONResponse({"error": job.failure or "the job was cancelled"},
                                status_code=500 if job.failure else 503)
        if outcome.timed_out:
            message = ui("web_job_timeout", lang, s=int(time_limit))
            return JSONResponse({"error": message, "file": None, "line": None,
                                 "field": None, "hint": None, "message": message},
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
                 responses=typed_responses(kind))(endpoint)

    add_api("verify", "Check every student's plan (stageplan verify --format json)")
    add_api("generate", "Fill in a compliant calendar (stageplan generate --format json)")
    add_api("repair", "Smallest change making each plan compliant (stageplan repair)")
    add_api("explain", "The rules in conflict (stageplan explain --format json)")
    add_api("whatif", "Run a variant of the scenario (stageplan whatif --set ...)")

    @app.post("/api/calendar/import", tags=["calendars"],
              responses=typed_responses("calendar-import"))
    async def api_calendar_import(request: Request) -> Response:
        """The ministry's ICS school calendar (multipart field 'file', or the raw body as
        text/calendar) as the 'holidays:' list of a class file (stageplan calendar
        import); optional query parameters 'from' and 'to' (YYYY-MM-DD)."""
        from solver.web.calendar_import import import_payload

        try:
            return cli_json(await import_payload(request, max_upload))
        except TooLarge as exc:
            return input_error_json(exc, 413)
        except InputError as exc:
            return input_error_json(exc)

    @app.exception_handler(OSError)
    async def on_write_failure(request: Request, exc: OSError) -> Response:
        """A full disk or a read-only data folder: a page that says so (nothing saved)."""
        key = disk.write_failure_key(exc)
        status = 507 if key == "web_disk_full" else 503
        as_json = wants_json(request.url.path, {k.lower(): v for k, v in
                                                request.headers.items()})
        lang = "en" if as_json else request_lang(request)
        message = ui(key, lang) if key else ui("web_disk_error", lang,
                                               reason=exc.strerror or type(exc).__name__)
        if as_json:
            return JSONResponse({"error": message, "file": None, "line": None,
                                 "field": None, "hint": None, "message": message},
                                status_code=status)
        return page(request, "error.html", {"message": message}, status)

    @app.exception_handler(QueueFull)
    async def on_queue_full(request: Request, exc: QueueFull) -> Response:
        return queue_full(request, exc, wants_json(request.url.path, {
            k.lower(): v for k, v in request.headers.items()}))

    @app.exception_handler(InputError)
    async def on_input_error(request: Request, exc: InputError) -> Response:
        if request.url.path.startswith("/api/"):
            return input_error_json(exc)
        return page(request, "error.html",
                    {"message": input_error_text(exc, request_lang(request))}, 422)

    from solver.web.edit import register_edit_routes

    register_edit_routes(app, edit_context)
    register_resolve_routes(app, edit_context, writes)
    from solver.web.sessions_page import register_session_routes

    register_session_routes(app, edit_context, sessions)
    return app


def whatif_changes(fields: dict[str, str]) -> list[str]:
    """The what-if form's fields as ``PATH=VALUE`` changes for ``stageplan whatif --set``."""
    from solver.web.whatif_form import changes_from_form

    return changes_from_form(fields)
