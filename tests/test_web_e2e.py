"""End to end in a real browser: Debian's Chromium driven by Playwright (no download).

``stageplan serve`` runs in a child process on a free port with a fresh data folder;
the browser opens the example class, sees a violation, repairs, accepts, sees the
class compliant and downloads the XLSX. Screenshots go to ``out/screenshots/``.
Accounts are made with ``stageplan user add`` first: the browser logs in through the
login page, and a request forged without the page's CSRF token is refused.

These tests run in CI. Without Chromium or Playwright they FAIL with a clear message;
set ``STAGEPLAN_SKIP_BROWSER=1`` to skip them on purpose.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "out" / "screenshots"
CHROMIUM = os.environ.get("STAGEPLAN_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EXAMPLE = "bts-ci-plan-2025-2027"
PASSWORD = "mot de passe de test"


def _need_browser() -> None:
    problems = []
    if not Path(CHROMIUM).exists():
        problems.append(f"{CHROMIUM} not found (apt-get install -y chromium)")
    if importlib.util.find_spec("playwright") is None:
        problems.append("the playwright package is missing (pip install '.[test]')")
    if not problems:
        return
    message = "browser tests cannot run: " + "; ".join(problems)
    if os.environ.get("STAGEPLAN_SKIP_BROWSER") == "1":
        pytest.skip(message + " (skipped: STAGEPLAN_SKIP_BROWSER=1)")
    pytest.fail(message + ". Set STAGEPLAN_SKIP_BROWSER=1 to skip them on purpose.",
                pytrace=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    _need_browser()
    data = tmp_path_factory.mktemp("web") / "donnees"
    for name, role in (("coord", "coordinator"), ("lecteur", "viewer")):
        made = subprocess.run([sys.executable, "-m", "solver", "user", "add", name, "--role",
                               role, "--password-stdin", "--data", str(data)],
                              input=PASSWORD + "\n", text=True, capture_output=True, cwd=ROOT)
        assert made.returncode == 0, made.stderr
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "solver", "serve", "--port", str(port),
                             "--data", str(data), "--time-limit", "60"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            if proc.poll() is not None:
                raise RuntimeError(f"stageplan serve exited: {proc.stdout.read()}")  # type: ignore[union-attr]
            try:
                urllib.request.urlopen(url + "/login", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("stageplan serve did not answer within 15 s")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield b
        finally:
            b.close()


def shot(page: Any, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def log_in(page: Any, server: str, name: str, password: str = PASSWORD,
           target: str = "/") -> None:
    page.goto(server + target)
    page.wait_for_selector("#login-form")     # every page asks for a login first
    page.fill("#username", name)
    page.fill("#password", password)
    page.click("#btn-login")
    page.wait_for_selector("#who")


def test_login_then_csrf_and_roles(server: str, browser: Any) -> None:
    page = browser.new_page()
    page.goto(server + f"/c/{EXAMPLE}")
    assert "/login" in page.url and page.locator("#login-form").count() == 1
    page.fill("#username", "coord")
    page.fill("#password", "pas le bon")
    page.click("#btn-login")
    page.wait_for_selector("#login-error")
    assert "mot de passe erroné" in page.locator("#login-error").inner_text()
    page.fill("#username", "coord")
    page.fill("#password", PASSWORD)
    page.click("#btn-login")
    page.wait_for_url(f"**/c/{EXAMPLE}")        # back where the visit began
    cookie = next(c for c in page.context.cookies() if c["name"] == "stageplan_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    token = page.locator('meta[name="csrf-token"]').get_attribute("content")
    assert token
    # the same request, from this logged-in browser: refused without the page's token,
    # or from another origin; accepted with it
    ok = page.request.post(server + "/api/verify", data={"scenario": "programme: bts-ci\n"},
                           headers={"X-CSRF-Token": token})
    assert ok.status == 422                      # reached the check of the file
    assert page.request.post(server + "/api/verify",
                             data={"scenario": "programme: bts-ci\n"}).status == 403
    forged = page.request.post(server + "/api/verify", data={"scenario": "x"},
                               headers={"X-CSRF-Token": token,
                                        "Origin": "http://evil.example"})
    assert forged.status == 403
    page.click("#btn-logout")
    page.wait_for_selector("#login-form")
    page.close()
    viewer = browser.new_page()
    log_in(viewer, server, "lecteur", target=f"/c/{EXAMPLE}")
    assert viewer.locator("#btn-archive").count() == 0
    assert viewer.locator('form[action="/upload"]').count() == 0
    viewer.close()


def test_example_violation_repair_accept_download(server: str, browser: Any,
                                                  tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page.set_default_timeout(90_000)
    log_in(page, server, "coord")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.click(f'a[href="/c/{EXAMPLE}"]')
    page.wait_for_url(f"**/c/{EXAMPLE}")
    status = page.locator("#status")
    assert "non conforme" in status.inner_text()
    assert "ko" in (status.get_attribute("class") or "")
    violations = page.locator("table.viol")
    assert "abroad-block" in violations.inner_text()
    assert "BTS CI, B.1" in violations.inner_text()
    # the grid: S02's abroad weeks carry their dates on hover
    cell = page.locator('tr[data-student="S02"] td.abr').first
    assert "18/05/2026" in (cell.get_attribute("title") or "")
    shot(page, "class-before.png")

    assert page.locator("#btn-repair").is_enabled(), "the repair job is not installed"
    page.click("#btn-repair")
    page.wait_for_selector("#btn-accept")
    assert page.locator("table.grid").count() >= 2  # before and after
    assert "conforme" in page.locator("#after-verdict").inner_text()
    shot(page, "repair.png")
    page.click("#btn-accept")
    page.wait_for_url(f"**/c/{EXAMPLE}?saved=2")
    status = page.locator("#status")
    assert "ok" in (status.get_attribute("class") or "").split()
    assert "Tous les étudiants sont conformes" in status.inner_text()
    path = shot(page, "class.png")
    assert path.stat().st_size > 10_000

    assert page.locator("#dl-xlsx").count() == 1, "the XLSX renderer is not installed"
    with page.expect_download() as info:
        page.click("#dl-xlsx")
    target = tmp_path / "classe.xlsx"
    info.value.save_as(str(target))
    assert target.read_bytes()[:2] == b"PK"
    assert info.value.suggested_filename == f"{EXAMPLE}-v2.xlsx"
    page.close()


def test_english_switch_and_upload_error(server: str, browser: Any, tmp_path: Path) -> None:
    page = browser.new_page()
    log_in(page, server, "coord")
    page.click("#lang-switch")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    bad = tmp_path / "bad.yaml"
    bad.write_text("programme: bts-ci\ncalendar: {zone: Q, start: 2025-09-01, "
                   "end: 2027-06-30}\nstudents: []\n", encoding="utf-8")
    page.set_input_files('input[name="file"]', str(bad))
    page.click("form.upload button[type=submit]")
    page.wait_for_selector(".alert.error")
    text = page.locator(".alert.error").inner_text()
    assert "unknown zone 'Q'" in text and "bad.yaml:2" in text
    page.goto(server + "/?lang=fr")
    page.close()
