"""summer_rest: N whole calendar weeks in a row free of placement in the summer holidays."""

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


def busy_weeks(plan_on: list[tuple[int, int]], cal: SchoolCalendar) -> set[int]:
    busy: set[int] = set()
    if not cal.summer_weeks:
        return busy
    # the summer weeks are consecutive week indices (whole weeks of one holiday span)
    first, last = cal.summer_weeks[0], cal.summer_weeks[-1]
    for lo, hi in plan_on:
        w_lo, w_hi = cal.week_of_day[lo], cal.week_of_day[hi]
        if w_hi < first or w_lo > last:
            continue
        busy.update(range(max(w_lo, first), min(w_hi, last) + 1))
    return busy


@register
@dataclass(frozen=True, kw_only=True)
class SummerRest(Rule):
    """At least ``weeks`` consecutive Monday-Sunday weeks with no placement day, inside
    the summer holidays between year 1 and year 2."""

    kind = "summer_rest"
    weeks: int = 4

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        return {"weeks": f.int("weeks", minimum=1)}

    def checker(self, cal: SchoolCalendar) -> StudentCheck:
        weeks, summer_weeks = self.weeks, cal.summer_weeks
        if not summer_weeks or len(summer_weeks) < weeks:
            def no_summer(student: Student, plan: StudentPlan,
                          ) -> list[tuple[str, dict[str, Any]]]:
                return [("summer_rest.no_summer", {"weeks": weeks,
                                                   "available": len(summer_weeks)})]
            return no_summer
        # the summer weeks are consecutive week indices (whole weeks of one holiday span):
        # when the first and last have working days, a run meets them iff it meets the
        # days from the first's to the last's (else: never skip the exact count below)
        first_week, last_week = cal.weeks[summer_weeks[0]], cal.weeks[summer_weeks[-1]]
        first_day, last_day = first_week.lo, last_week.hi
        if first_week.n_days == 0 or last_week.n_days == 0:
            first_day, last_day = -1, cal.n

        def check_one(student: Student, plan: StudentPlan) -> list[tuple[str, dict[str, Any]]]:
            for lo, hi in plan.on:   # busy_weeks(plan.on, cal) is not empty
                if hi >= first_day and lo <= last_day:
                    break
            else:   # the whole summer is free, and it is long enough
                return []
            busy = busy_weeks(plan.on, cal)
            best = run = 0
            best_end = -1
            for w in summer_weeks:
                run = 0 if w in busy else run + 1
                if run > best:
                    best, best_end = run, w
            if best >= weeks:
                return []
            assert cal.summer is not None
            args: dict[str, Any] = {
                "weeks": weeks, "found": best,
                "summer_from": cal.summer.start, "summer_to": cal.summer.end,
                "busy_weeks": [cal.weeks[w].monday for w in sorted(busy)],
            }
            if best_end >= 0:
                args["rest_from"] = cal.weeks[best_end - best + 1].monday
            return [("summer_rest.too_short", args)]

        return check_one

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        weeks = ctx.cal.summer_weeks
        if len(weeks) < self.weeks:
            ctx.impossible(lit)
            return
        starts = []
        for k in range(len(weeks) - self.weeks + 1):
            b = ctx.model.new_bool_var(f"{self.id}[{group.key}]_from_w{weeks[k]}")
            flags = [ctx.week_flag(group, w, abroad=False) for w in weeks[k:k + self.weeks]]
            ctx.forbid(b, [x for x in flags if x is not None])
            starts.append(b)
        ctx.model.add_bool_or(starts).only_enforce_if(lit)
