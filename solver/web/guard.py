"""One gate in front of every request: Host, login, role, CSRF and Origin.

``Guard`` is a plain ASGI middleware placed inside the session middleware, so it sees
every route (pages, the API, routes other modules add) and no route needs to remember
to check anything:

1. the ``Host`` header must name one of the allowed hosts (DNS rebinding: a page of
   another site whose name resolves to this server is refused, 421);
2. the user comes from the session cookie (signed, HttpOnly, SameSite=Strict) or from
   an ``Authorization: Bearer`` API token; ``--no-auth`` gives one local coordinator;
3. ``auth.required_role`` says what the request needs (login page: nothing; GET: a
   viewer; edits: a teacher; delete/archive/accept...: a coordinator);
4. a state-changing request (POST, PUT, PATCH, DELETE) made with the session cookie
   must carry the session's CSRF token (form field ``csrf_token`` or header
   ``X-CSRF-Token``) and, when the browser sends one, an ``Origin`` (else ``Referer``)
   of this very host. A Bearer token is no ambient credential: it is its own proof.

The user is left in ``scope["stageplan.user"]`` for the routes (``current_user``).
"""

from __future__ import annotations

import secrets
import urllib.parse
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from solver.web.auth import SAFE_METHODS, Accounts, User, allows, required_role

USER_KEY = "stageplan.user"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
LOCAL_USER = User("local", "coordinator", "")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

#: (request, message key, status) -> the page or JSON telling the user what is wrong
ErrorPage = Callable[[Request, str, int], Awaitable[Response] | Response]


@dataclass
class Security:
    """What the guard enforces: accounts (None: ``--no-auth``) and the allowed hosts."""

    accounts: Accounts | None
    allowed_hosts: list[str] = field(default_factory=lambda: ["127.0.0.1", "localhost",
                                                              "::1"])
    #: whether a route answers this method and path (else the app says 404/405 itself,
    #: changing nothing: no role or token to check)
    route_exists: Callable[[Scope], bool] = lambda scope: True
    #: the server's live sessions (``logins.Sessions``): a cookie whose session was
    #: ended (logout, revoked by a coordinator) is refused; None: the cookie alone
    sessions: Any = None
    #: the user a login elsewhere put in the session (``web/oidc.py``), if any
    external: Callable[[dict[str, Any]], User | None] | None = None

    def host_allowed(self, host_header: str) -> bool:
        name = host_name(host_header)
        return name is not None and name in {h.lower() for h in self.allowed_hosts}


def host_name(value: str) -> str | None:
    """The host part of a ``Host`` header or a URL's netloc (``[::1]:8000`` -> ``::1``)."""
    value = value.strip().lower()
    if not value or any(c in value for c in "/@ \t\\"):
        return None
    if value.startswith("["):
        end = value.find("]")
        return value[1:end] if end > 0 else None
    if value.count(":") > 1:  # a bare IPv6 address
        return value
    return value.rsplit(":", 1)[0] if ":" in value else value


