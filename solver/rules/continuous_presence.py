"""continuous_presence: no day-release alternation, runs shorter than N working days are
allowed only against a day the class could not be in the company or at school anyway."""

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


def bound_flags(cal: SchoolCalendar) -> list[bool]:
    """Per working day: a public holiday, a school-holiday day or a blocked date, the days
    that may bound a short run of placement days (issue 21)."""
    found: list[bool] | None = cal.__dict__.get("_presence_bounds")
    if found is None:
        public = cal.public
        found = [h or b or d in public for d, h, b in
                 zip(cal.days, cal.holiday_flags, cal.blocked_flags, strict=True)]
        cal.__dict__["_presence_bounds"] = found
    return found


@register
@dataclass(frozen=True, kw_only=True)
class ContinuousPresence(Rule):
    """Each unbroken run of placement working days (France or abroad; weekends do not
    break it) lasts at least ``min_days`` working days, unless the working day just
    before or just after it is a public holiday, a school-holiday day, a blocked date or
    outside the training: a placement is a continuous presence in the company, not
    days alternating with school (a stay cut by 1 May, or three days before Ascension,
    is still continuous)."""

    kind = "continuous_presence"
    min_days: int = 5

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        return {"min_days": f.int("min_days", 5, minimum=1, maximum=50)}

    def checker(self, cal: SchoolCalendar) -> StudentCheck:
        need, days_of, bound, last = self.min_days, cal.days, bound_flags(cal), cal.n - 1

        def alternating(lo: int, hi: int) -> bool:
            return (hi - lo + 1 < need and lo > 0 and hi < last
                    and not bound[lo - 1] and not bound[hi + 1])

        def check_one(student: Student, plan: StudentPlan) -> list[tuple[str, dict[str, Any]]]:
            short = [(lo, hi) for lo, hi in plan.on if alternating(lo, hi)]
            if not short:
                return []
            lo, hi = short[0]
            return [("continuous_presence.short", {
                "min_days": need, "days": hi - lo + 1, "count": len(short),
                "from": days_of[lo], "to": days_of[hi]})]

        return check_one

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        # a run starts at unit s when s is on and the adjacent unit before is not (no
        # constraint when the day before it bounds it); while it is shorter than
        # min_days, it may only end where the day after it bounds it
        units, grid, on = ctx.grid.units, ctx.grid, group.on
        bound, n_days = bound_flags(ctx.cal), ctx.cal.n

        def bounds(day: int) -> bool:
            return day < 0 or day >= n_days or bound[day]

        n = len(units)
        for s in range(n):
            if bounds(units[s].lo - 1):
                continue
            head = [lit.Not(), on[s].Not()]
            if s > 0 and grid.adjacent(s - 1, s):
                head.append(on[s - 1])
            days, e = units[s].n_days, s
            while days < self.min_days:
                more = e + 1 < n and grid.adjacent(e, e + 1)
                if not bounds(units[e].hi + 1):
                    # the run may not end after unit e: the next unit is on
                    ctx.model.add_bool_or([*head, on[e + 1]] if more else head)
                if not more:
                    break
                e += 1
                head.append(on[e].Not())
                days += units[e].n_days
