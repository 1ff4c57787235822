"""The repair job: the smallest change that makes every student's plan compliant.

A day's *status* is none, France or abroad. For each non-compliant student, repair looks
for the compliant plan whose status differs on the fewest working days. It solves the
class model of ``classmodel.build_class_model`` on the exact day grid (one unit per
working day) with every hard rule required, minimising the changed days (its optimum is
what "proven minimal" means; the compiled model is cached per kind of student and
cloned). Then, that number fixed, ``taste_solve`` picks among the fixes of that cost by
repair's taste (``repair_taste``: no new day in school holidays, none after the final
exams or in the first weeks, whole weeks, fewest runs, abroad where the student already
is, the class's shape policy; last the fewest runs of changed days, periods and new
abroad days). That second solve runs on a *mixed grid* (whole weeks where no plan splits
a week, days elsewhere): a restriction of the day model, so each fix it finds is an
exact fix of the same cost, and the search moves weeks instead of stalling on the exact
count (its compiled model is cached too, per kind of student and grid, and copied: the
same model as a fresh build).

Last, a fixed tie-break (``_least``): among the fixes of that same cost and taste, the
one whose first difference comes first in the calendar, the earliest change winning (and,
on that day, the lower new status: none, then France, then abroad). Without it the ties
were broken by CP-SAT's search, so the answer changed with the solver's settings, its
version or the day model's first fix (its hint), not only with the plan: a coordinator
must get the same fix whatever the machine and whichever tie the search meets first,
and the solves can be tuned without changing any answer. It is found by descent (each
solve asks for a fix of the same taste that is earlier in that order, until none is),
only once the taste is proven optimal; what it cannot settle: the taste's grid, which
has days where the day model's fix splits a week no plan splits, and a taste cut by its
budget (a large class), which keeps the best fix found. Students whose own fixes are
checked together against class rules (a tutor or Erasmus+ cap) keep the search's own
tie-break: the earliest change would send every student of a kind to the same first
weeks, over the cap more often, and the class would then be repaired in one model with a
worse taste (the CCST class in progress: four students' fixes worse, one split in two).

No new placement day is ever put on or after the first day of the final exams (the
contract). Locked periods are fixed by the class model itself:
they are never moved, shortened or extended; new periods may sit next to them. Where the
class's policy has ``min_run``, no fix adds a stint shorter than it
(``no_new_short_stint``: a week glued to a past or signed period is a stint of its own),
and the fewest changed days are counted among those fixes; without such a fix, repair
falls back to the plain minimum.

Students are repaired each in a model of their own (alike students once; the compiled
model is shared by every student of one kind; ``REPAIR_THREADS`` solves at a time, each
deterministic): the sum of the individual minima is a lower bound of the class's minimum, so
when the repaired class also passes its class rules (capacity per week, same dates for
the whole class) the class repair is minimal too. Otherwise the whole class is solved
in one model, compliant students fixed as they are: first on the mixed grid with that
lower bound given (minimal as soon as it is reached there), then on the day grid from
that fix if needed (and, only if that is impossible, with everybody free to move at the
same price per day).

The new day statuses become periods again (``diff_periods``): unchanged periods are
kept verbatim (their dates, country, label), a period that grew or shrank keeps its
identity, and the differences are said as edits (extend, shorten, move, add, remove,
change), each with the working days it changes and the rules it satisfies.
"""

from __future__ import annotations

import contextvars
import dataclasses
import datetime as dt
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from solver.core.calendar import SchoolCalendar
from solver.core.model import Period, Scenario, Student
from solver.engine.classmodel import ClassModel, build_class_model, group_key
from solver.engine.sat import (
    clone_model,
    exact_solver,
    propagation_solver,
    status_name,
    watch_interrupts,
)
from solver.jobs.edits import ABROAD, OFF, Edit, diff_periods, status_of
from solver.jobs.explain import Conflict, _class_rules, explain_scenario
from solver.jobs.history import history_split, rejoin_history, split_origins
from solver.jobs.repair_taste import compile_taste, repair_preferences, shape_terms
from solver.jobs.verify import VerifyResult, check_plain, verify
from solver.rules.base import Rule
from solver.rules.context import Grid, Unit
from solver.rules.shape import MinRun

DEFAULT_TIME_LIMIT = 30.0
QUICK_BUDGET = 0.04     # deterministic seconds: the day model of one student, no presolve
TASTE_BUDGET = 0.5      # deterministic seconds for the taste among equal-cost fixes
# students repaired alone at the same time (one CP-SAT worker each): the machine's cores
REPAIR_THREADS = max(1, min(8, os.cpu_count() or 1))


@dataclass
class StudentRepair:
    student: Student
    status: str                    # unchanged, optimal, feasible, infeasible, unknown
    changed_days: int = 0
    edits: list[Edit] = field(default_factory=list)
    broken_before: list[str] = field(default_factory=list)