def current_user(request: Request) -> User | None:
    user = request.scope.get(USER_KEY)
    return user if isinstance(user, User) else None


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made on first use)."""
    session = request.scope.get("session")
    if not isinstance(session, dict):
        return ""
    token = session.get("csrf")
    if not isinstance(token, str) or len(token) < 20:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def wants_json(path: str, headers: dict[str, str]) -> bool:
    return path.startswith("/api/") or path == "/openapi.json" or (
        "application/json" in headers.get("accept", "")
        and "text/html" not in headers.get("accept", ""))


class Guard:
    def __init__(self, app: ASGIApp, security: Security, error_page: ErrorPage) -> None:
        self.app = app
        self.security = security
        self.error_page = error_page

    async def _answer(self, scope: Scope, receive: Receive, send: Send,
                      response: Response | Awaitable[Response]) -> None:
        if not isinstance(response, Response):
            response = await response
        await response(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers") or []}
        path: str = scope.get("path", "")
        method: str = scope.get("method", "GET").upper()
        as_json = wants_json(path, headers)

        def fail(key: str, status: int, extra: dict[str, str] | None = None) -> Response:
            if as_json:
                from solver.i18n.catalog import ui

                message = ui(key, "en")
                return JSONResponse({"error": message, "file": None, "line": None,
                                     "field": None, "hint": None, "message": message},
                                    status_code=status, headers=extra)
            page = self.error_page(request, key, status)
            if isinstance(page, Response) and extra:
                page.headers.update(extra)
            return page  # type: ignore[return-value]

        # 1. the Host header (DNS rebinding)
        if not self.security.host_allowed(headers.get("host", "")):
            await self._answer(scope, receive, send, fail("web_bad_host", 421))
            return
        # 2. who is asking
        user: User | None = None
        bearer = False
        auth_header = headers.get("authorization", "")
        if auth_header[:7].lower() == "bearer ":
            bearer = True
            if self.security.accounts is not None:
                user = self.security.accounts.user_for_token(auth_header[7:].strip())
                if user is None:
                    await self._answer(scope, receive, send, fail(
                        "web_bad_token", 401, {"WWW-Authenticate": "Bearer"}))
                    return
            else:
                user = LOCAL_USER
        elif self.security.accounts is None:
            user = LOCAL_USER
        else:
            session = scope.get("session") or {}
            user = self.security.accounts.session_user(session.get("user"),
                                                       session.get("stamp"))
            if user is None and self.security.external is not None:
                user = self.security.external(session)
            if user is not None and self.security.sessions is not None and \
                    not self.security.sessions.alive(session.get("sid"), user.name):
                user = None   # logged out or revoked: the cookie alone is not enough
            if user is None and session.get("user") is not None:
                session.pop("user", None)  # the account changed: log in again
                session.pop("stamp", None)
                session.pop("sid", None)
        scope[USER_KEY] = user
        if not bearer:
            csrf_token(request)  # every browser session has one from its first page on
        # 3. what the request needs
        needed = required_role(method, path)
        if needed is not None:
            if user is None:
                if as_json or method not in SAFE_METHODS:
                    await self._answer(scope, receive, send, fail(
                        "web_login_required", 401, {"WWW-Authenticate": "Bearer"}))
                    return
                target = path + (f"?{scope['query_string'].decode('latin-1')}"
                                 if scope.get("query_string") else "")
                login = "/login?" + urllib.parse.urlencode({"next": target})
                await self._answer(scope, receive, send,
                                   RedirectResponse(login, status_code=303))
                return
            if method not in SAFE_METHODS and not self.security.route_exists(scope):
                await self.app(scope, receive, send)
                return
            if not allows(user.role, needed):
                await self._answer(scope, receive, send, fail("web_forbidden", 403))
                return
        # 4. CSRF and Origin for state-changing requests made with the cookie
        if method in SAFE_METHODS or bearer:
            await self.app(scope, receive, send)
            return
        if not self._same_origin(headers):
            await self._answer(scope, receive, send, fail("web_bad_origin", 403))
            return
        body = await _read_body(receive)
        replay = _replayer(body, receive)
        sent = headers.get(CSRF_HEADER) or await _form_token(scope, body, headers)
        expected = (scope.get("session") or {}).get("csrf")
        if not (isinstance(sent, str) and isinstance(expected, str) and sent
                and secrets.compare_digest(sent.encode(), expected.encode())):
            await self._answer(scope, replay, send, fail("web_bad_csrf", 403))
            return
        await self.app(scope, _replayer(body, receive), send)

    def _same_origin(self, headers: dict[str, str]) -> bool:
        """An Origin (else Referer) the browser sent must be this host, as asked."""
        origin = headers.get("origin") or headers.get("referer")
        if origin is None:
            return True  # not a browser: the CSRF token still has to match
        if origin == "null":
            return False
        netloc = urllib.parse.urlsplit(origin).netloc.lower()
        host = headers.get("host", "").lower()
        return bool(netloc) and netloc == host and self.security.host_allowed(netloc)


async def _read_body(receive: Receive) -> bytes:
    """The whole request body (its size is capped by the BodyLimit middleware outside)."""
    chunks: list[bytes] = []
    more = True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    return b"".join(chunks)


def _replayer(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _form_token(scope: Scope, body: bytes, headers: dict[str, str]) -> str | None:
    ctype = headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype not in FORM_TYPES:
        return None
    request = Request(scope, _replayer(body, _no_more))
    try:
        form = await request.form(max_files=1, max_fields=200)
    except Exception:  # unreadable form: no token, refused below
        return None
    try:
        value = form.get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    finally:
        await form.close()


async def _no_more() -> Message:
    return {"type": "http.disconnect"}


def default_hosts(bound: str, extra: Iterable[str] = ()) -> list[str]:
    """The host names answered by default: the bound address and this machine's names."""
    import socket

    hosts = ["127.0.0.1", "localhost", "::1", *extra]
    if bound not in ("0.0.0.0", "::", ""):
        hosts.append(bound)
    else:  # the whole network: this machine's names and addresses
        for name in {socket.gethostname(), socket.getfqdn()}:
            hosts.append(name)
            try:
                infos = socket.getaddrinfo(name, None)
            except OSError:
                continue
            hosts.extend(str(info[4][0]) for info in infos)
    seen: dict[str, None] = {}
    for h in hosts:
        if h:
            seen.setdefault(h.lower(), None)
    return list(seen)
