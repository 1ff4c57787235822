"""Shared CP-SAT variables for a class, and the context the rule kinds compile into.

It lives with the rule kinds because it is their interface: every ``compile`` writes into a
``CompileContext``; ``solver.engine`` builds class models from it and solves them.

Time is cut into *units*, each a run of consecutive working days: one working day a
unit for exact verification and repair (``day`` grid), or one Monday-to-Friday week
a unit for generating calendars (``week`` grid: a coordinator hands out whole weeks,
and the model is five times smaller). Every student group (students that must share
one calendar, or one student) gets two Boolean variables per unit: ``on`` (placement)
and ``ab`` (abroad, which implies ``on``).

Each rule instance gets its own enforcement literal from ``literal()``; hard rules are
required true by the job that builds the model, soft rules are priced in the
objective, and ``explain`` switches literals on and off through assumptions.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from solver.core.calendar import SchoolCalendar

if TYPE_CHECKING:   # OR-Tools only where a model is built (plain verify starts without it)
    from ortools.sat.python import cp_model

    from solver.core.model import Student
    from solver.core.plan import StudentPlan
    from solver.rules.base import Rule


@dataclass(frozen=True)
class Unit:
    lo: int
    hi: int

    @property
    def n_days(self) -> int:
        return self.hi - self.lo + 1


@dataclass
class Grid:
    """Units of time over the working days of a calendar."""

    mode: str
    units: list[Unit]
    _his: list[int] = field(default_factory=list, repr=False, compare=False)
    _los: list[int] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def days(cls, cal: SchoolCalendar) -> Grid:
        return cls("day", [Unit(i, i) for i in range(cal.n)])

    @classmethod
    def weeks(cls, cal: SchoolCalendar) -> Grid:
        """Whole Monday-Friday weeks inside the training; a week cut by start/end is left out."""
        units = [Unit(w.lo, w.hi) for w in cal.weeks if w.n_days == 5]
        return cls("week", units)

    def adjacent(self, a: int, b: int) -> bool:
        return self.units[b].lo == self.units[a].hi + 1

    def units_touching(self, lo: int, hi: int) -> list[int]:
        # units are sorted and disjoint: the first whose last day is >= lo, up to the
        # last whose first day is <= hi (compiling a class asks this thousands of times)
        his = self._his
        if len(his) != len(self.units):
            his = self._his = [unit.hi for unit in self.units]
            self._los = [unit.lo for unit in self.units]
        return list(range(bisect_left(his, lo), bisect_right(self._los, hi)))


@dataclass
class StudentVars:
    """The variables of one group of students who share a calendar (often one student)."""

    key: str
    students: list[Student]
    on: list[cp_model.IntVar]
    ab: list[cp_model.IntVar]
    facts: StudentPlan | None = None  # the input plan, when the plan is given (verify)

    @property
    def size(self) -> int:
        return len(self.students)


@dataclass
class LiteralInfo:
    rule: Rule
    group: StudentVars | None
    part: str | None
    literal: cp_model.IntVar
    weight: int = 1


@dataclass
class Demand:
    """What a student rule requires of a group, in calendar weeks touched: at least
    ``weeks`` weeks with a placement (abroad) day when ``lit`` holds. Capacity rules add
    it up against their weekly caps: redundant, but it lets CP-SAT prove a counting
    conflict (35 students x 4 weeks abroad, one slot a week) at once."""

    group: StudentVars
    abroad: bool
    weeks: int
    lit: cp_model.IntVar
    # the calendar weeks those days must lie in (the rule's window), None: anywhere.
    # Capacity rules count each window apart too (issue 19): 180 weeks needed inside
    # the year-1 windows against the slots those windows offer is proven at once.
    window: tuple[int, ...] | None = None
    # the weeks are one run of consecutive working days (a block), not a total: then
    # at most ``cap`` times the blocks that fit one after another in the window can
    # be placed there (see ``capacity.window_needs``)
    run: bool = False
    # the rule's own terms: the placement (abroad) days it asks for, and the units where
    # they count (None: all); a calendar built from demands reads them
    # (``explain._packing``)
    days: int = 0
    inside: Sequence[bool] | None = None


@dataclass
class CompileContext:
    """What a rule's ``compile`` needs: the model, the calendar, the grid, the groups."""

    model: cp_model.CpModel
    cal: SchoolCalendar
    grid: Grid
    groups: list[StudentVars]
    literals: list[LiteralInfo] = field(default_factory=list)
    penalties: list[tuple[int, Any]] = field(default_factory=list)
    # every rule being compiled into this model (a shape rule reads the windows the
    # texts set; capacity rules read the demands the student rules registered)
    rules: list[Rule] = field(default_factory=list)
    demands: list[Demand] = field(default_factory=list)
    # a class in progress (solver/jobs/history.py): working days before ``from_index``
    # are history, and class rules count from it on; ``given`` holds each student's
    # periods as the file gives them (history, locks, the coordinator's draft), which a
    # new placement must not be confused with (lead_time)
    from_index: int = 0
    given: dict[str, StudentPlan] = field(default_factory=dict)
    # called between rules and between groups: it raises to stop a build whose job has
    # run out of time (``classmodel.build_class_model(stop=...)``); None: never stops
    stop: Callable[[], None] | None = None
    # the literals and demands only, no constraint (``classmodel.build_class_model``):
    # what the capacity counts read, for a job that only asks whether they prove a
    # conflict (``counting_rule``); such a model is never solved
    count_only: bool = False
    _unit_cache: dict[tuple[Any, ...], Any] = field(default_factory=dict)

    def check_stop(self) -> None:
        if self.stop is not None:
            self.stop()

    # ---- literals --------------------------------------------------------------
    def literal(self, rule: Rule, group: StudentVars | None = None, part: str | None = None,
                weight: int = 1) -> cp_model.IntVar:
        who = group.key if group is not None else "class"
        name = f"{rule.id}[{who}]" + (f"[{part}]" if part else "")
        lit = self.model.new_bool_var(name)
        self.literals.append(LiteralInfo(rule, group, part, lit, weight))
        return lit

    def demand(self, group: StudentVars, abroad: bool, min_days: int,
               lit: cp_model.IntVar, inside: Sequence[bool] | None = None,
               run: bool = False) -> None:
        """Register that ``lit`` requires ``min_days`` placement (abroad) days of
        ``group``: they touch at least ceil(min_days / 5) calendar weeks (a calendar
        week holds at most 5 working days), all among the weeks of the units where
        ``inside`` is true (None: anywhere); ``run``: consecutive working days."""
        if min_days > 0:
            self.demands.append(Demand(group, abroad, -(-min_days // 5), lit,
                                       self.window_weeks(inside), run, min_days, inside))

    def window_weeks(self, inside: Sequence[bool] | None) -> tuple[int, ...] | None:
        """The calendar weeks that the units where ``inside`` is true touch."""
        if inside is None or all(inside):
            return None
        key = ("weeks_of", tuple(inside))
        if key not in self._unit_cache:
            week_of_day = self.cal.week_of_day
            self._unit_cache[key] = tuple(sorted({
                w for u, unit in enumerate(self.grid.units) if inside[u]
                for w in range(week_of_day[unit.lo], week_of_day[unit.hi] + 1)}))
        weeks: tuple[int, ...] = self._unit_cache[key]
        return weeks

    # ---- unit facts ------------------------------------------------------------
    def units_in(self, region: Sequence[tuple[int, int]] | None) -> list[bool]:
        """For each unit, whether all its days lie inside ``region`` (None: everywhere)."""
        if region is None:
            return [True] * len(self.grid.units)
        key = ("in", tuple(region))
        if key not in self._unit_cache:
            inside = [False] * self.cal.n
            for lo, hi in region:
                for i in range(max(lo, 0), min(hi, self.cal.n - 1) + 1):
                    inside[i] = True
            self._unit_cache[key] = [
                all(inside[i] for i in range(u.lo, u.hi + 1)) for u in self.grid.units
            ]
        result: list[bool] = self._unit_cache[key]
        return result

    def week_flag(self, group: StudentVars, week: int, abroad: bool, first_day: int = 0
                  ) -> cp_model.IntVar | None:
        """A Boolean true iff the group has a placement (abroad) day in calendar week
        ``week``, on or after working day ``first_day``."""
        key = ("wk", group.key, week, abroad, first_day)
        if key in self._unit_cache:
            cached: cp_model.IntVar | None = self._unit_cache[key]
            return cached
        w = self.cal.weeks[week]
        units = [u for u in self.grid.units_touching(w.lo, w.hi)
                 if self.grid.units[u].lo >= first_day] if w.n_days else []
        xs = [(group.ab if abroad else group.on)[u] for u in units]
        flag: cp_model.IntVar | None
        if not xs:
            flag = None
        elif len(xs) == 1:
            flag = xs[0]
        else:
            flag = self.model.new_bool_var(f"{'ab' if abroad else 'on'}_w{week}[{group.key}]")
            self.model.add_max_equality(flag, xs)
        self._unit_cache[key] = flag
        return flag

    def require_run(self, lit: cp_model.IntVar, xs: Sequence[cp_model.IntVar],
                    min_days: int, allowed: Sequence[bool], name: str) -> None:
        """Enforce by ``lit``: some run of adjacent allowed units, all of ``xs`` true,
        covers at least ``min_days`` working days."""
        units = self.grid.units
        starts: list[cp_model.IntVar] = []
        n = len(units)
        for s in range(n):
            if not allowed[s]:
                continue
            days = 0
            e = s
            ok = False
            while e < n and allowed[e] and (e == s or self.grid.adjacent(e - 1, e)):
                days += units[e].n_days
                if days >= min_days:
                    ok = True
                    break
                e += 1
            if not ok:
                continue
            b = self.model.new_bool_var(f"{name}_start{s}")
            self.model.add_bool_and([xs[u] for u in range(s, e + 1)]).only_enforce_if(b)
            starts.append(b)
        if starts:
            self.model.add_bool_or(starts).only_enforce_if(lit)
        else:
            self.model.add(lit == 0)

    def forbid(self, lit: cp_model.IntVar, xs: Sequence[cp_model.IntVar]) -> None:
        """Enforce by ``lit``: every variable of ``xs`` is false."""
        if xs:
            self.model.add_bool_and([x.Not() for x in xs]).only_enforce_if(lit)

    def impossible(self, lit: cp_model.IntVar) -> None:
        """The rule cannot hold (a fact of the input breaks it): its literal is false."""
        self.model.add(lit == 0)


def new_group(model: cp_model.CpModel, grid: Grid, key: str, students: list[Student],
              facts: StudentPlan | None = None) -> StudentVars:
    on = [model.new_bool_var(f"on[{key}][{u}]") for u in range(len(grid.units))]
    ab = [model.new_bool_var(f"ab[{key}][{u}]") for u in range(len(grid.units))]
    for o, a in zip(on, ab, strict=True):
        model.add_implication(a, o)
    return StudentVars(key, students, on, ab, facts)


def compile_rules(ctx: CompileContext, rules: Sequence[Rule],
                  keep: Callable[[Rule], bool] | None = None) -> None:
    """Ask every rule to add its constraints; ``keep`` filters the rules compiled.
    Student rules compile before class rules, which read what they registered."""
    if not ctx.rules:
        ctx.rules = list(rules)
    rules = sorted(rules, key=lambda r: r.scope == "class")
    for rule in rules:
        if keep is None or keep(rule):
            ctx.check_stop()
            rule.compile(ctx)


def france_vars(ctx: CompileContext, group: StudentVars) -> list[cp_model.IntVar]:
    """Per unit, a Boolean true iff ``group`` is placed in France there (cached)."""
    key = ("fr", group.key, group.ab[0].index if group.ab else -1)
    if key not in ctx._unit_cache:
        france = []
        for u, (on, ab) in enumerate(zip(group.on, group.ab, strict=True)):
            fr = ctx.model.new_bool_var(f"fr[{group.key}][{u}]")
            ctx.model.add(fr + ab == on)
            france.append(fr)
        ctx._unit_cache[key] = france
    result: list[cp_model.IntVar] = ctx._unit_cache[key]
    return result


def start_flags(ctx: CompileContext, xs: list[cp_model.IntVar], tag: str) -> list[Any]:
    """Per unit, a Boolean true iff a run of ``xs`` starts there (cached per variable)."""
    out: list[Any] = []
    for u, x in enumerate(xs):
        if u == 0 or not ctx.grid.adjacent(u - 1, u):
            out.append(x)
            continue
        key = ("start", tag, x.index, xs[u - 1].index)
        if key not in ctx._unit_cache:
            b = ctx.model.new_bool_var(f"{tag}_start[{x.name}]")
            # b <=> x and not prev
            ctx.model.add_bool_and([x, xs[u - 1].Not()]).only_enforce_if(b)
            ctx.model.add_bool_or([x.Not(), xs[u - 1]]).only_enforce_if(b.Not())
            ctx._unit_cache[key] = b
        out.append(ctx._unit_cache[key])
    return out
