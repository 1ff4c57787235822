"""School-policy shape kinds: what makes a class calendar one a teaching team would sign.

The texts say how many weeks, which block, where; they do not say that no team sends
students out in the first weeks of year 1, after the final exams, for a lone week or in
four scattered runs. These kinds say it, in the same vocabulary as the texts' rules
(``check`` + ``compile``, each instance with its own literal so that ``explain`` names
it). Every programme model carries a default set (``policy-*`` ids), which a class
file's ``policy:`` overrides by id (or ``disabled_rules:`` switches off).

Their severity is ``warning``: a hand-made plan that breaks one still complies with the
texts, and ``verify`` says so as a warning. ``generate`` requires them
(``Rule.required_in_generate``) unless a rule says ``in_generate: soft`` (priced by its
weight) or ``off``; when they cannot all hold, the conflict names them with their
source, "school policy", and generate never drops one silently.

What a lock forces is never a breach: days of ``locked: true`` periods are exempt, and
a run that holds a locked day may be short. What the texts force is not either: a run
whose stretch between blocked dates, the training's bounds and the student's ``window``
rules is shorter than the minimum may be short.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from solver.core.fields import Fields
from solver.core.plan import Interval, clip, subtract, total
from solver.rules.base import Cohort, Rule, StudentCheck, Violation, register
from solver.rules.window import WindowRule
from solver.rules.windows import region

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from solver.core.calendar import SchoolCalendar
    from solver.core.model import Student
    from solver.core.plan import StudentPlan
    from solver.rules.context import CompileContext, Grid, StudentVars

IN_GENERATE = ("hard", "soft", "off")


def locked_runs(student: Student, cal: SchoolCalendar) -> list[Interval]:
    """The working days of ``student``'s locked periods, as merged runs."""
    from solver.core.plan import merge

    spans = []
    for p in student.periods:
        if p.locked:
            lo, hi = cal.span_indices(p.start, p.end)
            if hi >= lo:
                spans.append((lo, hi))
    return merge(sorted(spans)) if spans else []


def _touches(runs: list[Interval], lo: int, hi: int) -> bool:
    return any(a <= hi and b >= lo for a, b in runs)


@dataclass(frozen=True, kw_only=True)
class ShapeRule(Rule):
    """Common part of the shape kinds: a warning for verify, required by generate."""

    default_severity: ClassVar[str] = "warning"
    shape: ClassVar[bool] = True
    in_generate: str = "hard"

    @classmethod
    def shape_params(cls, f: Fields) -> dict[str, Any]:
        return {"in_generate": f.str("in_generate", "hard", choices=IN_GENERATE)}

    @classmethod
    def param_names(cls) -> tuple[str, ...]:
        return tuple(n for n in super().param_names() if n != "in_generate") + ("in_generate",)


@dataclass(frozen=True, kw_only=True)
class WeeksShapeRule(ShapeRule):
    """A shape kind with a number of weeks (``min_run``, ``both_years``)."""

    weeks: float = 2

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        return {"weeks": f.number("weeks", 2, minimum=0.2), **cls.shape_params(f)}

    @property
    def min_days(self) -> int:
        return round(self.weeks * 5)


def _free_zone_check(rule: Rule, lo: int, hi: int, code: str, extra: dict[str, Any],
                     cal: SchoolCalendar) -> StudentCheck:
    days_of = cal.days

    def check_one(student: Student, plan: StudentPlan) -> list[tuple[str, dict[str, Any]]]:
        if hi < lo or not plan.on or plan.on[-1][1] < lo or plan.on[0][0] > hi:
            return []
        hit = clip(plan.on, lo, hi)
        if hit and any(p.locked for p in student.periods):
            hit = subtract(hit, locked_runs(student, cal))
        if not hit:
            return []
        return [(code, {**extra, "days": total(hit), "from": days_of[hit[0][0]],
                        "to": days_of[hit[-1][1]]})]

    return check_one


def _forbid_zone(ctx: CompileContext, group: StudentVars, lit: cp_model.IntVar,
                 lo: int, hi: int) -> None:
    if hi < lo:
        return
    units = ctx.grid.units
    locked = locked_runs(group.students[0], ctx.cal) if group.size == 1 else []
    xs = [group.on[u] for u in ctx.grid.units_touching(lo, hi)
          if not any(a <= units[u].lo and units[u].hi <= b for a, b in locked)]
    ctx.forbid(lit, xs)


