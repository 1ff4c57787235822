"""The generate job: fill in a compliant placement calendar for a whole class.

``generate(scenario)`` builds the class model (``classmodel.build_class_model``: week
grid, shared class windows, locked periods fixed), requires every hard rule and the
school-policy shape rules (``rules/shape.py``: a calendar a teaching team would sign),
keeps a coordinator's compliant draft and changes a broken one the least, leaves the
days before ``from_date`` as they are, prices
the warnings and the preferences (``preferences.py``), and solves with fixed solver
settings (seed, workers, deterministic time limit) so that the same input gives the
same calendar. The solution becomes periods (runs of France or abroad days; locked
periods are kept verbatim) on a copy of the scenario.

A class is solved part by part (see "a class solved part by part" below): each group
that shares a class window alone, which bounds the class's optimum from below, then
the parts fitted together. This is what makes a class of 35 a matter of a second: the
whole class model at once is far harder for CP-SAT (issue 3's benchmark). The whole
model is still solved, from the parts' calendar and with their bound, when the parts
cannot be fitted together at their own optima.

Odd students (``Student.odd``: another route, an adjustment, a year-2 entrant) are then
planned again, one part at a time around the rest of the class, with the class objective
not allowed to rise: among the calendars of that cost, the one on the class's waves (see
"odd students with the class" below). What "optimal" proves is the class objective.

When no calendar exists with shared windows and abroad waves, each student gets
their own abroad vector, then their own windows on an exact grid (the parts of weeks
that ``whole_weeks`` keeps whole, or single days when that policy is off). If none is
feasible,
the conflict is found with the hard literals as assumptions
(``sufficient_assumptions_for_infeasibility``) on the exact day model and shrunk by
deletion so that dropping any member makes the rest satisfiable; a class whose capacity
counts prove it (``ClassModel.counted_conflict``) gets explain's conflict of the cap and
the fewest students instead (``explain.counted_conflict``), found at once.
"""

from __future__ import annotations

import contextvars
import copy
import dataclasses
import datetime as dt
import hashlib
import math
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from solver.core.model import Period, Scenario, Student
from solver.engine.classmodel import (
    ClassModel,
    Values,
    build_class_model,
    caps_bind,
    exact_grid_mode,
    group_key,
)
from solver.engine.clock import OutOfTime
from solver.engine.preferences import SOFT_RULE_SCALE, default_preferences
from solver.engine.sat import (
    InterruptibleSolver,
    apply_deadline,
    deadline,
    mark_cut,
    status_name,
    wall_left,
    was_cut,
    watch_interrupts,
)
from solver.jobs.explain import counted_conflict
from solver.jobs.history import compliant_drafts, history_split, lock_drafts
from solver.rules.base import Cohort, Rule
from solver.rules.context import LiteralInfo

DEFAULT_TIME_LIMIT = 30.0
NUM_WORKERS = 2
# A part of a class (one shared window with its waves) is a small model: one worker
# searching with the LP finds and proves its optimum several times faster than two
# interleaved workers, which share the same deterministic budget. The whole class
# model, when it must be solved at once, keeps the portfolio of NUM_WORKERS.
PART_WORKERS = 1
# parts solved alone at the same time (one worker each): the machine's cores
PART_THREADS = max(1, min(8, os.cpu_count() or 1))
RANDOM_SEED = 7
STATUSES = ("optimal", "feasible", "infeasible", "unknown")


@dataclass
class ConflictItem:
    """One rule instance of a conflict: the rule, the students it concerns, the part."""

    rule: Rule
    students: list[str]
    part: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule.id, "kind": self.rule.kind, "severity": self.rule.severity,
                "citation": self.rule.render_citation(), "students": self.students,
                **({"part": self.part} if self.part else {})}


@dataclass
class GenerateResult:
    scenario: Scenario              # the input scenario with generated periods
    status: str                     # optimal, feasible, infeasible or unknown
    objective: float | None = None
    bound: float | None = None
    solve_time: float = 0.0
    shared_windows: bool = True
    grid: str = "week"
    conflict: list[ConflictItem] = field(default_factory=list)
    # the class as the model saw it: history before --from and kept drafts locked
    work: Scenario | None = None
    # the wall clock (--time-limit) cut the search: the answer is the best found by then
    # (it may differ on another machine), and "unknown" is no proof of anything
    cut: bool = False

    @property
    def ok(self) -> bool:
        return self.status in ("optimal", "feasible")


def _solver(time_limit: float, workers: int = NUM_WORKERS) -> cp_model.CpSolver:
    solver = InterruptibleSolver()   # Ctrl-C stops it (solver/sat.py)
    p = solver.parameters
    p.num_workers = workers
    p.random_seed = RANDOM_SEED
    # interleaved workers and a deterministic time budget: the same input gives the
    # same calendar, byte for byte, however busy the machine is. The wall clock only
    # cuts a solve when the whole call would overrun its limit (then the answer is the
    # best found so far, and may depend on the machine).
    p.interleave_search = workers > 1
    p.max_deterministic_time = time_limit
    p.max_time_in_seconds = time_limit * 4 + 5
    apply_deadline(p)
    return solver


