"""The generate job: fill in a compliant placement calendar for a whole class.

``generate(scenario)`` builds the class model (``classmodel.build_class_model``: week
grid, shared class windows, locked periods fixed), requires every hard rule, prices
the warnings and the preferences (``preferences.py``), and solves with fixed solver
settings (seed, workers, interleaved search, deterministic time limit) so that the
same input gives the same calendar. The solution becomes periods (runs of France or
abroad days; locked periods are kept verbatim) on a copy of the scenario.

When no calendar exists with shared windows and abroad waves, each student gets
their own abroad vector, then their own windows;
when the week grid is too coarse, the exact day grid is tried. If none is feasible,
the conflict is found with the hard literals as assumptions
(``sufficient_assumptions_for_infeasibility``) on the exact day model and shrunk by
deletion so that dropping any member makes the rest satisfiable.
"""

from __future__ import annotations

import copy
import math
import time
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from .classmodel import ClassModel, build_class_model
from .compiler import LiteralInfo
from .model import Period, Scenario
from .preferences import SOFT_RULE_SCALE, default_preferences
from .rules.base import Cohort, Rule

DEFAULT_TIME_LIMIT = 30.0
NUM_WORKERS = 2
RANDOM_SEED = 7
STATUSES = ("optimal", "feasible", "infeasible", "unknown")


@dataclass
class ConflictItem:
    """One rule instance of a conflict: the rule, the students it concerns, the part."""

    rule: Rule
    students: list[str]
    part: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule.id, "kind": self.rule.kind, "severity": self.rule.severity,
                "citation": self.rule.render_citation(), "students": self.students,
                **({"part": self.part} if self.part else {})}


