"""lead_time (school policy): no new placement day in the first weeks after ``--from``.

A convention must be found, written and signed before a student leaves: a class in
progress planned today cannot send anyone out tomorrow. Days that the coordinator's
file already puts there (history, a lock, a signed convention, the draft) are not new
and stay allowed; so is everything when the class is planned from its start (no
``--from``: there is no "today" to count from).

The zone runs from the first working day on or after ``--from`` to the end of the
``weeks``-th calendar week after the week of ``--from`` (planned on a Wednesday with 2
weeks: the rest of that week and the two weeks after it), so that it ends on a week
boundary and the week and part grids of generate represent it exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from solver.core.fields import Fields
from solver.core.plan import clip, subtract, total
from solver.rules.base import Violation, register
from solver.rules.shape import ShapeRule

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from solver.core.calendar import SchoolCalendar
    from solver.rules.base import Cohort
    from solver.rules.context import CompileContext, StudentVars


def lead_zone(cal: SchoolCalendar, from_index: int, weeks: int) -> tuple[int, int]:
    """The working days (lo, hi) of the lead time; (0, -1) when there is none."""
    if from_index <= 0 or weeks <= 0 or from_index >= cal.n:
        return 0, -1
    last_week = cal.week_of_day[from_index] + weeks
    hi = from_index
    while hi + 1 < cal.n and cal.week_of_day[hi + 1] <= last_week:
        hi += 1
    return from_index, hi


@register
@dataclass(frozen=True, kw_only=True)
class LeadTime(ShapeRule):
    """No new placement day in the first ``weeks`` weeks after ``--from`` (a convention
    takes time to sign), unless the file already puts one there."""

    kind = "lead_time"
    weeks: int = 2

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        return {"weeks": f.int("weeks", 2, minimum=0, maximum=26), **cls.shape_params(f)}

    def check(self, cohort: Cohort) -> list[Violation]:
        """A job's answer (``cohort.given``: the plans it started from) against the
        lead time; a plan checked on its own (verify) has nothing new in it."""
        lo, hi = lead_zone(cohort.cal, cohort.from_index, self.weeks)
        if cohort.given is None or hi < lo:
            return []
        out = []
        days = cohort.cal.days
        for student, plan in cohort.members(self.routes, self.adjustments):
            given = cohort.given.get(student.id)
            new = clip(plan.on, lo, hi)
            if new and given is not None:
                new = subtract(new, given.on)
            if new:
                out.append(Violation(self, student.id, "lead_time.hit", {
                    "days": total(new), "from": days[new[0][0]], "to": days[new[-1][1]],
                    "weeks": self.weeks, "until": days[hi]}))
        return out

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        lo, hi = lead_zone(ctx.cal, ctx.from_index, self.weeks)
        if hi < lo:
            return
        given = ctx.given.get(group.students[0].id) if group.size == 1 else None
        units = ctx.grid.units
        xs = [group.on[u] for u in ctx.grid.units_touching(lo, hi)
              if given is None or not any(a <= units[u].lo and units[u].hi <= b
                                          for a, b in given.on)]
        ctx.forbid(lit, xs)
