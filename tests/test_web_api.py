"""The web page and JSON API (``stageplan serve``) through FastAPI's test client.

Every endpoint is called; bad uploads (not YAML, too large, wrong fields, a model path,
YAML aliases) get a 4xx with the command line's own message; the API's JSON is the
command line's ``--format json``; saved versions are never overwritten; and a
hypothesis fuzz of the API finds no 500.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import threading
import warnings
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from solver.core.errors import InputError
from solver.web import downloads
from solver.web.app import create_app
from solver.web.auth import Accounts
from solver.web.service import job_available
from solver.web.store import Store, check_slug, slugify
from solver.web.whatif_form import changes_from_form

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "scenarios" / "bts-ci-plan-2025-2027.yaml"
EXAMPLE_NAME = "bts-ci-plan-2025-2027"

SMALL = """programme: bts-ci
label: petite classe
calendar: {zone: A, start: 2025-09-01, end: 2027-06-30}
students:
  - id: A1
    periods:
      - {from: 2026-05-18, weeks: 6, place: abroad, country: DE}
      - {from: 2027-01-04, weeks: 8, place: france}
"""


PASSWORD = "correct horse battery"


def login(client: TestClient, name: str, password: str = PASSWORD) -> TestClient:
    """Log in through the login form (with its CSRF token), then send the new session's
    token on every request as the page's script does (header X-CSRF-Token)."""
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token, form.text[:500]
    r = client.post("/login", data={"username": name, "password": password,
                                    "csrf_token": token.group(1), "next": "/"},
                    follow_redirects=False)
    assert r.status_code == 303, r.text[:500]
    meta = re.search(r'<meta name="csrf-token" content="([^"]+)"', client.get("/").text)
    assert meta
    client.headers["X-CSRF-Token"] = meta.group(1)
    return client


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    Accounts(tmp_path / "data").add("coord", "coordinator", PASSWORD)
    app = create_app(tmp_path / "data", time_limit=30, allowed_hosts=["testserver"])
    return login(TestClient(app), "coord")