def periods_from_status(status: list[int], locked: list[Period], scenario: Scenario
                        ) -> list[Period]:
    """Runs of France (1) / abroad (2) days as periods; locked periods kept verbatim."""
    cal = scenario.calendar
    locked_days: set[int] = set()
    for p in locked:
        lo, hi = cal.span_indices(p.start, p.end)
        locked_days.update(range(lo, hi + 1))
    out: list[Period] = list(locked)
    i, n = 0, cal.n
    while i < n:
        value = status[i]
        if value == 0 or i in locked_days:
            i += 1
            continue
        j = i
        while j + 1 < n and status[j + 1] == value and j + 1 not in locked_days:
            j += 1
        out.append(Period(cal.days[i], cal.days[j], "abroad" if value == 2 else "france"))
        i = j + 1
    out.sort(key=lambda p: (p.start, p.end))
    return out


@dataclass
class _Outcome:
    """What one solve of a class model gave (a solver's answer, kept without the solver)."""

    code: Any                                   # cp_model status
    objective: float | None = None
    bound: float | None = None
    dtime: float = 0.0                          # deterministic seconds spent
    values: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] | None = None
    counted: bool = False   # infeasible by the capacity counts alone (no solve)

    @property
    def found(self) -> bool:
        return self.code in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def _answer(cm: ClassModel, solver: cp_model.CpSolver, code: Any, dtime: float) -> _Outcome:
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _Outcome(code, dtime=dtime)
    return _Outcome(code, solver.objective_value, solver.best_objective_bound, dtime,
                    cm.values(solver))


def _solve_whole(cm: ClassModel, time_limit: float, hint: Values | None = None,
                 lower: int | None = None, workers: int = NUM_WORKERS) -> _Outcome:
    """Solve in steps that CP-SAT bounds well. Preferences priced as a whole (a cap
    such as ``few_periods``, costing ``price`` when broken) make the objective hard to
    bound, so:

    A. solve without their prices (a relaxation): its bound ``lb`` is a lower bound
       of the whole objective; if its optimum satisfies them, it is optimal;
    B. solve with them all required (a copy of the model): a calendar breaking one costs at
       least ``lb + min price``, so if B's optimum is not above that, it is optimal;
    C. otherwise solve the whole objective, starting from the best calendar so far.

    ``hint``: units to start from; ``lower``: a proven lower bound of the whole
    objective (from the class's parts solved alone), which lets B and C stop as soon as
    they reach it. ``cm``'s hard literals must be required already.
    ``workers``: see ``PART_WORKERS``.
    """
    spent = 0.0   # deterministic seconds: budgets must not depend on the machine's load
    scenario = cm.scenario
    priced_rules = cm.priced_rules()
    priced = [info for info in cm.soft if info.rule in priced_rules]
    cm.set_objective(SOFT_RULE_SCALE, relax_priced=bool(priced))
    if hint is not None:
        cm.hint(hint)
    solver = _solver(time_limit, workers)
    code = solver.solve(cm.model)
    spent += solver.deterministic_time
    first = _answer(cm, solver, code, spent)
    if not first.found or not priced:
        return first
    assert first.values is not None
    plan = _plan_of(cm, first.values, scenario)
    cohort = Cohort(plan, plan.calendar, plan.plans())
    if code == cp_model.OPTIMAL and not any(r.check(cohort) for r in priced_rules):
        return first
    relaxed = solver.best_objective_bound
    floor = max(math.ceil(relaxed - 1e-6), lower if lower is not None else 0)
    min_price = min(info.rule.weight * (info.group.size if info.group else 1)
                    for info in priced)

    def left() -> float:
        return max(1.0, time_limit - spent)

    # a copy with the priced literals required (same variable indices, so the
    # solution reads through cm's variables); assumptions would switch presolve off
    capped = cm.model.clone()
    for info in priced:
        capped.add(capped.get_bool_var_from_proto_index(info.literal.index) == 1)
    # A's bound holds for B too: giving it lets B stop as soon as it reaches it
    capped.add(cm.objective_expr >= floor)
    if hint is None:   # A's calendar, although it may break a priced rule, is close
        capped.clear_hints()
        for x, v in cm._pairs(first.values):
            capped.add_hint(capped.get_bool_var_from_proto_index(x.index), v)
    solver_b = _solver(left(), workers)
    code_b = solver_b.solve(capped)
    spent += solver_b.deterministic_time
    best = _Outcome(cp_model.FEASIBLE, first.objective, relaxed, spent, first.values)
    if code_b in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        best = _answer(cm, solver_b, cp_model.FEASIBLE, spent)
        best.bound = relaxed
        if code_b == cp_model.OPTIMAL and solver_b.objective_value <= relaxed + min_price:
            best.code, best.bound = cp_model.OPTIMAL, solver_b.objective_value
            return best
        if lower is not None and solver_b.objective_value <= lower:
            best.code, best.bound = cp_model.OPTIMAL, float(lower)
            return best
    assert best.values is not None
    cm.hint(best.values)
    cm.set_objective(SOFT_RULE_SCALE)
    if lower is not None:
        cm.model.add(cm.objective_expr >= lower)
    solver_c = _solver(left(), workers)
    code_c = solver_c.solve(cm.model)
    spent += solver_c.deterministic_time
    if code_c not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        best.dtime = spent
        return best   # the calendar found first still complies
    return _answer(cm, solver_c, code_c, spent)


