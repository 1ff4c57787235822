"""End to end in a real browser: Debian's Chromium driven by Playwright (no download).

``stageplan serve`` runs in a child process on a free port with a fresh data folder.
Accounts are made with ``stageplan user add`` first: the browser logs in through the
login page (every test does), and a request forged without the page's CSRF token, or
from another origin, is refused; a viewer sees no editing control. Then the browser
opens the example class, sees a violation, repairs (from today: what is history stays),
accepts, sees what the repair fixed and downloads the XLSX. Screenshots go to ``out/screenshots/``.

A further test walks a coordinator's edits: import a class list (CSV), generate, lock a
period (with its company and tutor when the loader knows period details), forbid a week
and regenerate around it, delete a student, restore the previous version, download the
XLSX and the ICS and read them back, and take a print-view screenshot. axe-core (shipped
by the ``axe-playwright-python`` package, no network) runs on every page, the login page
included, and finds no serious or critical violation.

These tests run in CI. Without Chromium or Playwright they FAIL with a clear message;
set ``STAGEPLAN_SKIP_BROWSER=1`` to skip them on purpose.
"""

from __future__ import annotations

import datetime as dt
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
    context = browser.new_context(bypass_csp=True)   # bypass: to inject axe-core
    page = context.new_page()
    page.goto(server + f"/c/{EXAMPLE}")
    assert "/login" in page.url and page.locator("#login-form").count() == 1
    axe_clean(page, "login page")
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
    context.close()
    viewer = browser.new_page()
    log_in(viewer, server, "lecteur", target=f"/c/{EXAMPLE}")
    assert viewer.locator("#btn-archive").count() == 0
    assert viewer.locator('form[action="/upload"]').count() == 0
    # nor the editing pages' controls: no week form, no student form, no rename
    for control in ("#week-form", "#student-add", "#rename-form", "#import-form"):
        assert viewer.locator(control).count() == 0, control
    viewer.goto(server + f"/c/{EXAMPLE}/student?id=S02")
    assert viewer.locator("form.period-form").count() == 0
    assert viewer.locator("#btn-student-delete").count() == 0
    viewer.close()


def test_example_violation_repair_accept_download(server: str, browser: Any,
                                                  tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 900},
                                  accept_downloads=True, bypass_csp=True)
    page = context.new_page()
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
    # the page plans from today (issue 18): S03's summer of year 1 is a placement already
    # done, which no repair changes, and the job says so in the coordinator's words
    assert "déjà effectué par S03" in page.content()
    shot(page, "repair.png")
    axe_clean(page, "repair job")
    page.click("#btn-accept")
    page.wait_for_url(f"**/c/{EXAMPLE}?saved=2")
    status = page.locator("#status")
    assert "ko" in (status.get_attribute("class") or "").split()
    violations = page.locator("table.viol").inner_text()
    assert "abroad-block" not in violations and "summer-rest" in violations
    path = shot(page, "class.png")
    assert path.stat().st_size > 10_000

    assert page.locator("#dl-xlsx").count() == 1, "the XLSX renderer is not installed"
    with page.expect_download() as info:
        page.click("#dl-xlsx")
    target = tmp_path / "classe.xlsx"
    info.value.save_as(str(target))
    assert target.read_bytes()[:2] == b"PK"
    assert info.value.suggested_filename == f"{EXAMPLE}-v2.xlsx"
    axe_clean(page, "example class page")
    context.close()


def test_english_switch_and_upload_error(server: str, browser: Any, tmp_path: Path) -> None:
    context = browser.new_context(bypass_csp=True)   # bypass: to inject axe-core
    page = context.new_page()
    log_in(page, server, "coord")
    page.click("#lang-switch")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    axe_clean(page, "home (English)")
    bad = tmp_path / "bad.yaml"
    bad.write_text("programme: bts-ci\ncalendar: {zone: Q, start: 2025-09-01, "
                   "end: 2027-06-30}\nstudents: []\n", encoding="utf-8")
    page.set_input_files('form[action="/upload"] input[name="file"]', str(bad))
    page.click('form[action="/upload"] button[type=submit]')
    page.wait_for_selector(".alert.error")
    text = page.locator(".alert.error").inner_text()
    assert "unknown zone 'Q'" in text and "bad.yaml:2" in text
    axe_clean(page, "upload error (English)")
    page.goto(server + "/accessibilite")
    assert "Accessibility statement" in page.inner_text("h1")
    page.goto(server + "/?lang=fr")
    context.close()


# ---- editing in the page, accessibility ----------------------------------------------

