"""Class capacity: at most N students abroad (or on placement) in the same calendar week.

A class in progress counts the weeks from ``--from`` on (``CompileContext.from_index``,
``Cohort.from_index``): a cap is a school's resource (Erasmus+ grants, tutors' visits)
for the weeks still to plan; a week of history above it is a warning naming the week
and the count, never a reason why the rest of the class cannot be planned."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from solver.core.fields import Fields
from solver.rules.base import Rule, Violation, register

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from solver.rules.base import Cohort
    from solver.rules.context import CompileContext, Demand


# the redundant counts below (and their reading in Python, ``window_needs``): never
# switched off but by the tests that check they change no answer
REDUNDANT_COUNTS = True


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
        if ctx.count_only:   # its literal, where it would have one: a unit it counts
            if any(unit.lo >= ctx.from_index for unit in ctx.grid.units):
                ctx.literal(self, None)
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
        if lit is None or not REDUNDANT_COUNTS:
            return
        self._window_counts(ctx, groups, by_week, lit)
        # Redundant counting (see compiler.Demand): the weeks each group must touch,
        # against the weeks times the cap. Implied by the constraints above and the
        # student rules, so it changes no answer; it only lets CP-SAT see at once that
        # 35 x 4 weeks abroad do not fit in one slot a week. The counts are integer
        # variables of their own: as one sum of Booleans, presolve folds the total into
        # the weekly caps and the proof takes a search (15 s instead of 0.1 s).
        # On a class in progress, only the students with nothing placed before --from: a
        # demand may be met by history, before the weeks counted here, and the count
        # would no longer be implied (it would be wrong).
        demands = [d for d in ctx.demands if id(d.group) in flags and flags[id(d.group)]
                   and (d.abroad or not self.abroad) and _counted(ctx, d)]
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
        ``max`` students each; and a block of d consecutive working days there is one of
        at most ``max`` times the blocks of d days that fit one after another in the
        window (``_fit``; over the whole training too). Redundant too (implied by the
        weekly caps and the rules' windows); it lets CP-SAT prove at once that 45
        students x 4 weeks do not fit in the slots of the year-1 windows, which the count
        over the whole year does not. On a class in progress, only the demands that
        history cannot meet (``_counted``)."""
        windows: dict[tuple[int, ...], list[Any]] = {}
        for d in ctx.demands:
            if d.window is not None and id(d.group) in by_week and \
                    (d.abroad or not self.abroad) and _counted(ctx, d):
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
            self._block_counts(ctx, tag, window, demands, lit)
        # the blocks over the whole training too (a block rule without a window)
        anywhere = [d for d in ctx.demands if d.window is None and d.run and
                    id(d.group) in by_week and (d.abroad or not self.abroad) and
                    _counted(ctx, d)]
        if anywhere:
            self._block_counts(ctx, f"{self.id}_blocks", range(len(ctx.cal.weeks)), anywhere,
                               lit)

    def _block_counts(self, ctx: CompileContext, tag: str, window: Sequence[int],
                      demands: list[Any], lit: cp_model.IntVar) -> None:
        """The groups whose block in ``window`` is d working days or more: at most max x
        the blocks of d days that fit there one after another (``_fit``)."""
        counted = [w for w in window if ctx.cal.weeks[w].hi >= ctx.from_index]
        for days in sorted({d.days for d in demands if d.run}):
            room = self.max * _fit(ctx.cal, counted, -(-days // 5), days, ctx.from_index)
            runs: dict[int, list[Any]] = {}
            for d in demands:
                if d.run and d.days >= days:
                    runs.setdefault(id(d.group), []).append(d)
            if sum(ds[0].group.size for ds in runs.values()) <= room:
                continue
            ys = []
            for ds in runs.values():
                if len(ds) == 1:
                    y = ds[0].lit
                else:   # any of its block rules holds: it has such a block there
                    y = ctx.model.new_bool_var(f"{tag}_d{days}[{ds[0].group.key}]")
                    for d in ds:
                        ctx.model.add_implication(d.lit, y)
                ys.append(ds[0].group.size * y)
            ctx.model.add(sum(ys) <= room).only_enforce_if(lit)

    def window_needs(self, ctx: CompileContext, hard: Callable[[Demand], bool]
                     ) -> list[WindowNeed]:
        """Per window (None: the whole training), what the demands that ``hard`` accepts
        (their rule holds in every calendar asked for) ask of this cap, with the smallest
        cap the counts of ``compile`` allow. The model's counts, read in Python: a need
        whose ``at_least`` is above ``max`` proves that no calendar exists."""
        out = []
        for needs in self._all_needs(ctx, hard):
            need = needs[0]
            for other in needs[1:]:   # the bound on blocks, when it asks more
                if other.fit and other.at_least > need.at_least:
                    need = other
            out.append(need)
        return out

    def _all_needs(self, ctx: CompileContext, hard: Callable[[Demand], bool]
                   ) -> list[list[WindowNeed]]:
        """Per window, what the counts of ``compile`` ask there: first the weeks of all the
        demands, then for each block length (in working days) the blocks that fit."""
        if not REDUNDANT_COUNTS:
            return []
        groups = [g for g in ctx.groups if self.applies(g.students[0])]
        member = {id(g) for g in groups}
        per: dict[tuple[int, ...] | None, list[Demand]] = {}
        for d in ctx.demands:
            if id(d.group) in member and (d.abroad or not self.abroad) and hard(d):
                if not _counted(ctx, d):
                    continue   # history may meet it (see compile)
                per.setdefault(d.window, []).append(d)
        out = []
        cal = ctx.cal
        for window, demands in per.items():
            weeks = tuple(w for w in (window if window is not None else range(len(cal.weeks)))
                          if cal.weeks[w].n_days > 0 and cal.weeks[w].hi >= ctx.from_index)
            if not weeks:
                continue
            most: dict[int, Demand] = {}   # per group, its largest demand there
            for d in demands:
                if id(d.group) not in most or d.weeks > most[id(d.group)].weeks:
                    most[id(d.group)] = d
            total = sum(d.group.size * d.weeks for d in most.values())
            needs = [WindowNeed(self, window, weeks, total, -(-total // len(weeks)),
                                sorted(most.values(), key=lambda d: -d.weeks))]
            for days in sorted({d.days for d in demands if d.run}):
                length = -(-days // 5)
                fit = _fit(cal, weeks, length, days, ctx.from_index)
                runs: dict[int, Demand] = {}
                for d in demands:
                    if d.run and d.days >= days and id(d.group) not in runs:
                        runs[id(d.group)] = d
                students = sum(d.group.size for d in runs.values())
                needs.append(WindowNeed(self, window, weeks, total,
                                        -(-students // fit) if fit else students + 1,
                                        list(runs.values()), length, fit, students))
            out.append(needs)
        return out

    def needed(self, ctx: CompileContext, hard: Callable[[Demand], bool]
               ) -> WindowNeed | None:
        """The window that asks the largest cap, if above ``max`` (see ``window_needs``):
        below its ``at_least`` no calendar can exist; at it, one may not exist yet
        (other rules may bind). None when the counts allow ``max``, or when no cap could
        do (more than the students the cap concerns: the window must grow)."""
        people = sum(g.size for g in ctx.groups if self.applies(g.students[0]))
        best = None
        for need in self.window_needs(ctx, hard):
            if self.max < need.at_least <= people and \
                    (best is None or need.at_least > best.at_least):
                best = need
        return best

    def counted_conflict(self, ctx: CompileContext, hard: Callable[[Demand], bool]
                         ) -> WindowNeed | None:
        """The fewest demands that the counts alone prove too many for this cap (in
        ``WindowNeed.members``, with their window), or None: of the weeks of all the
        demands of a window, or of the blocks that fit there, whichever takes fewer."""
        best: WindowNeed | None = None
        for need in (n for needs in self._all_needs(ctx, hard) for n in needs):
            if need.at_least <= self.max or (need.run_weeks and not need.fit):
                continue
            chosen: list[Demand] = []
            have = 0
            # blocks: max x fit + 1 students with one; else the largest demands first
            room = self.max * (need.fit if need.run_weeks else len(need.slots))
            for d in need.demands:
                if have > room:
                    break
                chosen.append(d)
                have += d.group.size * (1 if need.run_weeks else d.weeks)
            if have > room and (best is None or len(chosen) < len(best.members)):
                best = dataclasses.replace(need, members=chosen)
        return best


@dataclass
class WindowNeed:
    """What the demands ask of cap ``rule`` in ``window`` (None: the whole training):
    ``student_weeks`` weeks in its weeks with working days (``slots``); with
    ``run_weeks``, ``students`` need a block of that many consecutive weeks there, of
    which ``fit`` fit one after another. ``at_least``: the smallest cap those counts
    allow."""

    rule: _WeeklyCap
    window: tuple[int, ...] | None
    slots: tuple[int, ...]
    student_weeks: int
    at_least: int
    demands: list[Demand]
    run_weeks: int = 0
    fit: int = 0
    students: int = 0
    members: list[Demand] = field(default_factory=list)


def _counted(ctx: CompileContext, d: Demand) -> bool:
    """Whether demand ``d`` is met on the days the caps count (from ``--from`` on): on a
    class planned from its start, in a window whose weeks all start on or after
    ``--from``, or for a group none of whose students has a day placed before it
    (history, a lock, a draft, the plan being checked: the model places nothing new
    there)."""
    start = ctx.from_index
    if start == 0 or (d.window is not None
                      and all(ctx.cal.weeks[w].lo >= start for w in d.window)):
        return True
    facts = d.group.facts   # a plan being checked (verify): its own days
    if facts is not None and any(lo < start for lo, _ in facts.on):
        return False
    return not any(lo < start for s in d.group.students
                   for lo, _ in (ctx.given[s.id].on if s.id in ctx.given else ()))


def _fit(cal: Any, window: Sequence[int], length: int, days: int | None = None,
         first_day: int = 0) -> int:
    """How many blocks of ``length`` consecutive working weeks fit one after another in
    ``window``, no two in the same week: a block touches consecutive weeks with working
    days (a week without any is passed over), so the window's weeks split into
    stretches of such weeks, each holding floor(its weeks / length). Blocks that overlap
    at most ``max`` at a time form ``max`` such sequences (an interval graph is coloured
    with as many colours as its largest overlap), hence at most max x fit blocks.

    ``days``: a block is that many consecutive working days (on or after ``first_day``),
    so a week short of working days (the training's first) holds less of one: each
    stretch holds the blocks that, taken one after another from its start, each end
    in the week where its days are reached (the earliest end, so the most blocks).
    Never more than with whole weeks (a block of ``days`` touches at least
    ceil(days / 5) weeks)."""
    inside = set(window)
    if not inside:
        return 0
    fit = have = 0
    need = length if days is None else days
    for w in range(min(inside), max(inside) + 1):
        week = cal.weeks[w]
        if week.n_days == 0:
            continue
        if w not in inside:
            have = 0
            continue
        have += 1 if days is None else max(0, week.hi - max(week.lo, first_day) + 1)
        if have >= need:
            fit += 1
            have = 0
    return fit


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
