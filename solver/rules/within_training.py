"""within_training: periods lie between the first and last day of training, and never overlap."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from solver.rules.base import Rule, register

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from solver.core.calendar import SchoolCalendar
    from solver.core.model import Student
    from solver.core.plan import StudentPlan
    from solver.rules.context import CompileContext, StudentVars


@register
@dataclass(frozen=True, kw_only=True)
class WithinTraining(Rule):
    """Every period lies inside [start, end] of the training and no two periods overlap.

    The solver's variables only exist for training days, one status a day, so a
    generated plan satisfies this by construction; for a given plan the counts of
    outside and doubly-claimed days are facts of the input the literal must respect.
    """

    kind = "within_training"

    def check_student(self, student: Student, plan: StudentPlan,
                      cal: SchoolCalendar) -> list[tuple[str, dict[str, Any]]]:
        if not plan.outside_days and not plan.overlap_days:
            return []
        out: list[tuple[str, dict[str, Any]]] = []
        if plan.outside_days:
            idx = plan.outside_periods[0]
            p = student.periods[idx]
            out.append(("within_training.outside", {
                "period": idx + 1, "from": p.start, "to": p.end,
                "start": cal.start, "end": cal.end, "days": plan.outside_days}))
        if plan.overlap_days:
            i, j = plan.overlap_pairs[0]
            out.append(("within_training.overlap", {
                "period": i + 1, "other": j + 1, "days": plan.overlap_days,
                "from": max(student.periods[i].start, student.periods[j].start),
                "to": min(student.periods[i].end, student.periods[j].end)}))
        return out

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        facts = group.facts
        if facts is not None:
            outside = ctx.model.new_constant(facts.outside_days)
            overlap = ctx.model.new_constant(facts.overlap_days)
            ctx.model.add(outside + overlap == 0).only_enforce_if(lit)