@dataclass
class RepairResult:
    before: Scenario
    scenario: Scenario             # the repaired plan (students left as they were if not)
    verify_before: VerifyResult
    students: list[StudentRepair]
    status: str                    # unchanged, optimal, feasible, infeasible, unknown
    solve_time: float = 0.0
    mode: str = "per-student"      # per-student, class or class-free
    conflict: Conflict | None = None
    others: list[Conflict] = field(default_factory=list)   # the other students' conflicts
    alternatives: list[Any] = field(default_factory=list)   # repair_alternatives.Alternatives

    @property
    def changed_days(self) -> int:
        return sum(s.changed_days for s in self.students)

    @property
    def edits(self) -> list[Edit]:
        return [e for s in self.students for e in s.edits]

    @property
    def ok(self) -> bool:
        return self.status in ("unchanged", "optimal", "feasible")



def keep_as_they_are(cm: ClassModel, fixed: list[Student], olds: dict[str, list[int]]) -> None:
    """Fix the units of the ``fixed`` students to their old day statuses (on any grid
    whose units the old plans do not split)."""
    for s in fixed:
        sv, old = cm.student_vars[s.id], olds[s.id]
        for u, unit in enumerate(cm.grid.units):
            cm.model.add(sv.on[u] == int(old[unit.lo] != OFF))
            cm.model.add(sv.ab[u] == int(old[unit.lo] == ABROAD))

def change_literals(cm: ClassModel, sid: str, old: list[int], fr: list[Any]) -> list[Any]:
    """Per unit, a literal true when the day's status changes (``fr``: per unit, the
    literal "in France that day")."""
    sv = cm.student_vars[sid]
    out: list[Any] = []
    for u, unit in enumerate(cm.grid.units):
        value = old[unit.lo]
        out.append(sv.on[u] if value == OFF else sv.ab[u].Not() if value == ABROAD
                   else fr[u].Not())
    return out


def no_new_day_after_final(cm: ClassModel, sid: str, old: list[int]) -> None:
    """The contract: repair never places a day on or after the first day of the final
    exams (a blocked span with ``final: true``); days already placed there may stay."""
    final = cm.scenario.calendar.final_index
    sv = cm.student_vars[sid]
    for u, unit in enumerate(cm.grid.units):
        if unit.hi >= final and all(old[i] == OFF for i in range(unit.lo, unit.hi + 1)):
            cm.model.add(sv.on[u] == 0)


def no_new_short_stint(cm: ClassModel, sid: str, old: list[int]) -> None:
    """Issue 18: a fix adds no stint shorter than the class's ``min_run`` (per place),
    next to a past or locked period or not; short stints the plan had may stay
    (``MinRun.forbid_new_short``). Only where the class's policy has ``min_run``."""
    sv = cm.student_vars[sid]
    # ``cm.model`` may be a clone of the model its context compiled (``_base``): the new
    # constraints go to the clone, and variables made for it stay out of the context's
    # cache (another clone would not hold them)
    ctx = dataclasses.replace(cm.ctx, model=cm.model, _unit_cache=dict(cm.ctx._unit_cache))
    for rule in cm.scenario.rules:
        if isinstance(rule, MinRun) and rule.in_generate != "off" and \
                rule.applies(sv.students[0]):
            rule.forbid_new_short(ctx, sv, old)


def adds_short_stint(cm: ClassModel, sid: str, old: list[int], new: list[int]) -> bool:
    """Whether the fix ``new`` breaks ``no_new_short_stint`` (checked on its values)."""
    student = cm.student_vars[sid].students[0]
    return any(rule.adds_new_short(cm.scenario.calendar, cm.grid, student, cm.scenario.rules,
                                   old, new)
               for rule in cm.scenario.rules
               if isinstance(rule, MinRun) and rule.in_generate != "off" and
               rule.applies(student))


def hint_plan(model: cp_model.CpModel, sv: Any, grid: Grid, statuses: Sequence[int]) -> None:
    """Hint the units of ``sv`` with the day statuses ``statuses`` (read on each unit's
    first day): ``add_hint`` of on, then abroad, unit by unit, written at once."""
    indices: list[int] = []
    values: list[int] = []
    for on, ab, unit in zip(sv.on, sv.ab, grid.units, strict=True):
        value = statuses[unit.lo]
        indices += (on.index, ab.index)
        values += (value != OFF, value == ABROAD)
    hint = model.proto.solution_hint
    hint.vars.extend(indices)
    hint.values.extend(values)


def _change_starts(cm: ClassModel, sid: str, flags: list[Any]) -> list[Any]:
    starts: list[Any] = [flags[0]] if flags else []
    for u in range(1, len(flags)):
        st = cm.model.new_bool_var(f"chg_start[{sid}][{u}]")
        cm.model.add_bool_or([st, flags[u].Not(), flags[u - 1]])
        starts.append(st)
    return starts


def _france(cm: ClassModel, sid: str) -> list[Any]:
    sv = cm.student_vars[sid]
    out = []
    for u, (on, ab) in enumerate(zip(sv.on, sv.ab, strict=True)):
        fr = cm.model.new_bool_var(f"fr[{sid}][{u}]")
        cm.model.add(fr == on - ab)
        out.append(fr)
    return out


