"""No lost edit: every writer that starts from a version, raced against every other.

The four writers of the page that start from a version the user saw: an edit form
(``/c/NAME/edit/...``), accepting a job's result (``/jobs/ID/accept``; "forbid a week
and regenerate" ends the same way), uploading a class file as a new version
(``/c/NAME/upload``) and restoring an old version (``/c/NAME/versions/N/restore``).
For every ordered pair, both start from the same version, the first one saves, then
the second one must not replace it: it is answered 409 with what changed; rebasing
then keeps both changes, discarding keeps the first one only. A thread race on the
store checks that exactly one of many simultaneous writes from one version wins.
"""

from __future__ import annotations

import html
import itertools
import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.test_web_edit import SMALL, accounts, login, new_app  # noqa: F401

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from solver.web.conflict import Conflict, Writes, rebase  # noqa: E402
from solver.web.jobs import Job, new_job_id  # noqa: E402
from solver.web.service import JobOutcome  # noqa: E402
from solver.web.store import Store, Version  # noqa: E402

WITH_C3 = SMALL + """  - id: C3
    periods:
      - {from: 2026-05-18, weeks: 5, place: france}
"""
WRITERS = ("edit", "accept", "upload", "restore")


@pytest.fixture
def client(tmp_path: Path, accounts: Path) -> TestClient:  # noqa: F811
    """Class ``petite`` at version 2 (version 1 without student C3, version 2 with)."""
    c = login(TestClient(new_app(tmp_path / "data", accounts, time_limit=30,
                                 seed_examples=False)))
    for text in (SMALL, WITH_C3):
        files = {"file": ("petite.yaml", text.encode(), "application/yaml")}
        if text is SMALL:
            r = c.post("/upload", files=files, data={"name": "petite"},
                       follow_redirects=False)
        else:
            r = c.post("/c/petite/upload", files=files, data={"v": "1"},
                       follow_redirects=False)
        assert r.status_code == 303, r.text[:500]
    return c


def students(client: TestClient) -> dict[str, Any]:
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    latest = store.get("petite")
    assert latest is not None
    data = yaml.safe_load(store.read(latest))
    return {s["id"]: s for s in data["students"]}


def number(client: TestClient) -> int:
    v = client.app.state.store.get("petite")  # type: ignore[attr-defined]
    return int(v.number)


def fake_job(client: TestClient, base: int) -> str:
    """A finished generate job started from version ``base`` whose plan gives B2 a
    second period (the solver itself is not what this test is about)."""
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    version = store.get("petite", base)
    assert version is not None
    plan = yaml.safe_load(store.read(version))
    for s in plan["students"]:
        if s["id"] == "B2":
            s["periods"].append({"from": "2027-01-04", "weeks": 8, "place": "france"})
    plan = yaml.safe_load(yaml.safe_dump(plan))   # dates as the JSON payload has them
    jobs = client.app.state.jobs  # type: ignore[attr-defined]
    job = Job(new_job_id(), "generate", "petite", base, 30, user="coord")
    jobs.start(job, lambda cancel: JobOutcome("generate", 0, payload={"plan": _json(plan)}))
    for _ in range(100):
        if job.done:
            break
        time.sleep(0.02)
    assert job.done and job.outcome is not None
    return job.id


def _json(value: Any) -> Any:
    import json

    return json.loads(json.dumps(value, default=str))


def write(client: TestClient, kind: str, base: int, job_id: str) -> Any:
    """One writer's request, made from version ``base``."""
    if kind == "edit":
        return client.post("/c/petite/edit/student/add", data={
            "sid": "E9", "route": "initial", "adjustment": "none", "v": str(base)},
            follow_redirects=False)
    if kind == "accept":
        return client.post(f"/jobs/{job_id}/accept", follow_redirects=False)
    if kind == "upload":
        store: Store = client.app.state.store  # type: ignore[attr-defined]
        v = store.get("petite", base)
        assert v is not None
        text = store.read(v).replace("Alice Durand", "Alice Martin")
        return client.post("/c/petite/upload", data={"v": str(base)}, files={
            "file": ("petite.yaml", text.encode(), "application/yaml")},
            follow_redirects=False)
    assert kind == "restore"
    return client.post("/c/petite/versions/1/restore", data={"v": str(base)},
                       follow_redirects=False)


