"""The repair job: the smallest change that makes every student's plan compliant.

A day's *status* is none, France or abroad. For each non-compliant student, repair looks
for the compliant plan whose status differs on the fewest working days, then (among
those) has the fewest runs of changed days (a close stand-in for the fewest edited
periods), the fewest periods, and the fewest new abroad days. It solves the class model
of ``classmodel.build_class_model`` on the exact day grid (one unit per working day)
with every hard rule required, in two solves: the fewest changed days first (its
optimum is what "proven minimal" means), then, that number fixed, the tie-breaks.
Locked periods are fixed by the class model itself: they are never moved, shortened or
extended; new periods may sit next to them.

Students are repaired one at a time (each in a model of their own, a few hundred
Boolean variables): the sum of the individual minima is a lower bound of the class's
minimum, so when the repaired class also passes its class rules (capacity per week,
same dates for the whole class) the class repair is minimal too. Otherwise the whole
class is solved in one model, compliant students fixed as they are (and, only if that
is impossible, free to move at the same price per day).

The new day statuses become periods again (``diff_periods``): unchanged periods are
kept verbatim (their dates, country, label), a period that grew or shrank keeps its
identity, and the differences are said as edits (extend, shorten, move, add, remove,
change), each with the working days it changes and the rules it satisfies.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from .calendar import SchoolCalendar
from .classmodel import ClassModel, build_class_model
from .explain import Conflict, explain_scenario
from .generate import _status
from .model import Period, Scenario, Student
from .plan import StudentPlan
from .sat import exact_solver
from .verify import VerifyResult, check_plain, verify

DEFAULT_TIME_LIMIT = 30.0
OFF, FRANCE, ABROAD = 0, 1, 2
PLACE = {FRANCE: "france", ABROAD: "abroad"}


@dataclass
class Edit:
    """One changed period of one student, as the contract's JSON says it."""

    student: str
    action: str                    # extend, shorten, move, add, remove, change
    period: int                    # index in the old plan (add: in the new plan)
    start: dt.date                 # the period's dates after the edit (remove: before)
    end: dt.date
    place: str
    days_changed: int
    before: Period | None = None
    after: Period | None = None
    rules: list[str] = field(default_factory=list)

    @property
    def weeks_changed(self) -> float | int:
        weeks = self.days_changed / 5
        return int(weeks) if weeks == int(weeks) else round(weeks, 1)


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

    @property
    def changed_days(self) -> int:
        return sum(s.changed_days for s in self.students)

    @property
    def edits(self) -> list[Edit]:
        return [e for s in self.students for e in s.edits]

    @property
    def ok(self) -> bool:
        return self.status in ("unchanged", "optimal", "feasible")


# ---- day statuses -------------------------------------------------------------------

def status_of(plan: StudentPlan, n: int) -> list[int]:
    """Per working day of the calendar: 0 none, 1 France, 2 abroad."""
    out = [OFF] * n
    for lo, hi in plan.on:
        for i in range(lo, hi + 1):
            out[i] = FRANCE
    for lo, hi in plan.abroad:
        for i in range(lo, hi + 1):
            out[i] = ABROAD
    return out


def changed_terms(cm: ClassModel, sid: str, old: list[int]) -> tuple[list[Any], list[Any]]:
    """Per working day, a 0/1 expression true when the day's status changes; and the
    Booleans marking the first day of each run of changed days."""
    sv = cm.student_vars[sid]
    model = cm.model
    per_day: list[Any] = []
    for u, unit in enumerate(cm.grid.units):
        on, ab = sv.on[u], sv.ab[u]
        value = old[unit.lo]
        if value == OFF:
            per_day.append(on)
        elif value == FRANCE:       # ab implies on: "not on, or abroad" is 1 - on + ab
            per_day.append(1 - on + ab)
        else:
            per_day.append(1 - ab)
    starts: list[Any] = []
    flags: list[Any] = []
    for u, term in enumerate(per_day):
        if isinstance(term, cp_model.IntVar):
            flag = term
        else:
            flag = model.new_bool_var(f"chg[{sid}][{u}]")
            model.add(flag == term)
        flags.append(flag)
        if u == 0:
            starts.append(flag)
        else:   # a run of changes starts here when this day changes and the one before not
            st = model.new_bool_var(f"chg_start[{sid}][{u}]")
            model.add(st >= flag - flags[u - 1])
            starts.append(st)
    return flags, starts


