"""Repair's shortcuts in building its models (issue 19): each gives the model a fresh
build gives, so the repair is the same with them as without.

- the taste's model of one student is compiled once per kind of student and grid and
  copied (``repair._taste_model``);
- a plan is hinted in one write (``repair.hint_plan``) instead of ``add_hint`` per unit;
- models are copied without OR-Tools' camelCase aliases (``sat.clone_model``)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from conftest import make_scenario, per, stu
from ortools.sat.python import cp_model

import solver.jobs.repair as rep
from solver.core.model import Scenario
from solver.engine.classmodel import build_class_model
from solver.engine.sat import LeanCpModel, clone_model
from solver.io.render.repair_out import edit_json
from solver.jobs.edits import status_of
from solver.jobs.repair import RepairResult, repair


def _class() -> Scenario:
    """Students of one kind (same route, nothing locked), plans in whole weeks, each
    broken in its own way, and one whose plan splits a week."""
    rows = [("A", "2026-05-18", "2026-06-05", "DE", "2027-01-04", 11),
            ("B", "2026-03-02", "2026-03-20", "ES", "2027-01-11", 11),
            ("C", "2026-05-18", "2026-06-26", "DE", "2027-01-04", 6),
            ("D", "2026-05-20", "2026-06-12", "DE", "2027-01-04", 11)]
    return make_scenario([stu(sid, per(start, to=end, place="abroad", country=country),
                              per(france, weeks=weeks))
                          for sid, start, end, country, france, weeks in rows])


def _said(result: RepairResult) -> list[Any]:
    return [(r.student.id, r.status, r.changed_days, [edit_json(e, "en") for e in r.edits])
            for r in result.students]


def _clear() -> None:
    rep._BASES.clear()
    rep._TASTES.clear()


def _unnamed(model: cp_model.CpModel) -> str:
    copy = model.clone()
    copy.remove_all_names()
    return str(copy.proto)


def test_taste_model_of_a_student_is_the_fresh_build_whoever_compiled_it() -> None:
    """The shared taste model, compiled for another student of the same kind, copied
    and given to this one: the same constraints, variables and literals as building
    it for this student (only the variables' names differ)."""
    sc = _class()
    cal = sc.calendar
    olds = {s.id: status_of(sc.student_plan(s), cal.n) for s in sc.students}
    _clear()
    grid = rep.mixed_grid(cal, list(olds.values()))
    first = rep._taste_model(sc.with_students([sc.students[0]]), grid)   # compiles it
    assert len(rep._TASTES) == 1
    for s in sc.students[1:]:
        one = sc.with_students([s])
        shared = rep._taste_model(one, grid)
        assert len(rep._TASTES) == 1   # one kind of student, one grid: one compiled model
        fresh = build_class_model(one, grid=grid, share_windows=False, symmetry=False,
                                  abroad_waves=False, stay_in_france=False)
        fresh.require_hard()
        assert _unnamed(shared.model) == _unnamed(fresh.model)
        assert list(shared.student_vars) == [s.id]
        sv, fv = shared.student_vars[s.id], fresh.student_vars[s.id]
        assert [x.index for x in sv.on + sv.ab] == [x.index for x in fv.on + fv.ab]
        assert [i.literal.index for i in shared.ctx.literals] == \
            [i.literal.index for i in fresh.ctx.literals]
        # what a taste adds to its copy stays out of the shared model
        shared.model.new_bool_var("extra")
        shared.ctx.literals.append(shared.ctx.literals[0])
    assert len(first.model.proto.variables) == len(rep._TASTES[next(iter(rep._TASTES))]
                                                   .model.proto.variables)
    assert len(rep._TASTES[next(iter(rep._TASTES))].ctx.literals) == len(first.ctx.literals)


@pytest.mark.parametrize("threads", [1, 2])
def test_repair_with_the_shared_models_is_the_repair_from_fresh_builds(
        monkeypatch: pytest.MonkeyPatch, threads: int) -> None:
    """Each student repaired alone from cold caches, then the class at once (the
    models compiled for the first student of a kind serve the others): the same fixes."""
    monkeypatch.setattr(rep, "REPAIR_THREADS", threads)
    sc = _class()
    alone = []
    for s in sc.students:
        _clear()
        alone.extend(_said(repair(sc.with_students([s]))))
    _clear()
    together = _said(repair(sc))
    again = _said(repair(sc))   # every model from the caches
    assert together == alone == again
    assert sum(r[2] for r in together) > 0


def test_hint_plan_writes_what_add_hint_writes() -> None:
    sc = _class()
    cal = sc.calendar
    plan = status_of(sc.student_plan(sc.students[3]), cal.n)   # a split week: days
    for grid in (rep.mixed_grid(cal, [plan]), None):
        cm = build_class_model(sc.with_students([sc.students[3]]), grid=grid,
                               grid_mode="day", share_windows=False, symmetry=False,
                               abroad_waves=False, stay_in_france=False)
        sv = cm.student_vars["D"]
        by_hand = clone_model(cm.model)
        for u, unit in enumerate(cm.grid.units):
            by_hand.add_hint(sv.on[u], plan[unit.lo] != 0)
            by_hand.add_hint(sv.ab[u], plan[unit.lo] == 2)
        at_once = clone_model(cm.model)
        rep.hint_plan(at_once, sv, cm.grid, plan)
        assert str(at_once.proto.solution_hint) == str(by_hand.proto.solution_hint)
        assert len(at_once.proto.solution_hint.vars) == 2 * len(cm.grid.units)


def test_lean_clone_is_the_same_model() -> None:
    model = cp_model.CpModel()
    x, y = model.new_bool_var("x"), model.new_bool_var("y")
    model.add_bool_or([x, y])
    model.add_hint(x, True)
    model.minimize(x + y)
    copy = clone_model(model)
    assert isinstance(copy, LeanCpModel)
    assert str(copy.proto) == str(model.clone().proto)
    assert not hasattr(copy, "AddBoolOr") and hasattr(model, "AddBoolOr")
    copy.add(x == 1)    # the copy is a model of its own
    assert len(copy.proto.constraints) == len(model.proto.constraints) + 1
    solver = cp_model.CpSolver()
    assert solver.solve(copy) == cp_model.OPTIMAL and solver.objective_value == 1


def test_cached_models_follow_the_kind_of_student() -> None:
    """An apprentice (another kind) gets a compiled taste model of their own."""
    sc = _class()
    _clear()
    s = sc.students[0]
    grid = rep.mixed_grid(sc.calendar, [status_of(sc.student_plan(s), sc.calendar.n)])
    rep._taste_model(sc.with_students([s]), grid)
    other = dataclasses.replace(s, route="apprentice")
    rep._taste_model(sc.with_students([other]), grid)
    assert len(rep._TASTES) == 2
