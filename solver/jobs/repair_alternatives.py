"""Top-k repairs: other fixes of the same minimal cost (or the next costs), in words.

``repair --alternatives K`` lists, for each repaired student (each group of students
solved together in class mode), up to K fixes: the repair itself first, then other
fixes of the same number of changed working days, best first by repair's taste, each
differing from every one before on at least one day (a no-good cut on the changed
days). The fixes of one cost come by taste among whole-week moves first (the mixed
grid of ``repair.taste_solve``), then from the exact day grid, so none of that cost is
left out; when fewer than K exist, the next cost is taken: the fewest changed days
above the last one, proven on the exact day grid, and its fixes in the same way. Each fix is
said as edits, like the repair (``diff_periods``), so the teacher can pick the one the
company can take.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from solver.core.model import Period, Scenario, Student
from solver.engine.sat import clone_model, exact_solver
from solver.jobs.edits import Edit, diff_periods, status_of
from solver.jobs.repair import (
    TASTE_BUDGET,
    RepairResult,
    _attribute_rules,
    _base,
    change_literals,
    keep_as_they_are,
    no_new_day_after_final,
    taste_solve,
)
from solver.rules.base import Rule

MAX_ALTERNATIVES = 10
MAX_EXTRA_COST = 40        # working days above the minimum searched for next costs


@dataclass
class Fix:
    """One fix of a group of students: its cost and its edits."""

    rank: int
    changed_days: int
    minimal: bool                   # of the proven minimal cost of the group
    edits: list[Edit]
    periods: dict[str, list[Period]]


@dataclass
class Alternatives:
    students: list[str]
    fixes: list[Fix] = field(default_factory=list)
    complete: bool = False          # no other fix exists within the costs searched


def _next_cost(scenario: Scenario, free: list[Student], fixed: list[Student],
               olds: dict[str, list[int]], above: int, time_limit: float) -> int | None:
    """The fewest changed days strictly above ``above`` (exact day grid), or None."""
    base = _base(scenario)
    cm = dataclasses.replace(base.cm, model=clone_model(base.cm.model))
    model = cm.model
    keep_as_they_are(cm, fixed, olds)
    cost: list[Any] = []
    for s in free:
        cost.extend(change_literals(cm, s.id, olds[s.id], base.france[s.id]))
        no_new_day_after_final(cm, s.id, olds[s.id])
    model.add(sum(cost) >= above + 1)
    model.add(sum(cost) <= above + MAX_EXTRA_COST)
    model.minimize(sum(cost))
    solver = exact_solver(time_limit)
    if solver.solve(model) != cp_model.OPTIMAL:
        return None
    return round(solver.objective_value)


def _as_fix(scenario: Scenario, students: list[Student], olds: dict[str, list[int]],
            news: dict[str, list[int]], rank: int, minimal_cost: int,
            broken: dict[str, list[str]]) -> Fix:
    edits: list[Edit] = []
    periods: dict[str, list[Period]] = {}
    changed = 0
    for s in students:
        new_periods, student_edits = diff_periods(s, olds[s.id], news[s.id], scenario.calendar)
        _attribute_rules(scenario, s, broken.get(s.id, []), student_edits, new_periods)
        edits.extend(student_edits)
        periods[s.id] = new_periods
        changed += sum(a != b for a, b in zip(olds[s.id], news[s.id], strict=True))
    return Fix(rank, changed, changed == minimal_cost, edits, periods)


def alternatives(result: RepairResult, k: int, preferences: Sequence[Rule],
                 time_limit: float = 10.0) -> list[Alternatives]:
    """Up to ``k`` fixes (the repair first) of each repaired student or group."""
    k = max(1, min(k, MAX_ALTERNATIVES))
    scenario = result.before
    cal = scenario.calendar
    olds = {s.id: status_of(scenario.student_plan(s), cal.n) for s in scenario.students}
    news = {s.id: status_of(result.scenario.student_plan(s), cal.n)
            for s in result.scenario.students}
    broken = {s.student.id: s.broken_before for s in result.students}
    moved = [s for s in result.students if s.changed_days and s.status in ("optimal",
                                                                           "feasible")]
    if not moved:
        return []
    by_id = {s.id: s for s in scenario.students}
    groups: list[tuple[list[Student], list[Student]]]
    if result.mode == "per-student":
        groups = [([by_id[rep.student.id]], []) for rep in moved]
    else:
        movers = [by_id[rep.student.id] for rep in moved]
        ids = {s.id for s in movers}
        groups = [(movers, [s for s in scenario.students if s.id not in ids])]
    budget = min(TASTE_BUDGET, max(0.1, time_limit / 4))
    out: list[Alternatives] = []
    deadline = time.perf_counter() + 4 * time_limit + 5
    for free, fixed in groups:
        sub = scenario.with_students(free) if not fixed else scenario
        first = {s.id: news[s.id] for s in free}
        cost = sum(sum(a != b for a, b in zip(olds[s.id], news[s.id], strict=True))
                   for s in free)
        minimal = cost
        found: list[dict[str, list[int]]] = [first]
        level = cost
        complete = False
        while len(found) < k and time.perf_counter() < deadline:
            # this cost: by taste among whole-week moves first, then any other fix of
            # the exact day grid, so that none of this cost is left out
            found.extend(taste_solve(sub, free, fixed, olds, first, level, preferences,
                                     budget, exclude=found, count=k - len(found)))
            while len(found) < k and time.perf_counter() < deadline:
                again = _one_fix(sub, free, fixed, olds, level, time_limit, found)
                if again is None:
                    break
                found.append(again)
            if len(found) >= k:
                break
            nxt = _next_cost(sub, free, fixed, olds, level, time_limit)
            if nxt is None:
                complete = True
                break
            level = nxt
            again = _one_fix(sub, free, fixed, olds, level, time_limit, found)
            if again is None:
                break
            first = again    # the hint of the taste at this cost (found again by it)
        group = Alternatives([s.id for s in free], complete=complete)
        for rank, fix in enumerate(found[:k], start=1):
            group.fixes.append(_as_fix(scenario, free, olds, fix, rank, minimal, broken))
        out.append(group)
    return out


def _one_fix(scenario: Scenario, free: list[Student], fixed: list[Student],
             olds: dict[str, list[int]], cost: int, time_limit: float,
             exclude: list[dict[str, list[int]]]) -> dict[str, list[int]] | None:
    """A fix of exactly ``cost`` changed days on the day grid, unlike those of
    ``exclude`` (the hint of the taste solve at that cost)."""
    base = _base(scenario)
    cm = dataclasses.replace(base.cm, model=clone_model(base.cm.model))
    model = cm.model
    n = len(cm.grid.units)
    keep_as_they_are(cm, fixed, olds)
    lits: dict[str, list[Any]] = {}
    cost_terms: list[Any] = []
    for s in free:
        lits[s.id] = change_literals(cm, s.id, olds[s.id], base.france[s.id])
        cost_terms.extend(lits[s.id])
        no_new_day_after_final(cm, s.id, olds[s.id])
    model.add(sum(cost_terms) == cost)
    for fix in exclude:
        same = []
        for s in free:
            for u in range(n):
                changed = olds[s.id][u] != fix[s.id][u]
                same.append(lits[s.id][u].Not() if changed else lits[s.id][u])
        model.add_bool_or(same)
    solver = exact_solver(time_limit)
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {s.id: cm.day_status(solver, s.id) for s in free}