def run_starts(cm: ClassModel, sid: str) -> list[Any]:
    """Booleans marking where a run of France days or a run of abroad days starts: their
    sum is the number of periods of the new plan."""
    sv = cm.student_vars[sid]
    model = cm.model
    out: list[Any] = []
    fr = [on - ab for on, ab in zip(sv.on, sv.ab, strict=True)]
    for xs, name in ((fr, "fr"), (sv.ab, "ab")):
        for u in range(len(xs)):
            st = model.new_bool_var(f"{name}_start[{sid}][{u}]")
            model.add(st >= (xs[u] - xs[u - 1] if u else xs[u]))
            out.append(st)
    return out


def _solve_repair(scenario: Scenario, free: list[Student], fixed: list[Student],
                  olds: dict[str, list[int]], time_limit: float
                  ) -> tuple[str, dict[str, list[int]], float]:
    """Solve the repair model of ``scenario`` (day grid): ``free`` students minimise their
    changes, ``fixed`` students keep their days. Returns status, new statuses, wall time."""
    t0 = time.perf_counter()
    cm = build_class_model(scenario, grid_mode="day", share_windows=False, symmetry=False,
                           abroad_waves=False, stay_in_france=False)
    cm.require_hard()
    n = len(cm.grid.units)
    for s in fixed:
        sv, old = cm.student_vars[s.id], olds[s.id]
        for u in range(n):
            cm.model.add(sv.on[u] == int(old[u] != OFF))
            cm.model.add(sv.ab[u] == int(old[u] == ABROAD))
    changes: list[Any] = []
    runs: list[Any] = []
    starts: list[Any] = []
    new_abroad: list[Any] = []
    for s in free:
        flags, change_starts = changed_terms(cm, s.id, olds[s.id])
        changes.extend(flags)
        runs.extend(change_starts)
        sv, old = cm.student_vars[s.id], olds[s.id]
        starts.extend(run_starts(cm, s.id))
        new_abroad.extend(sv.ab[u] for u in range(n) if old[u] != ABROAD)
        # hint: the plan as it is (a good start for the smallest change)
        for u in range(n):
            cm.model.add_hint(sv.on[u], old[u] != OFF)
            cm.model.add_hint(sv.ab[u], old[u] == ABROAD)
    # lexicographic, in two solves (one objective with huge weights proves far slower):
    # first the fewest changed days; then, with that number fixed, the fewest runs of
    # changes (edits), then the fewest periods in the new plan (extending a period beats
    # adding one next to it), then the fewest new abroad days (a France day is easier
    # to find than one more week abroad)
    cm.model.minimize(sum(changes))
    solver = exact_solver(time_limit)
    code = solver.solve(cm.model)
    status = _status(code)
    if status in ("optimal", "feasible"):
        cm.model.add(sum(changes) == round(solver.objective_value))
        cm.hint_from(solver)
        w_starts = len(new_abroad) + 1
        w_runs = w_starts * (len(starts) + 1)
        cm.model.minimize(w_runs * sum(runs) + w_starts * sum(starts) + sum(new_abroad))
        # (the tie-break gets a share of the budget: the fewest changed days is proven
        # already; a stopped tie-break keeps the best edits found)
        second = exact_solver(max(1.0, time_limit / 4), light=False)
        code2 = second.solve(cm.model)
        if code2 in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            solver = second
    out: dict[str, list[int]] = {}
    if status in ("optimal", "feasible"):
        for s in free:
            out[s.id] = cm.day_status(solver, s.id)
    return status, out, time.perf_counter() - t0


# ---- from day statuses back to periods ------------------------------------------------

@dataclass
class _Old:
    index: int
    period: Period
    lo: int
    hi: int
    value: int


