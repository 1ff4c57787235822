"""Server-side sessions, throttling by address and by name, the audit of failed logins.

- a cookie copied before logout is refused after it; a coordinator lists the live
  sessions and ends one (its browser is logged out at once); a teacher may not;
- throttling: many names guessed from one address slow that address (not the others);
  many wrong passwords for one name from elsewhere never refuse the right password
  from an address the user logged in from before (only delay it a little);
- each failed login is one audit line, control characters escaped.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.test_web_edit import PASSWORD, accounts, login, new_app  # noqa: F401

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from solver.web.logs import AUDIT_FILE  # noqa: E402


@pytest.fixture
def app(tmp_path: Path, accounts: Path) -> Any:  # noqa: F811
    application = new_app(tmp_path / "data", accounts, seed_examples=False)
    yield application
    application.state.jobs.shutdown()


def client_at(app: Any, address: str) -> TestClient:
    return TestClient(app, client=(address, 50000))


def try_login(c: TestClient, name: str, password: str) -> int:
    token = re.search(r'name="csrf_token" value="([^"]+)"', c.get("/login").text)
    assert token
    r = c.post("/login", data={"username": name, "password": password,
                               "csrf_token": token.group(1)}, follow_redirects=False)
    return r.status_code


def test_a_copied_cookie_is_refused_after_logout(app: Any) -> None:
    c = login(client_at(app, "10.0.0.1"), "prof")
    assert c.get("/", follow_redirects=False).status_code == 200
    copied = dict(c.cookies)
    thief = client_at(app, "10.6.6.6")
    thief.cookies.update(copied)
    assert thief.get("/", follow_redirects=False).status_code == 200   # before logout
    assert c.post("/logout", follow_redirects=False).status_code == 303
    r = thief.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    fresh = client_at(app, "10.6.6.6")
    fresh.cookies.update(copied)
    assert fresh.get("/api/scenarios").status_code == 401


def test_a_coordinator_lists_and_ends_sessions_a_teacher_may_not(app: Any) -> None:
    prof = login(client_at(app, "10.0.0.2"), "prof")
    coord = login(client_at(app, "10.0.0.3"), "coord")
    assert prof.get("/sessions").status_code == 403
    assert 'id="sessions-link"' in coord.get("/").text
    assert 'id="sessions-link"' not in prof.get("/").text
    page = coord.get("/sessions").text
    rows = re.findall(r'<tr><td>(\w+)</td><td>([\d.]+)</td>', page)
    assert ("prof", "10.0.0.2") in rows and ("coord", "10.0.0.3") in rows
    ids = re.findall(r'name="id" value="(\w+)"', page)
    assert len(ids) == 2
    prof_id = ids[[r[0] for r in rows].index("prof")]
    assert prof.post("/sessions/revoke", data={"id": prof_id}).status_code == 403
    r = coord.post("/sessions/revoke", data={"id": prof_id}, follow_redirects=False)
    assert r.status_code == 303
    assert prof.get("/", follow_redirects=False).status_code == 303   # logged out
    assert coord.get("/", follow_redirects=False).status_code == 200  # not this one
    assert "prof" not in re.findall(r'<tr><td>(\w+)</td>', coord.get("/sessions").text)


def test_names_guessed_from_one_address_slow_that_address_only(app: Any) -> None:
    guesser = client_at(app, "10.9.9.9")
    statuses = [try_login(guesser, f"name{i}", "wrong password") for i in range(25)]
    assert statuses[:20] == [401] * 20 and set(statuses[20:]) == {429}
    # even a right password from that address waits now (it is not known for prof)
    assert try_login(guesser, "prof", PASSWORD) == 429
    # another address is not held up
    assert try_login(client_at(app, "10.1.1.1"), "prof", PASSWORD) == 303


def test_wrong_passwords_never_lock_the_right_one_out_of_a_known_address(app: Any) -> None:
    # prof has logged in from their own machine before
    assert try_login(client_at(app, "10.0.0.7"), "prof", PASSWORD) == 303
    # someone elsewhere guesses prof's password, from several addresses
    for i in range(12):
        try_login(client_at(app, f"10.8.0.{i % 3}"), "prof", "wrong password")
    assert try_login(client_at(app, "10.8.0.9"), "prof", PASSWORD) == 429   # unknown: waits
    # prof, from the known machine: the right password works at once
    assert try_login(client_at(app, "10.0.0.7"), "prof", PASSWORD) == 303
    # and wrong passwords from the known machine only slow it: never a refusal
    known = client_at(app, "10.0.0.7")
    assert [try_login(known, "prof", "typo typo") for _ in range(5)] == [401] * 5
    assert try_login(known, "prof", PASSWORD) == 303


def test_each_failed_login_is_one_audit_line(app: Any) -> None:
    c = client_at(app, "10.2.2.2")
    try_login(c, "prof", "wrong password")
    try_login(c, "bad\x1b[2Jname", "wrong password")
    assert try_login(c, "prof", PASSWORD) == 303
    lines = [ln for ln in (Path(app.state.store.root) / AUDIT_FILE).read_text().splitlines()
             if '"login_failed"' in ln]   # the successful login has its line too (issue 23)
    assert len(lines) == 2
    first, second = (json.loads(ln) for ln in lines)
    assert first["event"] == "login_failed" and first["user"] == "prof"
    assert first["client"] == "10.2.2.2"
    assert second["user"] == "bad\\x1b[2Jname" and "\x1b" not in lines[1]
