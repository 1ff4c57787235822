"""Issue 23, operations: /healthz without a login, the structured request log, the
audit log of logins, saves, solves and downloads, and ``serve --config serve.toml``."""

from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402
from test_web_api import EXAMPLE_NAME, PASSWORD, SMALL, login  # noqa: E402

from solver.stageplan import main  # noqa: E402
from solver.web.app import create_app  # noqa: E402
from solver.web.auth import Accounts  # noqa: E402
from solver.web.logs import AUDIT_FILE, JsonLines, audit_event  # noqa: E402


def make(tmp_path: Path) -> TestClient:
    Accounts(tmp_path / "data").add("coord", "coordinator", PASSWORD)
    return TestClient(create_app(tmp_path / "data", time_limit=30,
                                 allowed_hosts=["testserver"]))


def test_healthz_needs_no_login_and_says_when_saves_would_fail(tmp_path: Path) -> None:
    client = make(tmp_path)
    assert client.get("/", follow_redirects=False).status_code == 303   # the page: login
    r = client.get("/healthz", headers={"host": "10.0.0.7:8000"})   # a probe's Host
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "ok" and body["data_writable"] is True
    assert body["jobs"]["workers"] == 2 and "version" in body
    assert "coord" not in r.text and EXAMPLE_NAME not in r.text   # nothing private
    shutil.rmtree(tmp_path / "data")
    r = client.get("/healthz")
    assert r.status_code == 503 and r.json()["status"] == "unavailable"


def test_audit_log_says_who_logged_in_saved_solved_and_downloaded(tmp_path: Path) -> None:
    client = make(tmp_path)
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token
    bad = client.post("/login", data={"username": "coord", "password": "wrong password",
                                      "csrf_token": token.group(1), "next": "/"})
    assert bad.status_code == 401
    login(client, "coord")
    assert client.post("/upload", files={"file": ("Ma Classe.yaml", SMALL.encode())},
                       follow_redirects=False).status_code == 303
    assert client.post("/api/verify", json={"scenario": SMALL}).status_code == 200
    assert client.get(f"/c/{EXAMPLE_NAME}/download/xlsx").status_code == 200
    assert client.get("/c/nothing-here/download/xlsx").status_code == 404   # not audited
    client.post("/logout", follow_redirects=False)
    lines = (tmp_path / "data" / AUDIT_FILE).read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    got = [(e["event"], e["user"], e.get("detail"), e.get("cls")) for e in entries]
    # the refused login names the name typed (the login route writes it, issue 22)
    assert got == [("login_failed", "coord", None, None), ("login", "coord", None, None),
                   ("save", "coord", "upload", None), ("solve", "coord", "verify", None),
                   ("download", "coord", "xlsx", EXAMPLE_NAME), ("logout", "coord", None,
                                                                 None)]
    assert all(e["time"].endswith("+00:00") for e in entries)
    assert PASSWORD not in "\n".join(lines) and "wrong password" not in "\n".join(lines)


def test_every_request_is_one_json_log_line(tmp_path: Path,
                                            caplog: pytest.LogCaptureFixture) -> None:
    client = make(tmp_path)
    with caplog.at_level(logging.INFO, logger="stageplan.access"):
        refused = client.get("/c/x", follow_redirects=False)   # not logged in
        client.get("/healthz")                                 # answered before the log
    records = [r for r in caplog.records if r.name == "stageplan.access"]
    fields = [r.fields for r in records]   # type: ignore[attr-defined]
    assert [(f["method"], f["path"], f["status"]) for f in fields] == \
        [("GET", "/c/x", refused.status_code)]
    line = json.loads(JsonLines().format(records[0]))
    assert line["logger"] == "stageplan.access" and line["path"] == "/c/x"
    assert isinstance(line["ms"], float) and line["user"] is None


