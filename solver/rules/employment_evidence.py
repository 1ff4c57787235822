"""employment_evidence: employment certificates replace placements (months, full or part time)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from solver.core.fields import Fields
from solver.rules.base import Cohort, Rule, Violation, register

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from solver.core.calendar import SchoolCalendar
    from solver.core.model import Employment, Student
    from solver.core.plan import StudentPlan
    from solver.rules.context import CompileContext, StudentVars

ROUTES_WITH_PLACEMENTS = ("initial", "apprentice", "continuing")


@register
@dataclass(frozen=True, kw_only=True)
class EmploymentEvidence(Rule):
    """The student's certificates show enough employment: ``full_time_months`` full time
    within the last ``full_time_within`` months, or ``part_time_months`` part time within
    the last ``part_time_within`` months. Full-time work also counts as part-time work.
    Without thresholds, any certificate with at least one month is enough.

    With ``or_route`` (the text says the certificate « peut être remplacé »: a choice),
    a student also complies by meeting the placement rules of that route instead (the
    programme's hard student rules that would apply to them on that route and do not
    already apply)."""

    kind = "employment_evidence"
    full_time_months: int | None = None
    full_time_within: int | None = None
    part_time_months: int | None = None
    part_time_within: int | None = None
    or_route: str | None = None
    # the rules of ``or_route`` (filled in by the scenario, see ``bind``)
    alternatives: tuple[Rule, ...] = dataclasses.field(default=(), compare=False, repr=False)

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        out: dict[str, Any] = {k: f.int(k, None, minimum=1) for k in
                               ("full_time_months", "full_time_within", "part_time_months",
                                "part_time_within")}
        out["or_route"] = f.str("or_route", None, choices=ROUTES_WITH_PLACEMENTS)
        return out

    @classmethod
    def param_names(cls) -> tuple[str, ...]:
        return tuple(n for n in super().param_names() if n != "alternatives")

    def describe(self, lang: str) -> str:
        from solver.i18n.catalog import render_message, route_name

        code = "employment_evidence.describe" + ("_or" if self.or_route else "")
        args = self.describe_args()
        if self.or_route:
            args["or_route"] = route_name(self.or_route, lang)
        return render_message(code, args, lang)

    def bind(self, rules: Sequence[Rule]) -> EmploymentEvidence:
        """This rule with the placement rules of ``or_route`` among ``rules``."""
        if self.or_route is None:
            return self
        route = self.or_route
        alts = tuple(r for r in rules
                     if r is not self and r.scope == "student" and r.hard
                     and not isinstance(r, EmploymentEvidence)
                     and r.routes is not None and route in r.routes)
        return dataclasses.replace(self, alternatives=alts)

    def alternatives_for(self, student: Student) -> list[Rule]:
        """The rules ``student`` meets instead of the certificates (see ``or_route``)."""
        return [r for r in self.alternatives
                if (r.adjustments is None or student.adjustment in r.adjustments)
                and not r.applies(student)]

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

    def check(self, cohort: Cohort) -> list[Violation]:
        out: list[Violation] = []
        for student, plan in cohort.members(self.routes, self.adjustments):
            for code, args in self.check_student(student, plan, cohort.cal):
                out.append(Violation(self, student.id, code, args))
        return out

    def check_student(self, student: Student, plan: StudentPlan,
                      cal: SchoolCalendar) -> list[tuple[str, dict[str, Any]]]:
        if self.satisfied(student.employment):
            return []
        args: dict[str, Any] = self.describe_args()
        if self.or_route is not None:
            as_route = dataclasses.replace(student, route=self.or_route, status=None)
            broken = [r.id for r in self.alternatives_for(student)
                      if r.checker(cal)(as_route, plan)]
            if not broken:
                return []   # the placements meet the rules of or_route
            args = {**args, "broken": ", ".join(broken)}
        emp = student.employment
        suffix = ".or_placement" if self.or_route is not None else ""
        if emp is None:
            return [("employment_evidence.missing" + suffix, args)]
        return [("employment_evidence.short" + suffix,
                 {**args, "months": emp.months, "full_time": emp.full_time,
                  "within": emp.within_months})]

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        # certificates are facts of the file, not decisions: the literal can only be
        # true if every student of the group brings enough evidence, or (or_route) if
        # the group's placements meet the rules of that route.
        if all(self.satisfied(s.employment) for s in group.students):
            return
        if self.or_route is None:
            ctx.impossible(lit)
            return
        for alt in self.alternatives_for(group.students[0]):
            b = ctx.model.new_bool_var(f"{self.id}[{group.key}]_or_{alt.id}")
            alt.compile_group(ctx, group, b)
            ctx.model.add_implication(lit, b)
