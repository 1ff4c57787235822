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
    # an empty INE is no longer a refusal (issue 20): the row is wrong for its Aménagement only
    assert got == {(2, "Nom"), (3, "INE"), (3, "Statut"), (4, "Aménagement")}
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


# ---- issue 20: the Lille export (title row, « Régime/Statut », a missing INE, a footer) ----

FIRST = ["Camille", "Yanis", "Léa", "Hugo", "Zoé", "Nathan", "Inès", "Lucas", "Chloé", "Adam",
         "Manon", "Noah", "Jade", "Louis", "Lina", "Éloïse", "Rayan", "Emma", "Tom", "Sarah",
         "Enzo", "Maëlys", "Théo", "Lou", "Sacha", "Nina"]
LAST = ["MARTIN", "BENALI", "DUBOIS", "PETIT", "ŒUVRAY", "ROUX", "LEFEBVRE", "MOREAU",
        "FONTAINE", "DUPONT", "LAMBERT", "GIRARD", "BONNET", "FRANÇOIS", "MERCIER", "MARTINEZ",
        "GARNIER", "FAURE", "ROUSSEAU", "BLANC", "GUERIN", "MULLER", "HENRY", "ROUSSEL",
        "NICOLAS", "PERRIN"]


def lille_xlsx(ine_missing: str = "en attente") -> bytes:
    """The issue's export: a title row, NOM / Prénom / INE / Régime/Statut / Aménagement,
    26 students (two apprentices, one in formation continue, one reduced duration), the
    INE of student 12 « en attente » and that of student 20 empty, a « Total » footer."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Lycée Baggio — Lille — BTS CI 1re année — année 2027-2028"])
    ws.append(["NOM", "Prénom", "INE", "Date de naissance", "Régime/Statut", "Aménagement"])
    for k in range(26):
        status = {1: "Apprenti", 9: "Apprentie", 19: "Formation continue"}.get(k, "Scolaire")
        ine = {11: ine_missing, 19: None}.get(k, f"07{k:07d}AB")
        ws.append([LAST[k], FIRST[k], ine, dt.datetime(2008, 1 + k % 12, 1 + k), status,
                   "Durée réduite" if k == 5 else None])
    ws.append([None] * 6)
    ws.append(["Total : 26 élèves"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


LILLE_START, LILLE_END = dt.date(2027, 9, 1), dt.date(2029, 6, 30)


def test_the_lille_export_imports_in_one_go() -> None:
    from solver.io.importer import CalendarChoice

    choice = CalendarChoice(LILLE_START, LILLE_END, academie="Lille",
                            final_exams=(dt.date(2029, 5, 10), dt.date(2029, 5, 21)),
                            blocked=[(dt.date(2028, 5, 15), dt.date(2028, 5, 19), "CCF E4")],
                            max_on_placement=15)
    result = import_class_list(lille_xlsx(), "BTS CI 1.xlsx", programme="bts-ci",
                               start=LILLE_START, end=LILLE_END, lang="fr", settings=choice)
    students = result.scenario.students
    assert len(students) == 26
    routes = {s.name: s.route for s in students}
    assert routes["Yanis BENALI"] == routes["Adam DUPONT"] == "apprentice"
    assert routes["Sarah BLANC"] == "continuing"
    assert sum(r == "initial" for r in routes.values()) == 23
    assert {s.name: s.adjustment for s in students}["Nathan ROUX"] == "reduced"
    # the status column was taken, and said so; the date of birth left alone
    assert result.mapping["route"] == "Régime/Statut"
    said = " ".join(result.notes)
    assert "voie = « Régime/Statut »" in said and "aménagement = « Aménagement »" in said
    assert "ligne d'en-tête : ligne 2" in said
    assert "ligne 30 ignorée (pied de liste) : « Total : 26 élèves »" in said
    # the two missing INEs: an id each, never one already in the file, with a warning
    ids = [s.id for s in students]
    assert len(set(ids)) == 26 and ids[11] == "S01" and ids[19] == "S02"
    warned = " ".join(result.warnings)
    assert "ligne 14 (Noah GIRARD) : INE « en attente », identifiant S01 donné" in warned
    assert "ligne 22 (Sarah BLANC) : INE vide, identifiant S02 donné" in warned
    # 2027-2029 is past the published holidays: provisional, said plainly
    assert result.scenario.calendar.provisional
    assert result.data["calendar"]["provisional"] is True
    assert "calendrier provisoire" in warned and "zone B" in warned
    assert "2028-" not in warned   # French dates inside French messages
    # the académie gives the zone and is kept; exams, CCF and the tutor cap are in the file
    assert result.data["academie"] == "Lille" and result.scenario.calendar.zone == "B"
    finals = [b for b in result.scenario.calendar.blocked if b.final]
    assert [(b.start, b.end) for b in finals] == [(dt.date(2029, 5, 10), dt.date(2029, 5, 21))]
    assert any(b.label == "CCF E4" for b in result.scenario.calendar.blocked)
    from solver.rules.capacity import MaxOnPlacementPerWeek

    cap = [r for r in result.scenario.policy if isinstance(r, MaxOnPlacementPerWeek)]
    assert len(cap) == 1 and cap[0].max == 15


def test_the_lille_export_round_trips_through_a_class_file(tmp_path: Path) -> None:
    from solver.io.importer import CalendarChoice

    choice = CalendarChoice(LILLE_START, LILLE_END, zone="B",
                            final_exams=(dt.date(2029, 5, 10), dt.date(2029, 5, 21)))
    result = import_class_list(lille_xlsx(""), "l.xlsx", programme="bts-ci",
                               start=LILLE_START, end=LILLE_END, settings=choice)
    out = tmp_path / "classe.yaml"
    out.write_text(class_file_yaml(result, "l.xlsx"), encoding="utf-8")
    back = load_scenario(out)
    assert back.calendar.provisional and back.calendar.zone == "B"
    assert [s.to_dict() for s in back.students] == [s.to_dict() for s in result.scenario.students]
    assert "row 14 (Noah GIRARD): INE empty, id S01 given" in " ".join(result.warnings)


def test_a_regime_column_is_taken_only_when_it_says_a_status() -> None:
    boarding = "Nom;Prénom;Régime\nPetit;Hugo;externe\nRoux;Nathan;interne\n".encode()
    result = import_class_list(boarding, "x.csv", programme="bts-ci", zone="A", start=START,
                               end=END, lang="fr")
    assert "route" not in result.mapping
    assert any("« Régime » non utilisée" in n for n in result.notes)
    status = "Nom;Prénom;Régime\nPetit;Hugo;apprenti\nRoux;Nathan;scolaire\n".encode()
    result = import_class_list(status, "x.csv", programme="bts-ci", zone="A", start=START,
                               end=END)
    assert result.mapping["route"] == "Régime"
    assert [s.route for s in result.scenario.students] == ["apprentice", "initial"]


def test_an_unused_column_that_looks_like_a_status_is_warned_about() -> None:
    data = ("Nom;Prénom;Situation;Remarque\nPetit;Hugo;Apprenti;\nRoux;Nathan;Scolaire;"
            "aucun\nDurand;Léo;Apprentie;-\n").encode()
    result = import_class_list(data, "x.csv", programme="bts-ci", zone="A", start=START,
                               end=END, lang="fr")
    assert [s.route for s in result.scenario.students] == ["initial"] * 3
    assert len(result.warnings) == 1   # « Remarque » (aucun, -) says nothing
    assert "« Situation » ressemble à la voie" in result.warnings[0]
    assert '--columns statut="Situation"' in result.warnings[0]


def test_footer_counts_that_disagree_and_real_errors_still_all_listed() -> None:
    data = ("Nom;Prénom;INE;Statut\nPetit;Hugo;1;pilote\nRoux;Nathan;1;scolaire\n"
            ";Léo;en attente;scolaire\nEffectif : 3\n").encode()
    with pytest.raises(ClassListError) as exc:
        import_class_list(data, "x.csv", programme="bts-ci", zone="A", start=START, end=END)
    # the footer is no bad row; the three real problems are listed at once
    assert {(p.line, p.field) for p in exc.value.problems} == {
        (2, "Statut"), (3, "INE"), (4, "Nom")}
    ok = "Nom;Prénom\nPetit;Hugo\nRoux;Nathan\nTotal : 3 élèves\n".encode()
    result = import_class_list(ok, "x.csv", programme="bts-ci", zone="A", start=START,
                               end=END, lang="fr")
    assert [s.id for s in result.scenario.students] == ["S01", "S02"]
    assert result.warnings == ["le pied de liste annonce 3 élèves, 2 ont été lus"]


def test_spans_and_zones_of_the_command_line() -> None:
    from solver.core.calendar_source import zone_of_academie
    from solver.io.importer import parse_span

    assert parse_span("10/05/2029..21/05/2029", "--final-exams")[:2] == (
        dt.date(2029, 5, 10), dt.date(2029, 5, 21))
    assert parse_span("2028-05-15..2028-05-19:CCF E4", "--blocked") == (
        dt.date(2028, 5, 15), dt.date(2028, 5, 19), "CCF E4")
    for bad in ("21/05/2029..10/05/2029", "mai 2029", "10/05/2029..demain"):
        with pytest.raises(InputError) as exc:
            parse_span(bad, "--blocked")
        assert exc.value.field == "--blocked"
    assert [zone_of_academie(a) for a in ("Lille", "académie de Lyon", "Orléans Tours",
                                          "CRÉTEIL", "Corse")] == ["B", "A", "B", "C", None]


def test_cli_imports_the_lille_class_for_2027_2029(tmp_path: Path) -> None:
    src = tmp_path / "BTS CI 1.xlsx"
    src.write_bytes(lille_xlsx())
    out = tmp_path / "classe.yaml"
    done = run_cli("import", str(src), "--programme", "bts-ci", "--academie", "Lille",
                   "--start", "01/09/2027", "--end", "30/06/2029",
                   "--final-exams", "10/05/2029..21/05/2029",
                   "--blocked", "15/05/2028..19/05/2028:CCF E4", "--max-on-placement", "15",
                   "-o", str(out), "--lang", "fr", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "calendrier provisoire" in done.stderr and "identifiant S01 donné" in done.stderr
    assert "26 étudiants importés" in done.stderr
    back = load_scenario(out)
    assert back.calendar.provisional and len(back.students) == 26
    assert "academie: Lille" in out.read_text(encoding="utf-8")
    nozone = run_cli("import", str(src), "--programme", "bts-ci", "--start", "01/09/2027",
                     "--end", "30/06/2029", "--lang", "fr", cwd=tmp_path)
    assert nozone.returncode == 2 and "--academie" in nozone.stderr
    assert "Traceback" not in nozone.stderr
