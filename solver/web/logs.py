"""What ``stageplan serve`` writes down: a structured request log and an audit log.

The request log is one JSON object a line on the ``stageplan.access`` logger (stderr by
default, or the file ``[log] file`` of the configuration names): time, method, path,
status, milliseconds, user, client address. The audit log answers « who did what »: one
JSON line per login (and failed login), logout, save (upload, import, edit, accept,
rename, restore, archive), solve (the page's and the API's jobs) and download (files and
printed pages), appended to ``.stageplan-audit.log`` in the data folder (or the file the
configuration names) and sent to the ``stageplan.audit`` logger. Neither carries a
password, a token or a class's content: a class appears by its name in the path.

``RequestLog`` is the outermost ASGI layer, so it also sees the requests the guard
refuses (401, 403, 421); it reads the user the guard found, or for a login the one the
session now holds, once the answer is sent.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
import threading
import time
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from solver.core.errors import InputError, msg
from solver.web.guard import USER_KEY
from solver.web.oidc import SESSION_KEY as OIDC_KEY

ACCESS = logging.getLogger("stageplan.access")
AUDIT = logging.getLogger("stageplan.audit")
AUDIT_FILE = ".stageplan-audit.log"

# (method, path pattern, event); the first match wins. ``detail`` is the path's last
# part where it says what (the job's kind, the download's format).
EVENTS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("POST", re.compile(r"^/login$"), "login"),
    ("GET", re.compile(r"^/login/oidc/finish$"), "login"),   # the identity provider's
    ("POST", re.compile(r"^/logout$"), "logout"),
    ("POST", re.compile(r"^/c/(?P<cls>[^/]+)/run/(?P<detail>[a-z]+)$"), "solve"),
    ("POST", re.compile(r"^/c/(?P<cls>[^/]+)/(?P<detail>whatif)$"), "solve"),
    ("POST", re.compile(r"^/api/(?P<detail>verify|generate|repair|explain|whatif)$"), "solve"),
    ("POST", re.compile(r"^/(?P<detail>upload|import)$"), "save"),
    ("POST", re.compile(r"^/c/(?P<cls>[^/]+)/(?P<detail>upload|rename|archive|restore)$"),
     "save"),
    ("POST", re.compile(r"^/c/(?P<cls>[^/]+)/(?P<detail>edit)/"), "save"),
    ("POST", re.compile(r"^/c/(?P<cls>[^/]+)/versions/\d+/(?P<detail>restore)$"), "save"),
    ("POST", re.compile(r"^/jobs/[^/]+/(?P<detail>accept)$"), "save"),
    ("GET", re.compile(r"^/c/(?P<cls>[^/]+)/download/(?P<detail>[a-z]+)$"), "download"),
    ("GET", re.compile(r"^/c/(?P<cls>[^/]+)/(?P<detail>print)(/students)?$"), "download"),
)


class JsonLines(logging.Formatter):
    """A log record as one JSON object: its time, level, logger and fields."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC)
            .isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(), "logger": record.name}
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            data.update(fields)
        else:
            data["message"] = record.getMessage()
        return json.dumps(data, ensure_ascii=False, default=str)


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Standard error as it is when the line is written (not when the server started)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def configure(level: str = "info", file: str | Path | None = None) -> None:
    """Send the ``stageplan`` loggers, as JSON lines, to stderr or to ``file``."""
    try:
        handler: logging.Handler = logging.FileHandler(file, encoding="utf-8") if file \
            else _Stderr()
    except OSError as exc:
        raise InputError(msg("cannot write the log file: {}", exc.strerror), str(file),
                         field="log.file", hint=msg("a folder the server's user may write to")) \
            from None
    handler.setFormatter(JsonLines())
    root = logging.getLogger("stageplan")
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    root.propagate = False


class AuditTrail:
    """The audit log file: JSON lines appended under a lock (requests run on threads)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def write(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, ensure_ascii=False, default=str) + "\n"
        try:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with open(self.path, "a", encoding="utf-8") as fh:
                    fh.write(line)
        except OSError as exc:   # the answer is sent already: say it, lose no request
            AUDIT.error("audit", extra={"fields": {"error": f"cannot write {self.path}: "
                                                            f"{exc.strerror}", **entry}})
            return
        AUDIT.info("audit", extra={"fields": entry})

    def read(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        with open(self.path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]


def audit_event(method: str, path: str, status: int) -> tuple[str, dict[str, str]] | None:
    """The audit event of a finished request (None when it is not one), with the
    class and detail its path names. Refusals are in the request log (a refused login is
    audited by the login route, which knows the name typed)."""
    for m, pattern, event in EVENTS:
        match = pattern.match(path)
        if m == method and match:
            if event == "login":
                # a refused login is written by the login route itself, with the name
                # typed and the address (``logins``)
                return ("login", {}) if status < 400 else None
            if status >= 400:
                return None
            return event, {k: v for k, v in match.groupdict().items() if v}
    return None


def _who(scope: Scope) -> tuple[str | None, str | None]:
    user = scope.get(USER_KEY)
    if user is not None:
        return getattr(user, "name", None), getattr(user, "role", None)
    session = scope.get("session")
    if isinstance(session, dict) and isinstance(session.get("user"), str):
        return session["user"], None     # just logged in: the session now holds them
    external = session.get(OIDC_KEY) if isinstance(session, dict) else None
    if isinstance(external, dict):       # just logged in through the identity provider
        return external.get("name"), external.get("role")
    return None, None


class RequestLog:
    """Outermost layer: one request-log line per request, one audit line per event."""

    def __init__(self, app: ASGIApp, trail: AuditTrail | None) -> None:
        self.app = app
        self.trail = trail

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            method = str(scope.get("method", "GET")).upper()
            path = str(scope.get("path", ""))
            client = (scope.get("client") or ("", 0))[0]
            user, role = _who(scope)
            ACCESS.info("request", extra={"fields": {
                "method": method, "path": path, "status": status,
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "user": user, "client": client}})
            found = audit_event(method, path, status)
            if found is not None and self.trail is not None:
                event, where = found
                self.trail.write({
                    "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "event": event, "user": user, "role": role, "client": client,
                    "path": path, "status": status, **where})
