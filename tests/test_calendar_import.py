"""Issue 10: ``stageplan calendar import`` on ICS files written in the ministry's shape,
``holidays_file:``, ``calendar show``; broken files exit 2 with line and property."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from solver.core.calendar import zone_holidays
from solver.io.ics_import import read_ics_text
from solver.load.scenario import load_scenario
from solver.stageplan import main

D = dt.date.fromisoformat


def event(summary: str, start: str, end: str | None = None, uid: str = "x") -> str:
    lines = ["BEGIN:VEVENT", f"DTSTART;VALUE=DATE:{start}"]
    if end:
        lines.append(f"DTEND;VALUE=DATE:{end}")
    lines += [f"SUMMARY:{summary}", f"DESCRIPTION:{summary}",
              "LOCATION:Académies de Besançon\\, Bordeaux\\, Clermont-Ferrand\\, Dijon\\, "
              "Grenoble\\, Limoges\\, Lyon\\, Poitiers",
              f"UID:{uid}@education.gouv.fr", "END:VEVENT"]
    return "\r\n".join(lines)


def ics(*events: str) -> str:
    head = ["BEGIN:VCALENDAR", "VERSION:2.0",
            "PRODID:-//Ministère de l'Éducation nationale//Calendrier scolaire//FR",
            "X-WR-CALNAME:Calendrier scolaire - Zone A", "CALSCALE:GREGORIAN"]
    return "\r\n".join(head + list(events) + ["END:VCALENDAR"]) + "\r\n"


ZONE_A = ics(
    event("Rentrée scolaire des enseignants - Zone A", "20250829"),
    event("Rentrée scolaire des élèves - Zone A", "20250901"),
    event("Vacances de la Toussaint - Zone A", "20251018", "20251103", "t1"),
    event("Vacances de Noël - Zone A", "20251220", "20260105", "n1"),
    event("Vacances d'Hiver - Zone A", "20260207", "20260223", "h1"),
    event("Vacances de Printemps - Zone A", "20260404", "20260420", "p1"),
    event("Vacances d'Été - Zone A", "20260704", None, "e1"),   # start only
    event("Rentrée scolaire des élèves - Zone A", "20260901", None, "r2"),
    event("Vacances de la Toussaint - Zone A", "20261017", "20261102", "t2"),
    event("Vacances de Noël - Zone A", "20261219", "20270104", "n2"),
    event("Vacances d'Hiver - Zone A", "20270213", "20270301", "h2"),
    event("Vacances de Printemps - Zone A", "20270410", "20270426", "p2"),
    event("Pont de l'Ascension - Zone A", "20270506", "20270509", "a2"),
    event("Vacances d'Été - Zone A", "20270703", "20270901", "e2"),
)


def test_reads_the_ministry_shape_like_the_built_in_data() -> None:
    spans = read_ics_text(ZONE_A, "zone-a.ics")
    got = [(s.start, s.end, s.label) for s in spans]
    want = [(s.start, s.end, s.label) for s in
            zone_holidays("A", D("2025-09-01"), D("2027-08-31"))
            if s.start >= D("2025-09-01")]
    # the built-in data names the summer « Vacances d'été », the ICS « Vacances d'Été »
    assert [(a, b) for a, b, _ in got] == [(a, b) for a, b, _ in want]
    assert got[0][2] == "Vacances de la Toussaint"


def test_folded_lines_and_escapes() -> None:
    text = ics("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20251018\r\nDTEND;VALUE=DATE:20251103\r\n"
               "SUMMARY:Vacances de la\r\n  Toussaint\\, Corse\r\nEND:VEVENT")
    spans = read_ics_text(text, "c.ics")
    assert [(s.start, s.end, s.label) for s in spans] == \
        [(D("2025-10-18"), D("2025-11-02"), "Vacances de la Toussaint, Corse")]


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8", newline="")
    return p


def test_import_then_point_a_class_to_the_file(tmp_path: Path) -> None:
    f = write(tmp_path, "zone-a.ics", ZONE_A)
    out = tmp_path / "vacances.yaml"
    res = CliRunner().invoke(main, ["calendar", "import", str(f), "--from", "2025-09-01",
                                    "--to", "2027-06-30", "-o", str(out)])
    assert res.exit_code == 0, res.output
    cls = tmp_path / "classe.yaml"
    cls.write_text("programme: bts-ci\ncalendar:\n  start: 2025-09-01\n  end: 2027-06-30\n"
                   "  holidays_file: vacances.yaml\nstudents: []\n", encoding="utf-8")
    sc = load_scenario(cls)
    zone = load_scenario_zone_a(tmp_path)
    assert sc.calendar.year2_start == zone.calendar.year2_start == D("2026-09-01")
    assert sc.calendar.holiday_flags == zone.calendar.holiday_flags
    assert [b.label for b in sc.calendar.bridges] == ["Pont de l'Ascension"]
    # generate writes the holidays inline, so the plan verifies wherever it is saved
    plan = tmp_path / "sub" / "plan.yaml"
    res = CliRunner().invoke(main, ["generate", str(cls), "--format", "yaml", "-o", str(plan),
                                    "--time-limit", "5"])
    assert res.exit_code == 0, res.output
    assert CliRunner().invoke(main, ["verify", str(plan)]).exit_code == 0


def load_scenario_zone_a(tmp_path: Path):  # type: ignore[no-untyped-def]
    z = tmp_path / "zone.yaml"
    z.write_text("programme: bts-ci\ncalendar: {zone: A, start: 2025-09-01, end: 2027-06-30}\n"
                 "students: []\n", encoding="utf-8")
    return load_scenario(z)


def test_import_prints_the_block_to_paste(tmp_path: Path) -> None:
    f = write(tmp_path, "zone-a.ics", ZONE_A)
    res = CliRunner().invoke(main, ["calendar", "import", str(f), "--from", "2026-09-01"])
    assert res.exit_code == 0, res.output
    assert "  holidays:\n" in res.output
    assert '    - {name: "Vacances de la Toussaint", from: 2026-10-17, to: 2026-11-01}' \
        in res.output
    assert "2025-10-18" not in res.output   # before --from


BROKEN = [
    ("no-vcalendar", "BEGIN:VEVENT\r\nEND:VEVENT\r\n", 1, "BEGIN"),
    ("bad-date", ics(event("Vacances de Noël - Zone A", "20251320", "20260105")), 7, "DTSTART"),
    ("end-before-start", ics(event("Vacances de Noël - Zone A", "20251220", "20251201")), 8,
     "DTEND"),
    ("no-summary", ics("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20251220\r\nEND:VEVENT"), 6,
     "SUMMARY"),
    ("not-closed", ics("BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20251220").replace(
        "END:VCALENDAR", "X-END:1"), 6, "END"),
    ("summer-without-end", ics(event("Vacances d'Été - Zone A", "20260704")), 7, "DTEND"),
    ("no-holidays", ics(event("Rentrée scolaire des élèves - Zone A", "20250901")), None,
     "SUMMARY"),
]


@pytest.mark.parametrize("name, text, line, prop", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_ics_exits_2_with_line_and_field(tmp_path: Path, name: str, text: str,
                                                line: int | None, prop: str) -> None:
    f = write(tmp_path, f"{name}.ics", text)
    res = CliRunner().invoke(main, ["calendar", "import", str(f)])
    assert res.exit_code == 2, res.output
    where = f"{name}.ics:{line}" if line else f"{name}.ics"
    assert where in res.output and f"field '{prop}'" in res.output, res.output
    assert "Traceback" not in res.output


def test_broken_holidays_file_exits_2(tmp_path: Path) -> None:
    (tmp_path / "vacances.yaml").write_text(
        "holidays:\n  - {name: Noël, from: 2025-12-20, to: 2025-12-01}\n", encoding="utf-8")
    cls = tmp_path / "classe.yaml"
    cls.write_text("programme: bts-ci\ncalendar:\n  start: 2025-09-01\n  end: 2027-06-30\n"
                   "  holidays_file: vacances.yaml\nstudents: []\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["verify", str(cls)])
    assert res.exit_code == 2
    assert "vacances.yaml:2" in res.output and "holidays[0].to" in res.output
    (tmp_path / "vacances.yaml").unlink()
    res = CliRunner().invoke(main, ["verify", str(cls)])
    assert res.exit_code == 2 and "calendar import" in res.output


def test_calendar_show_json(tmp_path: Path) -> None:
    cls = tmp_path / "c.yaml"
    cls.write_text("programme: bts-ci\ncalendar: {zone: B, start: 2025-09-01, end: 2027-06-30,"
                   " subdivision: 67}\nstudents: []\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["calendar", "show", str(cls), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert '"Vendredi saint"' in res.output and '"Saint-Étienne"' in res.output
    res = CliRunner().invoke(main, ["calendar", "show", str(cls), "--lang", "fr"])
    assert res.exit_code == 0 and "grandes vacances entre les deux années" in res.output


def test_web_api_takes_the_same_file() -> None:
    pytest.importorskip("fastapi")
    import tempfile

    from fastapi.testclient import TestClient
    from test_web_api import PASSWORD, login

    from solver.web.app import create_app
    from solver.web.auth import Accounts
    with tempfile.TemporaryDirectory() as tmp:
        Accounts(Path(tmp) / "data").add("teach", "teacher", PASSWORD)
        client = login(TestClient(create_app(Path(tmp) / "data", time_limit=5,
                                             allowed_hosts=["testserver"])), "teach")
        res = client.post("/api/calendar/import?from=2026-09-01",
                          files={"file": ("zone-a.ics", ZONE_A.encode(), "text/calendar")})
        assert res.status_code == 200, res.text
        holidays = res.json()["holidays"]
        assert holidays[0] == {"name": "Vacances de la Toussaint", "from": "2026-10-17",
                               "to": "2026-11-01"}
        bad = client.post("/api/calendar/import", content=BROKEN[1][1].encode(),
                          headers={"content-type": "text/calendar"})
        assert bad.status_code == 422
        assert bad.json()["line"] == 7 and bad.json()["field"] == "DTSTART"


def test_holidays_file_through_an_overlay_and_never_from_the_web(tmp_path: Path) -> None:
    from solver.core.errors import InputError
    from solver.web.service import parse_upload

    f = write(tmp_path, "zone-a.ics", ZONE_A)
    sub = tmp_path / "classes"
    sub.mkdir()
    assert CliRunner().invoke(main, ["calendar", "import", str(f), "-o",
                                     str(sub / "vacances.yaml")]).exit_code == 0
    text = ("programme: bts-ci\ncalendar:\n  start: 2025-09-01\n  end: 2027-06-30\n"
            "  holidays_file: vacances.yaml\nstudents: []\n")
    (sub / "classe.yaml").write_text(text, encoding="utf-8")
    ov = tmp_path / "variant.yaml"
    ov.write_text("base: classes/classe.yaml\nchanges:\n  - calendar.end=2027-06-25\n",
                  encoding="utf-8")
    assert load_scenario(ov).calendar.year2_start == D("2026-09-01")
    with pytest.raises(InputError) as exc:
        parse_upload(text.encode(), "classe.yaml")
    assert exc.value.field == "calendar.holidays_file"
