"""Log in through the school's identity provider: OpenID Connect with Authlib.

A school or a rectorate logs its people in through its own provider (an ENT, the
académie's Keycloak, a CAS server with an OIDC bridge). With ``[login.oidc]`` in the
configuration of ``serve`` the login page offers « Se connecter avec … » beside the
local accounts, which keep working. The flow is the authorization code flow with PKCE
and a nonce (Authlib checks the ID token's signature against the provider's keys, its
issuer, audience, expiry and nonce); the user's role comes from the groups the provider
sends (``groups_claim``), mapped in the configuration::

    [login.oidc]
    issuer = "https://sso.ac-exemple.fr/realms/lycees"
    client_id = "stageplan"
    client_secret = "..."
    label = "l'ENT"
    [login.oidc.roles]
    coordinator = ["/stageplan/coordinateurs"]
    teacher = ["/stageplan/enseignants"]
    viewer = ["/stageplan/lecteurs"]

The highest role among the user's groups wins; a user in none of them is refused (403,
nothing in the session). Groups are compared without a leading ``/`` (Keycloak sends
full paths when its mapper says so). The session then holds the user's name and role
for 12 hours, like a local login; logging out clears it here (the provider's own
session is the provider's).

The session cookie is ``SameSite=Strict``, so the browser does not send it with the
provider's redirect back (a navigation from another site): the callback answers a tiny
page that moves on to ``/login/oidc/finish`` from this site, where the cookie, and the
state and nonce it holds, come along.
"""

from __future__ import annotations

import html
import time
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from solver.core.errors import InputError, msg
from solver.web.auth import RANK, ROLES, User

SESSION_KEY = "oidc_user"
SESSION_HOURS = 12
KEYS = ("issuer", "client_id", "client_secret", "scope", "username_claim", "groups_claim",
        "label", "roles")


@dataclass(frozen=True)
class OidcSettings:
    issuer: str
    client_id: str
    client_secret: str
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    scope: str = "openid profile email"
    username_claim: str = "preferred_username"
    groups_claim: str = "groups"
    label: str = "ENT"

    @classmethod
    def from_dict(cls, data: dict[str, Any], file: str | None = None) -> OidcSettings:
        """Settings from ``[login.oidc]``, every key checked (exit 2 with the key)."""
        for key in data:
            if key not in KEYS:
                raise InputError(msg("unknown key '{}' in [login.oidc]", key), file, None,
                                 f"login.oidc.{key}", hint=msg("keys: {}", ", ".join(KEYS)))
        for key in ("issuer", "client_id", "client_secret"):
            if not isinstance(data.get(key), str) or not data[key]:
                raise InputError(msg("[login.oidc] needs '{}'", key), file, None,
                                 f"login.oidc.{key}")
        if not data["issuer"].startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise InputError(msg("the issuer must be an https:// address"), file, None,
                             "login.oidc.issuer", data["issuer"])
        roles = data.get("roles", {})
        if not isinstance(roles, dict) or not roles:
            raise InputError(msg("[login.oidc.roles] must map roles to the provider's groups"),
                             file, None, "login.oidc.roles",
                             hint=msg('coordinator = ["/stageplan/coordinateurs"]'))
        mapped: dict[str, tuple[str, ...]] = {}
        for role, groups in roles.items():
            if role not in ROLES:
                raise InputError(msg("unknown role '{}'", role), file, None,
                                 f"login.oidc.roles.{role}", hint=msg("one of: {}",
                                                                      ", ".join(ROLES)))
            if not isinstance(groups, list) or not all(isinstance(g, str) for g in groups):
                raise InputError(msg("a role maps to a list of group names"), file, None,
                                 f"login.oidc.roles.{role}", groups)
            mapped[role] = tuple(g.lstrip("/") for g in groups)
        extra = {k: data[k] for k in ("scope", "username_claim", "groups_claim", "label")
                 if k in data}
        for key, value in extra.items():
            if not isinstance(value, str) or not value:
                raise InputError(msg("'{}' must be text", key), file, None, f"login.oidc.{key}",
                                 value)
        return cls(data["issuer"], data["client_id"], data["client_secret"], mapped, **extra)


def role_for(groups: Any, roles: dict[str, tuple[str, ...]]) -> str | None:
    """The highest role one of ``groups`` is mapped to (None: no role at all)."""
    if isinstance(groups, str):
        groups = [groups]
    if not isinstance(groups, list):
        return None
    names = {str(g).lstrip("/") for g in groups}
    found = [role for role, wanted in roles.items() if names & set(wanted)]
    return max(found, key=RANK.__getitem__) if found else None


def session_user(session: dict[str, Any]) -> User | None:
    """The user an OIDC login put in the session, while it lasts."""
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    name, role, until = data.get("name"), data.get("role"), data.get("until")
    if not isinstance(name, str) or role not in ROLES or not isinstance(until, (int, float)) \
            or until < time.time():
        session.pop(SESSION_KEY, None)
        return None
    return User(name=name, role=str(role), stamp="oidc")


def install(app: Any, settings: OidcSettings, refused: Any, sessions: Any = None) -> None:
    """The three routes of the login: start, the provider's callback, finish.
    ``refused(request, message_key, status)`` draws the error page; ``sessions`` (the
    server's live sessions, ``logins.Sessions``) gets a session for each login, so that a
    logout or a coordinator's revocation ends it as it ends a local account's."""
    from authlib.integrations.starlette_client import OAuth, OAuthError

    oauth = OAuth()
    client = oauth.register(
        "school", client_id=settings.client_id, client_secret=settings.client_secret,
        server_metadata_url=settings.issuer.rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": settings.scope, "code_challenge_method": "S256"})

    @app.get("/login/oidc", include_in_schema=False)
    async def oidc_start(request: Request) -> Response:
        callback = str(request.url_for("oidc_callback"))
        try:
            answer: Response = await client.authorize_redirect(request, callback)
        except Exception:   # the provider cannot be reached or says nonsense
            return refused(request, "web_oidc_unreachable", 502)
        return answer

    @app.get("/login/oidc/callback", include_in_schema=False, name="oidc_callback")
    async def oidc_callback(request: Request) -> Response:
        target = "/login/oidc/finish?" + request.url.query
        quoted = html.escape(target, quote=True)
        page = (f'<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" '
                f'content="0;url={quoted}"><title>stageplan</title>'
                f'<p><a href="{quoted}">stageplan</a></p>')
        return HTMLResponse(page, headers={"Cache-Control": "no-store",
                                           "Referrer-Policy": "no-referrer"})

    @app.get("/login/oidc/finish", include_in_schema=False)
    async def oidc_finish(request: Request) -> Response:
        try:
            token = await client.authorize_access_token(request)
        except OAuthError:
            return refused(request, "web_oidc_failed", 401)
        except Exception:
            return refused(request, "web_oidc_unreachable", 502)
        claims = dict(token.get("userinfo") or {})
        name = claims.get(settings.username_claim) or claims.get("sub")
        role = role_for(claims.get(settings.groups_claim), settings.roles)
        if not isinstance(name, str) or not name:
            return refused(request, "web_oidc_failed", 401)
        if role is None:
            return refused(request, "web_oidc_no_role", 403)
        request.session.clear()   # a new session: no fixation of an old one
        request.session[SESSION_KEY] = {"name": name[:64], "role": role,
                                        "until": time.time() + SESSION_HOURS * 3600}
        if sessions is not None:
            address = request.client.host if request.client else ""
            request.session["sid"] = sessions.create(
                name[:64], address, request.headers.get("user-agent", ""))
        return RedirectResponse("/", status_code=303)