@dataclass
class _Base:
    """A compiled repair model (rules required), before the plan's own
    terms: the same for every student of one kind, so it is built once and cloned."""

    cm: ClassModel
    france: dict[str, list[Any]]


_BASES: dict[str, _Base] = {}
_BASES_MAX = 64


def _base_key(scenario: Scenario) -> str:
    """Everything the compiled model depends on: calendar, rules, and each
    student's route, adjustment, evidence and locked periods (never the free periods)."""
    cal = scenario.calendar
    # a class in progress: its from date, and every period (lead_time reads the draft)
    progress = scenario.from_date is not None
    people = [(s.id, group_key(s), [p for p in s.periods if p.locked or progress])
              for s in scenario.students]
    return repr((cal.start, cal.end, cal.year2_start, cal.holidays, cal.blocked,
                 sorted(cal.public.items()), scenario.rules, people, scenario.from_date))


_ALIAS = "~repair"   # the one student of a per-student base, whoever they are


def _own(d: dict[str, Any], sid: str) -> dict[str, Any]:
    """``d`` (keyed by student id) of a model compiled under ``_ALIAS``, for ``sid``."""
    return {sid: d[_ALIAS]} if _ALIAS in d else {}


def _as_student(cm: ClassModel, scenario: Scenario, **changes: Any) -> ClassModel:
    """A view of ``cm`` (compiled under ``_ALIAS``) for the one student of ``scenario``:
    the same model, its per-student maps keyed by that student's id."""
    sid = scenario.students[0].id
    return dataclasses.replace(cm, scenario=scenario,
                               student_vars=_own(cm.student_vars, sid),
                               locked_plans=_own(cm.locked_plans, sid),
                               locked_periods=_own(cm.locked_periods, sid),
                               drafts=_own(cm.drafts, sid), **changes)


def _base(scenario: Scenario) -> _Base:
    """The compiled repair model of ``scenario``. A class of one student is compiled
    under a neutral id, so that every student of the same kind (route, adjustment,
    evidence, locks) shares one compiled model: a class with many broken plans builds
    it once, not once per student."""
    if len(scenario.students) != 1:
        return _cached_base(scenario)
    s = scenario.students[0]
    shared = _cached_base(scenario.with_students([dataclasses.replace(s, id=_ALIAS)]))
    return _Base(_as_student(shared.cm, scenario), _own(shared.france, s.id))


def _cached_base(scenario: Scenario) -> _Base:
    key = _base_key(scenario)
    hit = _BASES.get(key)
    if hit is not None:
        return hit
    cm = build_class_model(scenario, grid_mode="day", share_windows=False, symmetry=False,
                           abroad_waves=False, stay_in_france=False)
    cm.require_hard()
    france = {s.id: _france(cm, s.id) for s in scenario.students}
    base = _Base(cm, france)
    if len(_BASES) >= _BASES_MAX:
        _BASES.pop(next(iter(_BASES)))
    _BASES[key] = base
    return base


def _solve_repair(scenario: Scenario, free: list[Student], fixed: list[Student],
                  olds: dict[str, list[int]], time_limit: float,
                  preferences: Sequence[Rule] = (), lower: int | None = None,
                  hint: dict[str, list[int]] | None = None, stints: bool = True,
                  quick: bool = False, least: bool = True
                  ) -> tuple[str, dict[str, list[int]], float]:
    """Solve the repair model of ``scenario`` (day grid): ``free`` students minimise their
    changes, ``fixed`` students keep their days. Returns status, new statuses, wall time.

    With several free students (class mode), the class is first solved on the mixed grid
    of the old plans and ``hint`` (whole weeks where nothing splits them: far smaller);
    when that fix reaches ``lower`` (a proven lower bound: the sum of the students' own
    minima) it is minimal and the day model is not needed; otherwise it is the day
    model's hint.

    ``stints``: no fix adds a stint shorter than ``min_run`` (``no_new_short_stint``);
    when no fix exists that way, the fewest changed days without that rule. ``quick``
    (one student, the only one to repair): the day model is first tried without
    presolve or LP, for ``QUICK_BUDGET`` deterministic seconds (the fix of some kinds
    of plan is proven about twice sooner so; others are not proven that way, and are
    solved again as usual: answered only when proven, so the fix stays minimal, and
    ``taste_solve``'s tie-break picks the same fix among the ties either way).
    ``least``: ``taste_solve``'s fixed tie-break (see the module's docstring)."""
    took = 0.0
    if stints and len(free) == 1:
        # one student: the fewest changes without the rule first (its model is solved
        # about three times faster); a fix found so that adds no short stint is minimal
        # with the rule too, and one that is infeasible without it is so with it
        status, out, took = _solve_repair_once(scenario, free, fixed, olds, time_limit,
                                               preferences, lower, hint, False,
                                               then_stints=True, quick=quick,
                                               least=least)
        if status in ("optimal", "infeasible", "unknown"):
            return status, out, took
        time_limit = max(0.1, time_limit - took)   # "short": solved again with the rule
    status, out, more = _solve_repair_once(scenario, free, fixed, olds, time_limit,
                                           preferences, lower, hint, stints, quick=quick,
                                           least=least)
    took += more
    if status != "infeasible" or not stints:
        return status, out, took
    # ``lower`` came from minima with the rule: no bound of the class without it
    status, out, more = _solve_repair_once(scenario, free, fixed, olds, time_limit,
                                           preferences, None, hint, False)
    return status, out, took + more


