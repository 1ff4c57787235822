"""Issue 23: log in through the school's identity provider (OpenID Connect, Authlib),
end to end against a small provider started on 127.0.0.1 (tests/oidc_provider.py):
login, the role mapped from the groups, logout, local accounts still working, refusals
(no group, a replayed or forged callback), the audit log, and ``[login.oidc]`` in
``serve --config``."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

pytest.importorskip("authlib")
from fastapi.testclient import TestClient  # noqa: E402
from oidc_provider import Provider  # noqa: E402
from test_web_api import EXAMPLE_NAME, PASSWORD, SMALL, login  # noqa: E402

from solver.stageplan import main  # noqa: E402
from solver.web.app import create_app  # noqa: E402
from solver.web.auth import Accounts  # noqa: E402
from solver.web.logs import AUDIT_FILE  # noqa: E402
from solver.web.oidc import OidcSettings, role_for  # noqa: E402

ROLES = {"coordinator": ("stageplan/coordinateurs",), "teacher": ("stageplan/enseignants",),
         "viewer": ("stageplan/lecteurs",)}


@pytest.fixture
def provider() -> Iterator[Provider]:
    with Provider() as p:
        yield p


@pytest.fixture
def client(tmp_path: Path, provider: Provider) -> TestClient:
    Accounts(tmp_path / "data").add("coord", "coordinator", PASSWORD)
    settings = OidcSettings(provider.issuer, provider.client_id, provider.client_secret,
                            ROLES, label="l'ENT")
    return TestClient(create_app(tmp_path / "data", time_limit=30,
                                 allowed_hosts=["testserver"], oidc=settings))


def oidc_login(client: TestClient, provider: Provider, **claims: object) -> httpx.Response:
    """The browser's round trip: here -> provider -> callback -> finish."""
    provider.login_as = {"sub": "u-1", **claims}
    start = client.get("/login/oidc", follow_redirects=False)
    assert start.status_code == 302, start.text
    assert start.headers["location"].startswith(provider.issuer + "/authorize?")
    assert "code_challenge=" in start.headers["location"]          # PKCE
    back = httpx.get(start.headers["location"], follow_redirects=False)
    assert back.status_code == 302
    bounce = client.get(back.headers["location"], follow_redirects=False)
    assert bounce.status_code == 200
    finish = re.search(r'url=([^"]+)"', bounce.text)
    assert finish and finish.group(1).startswith("/login/oidc/finish?")
    return client.get(finish.group(1).replace("&amp;", "&"), follow_redirects=False)


def with_csrf(client: TestClient) -> TestClient:
    meta = re.search(r'<meta name="csrf-token" content="([^"]+)"', client.get("/").text)
    assert meta
    client.headers["X-CSRF-Token"] = meta.group(1)
    return client


def test_teacher_logs_in_works_and_logs_out(client: TestClient, provider: Provider,
                                            tmp_path: Path) -> None:
    done = oidc_login(client, provider, preferred_username="alice.martin",
                      groups=["/stageplan/enseignants", "/autre/groupe"])
    assert done.status_code == 303 and done.headers["location"] == "/"
    home = client.get("/")
    assert home.status_code == 200 and "alice.martin (enseignant)" in home.text
    with_csrf(client)
    assert client.post("/api/verify", json={"scenario": SMALL}).status_code == 200
    # a teacher may not do what only a coordinator may
    assert client.post(f"/c/{EXAMPLE_NAME}/archive", follow_redirects=False).status_code \
        == 403
    assert client.post("/logout", follow_redirects=False).status_code == 303
    assert client.get("/", follow_redirects=False).headers["location"].startswith("/login")
    events = [json.loads(line) for line in
              (tmp_path / "data" / AUDIT_FILE).read_text(encoding="utf-8").splitlines()]
    assert [(e["event"], e["user"]) for e in events] == [
        ("login", "alice.martin"), ("solve", "alice.martin"), ("logout", "alice.martin")]
    assert events[0]["role"] == "teacher"


def test_the_highest_mapped_group_wins(client: TestClient, provider: Provider) -> None:
    oidc_login(client, provider, preferred_username="bruno",
               groups=["stageplan/lecteurs", "/stageplan/coordinateurs"])
    assert "bruno (coordinateur)" in client.get("/").text


def test_no_mapped_group_is_refused_and_logs_nobody_in(client: TestClient,
                                                       provider: Provider) -> None:
    done = oidc_login(client, provider, preferred_username="eve", groups=["/eleves"])
    assert done.status_code == 403 and "aucun des groupes" in done.text
    assert client.get("/", follow_redirects=False).status_code == 303   # to the login


def test_a_replayed_or_forged_callback_is_refused(client: TestClient,
                                                  provider: Provider) -> None:
    provider.login_as = {"sub": "u-2", "preferred_username": "mallory",
                         "groups": ["stageplan/coordinateurs"]}
    start = client.get("/login/oidc", follow_redirects=False)
    back = httpx.get(start.headers["location"], follow_redirects=False)
    query = back.headers["location"].split("?", 1)[1]
    forged = re.sub(r"state=[^&]+", "state=forged", query)
    assert client.get("/login/oidc/finish?" + forged).status_code == 401
    # a stranger's browser (no session: no state) cannot use a code it caught
    stranger = TestClient(client.app)
    assert stranger.get("/login/oidc/finish?" + query).status_code == 401
    assert "mallory" not in client.get("/", follow_redirects=True).text


def test_local_accounts_still_work_beside_the_provider(client: TestClient) -> None:
    page = client.get("/login")
    assert "Se connecter avec l'ENT" in html.unescape(page.text) and 'name="password"' in page.text
    login(client, "coord")
    assert "coord (coordinateur)" in client.get("/").text


def test_role_mapping_reads_groups_as_providers_send_them() -> None:
    assert role_for(["/stageplan/enseignants"], ROLES) == "teacher"
    assert role_for("stageplan/lecteurs", ROLES) == "viewer"     # one group as text
    assert role_for(None, ROLES) is None and role_for([], ROLES) is None


def test_serve_config_with_oidc(tmp_path: Path, provider: Provider,
                                monkeypatch: pytest.MonkeyPatch) -> None:
    from solver.web.commands import serve

    seen: dict[str, object] = {}
    monkeypatch.setattr(serve, "run_server", lambda app, *a, **kw: seen.update(app=app))
    conf = tmp_path / "serve.toml"
    base = (f'[server]\ndata = "{tmp_path / "d"}"\n\n[login.oidc]\n'
            f'issuer = "{provider.issuer}"\nclient_id = "stageplan"\n'
            'client_secret = "s3cret"\n')
    conf.write_text(base + '[login.oidc.roles]\nteacher = ["/profs"]\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["serve", "--config", str(conf)])
    assert res.exit_code == 0, res.output   # no local account needed with a provider
    assert f"or through {provider.issuer}" in res.output
    conf.write_text(base + '[login.oidc.roles]\nprincipal = ["/direction"]\n',
                    encoding="utf-8")
    res = CliRunner().invoke(main, ["serve", "--config", str(conf)])
    assert res.exit_code == 2 and "login.oidc.roles.principal" in res.output