# ---- a class solved part by part ---------------------------------------------------------
#
# The students who share one class window (a route and adjustment group, with its abroad
# waves) only meet the rest of the class through the class rules (capacity abroad, same
# dates). Solved alone, with the class's grid, a part is a relaxation of its share of the
# class model: the objective is a sum over groups, so the sum of the parts' optima is a
# lower bound of the class's. The parts are then planned one after the other, each
# around the ones before (fixed), and if each still reaches its own optimum, the class
# calendar is proven optimal without ever solving the whole class model at once.
# Otherwise the whole model is solved from that calendar, with that lower bound.
#
# A part is solved under canonical student ids, so the same part (same calendar, rules,
# students' routes...) gives the same CP-SAT model byte for byte, in any class: its
# answer is cached on the model's bytes and budget (the solver is deterministic, so a
# cached answer is the one a new solve would give; outputs never depend on the cache).

Plan = dict[str, tuple[tuple[int, ...], tuple[int, ...]]]   # student id -> (on, abroad)
_CACHE: dict[tuple[str, float], _Outcome] = {}
_CACHE_SIZE = 512
_CACHE_LOCK = threading.Lock()


def clear_cache() -> None:
    _CACHE.clear()


def _cache_key(cm: ClassModel, time_limit: float) -> tuple[str, float]:
    # the key is the model with its whole objective (set here; ``_solve_whole`` sets its
    # own): a draft's prices are objective terms only, so without it every drafted
    # student of one route would share the first one's answer. The proto alone does not
    # say which students share a vector (a group of students no rule concerns adds
    # nothing to it): the key names them too
    cm.set_objective(SOFT_RULE_SCALE)
    who = repr(sorted((sid, sv.key) for sid, sv in cm.student_vars.items()))
    return (hashlib.sha256((str(cm.model.Proto()) + who).encode()).hexdigest(),
            round(time_limit, 6))


def _cached_whole(cm: ClassModel, time_limit: float,
                  key: tuple[str, float] | None = None) -> _Outcome:
    """``_solve_whole(cm)``, cached (``cm``'s hard literals required already)."""
    key = key or _cache_key(cm, time_limit)
    if key in _CACHE:
        return _CACHE[key]
    with deadline(math.inf):   # a budget of its own, to see whether the wall clock cut it
        out = _solve_whole(cm, time_limit, workers=PART_WORKERS)
        if was_cut():   # not what the deterministic budget gives: never cached
            return out
    with _CACHE_LOCK:   # parts are solved in threads (``_each_alone``)
        while len(_CACHE) >= _CACHE_SIZE:
            del _CACHE[next(iter(_CACHE))]
        _CACHE[key] = out
    return out


def _parts(cm: ClassModel) -> list[list[Student]]:
    """Students in parts: each student with variables of their own but no draft alone (a
    lock, a compliant draft kept; without shared windows, all of them in one part), then
    each student with a draft alone, then each shared window with its waves, largest
    parts first. A student alone is a small model, and students alike in every way
    (rules, route, locks...) give the same model, solved once (see ``_cached_whole``);
    before issue 19 the locked students made one part, which one worker solved for tens
    of seconds in a class of 70. The stiffest parts come first, as ``_one_after_another``
    plans each part around the ones before it: a locked student planned after the drafts
    may find no room left under a cap (a class in progress re-planned ``--from start``
    with an Erasmus+ cap of 4 then had to be solved whole, and was not proven in 150 s).
    The order does not depend on the order of the students in the file."""
    shared: dict[int, list[Student]] = {}
    alone: list[list[Student]] = []
    drafted: list[list[Student]] = []
    for sv in cm.ctx.groups:
        if sv.students[0].id in cm.drafts:
            drafted.append(list(sv.students))
        elif cm.share_windows and not cm.own(sv.students[0].id):
            shared.setdefault(id(sv.on), []).extend(sv.students)
        else:
            alone.append(list(sv.students))
    parts = sorted(shared.values(), key=lambda p: (-len(p), group_key(p[0])))
    if not cm.share_windows:   # everyone has variables of their own: one part, as a
        # class of parts of one would be fitted together one student after another
        alone = [[s for p in alone for s in p]] if alone else []
    return sorted(alone, key=lambda p: p[0].id) + sorted(drafted, key=lambda p: p[0].id) + parts


def _canonical(scenario: Scenario, parts: list[list[Student]]
               ) -> tuple[Scenario, dict[str, str]]:
    """The sub-scenario of ``parts``' students, renamed s1, s2... (id -> new id)."""
    sub = copy.copy(scenario)
    sub.students = []
    names: dict[str, str] = {}
    for s in (s for part in parts for s in part):
        names[s.id] = f"s{len(names) + 1}"
        sub.students.append(dataclasses.replace(s, id=names[s.id], name=None, line=None))
    return sub, names