CLASS_LIST = """Nom;Prénom;Identifiant;Statut
Leroy;Emma;E1;scolaire
Moreau;Hugo;E2;scolaire
Garnier;Inès;E3;apprenti
"""


def axe_path() -> Path:
    import axe_playwright_python

    return Path(axe_playwright_python.__file__).parent / "axe.min.js"


def axe_clean(page: Any, where: str) -> None:
    """axe-core on the page as it is: no serious or critical WCAG A/AA violation."""
    page.add_script_tag(path=str(axe_path()))
    result = page.evaluate("""async () => await axe.run(document, {resultTypes: ['violations'],
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})""")
    bad = [v for v in result["violations"] if v.get("impact") in ("serious", "critical")]
    summary = [(v["id"], v["impact"], len(v["nodes"]), v["nodes"][0]["target"])
               for v in bad]
    assert not bad, f"axe on {where}: {summary}"


def test_edit_in_the_page_generate_lock_delete_restore_download(
        server: str, browser: Any, tmp_path: Path) -> None:
    import icalendar
    import openpyxl

    context = browser.new_context(viewport={"width": 1366, "height": 900},
                                  accept_downloads=True, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(90_000)
    log_in(page, server, "coord", target="/?lang=fr")
    axe_clean(page, "home")
    # the keyboard: the first Tab reaches the skip link, which leads to the content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    # import the class list a school's software exports (CSV, Windows-1252, ';')
    upload = tmp_path / "liste-eleves.csv"
    upload.write_bytes(CLASS_LIST.encode("cp1252"))
    page.set_input_files("#imp-file", str(upload))
    page.select_option("#imp-programme", "bts-ci")
    page.select_option("#imp-zone", "A")
    page.fill("#imp-start", "2025-09-01")
    page.fill("#imp-end", "2027-06-30")
    page.fill("#imp-label", "essai")
    page.click("#btn-import")
    page.wait_for_selector("#import-done")
    assert "3 étudiants importés" in page.inner_text("#import-done")
    axe_clean(page, "import done")
    page.click("#open-class")
    page.wait_for_url("**/c/essai?saved=1")
    assert page.locator('tr[data-student="E3"]').count() == 1
    axe_clean(page, "class page")

    # generate, accept
    page.click("#btn-generate")
    page.wait_for_selector("#btn-accept")
    axe_clean(page, "generate job")
    page.click("#btn-accept")
    page.wait_for_url("**/c/essai?saved=2")
    assert "ok" in (page.locator("#status").get_attribute("class") or "").split()
    # the grid: letters, the counts row, the names column kept in view
    assert page.locator('tr[data-student="E1"] td.fra').first.inner_text() == "F"
    assert page.locator("tr.counts").count() == 2
    # at 1366 px the whole two-year training is in view, without scrolling
    wrap = page.locator(".grid-wrap").first
    assert wrap.evaluate("el => el.scrollWidth <= el.clientWidth"), "the grid is cut at 1366"
    shot(page, "edit-class-generated.png")
    # narrower, the grid scrolls and the names column stays in view
    page.set_viewport_size({"width": 1000, "height": 900})
    wrap.evaluate("el => el.scrollLeft = el.scrollWidth")
    name_box = page.locator('tr[data-student="E1"] th.who').bounding_box()
    assert name_box is not None and name_box["x"] < 40, name_box
    page.set_viewport_size({"width": 1366, "height": 900})

    # lock E1's first period, with its company and tutor when the loader knows them
    page.click("#edit-E1")
    page.wait_for_url("**/c/essai/student?id=E1")
    axe_clean(page, "student page")
    first = page.locator("#period-1 form.period-form")
    has_details = first.locator('input[name="company"]').count() == 1
    if has_details:
        first.locator('input[name="company"]').fill("Transports Girard SA")
        first.locator('input[name="tutor"]').fill("M. Girard")
    first.locator('input[name="locked"]').check()
    first.locator("button[type=submit]").click()
    page.wait_for_url("**saved=3")
    assert "verrouillée" in page.locator("#period-1 h3").inner_text()
    if has_details:  # shown on hover in the grid
        title = page.locator('tr[data-student="E1"] td[title*="Transports Girard SA"]')
        assert title.count() >= 1
    shot(page, "edit-student-locked.png")

    # forbid a week of E2 from the grid (a click fills the form), regenerate around it
    page.goto(server + "/c/essai")
    cell = page.locator('tr[data-student="E2"] td.fra').first
    week = cell.get_attribute("data-week")
    cell.click()
    assert page.locator("#week-sid").input_value() == "E2"
    assert page.locator("#week-monday").input_value() == week
    page.check('input[name="action"][value="forbid"]')
    page.click("#btn-week")
    page.wait_for_selector("#btn-accept")
    page.click("#btn-accept")
    page.wait_for_url("**/c/essai?saved=5")
    row = page.locator('tr[data-student="E2"]')
    assert row.locator(f'td[data-week="{week}"]').inner_text() == "⊘"
    assert "ok" in (page.locator("#status").get_attribute("class") or "").split()

    # delete a student, then restore the version before
    page.click("#edit-E3")
    page.wait_for_url("**/c/essai/student?id=E3")
    page.click("#btn-student-delete")
    page.wait_for_url("**/c/essai?saved=6")
    assert page.locator('tr[data-student="E3"]').count() == 0
    page.click("#restore-5")
    page.wait_for_url("**/c/essai?saved=7")
    assert page.locator('tr[data-student="E3"]').count() == 1
    # the locked period survived the regeneration and the restore
    assert page.locator('tr[data-student="E1"] td[title*="verrouillée"]').count() >= 1

    # downloads, read back
    with page.expect_download() as info:
        page.click("#dl-xlsx")
    xlsx = tmp_path / "essai.xlsx"
    info.value.save_as(str(xlsx))
    book = openpyxl.load_workbook(xlsx)
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row
             if c.value is not None}
    assert {"E1", "E2", "E3"} <= {c.split()[0] for c in cells if c[:1] == "E"}
    if has_details:
        assert any("Transports Girard SA" in c for c in cells)
    with page.expect_download() as info:
        page.click("#dl-ics")
    ics = tmp_path / "essai.ics"
    info.value.save_as(str(ics))
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    events = [e for e in cal.walk("VEVENT")]
    assert events and any("E1" in str(e.get("SUMMARY")) for e in events)
    assert any("E3" in str(e.get("SUMMARY")) for e in events)
    # the locked period is CONFIRMED (with its company as LOCATION), the others TENTATIVE
    mine = [e for e in events if "E1" in str(e.get("SUMMARY"))]
    confirmed = [e for e in mine if str(e.get("STATUS")) == "CONFIRMED"]
    assert len(confirmed) == 1 and len(mine) > 1
    assert {str(e.get("STATUS")) for e in mine if e not in confirmed} == {"TENTATIVE"}
    if has_details:
        assert "Transports Girard SA" in str(confirmed[0].get("LOCATION"))

    # print views: the class on A4 landscape, one annex page per student
    page.emulate_media(media="print")
    assert page.locator("header.top").is_hidden()  # the page's own print stylesheet
    page.emulate_media(media="screen")
    page.click("#print-class")
    page.wait_for_url("**/c/essai/print?v=7")
    assert page.locator("table").count() >= 2 and "E3" in page.inner_text("body")
    axe_clean(page, "class print view")
    page.emulate_media(media="print")
    shot(page, "print-class.png")
    page.emulate_media(media="screen")
    page.goto(server + "/c/essai/student?id=E1")
    page.click("#print-student")
    page.wait_for_url("**/c/essai/print/students?id=E1")
    text = page.inner_text("body")
    assert "E1" in text and "E2" not in text
    if has_details:
        assert "Transports Girard SA" in text and "M. Girard" in text
    axe_clean(page, "student annex")
    page.emulate_media(media="print")
    shot(page, "print-student.png")
    page.emulate_media(media="screen")

    # the other pages
    for path in ("/accessibilite", "/api-docs", "/c/essai/student?id=nobody"):
        page.goto(server + path)
        axe_clean(page, path)
    context.close()


