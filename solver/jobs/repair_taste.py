"""Repair's taste: among the fixes that change the fewest working days, which to prefer.

Repair first proves the fewest changed working days; among the fixes of that cost it
then prefers, in this order (weights as data, in the preference vocabulary of
``generate``, ``solver/preferences.py``; replaceable with ``repair --preferences FILE``):

1. no new placement day in school holidays (``avoid_holidays``, per day);
2. none on or after the final exams (``prefer_before_final``: blocked spans marked
   ``final: true``) and none in the first weeks of training
   (``prefer_outside_first_weeks``), per day;
3. whole Monday-Friday weeks (``prefer_whole_weeks``, per week only partly placed);
4. the fewest runs of placement (``fewest_runs``, per run);
5. abroad days in the abroad block the student already has (``abroad_where_already``,
   per run of abroad days).

The school's shape policy of the class (``rules/shape.py``: final exams, first weeks,
whole weeks, minimum run, maximum runs) is priced too, per rule a fix breaks
(``SHAPE_WEIGHTS``), between the same levels. The weights are chosen so that each level
outweighs what the next ones can differ by on a real plan (a holiday day costs more than
a partial week, which costs more than one more run); repair's own last tie-breaks
(fewest runs of changed days, fewest new abroad days) come after all of them, and
after those a fixed order (``repair._least``: the earliest change first), so that the
answer never depends on the search.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from solver.core.fields import Fields
from solver.engine.preferences import PREFERENCE_KINDS, parse_preferences
from solver.rules.base import Rule

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from solver.core.calendar import SchoolCalendar
    from solver.core.model import Student
    from solver.core.plan import StudentPlan
    from solver.rules.context import CompileContext, StudentVars


def _register(cls: type[Rule]) -> type[Rule]:
    PREFERENCE_KINDS.setdefault(cls.kind, cls)
    return cls


def _on_days(ctx: CompileContext, group: StudentVars, lo: int, hi: int) -> list[tuple[int, Any]]:
    """(days inside [lo, hi], on variable) of every unit touching the days lo..hi."""
    out = []
    for u in ctx.grid.units_touching(lo, hi):
        unit = ctx.grid.units[u]
        days = min(unit.hi, hi) - max(unit.lo, lo) + 1
        if days > 0:
            out.append((days, group.on[u]))
    return out


@_register
@dataclass(frozen=True, kw_only=True)
class PreferOutsideFirstWeeks(Rule):
    """No placement day in the first ``weeks`` weeks of training (fewest such days)."""

    kind = "prefer_outside_first_weeks"
    weeks: int = 4

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        return {"weeks": f.int("weeks", 4, minimum=0, maximum=52)}

    def span(self, cal: SchoolCalendar) -> tuple[int, int]:
        return 0, cal.last_index_on_or_before(cal.start + dt.timedelta(days=7 * self.weeks - 1))

    def check_student(self, student: Student, plan: StudentPlan,
                      cal: SchoolCalendar) -> list[tuple[str, dict[str, Any]]]:
        return []   # a priced preference of repair, never a warning of verify

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        lo, hi = self.span(ctx.cal)
        terms = _on_days(ctx, group, lo, hi) if self.weeks and hi >= lo else []
        ctx.forbid(lit, [x for _, x in terms])
        if terms:
            ctx.penalties.append((self.weight * group.size, sum(d * x for d, x in terms)))


@_register
@dataclass(frozen=True, kw_only=True)
class PreferBeforeFinal(Rule):
    """No placement day on or after the first day of the final exams (blocked spans
    marked ``final: true``; without one, nothing to prefer)."""

    kind = "prefer_before_final"

    def span(self, cal: SchoolCalendar) -> tuple[int, int] | None:
        finals = [b.start for b in cal.blocked if getattr(b, "final", False)]
        if not finals:
            return None
        return cal.first_index_on_or_after(min(finals)), cal.n - 1

    def check_student(self, student: Student, plan: StudentPlan,
                      cal: SchoolCalendar) -> list[tuple[str, dict[str, Any]]]:
        return []   # a priced preference of repair, never a warning of verify

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        span = self.span(ctx.cal)
        terms = _on_days(ctx, group, *span) if span and span[1] >= span[0] else []
        ctx.forbid(lit, [x for _, x in terms])
        if terms:
            ctx.penalties.append((self.weight * group.size, sum(d * x for d, x in terms)))


@_register
@dataclass(frozen=True, kw_only=True)
class PreferWholeWeeks(Rule):
    """Placements in whole Monday-Friday weeks (fewest weeks placed only in part)."""

    kind = "prefer_whole_weeks"

    def check_student(self, student: Student, plan: StudentPlan,
                      cal: SchoolCalendar) -> list[tuple[str, dict[str, Any]]]:
        return []

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        terms: list[Any] = []
        for week in ctx.cal.weeks:
            if week.n_days != 5:
                continue
            units = ctx.grid.units_touching(week.lo, week.hi)
            if len(units) < 2:      # a whole-week unit is whole by construction
                continue
            xs = [group.on[u] for u in units]
            some = ctx.week_flag(group, week.index, False)
            if some is None:
                continue
            full = ctx.model.new_bool_var(f"full_w{week.index}[{group.key}]")
            ctx.model.add_bool_and(xs).only_enforce_if(full)
            terms.append(some - full)
            ctx.model.add(some == full).only_enforce_if(lit)
        if terms:
            ctx.penalties.append((self.weight * group.size, sum(terms)))


def _run_starts(ctx: CompileContext, xs: list[Any], tag: str) -> list[Any]:
    """Per unit, a Boolean at least 1 when a run of ``xs`` starts there (minimised, so
    exactly the starts)."""
    out: list[Any] = []
    for u, x in enumerate(xs):
        if u == 0 or not ctx.grid.adjacent(u - 1, u):
            out.append(x)
            continue
        key = ("repair-start", tag, x.index)
        if key not in ctx._unit_cache:
            b = ctx.model.new_bool_var(f"{tag}_run[{u}]")
            ctx.model.add_bool_or([b, x.Not(), xs[u - 1]])
            ctx._unit_cache[key] = b
        out.append(ctx._unit_cache[key])
    return out


@dataclass(frozen=True, kw_only=True)
class _RunCount(Rule):
    """Priced per run of placement (``counts_abroad``: abroad) days; no check of its own.
    (Not named ``abroad``: the class model reads that name as "a rule sends abroad".)"""

    counts_abroad: ClassVar[bool] = False

    def check_student(self, student: Student, plan: StudentPlan,
                      cal: SchoolCalendar) -> list[tuple[str, dict[str, Any]]]:
        return []

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        xs, tag = (group.ab, "ab") if self.counts_abroad else (group.on, "on")
        ctx.penalties.append((self.weight * group.size,
                              sum(_run_starts(ctx, list(xs), f"{tag}[{group.key}]"))))


@_register
@dataclass(frozen=True, kw_only=True)
class FewestRuns(_RunCount):
    """The fewest runs of placement days (per run; France and abroad back to back are
    one run)."""

    kind = "fewest_runs"


@_register
@dataclass(frozen=True, kw_only=True)
class AbroadWhereAlready(_RunCount):
    """Abroad days in the abroad block the student already has: the fewest runs of
    abroad days (a second block elsewhere costs one more)."""

    kind = "abroad_where_already"
    counts_abroad = True


# Repair's default taste, in the order of the issue; weights per day, per week or per run.
REPAIR_PREFERENCES: list[dict[str, Any]] = [
    {"id": "repair-avoid-holidays", "kind": "avoid_holidays", "weight": 2000},
    {"id": "repair-before-final", "kind": "prefer_before_final", "weight": 400},
    {"id": "repair-outside-first-weeks", "kind": "prefer_outside_first_weeks", "weeks": 8,
     "weight": 400},
    {"id": "repair-whole-weeks", "kind": "prefer_whole_weeks", "weight": 100},
    {"id": "repair-fewest-runs", "kind": "fewest_runs", "weight": 40},
    {"id": "repair-abroad-where-already", "kind": "abroad_where_already", "weight": 20},
]


# The school's own shape policy (``rules/shape.py``: warnings for verify, required by
# generate) is part of the taste too: a fix that keeps a student's calendar within the
# policy beats one that breaks it, at these prices per student (between the per-day
# prices above: a rule kept outweighs a few days of the finer counts below it).
SHAPE_WEIGHTS: dict[str, int] = {"before_final_exams": 1500, "first_weeks_free": 1500,
                                 "whole_weeks": 300, "min_run": 150, "max_runs": 150}


def shape_terms(ctx: CompileContext, groups: list[StudentVars]) -> list[Any]:
    """The price of each school-policy shape rule a fix breaks for one of ``groups``."""
    keys = {g.key for g in groups}
    out: list[Any] = []
    for info in ctx.literals:
        weight = SHAPE_WEIGHTS.get(info.rule.kind, 0)
        if weight and info.group is not None and info.group.key in keys \
                and not info.rule.hard:
            out.append(weight * (1 - info.literal))
    return out


def repair_preferences() -> list[Rule]:
    return parse_preferences(REPAIR_PREFERENCES)


# Kinds counted per placement day: in repair they count the *new* placement days only
# (a day already placed in the holidays is the student's, not the repair's choice; the
# fix must not shorten a period in the middle to be rid of it). The other kinds (runs,
# whole weeks, abroad blocks) judge the shape of the whole new plan.
NEW_DAY_KINDS = frozenset({"avoid_holidays", "prefer_before_final",
                           "prefer_outside_first_weeks", "avoid_before_blocked",
                           "preferred_windows", "lean_placements"})


def compile_taste(ctx: CompileContext, groups: list[StudentVars],
                  olds: dict[str, list[int]], preferences: Sequence[Rule]) -> list[Any]:
    """The weighted penalty terms of ``preferences`` for the students of ``groups`` (one
    student each), whose old day statuses are ``olds`` (0 none, 1 France, 2 abroad)."""
    from solver.rules.context import StudentVars

    false = ctx.model.new_bool_var("never")
    ctx.model.add(false == 0)
    start = len(ctx.penalties)
    for group in groups:
        student = group.students[0]
        old = olds[student.id]
        new_on = [x if old[unit.lo] == 0 else false
                  for x, unit in zip(group.on, ctx.grid.units, strict=True)]
        new_ab = [x if old[unit.lo] != 2 else false
                  for x, unit in zip(group.ab, ctx.grid.units, strict=True)]
        delta = StudentVars(f"new-{group.key}", group.students, new_on, new_ab)
        for rule in preferences:
            if rule.applies(student):
                target = delta if rule.kind in NEW_DAY_KINDS else group
                rule.compile_group(ctx, target, ctx.literal(rule, target))
    return [w * expr for w, expr in ctx.penalties[start:] if w]