def cli_json(*args: str) -> Any:
    out = subprocess.run([sys.executable, "-m", "solver", *args, "--format", "json"],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode in (0, 1), out.stderr
    return json.loads(out.stdout)


# ---- pages --------------------------------------------------------------------------

def test_home_lists_the_seeded_example_in_french(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert '<html lang="fr">' in r.text
    assert f'href="/c/{EXAMPLE_NAME}"' in r.text
    assert "Ajouter une classe" in r.text
    assert "2 non conformes" in r.text


def test_english_switch_sets_a_cookie_that_sticks(client: TestClient) -> None:
    r = client.get("/?lang=en")
    assert '<html lang="en">' in r.text and "Add a class" in r.text
    assert r.cookies.get("lang") == "en"
    again = client.get("/")
    assert '<html lang="en">' in again.text
    back = client.get("/?lang=fr")
    assert '<html lang="fr">' in back.text


def test_class_page_shows_grid_violations_and_citations(client: TestClient) -> None:
    r = client.get(f"/c/{EXAMPLE_NAME}")
    assert r.status_code == 200
    text = r.text
    assert 'data-student="S02"' in text and 'data-student="S07"' in text
    # S02 has 3 weeks abroad from 2026-05-18: orange cells with the period's dates
    row = text.split('data-student="S02"', 1)[1].split("</tr>", 1)[0]
    assert row.count('class="abr') == 3
    assert "18/05/2026 → 05/06/2026" in row
    assert "abroad-block" in text and "BTS CI, B.1" in text
    assert "2 étudiants sur 7 non conformes" in text
    assert re.search(r'class="hol"', text)  # school holidays drawn on the class row


def test_unknown_and_unsafe_class_names_are_404(client: TestClient) -> None:
    for path in ("/c/nope", "/c/..%2F..%2Fetc%2Fpasswd", "/c/UPPER", "/c/a.b",
                 "/c/nope/download/yaml", f"/c/{EXAMPLE_NAME}/download/exe", "/jobs/zzz"):
        r = client.get(path)
        assert r.status_code == 404, path


def test_upload_saves_versions_and_never_overwrites(client: TestClient, tmp_path: Path
                                                    ) -> None:
    r = client.post("/upload", files={"file": ("Ma Classe.yaml", SMALL.encode())},
                    data={"name": ""}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/c/ma-classe?saved=1"
    first = tmp_path / "data" / "ma-classe" / "0001.yaml"
    assert first.read_text() == SMALL
    changed = SMALL.replace("petite classe", "petite classe v2")
    r = client.post("/c/ma-classe/upload", files={"file": ("x.yaml", changed.encode())},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/c/ma-classe?saved=2"
    assert first.read_text() == SMALL
    assert (tmp_path / "data" / "ma-classe" / "0002.yaml").read_text() == changed
    page = client.get("/c/ma-classe?v=1")
    assert "petite classe" in page.text and "version antérieure" in page.text
    # a second upload under the same wanted name gets its own scenario
    r = client.post("/upload", files={"file": ("x.yaml", SMALL.encode())},
                    data={"name": "Ma classe"}, follow_redirects=False)
    assert r.headers["location"] == "/c/ma-classe-2?saved=1"


@pytest.mark.parametrize(("content", "status", "needle"), [
    (b"\x00\x01\x02binary", 422, "binary file"),
    (b"programme: [unclosed", 422, "not valid YAML/JSON"),
    (b"programme: bts-ci\x08\n", 422, "unacceptable character"),  # found by the fuzz test
    (b"- just\n- a list\n", 422, "is a mapping"),
    (SMALL.replace("zone: A", "zone: Q").encode(), 422, "unknown zone 'Q'"),
    (SMALL.replace("place: abroad", "plce: abroad").encode(), 422, "plce"),
    (SMALL.replace("bts-ci", "../../etc/model.yaml").encode(), 422, "built-in programmes"),
    (b"a: " + b"x" * (1024 * 1024 + 10), 413, "larger than"),
])
def test_bad_uploads_are_refused_with_the_cli_message(client: TestClient, tmp_path: Path,
                                                      content: bytes, status: int,
                                                      needle: str) -> None:
    r = client.post("/upload?lang=en", files={"file": ("bad.yaml", content)},
                    follow_redirects=False)
    assert r.status_code == status
    assert needle in html.unescape(r.text)
    assert not (tmp_path / "data" / "bad").exists()


def test_bad_upload_on_the_french_page_says_it_in_french(client: TestClient) -> None:
    r = client.post("/upload", files={"file": ("bad.yaml", SMALL.replace(
        "zone: A", "zone: Q").encode())}, follow_redirects=False)
    assert r.status_code == 422
    text = html.unescape(r.text)
    assert "zone inconnue « Q »" in text and "bad.yaml:3" in text


def test_upload_without_a_file_is_422(client: TestClient) -> None:
    r = client.post("/upload", data={"name": "x"}, follow_redirects=False)
    assert r.status_code == 422 and "aucun fichier" in r.text


def test_download_yaml_is_the_saved_version(client: TestClient) -> None:
    r = client.get(f"/c/{EXAMPLE_NAME}/download/yaml")
    assert r.status_code == 200
    assert r.text == EXAMPLE.read_text(encoding="utf-8")
    assert "attachment" in r.headers["content-disposition"]


@pytest.mark.parametrize("fmt", ["xlsx", "ics", "html"])
def test_other_downloads_come_from_the_renderers(client: TestClient, fmt: str) -> None:
    r = client.get(f"/c/{EXAMPLE_NAME}/download/{fmt}")
    if fmt in downloads.available():
        assert r.status_code == 200 and len(r.content) > 100
        if fmt == "xlsx":
            assert r.content[:2] == b"PK"
        if fmt == "ics":
            assert b"BEGIN:VCALENDAR" in r.content
    else:
        assert r.status_code == 503


# ---- JSON API -----------------------------------------------------------------------

def test_api_verify_is_the_cli_json_for_all_three_body_kinds(client: TestClient) -> None:
    expected = cli_json("verify", str(EXAMPLE), "--lang", "fr")
    text = EXAMPLE.read_text(encoding="utf-8")
    as_json = client.post("/api/verify", json={"scenario": text, "lang": "fr"})
    as_file = client.post("/api/verify", files={"file": ("c.yaml", text.encode())},
                          data={"lang": "fr"})
    as_yaml = client.post("/api/verify?lang=fr", content=text.encode(),
                          headers={"content-type": "application/yaml"})
    for r in (as_json, as_file, as_yaml):
        assert r.status_code == 200
        assert r.json() == expected


@pytest.mark.parametrize(("kwargs", "status", "field"), [
    ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 422, None),
    ({"json": {"lang": "fr"}}, 422, "scenario"),
    ({"json": {"scenario": SMALL, "lang": "de"}}, 422, "lang"),
    ({"json": {"scenario": "programme: bts-ci\n"}}, 422, "calendar"),
    ({"json": {"scenario": SMALL.replace("weeks: 6", "weeks: six")}}, 422,
     "students[0].periods[0].weeks"),
    ({"content": b"x", "headers": {"content-type": "image/png"}}, 422, None),
    ({"files": {"other": ("a.yaml", b"x")}}, 422, "file"),
    ({"content": b"a" * (2 * 1024 * 1024), "headers": {"content-type": "application/yaml"}},
     413, None),
])
def test_api_errors_are_4xx_json_with_file_line_field(client: TestClient, kwargs: Any,
                                                      status: int, field: str | None) -> None:
    r = client.post("/api/verify", **kwargs)
    assert r.status_code == status
    body = r.json()
    assert body["error"]
    if field is not None:
        assert body["field"] == field or body["field"].startswith(field)


def test_api_error_names_the_line(client: TestClient) -> None:
    bad = SMALL.replace("country: DE", "country: DEU")
    r = client.post("/api/verify", json={"scenario": bad, "name": "ma-classe.yaml"})
    assert r.status_code == 422
    body = r.json()
    assert body["line"] == 7 and body["file"] == "ma-classe.yaml"
    assert "ISO 3166" in body["error"]


def test_yaml_alias_bomb_is_refused(client: TestClient) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 8):
        prev = "a" if i == 1 else "b" * (i - 1)
        bomb += f"{'b' * i}: &{'b' * i} [{', '.join(['*' + prev] * 10)}]\n"
    r = client.post("/api/verify", json={"scenario": bomb})
    assert r.status_code == 422 and "values" in r.json()["error"]


def test_openapi_describes_every_job(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for job in ("verify", "generate", "repair", "explain", "whatif"):
        op = spec["paths"][f"/api/{job}"]["post"]
        assert set(op["requestBody"]["content"]) >= {"application/json", "multipart/form-data"}
        assert "422" in op["responses"] and "413" in op["responses"]


def test_api_scenarios_lists_versions(client: TestClient) -> None:
    listed = client.get("/api/scenarios").json()
    # every bundled class file is seeded once (overlays are not classes and stay out)
    classes = sorted(p.stem for p in (ROOT / "scenarios").glob("*.yaml")
                     if "base" not in yaml.safe_load(p.read_text(encoding="utf-8")))
    assert [item["name"] for item in listed] == classes
    assert EXAMPLE_NAME in classes
    assert all(item["versions"] == [1] for item in listed)
    assert client.get("/api/jobs/unknown").status_code == 404


@pytest.mark.parametrize("job", ["generate", "repair", "explain"])
def test_api_jobs_answer_the_cli_json(client: TestClient, job: str) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    r = client.post(f"/api/{job}", json={"scenario": text, "lang": "en"})
    if not job_available(job):
        assert r.status_code == 503
        return
    assert r.status_code == 200, r.text
    # the page's job reads the class from a file of its own: a locked period (history,
    # with generate's default --from) names that file as its source
    got = json.loads(json.dumps(r.json()).replace("scenario.yaml:", f"{EXAMPLE.name}:"))
    assert got == cli_json(job, str(EXAMPLE), "--lang", "en")


def test_api_whatif_needs_a_change(client: TestClient) -> None:
    r = client.post("/api/whatif", json={"scenario": SMALL})
    assert r.status_code == (422 if job_available("whatif") else 503)


def run_page_job(client: TestClient, url: str, data: dict[str, str],
                 seconds: float) -> tuple[str, dict[str, Any]]:
    """Start a page job (the form's POST), wait up to ``seconds`` for it to end; its page
    URL and last state."""
    r = client.post(url, data=data, follow_redirects=False)
    assert r.status_code == 303
    job_url = r.headers["location"]
    job_id = job_url.rsplit("/", 1)[1]
    for _ in range(int(seconds * 10)):
        state = client.get(f"/api/jobs/{job_id}").json()
        if state["done"]:
            break
        threading.Event().wait(0.1)
    return job_url, state


def test_page_repair_job_proposes_and_accept_saves_a_new_version(client: TestClient,
                                                                 tmp_path: Path) -> None:
    job_url, state = run_page_job(client, f"/c/{EXAMPLE_NAME}/run/repair", {"v": "1"}, 60)
    job_id = job_url.rsplit("/", 1)[1]
    page = client.get(job_url)
    if not job_available("repair"):
        assert "pas encore installé" in page.text
        return
    assert not state["failed"], page.text
    assert 'id="btn-accept"' in page.text and "Avant" in page.text and "Après" in page.text
    # the page's jobs plan from today (issue 18): S03's summer of year 1 is history, which
    # no repair can change, and the job says so in the coordinator's words
    assert "déjà effectué par S03" in page.text
    r = client.post(f"/jobs/{job_id}/accept", follow_redirects=False)
    assert r.headers["location"] == f"/c/{EXAMPLE_NAME}?saved=2"
    saved = client.get(r.headers["location"])
    assert "Tous les étudiants sont conformes." not in saved.text and "S03" in saved.text
    assert (tmp_path / "data" / EXAMPLE_NAME / "0001.yaml").read_text(
        encoding="utf-8") == EXAMPLE.read_text(encoding="utf-8")


def test_the_pages_jobs_take_a_typed_from_date(client: TestClient) -> None:
    """One form for repair, generate and explain, with one --from (issue 18): today by
    default, the training's start, or a date typed in the form, which wins."""
    page = client.get(f"/c/{EXAMPLE_NAME}").text
    form = page[page.index('id="jobs-form"'):]
    form = form[:form.index("</form>")]
    assert 'name="from_date"' in form and 'type="date"' in form
    assert 'min="2025-09-01"' in form and 'formaction="/c/' in form
    bad = client.post(f"/c/{EXAMPLE_NAME}/run/generate",
                      data={"v": "1", "from_date": "31/02/2027"}, follow_redirects=False)
    assert bad.status_code == 422 and "--from" in bad.text
    if not job_available("generate"):
        return
    # planned from the training's start, the class gets a calendar; typed as the last
    # week of the training, nothing is left to place the missing weeks in
    start_url, start = run_page_job(client, f"/c/{EXAMPLE_NAME}/run/generate",
                                    {"v": "1", "from": "start"}, 90)
    late_url, late = run_page_job(client, f"/c/{EXAMPLE_NAME}/run/generate",
                                  {"v": "1", "from": "start", "from_date": "2027-06-21"}, 90)
    assert start["done"] and late["done"] and not start["failed"] and not late["failed"]
    assert 'class="conflict"' not in client.get(start_url).text
    assert 'class="conflict"' in client.get(late_url).text


def test_page_whatif_job_shows_the_comparison_table(client: TestClient) -> None:
    job_url, state = run_page_job(client, f"/c/{EXAMPLE_NAME}/whatif",
                                  {"v": "1", "zone": "C"}, 120)
    assert state["done"] and not state["failed"]
    page = client.get(job_url).text
    assert 'id="whatif-table"' in page and "calendar.zone=C" in page
    # one column for the class as it is, one for the variant
    table = page.split('id="whatif-table"', 1)[1].split("</table>", 1)[0]
    assert table.count("<th>") >= 3 and "<script" not in table


def test_whatif_form_refuses_nonsense_before_running(client: TestClient) -> None:
    r = client.post(f"/c/{EXAMPLE_NAME}/whatif", data={"zone": "Z"}, follow_redirects=False)
    assert r.status_code == 422 and "zone" in r.text
    r = client.post(f"/c/{EXAMPLE_NAME}/whatif", data={}, follow_redirects=False)
    assert r.status_code == 422


# ---- pieces -------------------------------------------------------------------------

def test_slugs() -> None:
    assert slugify("Classe BTS CI – Lycée Jean Monnet.yaml") == "classe-bts-ci-lycee-jean-monnet"
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("***") == "classe"
    for bad in ("", "../x", "a/b", "A", "-a", "a" * 64, "a.yaml"):
        with pytest.raises(InputError):
            check_slug(bad)


def test_concurrent_saves_take_distinct_versions(tmp_path: Path) -> None:
    store = Store(tmp_path)
    texts = [f"n: {i}\n" for i in range(16)]
    threads = [threading.Thread(target=store.save, args=("x", t)) for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    versions = store.versions("x")
    assert [v.number for v in versions] == list(range(1, 17))
    assert sorted(store.read(v) for v in versions) == sorted(texts)
    assert not [p for p in (tmp_path / "x").iterdir() if p.name.startswith(".")]


def test_whatif_form_changes() -> None:
    assert changes_from_form({"zone": "B", "student": "S01", "route": "apprentice",
                              "blocked_from": "2026-05-04", "blocked_to": "2026-05-08",
                              "blocked_reason": "CCF", "rule": "", "param": "",
                              "value": ""}) == [
        "calendar.zone=B", "calendar.blocked+={from: 2026-05-04, to: 2026-05-08, "
        "reason: 'CCF'}", "students[S01].route=apprentice"]
    for bad in ({"route": "initial"}, {"blocked_from": "2026-13-01"},
                {"rule": "x", "param": "min"}, {"rule": "x", "param": "__class__",
                                                "value": "$(rm -rf)"}):
        with pytest.raises(InputError):
            changes_from_form(bad)


# ---- fuzz ---------------------------------------------------------------------------

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12),
                    st.floats(allow_nan=False, allow_infinity=False),   # JSON has neither st.text(max_size=12),
                    st.sampled_from(["2026-01-05", "2026-02-30", "bts-ci", "abroad", "A"]))
JSONISH = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(["programme", "calendar", "students", "periods", "id",
                                     "from", "to", "weeks", "zone", "start", "end", "place",
                                     "policy", "kind", "x"]), inner, max_size=5)),
    max_leaves=20)