@register
@dataclass(frozen=True, kw_only=True)
class FirstWeeksFree(ShapeRule):
    """No placement day in the first ``weeks`` teaching weeks of the training (the class
    starts with teaching; locked periods excepted)."""

    kind = "first_weeks_free"
    weeks: int = 8

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        return {"weeks": f.int("weeks", 8, minimum=0, maximum=52), **cls.shape_params(f)}

    def zone(self, cal: SchoolCalendar) -> tuple[int, int]:
        """Working days from the start to the end of the ``weeks``-th teaching week
        (school holidays in between are inside: nobody leaves at Toussaint either)."""
        if self.weeks == 0:
            return 0, -1
        teaching = cal.teaching_weeks()
        if not teaching:
            return 0, -1
        last = teaching[min(self.weeks, len(teaching)) - 1]
        return 0, last.hi

    def checker(self, cal: SchoolCalendar) -> StudentCheck:
        lo, hi = self.zone(cal)
        until = cal.days[hi] if 0 <= hi < cal.n else None
        return _free_zone_check(self, lo, hi, "first_weeks_free.hit",
                                {"weeks": self.weeks, "until": until}, cal)

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        _forbid_zone(ctx, group, lit, *self.zone(ctx.cal))


@register
@dataclass(frozen=True, kw_only=True)
class BeforeFinalExams(ShapeRule):
    """No placement day on or after the first day of the final exams (blocked spans with
    ``final: true``): the placements feed the exam dossiers."""

    kind = "before_final_exams"

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        return cls.shape_params(f)

    def checker(self, cal: SchoolCalendar) -> StudentCheck:
        return _free_zone_check(self, cal.final_index, cal.n - 1, "before_final_exams.hit",
                                {"final": cal.final_start}, cal)

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        _forbid_zone(ctx, group, lit, ctx.cal.final_index, ctx.cal.n - 1)


@register
@dataclass(frozen=True, kw_only=True)
class WholeWeeks(ShapeRule):
    """Periods of whole weeks, Monday to Friday: in every calendar week, the days a
    placement can take are all taken or none. A lock, a blocked span or a holiday
    boundary cuts the week into parts, each whole on its own."""

    kind = "whole_weeks"

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        return cls.shape_params(f)

    @staticmethod
    def parts(cal: SchoolCalendar, locked: list[Interval]) -> list[list[int]]:
        """Per calendar week, its parts: the runs of free days (not blocked, not locked)
        with the same holiday flag."""
        out: list[list[int]] = []
        blocked, holiday = cal.blocked_flags, cal.holiday_flags
        for w in cal.weeks:
            part: list[int] = []
            for i in range(w.lo, w.hi + 1):
                free = not blocked[i] and not any(a <= i <= b for a, b in locked)
                if part and (not free or holiday[i] != holiday[part[-1]]):
                    if len(part) > 1:
                        out.append(part)
                    part = []
                if free:
                    part.append(i)
            if len(part) > 1:
                out.append(part)
        return out

    def checker(self, cal: SchoolCalendar) -> StudentCheck:
        plain = self.parts(cal, [])
        days_of = cal.days

        def check_one(student: Student, plan: StudentPlan) -> list[tuple[str, dict[str, Any]]]:
            if not plan.on:
                return []
            locked = locked_runs(student, cal)
            runs, j, last = plan.on, 0, len(plan.on)
            # parts (runs of consecutive days) and the plan's runs are both in day order:
            # one walk over the two counts the days of each part the plan takes
            for part in (self.parts(cal, locked) if locked else plain):
                lo, hi = part[0], part[-1]
                while j < last and runs[j][1] < lo:
                    j += 1
                on, k = 0, j
                while k < last and runs[k][0] <= hi:
                    on += min(hi, runs[k][1]) - max(lo, runs[k][0]) + 1
                    k += 1
                if on and on < len(part):
                    return [("whole_weeks.partial", {
                        "days": on, "of": len(part), "from": days_of[lo],
                        "to": days_of[hi]})]
            return []

        return check_one

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        locked = locked_runs(group.students[0], ctx.cal) if group.size == 1 else []
        grid = ctx.grid
        for part in self.parts(ctx.cal, locked):
            units = sorted(set(grid.units_touching(part[0], part[-1])))
            if len(units) < 2:
                continue   # one unit holds the whole part (a week unit): whole already
            first = group.on[units[0]]
            for u in units[1:]:
                ctx.model.add(group.on[u] == first).only_enforce_if(lit)


def _barriers(cal: SchoolCalendar, student: Student, rules: list[Rule]) -> list[bool]:
    """Per working day, whether no placement of ``student`` can lie there for a reason
    of the calendar or the texts: blocked dates, or outside a ``window`` rule."""
    out = list(cal.blocked_flags)
    for r in rules:
        if isinstance(r, WindowRule) and r.hard and not r.abroad and r.applies(student):
            inside = [False] * cal.n
            for lo, hi in region(cal, r.windows) or []:
                for i in range(max(lo, 0), min(hi, cal.n - 1) + 1):
                    inside[i] = True
            out = [b or not ok for b, ok in zip(out, inside, strict=True)]
    return out


