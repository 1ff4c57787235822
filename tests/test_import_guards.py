"""Malformed and oversized imports are bad input: exit 2 on the command line, 422 on the
page, with a message; the zip directory is checked before anything is inflated.

The files are made here: a good workbook, then the same with its sheet's XML cut in
half, its sheet removed, a DOCTYPE with entities, and a member that inflates past the
bound; CSV with a cell over 128 KB and with a quote never closed; ICS with an event that
repeats forever (a bounded recurrence is expanded, issue 23) and with years 1 and 9999.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from solver.core.errors import InputError
from solver.io import guards
from solver.io.ics_import import read_ics_text
from solver.io.importer import import_class_list
from tests.test_calendar_import import ics
from tests.test_web_edit import (  # noqa: F401
    IMPORT_FORM,
    SMALL,
    _xlsx,
    accounts,
    login,
    new_app,
)

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

ROWS = [("Nom", "Prénom"), ("Durand", "Alice"), ("Martin", "Bob")]
IMPORT_DATES = (dt.date(2025, 9, 1), dt.date(2027, 6, 30))


def good_workbook() -> bytes:
    return _xlsx(ROWS)


def rewritten(change: Callable[[str, bytes], bytes | None], extra: dict[str, bytes] | None
              = None) -> bytes:
    zin = zipfile.ZipFile(io.BytesIO(good_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            new = change(item.filename, zin.read(item.filename))
            if new is not None:
                zout.writestr(item, new)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
ENTITIES = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>')


def malformed() -> list[tuple[str, bytes, str]]:
    """(file name, content, words of the message)."""
    return [
        ("broken.xlsx", rewritten(lambda n, d: d[: len(d) // 2] if n == SHEET else d),
         "cannot be read"),
        ("nosheet.xlsx", rewritten(lambda n, d: None if n == SHEET else d),
         "no sheet"),
        ("entity.xlsx", rewritten(lambda n, d: ENTITIES + d.split(b"?>", 1)[-1].replace(
            b"Durand", b"&b;", 1) if n == SHEET else d), "DOCTYPE or entities"),
        ("bomb.xlsx", rewritten(lambda n, d: d, {"xl/media/big.bin": b"\0" * (
            guards.MAX_INFLATED + 1024 * 1024)}), "inflate"),
        ("bigcell.csv", ("Nom;Prénom\nDurand;" + "x" * 140_000 + "\n").encode(), "CSV"),
        ("quote.csv", b'Nom;Pr\xc3\xa9nom\nDurand;"Alice\nMartin;Bob\n', "never closed"),
        ("longcell.csv", ("Nom;Prénom\nDurand;" + "x" * 5000 + "\n").encode(), "characters"),
    ]


CASES = malformed()


def test_the_good_workbook_imports() -> None:
    result = import_class_list(good_workbook(), "liste.xlsx", programme="bts-ci", zone="A",
                               start=IMPORT_DATES[0], end=IMPORT_DATES[1])
    assert [s.name for s in result.scenario.students] == ["Alice Durand", "Bob Martin"]


@pytest.mark.parametrize("name,content,words", CASES, ids=[c[0] for c in CASES])
def test_malformed_file_is_bad_input_quickly(name: str, content: bytes, words: str) -> None:
    began = time.monotonic()
    with pytest.raises(InputError) as info:
        import_class_list(content, name, programme="bts-ci", zone="A",
                          start=IMPORT_DATES[0], end=IMPORT_DATES[1])
    assert words in str(info.value) and info.value.file == name
    assert time.monotonic() - began < 30   # a bound, not a benchmark: the bomb is not read


def test_the_zip_directory_is_checked_before_inflating(monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    bomb = dict((c[0], c[1]) for c in CASES)["bomb.xlsx"]
    opened: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self: zipfile.ZipFile, name: object, *a: object, **kw: object) -> object:
        opened.append(str(getattr(name, "filename", name)))
        return real_open(self, name, *a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    with pytest.raises(InputError, match="inflate"):
        guards.check_workbook(bomb, "bomb.xlsx")
    assert opened == []


@pytest.mark.parametrize("name,content,words", CASES[:3] + CASES[4:6],
                         ids=[c[0] for c in CASES[:3] + CASES[4:6]])
def test_cli_exits_2_with_a_message(tmp_path: Path, name: str, content: bytes,
                                    words: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    done = subprocess.run([sys.executable, "-m", "solver", "import", str(path), "--programme",
                           "bts-ci", "--zone", "A", "--start", "2025-09-01", "--end",
                           "2027-06-30", "-o", str(tmp_path / "out.yaml"), "--lang", "en"],
                          capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert words in done.stderr and name in done.stderr
    assert "Traceback" not in done.stderr and not (tmp_path / "out.yaml").exists()


@pytest.fixture
def client(tmp_path: Path, accounts: Path) -> TestClient:  # noqa: F811
    return login(TestClient(new_app(tmp_path / "data", accounts, time_limit=30,
                                    seed_examples=False)))


def test_page_answers_422_with_the_message(client: TestClient) -> None:
    for name, content, words in CASES:
        r = client.post("/import?lang=en", files={"file": (name, content)},
                        data=IMPORT_FORM)
        assert r.status_code in (413, 422), (name, r.status_code)
        if r.status_code == 422:
            assert words in html.unescape(r.text), name
    assert client.app.state.store.names() == []  # type: ignore[attr-defined]
    assert client.app.state.parses.running() == 0  # type: ignore[attr-defined]


def test_the_page_says_it_in_french(client: TestClient) -> None:
    name, content, _ = CASES[0]
    r = client.post("/import", files={"file": (name, content)}, data=IMPORT_FORM)
    assert r.status_code == 422 and "ce classeur est illisible" in html.unescape(r.text)


def test_a_user_over_the_parse_share_is_told_to_wait(client: TestClient) -> None:
    parses = client.app.state.parses  # type: ignore[attr-defined]
    for _ in range(parses.per_user):
        parses._enter("coord")
    try:
        r = client.post("/import", files={"file": ("l.csv", b"Nom;Prenom\nA;B\n")},
                        data=IMPORT_FORM)
        assert r.status_code == 429 and "Retry-After" in r.headers
    finally:
        for _ in range(parses.per_user):
            parses._leave("coord")
    r = client.post("/import", files={"file": ("l.csv", b"Nom;Prenom\nA;B\n")},
                    data=IMPORT_FORM)
    assert r.status_code == 200


def vevent(extra: str, start: str = "20251018", end: str = "20251103") -> str:
    return ("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:" + start + "\r\nDTEND;VALUE=DATE:" + end
            + "\r\nSUMMARY:Vacances de la Toussaint\r\n" + extra + "END:VEVENT")


@pytest.mark.parametrize("text,words", [
    (ics(vevent("RRULE:FREQ=YEARLY\r\n")), "repeats forever"),
    (ics(vevent("", "00011018", "00011103")), "year 1 is out of range"),
    (ics(vevent("", "99991018", "99991103")), "year 9999 is out of range"),
])
def test_ics_recurrence_and_absurd_years_are_bad_input(text: str, words: str) -> None:
    with pytest.raises(InputError, match=words):
        read_ics_text(text, "c.ics")


def test_ics_on_the_page_422(client: TestClient) -> None:
    r = client.post("/api/calendar/import", content=ics(vevent("RRULE:FREQ=YEARLY\r\n")),
                    headers={"Content-Type": "text/calendar"})
    assert r.status_code == 422 and "repeats forever" in r.json()["error"]


def test_upload_of_a_class_file_still_works(client: TestClient) -> None:
    r = client.post("/upload", files={"file": ("p.yaml", SMALL.encode())},
                    data={"name": "p"}, follow_redirects=False)
    assert r.status_code == 303