def _solve_repair_once(scenario: Scenario, free: list[Student], fixed: list[Student],
                       olds: dict[str, list[int]], time_limit: float,
                       preferences: Sequence[Rule], lower: int | None,
                       hint: dict[str, list[int]] | None, stints: bool,
                       then_stints: bool = False, quick: bool = False,
                       least: bool = True) -> tuple[str, dict[str, list[int]], float]:
    """``_solve_repair`` with or without ``no_new_short_stint``. ``then_stints`` (with
    ``stints`` off, one free student): a proven fix that adds a short stint is answered
    with the status ``short`` and no fix; one that adds none is tasted with the rule."""
    t0 = time.perf_counter()
    if len(free) > 1:
        mixed = _solve_mixed(scenario, free, fixed, olds, time_limit / 2, hint or {}, lower,
                             stints)
        if mixed is not None and lower is not None and mixed[0] <= lower:
            tasted = taste_solve(scenario, free, fixed, olds, mixed[1], mixed[0],
                                 preferences, min(TASTE_BUDGET, max(0.1, time_limit / 4)),
                                 stints=stints, least=least)
            return "optimal", tasted[0] if tasted else mixed[1], time.perf_counter() - t0
        if mixed is not None:
            hint = mixed[1]
    base = _base(scenario)
    cm = dataclasses.replace(base.cm, model=clone_model(base.cm.model))
    model = cm.model
    keep_as_they_are(cm, fixed, olds)
    cost: list[Any] = []
    flags: dict[str, list[Any]] = {}
    for s in free:
        sv, old = cm.student_vars[s.id], olds[s.id]
        flags[s.id] = change_literals(cm, s.id, old, base.france[s.id])
        cost.extend(flags[s.id])
        no_new_day_after_final(cm, s.id, old)
        if stints:
            no_new_short_stint(cm, s.id, old)
        # hint: a fix found already, else the plan as it is (a good start for the
        # smallest change)
        hint_plan(model, sv, cm.grid, hint.get(s.id, old) if hint else old)
    model.minimize(sum(cost))
    code = None
    if quick and len(free) == 1 and QUICK_BUDGET > 0:
        solver = propagation_solver(min(QUICK_BUDGET, time_limit))
        code = solver.solve(model)
        if code not in (cp_model.OPTIMAL, cp_model.INFEASIBLE):
            code = None
    if code is None:
        solver = exact_solver(time_limit)
        code = solver.solve(model)
    status = status_name(code)
    out: dict[str, list[int]] = {}
    if status in ("optimal", "feasible"):
        for s in free:
            out[s.id] = cm.day_status(solver, s.id)
        if then_stints and (status != "optimal" or
                            adds_short_stint(cm, free[0].id, olds[free[0].id],
                                             out[free[0].id])):
            return "short", {}, time.perf_counter() - t0
        # then, that number fixed, repair's taste (``repair_taste``)
        tasted = taste_solve(scenario, free, fixed, olds, out, round(solver.objective_value),
                             preferences, min(TASTE_BUDGET, max(0.1, time_limit / 4)),
                             stints=stints or then_stints, least=least)
        if tasted:
            out = tasted[0]
    return status, out, time.perf_counter() - t0


def _solve_mixed(scenario: Scenario, free: list[Student], fixed: list[Student],
                 olds: dict[str, list[int]], time_limit: float, hint: dict[str, list[int]],
                 lower: int | None = None, stints: bool = True
                 ) -> tuple[int, dict[str, list[int]]] | None:
    """The fewest changed days on the mixed grid of the old plans and ``hint`` (a
    restriction of the day model: its fix is exact, its cost an upper bound). ``lower``:
    a proven lower bound of the day model, given to the solver so that it stops there."""
    cal = scenario.calendar
    grid = mixed_grid(cal, [*olds.values(), *hint.values()])
    cm = build_class_model(scenario, grid=grid, share_windows=False, symmetry=False,
                           abroad_waves=False, stay_in_france=False)
    cm.require_hard()
    model = cm.model
    units = grid.units
    keep_as_they_are(cm, fixed, olds)
    cost: list[Any] = []
    for s in free:
        sv, old = cm.student_vars[s.id], olds[s.id]
        flags = change_literals(cm, s.id, old, _france(cm, s.id))
        cost.extend(unit.n_days * f for unit, f in zip(units, flags, strict=True))
        no_new_day_after_final(cm, s.id, old)
        if stints:
            no_new_short_stint(cm, s.id, old)
        hint_plan(model, sv, grid, hint.get(s.id, old))
    if lower is not None:
        model.add(sum(cost) >= lower)
    model.minimize(sum(cost))
    solver = exact_solver(time_limit)
    solver.parameters.linearization_level = 0
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return round(solver.objective_value), {s.id: cm.day_status(solver, s.id) for s in free}


