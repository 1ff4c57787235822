"""blocked: no placement day on the calendar's blocked dates (exams, CCF, events)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from solver.core.calendar import DateSpan
from solver.core.errors import msg
from solver.core.fields import Fields
from solver.core.plan import clip, total
from solver.rules.base import Rule, Violation, register

if TYPE_CHECKING:
    from solver.core.calendar import SchoolCalendar
    from solver.rules.base import Cohort
    from solver.rules.context import CompileContext


@register
@dataclass(frozen=True, kw_only=True)
class Blocked(Rule):
    """No placement working day inside a blocked span; each span is its own rule instance,
    so a conflict can name the exam dates that clash."""

    kind = "blocked"
    dates: tuple[DateSpan, ...] | None = None

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        if not f.has("dates"):
            return {"dates": None}
        spans = []
        for i, item, line in f.items("dates"):
            g = f.item_fields("dates", i, item, line)
            g.reject_unknown(["from", "to", "reason"])
            start, end = g.date("from"), g.date("to", None)
            end = end or start
            if end < start:
                raise g.error("to", msg("'to' ({}) is before 'from' ({})", end, start), end)
            spans.append(DateSpan(start, end, g.str("reason", ""), line))
        return {"dates": tuple(spans)}

    def spans(self, cal: SchoolCalendar) -> list[DateSpan]:
        return list(self.dates) if self.dates is not None else list(cal.blocked)

    def check(self, cohort: Cohort) -> list[Violation]:
        cal = cohort.cal
        out: list[Violation] = []
        spans = [(span, *cal.span_indices(span.start, span.end)) for span in self.spans(cal)]
        if not spans:
            return out
        for student, plan in cohort.members(self.routes, self.adjustments):
            on = plan.on
            for span, lo, hi in spans:
                for a, b in on:   # any placement day in [lo, hi]? (most plans: none)
                    if a <= hi and b >= lo:
                        break
                else:
                    continue
                hit = clip(on, lo, hi)
                if hit:
                    out.append(Violation(self, student.id, "blocked.hit", {
                        "days": total(hit), "from": cal.days[hit[0][0]],
                        "to": cal.days[hit[-1][1]], "reason": span.label,
                        "blocked_from": span.start, "blocked_to": span.end}))
        return out

    def compile(self, ctx: CompileContext) -> None:
        spans = self.spans(ctx.cal)
        for group in ctx.groups:
            if not self.applies(group.students[0]):
                continue
            for span in spans:
                lo, hi = ctx.cal.span_indices(span.start, span.end)
                if hi < lo:
                    continue
                part = f"{span.start.isoformat()}..{span.end.isoformat()}"
                lit = ctx.literal(self, group, part)
                ctx.forbid(lit, [group.on[u] for u in ctx.grid.units_touching(lo, hi)])