def _alike(students: list[Student], opts: dict[str, Any]) -> str:
    """What a part's model is built from, of a part of one class (``_canonical``): its
    students without their file lines, and its drafts."""
    bare = [dataclasses.replace(s, line=None, periods=[dataclasses.replace(p, line=None)
                                                        for p in s.periods])
            for s in students]
    return repr((bare, sorted((opts.get("drafts") or {}).items())))


def _renamed(opts: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """``opts`` for a sub-scenario whose students were renamed by ``names``."""
    drafts = opts.get("drafts") or {}
    return {**opts, "drafts": {names[sid]: plan for sid, plan in drafts.items()
                               if sid in names}}


#: the share of the budget each part may spend alone (deterministic seconds): a part whose
#: optimum is hard to prove (a CI class under an Erasmus+ cap of 4) would otherwise spend
#: the whole budget, and the class's calendar, found part by part, would be lost to the
#: deadline before the parts are fitted together
PART_SHARE = 0.5


def _solve_parts(cm: ClassModel, parts: list[list[Student]], prefs: list[Rule],
                 opts: dict[str, Any], time_limit: float) -> tuple[_Outcome | None, float]:
    """The class calendar part by part (see above), and the deterministic time spent;
    None when it did not settle the class (the whole model must be solved)."""
    spent = 0.0
    optima: list[float] = []
    alone: list[Plan] = []
    proven = True
    # each part alone: a lower bound, and a calendar to start from
    each = _each_alone(cm, parts, prefs, opts, time_limit * PART_SHARE)
    if each is None:
        return _Outcome(cp_model.UNKNOWN, dtime=spent), spent
    for part, (out, names) in zip(parts, each, strict=True):
        spent += out.dtime
        if out.code == cp_model.INFEASIBLE:   # so is the whole class
            return _Outcome(cp_model.INFEASIBLE, dtime=spent), spent
        if not out.found:
            return None, spent
        assert out.values is not None and out.objective is not None
        proven = proven and out.code == cp_model.OPTIMAL
        optima.append(out.objective)
        alone.append({s.id: out.values[names[s.id]] for s in part})
    lower = round(sum(optima)) if proven else None

    cm.require_hard()
    cm.set_objective(SOFT_RULE_SCALE)
    planned = {sid: v for part in alone for sid, v in part.items()}
    reached = True
    code: Any = cp_model.INFEASIBLE   # the caps' counts say the parts clash: no solve
    if cm.caps_hold(planned) is not False:
        check = _solver(max(1.0, time_limit - spent))
        code = check.solve(cm.fixed_copy(planned))
        spent += check.deterministic_time
    if code != cp_model.OPTIMAL:   # the parts clash: one after the other, around the others
        # the counts first when they can tell (``caps_hold``), the model at each step if
        # they were wrong
        for counts in ((True, False) if cm.caps_hold({}) is not None else (False,)):
            seq, reached, spent = _one_after_another(cm, parts, alone, optima, prefs, opts,
                                                     time_limit, spent, counts)
            if seq is None:
                return None, spent
            planned = seq
            check = _solver(max(1.0, time_limit - spent))
            code = check.solve(cm.fixed_copy(planned))
            spent += check.deterministic_time
            if code == cp_model.OPTIMAL:
                break
            # the counts said a part fits where the model says it does not (a part
            # whose waves differ in the class's model): each step asks the model
    if code != cp_model.OPTIMAL:
        return None, spent
    total = round(check.objective_value)
    if lower is not None and reached and total <= lower:
        return _Outcome(cp_model.OPTIMAL, total, total, spent, planned), spent
    whole = _solve_whole(cm, max(1.0, time_limit - spent), hint=planned, lower=lower)
    spent += whole.dtime
    whole.dtime = spent
    if not whole.found or (whole.objective is not None and whole.objective > total):
        return _Outcome(cp_model.FEASIBLE, total, lower, spent, planned), spent
    return whole, spent


def _out_of_time() -> bool:
    """Whether the job's wall-clock deadline has passed (then it is marked cut): no
    model is built after it, as building one can take longer than its search."""
    left = wall_left()
    if left is not None and left <= 0:
        mark_cut()
        return True
    return False


def _each_alone(cm: ClassModel, parts: list[list[Student]], prefs: list[Rule],
                opts: dict[str, Any], time_limit: float
                ) -> list[tuple[_Outcome, dict[str, str]]] | None:
    """Each part solved alone under canonical ids (its outcome, and the ids' renaming).
    Parts alike in every way are one model, solved once; the others are solved at the
    same time, one worker each, on the machine's cores (``PART_THREADS``), each as soon
    as it is built (the next ones are built meanwhile). Each has the same deterministic
    budget, so the answers do not depend on the order or the load; the outcomes come
    back in the parts' order (None: the deadline passed first)."""
    built: list[tuple[dict[str, str], tuple[str, float]]] = []
    todo: dict[tuple[str, float], Any] = {}   # key -> its future, or the model to solve
    # parts whose students are the same but for their ids and file lines (the ten
    # students of a class who signed the same convention) are the same model: built once
    keys: dict[str, tuple[str, float]] = {}
    pool = ThreadPoolExecutor(PART_THREADS) if PART_THREADS > 1 else None
    if pool is not None:
        # CP-SAT releases the GIL while it searches; each thread runs in a copy of this
        # context, so that the job's deadline (and its cut mark) reach its solves, and
        # Ctrl-C stops them through the watcher (set up here, in the main thread)
        watch_interrupts()
    try:
        for part in parts:
            if _out_of_time():
                return None
            sub, names = _canonical(cm.scenario, [part])
            part_opts = _renamed(opts, names)
            alike = _alike(sub.students, part_opts)
            if alike in keys:
                built.append((names, keys[alike]))
                continue
            scm = build_class_model(sub, preferences=prefs, grid=cm.grid, **part_opts)
            scm.require_hard()
            key = keys[alike] = _cache_key(scm, time_limit)
            built.append((names, key))
            if key in todo:
                continue
            if pool is not None and key not in _CACHE:
                todo[key] = pool.submit(contextvars.copy_context().run, _cached_whole, scm,
                                        time_limit, key)
            else:
                todo[key] = scm
        outcomes = {key: _cached_whole(job, time_limit, key) if isinstance(job, ClassModel)
                    else job.result() for key, job in todo.items()}
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return [(outcomes[key], names) for names, key in built]


def _one_after_another(cm: ClassModel, parts: list[list[Student]], alone: list[Plan],
                       optima: list[float], prefs: list[Rule], opts: dict[str, Any],
                       time_limit: float, spent: float, counts: bool = True
                       ) -> tuple[Plan | None, bool, float]:
    """Plan part k around parts 0..k-1 (fixed): its own calendar if it fits, else its
    best one around them. Returns the units, whether every part kept its own optimum,
    and the deterministic time spent so far. ``counts``: whether a part fits is read
    from the weekly caps' counts (``ClassModel.caps_hold``) when the class has no other
    class rule, instead of building and solving the model of parts 0..k (most parts fit:
    a class of 140 with two caps built twenty models to re-plan three parts), and a part
    that does not fit is planned in its own model with the caps less the places the
    others take (``ClassModel.leave_room``), not in a model of parts 0..k."""
    planned: Plan = dict(alone[0])
    reached = True
    for k in range(1, len(parts)):
        if spent >= time_limit or _out_of_time():
            return None, False, spent
        fits = cm.caps_hold({**planned, **alone[k]}) if counts else None
        if fits:   # its calendar alone fits around the others
            planned.update(alone[k])
            continue
        if fits is False:   # the part alone, with the caps less the places taken
            sub, names = _canonical(cm.scenario, [parts[k]])
            scm = build_class_model(sub, preferences=prefs, grid=cm.grid,
                                    **_renamed(opts, names))
            cm.leave_room(scm, planned)
        else:
            sub, names = _canonical(cm.scenario, parts[:k + 1])
            fixed = {names[sid]: v for sid, v in planned.items()}
            scm = build_class_model(sub, preferences=prefs, grid=cm.grid, fixed=fixed,
                                    **_renamed(opts, names))
        scm.require_hard()
        scm.set_objective(SOFT_RULE_SCALE)
        if fits is None:
            own = {names[sid]: v for sid, v in alone[k].items()}
            check = _solver(max(1.0, time_limit - spent))
            code = check.solve(scm.fixed_copy(own))
            spent += check.deterministic_time
            if code == cp_model.OPTIMAL:   # its calendar alone fits around the others
                planned.update(alone[k])
                continue
        out = _cached_whole(scm, max(1.0, time_limit - spent))
        spent += out.dtime
        if not out.found:
            return None, False, spent
        assert out.values is not None and out.objective is not None
        reached = reached and out.code == cp_model.OPTIMAL and \
            round(out.objective) <= round(optima[k])
        planned.update({s.id: out.values[names[s.id]] for s in parts[k]})
    return planned, reached, spent


# ---- odd students with the class (issue 18, item 7) ------------------------------------
#
# Continuing, reduced, exempt-one-unit students and year-2 entrants (``Student.odd``) are
# groups of their own, so the class objective, which prices each group's own calendar,
# is indifferent to whether they go out with the class or alone. A second, lexicographic
# phase breaks that tie: the rest of the class is fixed as the first phase planned it, the
# odd students are planned again with the class objective not allowed to rise above the
# first phase's (so an optimum stays an optimum: what "optimal" proves is unchanged), and
# among those calendars the one whose placement days fall on the weeks most classmates are
# out, its stints starting when a wave of the class starts. That second objective is a
# tie-break, best found within ``WAVE_TIME`` deterministic seconds; it is never reported
# as proven. Each of these models is a part's share of the class, all else fixed: one
# worker proves its optimum several times faster than two interleaved ones sharing the
# budget (``PART_WORKERS``; a class of 140 with two caps: 2.1 deterministic seconds
# down to 0.1 for its continuing students).

#: deterministic seconds the second phase may spend (within the job's --time-limit)
WAVE_TIME = 5.0


def _odd_parts(cm: ClassModel) -> list[list[Student]]:
    """The odd students, by the variables they share (a shared window's group whole, or
    one student with variables of their own); only groups with no regular student."""
    by_key: dict[str, list[Student]] = {}
    for s in cm.scenario.students:
        key = group_key(s) if cm.share_windows and not cm.own(s.id) else "own:" + s.id
        by_key.setdefault(key, []).append(s)
    return [part for part in by_key.values() if all(s.odd for s in part)]


def _follow_waves(cm: ClassModel, out: _Outcome, prefs: list[Rule], opts: dict[str, Any],
                  time_limit: float) -> _Outcome:
    """``out`` with the odd students moved onto the class's waves where the class
    objective allows it (see above): each odd part in turn, around the rest of the class
    as planned so far; ``out`` itself when there is nothing to move or no time left."""
    if not out.found or out.values is None:
        return out
    parts = _odd_parts(cm)
    odd = {s.id for part in parts for s in part}
    regular = [s for s in cm.scenario.students if s.id not in odd]
    if not odd or not regular:
        return out
    first, units = cm.ctx.from_index, cm.grid.units
    # how many regular students are out in each unit, and where their stints start
    out_count = [0] * len(units)
    starts = [False] * len(units)
    for s in regular:
        on = out.values[s.id][0]
        for u, unit in enumerate(units):
            if unit.hi < first or not on[u]:
                continue
            out_count[u] += 1
            starts[u] = starts[u] or u == 0 or not on[u - 1] or \
                not cm.grid.adjacent(u - 1, u)
    if not any(out_count):
        return out
    # a day out costs the classmates who are not out then; a stint starting where no
    # stint of a regular student starts costs 1, less than any day (``scale``)
    scale = len(units) + 1
    day_cost = [scale * unit.n_days * (len(regular) - n) for unit, n in zip(units, out_count,
                                                                             strict=True)]
    # one model, the regular students fixed and the class objective no higher than the
    # first phase's; each part is solved in a copy of it with the other odd students
    # fixed too (the class model is built once). When the class's only class rules are
    # required weekly caps, the regular students meet the odd ones through the places
    # they take alone: the model is then the odd students' with the caps less those
    # places (``ClassModel.leave_room``), a fraction of the class's
    fixed = {s.id: out.values[s.id] for s in regular}
    scm = None
    if cm.required_caps() is not None and all(info.group is not None for info in cm.soft):
        sub = copy.copy(cm.scenario)
        sub.students = [s for s in cm.scenario.students if s.id in odd]
        drafts = {sid: d for sid, d in (opts.get("drafts") or {}).items() if sid in odd}
        scm = build_class_model(sub, preferences=prefs, grid=cm.grid,
                                **{**opts, "drafts": drafts, "stop_at_deadline": False})
        cm.leave_room(scm, fixed)
    if scm is None:
        scm = build_class_model(cm.scenario, preferences=prefs, grid=cm.grid, fixed=fixed,
                                **{**opts, "stop_at_deadline": False})
    scm.require_hard()
    scm.set_objective(SOFT_RULE_SCALE)
    values = dict(out.values)
    check = _solver(max(0.5, min(WAVE_TIME, time_limit - out.dtime)), PART_WORKERS)
    code = check.solve(scm.fixed_copy({sid: values[sid] for sid in odd}))
    spent = check.deterministic_time
    if code != cp_model.OPTIMAL or isinstance(scm.objective_expr, int):
        return out
    before = after = round(check.objective_value)
    scm.model.add(scm.objective_expr <= before)
    for part in parts:
        budget = min(WAVE_TIME, time_limit - out.dtime) - spent
        if budget < 0.5 or _out_of_time():
            break
        mine = {s.id for s in part}
        model = scm.fixed_copy({sid: values[sid] for sid in odd - mine})
        terms: list[Any] = []
        for xs in {id(sv.on): sv.on for sv in (scm.student_vars[sid] for sid in
                                                sorted(mine))}.values():
            for u, unit in enumerate(units):
                if unit.hi < first:
                    continue
                terms.append(day_cost[u] * xs[u])
                if not starts[u]:
                    begins = model.new_bool_var(f"wave_start[{xs[u].name}]")
                    previous = xs[u - 1] if u > 0 and cm.grid.adjacent(u - 1, u) else 0
                    model.add(begins >= xs[u] - previous)
                    terms.append(begins)
        model.minimize(sum(terms))
        solver = _solver(max(0.5, budget), PART_WORKERS)
        code = solver.solve(model)
        spent += solver.deterministic_time
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        moved = scm.values(solver)
        values.update({sid: moved[sid] for sid in mine})
        after = round(solver.value(scm.objective_expr))
    total = None if out.objective is None else out.objective - before + after
    return _Outcome(out.code, total, out.bound, out.dtime + spent, values)


def _solve(scenario: Scenario, prefs: list[Rule], grid_mode: str, share: bool, waves: bool,
           time_limit: float, extra: dict[str, Any]) -> tuple[ClassModel, _Outcome]:
    """The class model's best calendar: part by part when the class has several parts
    and no class rule is priced (a soft capacity would not add up over parts), else
    the whole model at once; then the odd students follow the class's waves where that
    costs the class nothing (``_follow_waves``). ``extra``: drafts and history (see
    ``generate``)."""
    opts: dict[str, Any] = {"grid_mode": grid_mode, "share_windows": share,
                            "abroad_waves": waves, "policy": True,
                            "stop_at_deadline": True, **extra}
    cm, out = _solve_class(scenario, prefs, opts, time_limit)
    return cm, _follow_waves(cm, out, prefs, opts, time_limit)


def _solve_class(scenario: Scenario, prefs: list[Rule], opts: dict[str, Any],
                 time_limit: float) -> tuple[ClassModel, _Outcome]:
    """The first phase of ``_solve``: the class objective, with its proof."""
    if caps_bind(scenario):
        # a cap too small for what the rules ask inside a window, by the counts alone
        # (implied by this model, so a proof on its grid): no part needs solving. The
        # counts read only the caps and the rules that register demands, so a model of
        # those alone tells, far sooner than the whole one (``count_only``)
        counting = build_class_model(scenario, preferences=prefs, count_only=True, **opts)
        if counting.counted_conflict() is not None:
            return counting, _Outcome(cp_model.INFEASIBLE, counted=True)
    cm = build_class_model(scenario, preferences=prefs, **opts)
    parts = _parts(cm)
    spent = 0.0
    if len(parts) > 1 and all(info.group is not None for info in cm.soft):
        out, spent = _solve_parts(cm, parts, prefs, opts, time_limit)
        if out is not None:
            return cm, out
        if _out_of_time():
            return cm, _Outcome(cp_model.UNKNOWN, dtime=spent)
        cm = build_class_model(scenario, preferences=prefs, **opts)
    cm.require_hard()
    if len(parts) == 1 and spent == 0.0:   # one part: as small as a part
        return cm, _cached_whole(cm, time_limit)
    out = _solve_whole(cm, max(1.0, time_limit - spent))
    out.dtime += spent
    return cm, out


def _plan_of(cm: ClassModel, values: Values, scenario: Scenario) -> Scenario:
    """``scenario`` with the solved periods. A student who came with periods (a draft,
    history) keeps them verbatim when no day changed, and otherwise keeps every period
    whose days did not change (dates, country, label), as repair would say it."""
    from solver.jobs.edits import diff_periods, status_of

    cal = scenario.calendar
    out = copy.copy(scenario)
    out.students = [copy.copy(s) for s in scenario.students]
    for s in out.students:
        new = cm.day_status_of(values, s.id)
        if any(not p.locked for p in s.periods):
            old = status_of(scenario.student_plan(s), cal.n)
            if new != old:
                s.periods = diff_periods(s, old, new, cal)[0]
            continue
        s.periods = periods_from_status(new, cm.locked_periods.get(s.id, []), scenario)
    return out


@dataclass
class _Work:
    """What the model is built from: the class with history and kept drafts locked."""

    scenario: Scenario
    drafts: dict[str, Any]          # student id -> StudentPlan to change the least
    kept: list[str]                 # students whose compliant draft is kept unchanged
    from_index: int


def _prepare(scenario: Scenario, fresh: bool, from_date: dt.date | None,
             keep_compliant: bool = True) -> _Work:
    """History locked, drafts sorted into kept (compliant: locked as they are) and to
    change the least; ``fresh`` drops the drafts (history stays)."""
    from solver.jobs.verify import verify

    cal = scenario.calendar
    work = history_split(scenario, from_date) if from_date is not None else scenario
    from_index = cal.first_index_on_or_after(from_date) if from_date is not None else 0
    if fresh:
        work = copy.copy(work)
        work.students = [dataclasses.replace(s, periods=[p for p in s.periods if p.locked])
                         for s in work.students]
        return _Work(work, {}, [], from_index)
    drafted = [s for s in work.students if any(not p.locked for p in s.periods)]
    if not drafted:
        return _Work(work, {}, [], from_index)
    kept = compliant_drafts(work, verify(work)) if keep_compliant else []
    work = lock_drafts(work, kept)
    drafts = {s.id: work.student_plan(s) for s in work.students
              if s.id not in kept and any(not p.locked for p in s.periods)}
    # a draft is changed, not kept as a lock: only its locked periods stay fixed
    return _Work(work, drafts, kept, from_index)


def generate(scenario: Scenario, time_limit: float = DEFAULT_TIME_LIMIT,
             preferences: list[Rule] | None = None, share_windows: bool = True,
             conflict: bool = True, fresh: bool = False,
             from_date: dt.date | None = None) -> GenerateResult:
    """Fill in every student's periods; see the module docstring.

    Periods already in the file that are not locked are the coordinator's draft: a
    student whose draft complies keeps it unchanged, the others change on the fewest
    working days (``fresh``: drafts are ignored). ``from_date``: the days before it are
    history (kept exactly as they are, nothing new placed there). ``time_limit`` is
    both the solver's deterministic budget and a wall-clock deadline for the call."""
    t0 = time.perf_counter()
    with deadline(time_limit):
        return _generate(scenario, time_limit, preferences, share_windows, conflict, fresh,
                         from_date, t0)


def _generate(scenario: Scenario, time_limit: float, preferences: list[Rule] | None,
              share_windows: bool, conflict: bool, fresh: bool, from_date: dt.date | None,
              t0: float) -> GenerateResult:
    prefs = default_preferences() if preferences is None else preferences
    attempts = [("week", True, True), ("week", True, False)] if share_windows else []
    # the last attempt is exact: its "infeasible" is the proof (a per-student week grid
    # would add nothing the exact grid does not try)
    attempts += [(exact_grid_mode(scenario), False, False)]
    prepared = [_prepare(scenario, fresh, from_date)]
    if prepared[0].kept:   # kept drafts may clash (a class rule): then all may change
        prepared.append(_prepare(scenario, fresh, from_date, keep_compliant=False))
    last_status = "infeasible"
    spent = 0.0
    counted_on: str | None = None
    for work in prepared:
        extra = {"drafts": work.drafts, "from_index": work.from_index}
        counted_on = None
        for grid_mode, share, waves in attempts:
            if grid_mode == counted_on:
                # the counts depend on the grid's windows and the students' demands, not
                # on how students share windows: the same grid is proven the same way
                continue
            left = wall_left()
            if left is not None and left <= 0:
                mark_cut()
                last_status = "unknown"
                break
            remaining = max(1.0, time_limit - spent)
            try:
                cm, out = _solve(work.scenario, prefs, grid_mode, share, waves, remaining,
                                 extra)
            except OutOfTime:   # the deadline passed while a model was built (marked cut)
                last_status = "unknown"
                break
            spent += remaining if out.code == cp_model.UNKNOWN else out.dtime
            status = status_name(out.code)
            if out.found:
                assert out.values is not None
                return GenerateResult(_plan_of(cm, out.values, scenario), status,
                                      out.objective, out.bound, time.perf_counter() - t0,
                                      share, grid_mode, cut=was_cut())
            last_status = status
            counted_on = grid_mode if out.counted else None
            if status == "unknown":
                break
        if last_status == "unknown":
            break
    result = GenerateResult(scenario, last_status, solve_time=time.perf_counter() - t0,
                            shared_windows=False, grid="day", work=prepared[-1].scenario)
    if conflict and last_status == "infeasible":
        budget = max(1.0, min(5.0, time_limit))
        # proven by the capacity counts on the exact grid: the cap and the fewest
        # students they prove it with (explain's conflict), at once; otherwise the day
        # model's conflict
        counted = counted_conflict(prepared[-1].scenario, budget) \
            if counted_on == attempts[-1][0] else None
        if counted is not None and counted[0] in ("infeasible", "unproven"):
            result.conflict = [ConflictItem(m.rule, m.students, m.part)
                               for m in counted[1] if m.rule is not None]
        else:
            result.conflict = find_conflict(prepared[-1].scenario, time_limit=budget)
    result.solve_time = time.perf_counter() - t0
    result.cut = was_cut()
    return result


def _feasible_with(scenario: Scenario, keep: list[LiteralInfo], cm: ClassModel,
                   time_limit: float) -> Any:
    """Solve ``cm``'s model with only the literals in ``keep`` assumed true."""
    cm.model.clear_assumptions()
    cm.model.add_assumptions([info.literal for info in keep])
    return _conflict_solver(time_limit).solve(cm.model)


def _conflict_solver(time_limit: float) -> cp_model.CpSolver:
    """One worker (cores are reduced with one worker and no objective), and no probing
    in presolve: on the day model, probing costs ten times the search of these
    feasibility checks, which the deletion loop runs once per member of the core."""
    solver = _solver(time_limit, workers=1)
    solver.parameters.cp_model_probing_level = 0
    return solver


def find_conflict(scenario: Scenario, time_limit: float = 10.0) -> list[ConflictItem]:
    """A minimal set of hard rule instances that no calendar can satisfy together.

    CP-SAT's ``sufficient_assumptions_for_infeasibility`` gives a first core on the
    exact day model (one worker, no objective); a deletion loop then drops every
    member whose absence keeps the rest infeasible."""
    cm = build_class_model(scenario, grid_mode="day", share_windows=False, symmetry=False,
                           policy=True)
    hard = cm.hard
    by_index = {info.literal.index: info for info in hard}
    cm.model.add_assumptions([info.literal for info in hard])
    solver = _conflict_solver(time_limit)
    code = solver.solve(cm.model)
    if code != cp_model.INFEASIBLE:
        return []
    core = [by_index[i] for i in solver.sufficient_assumptions_for_infeasibility()
            if i in by_index]
    if not core:   # infeasible without any rule: the locked periods themselves clash
        return []
    kept = list(core)
    for info in list(core):
        trial = [k for k in kept if k is not info]
        if _feasible_with(scenario, trial, cm, time_limit) == cp_model.INFEASIBLE:
            kept = trial
    return [ConflictItem(info.rule, [s.id for s in cm.students_of(info)], info.part)
            for info in kept]


def conflict_is_infeasible(scenario: Scenario, items: list[ConflictItem],
                           time_limit: float = 10.0) -> bool:
    """Re-solve only the conflict's rule instances on the exact day model (tests)."""
    cm = build_class_model(scenario, grid_mode="day", share_windows=False, symmetry=False,
                           policy=True)
    wanted = {(i.rule.id, tuple(i.students), i.part) for i in items}
    keep = [info for info in cm.hard
            if (info.rule.id, tuple(s.id for s in cm.students_of(info)), info.part) in wanted]
    return _feasible_with(scenario, keep, cm, time_limit) == cp_model.INFEASIBLE
