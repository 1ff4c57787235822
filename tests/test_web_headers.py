"""The minor items of issue 22: headers on every answer, an oversized form answered with
a page, the OpenAPI ``scenario`` field as strict as the YAML reader."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from tests.test_web_edit import SMALL, accounts, login, new_app  # noqa: F401

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402


@pytest.fixture
def client(tmp_path: Path, accounts: Path) -> TestClient:  # noqa: F811
    c = login(TestClient(new_app(tmp_path / "data", accounts, seed_examples=False,
                                 max_upload=64 * 1024)))
    r = c.post("/upload", files={"file": ("petite.yaml", SMALL.encode())},
               data={"name": "petite"}, follow_redirects=False)
    assert r.status_code == 303
    return c


def test_every_answer_has_referrer_policy_and_nosniff(client: TestClient) -> None:
    for path in ("/", "/c/petite", "/c/petite/download/yaml", "/c/petite/print",
                 "/api/scenarios", "/static/style.css", "/nowhere"):
        r = client.get(path)
        assert r.headers.get("referrer-policy") == "same-origin", path
        assert r.headers.get("x-content-type-options") == "nosniff", path


def test_print_pages_and_downloads_are_not_kept(client: TestClient) -> None:
    for path in ("/c/petite/print", "/c/petite/print/students",
                 "/c/petite/download/yaml", "/c/petite/download/ics"):
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers.get("cache-control") == "no-store", path
    assert client.get("/static/style.css").headers.get("cache-control") != "no-store"


def test_an_oversized_form_is_answered_with_a_page(client: TestClient) -> None:
    big = b"x" * (200 * 1024)
    r = client.post("/c/petite/upload", files={"file": ("petite.yaml", big)},
                    data={"v": "1"}, headers={"Accept": "text/html"})
    assert r.status_code == 413 and r.headers["content-type"].startswith("text/html")
    assert "Kio" in html.unescape(r.text) and 'role="alert"' in r.text
    api = client.post("/api/verify", content=big, headers={
        "Content-Type": "application/yaml"})
    assert api.status_code == 413 and api.json()["error"]


def test_openapi_scenario_field_is_as_strict_as_the_reader(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    body = spec["paths"]["/api/verify"]["post"]["requestBody"]["content"]
    field = body["application/json"]["schema"]["properties"]["scenario"]
    assert field["minLength"] == 1 and field["maxLength"] >= 64 * 1024
    pattern = re.compile(field["pattern"])
    assert pattern.match(SMALL) and pattern.match("nom: Élodie\tN'Diaye\r\n")
    for bad in ("programme: bts-ci\x08\n", "a\x00", "a\x7f", "a\x9f", "a\ufffe"):
        assert not pattern.match(bad)
        r = client.post("/api/verify", json={"scenario": bad})
        assert r.status_code == 422, repr(bad)
