"""Tests of explain: nothing to explain when a compliant plan exists; otherwise a conflict
that is infeasible as a whole and minimal (drop any member and the rest is feasible),
with locked periods, blocked dates and policy rules taking part like rules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, calendar_of, make_scenario, per, stu

from solver.jobs.explain import conflict_is_minimal, explain_scenario

EXAMPLE = ROOT / "scenarios" / "bts-ci-plan-2025-2027.yaml"


def assert_minimal(sc, members) -> None:  # type: ignore[no-untyped-def]
    whole, drops = conflict_is_minimal(sc, members)
    assert whole, "the conflict is not infeasible"
    assert all(drops), [m.rule_id for m, ok in zip(members, drops, strict=True) if not ok]


def test_compliant_class_has_nothing_to_explain() -> None:
    sc = make_scenario([stu("OK", per("2026-05-18", weeks=6, place="abroad", country="DE"),
                            per("2027-01-04", weeks=8))])
    result = explain_scenario(sc)
    assert result.status == "compliant" and result.feasible and result.conflict is None


def test_broken_but_repairable_plan_says_repair() -> None:
    sc = make_scenario([stu("S1", per("2026-05-18", weeks=3, place="abroad", country="DE"),
                            per("2027-01-04", weeks=11))])
    result = explain_scenario(sc)
    assert result.status == "repairable" and result.feasible


def test_class_without_plan_that_can_be_generated() -> None:
    sc = make_scenario([stu("A"), stu("B", adjustment="reduced")])
    assert explain_scenario(sc).status == "generable"


def test_locked_summer_placement_conflict_is_minimal() -> None:
    sc = make_scenario([stu("S8", per("2026-06-29", to="2026-08-21", locked=True),
                            per("2027-01-04", weeks=6, place="abroad", country="DE"))])
    result = explain_scenario(sc)
    assert result.status == "infeasible" and result.conflict is not None
    members = result.conflict.members
    assert {m.rule_id for m in members} == {"summer-rest", "locked:S8:1"}
    assert_minimal(sc, members)


def test_three_weeks_abroad_locked_between_blocked_dates() -> None:
    # a locked 3-week abroad period, blocked weeks right before and after it, and
    # nothing else abroad: the abroad block cannot grow
    cal = calendar_of(blocked=[{"from": "2025-09-01", "to": "2026-05-15"},
                               {"from": "2026-06-08", "to": "2027-06-30"}])
    sc = make_scenario([stu("S1", per("2026-05-18", weeks=3, place="abroad", country="ES",
                                      locked=True))], calendar=cal)
    result = explain_scenario(sc)
    assert result.status == "infeasible" and result.conflict is not None
    members = result.conflict.members
    kinds = {m.kind for m in members}
    assert "consecutive_block" in kinds or "total_weeks" in kinds
    assert "blocked" in kinds
    assert_minimal(sc, members)


def test_capacity_policy_takes_part_in_a_class_conflict() -> None:
    # two apprentices (only the 4-week abroad block applies to them) and only four
    # free weeks in the whole training: with one place abroad per week, they clash
    cal = calendar_of(blocked=[{"from": "2025-09-01", "to": "2026-05-15"},
                               {"from": "2026-06-15", "to": "2027-06-30"}])
    sc = make_scenario([stu("A1", route="apprentice"), stu("A2", route="apprentice")],
                       calendar=cal,
                       policy=[{"id": "one-abroad", "kind": "max_abroad_per_week", "max": 1}])
    result = explain_scenario(sc)
    assert result.status == "infeasible" and result.conflict is not None
    members = result.conflict.members
    ids = {m.rule_id for m in members}
    assert "one-abroad" in ids
    assert sum(m.rule_id == "apprentice-abroad-block" for m in members) == 2
    assert_minimal(sc, members)


def test_same_conflict_reported_for_alike_students() -> None:
    cal = calendar_of(blocked=[{"from": "2025-09-01", "to": "2027-06-30"}])
    sc = make_scenario([stu("A"), stu("B")], calendar=cal)
    result = explain_scenario(sc)
    assert result.status == "infeasible" and result.conflict is not None
    assert result.conflict.students == ["A"]
    assert [c.students for c in result.others] == [["B"]]
    assert_minimal(make_scenario([stu("A")], calendar=cal), result.conflict.members)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "solver", *args], capture_output=True,
                          text=True, cwd=ROOT)


def test_cli_explain_exit_codes_and_json(tmp_path: Path) -> None:
    # planned from its start: by today (issue 18's default --from) its past is history
    r = run("explain", str(EXAMPLE), "--format", "json", "--from", "start")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["feasible"] is True
    target = tmp_path / "locked.yaml"
    target.write_text("""programme: bts-ci
calendar: {zone: A, start: 2025-09-01, end: 2027-06-30}
students:
  - id: S8
    periods:
      - {from: 2026-06-29, to: 2026-08-21, place: france, locked: true}
""", encoding="utf-8")
    r = run("explain", str(target), "--format", "json")
    assert r.returncode == 1, r.stderr
    data = json.loads(r.stdout)
    assert data["feasible"] is False
    assert all({"rule", "kind", "citation"} <= set(c) for c in data["conflict"])
    r = run("explain", str(target), "--lang", "fr")
    assert r.returncode == 1
    assert "Aucun plan conforme" in r.stdout and "locked.yaml:6" in r.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text("programme: [", encoding="utf-8")
    r = run("explain", str(bad))
    assert r.returncode == 2 and "Traceback" not in r.stderr
