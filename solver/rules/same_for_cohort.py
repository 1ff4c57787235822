"""same_for_cohort: every student concerned has the same placement days as the class."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from solver.rules.base import Rule, Violation, register

if TYPE_CHECKING:
    from solver.rules.base import Cohort
    from solver.rules.context import CompileContext


TIE_RANKS = 40


@register
@dataclass(frozen=True, kw_only=True)
class SameForCohort(Rule):
    """All students the rule applies to are placed on the same working days.

    The class's calendar is the one most students follow (ties: the one of the
    student listed first, among the first 40 listed); every student who differs from
    it breaks the rule. A class in progress compares the days from ``--from`` on: what
    each student did before is history (a student who joined in year 2 has none).
    """

    kind = "same_for_cohort"
    scope = "class"

    def check(self, cohort: Cohort) -> list[Violation]:
        members = [s for s in cohort.scenario.students if self.applies(s)]
        if len(members) < 2:
            return []
        start = cohort.from_index
        patterns = [tuple((max(lo, start), hi) for lo, hi in cohort.plans[s.id].on
                          if hi >= start) for s in members]
        counts = Counter(patterns)
        best = max(counts.values())
        reference = next(p for p in patterns if counts[p] == best)
        cal = cohort.cal
        ref_text = ", ".join(f"{cal.days[a].isoformat()}..{cal.days[b].isoformat()}"
                             for a, b in reference) or "-"
        out = []
        for student, pattern in zip(members, patterns, strict=True):
            if pattern != reference:
                mine = ", ".join(f"{cal.days[a].isoformat()}..{cal.days[b].isoformat()}"
                                 for a, b in pattern) or "-"
                out.append(Violation(self, student.id, "same_for_cohort.differs",
                                     {"class_periods": ref_text, "periods": mine,
                                      "followers": best}))
        return out

    def compile(self, ctx: CompileContext) -> None:
        groups = [g for g in ctx.groups if self.applies(g.students[0])]
        if sum(g.size for g in groups) < 2:
            return
        n = len(ctx.grid.units)
        common = [ctx.model.new_bool_var(f"{self.id}_class_on[{u}]") for u in range(n)]
        for rank, group in enumerate(groups):
            # Weights make "most students, then the earliest listed" the best reference:
            # one more follower outweighs any tie-break bonus. The bonus halves with each
            # rank and stops after TIE_RANKS students, which keeps weights within int64.
            bonus = 1 << (TIE_RANKS - rank) if rank < TIE_RANKS else 0
            weight = (1 << (TIE_RANKS + 1)) * group.size + bonus
            lit = ctx.literal(self, group, weight=weight)
            for u in range(n):
                if ctx.grid.units[u].lo >= ctx.from_index:   # history is not compared
                    ctx.model.add(group.on[u] == common[u]).only_enforce_if(lit)
