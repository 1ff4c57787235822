"""What makes a generated calendar pleasant: soft preference kinds and their weights.

A preference is a rule (same base class, ``check`` + ``compile``) with severity
``warning`` that ``generate`` prices in its objective; it never breaks compliance.
Its ``compile`` adds both an enforcement literal (true when the preference holds
fully, for explain and for the CP-SAT checker) and, for counted preferences, penalty
terms ``(weight, expression)`` in ``ctx.penalties`` (e.g. one term per placement day
in school holidays). Weights are data: ``DEFAULT_PREFERENCES`` below is the table
``generate`` uses unless the caller gives its own list (``--preferences FILE``, a
YAML list written in the same vocabulary). The kinds live in their own registry
(``PREFERENCE_KINDS``), beside the programme rule kinds, because they are the
generator's taste, not the texts' requirements.

Kinds:

- ``avoid_holidays``: fewest placement days in school holidays (weight per day).
- ``avoid_before_blocked``: no placement in the ``weeks`` weeks just before each
  blocked span (exams, CCF); weight per placement week there.
- ``few_periods``: at most ``max`` separate periods, abroad runs included (weight when
  a student needs more).
- ``preferred_windows``: placements preferably inside ``windows`` (weight per
  placement day outside).
- ``lean_placements``: no more placement (and abroad) days than the rules need
  (``weight`` and ``abroad_weight`` per day).
- ``balanced_years``: in each year, at least ``share`` of a student's placement days
  (weight per year short of it). Not in the defaults: it made a mixed CI class with an
  abroad cap of 2 unsolvable within 30 s (``--preferences`` to use it).
- ``avoid_months``: no placement day in the given months (default August), weight per day.
- ``no_short_gaps``: no lone teaching week between two placement runs, weight per gap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from solver.core.errors import InputError, msg
from solver.core.fields import Fields, suggest, with_known
from solver.core.plan import clip, subtract, total
from solver.rules.base import Citation, Rule
from solver.rules.context import start_flags
from solver.rules.windows import Window, parse_windows, region

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from solver.core.calendar import SchoolCalendar
    from solver.core.model import Student
    from solver.core.plan import StudentPlan
    from solver.rules.context import CompileContext, StudentVars

PREFERENCE_KINDS: dict[str, type[Rule]] = {}

GENERATOR_CITATION = Citation("stageplan", "generate",
                              "préférence de l'établissement pour un calendrier lisible")


def price_days(rule: Rule, ctx: CompileContext, group: StudentVars, lit: cp_model.IntVar,
               days_in: Callable[[int, int], int]) -> None:
    """``rule.weight`` per placement day of ``group`` that ``days_in(lo, hi)`` counts in
    a unit; ``lit`` holds when there is none."""
    terms = [(days_in(u.lo, u.hi), group.on[i]) for i, u in enumerate(ctx.grid.units)]
    terms = [(d, x) for d, x in terms if d]
    ctx.forbid(lit, [x for _, x in terms])
    if terms:
        ctx.penalties.append((rule.weight * group.size, sum(d * x for d, x in terms)))


def _register(cls: type[Rule]) -> type[Rule]:
    PREFERENCE_KINDS[cls.kind] = cls
    return cls


@_register
@dataclass(frozen=True, kw_only=True)
class AvoidHolidays(Rule):
    """Placement days should not fall in school holidays (fewest such days)."""

    kind = "avoid_holidays"

    def check_student(self, student: Student, plan: StudentPlan,
                      cal: SchoolCalendar) -> list[tuple[str, dict[str, Any]]]:
        days = sum(cal.holiday_days(lo, hi) for lo, hi in plan.on)
        return [("avoid_holidays.days", {"days": days, "weeks": days / 5})] if days else []

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        price_days(self, ctx, group, lit, ctx.cal.holiday_days)


@_register
@dataclass(frozen=True, kw_only=True)
class AvoidBeforeBlocked(Rule):
    """No placement in the ``weeks`` calendar weeks just before each blocked span."""

    kind = "avoid_before_blocked"
    weeks: int = 2

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        return {"weeks": f.int("weeks", 2, minimum=1, maximum=20)}

    def zones(self, cal: SchoolCalendar) -> list[tuple[int, int, dt.date]]:
        out = []
        for span in cal.blocked:
            lo = cal.first_index_on_or_after(span.start - dt.timedelta(days=7 * self.weeks))
            hi = cal.last_index_on_or_before(span.start - dt.timedelta(days=1))
            if lo <= hi:
                out.append((lo, hi, span.start))
        return out

    def check_student(self, student: Student, plan: StudentPlan,
                      cal: SchoolCalendar) -> list[tuple[str, dict[str, Any]]]:
        for lo, hi, first in self.zones(cal):
            hit = clip(plan.on, lo, hi)
            if hit:
                return [("avoid_before_blocked.hit", {
                    "days": total(hit), "weeks": self.weeks, "blocked_from": first,
                    "from": cal.days[hit[0][0]], "to": cal.days[hit[-1][1]]})]
        return []

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        xs: list[Any] = []
        for lo, hi, _ in self.zones(ctx.cal):
            xs.extend(group.on[u] for u in ctx.grid.units_touching(lo, hi))
        ctx.forbid(lit, xs)
        if xs:
            ctx.penalties.append((self.weight * group.size, sum(xs)))


@_register
@dataclass(frozen=True, kw_only=True)
class FewPeriods(Rule):
    """At most ``max`` separate periods (a run abroad counts as one more period).

    Priced as a whole (``weight`` when the student needs more), not per period:
    counting runs one by one gives CP-SAT a weak bound and it can no longer prove a
    class calendar optimal within seconds, while a cap keeps the objective linear."""

    kind = "few_periods"
    priced_literal: ClassVar[bool] = True
    max: int = 3

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        return {"max": f.int("max", 3, minimum=0)}

    def check_student(self, student: Student, plan: StudentPlan,
                      cal: SchoolCalendar) -> list[tuple[str, dict[str, Any]]]:
        count = len(plan.on) + len(plan.abroad)
        if count > self.max:
            return [("few_periods.many", {"count": count, "max": self.max})]
        return []

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        starts = start_flags(ctx, group.on, "on") + start_flags(ctx, group.ab, "ab")
        ctx.model.add(sum(starts) <= self.max).only_enforce_if(lit)


@_register
@dataclass(frozen=True, kw_only=True)
class PreferredWindows(Rule):
    """Placement days preferably inside ``windows`` (fewest days outside)."""

    kind = "preferred_windows"
    windows: tuple[Window, ...] = ()

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        wins = parse_windows(f, "windows")
        if not wins:
            raise f.error("windows", msg("is required"), hint=msg("add at least one window"))
        return {"windows": wins}

    def check_student(self, student: Student, plan: StudentPlan,
                      cal: SchoolCalendar) -> list[tuple[str, dict[str, Any]]]:
        outside = subtract(plan.on, region(cal, self.windows) or [])
        if outside:
            return [("preferred_windows.outside", {"days": total(outside),
                                                   "from": cal.days[outside[0][0]]})]
        return []

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        inside = ctx.units_in(region(ctx.cal, self.windows) or [])
        terms = [(u.n_days, group.on[i]) for i, u in enumerate(ctx.grid.units)
                 if not inside[i]]
        ctx.forbid(lit, [x for _, x in terms])
        if terms:
            ctx.penalties.append((self.weight * group.size, sum(d * x for d, x in terms)))


@_register
@dataclass(frozen=True, kw_only=True)
class LeanPlacements(Rule):
    """No more placement days, and no more abroad days, than the rules need."""

    kind = "lean_placements"
    abroad_weight: int = 1

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        return {"abroad_weight": f.int("abroad_weight", 1, minimum=0)}

    def check_student(self, student: Student, plan: StudentPlan,
                      cal: SchoolCalendar) -> list[tuple[str, dict[str, Any]]]:
        return []

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        units = ctx.grid.units
        ctx.penalties.append((self.weight * group.size,
                              sum(u.n_days * group.on[i] for i, u in enumerate(units))))
        if self.abroad_weight:
            ctx.penalties.append((self.abroad_weight * group.size,
                                  sum(u.n_days * group.ab[i] for i, u in enumerate(units))))


@_register
@dataclass(frozen=True, kw_only=True)
class BalancedYears(Rule):
    """Placements in both years where the texts let a class choose (issue 18): ``weight``
    for each year in which a student has fewer than ``share`` of their placement days.

    Priced per year as a whole, not per day of difference: a day-by-day balance gives
    CP-SAT a weak bound, and a class of 18 could no longer be proven optimal within
    seconds (the BTS CI reading ``both_years`` requires both years outright)."""

    kind = "balanced_years"
    share: float = 0.25

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        return {"share": f.number("share", 0.25, minimum=0.0)}

    def _days(self, cal: SchoolCalendar, plan: StudentPlan, year: int) -> int:
        return sum(total(clip(plan.on, lo, hi)) for lo, hi in region(cal, None, year) or [])

    def check_student(self, student: Student, plan: StudentPlan,
                      cal: SchoolCalendar) -> list[tuple[str, dict[str, Any]]]:
        days = [self._days(cal, plan, y) for y in (1, 2)]
        for year, d in zip((1, 2), days, strict=True):
            if sum(days) and d < self.share * sum(days) and student.entry_year <= year:
                return [("balanced_years.thin", {"year": year, "weeks": d / 5})]
        return []

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        units = ctx.grid.units
        sums = []
        for year in (1, 2):
            inside = ctx.units_in(region(ctx.cal, None, year) or [])
            sums.append(sum(u.n_days * group.on[i] for i, u in enumerate(units) if inside[i]))
        if min(s.entry_year for s in group.students) == 2:
            return
        whole = round(self.share * 100)
        terms = []
        for year in (0, 1):
            ok = ctx.model.new_bool_var(f"year{year + 1}_share[{group.key}]")
            # ok => 100 * days of the year >= share% of all the days
            ctx.model.add(100 * sums[year] >= whole * (sums[0] + sums[1])).only_enforce_if(ok)
            terms.append(ok.Not())
        ctx.model.add_bool_and([t.Not() for t in terms]).only_enforce_if(lit)
        ctx.penalties.append((self.weight * group.size, sum(terms)))


@_register
@dataclass(frozen=True, kw_only=True)
class AvoidMonths(Rule):
    """No placement day in the given ``months`` (default August: the firms are shut and
    the tutors away) unless the rules force one; ``weight`` per day."""

    kind = "avoid_months"
    months: tuple[int, ...] = (8,)

    @classmethod
    def parse_params(cls, f: Fields) -> dict[str, Any]:
        months = f.list("months", [8])
        if any(isinstance(m, bool) or not isinstance(m, int) or not 1 <= m <= 12
               for m in months):
            raise f.error("months", msg("months are whole numbers from 1 to 12"), months,
                          msg("e.g. months: [8]"))
        return {"months": tuple(months)}

    def _days(self, cal: SchoolCalendar, lo: int, hi: int) -> int:
        return sum(1 for i in range(lo, hi + 1) if cal.days[i].month in self.months)

    def check_student(self, student: Student, plan: StudentPlan,
                      cal: SchoolCalendar) -> list[tuple[str, dict[str, Any]]]:
        days = sum(self._days(cal, lo, hi) for lo, hi in plan.on)
        return [("avoid_months.days", {"days": days})] if days else []

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        price_days(self, ctx, group, lit, lambda lo, hi: self._days(ctx.cal, lo, hi))


@_register
@dataclass(frozen=True, kw_only=True)
class NoShortGaps(Rule):
    """No lone teaching week between two placement runs (a one-week gap: the student
    comes back for five days and leaves again); ``weight`` per gap."""

    kind = "no_short_gaps"

    @staticmethod
    def gaps(cal: SchoolCalendar) -> list[tuple[int, int, int, int]]:
        """(week before, gap week, week after) as (lo, hi) of the gap and the indices of
        the working days just before and after it, for each calendar week with no school
        holiday day, between two weeks of five working days."""
        out = []
        weeks = cal.weeks
        for k in range(1, len(weeks) - 1):
            w = weeks[k]
            if w.n_days == 5 and weeks[k - 1].n_days and weeks[k + 1].n_days \
                    and not any(cal.holiday_flags[i] for i in range(w.lo, w.hi + 1)):
                out.append((w.lo, w.hi, w.lo - 1, w.hi + 1))
        return out

    def check_student(self, student: Student, plan: StudentPlan,
                      cal: SchoolCalendar) -> list[tuple[str, dict[str, Any]]]:
        for lo, hi, before, after in self.gaps(cal):
            if clip(plan.on, before, before) and clip(plan.on, after, after) \
                    and not clip(plan.on, lo, hi):
                return [("no_short_gaps.gap", {"from": cal.days[lo], "to": cal.days[hi]})]
        return []

    def compile_group(self, ctx: CompileContext, group: StudentVars,
                      lit: cp_model.IntVar) -> None:
        grid = ctx.grid
        terms = []
        for lo, hi, before, after in self.gaps(ctx.cal):
            mid = grid.units_touching(lo, hi)
            prev, nxt = grid.units_touching(before, before), grid.units_touching(after, after)
            if not mid or not prev or not nxt:
                continue
            gap = ctx.model.new_bool_var(f"gap[{group.key}][{lo}]")
            # gap >= before + after - 1 - (any day of the week on)
            ctx.model.add(gap >= group.on[prev[-1]] + group.on[nxt[0]] - 1
                          - sum(group.on[u] for u in mid))
            terms.append(gap)
        ctx.forbid(lit, terms)
        if terms:
            ctx.penalties.append((self.weight * group.size, sum(terms)))


# The generator's default taste (weights per day, per week or per period). The
# programme's own warnings (e.g. CI: abroad block in year 1) are priced with their
# weight times SOFT_RULE_SCALE, so a text's wish outweighs these conveniences.
SOFT_RULE_SCALE = 200
DEFAULT_PREFERENCES: list[dict[str, Any]] = [
    {"id": "pref-avoid-before-blocked", "kind": "avoid_before_blocked", "weeks": 2,
     "weight": 60},
    {"id": "pref-few-periods", "kind": "few_periods", "max": 4, "weight": 400},
    {"id": "pref-avoid-holidays", "kind": "avoid_holidays", "weight": 4},
    {"id": "pref-lean", "kind": "lean_placements", "weight": 1, "abroad_weight": 1},
    {"id": "pref-no-august", "kind": "avoid_months", "months": [8], "weight": 20},
    {"id": "pref-no-short-gaps", "kind": "no_short_gaps", "weight": 100},
]


def parse_preferences(data: Any, file: str | None = None) -> list[Rule]:
    """A list of preference mappings (``kind``, ``id``, ``weight``, parameters)."""
    if not isinstance(data, list):
        raise InputError(msg("preferences must be a list of {kind: ..., weight: ...}"), file, None,
                         "preferences", None,
                         msg("see DEFAULT_PREFERENCES in solver/preferences.py"))
    rules: list[Rule] = []
    for i, item in enumerate(data):
        line = getattr(item, "line", None)
        f = Fields(item, f"preferences[{i}]", file, line)
        kind = f.str("kind")
        cls = PREFERENCE_KINDS.get(kind)
        if cls is None:
            known = sorted(PREFERENCE_KINDS)
            hint = suggest(kind, known) or ""
            raise f.error("kind", msg("unknown preference kind '{}'", kind), kind,
                          with_known(hint, known))
        f.reject_unknown({"kind", "id", "weight", "applies_to", "citation"}
                         | set(cls.param_names()))
        routes = adjs = None
        if f.has("applies_to"):
            a = f.sub("applies_to")
            a.reject_unknown(["routes", "adjustments"])
            routes = tuple(a.str_list("routes")) if a.has("routes") else None
            adjs = tuple(a.str_list("adjustments")) if a.has("adjustments") else None
        citation = GENERATOR_CITATION
        if f.has("citation"):
            citation = Citation("stageplan", "generate", f.str("citation"))
        rules.append(cls(id=f.str("id", f"pref-{kind}-{i}"), severity="warning",
                         weight=f.int("weight", 1, minimum=0), routes=routes,
                         adjustments=adjs, citation=citation, **cls.parse_params(f)))
    return rules


def default_preferences() -> list[Rule]:
    return parse_preferences(DEFAULT_PREFERENCES)
