"""preference: a wish of the text, not a requirement (e.g. a non-French-speaking host country)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from solver.core.errors import msg
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
class Preference(Rule):
    """Abroad days should not be spent in the ``avoid_countries`` (ISO 3166 alpha-2).

    The country of a period is a fact of the plan, not a decision of the solver: a
    generated calendar leaves the host country to the student, and for a given plan
    the abroad days in an avoided country must be free of placement when the
    preference holds.
    """

    kind = "preference"
    avoid_countries: tuple[str, ...] = ()
    # False: any abroad day in an avoided country; True: only the abroad block (the
    # longest run of consecutive abroad days) is asked to avoid them
    block_only: bool = False

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        countries = f.str_list("avoid_countries")
        for c in countries:
            if len(c) != 2 or not c.isalpha() or not c.isupper():
                raise f.error("avoid_countries", msg("'{}' is not an ISO 3166 alpha-2 code", c), c)
        return {"avoid_countries": tuple(countries),
                "block_only": f.bool("block_only", False)}

    def avoided_runs(self, plan: StudentPlan) -> list[tuple[int, int, str]]:
        """The country runs this preference objects to (empty: it holds)."""
        avoid = self.avoid_countries
        runs = [r for r in plan.country_runs if r[2] in avoid]
        if not runs or not self.block_only:
            return runs
        if not plan.abroad:
            return []
        length = max(hi - lo + 1 for lo, hi in plan.abroad)
        blocks = [(lo, hi) for lo, hi in plan.abroad if hi - lo + 1 == length]
        inside = [[r for r in runs if r[0] <= hi and r[1] >= lo] for lo, hi in blocks]
        if any(not found for found in inside):
            return []   # some abroad block of full length avoids them all
        return inside[0]

    def checker(self, cal: SchoolCalendar) -> StudentCheck:
        avoid = frozenset(self.avoid_countries)
        days_of = cal.days
        if self.block_only:
            def check_block(student: Student,
                            plan: StudentPlan) -> list[tuple[str, dict[str, Any]]]:
                found = self.avoided_runs(plan)
                if not found:
                    return []
                lo, hi, country = found[0]
                return [("preference.country_block", {"country": country,
                                                      "from": days_of[lo], "to": days_of[hi]})]
            return check_block

        def check_one(student: Student, plan: StudentPlan) -> list[tuple[str, dict[str, Any]]]:
            for lo, hi, country in plan.country_runs:   # the first run in an avoided country
                if country in avoid:
                    return [("preference.country", {"country": country, "from": days_of[lo],
                                                    "to": days_of[hi]})]
            return []

        return check_one

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        if group.facts is None:
            return
        units: set[int] = set()
        for lo, hi, _c in self.avoided_runs(group.facts):
            units.update(ctx.grid.units_touching(lo, hi))
        ctx.forbid(lit, [group.ab[u] for u in sorted(units)])
