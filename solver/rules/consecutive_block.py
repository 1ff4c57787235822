"""consecutive_block: at least one unbroken run of N weeks (abroad only, inside a year/window)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from solver.core.fields import Fields
from solver.core.model import FRANCE_CODES
from solver.core.plan import longest, longest_in
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
class ConsecutiveBlock(Rule):
    """Some run of at least 5*weeks consecutive placement working days exists.

    Weekends do not break a run; a missing working day does. With ``abroad`` only
    abroad days count (two abroad periods back to back in two countries are one run).
    """

    kind = "consecutive_block"
    registers_demand = True
    weeks: float = 1
    abroad: bool = False
    year: int | None = None
    within: tuple[Window, ...] | None = None

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        return {"weeks": f.number("weeks", minimum=0.2), "abroad": f.bool("abroad", False),
                "year": f.int("year", None, minimum=1, maximum=2),
                "within": parse_windows(f, "within")}

    @property
    def min_days(self) -> int:
        return round(self.weeks * 5)

    def checker(self, cal: SchoolCalendar) -> StudentCheck:
        reg = region(cal, self.within, self.year)
        weeks, abroad, year, min_days = self.weeks, self.abroad, self.year, self.min_days
        where = _where(cal, region(cal, self.within), None)
        days_of = cal.days

        def check_one(student: Student, plan: StudentPlan) -> list[tuple[str, dict[str, Any]]]:
            if year == 1 and student.entry_year == 2:   # positioned in year 2: no year 1
                return []
            runs = plan.abroad if abroad else plan.on
            if reg is None:
                for a, b in runs:   # most plans: some run is long enough on its own
                    if b - a + 1 >= min_days:
                        return []
                best = longest(runs)
            else:
                best = longest_in(runs, reg)
            length = 0 if best is None else best[1] - best[0] + 1
            if length >= min_days:
                return []
            args: dict[str, Any] = {"weeks": weeks, "abroad": abroad, "days": length,
                                    "found_weeks": length / 5, "year": year, "where": where}
            found: list[tuple[str, dict[str, Any]]] = []
            if best is None:
                found.append(("consecutive_block.none", args))
            else:
                args["from"] = days_of[best[0]]
                args["to"] = days_of[best[1]]
                found.append(("consecutive_block.too_short", args))
            if abroad:   # the student's own fault, said where it is (issue 21)
                found.extend(("consecutive_block.france_declared_abroad",
                              {"from": p.start, "to": p.end, "country": p.country,
                               "name": FRANCE_CODES[p.country or "FR"]})
                             for p in student.periods if p.france_declared_abroad)
            return found

        return check_one

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        if self.year == 1 and all(s.entry_year == 2 for s in group.students):
            return   # reading (issue 10): a student positioned in year 2 had no year 1
        allowed = ctx.units_in(region(ctx.cal, self.within, self.year))
        xs = group.ab if self.abroad else group.on
        if not ctx.count_only:
            ctx.require_run(lit, xs, self.min_days, allowed, f"{self.id}[{group.key}]")
        ctx.demand(group, self.abroad, self.min_days, lit, allowed, run=True)
