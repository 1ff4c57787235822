"""The rolled-up batch report (issue 11): French CSV, XLSX, offline HTML, roll-ups."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from solver.io.render.batch_report import report, report_csvs, report_html, report_xlsx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from make_academie import make_academie  # noqa: E402


def summary(file: str, academie: str, school: str, status: str, students: int = 10,
            abroad: dict[str, int] | None = None, cap: int | None = None,
            plan_ko: int = 0, label: str = "BTS CI") -> dict[str, Any]:
    feasible = status in ("optimal", "feasible")
    g: dict[str, Any] = {"status": status, "feasible": feasible, "objective": 10 if feasible
                         else None, "solve_time": 0.25, "conflict": []}
    if feasible:
        abroad = abroad or {}
        g.update(abroad_weeks=12.5, holiday_weeks=1.2, abroad_by_week=abroad,
                 abroad_peak=max(abroad.values(), default=0),
                 abroad_peak_week=max(abroad, key=lambda w: abroad[w]) if abroad else None,
                 abroad_capacity=cap)
    return {"name": file, "file": file, "label": label, "programme": "bts-ci", "zone": "A",
            "academie": academie, "school": school, "students": students,
            "verify": {"compliant": not plan_ko, "students": students,
                       "non_compliant": [f"S{k:02d}" for k in range(plan_ko)],
                       "broken": {}, "class_broken": []},
            "generate": g}


SUMMARIES = [
    summary("a.yaml", "Lyon", "Lycée Ampère", "optimal", 10,
            {"2027-01-04": 4, "2027-01-11": 4}, cap=4, plan_ko=2,
            label="=HYPERLINK(\"http://x\")"),
    summary("b.yaml", "Lyon", "Lycée Ampère", "feasible", 12, {"2027-01-04": 3}, cap=6),
    summary("c.yaml", "Lyon", "Lycée Colbert", "infeasible", 8),
    summary("d.yaml", "Lille", "Lycée Faidherbe", "optimal", 20, {"2027-01-11": 2}),
    {"name": "e.yaml", "file": "e.yaml", "changes": [],
     "error": {"error": "worker lost: KilledWorker", "message": "worker lost: KilledWorker"}},
]


def test_rollups_count_per_level() -> None:
    rep = report(SUMMARIES, lang="en")
    lyon = next(r for r in rep["academie"] if r["key"] == "Lyon")
    assert (lyon["classes"], lyon["students"], lyon["feasible"], lyon["optimal"],
            lyon["unproven"], lyon["infeasible"]) == (3, 30, 2, 1, 1, 1)
    assert lyon["feasible_share"] == round(2 / 3, 3)
    assert lyon["students_in_infeasible"] == 8 and lyon["plan_non_compliant"] == 2
    # Lyon's classes abroad the same week add up: 4 + 3 on 2027-01-04, against 4 + 6
    assert lyon["abroad_peak"] == 7 and lyon["abroad_capacity"] == 10
    assert lyon["classes_at_capacity"] == 1   # class a fills its 4 places twice
    schools = {r["key"]: r["classes"] for r in rep["school"]}
    assert schools == {"Lycée Ampère (Lyon)": 2, "Lycée Colbert (Lyon)": 1,
                       "Lycée Faidherbe (Lille)": 1, "(not given)": 1}
    assert rep["total"]["classes"] == 5 and rep["total"]["errors"] == 1
    assert rep["total"]["feasible_share"] == round(3 / 4, 3)   # errors are not judged
    classes = {r["file"]: r for r in rep["classes"]}
    assert classes["a.yaml"]["weeks_at_capacity"] == 2 and classes["b.yaml"][
        "weeks_at_capacity"] == 0
    assert classes["e.yaml"]["outcome"] == "error"


def test_french_csv_reads_back_with_semicolons() -> None:
    files = report_csvs(report(SUMMARIES, lang="fr"), "fr")
    assert sorted(files) == ["academies.csv", "classes.csv", "diplomes.csv", "etablissements.csv",
                             "zones.csv"]
    raw = files["classes.csv"].encode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf")   # UTF-8 with BOM: Excel opens it as UTF-8
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert list(rows[0])[:5] == ["Académie", "Zone", "Établissement", "Diplôme", "Fichier"]
    assert len(rows) == 5
    a = rows[0]
    assert a["Semaines à l'étranger"] == "12,5" and a["Semaines en vacances"] == "1,2"
    assert a["Faisable"] == "oui" and a["Résultat"] == "conforme, optimal"
    assert a["Semaine du pic"] == "04/01/2027"
    assert a["Classe"].startswith("'=")   # a formula in a label stays text
    assert rows[2]["Résultat"] == "AUCUN calendrier conforme"
    assert rows[4]["Erreur"] == "worker lost: KilledWorker"
    aca = list(csv.DictReader(io.StringIO(files["academies.csv"].lstrip("\ufeff")),
                              delimiter=";"))
    lyon = next(r for r in aca if r["Académie"] == "Lyon")
    assert lyon["Faisables (%)"] == "66,7" and lyon["Classes"] == "3"


def test_xlsx_has_a_sheet_per_level() -> None:
    data = report_xlsx(report(SUMMARIES, lang="fr"), "fr")
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Classes", "Établissement", "Académie", "Zone", "Diplôme"]
    ws = wb["Académie"]
    assert ws.cell(1, 1).value == "Académie" and ws.cell(1, 2).value == "Classes"
    values = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, ws.max_row + 1)}
    assert values["Lyon"] == 3
    assert wb["Classes"].cell(2, 12).value == 12.5   # a number, not text
    time.sleep(1.1)   # openpyxl stamps the save time (seconds): the report must not
    assert data == report_xlsx(report(SUMMARIES, lang="fr"), "fr")   # deterministic


def test_html_report_is_offline_with_charts() -> None:
    page = report_html(report(SUMMARIES, lang="fr"), "fr")
    assert page.count("<svg") == 2
    assert not re.search(r"(src|href)\s*=\s*\"?https?:", page)
    assert "<script" not in page
    assert "=HYPERLINK(&quot;http://x&quot;)" in page
    assert "Par académie" in page and "Lyon" in page


def test_cli_batch_report_in_french(tmp_path: Path) -> None:
    make_academie(tmp_path / "aca", 3, seed=5, students=(4, 5))
    out = subprocess.run(
        [sys.executable, "-m", "solver", "batch", str(tmp_path / "aca"), "--executor", "serial",
         "--time-limit", "2", "--lang", "fr", "--report", str(tmp_path / "rep"),
         "--format", "json", "--pseudonymise"],
        capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["report"]["total"]["classes"] == 3
    assert "_load" not in json.dumps(doc["report"])
    assert "3 lignes : 3 calculées" in out.stderr
    names = sorted(p.name for p in (tmp_path / "rep").iterdir())
    assert names == ["academies.csv", "classes.csv", "diplomes.csv", "etablissements.csv",
                     "rapport.html", "rapport.xlsx", "zones.csv"]
    rows = list(csv.DictReader(io.StringIO(
        (tmp_path / "rep" / "classes.csv").read_text("utf-8-sig")), delimiter=";"))
    assert [r["Fichier"] for r in rows] == [s["file"] for s in doc["scenarios"]]
    assert all(r["Académie"] != "(non renseigné)" for r in rows)
    # pseudonyms were restored: the ids of the files are in the output, no pseudonym is
    assert "ps-" not in out.stdout