def applied(kind: str, by_id: dict[str, Any]) -> bool:
    """Whether writer ``kind``'s change shows in the newest version's students."""
    if kind == "edit":
        return "E9" in by_id
    if kind == "accept":
        return len(by_id["B2"]["periods"]) == 2
    if kind == "upload":
        return by_id["A1"].get("name") == "Alice Martin"
    return "C3" not in by_id   # restoring version 1 removes C3


@pytest.mark.parametrize("first,second", list(itertools.product(WRITERS, WRITERS)))
def test_a_write_from_an_old_version_never_replaces_a_newer_one(
        client: TestClient, first: str, second: str) -> None:
    base = number(client)
    job_id = fake_job(client, base)
    if first == second == "accept":   # two different jobs from the same version
        other = fake_job(client, base)
        r1 = write(client, first, base, other)
    else:
        r1 = write(client, first, base, job_id)
    assert r1.status_code == 303, html.unescape(r1.text)[:400]
    assert number(client) == base + 1
    r2 = write(client, second, base, job_id)
    # nothing replaced the first write, and the user is told
    assert r2.status_code == 409, (r2.status_code, r2.text[:300])
    assert number(client) == base + 1
    assert applied(first, students(client))
    if second == "edit":   # a stale edit form: refused, "reload and make it again"
        assert "v3" in html.unescape(r2.text) or "version 3" in html.unescape(r2.text)
        return
    page = html.unescape(r2.text)
    assert 'id="conflict"' in page and 'id="btn-rebase"' in page and 'id="btn-discard"' \
        in page
    assert re.search(r'id="conflict-versions">.*v3', page, re.S)
    token = re.search(r'name="token" value="([^"]+)"', page)
    assert token
    r3 = client.post("/c/petite/resolve", data={"token": token.group(1),
                                                "choice": "rebase"}, follow_redirects=False)
    assert r3.status_code == 303, html.unescape(r3.text)[:500]
    assert number(client) == base + 2
    by_id = students(client)
    if first == second and first != "accept":
        # the same change twice: present once
        assert applied(first, by_id)
    else:
        assert applied(first, by_id), by_id
        if not (first == "edit" and second == "restore"):
            assert applied(second, by_id), by_id
        else:   # the restore removes C3 and keeps the student added meanwhile
            assert "C3" not in by_id and "E9" in by_id


def test_discard_keeps_the_newest_version_and_the_token_is_single_use(
        client: TestClient) -> None:
    base = number(client)
    assert write(client, "edit", base, "").status_code == 303
    r = write(client, "upload", base, "")
    token = re.search(r'name="token" value="([^"]+)"', r.text)
    assert r.status_code == 409 and token
    r = client.post("/c/petite/resolve", data={"token": token.group(1), "choice": "discard"},
                    follow_redirects=False)
    assert r.status_code == 303 and number(client) == base + 1
    by_id = students(client)
    assert "E9" in by_id and by_id["A1"]["name"] == "Alice Durand"
    again = client.post("/c/petite/resolve", data={"token": token.group(1),
                                                   "choice": "rebase"})
    assert again.status_code == 404 and number(client) == base + 1


def test_the_api_answer_is_a_409_with_the_details(client: TestClient) -> None:
    base = number(client)
    job_id = fake_job(client, base)
    assert write(client, "edit", base, "").status_code == 303
    r = client.post(f"/jobs/{job_id}/accept", headers={"Accept": "application/json"})
    assert r.status_code == 409
    details = r.json()["conflict"]
    assert details["base"] == base and details["latest"] == base + 1
    assert details["added"] == ["E9"] and details["choices"] == ["rebase", "discard"]
    assert [v["number"] for v in details["versions"]] == [base + 1]
    assert details["versions"][0]["author"] == "coord"


