"""total_weeks: the placement weeks (working days / 5) lie within [min, max]."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from solver.core.errors import msg
from solver.core.fields import Fields
from solver.core.plan import total_in
from solver.rules.base import Rule, StudentCheck, register
from solver.rules.windows import Window, parse_windows, region, region_dates

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from solver.core.calendar import SchoolCalendar
    from solver.core.model import Student
    from solver.core.plan import StudentPlan
    from solver.rules.context import CompileContext, StudentVars


@register
@dataclass(frozen=True, kw_only=True)
class TotalWeeks(Rule):
    """The total of placement weeks, optionally inside a year or windows, is in [min, max]."""

    kind = "total_weeks"
    registers_demand = True
    min: float = 0
    max: float | None = None
    year: int | None = None
    within: tuple[Window, ...] | None = None
    abroad: bool = False

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        lo = f.number("min", 0, minimum=0)
        hi = f.number("max", None, minimum=0)
        if hi is not None and hi < lo:
            raise f.error("max", msg("max ({}) is below min ({})", hi, lo), hi)
        return {"min": lo, "max": hi, "year": f.int("year", None, minimum=1, maximum=2),
                "within": parse_windows(f, "within"), "abroad": f.bool("abroad", False)}

    def describe(self, lang: str) -> str:
        """« at least 16 weeks », « exactly 6 weeks », else « between 14 and 16 »."""
        from solver.i18n.catalog import render_message

        code = "total_weeks.describe"
        if self.max is None:
            code = "total_weeks.describe_min"
        elif self.max == self.min:
            code = "total_weeks.describe_exact"
        return render_message(code, self.describe_args(), lang)

    def bounds(self) -> tuple[int, int | None]:
        hi = None if self.max is None else round(self.max * 5)
        return round(self.min * 5), hi

    def checker(self, cal: SchoolCalendar) -> StudentCheck:
        reg = region(cal, self.within, self.year)
        abroad, year, min_weeks, max_weeks = self.abroad, self.year, self.min, self.max
        lo, hi = self.bounds()
        where = _where(cal, region(cal, self.within), None)

        def check_one(student: Student, plan: StudentPlan) -> list[tuple[str, dict[str, Any]]]:
            if reg is None:
                days = 0
                for a, b in plan.abroad if abroad else plan.on:   # total(runs), inlined
                    days += b - a + 1
            else:
                days = total_in(plan.abroad if abroad else plan.on, reg)
            if days >= lo and (hi is None or days <= hi):
                return []
            args: dict[str, Any] = {"days": days, "weeks": days / 5, "min": min_weeks,
                                    "max": max_weeks, "abroad": abroad, "year": year,
                                    "where": where}
            return [("total_weeks.too_few" if days < lo else "total_weeks.too_many", args)]

        return check_one

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        inside = ctx.units_in(region(ctx.cal, self.within, self.year))
        lo, hi = self.bounds()
        if ctx.count_only:
            ctx.demand(group, self.abroad, lo, lit, inside)
            return
        xs = group.ab if self.abroad else group.on
        expr = sum(u.n_days * xs[i] for i, u in enumerate(ctx.grid.units) if inside[i])
        ctx.model.add(expr >= lo).only_enforce_if(lit)
        ctx.demand(group, self.abroad, lo, lit, inside)
        if hi is not None:
            ctx.model.add(expr <= hi).only_enforce_if(lit)


def _where(cal: SchoolCalendar, reg: list[tuple[int, int]] | None, year: int | None) -> str | None:
    if reg is None:
        return None
    spans = region_dates(cal, reg)
    return ", ".join(f"{a.isoformat()}..{b.isoformat()}" for a, b in spans) or "-"