def _stretches(barrier: list[bool]) -> list[int]:
    """Per working day, the length of the barrier-free stretch it lies in (0 on a
    barrier)."""
    out = [0] * len(barrier)
    i, n = 0, len(barrier)
    while i < n:
        if barrier[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and not barrier[j + 1]:
            j += 1
        for k in range(i, j + 1):
            out[k] = j - i + 1
        i = j + 1
    return out


def new_stints(plan: StudentPlan, locked: list[Interval]) -> list[Interval]:
    """The runs of one place (France or abroad) that hold no locked day: what a plan adds
    around its locks. A change of place ends one (a week in France glued to the abroad
    block is a stint of its own), and so does a locked day (a week added to a signed
    convention is a stint of its own: an add-on, not the convention)."""
    runs = sorted(plan.france + plan.abroad)
    return subtract(runs, locked) if locked else runs


@register
@dataclass(frozen=True, kw_only=True)
class MinRun(WeeksShapeRule):
    """No stint in one place (France, abroad) shorter than ``weeks`` weeks, even next to
    a run in the other place or to a locked period, unless all its days are locked or the
    stretch it lies in (between blocked dates, the training's bounds and the student's
    windows) is shorter."""

    kind = "min_run"

    def check(self, cohort: Cohort) -> list[Violation]:
        out: list[Violation] = []
        cal, rules, need = cohort.cal, cohort.scenario.rules, self.min_days
        for student, plan in cohort.members(self.routes, self.adjustments):
            short = [(a, b) for a, b in new_stints(plan, locked_runs(student, cal))
                     if b - a + 1 < need]
            if not short:
                continue
            stretch = _stretches(_barriers(cal, student, rules))
            for a, b in short:
                if stretch[a] < need:
                    continue
                place = "abroad" if _touches(plan.abroad, a, a) else "france"
                out.append(Violation(self, student.id, f"min_run.short_{place}", {
                    "weeks": self.weeks, "days": b - a + 1, "found_weeks": (b - a + 1) / 5,
                    "from": cal.days[a], "to": cal.days[b]}))
                break
        return out

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        from solver.rules.context import france_vars

        locked = locked_runs(group.students[0], ctx.cal) if group.size == 1 else []
        # a unit that holds a locked day is no part of a new stint: it ends one
        is_locked = [_touches(locked, u.lo, u.hi) for u in ctx.grid.units]
        stretch = _stretches(_barriers(ctx.cal, group.students[0], ctx.rules))
        for xs, tag in ((france_vars(ctx, group), "fr"), (group.ab, "ab")):
            self._compile_place(ctx, xs, tag, is_locked, stretch, lit)

    def forbid_new_short(self, ctx: CompileContext, group: StudentVars, old: list[int]) -> None:
        """Repair's rule (issue 18): no short stint (as ``check`` reads one) that holds a
        day the plan did not already have in that place. ``old``: per working day, 0 none,
        1 France, 2 abroad. A short stint the plan already had may stay as it is; a week
        added next to a past or locked period, or in the other place, may not."""
        from solver.rules.context import france_vars, start_flags

        is_locked, stretch = self._frame(ctx.cal, ctx.grid, group.students[0], group.size,
                                         ctx.rules)
        grid, units, need, n = ctx.grid, ctx.grid.units, self.min_days, len(ctx.grid.units)
        for xs, tag, value in ((france_vars(ctx, group), "fr", 1), (group.ab, "ab", 2)):
            fresh = [any(old[i] != value for i in range(u.lo, u.hi + 1)) for u in units]
            starts = start_flags(ctx, xs, tag)
            for s in range(n):
                if is_locked[s] or stretch[units[s].lo] < need:
                    continue
                start = xs[s] if s > 0 and is_locked[s - 1] else starts[s]
                days, e, new = 0, s, False
                # each short stint [s, e]: forbidden when it holds a fresh unit
                while e < n and not is_locked[e] and (e == s or grid.adjacent(e - 1, e)):
                    days += units[e].n_days
                    new = new or fresh[e]
                    if days >= need:
                        break
                    ends = e + 1 >= n or is_locked[e + 1] or not grid.adjacent(e, e + 1)
                    if new:
                        ctx.model.add_bool_or([start.Not(), *(x.Not() for x in xs[s + 1:e + 1]),
                                               *([] if ends else [xs[e + 1]])])
                    e += 1

    def _frame(self, cal: SchoolCalendar, grid: Grid, student: Student, size: int,
               rules: list[Rule]) -> tuple[list[bool], list[int]]:
        """Per unit of ``grid``, whether it holds a locked day (it ends a new stint), and
        per day the length of the stretch it lies in (``forbid_new_short``)."""
        locked = locked_runs(student, cal) if size == 1 else []
        return ([_touches(locked, u.lo, u.hi) for u in grid.units],
                _stretches(_barriers(cal, student, rules)))

    def adds_new_short(self, cal: SchoolCalendar, grid: Grid, student: Student,
                       rules: list[Rule], old: list[int], new: list[int]) -> bool:
        """Whether the day statuses ``new`` break ``forbid_new_short`` for ``old`` (the
        same reading, on values: a stint of one place that starts on a free unit, stops
        short of ``min_days`` over free adjacent units, and holds a fresh unit)."""
        is_locked, stretch = self._frame(cal, grid, student, 1, rules)
        units, need, n = grid.units, self.min_days, len(grid.units)
        for value in (1, 2):
            on = [new[u.lo] == value for u in units]
            for s in range(n):
                if not on[s] or is_locked[s] or stretch[units[s].lo] < need:
                    continue
                if s > 0 and on[s - 1] and not is_locked[s - 1] and grid.adjacent(s - 1, s):
                    continue   # not where a stint starts
                days, e, fresh = 0, s, False
                while e < n and on[e] and not is_locked[e] and \
                        (e == s or grid.adjacent(e - 1, e)):
                    days += units[e].n_days
                    fresh = fresh or any(old[i] != value for i in range(units[e].lo,
                                                                        units[e].hi + 1))
                    if days >= need:
                        break
                    e += 1
                if days < need and fresh:
                    return True
        return False

    def _compile_place(self, ctx: CompileContext, xs: list[cp_model.IntVar], tag: str,
                       is_locked: list[bool], stretch: list[int], lit: cp_model.IntVar
                       ) -> None:
        """Every stint of ``xs`` (one place) that starts on a free unit runs on for
        ``min_days`` over free, adjacent units."""
        from solver.rules.context import start_flags

        grid, units, need = ctx.grid, ctx.grid.units, self.min_days
        starts = start_flags(ctx, xs, tag)
        n = len(units)
        for s in range(n):
            if is_locked[s] or stretch[units[s].lo] < need:
                continue
            # after a locked unit, any day of this place starts a new stint
            start = xs[s] if s > 0 and is_locked[s - 1] else starts[s]
            chain, days, e = [], 0, s
            while days < need and e < n and not is_locked[e] \
                    and (e == s or grid.adjacent(e - 1, e)):
                chain.append(xs[e])
                days += units[e].n_days
                e += 1
            if days < need:   # no stint long enough can start here
                ctx.model.add_implication(lit, start.Not())
            elif len(chain) > 1:
                ctx.model.add_bool_and(chain[1:]).only_enforce_if([start, lit])


@register
@dataclass(frozen=True, kw_only=True)
class MaxRuns(ShapeRule):
    """At most ``max`` separate periods per student, a period being a run of one place
    (year 1 in France, the abroad block, year 2 in France, say; an abroad block inside a
    run in France makes three); more only where locks make more."""

    kind = "max_runs"
    max: int = 3

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        return {"max": f.int("max", 3, minimum=1, maximum=100), **cls.shape_params(f)}

    @staticmethod
    def count(plan: StudentPlan) -> int:
        """Runs of one place: France runs (an abroad block cuts one) plus abroad runs,
        what a coordinator counts as separate periods."""
        return len(plan.france) + len(plan.abroad)

    def limit(self, student: Student, cal: SchoolCalendar) -> int:
        if not any(p.locked for p in student.periods):
            return self.max
        from solver.core.plan import normalise

        fixed = normalise([(p.start, p.end, p.abroad, p.country) for p in student.periods
                           if p.locked], cal)
        return max(self.max, self.count(fixed))

    def check_student(self, student: Student, plan: StudentPlan,
                      cal: SchoolCalendar) -> list[tuple[str, dict[str, Any]]]:
        count = self.count(plan)
        limit = self.limit(student, cal)
        if count > limit:
            return [("max_runs.many", {"count": count, "max": limit})]
        return []

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        from solver.rules.context import france_vars, start_flags

        france = france_vars(ctx, group)
        starts = start_flags(ctx, france, "fr") + start_flags(ctx, group.ab, "ab")
        limit = self.limit(group.students[0], ctx.cal) if group.size == 1 else self.max
        ctx.model.add(sum(starts) <= limit).only_enforce_if(lit)


SHAPE_KINDS = (FirstWeeksFree, BeforeFinalExams, WholeWeeks, MinRun, MaxRuns)


def with_in_generate(rule: Rule, mode: str) -> Rule:
    """``rule`` with another ``in_generate`` (what-if and tests)."""
    return dataclasses.replace(rule, in_generate=mode) if isinstance(rule, ShapeRule) else rule