def test_after_a_rebase_the_class_page_names_the_students_both_changed(
        client: TestClient) -> None:
    base = number(client)
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    v = store.get("petite", base)
    assert v is not None
    theirs = store.read(v).replace("Alice Durand", "Alice B")
    r = client.post("/c/petite/upload", data={"v": str(base)}, files={
        "file": ("p.yaml", theirs.encode(), "application/yaml")}, follow_redirects=False)
    assert r.status_code == 303
    r = write(client, "upload", base, "")   # also changes A1's name
    token = re.search(r'name="token" value="([^"]+)"', r.text)
    assert r.status_code == 409 and token
    r = client.post("/c/petite/resolve", data={"token": token.group(1), "choice": "rebase"})
    page = html.unescape(r.text)
    assert 'id="rebased"' in page and "A1" in page.split('id="rebased"')[1][:400]
    assert students(client)["A1"]["name"] == "Alice B"   # the saved change was kept


def test_rebase_keeps_a_student_both_changed_as_saved(tmp_path: Path) -> None:
    base = SMALL
    mine = SMALL.replace("weeks: 4", "weeks: 6")          # B2 changed by the write
    theirs = SMALL.replace("weeks: 4", "weeks: 5").replace("Alice Durand", "Alice M")
    text, report = rebase(base, mine, theirs, "petite", 10**7)
    data = yaml.safe_load(text)
    b2 = data["students"][1]
    assert b2["periods"][0]["weeks"] == 5 and report["kept"] == ["B2"]
    assert data["students"][0]["name"] == "Alice M"


def test_simultaneous_writes_from_one_version_exactly_one_wins(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    store.save("petite", SMALL)
    writes = Writes(store, 10**7)
    results: list[Version | Conflict] = []
    start = threading.Barrier(8)

    def one(i: int) -> None:
        start.wait()
        results.append(writes.write("petite", 1, SMALL.replace("petite classe", f"c{i}"),
                                    f"u{i}", "test"))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    won = [r for r in results if isinstance(r, Version)]
    assert len(won) == 1 and len(results) == 8
    assert [v.number for v in store.versions("petite")] == [1, 2]
    assert all(isinstance(r, Conflict) and r.latest == 2 for r in results if r not in won)


def test_the_four_writers_at_once_one_saves_the_others_are_asked(
        client: TestClient, accounts: Path) -> None:  # noqa: F811
    """The four writers, each from its own browser, started at the same moment from the
    same version: exactly one saves; every other is answered 409; after the rebases
    every change is there (the stale edit form is the one the user makes again)."""
    base = number(client)
    job_id = fake_job(client, base)
    browsers = {kind: client if kind == "accept" else login(TestClient(client.app))
                for kind in WRITERS}
    start = threading.Barrier(len(WRITERS))
    answers: dict[str, Any] = {}

    def one(kind: str) -> None:
        start.wait()
        answers[kind] = write(browsers[kind], kind, base, job_id)

    threads = [threading.Thread(target=one, args=(k,)) for k in WRITERS]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    codes = {k: r.status_code for k, r in answers.items()}
    assert sorted(codes.values()) == [303, 409, 409, 409], codes
    assert number(client) == base + 1
    winner = next(k for k, c in codes.items() if c == 303)
    for kind, r in answers.items():
        token = re.search(r'name="token" value="([^"]+)"', r.text)
        if r.status_code == 409 and token:
            done = browsers[kind].post("/c/petite/resolve", data={
                "token": token.group(1), "choice": "rebase"}, follow_redirects=False)
            assert done.status_code == 303, html.unescape(done.text)[:300]
    by_id = students(client)
    for kind in WRITERS:
        if kind == "edit" and winner != "edit":
            assert "E9" not in by_id   # refused: "reload the page and make it again"
        else:
            assert applied(kind, by_id), (kind, winner, by_id)
