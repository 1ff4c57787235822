"""Explain beyond one conflict (issue 14): a stopped search says so plainly, CP-SAT
cores are trusted only when they are subsets of the assumptions, correction sets,
disjoint conflicts and "why not?" questions."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import make_scenario, per, stu
from ortools.sat.python import cp_model
from rich.console import Console

import solver.explain as ex
from solver.explain import explain_scenario, minimal_conflict
from solver.render.repair_out import explain_json, explain_text

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
