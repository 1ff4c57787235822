"""Convention details through the jobs: signed means locked, generate keeps them on
locked periods and carries them onto re-planned ones, repair keeps them on resized ones."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from solver.core.conventions import carry_details
from solver.load.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SN = ROOT / "scenarios" / "bts-sn-zone-a.yaml"


def sn_with_conventions(tmp_path: Path) -> Path:
    text = SN.read_text(encoding="utf-8")
    text = text.replace(
        'locked: true, label: "Orange Business, Lyon"}',
        'signed: true, company: "Orange Business", tutor: "Mme Colin", city: Lyon}')
    text = text.replace('  - id: S02\n    name: "Yanis Benali"\n',
                        '  - id: S02\n    name: "Yanis Benali"\n    periods:\n'
                        '      - {from: 2027-06-07, weeks: 2, place: france, '
                        'company: "Atelier Numérique", tutor: "M. Haddad", city: Rennes}\n')
    assert "Atelier" in text and "Mme Colin" in text
    out = tmp_path / "sn.yaml"
    out.write_text(text, encoding="utf-8")
    return out


def test_signed_is_locked(tmp_path: Path) -> None:
    sc = load_scenario(sn_with_conventions(tmp_path))
    p = next(s for s in sc.students if s.id == "S15").periods[0]
    assert p.signed and p.locked and p.company == "Orange Business"


def test_carry_details_onto_the_overlapping_new_period(tmp_path: Path) -> None:
    import dataclasses

    before = load_scenario(sn_with_conventions(tmp_path))
    s02 = next(s for s in before.students if s.id == "S02")
    old = s02.periods[0]
    moved = dataclasses.replace(old, start=old.start.replace(day=8), end=old.end.replace(
        day=old.end.day + 7), company=None, tutor=None, city=None)
    elsewhere = dataclasses.replace(moved, start=moved.start.replace(year=2028),
                                    end=moved.end.replace(year=2028))
    after = before.with_students([dataclasses.replace(s, periods=[elsewhere, moved])
                                  if s.id == "S02" else s for s in before.students])
    got = next(s for s in carry_details(before, after).students if s.id == "S02").periods
    assert got[0].company is None                     # no overlap: nothing carried
    assert (got[1].company, got[1].tutor, got[1].city) == ("Atelier Numérique", "M. Haddad",
                                                           "Rennes")
    assert not got[1].signed


def test_generate_round_trip_keeps_the_conventions(tmp_path: Path) -> None:
    src = sn_with_conventions(tmp_path)
    out = tmp_path / "plan.yaml"
    done = subprocess.run([sys.executable, "-m", "solver", "generate", str(src), "--format",
                           "yaml", "-o", str(out), "--time-limit", "10"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    plan = yaml.safe_load(out.read_text(encoding="utf-8"))
    s15 = next(s for s in plan["students"] if s["id"] == "S15")["periods"]
    assert s15 == [{"from": s15[0]["from"], "to": s15[0]["to"], "place": "france",
                    "locked": True, "company": "Orange Business", "tutor": "Mme Colin",
                    "city": "Lyon", "signed": True}]
    s02 = next(s for s in plan["students"] if s["id"] == "S02")["periods"]
    # SN: the whole class leaves in the last six teaching weeks of year 1, over June 2027
    assert any(p.get("company") == "Atelier Numérique" and "signed" not in p for p in s02)
    again = load_scenario(out)   # and the plan verifies with its details
    assert next(s for s in again.students if s.id == "S15").periods[0].signed


def test_repair_keeps_company_and_tutor_on_a_resized_period(tmp_path: Path) -> None:
    plan = ROOT / "scenarios" / "bts-ci-plan-2025-2027.yaml"
    text = plan.read_text(encoding="utf-8").replace(
        "      - {from: 2026-05-18, to: 2026-06-05, place: abroad, country: ES}\n",
        "      - {from: 2026-05-18, to: 2026-06-05, place: abroad, country: ES,\n"
        "         company: \"Logística Sur\", tutor: \"Sra. Ruiz\", city: Sevilla}\n", 1)
    assert "Logística" in text
    src = tmp_path / "plan.yaml"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "repaired.yaml"
    # planned from its start: by today (issue 18's default --from) its past is history
    done = subprocess.run([sys.executable, "-m", "solver", "repair", str(src), "-o", str(out),
                           "--time-limit", "10", "--from", "start"], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    s02 = next(s for s in load_scenario(out).students if s.id == "S02")
    abroad = [p for p in s02.periods if p.abroad]
    before = load_scenario(src).students[1].periods[0]
    # resized to the four-week abroad minimum, at either end: the same stint, longer
    assert len(abroad) == 1 and abroad[0].start <= before.start and abroad[0].end >= before.end
    assert (abroad[0].start, abroad[0].end) != (before.start, before.end)
    assert (abroad[0].company, abroad[0].tutor, abroad[0].city) == ("Logística Sur",
                                                                    "Sra. Ruiz", "Sevilla")
