"""Editing the class in the page: every change a new version, validated like the CLI.

Each route is called through FastAPI's test client on a small class; the saved YAML is
read back with the command line's loader. Refused changes save nothing; a stale form
(another version saved meanwhile) is refused; deleting archives; versions restore.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from solver.jobs.verify import verify
from solver.load.scenario import load_scenario
from solver.web import editops
from solver.web.app import create_app
from solver.web.auth import Accounts

SMALL = """programme: bts-ci
label: petite classe
calendar: {zone: A, start: 2025-09-01, end: 2027-06-30}
students:
  - id: A1
    name: Alice Durand
    periods:
      - {from: 2026-05-18, weeks: 6, place: abroad, country: DE}
      - {from: 2027-01-04, weeks: 8, place: france}
  - id: B2
    periods:
      - {from: 2026-05-18, weeks: 4, place: abroad, country: ES}
"""


PASSWORD = "correct horse battery"
ACCOUNT_FILES = (".stageplan-users.json", ".stageplan-secret")


@pytest.fixture(scope="module")
def accounts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A coordinator and a teacher, made once (hashing passwords is slow on purpose);
    each test's data folder gets a copy of these account files."""
    folder = tmp_path_factory.mktemp("accounts")
    made = Accounts(folder)
    made.add("coord", "coordinator", PASSWORD)
    made.add("prof", "teacher", PASSWORD)
    made.secret_key()
    return folder


def new_app(data: Path, accounts: Path, **kw: object) -> Any:
    data.mkdir(parents=True, exist_ok=True)
    for name in ACCOUNT_FILES:
        shutil.copy2(accounts / name, data / name)
    return create_app(data, allowed_hosts=["testserver"], **kw)  # type: ignore[arg-type]


def login(client: TestClient, name: str = "coord") -> TestClient:
    """Log in through the login form; the session's CSRF token then goes on every
    request as the page's script sends it (header X-CSRF-Token)."""
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token
    r = client.post("/login", data={"username": name, "password": PASSWORD,
                                    "csrf_token": token.group(1), "next": "/"},
                    follow_redirects=False)
    assert r.status_code == 303, r.text[:300]
    meta = re.search(r'<meta name="csrf-token" content="([^"]+)"', client.get("/").text)
    assert meta
    client.headers["X-CSRF-Token"] = meta.group(1)
    return client


@pytest.fixture
def client(tmp_path: Path, accounts: Path) -> TestClient:
    c = login(TestClient(new_app(tmp_path / "data", accounts, time_limit=30,
                                 seed_examples=False)))
    r = c.post("/upload", files={"file": ("petite.yaml", SMALL.encode(), "application/yaml")},
               data={"name": "petite"}, follow_redirects=False)
    assert r.status_code == 303
    return c


def store_dir(client: TestClient) -> Path:
    return Path(client.app.state.store.root) / "petite"  # type: ignore[attr-defined]


def version_text(client: TestClient, n: int) -> str:
    return (store_dir(client) / f"{n:04d}.yaml").read_text(encoding="utf-8")


def latest(client: TestClient) -> tuple[int, dict]:  # type: ignore[type-arg]
    files = sorted(store_dir(client).glob("*.yaml"))
    return len(files), yaml.safe_load(files[-1].read_text(encoding="utf-8"))


def post(client: TestClient, path: str, **data: str) -> tuple[int, str]:
    r = client.post(f"/c/petite{path}", data=data, follow_redirects=False)
    return r.status_code, r.headers.get("location", "") or html.unescape(r.text)


def alert(text: str) -> str:
    found = re.findall(r'role="alert">(.*?)</p>', text, re.S)
    return found[0] if found else ""


def test_add_lock_edit_delete_a_period_each_a_new_valid_version(client: TestClient,
                                                               tmp_path: Path) -> None:
    status, loc = post(client, "/edit/period/add", sid="B2", v="1", **{
        "from": "2027-01-04", "to": "2027-02-26", "place": "france", "locked": "on"})
    assert status == 303 and loc.endswith("saved=2") and "student?id=B2" in loc
    n, data = latest(client)
    assert n == 2
    b2 = data["students"][1]
    assert b2["periods"][1] == {"from": dt.date(2027, 1, 4), "to": dt.date(2027, 2, 26),
                                "place": "france", "locked": True}
    # the untouched parts are kept as written (weeks: stays weeks:)
    assert data["students"][0]["periods"][0]["weeks"] == 6
    # the saved file is a class file the command line reads
    path = tmp_path / "v2.yaml"
    path.write_text(version_text(client, 2), encoding="utf-8")
    assert [len(s.periods) for s in load_scenario(path).students] == [2, 2]

    assert post(client, "/edit/period/lock", sid="B2", index="1", locked="0", v="2")[0] == 303
    assert "locked" not in latest(client)[1]["students"][1]["periods"][1]
    status, _ = post(client, "/edit/period/edit", sid="B2", index="0", v="3", **{
        "from": "2026-05-18", "to": "2026-06-12", "place": "abroad", "country": "it"})
    assert status == 303
    first = latest(client)[1]["students"][1]["periods"][0]
    assert first == {"from": dt.date(2026, 5, 18), "to": dt.date(2026, 6, 12),
                     "place": "abroad", "country": "IT"}
    assert post(client, "/edit/period/delete", sid="B2", index="1", v="4")[0] == 303
    n, data = latest(client)
    assert n == 5 and len(data["students"][1]["periods"]) == 1
    # every earlier version is still there, unchanged
    assert version_text(client, 1) == SMALL