def _phone_header_usable(page: Any, where: str) -> None:
    """At 390 px: the user's name and the logout are in view, the page does not widen."""
    for sel in ("#who", "#btn-logout"):
        box = page.locator(sel).bounding_box()
        assert box is not None and box["width"] > 0, (where, sel)
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390 + 1, (where, sel, box)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, (where, width)


def test_a_coordinator_from_the_school_export_to_a_printed_calendar(
        server: str, browser: Any, tmp_path: Path) -> None:
    """Issue 20, without touching YAML: the Lille XLSX (title row, « Régime/Statut »,
    a missing INE, a footer) for a 2027-2029 class, imported with its exams, CCF and
    tutor cap; the settings changed in the page; generated; the XLSX and the ICS read
    back; the print page; at 1366 px and at 390 px, axe clean on every page."""
    import icalendar
    import openpyxl

    from tests.test_importer import lille_xlsx

    src = tmp_path / "BTS CI 1.xlsx"
    src.write_bytes(lille_xlsx())
    context = browser.new_context(viewport={"width": 1366, "height": 900},
                                  accept_downloads=True, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(120_000)
    log_in(page, server, "coord", target="/?lang=fr")
    page.set_input_files("#imp-file", str(src))
    page.select_option("#imp-programme", "bts-ci")
    page.fill("#imp-academie", "Lille")
    page.fill("#imp-start", "2027-09-01")
    page.fill("#imp-end", "2029-06-30")
    page.fill("#imp-label", "lille")
    page.fill("#imp-final-from", "2029-05-10")
    page.fill("#imp-final-to", "2029-05-21")
    page.fill("#imp-blocked", "15/05/2028..19/05/2028:CCF E4")
    page.fill("#imp-cap", "15")
    page.click("#btn-import")
    page.wait_for_selector("#import-done")
    assert "26 étudiants importés" in page.inner_text("#import-done")
    warned = page.inner_text("#import-warnings")
    assert "calendrier provisoire" in warned and "en attente" in warned
    axe_clean(page, "lille imported")
    page.click("#open-class")
    page.wait_for_url("**/c/lille?saved=1")
    assert "plan" in (page.locator("#status").get_attribute("class") or "").split()
    assert "non conforme" not in page.inner_text("#status")
    # names first in the grid, the id after
    assert page.locator("tr[data-student='070000000AB'] th.who a").inner_text() == \
        "Camille MARTIN"
    axe_clean(page, "lille class, not planned")
    # the class settings: a smaller tutor cap and CCF weeks, with a mistake first (an
    # unknown académie): the error beside its field, everything typed kept, nothing saved
    page.fill("#set-cap", "14")
    page.fill("#set-blocked", "15/05/2028..19/05/2028:CCF E4\n05/02/2029..09/02/2029:CCF E6")
    page.fill("#set-academie", "Atlantide")
    page.uncheck("#set-provisional")
    page.click("#btn-settings")
    page.wait_for_selector("#set-academie-error")
    assert "académie inconnue « Atlantide »" in page.inner_text("#set-academie-error")
    assert page.locator("#set-academie").get_attribute("aria-invalid") == "true"
    assert page.locator("#set-cap").input_value() == "14"
    assert "CCF E6" in page.locator("#set-blocked").input_value()
    assert page.locator("#set-final-from").input_value() == "2029-05-10"
    assert not page.locator("#set-provisional").is_checked()
    axe_clean(page, "settings refused")
    page.locator("#settings").screenshot(path=str(SHOTS / "lille-settings-refused.png"))
    page.fill("#set-academie", "Lille")
    page.check("#set-provisional")
    page.click("#btn-settings")
    page.wait_for_url("**/c/lille?saved=2")
    assert page.locator("#set-cap").input_value() == "14"
    assert "CCF E6" in page.locator("#set-blocked").input_value()
    # generate, accept
    page.click("#btn-generate")
    page.wait_for_selector("#btn-accept")
    page.click("#btn-accept")
    page.wait_for_url("**/c/lille?saved=3")
    assert "ok" in (page.locator("#status").get_attribute("class") or "").split()
    axe_clean(page, "lille generated")
    shot(page, "lille-generated-1366.png")
    # the downloads, read back: title, provisional mark, names; exams in the ICS
    with page.expect_download() as info:
        page.click("#dl-xlsx")
    xlsx = tmp_path / "lille.xlsx"
    info.value.save_as(str(xlsx))
    grid = openpyxl.load_workbook(xlsx).worksheets[0]
    assert "calendrier provisoire" in str(grid.cell(1, 1).value)
    assert grid.page_setup.orientation == "landscape"
    names = {grid.cell(r, 1).value for r in range(6, 6 + 26)}
    assert "Camille MARTIN" in names and "Noah GIRARD" in names
    with page.expect_download() as info:
        page.click("#dl-ics")
    ics = tmp_path / "lille.ics"
    info.value.save_as(str(ics))
    events = list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert {int(e["sequence"]) for e in events} == {3}
    assert any(str(e["summary"]).startswith("Épreuves finales") for e in events)
    # the print page
    page.goto(server + "/c/lille/print")
    assert "Camille MARTIN" in page.inner_text(".sp-grid")
    context.close()

    # a phone: the header stays usable, the pages do not overflow
    phone = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = phone.new_page()
    page.set_default_timeout(120_000)
    log_in(page, server, "coord", target="/?lang=fr")
    _phone_header_usable(page, "home at 390")
    axe_clean(page, "home at 390")
    page.goto(server + "/c/lille")
    _phone_header_usable(page, "class at 390")
    axe_clean(page, "class at 390")
    shot(page, "lille-class-390.png")
    phone.close()


def example_as(browser: Any, server: str, tmp_path: Path, name: str) -> tuple[Any, Any]:
    """A coordinator's browser (1366 px) on a copy of the bundled example class, uploaded
    in the page as class ``name`` (version 1)."""
    src = tmp_path / f"{name}.yaml"
    src.write_text((ROOT / "scenarios" / f"{EXAMPLE}.yaml").read_text(encoding="utf-8"),
                   encoding="utf-8")
    context = browser.new_context(viewport={"width": 1366, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(120_000)
    log_in(page, server, "coord", target="/?lang=fr")
    page.set_input_files('form[action="/upload"] input[name="file"]', str(src))
    page.fill('form[action="/upload"] input[name="name"]', name)
    page.click('form[action="/upload"] button[type=submit]')
    page.wait_for_url(f"**/c/{name}?saved=1")
    return context, page


def test_a_repair_alternative_chosen_in_the_page(server: str, browser: Any,
                                                 tmp_path: Path) -> None:
    """Issue 20: repair, from the start of the training, shows each student's other
    fixes side by side; the coordinator chooses one that is not the first, and the
    saved plan is that one (the card's new dates), not the first."""
    import re

    import yaml

    from solver.load.scenario import load_scenario

    context, page = example_as(browser, server, tmp_path, "alternatives")
    page.select_option("#repair-from", "start")
    page.click("#btn-repair")
    page.wait_for_selector("#alternatives-1")
    axe_clean(page, "repair alternatives")
    shot(page, "repair-alternatives.png")
    cards = page.locator("#alternatives-1 section.alternative")
    assert cards.count() >= 2, "S02 has several fixes of the same cost"
    student = page.locator("#alternatives-1").locator(
        "xpath=preceding-sibling::h3[1]").inner_text().split(" — ")[0].strip()

    def new_span(card: Any) -> tuple[dt.date, dt.date]:
        # « … : désormais du 15/05/2026 au 11/06/2026 — pour respecter : … »
        found = re.findall(r"du (\d\d/\d\d/\d{4}) au (\d\d/\d\d/\d{4})", card.inner_text())
        assert found, card.inner_text()
        return tuple(dt.datetime.strptime(d, "%d/%m/%Y").date()  # type: ignore[return-value]
                     for d in found[-1])

    first, last = cards.nth(0), cards.nth(cards.count() - 1)
    rank = (last.get_attribute("id") or "").rsplit("-", 1)[1]
    chosen, other = new_span(last), new_span(first)
    assert rank != "1" and chosen != other
    last.locator("button[type=submit]").click()
    page.wait_for_url("**/c/alternatives?saved=2")
    saved = page.request.get(server + "/c/alternatives/download/yaml?v=2")
    assert saved.ok
    (tmp_path / "v2.yaml").write_bytes(saved.body())
    assert yaml.safe_load(saved.body())["students"]
    sc = load_scenario(tmp_path / "v2.yaml")
    spans = [(p.start, p.end) for s in sc.students if s.id == student for p in s.periods]
    assert chosen in spans and other not in spans, (spans, rank)
    context.close()


def test_an_ics_school_calendar_in_the_settings_form(server: str, browser: Any,
                                                     tmp_path: Path) -> None:
    """Issue 20: the school calendar as an ICS file in the class settings form; a broken
    file is refused beside the field, naming its line, with the form kept; a good one is
    saved as the class's own holidays."""
    from tests.test_web_edit import CORSE, school_ics

    good, bad = tmp_path / "Corse.ics", tmp_path / "Casse.ics"
    good.write_bytes(school_ics(*CORSE))
    bad.write_bytes(school_ics(*CORSE[:3]).replace(b"DTEND;VALUE=DATE:20260105",
                                                   b"DTEND;VALUE=DATE:20251201"))
    context, page = example_as(browser, server, tmp_path, "corse")
    page.select_option("#set-zone", "")
    page.fill("#set-cap", "11")
    page.set_input_files("#set-ics", str(bad))
    page.click("#btn-settings")
    page.wait_for_selector("#set-ics-error")
    assert page.inner_text("#set-ics-error").startswith("Casse.ics:11, champ « DTEND »")
    assert page.locator("#set-cap").input_value() == "11"
    axe_clean(page, "ICS refused")
    page.set_input_files("#set-ics", str(good))
    page.click("#btn-settings")
    page.wait_for_url("**/c/corse?saved=2")
    assert "propre liste de vacances (9 périodes)" in page.inner_text("#settings")
    assert page.locator("#set-cap").input_value() == "11"
    context.close()