def mixed_grid(cal: SchoolCalendar, statuses: Sequence[Sequence[int]]) -> Grid:
    """Whole weeks where every plan of ``statuses`` keeps one status all week, single
    days elsewhere: every plan of ``statuses`` is exact on it, and a change on it is
    a whole week unless it touches a week some plan splits."""
    units: list[Unit] = []
    for week in cal.weeks:
        if week.n_days <= 0:
            continue
        if week.n_days == 5 and all(len(set(st[week.lo:week.hi + 1])) == 1
                                    for st in statuses):
            units.append(Unit(week.lo, week.hi))
        else:
            units.extend(Unit(i, i) for i in range(week.lo, week.hi + 1))
    return Grid("mixed", units)


_TASTES: dict[tuple[str, tuple[tuple[int, int], ...]], ClassModel] = {}
_TASTES_LOCK = threading.Lock()   # (students are solved in threads)


def _taste_model(scenario: Scenario, grid: Grid) -> ClassModel:
    """The taste's model of ``scenario`` on ``grid``, hard rules required, before the
    plans' own terms. A class of one student: compiled under ``_ALIAS`` once per kind
    of student (as ``_base``) and grid (students whose plans and fixes keep whole weeks
    share the grid of the calendar's weeks), then copied: the same model as a fresh
    build, but for the variables' names."""
    def build(sc: Scenario) -> ClassModel:
        cm = build_class_model(sc, grid=grid, share_windows=False, symmetry=False,
                               abroad_waves=False, stay_in_france=False)
        cm.require_hard()
        return cm

    if len(scenario.students) != 1:
        return build(scenario)
    s = scenario.students[0]
    alias = scenario.with_students([dataclasses.replace(s, id=_ALIAS)])
    key = (_base_key(alias), tuple((u.lo, u.hi) for u in grid.units))
    with _TASTES_LOCK:
        shared = _TASTES.get(key)
        if shared is None:
            shared = build(alias)
            if len(_TASTES) >= _BASES_MAX:
                _TASTES.pop(next(iter(_TASTES)))
            _TASTES[key] = shared
    model = clone_model(shared.model)
    c = shared.ctx   # what the taste's terms add to goes to copies
    ctx = dataclasses.replace(c, model=model, groups=list(c.groups), literals=list(c.literals),
                              penalties=list(c.penalties), demands=list(c.demands),
                              _unit_cache=dict(c._unit_cache))
    return _as_student(shared, scenario, model=model, ctx=ctx, objective_terms=[])


def taste_solve(scenario: Scenario, free: list[Student], fixed: list[Student],
                olds: dict[str, list[int]], first: dict[str, list[int]], cost: int,
                preferences: Sequence[Rule], budget: float,
                exclude: Sequence[dict[str, list[int]]] = (), count: int = 1,
                stints: bool = True, least: bool = True) -> list[dict[str, list[int]]]:
    """Up to ``count`` fixes of exactly ``cost`` changed days, the best first by repair's
    taste (``preferences``, then the fewest runs of changed days and new abroad days),
    each differing from the ones before and from ``exclude`` on at least one day.

    Solved on the mixed grid of the old plans and of ``first`` (a fix of that cost,
    the hint): whole weeks where nothing splits them, so the search moves weeks, not
    days (on the day grid it stalls on the exact count). A restriction of the day
    model: every fix found is an exact fix of ``cost`` days. ``stints``: see
    ``no_new_short_stint``; ``least``: the fixed tie-break (``_least``) among equal
    tastes, and one student's model solved without presolve (else the search's own)."""
    cal = scenario.calendar
    plans = [olds[s.id] for s in scenario.students] + list(first.values())
    for ex in exclude:
        plans.extend(ex.values())
    grid = mixed_grid(cal, plans)
    cm = _taste_model(scenario, grid)
    model = cm.model
    units = grid.units
    keep_as_they_are(cm, fixed, olds)
    changes: list[Any] = []
    tie: list[Any] = []
    lits: dict[str, list[Any]] = {}
    for s in free:
        sv, old = cm.student_vars[s.id], olds[s.id]
        fr = _france(cm, s.id)
        flags = change_literals(cm, s.id, old, fr)
        lits[s.id] = flags
        tie.extend(2 * st for st in _change_starts(cm, f"fr-{s.id}", fr))   # fewest periods
        changes.extend(unit.n_days * f for unit, f in zip(units, flags, strict=True))
        no_new_day_after_final(cm, s.id, old)
        if stints:
            no_new_short_stint(cm, s.id, old)
        tie.extend(3 * st for st in _change_starts(cm, s.id, flags))
        tie.extend(unit.n_days * sv.ab[u] for u, unit in enumerate(units)
                   if old[unit.lo] != ABROAD)
    model.add(sum(changes) == cost)
    groups = [cm.student_vars[s.id] for s in free]
    # (the compiled students' ids: a student's own, or the alias of a shared model)
    taste = compile_taste(cm.ctx, groups, {g.students[0].id: olds[s.id]
                                           for s, g in zip(free, groups, strict=True)},
                          preferences)
    if preferences:
        taste.extend(shape_terms(cm.ctx, groups))
    model.minimize(sum(taste) + sum(tie))

    def cut(fix: dict[str, list[int]]) -> None:
        """No fix with exactly these changed days again."""
        same = []
        for s in free:
            old, new = olds[s.id], fix[s.id]
            for u, unit in enumerate(units):
                changed = old[unit.lo] != new[unit.lo]
                same.append(lits[s.id][u].Not() if changed else lits[s.id][u])
        model.add_bool_or(same)

    for ex in exclude:
        cut(ex)
    found: list[dict[str, list[int]]] = []
    hint: dict[str, list[int]] | None = first if all(first != ex for ex in exclude) \
        else None
    objective = sum(taste) + sum(tie)
    for _ in range(count):
        if hint is not None:
            model.clear_hints()
            for s in free:
                hint_plan(model, cm.student_vars[s.id], grid, hint[s.id])
        solver = _taste_solver(budget, least and len(free) == 1)
        code = solver.solve(model)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        fix = {s.id: cm.day_status(solver, s.id) for s in free}
        if code == cp_model.OPTIMAL and least:
            fix = _least(cm, free, olds, fix, objective, round(solver.objective_value),
                         budget)
        found.append(fix)
        cut(fix)
        hint = None
    return found


