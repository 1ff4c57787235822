"""Explain beyond one conflict (issue 14): a stopped search says so plainly, CP-SAT
cores are trusted only when they are subsets of the assumptions, correction sets,
disjoint conflicts and "why not?" questions."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import make_scenario, per, stu
from ortools.sat.python import cp_model
from rich.console import Console

import solver.jobs.explain as ex
from solver.io.render.repair_out import explain_json, explain_text
from solver.jobs.explain import explain_scenario, minimal_conflict

LOCKED_SUMMER = [stu("S8", per("2026-06-29", to="2026-08-21", locked=True),
                     per("2027-01-04", weeks=6, place="abroad", country="DE"))]


def test_a_stopped_search_says_so_and_claims_no_conflict(monkeypatch: Any) -> None:
    sc = make_scenario(LOCKED_SUMMER)

    def stopped(cm: Any, assumed: Any, time_limit: float) -> tuple[Any, Any]:
        return cp_model.UNKNOWN, cp_model.CpSolver()

    monkeypatch.setattr(ex, "_solve", stopped)
    result = explain_scenario(sc, time_limit=0.5)
    assert result.status == "unknown" and not result.feasible and result.conflict is None
    assert result.tried["students"] == ["S8"] and result.tried["solves"] == 1
    assert result.tried["assumed"] > 1
    out = explain_json(result, "en")
    assert out["feasible"] is False and out["conflict"] == [] and out["status"] == "unknown"
    con = Console(width=200, record=True, no_color=True)
    explain_text(result, "fr", con)
    text = con.export_text()
    assert "limite de temps" in text and "S8" in text and "Aucun conflit" in text


def test_a_core_outside_the_assumptions_is_not_trusted(monkeypatch: Any) -> None:
    sc = make_scenario(LOCKED_SUMMER)
    honest = minimal_conflict(sc)
    outside = 10 ** 6

    real = cp_model.CpSolver.sufficient_assumptions_for_infeasibility

    def buggy(self: cp_model.CpSolver) -> list[int]:
        return [*real(self), outside]

    monkeypatch.setattr(cp_model.CpSolver, "sufficient_assumptions_for_infeasibility", buggy)
    status, members = minimal_conflict(sc)
    assert status == "infeasible"
    assert {m.key for m in members} == {m.key for m in honest[1]}


@pytest.mark.parametrize("core", [[], "half"])
def test_an_empty_or_wrong_core_falls_back_to_a_checked_conflict(monkeypatch: Any,
                                                                  core: Any) -> None:
    sc = make_scenario(LOCKED_SUMMER)
    honest = minimal_conflict(sc)
    real = cp_model.CpSolver.sufficient_assumptions_for_infeasibility

    def wrong(self: cp_model.CpSolver) -> list[int]:
        got = list(real(self))
        return [] if core == [] else got[: max(1, len(got) // 3)]

    monkeypatch.setattr(cp_model.CpSolver, "sufficient_assumptions_for_infeasibility", wrong)
    status, members = minimal_conflict(sc)
    assert status == "infeasible"
    assert {m.key for m in members} == {m.key for m in honest[1]}


# ---- "why not?" questions -------------------------------------------------------------

def _wish_holds(sc: Any, sid: str, place: str, lo: str, hi: str) -> bool:
    import datetime as dt

    student = next(s for s in sc.students if s.id == sid)
    plan = sc.student_plan(student)
    cal = sc.calendar
    a, b = cal.span_indices(dt.date.fromisoformat(lo), dt.date.fromisoformat(hi))
    days = set()
    for x, y in (plan.abroad if place == "abroad" else plan.on):
        days.update(range(x, y + 1))
    return all(i in days for i in range(a, b + 1))


def test_a_possible_wish_gives_a_compliant_calendar_that_contains_it() -> None:
    from solver.jobs.ask import ask, parse_wishes
    from solver.jobs.verify import verify

    sc = make_scenario([stu("S03", per("2026-05-18", weeks=4, place="abroad", country="IE"),
                            per("2027-01-04", weeks=10))])
    wishes = parse_wishes("S03 étranger 04/01/2027..29/01/2027", sc)
    result = ask(sc, wishes)
    assert result.status == "possible" and result.conflict == []
    after = sc.with_students([type(s)(s.id, periods=result.periods.get(s.id, s.periods))
                              for s in sc.students])
    assert verify(after).compliant
    assert _wish_holds(after, "S03", "abroad", "2027-01-04", "2027-01-29")
    assert result.changed_days == 20 and result.optimal


def test_an_impossible_wish_gives_its_minimal_conflict_with_the_rest() -> None:
    from solver.jobs.ask import ask, parse_wishes
    from solver.jobs.explain import _conflict_model, _solve

    cal = {"zone": "A", "start": "2025-09-01", "end": "2027-06-30",
           "blocked": [{"from": "2027-05-10", "to": "2027-05-21", "reason": "CCF"}]}
    sc = make_scenario([stu("S03", per("2026-05-18", weeks=4, place="abroad", country="IE"),
                            per("2027-01-04", weeks=10))], calendar=cal)
    wishes = parse_wishes("S03 abroad 2027-05-17..2027-06-11", sc)
    result = ask(sc, wishes)
    assert result.status == "impossible"
    kinds = {m.kind for m in result.conflict}
    assert "wish" in kinds and "blocked" in kinds
    # minimal: dropping any member makes the rest (with or without the wish) feasible
    from solver.jobs.ask import _wish_literal
    for drop in range(len(result.conflict)):
        cm, assumables = _conflict_model(sc)
        lit = _wish_literal(cm, wishes)
        keep = [m.key for i, m in enumerate(result.conflict) if i != drop]
        chosen = [a for a in assumables if a.member.key in keep]
        if any(m.kind == "wish" for i, m in enumerate(result.conflict) if i != drop):
            chosen.append(ex._Assumable(lit, result.conflict[0]))
        code, _ = _solve(cm, chosen, 10)
        assert code in (cp_model.OPTIMAL, cp_model.FEASIBLE)


@pytest.mark.parametrize("question, field", [
    ("S03 abroad 2027-05-17", "--ask"), ("S99 abroad 2027-05-17..2027-06-11", "--ask"),
    ("S03 moon 2027-05-17..2027-06-11", "--ask"), ("S03 abroad 2027-02-30..2027-03-05",
                                                   "--ask")])
def test_a_bad_question_exits_2_naming_the_option(tmp_path: Any, question: str,
                                                  field: str) -> None:
    import subprocess
    import sys

    from conftest import ROOT
    proc = subprocess.run([sys.executable, "-m", "solver", "explain",
                           str(ROOT / "scenarios" / "bts-ci-plan-2025-2027.yaml"),
                           "--ask", question], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2, proc.stderr
    assert field in proc.stderr and "Traceback" not in proc.stderr


# ---- what to relax: correction sets -----------------------------------------------------

def _feasible_without(sc: Any, drop: set[Any], policy: bool = False) -> bool:
    from solver.jobs.explain import _conflict_model, _solve

    cm, assumables = _conflict_model(sc, policy)
    code, _ = _solve(cm, [a for a in assumables if a.member.key not in drop], 10)
    return code in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def _capacity_class() -> Any:
    cal = {"zone": "A", "start": "2025-09-01", "end": "2027-06-30",
           "blocked": [{"from": "2025-09-01", "to": "2026-05-15"},
                       {"from": "2026-06-15", "to": "2027-06-30"}]}
    return make_scenario([stu("A1", route="apprentice"), stu("A2", route="apprentice")],
                         calendar=cal,
                         policy=[{"id": "one-abroad", "kind": "max_abroad_per_week",
                                  "max": 1}])


@pytest.mark.parametrize("relax_rules", [False, True])
def test_each_correction_set_makes_the_class_feasible_and_no_strict_subset_does(
        relax_rules: bool) -> None:
    from solver.jobs.relax import category, correction_sets

    sc = _capacity_class()
    assert not _feasible_without(sc, set())
    result = correction_sets(sc, relax_rules=relax_rules, k=4)
    assert result.sets
    costs = [c.cost for c in result.sets]
    assert costs == sorted(costs)                      # cheapest first
    seen = set()
    for c in result.sets:
        keys = {m.key for m in c.members}
        assert frozenset(keys) not in seen
        seen.add(frozenset(keys))
        assert _feasible_without(sc, keys)
        for k in keys:
            assert not _feasible_without(sc, keys - {k})
        if not relax_rules:
            assert all(category(m, sc) != "rule" for m in c.members)
    # the capacity set says how much it needs: two abroad in some weeks, limit one
    cap = next(c for c in result.sets if [m.rule_id for m in c.members] == ["one-abroad"])
    needs = cap.needs["one-abroad"]
    assert needs and all(n.count == 2 and n.limit == 1 for n in needs)


def test_locked_summer_correction_is_the_lock_not_the_text() -> None:
    from solver.jobs.relax import correction_sets

    sc = make_scenario(LOCKED_SUMMER)
    plain = correction_sets(sc)
    assert [[m.rule_id for m in c.members] for c in plain.sets] == [["locked:S8:1"]]
    assert plain.complete
    rules = correction_sets(sc, relax_rules=True)
    assert [[m.rule_id for m in c.members] for c in rules.sets] == [["locked:S8:1"],
                                                                   ["summer-rest"]]


def test_disjoint_conflicts_share_no_member_and_each_is_minimal() -> None:
    from solver.jobs.explain import conflict_is_minimal
    from solver.jobs.relax import disjoint_conflicts

    # two students with a locked summer placement each: two conflicts, nothing shared
    sc = make_scenario([stu(sid, per("2026-06-29", to="2026-08-21", locked=True),
                            per("2027-01-04", weeks=6, place="abroad", country="DE"))
                        for sid in ("S1", "S2")])
    found = disjoint_conflicts(sc, k=3)
    assert len(found) == 2
    assert not ({m.key for m in found[0]} & {m.key for m in found[1]})
    for members in found:
        whole, drops = conflict_is_minimal(sc, members)
        assert whole and all(drops)


def test_a_placement_already_done_is_never_a_correction_to_let_go() -> None:
    """The bundled locked-summer class planned from today: S12's summer placement of 2026
    is history, which cannot be undone; the correction sets never list it (only the
    texts' summer rest, with --relax-rules), though a lock of the future may be one."""
    import datetime as dt
    from pathlib import Path

    from solver.jobs.history import history_split
    from solver.jobs.relax import correction_sets
    from solver.load.scenario import load_scenario

    root = Path(__file__).resolve().parent.parent
    sc = history_split(load_scenario(root / "scenarios" / "bts-ci-locked-summer.yaml"),
                       dt.date(2026, 12, 7))
    s12 = next(s for s in sc.students if s.id == "S12")
    # explain's verdict on S12 alone: the history is in its conflict
    found = explain_scenario(sc.with_students([s12]), from_date=dt.date(2026, 12, 7))
    assert found.status == "infeasible" and found.conflict is not None
    assert any(m.kind == "history" for m in found.conflict.members)
    plain = correction_sets(sc.with_students([s12]))
    assert plain.sets == [] and plain.complete
    rules = correction_sets(sc.with_students([s12]), relax_rules=True)
    assert rules.sets and all(m.kind != "history" for c in rules.sets for m in c.members)
    assert {m.rule_id for m in rules.sets[0].members} == {"summer-rest"}
