"""holiday_cap: at most N placement weeks fall inside school holidays."""

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
class HolidayCap(Rule):
    """Placement working days inside school holidays are at most 5 * ``max`` weeks."""

    kind = "holiday_cap"
    max: float = 0

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        return {"max": f.number("max", minimum=0)}

    def checker(self, cal: SchoolCalendar) -> StudentCheck:
        prefix, cap = cal.holiday_prefix, round(self.max * 5)

        def check_one(student: Student, plan: StudentPlan) -> list[tuple[str, dict[str, Any]]]:
            days = 0
            for lo, hi in plan.on:   # cal.holiday_days(lo, hi), inlined
                if hi >= lo:
                    days += prefix[hi + 1] - prefix[lo]
            if days <= cap:
                return []
            return self._too_many(plan, cal, days)

        return check_one

    def _too_many(self, plan: StudentPlan, cal: SchoolCalendar,
                  days: int) -> list[tuple[str, dict[str, Any]]]:
        names: list[str] = []
        for lo, hi in plan.on:
            for i in range(lo, hi + 1):
                if cal.holiday_flags[i]:
                    name = cal.holiday_name(cal.days[i]) or ""
                    if name not in names:
                        names.append(name)
        return [("holiday_cap.too_many", {"days": days, "weeks": days / 5, "max": self.max,
                                          "holidays": ", ".join(names)})]

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        expr = sum(ctx.cal.holiday_days(u.lo, u.hi) * group.on[i]
                   for i, u in enumerate(ctx.grid.units))
        ctx.model.add(expr <= round(self.max * 5)).only_enforce_if(lit)
