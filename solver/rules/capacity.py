"""Class capacity: at most N students abroad (or on placement) in the same calendar week.

A class in progress counts the weeks from ``--from`` on (``CompileContext.from_index``,
``Cohort.from_index``): a cap is a school's resource (Erasmus+ grants, tutors' visits)
for the weeks still to plan; a week of history above it is a warning naming the week
and the count, never a reason why the rest of the class cannot be planned."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from solver.core.fields import Fields
from solver.rules.base import Rule, Violation, register

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from solver.rules.base import Cohort
    from solver.rules.context import CompileContext


@dataclass(frozen=True, kw_only=True)
class _WeeklyCap(Rule):
    scope = "class"
    abroad = False
    max: int = 0

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        return {"max": f.int("max", minimum=0)}

    def check(self, cohort: Cohort) -> list[Violation]:
        """Weeks over the cap. A class in progress (``cohort.from_index``) counts only
        its days from ``--from`` on: a week over the cap before that is history, said
        as a warning with its week and count (it cannot be undone)."""
        cal = cohort.cal
        start = cohort.from_index
        placed = self._placed(cohort, 0)
        ahead = self._placed(cohort, start) if start > 0 else placed
        out = []
        for week in cal.weeks:
            if week.n_days == 0:
                continue
            who = ahead[week.index]
            if len(who) > self.max:
                out.append(Violation(self, None, f"{self.kind}.over", {
                    "week": week.monday, "count": len(who), "max": self.max,
                    "students": ", ".join(who)}))
            elif len(placed[week.index]) > self.max and week.lo < start:
                who = placed[week.index]
                out.append(Violation(self, None, f"{self.kind}.past", {
                    "week": week.monday, "count": len(who), "max": self.max,
                    "students": ", ".join(who)}, level="warning"))
        return out

    def _placed(self, cohort: Cohort, first_day: int) -> list[list[str]]:
        """Per calendar week, who is placed (abroad) there on or after ``first_day``,
        from each member's runs: a pass over the runs, not over every (week, student)."""
        week_of_day = cohort.cal.week_of_day
        placed: list[list[str]] = [[] for _ in cohort.cal.weeks]
        for student, plan in cohort.members(self.routes, self.adjustments):
            sid = student.id
            for lo, hi in plan.abroad if self.abroad else plan.on:
                lo = max(lo, first_day)
                if hi < lo:
                    continue
                for w in range(week_of_day[lo], week_of_day[hi] + 1):
                    who = placed[w]
                    if not who or who[-1] != sid:   # a week two runs share: once
                        who.append(sid)
        return placed

    def compile(self, ctx: CompileContext) -> None:
        """One literal for the whole cap (a conflict names the rule once, not each week
        of the training)."""
        groups = [g for g in ctx.groups if self.applies(g.students[0])]
        if sum(g.size for g in groups) <= self.max:
            return
        lit: cp_model.IntVar | None = None
        weeks = 0
        flags: dict[int, list[cp_model.IntVar]] = {id(g): [] for g in groups}
        # a class in progress: the weeks from --from on, counted on their days from it
        # (what was placed before is history; see check)
        by_week: dict[int, dict[int, cp_model.IntVar]] = {id(g): {} for g in groups}
        for week in ctx.cal.weeks:
            if week.n_days == 0 or week.hi < ctx.from_index:
                continue
            terms = []
            for g in groups:
                flag = ctx.week_flag(g, week.index, self.abroad, ctx.from_index)
                if flag is not None:
                    terms.append(g.size * flag)
                    flags[id(g)].append(flag)
                    by_week[id(g)][week.index] = flag
            if terms:
                lit = lit if lit is not None else ctx.literal(self, None)
                ctx.model.add(sum(terms) <= self.max).only_enforce_if(lit)
                weeks += 1
        if lit is None:
            return
        if ctx.from_index == 0:   # on a class in progress history may meet a demand (below)
            self._window_counts(ctx, groups, by_week, lit)
        # Redundant counting (see compiler.Demand): the weeks each group must touch,
        # against the weeks times the cap. Implied by the constraints above and the
        # student rules, so it changes no answer; it only lets CP-SAT see at once that
        # 35 x 4 weeks abroad do not fit in one slot a week. The counts are integer
        # variables of their own: as one sum of Booleans, presolve folds the total into
        # the weekly caps and the proof takes a search (15 s instead of 0.1 s).
        # Not on a class in progress: a demand may be met by history, before the weeks
        # counted here, so the count would no longer be implied (it would be wrong).
        demands = [d for d in ctx.demands if id(d.group) in flags and flags[id(d.group)]
                   and (d.abroad or not self.abroad)] if ctx.from_index == 0 else []
        if not demands:
            return
        tag = f"{self.id}_count"
        counts = {}
        for g in groups:
            n = ctx.model.new_int_var(0, len(flags[id(g)]), f"{tag}[{g.key}]")
            ctx.model.add(n == sum(flags[id(g)]))
            counts[id(g)] = n
        for d in demands:
            ctx.model.add(counts[id(d.group)] >= d.weeks).only_enforce_if(d.lit)
        total = ctx.model.new_int_var(0, sum(g.size * len(flags[id(g)]) for g in groups), tag)
        ctx.model.add(total == sum(g.size * counts[id(g)] for g in groups))
        ctx.model.add(total <= self.max * weeks).only_enforce_if(lit)

    def _window_counts(self, ctx: CompileContext, groups: list[Any],
                       by_week: dict[int, dict[int, cp_model.IntVar]],
                       lit: cp_model.IntVar) -> None:
        """The same counting inside each window a student rule sets (issue 19): a group
        that needs k weeks there touches k of its weeks, and those weeks hold at most
        ``max`` students each. Redundant too (implied by the weekly caps and the rules'
        windows); it lets CP-SAT prove at once that 45 students x 4 weeks do not fit in
        the slots of the year-1 windows, which the count over the whole year does not."""
        windows: dict[tuple[int, ...], list[Any]] = {}
        for d in ctx.demands:
            if d.window is not None and id(d.group) in by_week and \
                    (d.abroad or not self.abroad):
                windows.setdefault(d.window, []).append(d)
        for n, (window, demands) in enumerate(sorted(windows.items())):
            tag = f"{self.id}_window{n}"
            counts = {}
            capped: set[int] = set()
            for g in groups:
                xs = [by_week[id(g)][w] for w in window if w in by_week[id(g)]]
                capped.update(w for w in window if w in by_week[id(g)])
                count = ctx.model.new_int_var(0, len(xs), f"{tag}[{g.key}]")
                ctx.model.add(count == sum(xs))
                counts[id(g)] = count
            for d in demands:
                ctx.model.add(counts[id(d.group)] >= d.weeks).only_enforce_if(d.lit)
            total = ctx.model.new_int_var(0, sum(g.size * len(window) for g in groups), tag)
            ctx.model.add(total == sum(g.size * counts[id(g)] for g in groups))
            ctx.model.add(total <= self.max * len(capped)).only_enforce_if(lit)


    def needed(self, ctx: CompileContext) -> tuple[int, tuple[int, ...] | None, int] | None:
        """The smallest cap the counts above allow, if above ``max``: (N, the window that
        sets it, None for the whole training, and the student-weeks it needs there).
        A necessary condition read off the student rules' demands (compiled into
        ``ctx``, every rule holding): below N no calendar can exist; at N one may not
        exist yet (other rules may bind)."""
        groups = [g for g in ctx.groups if self.applies(g.students[0])]
        member = {id(g) for g in groups}
        need: dict[tuple[int, ...] | None, dict[int, int]] = {}
        for d in ctx.demands:
            if id(d.group) in member and (d.abroad or not self.abroad):
                per = need.setdefault(d.window, {})
                per[id(d.group)] = max(per.get(id(d.group), 0), d.weeks)
        sizes = {id(g): g.size for g in groups}
        best: tuple[int, tuple[int, ...] | None, int] | None = None
        for window, per in need.items():
            weeks = [w for w in (window if window is not None else range(len(ctx.cal.weeks)))
                     if ctx.cal.weeks[w].n_days > 0]
            if not weeks:
                continue
            total = sum(sizes[g] * k for g, k in per.items())
            n = -(-total // len(weeks))
            if n > self.max and (best is None or n > best[0]):
                best = (n, window, total)
        return best


@register
@dataclass(frozen=True, kw_only=True)
class MaxAbroadPerWeek(_WeeklyCap):
    """At most ``max`` students abroad in the same week (host or Erasmus+ capacity)."""

    kind = "max_abroad_per_week"
    abroad = True


@register
@dataclass(frozen=True, kw_only=True)
class MaxOnPlacementPerWeek(_WeeklyCap):
    """At most ``max`` students on placement in the same week (tutors' visits)."""

    kind = "max_on_placement_per_week"
