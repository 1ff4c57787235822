"""The ``both_years`` kind: placements in each year of the training.

Where a text spreads the placement weeks « sur la durée de la formation » (BTS CI,
B.1, which also speaks of a « stage de 2ème année »), a calendar with every week in
year 1 and an empty year 2 reads the text against its grain. The texts do not give a
minimum per year: the kind is a *reading*, written as such in the model next to its
citation, and it behaves like the school-policy shape kinds (``rules/shape.py``): a
warning for ``verify``, required by ``generate`` unless the rule says
``in_generate: soft`` or ``off``. A year that is over (before ``--from``) is history:
``verify`` still warns, ``generate`` asks nothing more of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from solver.core.plan import clip, total
from solver.rules.base import StudentCheck, register
from solver.rules.shape import WeeksShapeRule
from solver.rules.windows import region

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from solver.core.calendar import SchoolCalendar
    from solver.core.model import Student
    from solver.core.plan import StudentPlan
    from solver.rules.context import CompileContext, StudentVars

YEARS = (1, 2)


@register
@dataclass(frozen=True, kw_only=True)
class BothYears(WeeksShapeRule):
    """At least ``weeks`` placement weeks in year 1 and at least ``weeks`` in year 2 (in
    year 2 only for a student who joins then, ``entry_year: 2``; not in a year whose
    blocked dates leave less room)."""

    kind = "both_years"

    def years(self, cal: SchoolCalendar) -> list[tuple[int, list[tuple[int, int]]]]:
        """(year, its working days) for each year that can hold ``weeks`` of placement
        outside the blocked dates: where the calendar leaves no room, nothing is asked."""
        out = []
        for y in YEARS:
            reg = region(cal, None, y) or []
            free = sum(1 for lo, hi in reg for i in range(lo, hi + 1)
                       if not cal.blocked_flags[i])
            out.append((y, reg if free >= self.min_days else []))
        return out

    def checker(self, cal: SchoolCalendar) -> StudentCheck:
        years = self.years(cal)
        need = self.min_days

        def check_one(student: Student, plan: StudentPlan) -> list[tuple[str, dict[str, Any]]]:
            for year, reg in years[student.entry_year - 1:]:
                if not reg:
                    continue
                days = sum(total(clip(plan.on, lo, hi)) for lo, hi in reg)
                if days < need:
                    return [("both_years.thin", {"year": year, "days": days,
                                                 "found_weeks": days / 5,
                                                 "weeks": self.weeks})]
            return []

        return check_one

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        units = ctx.grid.units
        # a student who joins in year 2 (entry_year: 2) has no year 1 to place
        first = min(s.entry_year for s in group.students)
        for _, reg in self.years(ctx.cal)[first - 1:]:
            if not reg or reg[-1][1] < ctx.from_index:   # no room, or a year that is over
                continue
            inside = ctx.units_in(reg)
            days = [(u.n_days, group.on[i]) for i, u in enumerate(units) if inside[i]]
            if sum(d for d, _ in days) < self.min_days:
                ctx.impossible(lit)
                return
            ctx.model.add(sum(d * x for d, x in days) >= self.min_days).only_enforce_if(lit)