@dataclass
class GenerateResult:
    scenario: Scenario              # the input scenario with generated periods
    status: str                     # optimal, feasible, infeasible or unknown
    objective: float | None = None
    bound: float | None = None
    solve_time: float = 0.0
    shared_windows: bool = True
    grid: str = "week"
    conflict: list[ConflictItem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in ("optimal", "feasible")


def _solver(time_limit: float, workers: int = NUM_WORKERS) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = workers
    p.random_seed = RANDOM_SEED
    # interleaved workers and a deterministic time budget: the same input gives the
    # same calendar, byte for byte, however busy the machine is; the wall-clock limit
    # is only a safety net
    p.interleave_search = workers > 1
    p.max_deterministic_time = time_limit
    p.max_time_in_seconds = time_limit * 4 + 5
    return solver


def _status(code: Any) -> str:
    return {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible",
            cp_model.INFEASIBLE: "infeasible"}.get(code, "unknown")


def periods_from_status(status: list[int], locked: list[Period], scenario: Scenario
                        ) -> list[Period]:
    """Runs of France (1) / abroad (2) days as periods; locked periods kept verbatim."""
    cal = scenario.calendar
    locked_days: set[int] = set()
    for p in locked:
        lo, hi = cal.span_indices(p.start, p.end)
        locked_days.update(range(lo, hi + 1))
    out: list[Period] = list(locked)
    i, n = 0, cal.n
    while i < n:
        value = status[i]
        if value == 0 or i in locked_days:
            i += 1
            continue
        j = i
        while j + 1 < n and status[j + 1] == value and j + 1 not in locked_days:
            j += 1
        out.append(Period(cal.days[i], cal.days[j], "abroad" if value == 2 else "france"))
        i = j + 1
    out.sort(key=lambda p: (p.start, p.end))
    return out


def _solve(scenario: Scenario, prefs: list[Rule], grid_mode: str, share: bool, waves: bool,
           time_limit: float) -> tuple[ClassModel, cp_model.CpSolver, Any, Scenario | None]:
    """Solve in steps that CP-SAT bounds well. Preferences priced as a whole (a cap
    such as ``few_periods``, costing ``price`` when broken) make the objective hard to
    bound, so:

    A. solve without their prices (a relaxation): its bound ``lb`` is a lower bound
       of the whole objective; if its optimum satisfies them, it is optimal;
    B. solve with them all required (a copy of the model): a calendar breaking one costs at
       least ``lb + min price``, so if B's optimum is not above that, it is optimal;
    C. otherwise solve the whole objective, starting from the best calendar so far.
    """
    spent = 0.0   # deterministic seconds: budgets must not depend on the machine's load
    cm = build_class_model(scenario, grid_mode=grid_mode, share_windows=share,
                           preferences=prefs, abroad_waves=waves)
    cm.require_hard()
    priced = [info for info in cm.soft if info.rule in cm.priced_rules()]
    cm.set_objective(SOFT_RULE_SCALE, relax_priced=bool(priced))
    solver = _solver(time_limit)
    code = solver.solve(cm.model)
    spent += solver.deterministic_time
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return cm, solver, code, None
    plan = _plan_of(cm, solver, scenario)
    if not priced:
        return cm, solver, code, plan
    cohort = Cohort(plan, plan.calendar, plan.plans())
    if code == cp_model.OPTIMAL and not any(r.check(cohort) for r in cm.priced_rules()):
        return cm, solver, code, plan
    lower = solver.best_objective_bound
    min_price = min(info.rule.weight * (info.group.size if info.group else 1)
                    for info in priced)

    def left() -> float:
        return max(1.0, time_limit - spent)

    # a copy with the priced literals required (same variable indices, so the
    # solution reads through cm's variables); assumptions would switch presolve off
    capped = cm.model.clone()
    for info in priced:
        capped.add(capped.get_bool_var_from_proto_index(info.literal.index) == 1)
    # A's bound holds for B too: giving it lets B stop as soon as it reaches it
    capped.add(cm.objective_expr >= math.ceil(lower - 1e-6))
    solver_b = _solver(left())
    code_b = solver_b.solve(capped)
    spent += solver_b.deterministic_time
    best, best_solver, best_code = plan, solver, cp_model.FEASIBLE
    if code_b in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        best, best_solver = _plan_of(cm, solver_b, scenario), solver_b
        if code_b == cp_model.OPTIMAL and solver_b.objective_value <= lower + min_price:
            return cm, solver_b, cp_model.OPTIMAL, best
    cm.hint_from(best_solver)
    cm.set_objective(SOFT_RULE_SCALE)
    solver_c = _solver(left())
    code_c = solver_c.solve(cm.model)
    if code_c not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return cm, best_solver, best_code, best   # the calendar found first still complies
    return cm, solver_c, code_c, _plan_of(cm, solver_c, scenario)


def _plan_of(cm: ClassModel, solver: cp_model.CpSolver, scenario: Scenario) -> Scenario:
    out = copy.copy(scenario)
    out.students = [copy.copy(s) for s in scenario.students]
    for s in out.students:
        s.periods = periods_from_status(cm.day_status(solver, s.id),
                                        cm.locked_periods.get(s.id, []), scenario)
    return out


def generate(scenario: Scenario, time_limit: float = DEFAULT_TIME_LIMIT,
             preferences: list[Rule] | None = None, share_windows: bool = True,
             conflict: bool = True) -> GenerateResult:
    """Fill in every student's periods; see the module docstring."""
    t0 = time.perf_counter()
    prefs = default_preferences() if preferences is None else preferences
    attempts = [("week", True, True), ("week", True, False)] if share_windows else []
    attempts += [("week", False, False), ("day", False, False)]
    last_status = "infeasible"
    spent = 0.0
    for grid_mode, share, waves in attempts:
        remaining = max(1.0, time_limit - spent)
        cm, solver, code, plan = _solve(scenario, prefs, grid_mode, share, waves, remaining)
        spent += remaining if code == cp_model.UNKNOWN else solver.deterministic_time
        status = _status(code)
        if plan is not None:
            return GenerateResult(plan, status, solver.objective_value,
                                  solver.best_objective_bound,
                                  time.perf_counter() - t0, share, grid_mode)
        last_status = status
        if status == "unknown":
            break
    result = GenerateResult(scenario, last_status, solve_time=time.perf_counter() - t0,
                            shared_windows=False, grid="day")
    if conflict and last_status == "infeasible":
        result.conflict = find_conflict(scenario, time_limit=max(5.0, time_limit))
    result.solve_time = time.perf_counter() - t0
    return result


def _feasible_with(scenario: Scenario, keep: list[LiteralInfo], cm: ClassModel,
                   time_limit: float) -> Any:
    """Solve ``cm``'s model with only the literals in ``keep`` assumed true."""
    cm.model.clear_assumptions()
    cm.model.add_assumptions([info.literal for info in keep])
    solver = _solver(time_limit, workers=1)
    return solver.solve(cm.model)


def find_conflict(scenario: Scenario, time_limit: float = 10.0) -> list[ConflictItem]:
    """A minimal set of hard rule instances that no calendar can satisfy together.

    CP-SAT's ``sufficient_assumptions_for_infeasibility`` gives a first core on the
    exact day model (one worker, no objective); a deletion loop then drops every
    member whose absence keeps the rest infeasible."""
    cm = build_class_model(scenario, grid_mode="day", share_windows=False, symmetry=False)
    hard = cm.hard
    by_index = {info.literal.index: info for info in hard}
    cm.model.add_assumptions([info.literal for info in hard])
    solver = _solver(time_limit, workers=1)
    code = solver.solve(cm.model)
    if code != cp_model.INFEASIBLE:
        return []
    core = [by_index[i] for i in solver.sufficient_assumptions_for_infeasibility()
            if i in by_index]
    if not core:   # infeasible without any rule: the locked periods themselves clash
        return []
    kept = list(core)
    for info in list(core):
        trial = [k for k in kept if k is not info]
        if _feasible_with(scenario, trial, cm, time_limit) == cp_model.INFEASIBLE:
            kept = trial
    return [ConflictItem(info.rule, [s.id for s in cm.students_of(info)], info.part)
            for info in kept]


def conflict_is_infeasible(scenario: Scenario, items: list[ConflictItem],
                           time_limit: float = 10.0) -> bool:
    """Re-solve only the conflict's rule instances on the exact day model (tests)."""
    cm = build_class_model(scenario, grid_mode="day", share_windows=False, symmetry=False)
    wanted = {(i.rule.id, tuple(i.students), i.part) for i in items}
    keep = [info for info in cm.hard
            if (info.rule.id, tuple(s.id for s in cm.students_of(info)), info.part) in wanted]
    return _feasible_with(scenario, keep, cm, time_limit) == cp_model.INFEASIBLE