def _mutations() -> st.SearchStrategy[str]:
    lines = SMALL.splitlines()
    return st.builds(
        lambda i, repl: "\n".join(lines[:i] + [repl] + lines[i + 1:]),
        st.integers(0, len(lines) - 1),
        st.one_of(st.text(max_size=30), st.sampled_from([
            "  - id: A1", "      - {from: 2026-05-18, weeks: 0}", "calendar: {}",
            "policy: [{kind: nope}]", "students: 3", "      - {from: 2026-05-18, to: 2020-01-01}",
            "programme: !!python/object:os.system x", "label: &a [*a]"])))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(body=st.one_of(
    JSONISH.map(lambda d: {"json": d}),
    JSONISH.map(lambda d: {"json": {"scenario": json.dumps(d, default=str)}}),
    _mutations().map(lambda t: {"json": {"scenario": t, "lang": "fr"}}),
    st.binary(max_size=200).map(lambda b: {"content": b,
                                           "headers": {"content-type": "application/yaml"}}),
    st.binary(max_size=200).map(lambda b: {"files": {"file": ("f.yaml", b)}}),
))
def test_fuzz_api_never_answers_500(client: TestClient, body: dict[str, Any]) -> None:
    r = client.post("/api/verify", **body)
    assert r.status_code in (200, 413, 422), (r.status_code, r.text[:500])
    assert isinstance(r.json(), dict)


