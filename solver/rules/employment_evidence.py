"""employment_evidence: employment certificates replace placements (months, full or part time)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..fields import Fields
from .base import Rule, register

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from ..calendar import SchoolCalendar
    from ..compiler import CompileContext, StudentVars
    from ..model import Employment, Student
    from ..plan import StudentPlan


@register
@dataclass(frozen=True, kw_only=True)
class EmploymentEvidence(Rule):
    """The student's certificates show enough employment: ``full_time_months`` full time
    within the last ``full_time_within`` months, or ``part_time_months`` part time within
    the last ``part_time_within`` months. Full-time work also counts as part-time work.
    Without thresholds, any certificate with at least one month is enough."""

    kind = "employment_evidence"
    full_time_months: int | None = None
    full_time_within: int | None = None
    part_time_months: int | None = None
    part_time_within: int | None = None

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        return {k: f.int(k, None, minimum=1) for k in
                ("full_time_months", "full_time_within", "part_time_months", "part_time_within")}

    def satisfied(self, emp: Employment | None) -> bool:
        if emp is None or emp.months < 1:
            return False
        thresholds = [(self.full_time_months, self.full_time_within, True),
                      (self.part_time_months, self.part_time_within, False)]
        if all(m is None for m, _, _ in thresholds):
            return True
        for months, within, needs_full in thresholds:
            if months is None:
                continue
            if needs_full and not emp.full_time:
                continue
            if emp.months >= months and (within is None or emp.within_months <= within):
                return True
        return False

    def check_student(self, student: Student, plan: StudentPlan,
                      cal: SchoolCalendar) -> list[tuple[str, dict[str, Any]]]:
        if self.satisfied(student.employment):
            return []
        emp = student.employment
        if emp is None:
            return [("employment_evidence.missing", self.describe_args())]
        return [("employment_evidence.short", {**self.describe_args(), "months": emp.months,
                                               "full_time": emp.full_time,
                                               "within": emp.within_months})]

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        # certificates are facts of the file, not decisions: the literal can only be
        # true if every student of the group brings enough evidence.
        if not all(self.satisfied(s.employment) for s in group.students):
            ctx.impossible(lit)
