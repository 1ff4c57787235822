"""The verify job: which students comply, which rules they break, and why.

Two engines give the same verdicts: the plain checker (each rule's ``check``) and
CP-SAT (the class's compiled model with every student's days fixed; a rule instance
breaks when its literal cannot be true). The CP-SAT run is the proof that the
compiled model, which generate, repair and explain use, means what the checker means.

The CP-SAT check compiles the rules on units cut from the plans themselves (one unit
per stretch of days where no student's status changes, cut again at the edges of the
regions the rules count in) rather than on one unit a day: the verdicts are the same,
the model is tens of times smaller. ``grid_mode="day"`` keeps the day grid.
"""

from __future__ import annotations

import datetime as dt
import gc
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from solver.core.calendar import SchoolCalendar
from solver.core.model import Scenario, Student
from solver.core.plan import StudentPlan, total
from solver.jobs.history import from_index
from solver.rules.base import Cohort, Violation
from solver.rules.context import CompileContext, Grid, Unit, compile_rules, new_group

if TYPE_CHECKING:   # OR-Tools only for the cp-sat engine: plain verify starts without it
    from ortools.sat.python import cp_model

ENGINES = ("plain", "cp-sat")


def _no_error(found: Iterable[Violation]) -> bool:
    return not any(v.severity == "error" for v in found)


@dataclass
class StudentResult:
    """One student's findings: ``violations`` from the programme's text (they make the
    verdict), ``policy`` from the school's own rules (listed apart, never the verdict)."""

    student: Student
    plan: StudentPlan
    violations: list[Violation] = field(default_factory=list)
    policy: list[Violation] = field(default_factory=list)

    @property
    def compliant(self) -> bool:
        """The law's verdict: no error from a rule of the programme's text."""
        return _no_error(self.violations)

    @property
    def acceptable(self) -> bool:
        """Compliant and no error from a school rule either (what repair aims at)."""
        return self.compliant and _no_error(self.policy)

    @property
    def findings(self) -> list[Violation]:
        return self.violations + self.policy

    @property
    def unplanned(self) -> bool:
        """Not planned yet (issue 20): no period and not compliant without one. Such a
        student is « à planifier », not a failure: the class has not been generated."""
        return not self.compliant and not self.student.periods

    @property
    def weeks(self) -> float:
        return total(self.plan.on) / 5

    @property
    def weeks_abroad(self) -> float:
        return total(self.plan.abroad) / 5


@dataclass
class VerifyResult:
    scenario: Scenario
    students: list[StudentResult]
    class_violations: list[Violation]
    engine: str = "plain"
    class_policy: list[Violation] = field(default_factory=list)

    @property
    def compliant(self) -> bool:
        """The law's verdict (verify's exit status): the school's policy plays no part."""
        return all(s.compliant for s in self.students) and _no_error(self.class_violations)

    @property
    def acceptable(self) -> bool:
        return (self.compliant and all(s.acceptable for s in self.students)
                and _no_error(self.class_policy))


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector (reference counting still frees memory).

    A check allocates many small objects (plans, violations, evidence) that form no
    reference cycles and mostly live until the end; the collector would scan them over
    and over as they pile up, which cost about a seventh of the plain checker's time.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def check_plain(scenario: Scenario, plans: dict[str, StudentPlan] | None = None,
                from_index: int = 0) -> list[Violation]:
    """Every rule's plain check; ``from_index``: a class in progress, whose class rules
    count from that working day on (see ``solver/jobs/history.py``)."""
    with _no_cyclic_gc():
        cohort = Cohort(scenario, scenario.calendar, plans or scenario.plans(), from_index)
        out: list[Violation] = []
        for rule in scenario.rules:
            out.extend(rule.check(cohort))
    return out


Verdict = tuple[str, str | None, str | None]  # (rule id, student id or None, part)


def verdict_of(v: Violation) -> tuple[str, str | None]:
    return (v.rule.id, v.student)


@dataclass
class _FixedPlanContext(CompileContext):
    """The compile context of a fixed-plan check: notes the region boundaries that the
    grid lacks (a unit partly inside a region a rule counts in would make it inexact)."""

    missing: set[int] = field(default_factory=set)
    _starts: set[int] | None = None

    def units_in(self, region: Sequence[tuple[int, int]] | None) -> list[bool]:
        if region is not None:
            if self._starts is None:
                self._starts = {u.lo for u in self.grid.units} | {self.cal.n}
            last = self.cal.n - 1
            for lo, hi in region:
                lo, hi = max(lo, 0), min(hi, last)
                if lo <= hi:
                    if lo not in self._starts:
                        self.missing.add(lo)
                    if hi + 1 not in self._starts:
                        self.missing.add(hi + 1)
        return super().units_in(region)


def plan_grid(cal: SchoolCalendar, plans: Sequence[StudentPlan], cuts: Iterable[int] = (),
              ) -> Grid:
    """Units cut wherever some student's status (free, France, abroad) changes, and at
    ``cuts``: every unit has one status per student, so the rules' constraints mean
    on it what they mean on days (a unit is on iff all its days are; it touches a week,
    a blocked span or a country's run iff one of its days does), as long as no unit
    straddles the edge of a region a rule counts in (``_FixedPlanContext`` finds those).
    """
    n = cal.n
    edges = {0, n}
    edges.update(c for c in cuts if 0 < c < n)
    for plan in plans:
        for lo, hi in plan.on:
            edges.add(lo)
            edges.add(hi + 1)
        for lo, hi in plan.abroad:
            edges.add(lo)
            edges.add(hi + 1)
    ordered = sorted(e for e in edges if 0 <= e <= n)
    return Grid("plan", [Unit(a, b - 1) for a, b in pairwise(ordered)])