def test_pages_load_nothing_from_outside(client: TestClient) -> None:
    """No CDN: every script and stylesheet is served by the app (works without internet)."""
    for path in ("/", f"/c/{EXAMPLE_NAME}", "/api-docs", "/c/nope"):
        r = client.get(path)
        assert "default-src 'self'" in r.headers["content-security-policy"]
        for tag in re.findall(r"<(?:script|link|img)[^>]*>", r.text):
            assert not re.search(r"(src|href)=\"(https?:)?//", tag), (path, tag)
    assert client.get("/docs").status_code == 404  # FastAPI's page would use a CDN
    assert client.get("/static/app.js").status_code == 200
    assert "/api/verify" in client.get("/api-docs").text


def test_page_flow_with_a_given_repair_result(client: TestClient, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's own part of repair, whatever the solver: a job's proposed plan is shown
    before/after with its edits, and accepting saves it as a new version."""
    import yaml

    from solver.web import app as web_app
    from solver.web.service import JobOutcome

    fixed = EXAMPLE.read_text(encoding="utf-8").replace(
        "{from: 2026-05-18, to: 2026-06-05, place: abroad, country: ES}",
        "{from: 2026-05-18, to: 2026-06-12, place: abroad, country: ES}").replace(
        "{from: 2026-07-06, weeks: 6, place: france}",
        "{from: 2027-02-01, weeks: 6, place: france}")
    plan = json.loads(json.dumps(yaml.safe_load(fixed), default=str))
    edits = [{"student": "S02", "action": "extend", "period": 0, "from": "2026-05-18",
              "to": "2026-06-12", "weeks_changed": 1}]
    calls: list[tuple[str, str]] = []

    def fake_run_job(job: str, text: str, name: str, lang: str, time_limit: float,
                     args: list[str] | None = None, cancel: Any = None,
                     memory_mb: int = 0) -> JobOutcome:
        calls.append((job, name))
        return JobOutcome(job, 0, {"plan": plan, "edits": edits, "changed_days": 30})

    monkeypatch.setattr(web_app, "run_job", fake_run_job)
    job_url, _ = run_page_job(client, f"/c/{EXAMPLE_NAME}/run/repair", {"v": "1"}, 5)
    job_id = job_url.rsplit("/", 1)[1]
    assert calls == [("repair", EXAMPLE_NAME)]
    page = client.get(job_url).text
    assert 'id="btn-accept"' in page and 'id="edits"' in page
    assert "30 jours ouvrés changent de statut" in page
    # before (S02, S03 broken) and after (all compliant, S02 and S03 flagged changed)
    before, after = page.split("<caption>Avant</caption>")[1].split("<caption>Après</caption>")
    assert before.count('class="dot ko"') == 2
    assert after.count('class="dot ko"') == 0
    assert after.count('class="chg"') == 2
    r = client.post(f"/jobs/{job_id}/accept", follow_redirects=False)
    assert r.headers["location"] == f"/c/{EXAMPLE_NAME}?saved=2"
    assert "Tous les étudiants sont conformes." in client.get(r.headers["location"]).text
    again = client.post(f"/jobs/{job_id}/accept", follow_redirects=False)
    assert again.headers["location"] == r.headers["location"]
    assert not (tmp_path / "data" / EXAMPLE_NAME / "0003.yaml").exists()
    saved = (tmp_path / "data" / EXAMPLE_NAME / "0002.yaml").read_text(encoding="utf-8")
    assert "2026-06-12" in saved
    assert (tmp_path / "data" / EXAMPLE_NAME / "0001.yaml").read_text(
        encoding="utf-8") == EXAMPLE.read_text(encoding="utf-8")


def test_page_repair_alternatives_side_by_side_and_one_chosen(client: TestClient,
                                                               tmp_path: Path) -> None:
    """Issue 20: each alternative with what it breaks of the school policy (none first),
    and a button that saves the plan with that alternative for its students."""
    import re

    import yaml

    # planned from its start: by today the bundled plan's faults are history (issue 18)
    job_url, state = run_page_job(client, f"/c/{EXAMPLE_NAME}/run/repair",
                                  {"v": "1", "from": "start"}, 90)
    assert state["done"] and not state["failed"]
    job_id = job_url.rsplit("/", 1)[1]
    page = client.get(job_url).text
    cards = re.findall(r'id="alt-(\d+)-(\d+)"', page)
    assert len(cards) >= 4, "S02 and S03 have several fixes each"
    # within a group, an alternative that breaks no school rule comes before one that does
    for group in {g for g, _ in cards}:
        order = re.findall(rf'id="alt-{group}-\d+".*?class="badge (ok|warn)"', page, re.S)
        assert order == sorted(order, key=lambda x: x == "warn")
    payload = client.app.state.jobs.get(job_id).outcome.payload  # type: ignore[attr-defined]
    fix = payload["alternatives"][0]["fixes"][-1]
    sid = payload["alternatives"][0]["students"][0]
    assert f'id="btn-accept-1-{fix["rank"]}"' in page
    r = client.post(f"/jobs/{job_id}/accept", data={"group": "1", "rank": str(fix["rank"])},
                    follow_redirects=False)
    assert r.headers["location"] == f"/c/{EXAMPLE_NAME}?saved=2"
    saved = yaml.safe_load((tmp_path / "data" / EXAMPLE_NAME / "0002.yaml").read_text(
        encoding="utf-8"))
    mine = next(s for s in saved["students"] if s["id"] == sid)
    assert [str(p["from"]) for p in mine["periods"]] == [
        str(p["from"]) for p in fix["periods"][sid]]
    assert client.post(f"/jobs/{job_id}/accept", data={"group": "9", "rank": "1"},
                       follow_redirects=False).headers["location"].endswith("saved=2")