def _taste_solver(budget: float, alone: bool) -> cp_model.CpSolver:
    """The taste's solver, without LP. ``alone`` (one student): without presolve too (on
    the small model of one student's weeks it took half the solve; the answer does not
    depend on it, see ``_least``); a class's larger model keeps it."""
    solver = exact_solver(budget)
    solver.parameters.linearization_level = 0
    solver.parameters.cp_model_presolve = not alone
    return solver


def _rank(old: int, on: Any, ab: Any) -> Any:
    """A unit's new status ranked for the tie-break (linear in ``on``, ``ab``): 0 changed
    to the lower of its two other statuses (none < France < abroad), 1 changed to the
    higher, 2 unchanged."""
    if old == OFF:
        return 2 - 2 * on + ab
    if old == ABROAD:
        return on + ab
    return 2 * on - ab


def _least(cm: ClassModel, free: list[Student], olds: dict[str, list[int]],
           fix: dict[str, list[int]], objective: Any, value: int, budget: float
           ) -> dict[str, list[int]]:
    """The tie-break: among the fixes of ``cm`` whose taste ``objective`` is ``value``
    (the proven optimum; ``fix`` is one of them), the least in the order of
    ``_rank`` read unit by unit, student by student (the earliest change first). Found
    by descent: each solve asks for a fix of the same taste that is smaller than the
    last one, until there is none, so the answer is the same whichever of the ties the
    search found first (one more solve when that one is already the least)."""
    model = clone_model(cm.model)
    model.clear_objective()
    model.add(objective == value)
    keys = [(s.id, u) for s in free for u in range(len(cm.grid.units))]
    left = budget   # deterministic seconds for the whole descent
    while left > 0:
        trial = clone_model(model)
        trial.clear_hints()
        equal: Any = None     # the prefix so far equals ``fix``
        smaller: list[Any] = []
        for sid, u in keys:
            sv, old, unit = cm.student_vars[sid], olds[sid][cm.grid.units[u].lo], \
                cm.grid.units[u]
            on, ab = sv.on[u], sv.ab[u]
            new = fix[sid][unit.lo]
            rank = _rank(old, int(new != OFF), int(new == ABROAD))
            if rank > 0:
                here = trial.new_bool_var(f"lex_lt[{sid}][{u}]")
                trial.add(_rank(old, on, ab) <= rank - 1).only_enforce_if(here)
                if equal is not None:
                    trial.add_implication(here, equal)
                smaller.append(here)
            same = trial.new_bool_var(f"lex_eq[{sid}][{u}]")
            trial.add(on == int(new != OFF)).only_enforce_if(same)
            trial.add(ab == int(new == ABROAD)).only_enforce_if(same)
            if equal is not None:
                trial.add_implication(same, equal)
            equal = same
        if not smaller:
            return fix
        trial.add_bool_or(smaller)
        for s in free:
            hint_plan(trial, cm.student_vars[s.id], cm.grid, fix[s.id])
        solver = _taste_solver(left, len(free) == 1)
        code = solver.solve(trial)
        left -= solver.deterministic_time
        if code == cp_model.INFEASIBLE:
            return fix
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return fix   # (the budget ran out: the least found so far)
        fix = {s.id: cm.day_status(solver, s.id) for s in free}
    return fix


