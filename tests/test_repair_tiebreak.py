"""Repair's last tie-break (issue 19): among the fixes of the fewest changed days and the
best taste, the least in a fixed order (``repair._least``), so that the answer does not
depend on which of the ties the search met first: not on the fix the day model found,
not on the solvers' settings."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import make_scenario, per, stu
from ortools.sat.python import cp_model

import solver.jobs.repair as rep
from solver.core.model import Scenario
from solver.io.render.repair_out import edit_json
from solver.jobs.edits import status_of
from solver.jobs.repair import repair
from solver.jobs.repair_taste import repair_preferences
from solver.jobs.verify import verify


def _student() -> Scenario:
    """An abroad block of three weeks: one week to add, before it or after it (the same
    taste: a whole school week, one run either way)."""
    return make_scenario([stu("S01", per("2026-05-18", weeks=3, place="abroad", country="ES"),
                              per("2027-01-04", weeks=11))])


def _said(sc: Scenario) -> list[Any]:
    result = repair(sc)
    assert result.status == "optimal"
    assert verify(result.scenario).acceptable
    return [(r.student.id, r.changed_days, [edit_json(e, "en") for e in r.edits])
            for r in result.students]


def test_the_same_fix_whichever_tie_the_search_meets_first(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Two fixes of one week and the same taste (the week before the block, the week
    after): the taste's solve hinted with either answers the one that changes days
    first."""
    sc = _student()
    s = sc.students[0]
    old = status_of(sc.student_plan(s), sc.calendar.n)
    repaired = repair(sc).scenario
    fix = status_of(repaired.student_plan(repaired.students[0]), sc.calendar.n)
    cost = sum(a != b for a, b in zip(old, fix, strict=True))
    values: list[int] = []
    least = rep._least

    def spy(*args: Any) -> dict[str, list[int]]:
        values.append(args[5])   # the proven taste of the fix the search found
        return least(*args)

    monkeypatch.setattr(rep, "_least", spy)
    prefs = repair_preferences()
    both = rep.taste_solve(sc, [s], [], {s.id: old}, {s.id: fix}, cost, prefs, 0.5, count=2)
    assert len(both) == 2 and values[0] == values[1]   # a real tie: the same taste
    first, second = (f[s.id] for f in both)
    assert first == fix

    def changed(new: list[int]) -> list[int]:
        return [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]

    assert changed(first) < changed(second)   # the earlier change
    again = rep.taste_solve(sc, [s], [], {s.id: old}, {s.id: second}, cost, prefs, 0.5)
    assert again == [{s.id: first}]   # hinted with the other one: the same answer


def _taste_solver(presolve: bool, seed: int) -> Any:
    def make(budget: float, alone: bool) -> cp_model.CpSolver:
        solver = rep.exact_solver(budget)
        solver.parameters.cp_model_presolve = presolve
        solver.parameters.linearization_level = 0 if presolve else 2
        solver.parameters.random_seed = seed
        return solver
    return make


def test_the_same_repair_whatever_the_solvers_settings(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The day model solved with or without its quick try (which finds another first
    fix), the taste's solve with or without presolve and LP, with other seeds: the
    same repair."""
    sc = _student()
    said = _said(sc)
    assert said[0][1] == 5
    for quick in (0.0, 0.04):
        monkeypatch.setattr(rep, "QUICK_BUDGET", quick)
        for presolve in (True, False):
            for seed in (1, 2, 3):
                monkeypatch.setattr(rep, "_taste_solver", _taste_solver(presolve, seed))
                assert _said(sc) == said, (quick, presolve, seed)
