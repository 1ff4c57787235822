"""The verify job: which students comply, which rules they break, and why.

Two engines give the same verdicts: the plain checker (each rule's ``check``) and
CP-SAT (the class's compiled model with every student's days fixed; a rule instance
breaks when its literal cannot be true). The CP-SAT run is the proof that the
compiled model, which generate, repair and explain use, means what the checker means.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .compiler import CompileContext, Grid, compile_rules, new_group
from .model import Scenario, Student
from .plan import StudentPlan, total
from .rules.base import Cohort, Violation

ENGINES = ("plain", "cp-sat")


@dataclass
class StudentResult:
    student: Student
    plan: StudentPlan
    violations: list[Violation] = field(default_factory=list)

    @property
    def compliant(self) -> bool:
        return not any(v.severity == "error" for v in self.violations)

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

    @property
    def compliant(self) -> bool:
        return all(s.compliant for s in self.students) and not any(
            v.severity == "error" for v in self.class_violations)


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


def check_plain(scenario: Scenario,
                plans: dict[str, StudentPlan] | None = None) -> list[Violation]:
    with _no_cyclic_gc():
        cohort = Cohort(scenario, scenario.calendar, plans or scenario.plans())
        out: list[Violation] = []
        for rule in scenario.rules:
            out.extend(rule.check(cohort))
    return out


Verdict = tuple[str, str | None, str | None]  # (rule id, student id or None, part)


def verdict_of(v: Violation) -> tuple[str, str | None]:
    return (v.rule.id, v.student)


def check_cpsat(scenario: Scenario, plans: dict[str, StudentPlan] | None = None,
                ) -> set[tuple[str, str | None]]:
    """(rule id, student id) of every rule instance CP-SAT finds broken (None: the class)."""
    plans = plans or scenario.plans()
    cal = scenario.calendar
    model = cp_model.CpModel()
    grid = Grid.days(cal)
    groups = [new_group(model, grid, s.id, [s], plans[s.id]) for s in scenario.students]
    ctx = CompileContext(model, cal, grid, groups)
    compile_rules(ctx, scenario.rules)
    for group in groups:
        on = [0] * cal.n
        ab = [0] * cal.n
        for lo, hi in group.facts.on if group.facts else []:
            for i in range(lo, hi + 1):
                on[i] = 1
        for lo, hi in group.facts.abroad if group.facts else []:
            for i in range(lo, hi + 1):
                ab[i] = 1
        for u in range(cal.n):
            model.add(group.on[u] == on[u])
            model.add(group.ab[u] == ab[u])
    model.maximize(sum(info.weight * info.literal for info in ctx.literals))
    solver = cp_model.CpSolver()
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


def verify(scenario: Scenario, engine: str = "plain") -> VerifyResult:
    plans = scenario.plans()
    violations = check_plain(scenario, plans)
    if engine == "cp-sat":
        broken = check_cpsat(scenario, plans)
        # keep the plain checker's evidence where it agrees; say plainly where it does not
        kept = [v for v in violations if verdict_of(v) in broken]
        seen = {verdict_of(v) for v in kept}
        rules = {r.id: r for r in scenario.rules}
        for rule_id, sid in sorted(broken - seen, key=lambda x: (x[0], x[1] or "")):
            kept.append(Violation(rules[rule_id], sid, "cpsat.failed", {}))
        violations = kept
    by_student: dict[str, list[Violation]] = {s.id: [] for s in scenario.students}
    class_level: list[Violation] = []
    for v in violations:
        (by_student[v.student] if v.student is not None else class_level).append(v)
    results = [StudentResult(s, plans[s.id], by_student[s.id]) for s in scenario.students]
    return VerifyResult(scenario, results, class_level, engine)