def check_cpsat(scenario: Scenario, plans: dict[str, StudentPlan] | None = None,
                grid_mode: str = "plan", from_index: int = 0) -> set[tuple[str, str | None]]:
    """(rule id, student id) of every rule instance CP-SAT finds broken (None: the class).

    The rules are compiled as generate compiles them, with each student's units fixed to
    the plan, and CP-SAT maximises the rules' literals: a literal that cannot be true is
    a broken rule. ``grid_mode`` ``day`` uses one unit a working day; ``plan`` (default,
    same verdicts, tens of times faster) uses the plan's own runs as units, cut at the
    edges of the regions the rules count in. ``from_index``: see ``check_plain``.
    """
    plans = plans or scenario.plans()
    cal = scenario.calendar
    if grid_mode == "day":
        model, ctx = _fixed_plan_model(scenario, plans, Grid.days(cal), from_index)
    elif grid_mode == "plan":
        # region edges found once per calendar; a new region costs one more build
        known: set[int] = cal.__dict__.setdefault("_fixed_plan_cuts", set())
        student_plans = [plans[s.id] for s in scenario.students]
        # a locked period's edges too: a stint added to a lock is not the lock (min_run)
        locks = {e for s in scenario.students for p in s.periods if p.locked
                 for lo, hi in [cal.span_indices(p.start, p.end)] for e in (lo, hi + 1)}
        while True:
            grid = plan_grid(cal, student_plans, known | locks | {from_index})
            model, ctx = _fixed_plan_model(scenario, plans, grid, from_index)
            if not ctx.missing:
                break
            known.update(ctx.missing)
    else:
        raise ValueError(f"unknown grid mode {grid_mode!r} (known: plan, day)")
    from ortools.sat.python import cp_model

    from solver.engine.sat import InterruptibleSolver

    solver = InterruptibleSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_time_in_seconds = 60
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise RuntimeError(f"CP-SAT verification failed: {solver.status_name(status)}")
    broken: set[tuple[str, str | None]] = set()
    for info in ctx.literals:
        if not solver.boolean_value(info.literal):
            if info.group is None:
                broken.add((info.rule.id, None))
            else:
                for s in info.group.students:
                    broken.add((info.rule.id, s.id))
    return broken


def _fixed_plan_model(scenario: Scenario, plans: dict[str, StudentPlan],
                      grid: Grid, from_index: int = 0
                      ) -> tuple[cp_model.CpModel, _FixedPlanContext]:
    """The class model on ``grid`` with every student's units fixed to the plan, and the
    sum of the rules' literals (weighted) to maximise."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    groups = [new_group(model, grid, s.id, [s], plans[s.id]) for s in scenario.students]
    ctx = _FixedPlanContext(model, scenario.calendar, grid, groups, from_index=from_index)
    compile_rules(ctx, scenario.rules)
    # fixing the domains, not adding x == value constraints: nothing left for presolve
    variables = model.proto.variables
    starts = [u.lo for u in grid.units]
    for group in groups:
        on = [0] * len(grid.units)
        ab = [0] * len(grid.units)
        facts = group.facts
        if facts is not None:
            for runs, flags in ((facts.on, on), (facts.abroad, ab)):
                for lo, hi in runs:   # the units inside [lo, hi] (a unit is in or out)
                    for u in range(bisect_left(starts, lo), bisect_right(starts, hi)):
                        flags[u] = 1
        for xs, flags in ((group.on, on), (group.ab, ab)):
            for x, value in zip(xs, flags, strict=True):
                domain = variables[x.index].domain
                domain[0] = domain[1] = value
    model.maximize(sum(info.weight * info.literal for info in ctx.literals))
    return model, ctx


def verify(scenario: Scenario, engine: str = "plain", from_date: dt.date | None = None
           ) -> VerifyResult:
    """Check every student's plan. ``from_date``: the class is in progress and the days
    before it are history; a class cap broken there is a warning (it cannot be undone)."""
    plans = scenario.plans()
    start = from_index(scenario, from_date)
    violations = check_plain(scenario, plans, start)
    if engine == "cp-sat":
        broken = check_cpsat(scenario, plans, from_index=start)
        # keep the plain checker's evidence where it agrees; say plainly where it does not
        kept = [v for v in violations if verdict_of(v) in broken]
        seen = {verdict_of(v) for v in kept}
        rules = {r.id: r for r in scenario.rules}
        for rule_id, sid in sorted(broken - seen, key=lambda x: (x[0], x[1] or "")):
            kept.append(Violation(rules[rule_id], sid, "cpsat.failed", {}))
        violations = kept
    # [text, school policy] per student and for the class
    by_student: dict[str, tuple[list[Violation], list[Violation]]] = {
        s.id: ([], []) for s in scenario.students}
    class_level: tuple[list[Violation], list[Violation]] = ([], [])
    for v in violations:
        lists = by_student[v.student] if v.student is not None else class_level
        lists[1 if v.rule.school_policy else 0].append(v)
    results = [StudentResult(s, plans[s.id], *by_student[s.id]) for s in scenario.students]
    return VerifyResult(scenario, results, class_level[0], engine, class_level[1])