def test_audit_events_are_the_listed_ones() -> None:
    assert audit_event("POST", "/c/cls/run/generate", 303) == \
        ("solve", {"cls": "cls", "detail": "generate"})
    assert audit_event("POST", "/jobs/ab12/accept", 303) == ("save", {"detail": "accept"})
    assert audit_event("GET", "/c/cls/print/students", 200) == \
        ("download", {"cls": "cls", "detail": "print"})
    assert audit_event("GET", "/c/cls", 200) is None                 # a page view
    assert audit_event("POST", "/c/cls/run/generate", 403) is None   # refused: request log


# ---- serve --config -------------------------------------------------------------------

@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What serve would run: its server loop (``run_server``) replaced by a recorder."""
    from solver.web.commands import serve

    seen: dict[str, Any] = {}

    def run(app: Any, host: str, port: int, **kw: Any) -> None:
        seen.update(app=app, host=host, port=port)

    monkeypatch.setattr(serve, "run_server", run)
    return seen


def test_serve_reads_its_configuration_file(tmp_path: Path, served: dict[str, Any]) -> None:
    data = tmp_path / "donnees"
    Accounts(data).add("coord", "coordinator", PASSWORD)
    audit = tmp_path / "logs" / "audit.log"
    conf = tmp_path / "serve.toml"
    conf.write_text(f'[server]\nhost = "127.0.0.1"\nport = 8123\ndata = "{data}"\n'
                    'allowed_hosts = ["stageplan.lycee.fr"]\n\n'
                    '[limits]\nworkers = 3\nqueue_size = 5\nper_user = 1\ntime_limit = 20\n\n'
                    f'[log]\nlevel = "warning"\naudit = "{audit}"\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["serve", "--config", str(conf), "--port", "8124"])
    assert res.exit_code == 0, res.output
    assert served["port"] == 8124            # the command line wins
    assert served["host"] == "127.0.0.1"
    jobs = served["app"].state.jobs
    assert (jobs.workers, jobs.size, jobs.per_user) == (3, 5, 1)
    assert "stageplan.lycee.fr" in res.output and str(data.resolve()) in res.output
    client = TestClient(served["app"], base_url="http://stageplan.lycee.fr")
    login(client, "coord")
    assert json.loads(audit.read_text(encoding="utf-8").splitlines()[-1])["event"] == "login"


def test_a_log_file_that_cannot_be_written_exits_2(tmp_path: Path,
                                                   served: dict[str, Any]) -> None:
    conf = tmp_path / "serve.toml"
    conf.write_text(f'[server]\ndata = "{tmp_path / "d"}"\n[login]\nno_auth = true\n'
                    f'[log]\nfile = "{tmp_path / "no" / "such" / "dir.log"}"\n',
                    encoding="utf-8")
    res = CliRunner().invoke(main, ["serve", "--config", str(conf)])
    assert res.exit_code == 2 and "field 'log.file'" in res.output, res.output
    assert not served


@pytest.mark.parametrize("text, line, field", [
    ('[server]\nhost = "127.0.0.1"\nprot = 8000\n', 3, "server.prot"),
    ('[limits]\nworkers = "two"\n', 2, "limits.workers"),
    ('[limits]\n\nworkers = 0\n', 3, "limits.workers"),
    ('[log]\nlevel = "chatty"\n', 2, "log.level"),
    ('[sever]\nport = 1\n', 1, "sever"),
    ('[server]\nport = \n', 2, None),
])
def test_a_bad_configuration_exits_2_with_line_and_key(tmp_path: Path, served: dict[str, Any],
                                                       text: str, line: int,
                                                       field: str | None) -> None:
    conf = tmp_path / "serve.toml"
    conf.write_text(text, encoding="utf-8")
    res = CliRunner().invoke(main, ["serve", "--config", str(conf)])
    assert res.exit_code == 2, res.output
    assert f"serve.toml:{line}" in res.output and "Traceback" not in res.output
    if field:
        assert f"field '{field}'" in res.output
    assert not served