def test_an_edit_that_breaks_the_file_is_refused_with_the_loaders_message(
        client: TestClient) -> None:
    status, text = post(client, "/edit/period/add", sid="B2", v="1", **{
        "from": "2027-02-26", "to": "2027-01-04", "place": "france"})
    assert status == 422
    # French dates inside the French message (issue 20; was « (2027-01-04) »)
    assert "« to » (04/01/2027) précède « from » (26/02/2027)" in alert(text)
    assert "petite.yaml" in alert(text) and "students[1].periods[1].to" in alert(text)
    status, text = post(client, "/edit/period/add", sid="B2", v="1", **{
        "from": "2027-01-04", "to": "2027-01-29", "place": "abroad", "country": "DEU"})
    assert status == 422 and "DEU" in alert(text) and "Modification refusée" in alert(text)
    status, text = post(client, "/edit/period/add", sid="B2", v="1", **{
        "from": "demain", "to": "2027-01-29", "place": "france"})
    assert status == 422 and "« demain » n'est pas une date" in alert(text)
    assert latest(client)[0] == 1  # nothing saved


def test_a_stale_form_is_refused(client: TestClient) -> None:
    assert post(client, "/rename", label="BTS CI 1re année", v="1")[0] == 303
    status, text = post(client, "/edit/period/delete", sid="A1", index="0", v="1")
    assert status == 409 and "La version 2 a été enregistrée" in alert(text)
    assert latest(client)[0] == 2
    assert latest(client)[1]["label"] == "BTS CI 1re année"


def test_students_route_adjustment_add_and_delete(client: TestClient) -> None:
    assert post(client, "/edit/student/edit", sid="B2", route="apprentice", adjustment="reduced",
                name="Bruno Petit", v="1")[0] == 303
    b2 = latest(client)[1]["students"][1]
    assert (b2["route"], b2["adjustment"], b2["name"]) == ("apprentice", "reduced",
                                                           "Bruno Petit")
    status, text = post(client, "/edit/student/edit", sid="B2", route="pilot", adjustment="none",
                        v="2")
    assert status == 422 and "pilot" in alert(text)
    status, text = post(client, "/edit/student/edit", sid="B2", route="distance",
                        adjustment="none", v="2")
    assert status == 422 and "status" in alert(text)  # the loader's own rule
    assert post(client, "/edit/student/add", sid="C3", name="Chloé", route="initial",
                adjustment="none", v="2")[0] == 303
    assert [s["id"] for s in latest(client)[1]["students"]] == ["A1", "B2", "C3"]
    status, text = post(client, "/edit/student/add", sid="A1", route="initial",
                        adjustment="none", v="3")
    assert status == 422 and "« A1 » est déjà pris" in alert(text)
    status, loc = post(client, "/edit/student/delete", sid="A1", v="3")
    assert status == 303 and loc == "/c/petite?saved=4"
    assert [s["id"] for s in latest(client)[1]["students"]] == ["B2", "C3"]


def test_restore_a_version_and_archive_then_restore_the_class(client: TestClient) -> None:
    post(client, "/edit/student/delete", sid="A1", v="1")
    status, loc = post(client, "/versions/1/restore")
    assert status == 303 and loc == "/c/petite?saved=3"
    assert version_text(client, 3).endswith(SMALL)
    assert [s["id"] for s in latest(client)[1]["students"]] == ["A1", "B2"]
    assert post(client, "/versions/9/restore")[0] == 404

    status, loc = post(client, "/archive")
    assert status == 303
    home = client.get(loc).text
    # gone from the list of classes, listed (with who archived it) among the archived
    assert 'href="/c/petite" class="class-link"' not in home and 'id="unarchive-petite"' in home
    assert "Classe petite archivée" in html.unescape(home) and "(coord)" in home
    assert client.get("/c/petite").status_code == 200  # still readable, flagged archived
    assert post(client, "/restore")[0] == 303
    assert 'href="/c/petite"' in client.get("/").text
    assert latest(client)[0] == 3  # archiving saved nothing and deleted nothing


def test_force_a_week_is_a_locked_one_week_period(client: TestClient) -> None:
    status, loc = post(client, "/edit/week", sid="B2", week="2027-03-01", action="force",
                       place="france", v="1")
    assert status == 303 and "saved=2" in loc
    periods = latest(client)[1]["students"][1]["periods"]
    assert {"from": dt.date(2027, 3, 1), "to": dt.date(2027, 3, 5), "place": "france",
            "locked": True} in periods
    assert post(client, "/edit/week", sid="B2", week="2027-03-01", action="clear", v="2")[0] == 303
    assert len(latest(client)[1]["students"][1]["periods"]) == 1
    status, text = post(client, "/edit/week", sid="B2", week="2027-03-02", action="force", v="3")
    assert status == 422  # not a Monday


def test_every_form_carries_the_csrf_field_and_the_page_its_meta(client: TestClient) -> None:
    for path in ("/", "/c/petite", "/c/petite/student?id=A1"):
        page = client.get(path).text
        forms = re.findall(r'<form method="post".*?</form>', page, re.S)
        assert forms, path
        for form in forms:
            assert 'name="csrf_token"' in form, (path, form[:120])
        assert '<meta name="csrf-token"' in page
        title = re.findall(r"<title>(.*?)</title>", page, re.S)[0]
        assert "<" not in title and len(title) < 200, title
    # destructive actions end in the suffixes the security layer matches on
    page = client.get("/c/petite").text + client.get("/c/petite/student?id=A1").text
    actions = set(re.findall(r'action="([^"]+)"', page))
    assert {"/c/petite/archive", "/c/petite/edit/student/delete",
            "/c/petite/edit/period/delete", "/c/petite/rename"} <= actions
    # every other POST of the editing pages is under /c/NAME/edit/ (a teacher's edit)
    edits = {a for a in actions if not a.endswith(("/delete", "/archive", "/restore",
                                                  "/rename", "/accept"))}
    assert edits - {"/c/petite/upload", "/upload", "/import", "/c/petite/whatif",
                    "/logout"} <= {
        a for a in edits if a.startswith("/c/petite/edit/") or "/run/" in a}


