"""Importing a class list (CSV in both separators and encodings, XLSX) into a class file:
round trips, guesses said, a column mapping, every broken row reported, nothing written."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from solver.core.errors import InputError
from solver.io.importer import ClassListError, class_file_yaml, import_class_list, parse_columns
from solver.load.scenario import load_scenario

START, END = dt.date(2025, 9, 1), dt.date(2027, 6, 30)
ROWS = [("Nom", "Prénom", "INE", "Statut", "Aménagement"),
        ("MARTIN", "Camille", "070123456AB", "Scolaire", ""),
        ("Benali", "Yanis", "070223456AB", "Apprenti(e)", "réduit"),
        ("Dubois", "Léa", "070323456AB", "Étudiant(e)", "Dispense d'une unité"),
        ("Œuvray", "Zoé", "070423456AB", "formation continue", "aucun")]
EXPECTED = [("070123456AB", "Camille MARTIN", "initial", "none"),
            ("070223456AB", "Yanis Benali", "apprentice", "reduced"),
            ("070323456AB", "Léa Dubois", "initial", "exempt-one-unit"),
            ("070423456AB", "Zoé Œuvray", "continuing", "none")]


def students_of(result) -> list[tuple[str, str | None, str, str]]:   # type: ignore[no-untyped-def]
    return [(s.id, s.name, s.route, s.adjustment) for s in result.scenario.students]


def csv_bytes(rows: list[tuple[str, ...]], sep: str, encoding: str, title: bool = False) -> bytes:
    text = ("Liste des élèves — BTS CI 1\n" if title else "") + "\r\n".join(
        sep.join(r) for r in rows) + "\r\n"
    return text.encode(encoding)


@pytest.mark.parametrize("sep,encoding", [(";", "utf-8"), (",", "utf-8-sig"),
                                          (";", "cp1252"), (",", "cp1252"), ("\t", "utf-8")])
def test_csv_round_trip(sep: str, encoding: str) -> None:
    rows = ROWS if encoding != "cp1252" else [tuple(c.replace("Œ", "Oe") for c in r)
                                              for r in ROWS]
    data = csv_bytes(rows, sep, encoding, title=sep == ";")
    result = import_class_list(data, "eleves.csv", programme="bts-ci", zone="A", start=START,
                               end=END, lang="fr")
    expected = EXPECTED if encoding != "cp1252" else [
        (i, n.replace("Œ", "Oe"), r, a) for i, n, r, a in EXPECTED]
    assert students_of(result) == expected
    said = " ".join(result.notes)
    assert ("Windows-1252" if encoding == "cp1252" else "UTF-8") in said
    assert {";": "« ; »", ",": "« , »", "\t": "tab"}[sep] in said
    assert ("ligne d'en-tête : ligne 2" in said) == (sep == ";")
    assert result.mapping == {"nom": "Nom", "prenom": "Prénom", "id": "INE",
                              "route": "Statut", "adjustment": "Aménagement"}


def test_xlsx_round_trip_and_the_written_file_loads(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Export Pronote", None, None])
    ws.append(["Élève", "Numéro", "Voie"])
    ws.append(["Camille MARTIN", 1001, "Scolaire"])
    ws.append([None, None, None])
    ws.append(["Yanis Benali", 1002.0, "apprentissage"])
    buf = io.BytesIO()
    wb.save(buf)
    result = import_class_list(buf.getvalue(), "classe.xlsx", programme="bts-sn", zone="B",
                               start=START, end=END, label="BTS SN 1")
    assert students_of(result) == [("1001", "Camille MARTIN", "initial", "none"),
                                   ("1002", "Yanis Benali", "apprentice", "none")]
    out = tmp_path / "classe.yaml"
    out.write_text(class_file_yaml(result, "classe.xlsx"), encoding="utf-8")
    back = load_scenario(out)
    assert [s.to_dict() for s in back.students] == [s.to_dict() for s in result.scenario.students]
    assert back.label == "BTS SN 1" and back.calendar.zone == "B"


def test_column_mapping_and_generated_ids() -> None:
    data = "Famille;Usuel;Régime\nPetit;Hugo;externe\nRoux;Nathan;interne\n".encode()
    with pytest.raises(InputError):   # nothing recognisable: say so, suggest --columns
        import_class_list(data, "x.csv", programme="bts-ci", zone="A", start=START, end=END)
    result = import_class_list(data, "x.csv", programme="bts-ci", zone="A", start=START,
                               end=END, columns=parse_columns("nom=famille,prénom=Usuel"))
    assert students_of(result) == [("S01", "Hugo Petit", "initial", "none"),
                                   ("S02", "Nathan Roux", "initial", "none")]
    assert any("S01" in n and "S02" in n for n in result.notes)
    with pytest.raises(InputError) as exc:
        parse_columns("nom=Nom,classe=Classe")
    assert exc.value.field == "--columns"
    with pytest.raises(InputError) as exc:
        import_class_list(data, "x.csv", programme="bts-ci", zone="A", start=START, end=END,
                          columns={"nom": "Nom de famille"})
    assert "Famille" in (exc.value.hint or "")


def test_every_bad_row_is_reported() -> None:
    rows = [ROWS[0], ("", "Yanis", "1", "Apprenti", ""), ("Dubois", "Léa", "1", "Stagiaire",
                                                           "réduit"),
            ("Petit", "Hugo", "", "scolaire", "demi"), ("Roux", "Nathan", "4", "", "")]
    data = csv_bytes(rows, ";", "utf-8")
    with pytest.raises(ClassListError) as exc:
        import_class_list(data, "eleves.csv", programme="bts-ci", zone="A", start=START,
                          end=END)
    got = {(p.line, p.field) for p in exc.value.problems}
    assert got == {(2, "Nom"), (3, "INE"), (3, "Statut"), (4, "INE"), (4, "Aménagement")}
    assert exc.value.rows == 3
    lines = exc.value.lines("fr")
    assert any("ligne 3, colonne « Statut »" in ln and "Stagiaire" in ln for ln in lines)
    assert all("eleves.csv" in ln for ln in lines)


def test_programme_refuses_a_route() -> None:
    data = csv_bytes([ROWS[0], ROWS[2]], ";", "utf-8")
    with pytest.raises(ClassListError) as exc:
        import_class_list(data, "l.csv", programme="bts-ndrc", zone="A", start=START, end=END,
                          lang="fr")
    # BTS NDRC (year-1 school plan) takes neither apprentices nor a reduced duration
    assert [(p.line, p.field) for p in exc.value.problems] == [(2, "Statut"),
                                                               (2, "Aménagement")]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "solver", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=120)


def test_cli_writes_nothing_on_bad_rows_and_a_class_file_otherwise(tmp_path: Path) -> None:
    good = tmp_path / "eleves.csv"
    good.write_bytes(csv_bytes([tuple(c.replace("Œ", "Oe") for c in r) for r in ROWS], ";",
                               "cp1252"))
    out = tmp_path / "classe.yaml"
    done = run_cli("import", str(good), "--programme", "bts-ci", "--zone", "A",
                   "--start", "01/09/2025", "--end", "30/06/2027", "-o", str(out),
                   "--lang", "fr", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Windows-1252" in done.stderr and "4 étudiants importés" in done.stderr
    assert load_scenario(out).students[1].route == "apprentice"
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([ROWS[0], ("X", "Y", "1", "pilote", "")], ";", "utf-8"))
    out2 = tmp_path / "bad.yaml"
    failed = run_cli("import", str(bad), "--programme", "bts-ci", "--zone", "A",
                     "--start", "2025-09-01", "--end", "2027-06-30", "-o", str(out2),
                     "--lang", "fr", cwd=tmp_path)
    assert failed.returncode == 2 and not out2.exists()
    assert "ligne 2, colonne « Statut »" in failed.stderr and "Traceback" not in failed.stderr
    missing = run_cli("import", str(tmp_path / "nope.csv"), "--programme", "bts-ci", "--zone",
                      "A", "--start", "2025-09-01", "--end", "2027-06-30", cwd=tmp_path)
    assert missing.returncode == 2 and "nope.csv" in missing.stderr
