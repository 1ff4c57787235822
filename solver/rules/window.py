"""window: every placement day lies inside the given windows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from solver.core.errors import msg
from solver.core.fields import Fields
from solver.core.plan import subtract, total
from solver.rules.base import Rule, StudentCheck, register
from solver.rules.total_weeks import _where
from solver.rules.windows import Window, parse_windows, region

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from solver.core.calendar import SchoolCalendar
    from solver.core.model import Student
    from solver.core.plan import StudentPlan
    from solver.rules.context import CompileContext, StudentVars


@register
@dataclass(frozen=True, kw_only=True)
class WindowRule(Rule):
    """Placements must lie inside ``windows`` (dates, a year, or calendar-relative spans)."""

    kind = "window"
    windows: tuple[Window, ...] = ()
    abroad: bool = False

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        wins = parse_windows(f, "windows")
        if not wins:
            raise f.error("windows", msg("is required"), hint=msg("add at least one window"))
        return {"windows": wins, "abroad": f.bool("abroad", False)}

    def checker(self, cal: SchoolCalendar) -> StudentCheck:
        reg = region(cal, self.windows) or []
        abroad, days_of = self.abroad, cal.days
        where = _where(cal, reg, None)

        def check_one(student: Student, plan: StudentPlan) -> list[tuple[str, dict[str, Any]]]:
            runs = plan.abroad if abroad else plan.on
            if not runs:
                return []
            outside = subtract(runs, reg)
            if not outside:
                return []
            first = outside[0]
            return [("window.outside", {"days": total(outside), "from": days_of[first[0]],
                                        "to": days_of[first[1]], "abroad": abroad,
                                        "where": where})]

        return check_one

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        inside = ctx.units_in(region(ctx.cal, self.windows) or [])
        xs = group.ab if self.abroad else group.on
        ctx.forbid(lit, [x for i, x in enumerate(xs) if not inside[i]])
