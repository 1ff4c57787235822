"""continuous_presence: every run of placement days lasts at least N working days."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from solver.core.fields import Fields
from solver.rules.base import Rule, StudentCheck, register

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from solver.core.calendar import SchoolCalendar
    from solver.core.model import Student
    from solver.core.plan import StudentPlan
    from solver.rules.context import CompileContext, StudentVars


@register
@dataclass(frozen=True, kw_only=True)
class ContinuousPresence(Rule):
    """Each unbroken run of placement working days (France or abroad; weekends do not
    break it) lasts at least ``min_days`` working days: a placement is a continuous
    presence in the company, not scattered days."""

    kind = "continuous_presence"
    min_days: int = 5

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        return {"min_days": f.int("min_days", 5, minimum=1, maximum=50)}

    def checker(self, cal: SchoolCalendar) -> StudentCheck:
        need, days_of = self.min_days, cal.days

        def check_one(student: Student, plan: StudentPlan) -> list[tuple[str, dict[str, Any]]]:
            short = [(lo, hi) for lo, hi in plan.on if hi - lo + 1 < need]
            if not short:
                return []
            lo, hi = short[0]
            return [("continuous_presence.short", {
                "min_days": need, "days": hi - lo + 1, "count": len(short),
                "from": days_of[lo], "to": days_of[hi]})]

        return check_one

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        # a run starts at unit s when s is on and the adjacent unit before is not; it
        # must then go on over the units that make min_days working days
        units, grid, on = ctx.grid.units, ctx.grid, group.on
        n = len(units)
        for s in range(n):
            head = [lit.Not(), on[s].Not()]
            if s > 0 and grid.adjacent(s - 1, s):
                head.append(on[s - 1])
            days, e, reached = units[s].n_days, s, units[s].n_days >= self.min_days
            needed: list[cp_model.IntVar] = []
            while not reached and e + 1 < n and grid.adjacent(e, e + 1):
                e += 1
                needed.append(on[e])
                days += units[e].n_days
                reached = days >= self.min_days
            if not reached:
                ctx.model.add_bool_or(head)
                continue
            for x in needed:
                ctx.model.add_bool_or([*head, x])
