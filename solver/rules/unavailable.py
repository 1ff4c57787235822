"""unavailable: no placement day on the dates a student is unavailable (their own list).

A class file may give a student ``unavailable: [{from, to, reason}]`` (a medical leave,
a resit, a week the coordinator forbade on the page). The scenario adds one instance of
this kind, ``student-unavailable``, whenever some student has such a list; it is a hard
rule like the class's blocked dates, but for that student only. Each (student, span)
has its own literal, so a conflict can name the span.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from solver.core.plan import clip, total
from solver.rules.base import Citation, Rule, Violation, register

if TYPE_CHECKING:
    from solver.rules.base import Cohort
    from solver.rules.context import CompileContext

RULE_ID = "student-unavailable"
# in French like every citation of the models (« Politique de l'établissement »): the annex
# of a convention printed it in English (issue 20)
CITATION = Citation("Politique de l'établissement", "",
                    "l'étudiant est indisponible aux dates indiquées (« unavailable: » dans "
                    "le fichier de la classe) ; aucun jour de stage n'y tombe.")


@register
@dataclass(frozen=True, kw_only=True)
class Unavailable(Rule):
    """No placement working day inside any of a student's own ``unavailable`` spans."""

    kind = "unavailable"

    def check(self, cohort: Cohort) -> list[Violation]:
        cal = cohort.cal
        out: list[Violation] = []
        for student, plan in cohort.members(self.routes, self.adjustments):
            for span in student.unavailable:
                lo, hi = cal.span_indices(span.start, span.end)
                hit = clip(plan.on, lo, hi) if hi >= lo else []
                if hit:
                    code = "unavailable.hit_reason" if span.label else "unavailable.hit"
                    out.append(Violation(self, student.id, code, {
                        "days": total(hit), "from": cal.days[hit[0][0]],
                        "to": cal.days[hit[-1][1]], "reason": span.label,
                        "unavailable_from": span.start, "unavailable_to": span.end}))
        return out

    def compile(self, ctx: CompileContext) -> None:
        # students share a group's variables only when their spans are the same
        # (classmodel.group_key), so the first student's spans are the group's
        for group in ctx.groups:
            first = group.students[0]
            if not self.applies(first):
                continue
            for span in first.unavailable:
                lo, hi = ctx.cal.span_indices(span.start, span.end)
                if hi < lo:
                    continue
                part = f"{span.start.isoformat()}..{span.end.isoformat()}"
                lit = ctx.literal(self, group, part)
                ctx.forbid(lit, [group.on[u] for u in ctx.grid.units_touching(lo, hi)])


def student_rule() -> Unavailable:
    """The instance a scenario adds when a student lists unavailable dates."""
    return Unavailable(id=RULE_ID, citation=CITATION, origin="class file (unavailable:)")