def _attribute_rules(scenario: Scenario, student: Student, before: list[str],
                     edits: list[Edit], new_periods: list[Period]) -> None:
    """Each edit names the rules that would break again (or anew) without it."""
    for e in edits:
        trial = [p for p in new_periods if p is not e.after]
        if e.before is not None:
            trial.append(e.before)
        s2 = dataclasses.replace(student, periods=sorted(trial, key=lambda p: (p.start, p.end)))
        broken = {v.rule.id for v in check_plain(scenario.with_students([s2]))
                  if v.severity == "error" and v.student == student.id}
        e.rules = sorted(broken, key=lambda r: (r not in before, r))
    if edits and not any(e.rules for e in edits):   # only together do they satisfy them
        for e in edits:
            e.rules = list(before)


# ---- the job ----------------------------------------------------------------------------

def _with_periods(scenario: Scenario, periods: dict[str, list[Period]]) -> Scenario:
    return scenario.with_students([dataclasses.replace(s, periods=periods[s.id])
                                   if s.id in periods else s for s in scenario.students])


def repair(scenario: Scenario, time_limit: float = DEFAULT_TIME_LIMIT,
           explain_conflict: bool = True, preferences: Sequence[Rule] | None = None,
           from_date: dt.date | None = None) -> RepairResult:
    """Repair every non-compliant student of ``scenario``; see the module docstring.
    ``preferences``: repair's taste among the fixes of the fewest changed days (default
    ``repair_taste.REPAIR_PREFERENCES``). ``from_date`` (``--from``): the days before it
    are history, never edited (a period that ended before it is never extended past
    it); class rules count from it on. The repaired file keeps each period as it was
    written wherever its days did not change."""
    if from_date is None or scenario.from_date is not None:
        return _repair(scenario, time_limit, explain_conflict, preferences)
    result = _repair(history_split(scenario, from_date), time_limit, explain_conflict,
                     preferences)
    return _as_written(result, scenario, from_date)


def _as_written(result: RepairResult, scenario: Scenario, from_date: dt.date) -> RepairResult:
    """``result`` of the history-split class said on the class as the file wrote it:
    the periods history_split cut or locked are given back as they were written, and
    each edit names its period by its place in the file."""
    originals = {s.id: s for s in scenario.students}
    students = []
    for s in result.scenario.students:
        students.append(dataclasses.replace(
            s, periods=rejoin_history(originals[s.id].periods, s.periods)))
    result.scenario = result.scenario.with_students(students)
    result.scenario.from_date = None
    for rep in result.students:
        origin = split_origins(originals[rep.student.id].periods, from_date)
        for e in rep.edits:
            if e.action != "add" and 0 <= e.period < len(origin):
                e.period = origin[e.period]
    result.before = scenario
    return result