def diff_periods(student: Student, old: list[int], new: list[int], cal: SchoolCalendar
                 ) -> tuple[list[Period], list[Edit]]:
    """The new periods of ``student`` and the edits that lead there from the old ones.

    A day keeps the period that had it when its status did not change; new days next to
    a period of the same place (not locked) extend it; the other runs are new periods,
    paired with a vanished period of the same place, if any, as a move."""
    n = cal.n
    olds = [_Old(i, p, *cal.span_indices(p.start, p.end), ABROAD if p.abroad else FRANCE)
            for i, p in enumerate(student.periods)]
    owner: list[int | None] = [None] * n
    for o in olds:
        for d in range(o.lo, o.hi + 1):
            if owner[d] is None and new[d] == o.value:
                owner[d] = o.index
    for forward in (True, False):
        order = range(1, n) if forward else range(n - 2, -1, -1)
        for d in order:
            prev = d - 1 if forward else d + 1
            k = owner[prev]
            if owner[d] is None and new[d] != OFF and k is not None and new[prev] == new[d] \
                    and not olds[k].period.locked:
                owner[d] = k
    runs: list[tuple[int, int, int, int | None]] = []   # lo, hi, status, owner
    d = 0
    while d < n:
        if new[d] == OFF:
            d += 1
            continue
        last = d
        while last + 1 < n and new[last + 1] == new[d] and owner[last + 1] == owner[d]:
            last += 1
        runs.append((d, last, new[d], owner[d]))
        d = last + 1

    def kept(run: tuple[int, int, int, int | None], o: _Old) -> int:
        return min(run[1], o.hi) - max(run[0], o.lo) + 1

    best: dict[int, tuple[int, int, int, int | None]] = {}
    for run in runs:   # a period split in several runs keeps its largest part
        k = run[3]
        if k is not None and (k not in best or kept(run, olds[k]) > kept(best[k], olds[k])):
            best[k] = run

    def inside(p: Period) -> bool:
        return cal.start <= p.start and p.end <= cal.end

    # (period, old period it continues or None, first day, last day)
    result: list[tuple[Period, _Old | None, int, int]] = []
    added: list[tuple[int, int, int]] = []
    for run in runs:
        lo, hi, value, k = run
        if k is None or best[k] != run:
            added.append((lo, hi, value))
            continue
        o = olds[k]
        p = o.period
        if (lo, hi) != (o.lo, o.hi) or not inside(p):
            # the convention's company, tutor and city stay; new dates need a new
            # signature (an amendment), so ``signed`` does not
            p = dataclasses.replace(p, start=p.start if lo == o.lo and inside(p) else cal.days[lo],
                                    end=p.end if hi == o.hi and inside(p) else cal.days[hi],
                                    line=None, signed=False)
        result.append((p, o, lo, hi))
    removed = [o for o in olds if o.index not in best]
    for o in [o for o in removed if o.period.locked]:   # kept verbatim, whatever happens
        result.append((o.period, o, o.lo, o.hi))
        removed.remove(o)
    pairs: dict[int, int] = {}      # old index -> index in added: a move (or a change)
    for same_place in (True, False):
        for o in removed:
            free = [j for j, a in enumerate(added) if j not in pairs.values()
                    and (a[2] == o.value or not same_place)]
            if o.index not in pairs and free:
                pairs[o.index] = min(free, key=lambda j: (abs(added[j][0] - o.lo), j))

    edits: list[Edit] = []
    edit_of_old: dict[int, Edit] = {}
    for o in removed:
        if o.index in pairs:
            lo, hi, value = added[pairs[o.index]]
            same_place = value == o.value
            p = Period(cal.days[lo], cal.days[hi], PLACE[value],
                       o.period.country if same_place else None, False, o.period.label,
                       company=o.period.company if same_place else None,
                       tutor=o.period.tutor if same_place else None,
                       city=o.period.city if same_place else None)
            same = value == o.value and hi - lo == o.hi - o.lo
            e = Edit(student.id, "move" if same else "change", o.index, p.start, p.end,
                     p.place, 0, o.period, p)
            result.append((p, o, lo, hi))
        else:
            e = Edit(student.id, "remove", o.index, o.period.start, o.period.end,
                     o.period.place, 0, o.period, None)
        edits.append(e)
        edit_of_old[o.index] = e
    for j, (lo, hi, value) in enumerate(added):
        if j in pairs.values():
            continue
        p = Period(cal.days[lo], cal.days[hi], PLACE[value])
        result.append((p, None, lo, hi))
        edits.append(Edit(student.id, "add", -1, p.start, p.end, p.place, 0, None, p))
    for p, src, lo, hi in result:
        if src is None or src.index in edit_of_old or p is src.period:
            continue
        size, old_size = hi - lo, src.hi - src.lo
        if lo != src.lo and hi != src.hi and size == old_size:
            action = "move"
        elif lo <= src.lo and hi >= src.hi and size > old_size:
            action = "extend"
        elif lo >= src.lo and hi <= src.hi:
            action = "shorten"
        else:
            action = "change"
        e = Edit(student.id, action, src.index, p.start, p.end, p.place, 0, src.period, p)
        edits.append(e)
        edit_of_old[src.index] = e
    result.sort(key=lambda item: (item[0].start, item[0].end))
    new_periods = [p for p, _, _, _ in result]
    edit_of_new = {id(e.after): e for e in edits if e.after is not None}
    day_period: list[Period | None] = [None] * n
    for p, _, lo, hi in result:
        for i in range(lo, hi + 1):
            day_period[i] = p
    for i in range(n):   # each changed day counts for the edit that changed it
        if old[i] == new[i]:
            continue
        target = edit_of_new.get(id(day_period[i])) if new[i] != OFF else None
        if target is None:
            o_hit = next((o for o in olds if o.lo <= i <= o.hi and o.value == old[i]), None)
            target = edit_of_old.get(o_hit.index) if o_hit is not None else None
        if target is not None:
            target.days_changed += 1
    for e in edits:   # an added period is numbered in the new plan
        if e.action == "add":
            e.period = next(i for i, p in enumerate(new_periods) if p is e.after)
    edits.sort(key=lambda e: (e.start, e.period))
    return new_periods, edits


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
           explain_conflict: bool = True) -> RepairResult:
    """Repair every non-compliant student of ``scenario``; see the module docstring."""
    t0 = time.perf_counter()
    cal = scenario.calendar
    before = verify(scenario)
    olds = {r.student.id: status_of(r.plan, cal.n) for r in before.students}
    broken = [r.student for r in before.students if not r.compliant]
    broken_rules = {r.student.id: sorted({v.rule.id for v in r.violations
                                          if v.severity == "error"})
                    for r in before.students}
    if before.compliant:
        reps = [StudentRepair(r.student, "unchanged") for r in before.students]
        return RepairResult(scenario, scenario, before, reps, "unchanged",
                            time.perf_counter() - t0)
    was_compliant = [r.student for r in before.students if r.compliant]
    compliant = was_compliant   # the students a class model keeps as they are
    class_broken = any(v.severity == "error" for v in before.class_violations)
    news: dict[str, list[int]] = {}
    statuses: dict[str, str] = {}
    diffs: dict[str, tuple[list[Period], list[Edit]]] = {}
    mode = "per-student"
    if not class_broken:
        for s in broken:
            status, got, _ = _solve_repair(scenario.with_students([s]), [s], [], olds,
                                           time_limit)
            statuses[s.id] = status
            news.update(got)
        diffs = _diffs(scenario, olds, news, was_compliant)
    alone_failed = any(st not in ("optimal", "feasible") for st in statuses.values())
    if class_broken or (not alone_failed and not _complies(scenario, diffs)):
        # class rules bind: one model for the class, compliant students kept as they are
        mode = "class"
        movers = broken
        if not movers:   # only class rules broken: everybody may move, at a price
            movers, compliant, mode = list(scenario.students), [], "class-free"
        status, news, _ = _solve_repair(scenario, movers, compliant, olds, time_limit)
        if status not in ("optimal", "feasible") and compliant:
            mode = "class-free"
            movers, compliant = list(scenario.students), []
            status, news, _ = _solve_repair(scenario, movers, [], olds, time_limit)
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
        result.conflict = explain_scenario(scenario, time_limit=time_limit).conflict
    result.solve_time = time.perf_counter() - t0
    return result


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
    return verify(trial).compliant