def test_student_page_shows_verdict_grid_and_labelled_forms(client: TestClient) -> None:
    page = client.get("/c/petite/student?id=B2").text
    assert "B2" in page and 'id="status"' in page
    assert 'scope="row"' in page and 'scope="col"' in page
    # every visible input and select has a label
    ids = set(re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', page))
    fors = set(re.findall(r'<label for="([^"]+)"', page))
    unlabelled = {i for i in ids if i not in fors and not re.search(
        rf'<label class="row"><input[^>]*id="{i}"', page)}
    assert not unlabelled
    assert client.get("/c/petite/student?id=Z9").status_code == 404
    assert client.get("/accessibilite").status_code == 200
    assert "Déclaration d'accessibilité" in html.unescape(client.get("/accessibilite").text)


def test_grid_counts_row_and_letters(client: TestClient) -> None:
    page = client.get("/c/petite").text
    assert 'class="counts"' in page
    counts = re.findall(r'<tr class="counts">(.*?)</tr>', page, re.S)
    on = [c for c in re.findall(r"<td>(\d*)</td>", counts[0])]
    abroad = [c for c in re.findall(r"<td>(\d*)</td>", counts[1])]
    assert "2" in on and max(int(x or 0) for x in abroad) == 2
    # a week with both students abroad: A letters, never colour alone (a lower-case a
    # once the weeks are history, before today: issue 18)
    row = re.findall(r'data-student="B2">(.*?)</tr>', page, re.S)[0]
    assert row.count(">A</td>") + row.count(">a</td>") == 4


def test_editops_keep_what_they_do_not_own() -> None:
    data = yaml.safe_load(SMALL)
    data["students"][0]["periods"][1]["label"] = "convention 12"
    form = editops.PeriodForm(dt.date(2027, 1, 4), dt.date(2027, 2, 26))
    out = editops.update_period(data, "A1", 1, form)
    assert out["students"][0]["periods"][1] == {
        "from": dt.date(2027, 1, 4), "to": dt.date(2027, 2, 26), "place": "france",
        "label": "convention 12"}
    assert data["students"][0]["periods"][1]["weeks"] == 8  # the input is not changed
    with pytest.raises(editops.EditError, match="web_edit_no_student"):
        editops.delete_student(data, "Z9")


def test_saved_edits_verify_like_the_command_line(client: TestClient, tmp_path: Path) -> None:
    post(client, "/edit/period/edit", sid="B2", index="0", v="1", **{
        "from": "2026-05-18", "to": "2026-06-12", "place": "abroad", "country": "ES"})
    path = tmp_path / "v2.yaml"
    path.write_text(version_text(client, 2), encoding="utf-8")
    result = verify(load_scenario(path))
    b2 = next(s for s in result.students if s.student.id == "B2")
    page = client.get("/c/petite/student?id=B2").text
    assert ("status ok" in page) == b2.compliant


def test_forbid_a_week_is_an_unavailable_span_the_verification_enforces(
        client: TestClient) -> None:
    # A1 is in France from 2027-01-04 for 8 weeks: forbidding 2027-01-11 breaks the plan
    status, loc = post(client, "/edit/week", sid="A1", week="2027-01-11", action="forbid", v="1")
    assert status == 303
    a1 = latest(client)[1]["students"][0]
    assert a1["unavailable"] == [{"from": dt.date(2027, 1, 11), "to": dt.date(2027, 1, 17)}]
    page = html.unescape(client.get("/c/petite/student?id=A1").text)
    assert "student-unavailable" in page and "indisponibilité" in page
    grid = client.get("/c/petite").text
    row = re.findall(r'data-student="A1">(.*?)</tr>', grid, re.S)[0]
    assert 'class="fra clash"' in row
    # undo: the span goes, the file is as before apart from the header
    assert post(client, "/edit/week", sid="A1", week="2027-01-11", action="clear", v="2")[0] == 303
    assert "unavailable" not in latest(client)[1]["students"][0]


def test_period_details_are_written_and_shown_on_hover(client: TestClient) -> None:
    if "company" not in editops.supported_details():
        pytest.skip("the loader has no period details on this branch")
    status, _ = post(client, "/edit/period/add", sid="B2", v="1", locked="on", signed="on", **{
        "from": "2027-01-04", "to": "2027-02-26", "place": "france",
        "company": "Transports Girard SA", "tutor": "M. Girard", "city": "Rouen"})
    assert status == 303
    period = latest(client)[1]["students"][1]["periods"][1]
    assert (period["company"], period["tutor"], period["city"], period["signed"]) == (
        "Transports Girard SA", "M. Girard", "Rouen", True)
    grid = html.unescape(client.get("/c/petite").text)
    row = re.findall(r'data-student="B2">(.*?)</tr>', grid, re.S)[0]
    assert "Entreprise : Transports Girard SA" in row and "Tuteur : M. Girard" in row
    # the edit form shows every detail: the ones left empty are removed
    post(client, "/edit/period/edit", sid="B2", index="1", v="2", **{
        "from": "2027-01-04", "to": "2027-02-26", "place": "france", "company": ""})
    period = latest(client)[1]["students"][1]["periods"][1]
    assert not {"company", "tutor", "city", "signed"} & set(period)


def test_print_views_and_palette(client: TestClient) -> None:
    r = client.get("/c/petite/print")
    assert r.status_code == 200 and "<table" in r.text and "A1" in r.text
    one = client.get("/c/petite/print/students?id=B2")
    assert one.status_code == 200 and "B2" in one.text and "A1 Alice" not in one.text
    both = client.get("/c/petite/print/students")
    assert "A1" in both.text and "B2" in both.text
    assert client.get("/c/petite/print/students?id=Z9").status_code == 404
    from solver.io.render.palette import LOOKS

    css = client.get("/static/style.css").text
    for cls, code in {"fra": "F", "abr": "A", "hol": "H", "blk": "X", "fin": "E"}.items():
        rule = re.findall(rf"table\.grid td\.{cls}, \.legend i\.{cls} \{{([^}}]*)\}}", css)
        assert rule, cls
        look = LOOKS[code]
        assert f"background-color: {look.background};" in rule[-1]
        assert f"color: {look.foreground};" in rule[-1]
    page = client.get("/c/petite").text
    assert 'href="/c/petite/print?v=1"' in page and 'id="print-students"' in page


def test_the_print_page_draws_what_is_done_as_history(client: TestClient) -> None:
    """As ``stageplan print``: a class in progress is printed with the placements before
    today drawn as done (« f », « a »), apart from what is signed or proposed (issue 18)."""
    text = (ROOT / "scenarios" / "bts-ci-zone-a-in-progress.yaml").read_bytes()
    r = client.post("/upload", files={"file": ("encours.yaml", text, "application/yaml")},
                    data={"name": "encours"}, follow_redirects=False)
    assert r.status_code == 303, html.unescape(r.text)[-600:]
    page = client.get("/c/encours/print").text
    cells = re.findall(r"<td[^>]*>([a-zA-Z])</td>", page)
    assert "a" in cells and "f" in cells, sorted(set(cells))


def test_grid_marks_final_exams_and_blocked_dates_with_their_letters(
        client: TestClient) -> None:
    text = SMALL.replace(
        "calendar: {zone: A, start: 2025-09-01, end: 2027-06-30}",
        "calendar:\n  zone: A\n  start: 2025-09-01\n  end: 2027-06-30\n  blocked:\n"
        "    - {from: 2027-05-10, to: 2027-05-21, reason: épreuves, final: true}\n"
        "    - {from: 2026-03-16, to: 2026-03-16}\n")
    r = client.post("/c/petite/upload", files={"file": ("petite.yaml", text.encode())},
                    follow_redirects=False)
    assert r.status_code == 303, html.unescape(r.text)[-600:]
    page = html.unescape(client.get("/c/petite").text)
    calrow = re.findall(r'<tr class="calrow">(.*?)</tr>', page, re.S)[0]
    finals = re.findall(r'<td class="fin" title="([^"]*)"[^>]*>E</td>', calrow)
    assert len(finals) == 2 and all("examens finaux : épreuves" in f for f in finals)
    # a one-day blocked span with no reason is still drawn (X), not lost
    assert len(re.findall(r'<td class="blk"[^>]*>X</td>', calrow)) == 1


# ---- importing a class list from the home page ------------------------------------------

IMPORT_FORM = {"programme": "bts-ci", "zone": "A", "start": "2025-09-01",
               "end": "2027-06-30", "label": "BTS CI import"}
LIST_ROWS = [("Nom", "Prénom", "Identifiant", "Statut", "Aménagement"),
             ("Durand", "Élodie", "E01", "scolaire", ""),
             ("Petit", "Bruno", "E02", "apprenti", "réduit")]


def _xlsx(rows: list[tuple[str, ...]]) -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("file_name, content", [
    ("liste.csv", "\n".join(";".join(r) for r in LIST_ROWS).encode("cp1252")),
    ("liste.csv", "\n".join(",".join(r) for r in LIST_ROWS).encode("utf-8")),
    ("liste.xlsx", _xlsx(LIST_ROWS)),
])
def test_import_a_class_list_from_the_home_page(client: TestClient, file_name: str,
                                               content: bytes) -> None:
    r = client.post("/import", files={"file": (file_name, content)}, data=IMPORT_FORM)
    assert r.status_code == 200, html.unescape(r.text)[-800:]
    page = html.unescape(r.text)
    assert "2 étudiants importés" in page and 'href="/c/bts-ci-import?saved=1"' in page
    saved = Path(client.app.state.store.root) / "bts-ci-import" / "0001.yaml"  # type: ignore[attr-defined]
    sc = load_scenario(saved)
    assert [(s.id, s.name, s.route, s.adjustment) for s in sc.students] == [
        ("E01", "Élodie Durand", "initial", "none"), ("E02", "Bruno Petit", "apprentice",
                                                       "reduced")]
    assert sc.label == "BTS CI import" and sc.calendar.zone == "A"


def test_import_with_bad_rows_saves_nothing_and_lists_every_row(client: TestClient) -> None:
    rows = [*LIST_ROWS, ("", "Zoé", "E03", "pilote", "")]
    content = "\n".join(";".join(r) for r in rows).encode("utf-8")
    before = sorted(p.name for p in Path(client.app.state.store.root).iterdir())  # type: ignore[attr-defined]
    r = client.post("/import", files={"file": ("liste.csv", content)}, data=IMPORT_FORM)
    assert r.status_code == 422
    error = re.findall(r'id="import-error">(.*?)</div>', html.unescape(r.text), re.S)[0]
    assert "ligne 4, colonne « Nom »" in error and "« pilote »" in error
    assert "rien n'a été écrit" in error
    after = sorted(p.name for p in Path(client.app.state.store.root).iterdir())  # type: ignore[attr-defined]
    assert after == before
    r = client.post("/import", files={"file": ("liste.csv", content)},
                    data=IMPORT_FORM | {"start": "bientôt"})
    assert r.status_code == 422 and "bientôt" in html.unescape(r.text)


def test_two_edits_from_the_same_version_the_second_is_refused(client: TestClient) -> None:
    store = client.app.state.store  # type: ignore[attr-defined]
    assert store.save_after("petite", "programme: bts-ci\n", 1) is not None
    assert store.save_after("petite", "programme: bts-nrc\n", 1) is None  # v2 is taken
    assert version_text(client, 2) == "programme: bts-ci\n"


def test_print_as_pdf_when_weasyprint_is_there_else_a_clear_503(client: TestClient) -> None:
    from solver.web.context import pdf_available

    page = client.get("/c/petite").text
    r = client.get("/c/petite/print?format=pdf")
    if pdf_available():
        assert 'id="pdf-class"' in page
        assert r.status_code == 200 and r.content[:5] == b"%PDF-"
    else:
        assert 'id="pdf-class"' not in page
        assert r.status_code == 503 and "PDF" in html.unescape(r.text)


def test_import_of_a_too_large_list_is_refused(tmp_path: Path, accounts: Path) -> None:
    c = login(TestClient(new_app(tmp_path / "d", accounts, time_limit=30,
                                 seed_examples=False, max_upload=2048)))
    big = ("Nom;Prénom\n" + "Durand;Élodie\n" * 400).encode()
    r = c.post("/import", files={"file": ("liste.csv", big)}, data=IMPORT_FORM)
    assert r.status_code == 422 and "dépasse 2 Kio" in html.unescape(r.text)
    # nothing but the account files the test put there and the login's session (and the
    # audit log of the login, issue 23)
    assert sorted(p.name for p in (tmp_path / "d").iterdir()
                  if p.name != ".stageplan-audit.log") == sorted(
        (*ACCOUNT_FILES, ".stageplan-sessions.json"))


def test_an_edit_that_is_not_a_form_is_a_400_not_a_500(client: TestClient) -> None:
    r = client.post("/c/petite/edit/period/add", files={"x": ("a.txt", b"abc")})
    assert r.status_code == 400
    r = client.post("/c/petite/edit/period/add",
                    data={f"f{i}": "1" for i in range(60)})
    assert r.status_code == 400
    r = client.post("/c/nobody/edit/period/add", data={"sid": "A1"})
    assert r.status_code == 404
    assert latest(client)[0] == 1


def test_edits_record_their_author_and_follow_the_role_table(client: TestClient,
                                                             tmp_path: Path) -> None:
    assert post(client, "/rename", label="BTS CI 1re année", v="1")[0] == 303
    assert '"coord"' in (store_dir(client) / "0002.meta.json").read_text(encoding="utf-8")
    assert "enregistrée par coord" in client.get("/c/petite").text
    # a teacher edits (saved under their name) but neither deletes nor restores
    teacher = login(TestClient(client.app), "prof")
    r = teacher.post("/c/petite/edit/student/edit", data={
        "sid": "B2", "route": "initial", "adjustment": "none", "name": "Bruno", "v": "2"},
        follow_redirects=False)
    assert r.status_code == 303
    assert '"prof"' in (store_dir(client) / "0003.meta.json").read_text(encoding="utf-8")
    for path in ("/edit/student/delete", "/edit/period/delete", "/versions/1/restore",
                 "/rename", "/archive"):
        r = teacher.post(f"/c/petite{path}", data={"sid": "A1", "index": "0", "v": "3"},
                         follow_redirects=False)
        assert r.status_code == 403, path
    page = teacher.get("/c/petite").text
    assert 'id="week-form"' in page and 'id="btn-student-add"' in page
    assert 'id="restore-1"' not in page and 'id="rename-form"' not in page
    assert 'id="btn-student-delete"' not in teacher.get("/c/petite/student?id=A1").text
    # nobody logged in: 401; logged in but without the session's CSRF token: 403
    anonymous = TestClient(client.app)
    r = anonymous.post("/c/petite/edit/student/delete", data={"sid": "A1", "v": "3"},
                       follow_redirects=False)
    assert r.status_code == 401
    del teacher.headers["X-CSRF-Token"]
    r = teacher.post("/c/petite/edit/week", data={"sid": "B2", "week": "2027-03-01",
                                                  "action": "force", "v": "3"})
    assert r.status_code == 403
    assert latest(client)[0] == 3


def test_import_the_lille_export_for_2027_2029_with_its_settings(client: TestClient) -> None:
    """Issue 20: title row, « Régime/Statut », a missing INE, a footer, a class past the
    published holidays; the académie, the final exams, a CCF week and a tutor cap typed
    into the form; the class file saved loads as a provisional calendar."""
    from tests.test_importer import lille_xlsx

    form = {"programme": "bts-ci", "zone": "", "academie": "Lille", "start": "2027-09-01",
            "end": "2029-06-30", "label": "BTS CI Lille", "final_from": "2029-05-10",
            "final_to": "2029-05-21", "blocked": "15/05/2028..19/05/2028:CCF E4",
            "max_on_placement": "15"}
    r = client.post("/import", files={"file": ("BTS CI 1.xlsx", lille_xlsx())}, data=form)
    assert r.status_code == 200, html.unescape(r.text)[-800:]
    page = html.unescape(r.text)
    assert "26 étudiants importés" in page
    warnings = re.findall(r'id="import-warnings">(.*?)</ul>', page, re.S)[0]
    assert "calendrier provisoire" in warnings and "INE « en attente »" in warnings
    assert "« Total : 26 élèves »" in page
    saved = Path(client.app.state.store.root) / "bts-ci-lille" / "0001.yaml"  # type: ignore[attr-defined]
    sc = load_scenario(saved)
    assert sc.calendar.provisional and sc.calendar.zone == "B"
    assert [b.final for b in sc.calendar.blocked] == [False, True]
    assert sum(s.route == "apprentice" for s in sc.students) == 2
    assert sc.raw.get("academie") == "Lille"


def test_the_import_form_keeps_what_was_typed_after_an_error(client: TestClient) -> None:
    form = IMPORT_FORM | {"academie": "Atlantide", "zone": "", "final_from": "2027-05-10",
                          "final_to": "2027-05-21", "max_on_placement": "12",
                          "columns": "nom=Nom"}
    content = "\n".join(";".join(r) for r in LIST_ROWS).encode("utf-8")
    r = client.post("/import", files={"file": ("liste.csv", content)}, data=form)
    assert r.status_code == 422
    page = html.unescape(r.text)
    assert "Atlantide" in re.findall(r'id="import-error">(.*?)</div>', page, re.S)[0]
    for field, value in (("imp-academie", "Atlantide"), ("imp-final-from", "2027-05-10"),
                         ("imp-final-to", "2027-05-21"), ("imp-cap", "12"),
                         ("imp-label", "BTS CI import"), ("imp-columns", "nom=Nom"),
                         ("imp-start", "2025-09-01")):
        assert re.search(rf'id="{field}"[^>]*value="{re.escape(value)}"', page), field
    r = client.post("/import", files={"file": ("liste.csv", content)},
                    data=form | {"academie": "", "final_to": ""})
    assert r.status_code == 422 and "épreuves finales" in html.unescape(r.text)


def test_a_class_without_a_plan_reads_a_planifier_not_non_conforme(client: TestClient) -> None:
    content = "\n".join(";".join(r) for r in LIST_ROWS).encode("utf-8")
    r = client.post("/import", files={"file": ("liste.csv", content)}, data=IMPORT_FORM)
    assert r.status_code == 200
    home = html.unescape(client.get("/").text)
    row = re.findall(r'<tr>\s*<td><a href="/c/bts-ci-import".*?</tr>', home, re.S)[0]
    assert "à planifier" in row and "non conforme" not in row
    page = html.unescape(client.get("/c/bts-ci-import").text)
    status = re.findall(r'<div id="status" class="status (\w+)"[^>]*>(.*?)</div>', page, re.S)[0]
    assert status[0] == "plan" and "2 étudiants sur 2 sans calendrier" in status[1]
    assert "✗" not in status[1]
    student = html.unescape(client.get("/c/bts-ci-import/student?id=E01").text)
    assert 'class="status plan"' in student and "à planifier" in student
    # a class that does have a plan and breaks a rule still says so (the seeded example)
    assert "non conforme" in html.unescape(client.get("/").text)


def test_the_pages_ics_carries_the_saved_versions_number_as_sequence(
        client: TestClient) -> None:
    import icalendar

    def sequences(v: int) -> set[int]:
        r = client.get(f"/c/petite/download/ics?v={v}")
        assert r.status_code == 200
        return {int(e["sequence"]) for e in icalendar.Calendar.from_ical(r.content).walk(
            "VEVENT")}

    store = client.app.state.store  # type: ignore[attr-defined]
    assert store.save_after("petite", version_text(client, 1), 1) is not None   # version 2
    assert sequences(1) == {1} and sequences(2) == {2}


def settings_form(client: TestClient) -> tuple[list[str], dict[str, str]]:
    """The class page's school-policy rules, and a settings form for a 2027-2029 class
    (académie, provisional, exams, CCF, cap) with the first rule switched off."""
    page = html.unescape(client.get("/c/petite").text)
    assert 'id="settings-form"' in page
    rules = re.findall(r'name="rule_([\w-]+)" value="on"', page)
    assert rules, "the programme's school-policy rules are listed"
    form = {"v": "1", "start": "2027-09-01", "end": "2029-06-30", "zone": "",
            "academie": "Lille", "provisional": "on", "final_from": "2029-05-10",
            "final_to": "2029-05-21", "blocked": "15/05/2028..19/05/2028:CCF E4",
            "max_on_placement": "12"}
    form |= {f"rule_{r}": "on" for r in rules[1:]} | {f"rule_{rules[0]}": "off"}
    return rules, form


def test_class_settings_in_the_page_are_saved_as_a_version(client: TestClient) -> None:
    """Issue 20: dates, académie, provisional, final exams, CCF, tutor cap and the
    school-policy rules, changed in the class page without touching YAML."""
    rules, form = settings_form(client)
    r = client.post("/c/petite/edit/settings", data=form, follow_redirects=False)
    assert r.status_code == 303, html.unescape(r.text)[-600:]
    sc = load_scenario(store_dir(client) / "0002.yaml")
    assert (sc.calendar.start, sc.calendar.end) == (dt.date(2027, 9, 1), dt.date(2029, 6, 30))
    assert sc.calendar.zone == "B" and sc.calendar.provisional
    assert [(b.start, b.final) for b in sc.calendar.blocked] == [
        (dt.date(2028, 5, 15), False), (dt.date(2029, 5, 10), True)]
    assert [getattr(p, "max", None) for p in sc.policy if p.id == "tutor-visits"] == [12]
    assert sc.disabled == (rules[0],) and sc.raw["academie"] == "Lille"
    # the page shows them back, and a bad date is refused with the loader's words
    page = html.unescape(client.get("/c/petite").text)
    assert 'value="2029-05-10"' in page and "CCF E4" in page
    assert re.search(rf'id="rule-{rules[0]}"[^>]*value="on">', page)   # unchecked now
    bad = client.post("/c/petite/edit/settings", data=form | {"v": "2", "final_to": ""})
    assert bad.status_code == 422 and "épreuves finales" in html.unescape(bad.text)


def test_a_refused_settings_form_keeps_what_was_typed(client: TestClient) -> None:
    """Issue 20, item 3: one bad field (an impossible date) and the class page comes back
    with the error beside that field and every other field as typed; nothing saved."""
    rules, form = settings_form(client)
    form["final_from"] = "2029-02-30"
    r = client.post("/c/petite/edit/settings", data=form, follow_redirects=False)
    assert r.status_code == 422
    page = html.unescape(r.text)
    assert len(list(store_dir(client).glob("*.yaml"))) == 1, "nothing is saved"
    # the error, in French, beside the bad field (and the field marked for assistive tech)
    error = re.search(r'<span class="field-error" id="set-final_from-error">([^<]+)</span>',
                      page)
    assert error and "« 2029-02-30 » n'est pas une date" in error.group(1), page[-3000:]
    assert re.search(r'id="set-final-from"[^>]*aria-invalid="true"', page)
    assert page.count('class="field-error"') == 1
    # every other field as typed, not as saved
    for field, value in (("start", "2027-09-01"), ("end", "2029-06-30"),
                         ("final-to", "2029-05-21"), ("academie", "Lille"),
                         ("cap", "12")):
        assert re.search(rf'id="set-{field}"[^>]*value="{value}"', page), field
    assert re.search(r'id="set-provisional"[^>]*checked', page)
    assert "15/05/2028..19/05/2028:CCF E4</textarea>" in page
    assert re.search(rf'id="rule-{rules[0]}"[^>]*value="on">', page)   # unchecked, as sent
    for rule in rules[1:]:
        assert re.search(rf'id="rule-{rule}"[^>]*value="on" checked>', page), rule
    # a mistake the loader finds later (the académie) is shown beside its own field
    r = client.post("/c/petite/edit/settings",
                    data=form | {"final_from": "2029-05-10", "academie": "Atlantide"})
    page = html.unescape(r.text)
    assert r.status_code == 422 and 'id="set-academie-error"' in page
    assert "académie inconnue « Atlantide »" in page and 'value="2029-05-10"' in page
    assert "petite.yaml" not in page.split('id="set-academie-error">')[1].split("<")[0]
    # one the class file's loader finds (the end before the start): beside « end » too,
    # with the loader's words and no file name or option name before them
    r = client.post("/c/petite/edit/settings",
                    data=form | {"final_from": "2029-05-10", "start": "2029-09-01"})
    page = html.unescape(r.text)
    error = re.search(r'id="set-end-error">([^<]+)<', page)
    assert r.status_code == 422 and error, page[-3000:]
    assert "« end » (30/06/2029) doit suivre « start » (01/09/2029)" in error.group(1)
    assert "petite.yaml" not in error.group(1) and 'value="2029-09-01"' in page
    # and the form still saves once corrected
    r = client.post("/c/petite/edit/settings", data=form | {"final_from": "2029-05-10"},
                    follow_redirects=False)
    assert r.status_code == 303, html.unescape(r.text)[-800:]


def school_ics(*events: tuple[str, str, str]) -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//FR"]
    for start, end, summary in events:
        lines += ["BEGIN:VEVENT", f"DTSTART;VALUE=DATE:{start}", f"DTEND;VALUE=DATE:{end}",
                  f"SUMMARY:{summary}", "END:VEVENT"]
    return ("\r\n".join(lines + ["END:VCALENDAR"]) + "\r\n").encode()


CORSE = (("20251018", "20251103", "Vacances de la Toussaint - Corse"),
         ("20251220", "20260105", "Vacances de Noël - Corse"),
         ("20260214", "20260302", "Vacances d'hiver - Corse"),
         ("20260411", "20260427", "Vacances de printemps - Corse"),
         ("20260704", "20260901", "Vacances d'été - Corse"),
         ("20261017", "20261102", "Vacances de la Toussaint - Corse"),
         ("20261219", "20270104", "Vacances de Noël - Corse"),
         ("20270220", "20270308", "Vacances d'hiver - Corse"),
         ("20270417", "20270503", "Vacances de printemps - Corse"),
         ("20270703", "20270901", "Vacances d'été - Corse"))


def test_settings_take_an_uploaded_ics_school_calendar(client: TestClient) -> None:
    """Issue 20, item 3: the page's settings form takes the school calendar as an ICS
    file (Corsica, overseas: no built-in zone data), saved as a version; a bad file is
    refused naming its line, with the form kept; the CSRF token is required as on every
    form."""
    form = {"v": "1", "start": "2025-09-01", "end": "2027-06-30", "zone": "",
            "academie": "", "final_from": "", "final_to": "", "blocked": "",
            "max_on_placement": "9"}
    r = client.post("/c/petite/edit/settings", data=form, follow_redirects=False,
                    files={"ics": ("Corse.ics", school_ics(*CORSE), "text/calendar")})
    assert r.status_code == 303, html.unescape(r.text)[-800:]
    saved = yaml.safe_load(version_text(client, 2))["calendar"]
    assert "zone" not in saved and "provisional" not in saved
    assert [(h["name"], str(h["from"]), str(h["to"])) for h in saved["holidays"]][:2] == [
        ("Vacances de la Toussaint", "2025-10-18", "2025-11-02"),
        ("Vacances de Noël", "2025-12-20", "2026-01-04")]
    sc = load_scenario(store_dir(client) / "0002.yaml")
    assert sc.calendar.zone is None and sc.calendar.year2_start == dt.date(2026, 9, 1)
    # the file's dates, not zone A's (whose winter break of 2027 starts on 06/02)
    assert any(h.start == dt.date(2027, 2, 20) for h in sc.calendar.holidays)
    page = html.unescape(client.get("/c/petite").text)
    # nine breaks: the summer of 2027 starts after the class's end
    assert "Cette classe a sa propre liste de vacances (9 périodes)" in page
    assert 'id="settings-form"' in page and 'enctype="multipart/form-data"' in page
    # saved again without a file: the class's own list stays, no zone needed
    r = client.post("/c/petite/edit/settings", data=form | {"v": "2", "max_on_placement": "8"},
                    follow_redirects=False)
    assert r.status_code == 303, html.unescape(r.text)[-800:]
    assert yaml.safe_load(version_text(client, 3))["calendar"]["holidays"] == saved["holidays"]
    # a broken event: refused naming the file's line and property, in French, form kept
    bad = school_ics(*CORSE[:3]).replace(b"DTEND;VALUE=DATE:20260105",
                                         b"DTEND;VALUE=DATE:20251201")
    r = client.post("/c/petite/edit/settings", data=form | {"v": "3", "blocked": "x"},
                    files={"ics": ("Corse.ics", bad, "text/calendar")})
    page = html.unescape(r.text)
    assert r.status_code == 422
    # « blocked » was checked first: its error; then the file's once the span is good
    assert 'id="set-blocked-error"' in page
    r = client.post("/c/petite/edit/settings", data=form | {"v": "3", "max_on_placement": "7"},
                    files={"ics": ("Corse.ics", bad, "text/calendar")})
    page = html.unescape(r.text)
    error = re.search(r'id="set-ics-error">([^<]+)<', page)
    assert r.status_code == 422 and error, page[-2000:]
    # the DTEND line of the second event
    assert error.group(1).startswith("Corse.ics:11, champ « DTEND »"), error.group(1)
    assert re.search(r'id="set-cap"[^>]*value="7"', page)
    assert len(list(store_dir(client).glob("*.yaml"))) == 3
    # not a calendar, or one that says nothing of the class's years
    for raw, words in ((b"\xff\xfe", "texte non UTF-8"),
                       (school_ics(("20301019", "20301104", "Vacances de la Toussaint")),
                        "aucune vacance scolaire entre le 01/09/2025 et le 30/06/2027")):
        r = client.post("/c/petite/edit/settings", data=form | {"v": "3"},
                        files={"ics": ("x.ics", raw, "text/calendar")})
        assert r.status_code == 422 and words in html.unescape(r.text), words
    # bounded: a file over the limit is refused before it is read as a calendar
    r = client.post("/c/petite/edit/settings", data=form | {"v": "3"},
                    files={"ics": ("big.ics", b"X" * (3 * 1024 * 1024), "text/calendar")})
    assert r.status_code in (413, 422)
    # back to the zone's published holidays: the zone is needed again, then the list goes
    assert 'id="set-zone-holidays"' in html.unescape(client.get("/c/petite").text)
    r = client.post("/c/petite/edit/settings", data=form | {"v": "3", "zone_holidays": "on",
                                                            "max_on_placement": "6"})
    page = html.unescape(r.text)
    assert r.status_code == 422 and 'id="set-zone-error"' in page, page[-2000:]
    assert re.search(r'id="set-zone-holidays"[^>]*checked', page)
    assert re.search(r'id="set-cap"[^>]*value="6"', page)
    r = client.post("/c/petite/edit/settings", follow_redirects=False,
                    data=form | {"v": "3", "zone_holidays": "on", "zone": "A"})
    assert r.status_code == 303, html.unescape(r.text)[-800:]
    back = yaml.safe_load(version_text(client, 4))["calendar"]
    assert back["zone"] == "A" and "holidays" not in back
    assert 'id="set-zone-holidays"' not in html.unescape(client.get("/c/petite").text)
    # no CSRF token, nothing saved
    token = client.headers.pop("X-CSRF-Token")
    r = client.post("/c/petite/edit/settings", data=form | {"v": "4"},
                    files={"ics": ("Corse.ics", school_ics(*CORSE), "text/calendar")})
    client.headers["X-CSRF-Token"] = token
    assert r.status_code == 403 and len(list(store_dir(client).glob("*.yaml"))) == 4


def test_the_pdf_is_drawn_compact_once_per_version_and_bounded(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's PDF: drawn compact (runs of weeks as one cell), off the event loop
    under the user's share (one too many: 429), and the same download again is served
    from the cache of saved versions, which never change."""
    from solver.cli.commands import printing
    from solver.web.jobs import QueueFull

    drawn: list[str] = []

    def fake_pdf(page: str, lang: str) -> bytes:
        drawn.append(page)
        return b"%PDF-1.7 " + str(len(drawn)).encode()

    monkeypatch.setattr(printing, "html_to_pdf", fake_pdf)
    first = client.get("/c/petite/print?format=pdf")
    assert first.status_code == 200 and first.content == b"%PDF-1.7 1"
    assert 'colspan="' in drawn[0].split("<tbody>")[1] and " title=" not in drawn[0]
    assert client.get("/c/petite/print?format=pdf").content == b"%PDF-1.7 1"   # cached
    assert client.get("/c/petite/print?format=pdf&lang=en").content == b"%PDF-1.7 2"
    assert client.get("/c/petite/print/students?format=pdf&id=A1").content == b"%PDF-1.7 3"
    assert client.get("/c/petite/print/students?format=pdf&id=ZZ").status_code == 404
    # a new version is a new PDF
    assert post(client, "/rename", v="1", label="autre nom")[0] == 303
    assert client.get("/c/petite/print?format=pdf").content == b"%PDF-1.7 4"
    assert "autre nom" in drawn[-1]
    # the print HTML is the page as it was: one cell a week, with its hover title
    assert 'title="S' in client.get("/c/petite/print").text

    async def full(user: str, fn: Any, *args: object) -> Any:
        raise QueueFull("user", 2)

    monkeypatch.setattr(client.app.state.parses, "run", full)  # type: ignore[attr-defined]
    r = client.get("/c/petite/print/students?format=pdf")   # not drawn yet
    assert r.status_code == 429 and r.headers["Retry-After"] == "2"