def _repair(scenario: Scenario, time_limit: float, explain_conflict: bool,
            preferences: Sequence[Rule] | None) -> RepairResult:
    t0 = time.perf_counter()
    prefs = list(repair_preferences() if preferences is None else preferences)
    cal = scenario.calendar
    before = verify(scenario)
    olds = {r.student.id: status_of(r.plan, cal.n) for r in before.students}
    broken = [r.student for r in before.students if not r.acceptable]
    broken_rules = {r.student.id: sorted({v.rule.id for v in r.findings
                                          if v.severity == "error"})
                    for r in before.students}
    if before.acceptable:   # repair also mends the school's hard rules (capacity)
        reps = [StudentRepair(r.student, "unchanged") for r in before.students]
        return RepairResult(scenario, scenario, before, reps, "unchanged",
                            time.perf_counter() - t0)
    was_compliant = [r.student for r in before.students if r.acceptable]
    compliant = was_compliant   # the students a class model keeps as they are
    class_broken = any(v.severity == "error"
                       for v in (*before.class_violations, *before.class_policy))
    news: dict[str, list[int]] = {}
    statuses: dict[str, str] = {}
    diffs: dict[str, tuple[list[Period], list[Edit]]] = {}
    mode = "per-student"
    if not class_broken:
        # students alike (same route, adjustment, evidence, the same days, nothing
        # locked) have the same repair: solved once
        def alike_key(s: Student) -> tuple[Any, ...] | None:
            return (group_key(s), tuple(olds[s.id])) \
                if not any(p.locked for p in s.periods) else None

        firsts: dict[Any, Student] = {}
        for s in broken:
            firsts.setdefault(alike_key(s) or ("own", s.id), s)
        # where class rules link the students, their own fixes are checked against the
        # class's caps together: the fixed tie-break (the earliest change) would send
        # every student of a kind to the same first weeks, over a cap more often than
        # the search's own spread (the class in progress of CCST: class mode, and a
        # worse taste), so it is kept for students independent of each other
        solved = _each_alone(scenario, list(firsts.values()), olds, time_limit, prefs,
                             least=not _class_rules(scenario))
        alike = {k: solved[s.id] for k, s in firsts.items()}
        for s in broken:
            status, got = alike[alike_key(s) or ("own", s.id)]
            statuses[s.id] = status
            if got is not None:
                news[s.id] = list(got)
        diffs = _diffs(scenario, olds, news, was_compliant)
    alone_failed = any(st not in ("optimal", "feasible") for st in statuses.values())
    if class_broken or (not alone_failed and not _complies(scenario, diffs)):
        # class rules bind: one model for the class, compliant students kept as they are
        mode = "class"
        movers = broken
        if not movers:   # only class rules broken: everybody may move, at a price
            movers, compliant, mode = list(scenario.students), [], "class-free"
        lower = None
        if not class_broken and all(st == "optimal" for st in statuses.values()):
            # each student's own minimum bounds the class's: when the class fits at that
            # sum, that is the proof
            lower = sum(sum(a != b for a, b in zip(olds[sid], new, strict=True))
                        for sid, new in news.items())
        status, news, _ = _solve_repair(scenario, movers, compliant, olds, time_limit,
                                        prefs, lower=lower, hint=dict(news))
        if status not in ("optimal", "feasible") and compliant:
            mode = "class-free"
            movers, compliant = list(scenario.students), []
            status, news, _ = _solve_repair(scenario, movers, [], olds, time_limit, prefs)
        statuses = {s.id: status for s in movers}
        diffs = _diffs(scenario, olds, news, was_compliant)
    periods: dict[str, list[Period]] = {}
    reps = []
    for r in before.students:
        s = r.student
        if s.id not in diffs:
            if s.id in news:   # a compliant student the class model left as they were
                reps.append(StudentRepair(s, "unchanged"))
            else:
                reps.append(StudentRepair(s, statuses.get(s.id, "unchanged"),
                                          broken_before=broken_rules[s.id]))
            continue
        new_periods, edits = diffs[s.id]
        _attribute_rules(scenario, s, broken_rules[s.id], edits, new_periods)
        periods[s.id] = new_periods
        changed = sum(1 for a, b in zip(olds[s.id], news[s.id], strict=True) if a != b)
        reps.append(StudentRepair(s, statuses.get(s.id, "optimal"), changed, edits,
                                  broken_rules[s.id]))
    repaired = _with_periods(scenario, periods)
    failed = [rep for rep in reps if rep.status in ("infeasible", "unknown")]
    if failed:
        overall = "infeasible" if any(rep.status == "infeasible" for rep in failed) \
            else "unknown"
    elif any(rep.status == "feasible" for rep in reps):
        overall = "feasible"
    else:
        overall = "optimal"
    result = RepairResult(scenario, repaired, before, reps, overall,
                          time.perf_counter() - t0, mode)
    if overall == "infeasible" and explain_conflict:
        explained = explain_scenario(scenario, time_limit=time_limit)
        result.conflict, result.others = explained.conflict, explained.others
    result.solve_time = time.perf_counter() - t0
    return result


def _each_alone(scenario: Scenario, students: list[Student], olds: dict[str, list[int]],
                time_limit: float, prefs: list[Rule], least: bool = True
                ) -> dict[str, tuple[str, list[int] | None]]:
    """Each student's own repair (status, new day statuses), in a model of their own:
    independent solves of one worker each, ``REPAIR_THREADS`` at a time (each is
    deterministic, so the answer does not depend on how many run together). ``least``:
    the fixed tie-break and the quick first try (``_solve_repair``)."""
    def one(s: Student) -> tuple[str, list[int] | None]:
        status, got, _ = _solve_repair(scenario.with_students([s]), [s], [], olds,
                                       time_limit, prefs, quick=least and len(students) == 1,
                                       least=least)
        return status, got.get(s.id)

    for s in students:   # the compiled models, once per kind of student, built here
        _base(scenario.with_students([s]))
    if len(students) < 2 or REPAIR_THREADS < 2:
        return {s.id: one(s) for s in students}
    watch_interrupts()   # from the main thread: Ctrl-C stops the solves of the threads
    with ThreadPoolExecutor(min(REPAIR_THREADS, len(students))) as pool:
        futures = {s.id: pool.submit(contextvars.copy_context().run, one, s)
                   for s in students}
        return {sid: future.result() for sid, future in futures.items()}


def _diffs(scenario: Scenario, olds: dict[str, list[int]], news: dict[str, list[int]],
           compliant: list[Student]) -> dict[str, tuple[list[Period], list[Edit]]]:
    """New periods and edits of every student whose days were solved, except compliant
    students left exactly as they were."""
    kept = {s.id for s in compliant}
    return {s.id: diff_periods(s, olds[s.id], news[s.id], scenario.calendar)
            for s in scenario.students
            if s.id in news and not (s.id in kept and news[s.id] == olds[s.id])}


def _complies(scenario: Scenario, diffs: dict[str, tuple[list[Period], list[Edit]]]) -> bool:
    """Whether the class with each student's own repair passes every rule."""
    trial = _with_periods(scenario, {sid: d[0] for sid, d in diffs.items()})
    return verify(trial).acceptable
