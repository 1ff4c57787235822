"""The explain job: why a class cannot comply, as a minimal set of rules in conflict.

The question is whether *some* compliant plan exists for the class, given its calendar
(blocked dates), its school policy and its locked periods. ``explain_scenario`` builds
the class model of ``classmodel.build_class_model`` on the exact day grid with locked
periods left out, then gives every locked period its own literal (its days are fixed
only when that literal is true), so that locked periods, blocked dates (one literal per
span), policy rules and the programme's rules all take part in the conflict alike.

With every hard literal as an assumption, CP-SAT (one worker, no objective) answers
infeasible together with ``sufficient_assumptions_for_infeasibility``, a core that is
not always minimal; a deletion loop then drops each member whose absence keeps the rest
infeasible, reusing the smaller core CP-SAT returns each time. The result is minimal:
dropping any one member makes the rest satisfiable (tests check it member by member).

Without class rules (capacity per week, same dates for the whole class) students are
independent, so each is examined in a model of their own, and students who share route,
adjustment and employment evidence and have no locked period are examined once.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ortools.sat.python import cp_model

from solver.core.model import Period, Scenario, Student
from solver.core.plan import StudentPlan, normalise
from solver.engine.classmodel import (
    ClassModel,
    Values,
    build_class_model,
    caps_bind,
    counting_rule,
    exact_grid_mode,
    group_key,
    make_grid,
)
from solver.engine.sat import deadline, exact_solver, propagation_solver
from solver.jobs.history import (
    compliant_drafts,
    from_index,
    history_split,
    is_history,
    lock_drafts,
)
from solver.jobs.verify import VerifyResult, verify
from solver.rules.base import Rule
from solver.rules.capacity import WindowNeed
from solver.rules.context import Demand

DEFAULT_TIME_LIMIT = 30.0


@dataclass
class Member:
    """One member of a conflict: a rule instance, or a locked period."""

    rule_id: str
    kind: str
    citation: str
    students: list[str]
    part: str | None = None
    rule: Rule | None = None
    period: Period | None = None
    period_index: int | None = None
    source: str | None = None
    # a capacity: the weeks that the conflict's fixed periods (history, signed, locked)
    # fill up to the cap or beyond, as (Monday, students there), busiest first
    weeks: list[tuple[dt.date, int]] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, tuple[str, ...], str | None]:
        return (self.rule_id, tuple(self.students), self.part)


@dataclass
class Conflict:
    members: list[Member]
    students: list[str]            # the students the conflict is about (empty: the class)
    # False when the time limit stopped the deletion loop: the members still cannot
    # hold together (that is proven), but some of them may not be needed
    minimal: bool = True
    # a capacity in the conflict that the counts alone prove too small: the first
    # correction, computed (see ``raise_caps``)
    raise_to: list[CapRaise] = field(default_factory=list)


@dataclass
class CapRaise:
    """Raise capacity rule ``rule_id`` (kind ``kind``, now ``now``) to at least ``at_least``:
    the students need ``student_weeks`` weeks between ``first`` and ``last`` (the whole
    training when ``window`` is False), more than ``now`` a week there allows; or, with
    ``run_weeks``, ``students`` need a block of that many consecutive weeks there, where
    only ``fit`` such blocks fit one after another (``capacity.WindowNeed``)."""

    rule_id: str
    kind: str
    now: int
    at_least: int
    student_weeks: int
    first: dt.date
    last: dt.date
    window: bool
    run_weeks: int = 0
    fit: int = 0
    students: int = 0


def raise_caps(scenario: Scenario, conflict: Conflict, policy: bool) -> list[CapRaise]:
    """For each capacity rule of ``conflict``: the smallest cap the counts allow, when
    the current one is below it (``_WeeklyCap.needed``, from the demands of the rules
    required), on the week grid without shared windows (no calendar restriction beyond
    the rules')."""
    caps = [m.rule for m in conflict.members if m.rule is not None
            and m.rule.kind in ("max_abroad_per_week", "max_on_placement_per_week")]
    if not caps:
        return []
    # the counts read the caps and the rules that register demands only
    cm = build_class_model(scenario, grid_mode="week", share_windows=False, locked=False,
                           symmetry=False, abroad_waves=False, stay_in_france=False,
                           policy=policy, count_only=True)
    cal = scenario.calendar
    hard = cm.hard_demand()
    out = []
    for rule in dict.fromkeys(caps):
        need = rule.needed(cm.ctx, hard)   # type: ignore[attr-defined]
        if need is None:
            continue
        weeks = need.slots
        out.append(CapRaise(rule.id, rule.kind, int(getattr(rule, "max", 0)), need.at_least,
                            need.student_weeks, cal.weeks[weeks[0]].monday,
                            cal.weeks[weeks[-1]].monday + dt.timedelta(days=4),
                            need.window is not None, need.run_weeks, need.fit,
                            need.students))
    return out


CAPACITY_KINDS = ("max_abroad_per_week", "max_on_placement_per_week")


def full_weeks(scenario: Scenario, conflict: Conflict) -> None:
    """Name, on each capacity member of ``conflict``, the weeks that fixed periods (history,
    signed conventions, locks) already fill: per calendar week of the days the cap counts
    (``part``), the students the class's fixed periods put in that place, where they reach
    the cap (``Member.weeks``); only weeks of the conflict's own fixed periods when it has
    any."""
    cal = scenario.calendar

    def weeks_of(p: Period, lo: dt.date, hi: dt.date) -> set[dt.date]:
        if max(p.start, lo) > min(p.end, hi):
            return set()
        first, last = cal.span_indices(max(p.start, lo), min(p.end, hi))
        return {cal.weeks[cal.week_of_day[i]].monday for i in range(first, last + 1)}

    mine = [m.period for m in conflict.members if m.period is not None]
    for m in conflict.members:
        if m.rule is None or m.kind not in CAPACITY_KINDS:
            continue
        cap = int(getattr(m.rule, "max", 0))
        lo, hi = cal.start, cal.end
        if m.part and ".." in m.part:
            with contextlib.suppress(ValueError):
                lo, hi = (dt.date.fromisoformat(x) for x in m.part.split("..", 1))
        abroad = m.kind == "max_abroad_per_week"
        count: dict[dt.date, set[str]] = {}
        for s in scenario.students:
            if not m.rule.applies(s):
                continue
            for p in s.periods:
                if p.locked and (p.abroad or not abroad):
                    for w in weeks_of(p, lo, hi):
                        count.setdefault(w, set()).add(s.id)
        touched = set().union(*(weeks_of(p, lo, hi) for p in mine)) if mine else set(count)
        m.weeks = sorted(((w, len(who)) for w, who in count.items()
                          if w in touched and len(who) >= max(cap, 1)),
                         key=lambda x: (-x[1], x[0]))


@dataclass
class ExplainResult:
    scenario: Scenario
    status: str        # compliant, repairable, generable, infeasible, unknown
    verify_result: VerifyResult
    conflict: Conflict | None = None
    others: list[Conflict] = field(default_factory=list)  # the same for other students
    solve_time: float = 0.0
    # what the search examined (said when it stopped before an answer): students,
    # rule instances and locked periods assumed, solves, the budget per solve
    tried: dict[str, Any] = field(default_factory=dict)
    corrections: Any = None        # relax.RelaxResult: what to relax (explain command)
    disjoint: list[list[Member]] = field(default_factory=list)   # --all

    @property
    def feasible(self) -> bool:
        return self.status in ("compliant", "repairable", "generable")


@dataclass
class _Assumable:
    literal: cp_model.IntVar
    member: Member


SCHOOL_POLICY = "school policy"   # the source of a shape rule in a conflict


def _conflict_model(scenario: Scenario, policy: bool = False,
                    keep: Callable[[Rule], bool] | None = None
                    ) -> tuple[ClassModel, list[_Assumable]]:
    """The exact class model with a literal per hard rule instance and per locked period;
    with ``policy``, the shape rules generate requires are hard too (source: school
    policy), so that generate's conflict says which policy to relax. ``keep``: compile
    only these rules (the others are left out, as if never assumed)."""
    # generate's question, with whole weeks required: on the parts of weeks that policy
    # keeps whole, a calendar on days is a calendar on parts (classmodel.make_grid),
    # and the model is five times smaller
    mode = exact_grid_mode(scenario, policy)
    # units aligned with the locked periods (history included), so that a lock's literal
    # fixes its days and no others
    grid = make_grid(scenario, mode, locked_plans(scenario), from_index(scenario))
    cm = build_class_model(scenario, grid_mode=mode, share_windows=False, locked=False,
                           symmetry=False, abroad_waves=False, stay_in_france=False,
                           policy=policy, grid=grid, keep=keep)
    out: list[_Assumable] = []
    ahead = _counted_span(scenario)
    for info in cm.hard:
        students = [s.id for s in cm.students_of(info)]
        # a class rule of a class in progress binds the weeks from --from on: say which
        part = info.part or (ahead if info.rule.scope == "class" else None)
        out.append(_Assumable(info.literal, Member(
            info.rule.id, info.rule.kind, info.rule.render_citation(), students, part,
            info.rule, source=SCHOOL_POLICY if info.rule.shape else None)))
    cal = scenario.calendar
    where = Path(scenario.file).name if scenario.file else "scenario"
    for s in scenario.students:
        sv = cm.student_vars[s.id]
        for i, p in enumerate(s.periods):
            if not p.locked:
                continue
            lit = cm.model.new_bool_var(f"locked[{s.id}][{i}]")
            lo, hi = cal.span_indices(p.start, p.end)
            for u in cm.grid.units_touching(lo, hi):
                cm.model.add(sv.on[u] == 1).only_enforce_if(lit)
                cm.model.add(sv.ab[u] == int(p.abroad)).only_enforce_if(lit)
            source = f"{where}:{p.line}" if p.line else where
            kind = period_kind(p, scenario.from_date)
            out.append(_Assumable(lit, Member(
                f"{kind}:{s.id}:{i + 1}", kind, source, [s.id], None, None, p, i, source)))
    return cm, out


def _counted_span(scenario: Scenario) -> str | None:
    """The days a class rule counts on a class in progress, as a part ("from..to")."""
    start = scenario.from_date
    if start is None:
        return None
    return f"{max(start, scenario.calendar.start).isoformat()}..{scenario.calendar.end}"


def period_kind(p: Period, from_date: dt.date | None) -> str:
    """What a fixed period is to a coordinator: a placement already done (history,
    before ``--from``), a signed convention, or a lock."""
    if is_history(p, from_date):
        return "history"
    return "signed" if p.signed else "locked"


def locked_plans(scenario: Scenario) -> dict[str, StudentPlan]:
    """Per student with locked periods (history included), their days."""
    cal = scenario.calendar
    return {s.id: normalise([(p.start, p.end, p.abroad, p.country) for p in s.periods
                             if p.locked], cal)
            for s in scenario.students if any(p.locked for p in s.periods)}


def _solve(cm: ClassModel, assumed: list[_Assumable], time_limit: float,
           quick: bool = False) -> tuple[Any, cp_model.CpSolver]:
    """Solve ``cm`` under ``assumed``; ``quick``: without presolve nor LP relaxation, for
    an answer that propagation alone gives (a proof by the counts, a calendar fixed)."""
    cm.model.clear_assumptions()
    cm.model.add_assumptions([a.literal for a in assumed])
    solver = propagation_solver(time_limit) if quick else exact_solver(time_limit)
    return solver.solve(cm.model), solver


def trusted_core(solver: cp_model.CpSolver, assumed: list[_Assumable]) -> list[_Assumable]:
    """CP-SAT's core of an infeasible solve under ``assumed``, trusted only when it is a
    non-empty subset of them (an open CP-SAT bug can return a literal outside the
    assumptions with presolve on); otherwise all of ``assumed``, which is infeasible."""
    by_index = {a.literal.index: a for a in assumed}
    core = list(solver.sufficient_assumptions_for_infeasibility())
    if not core or any(i not in by_index for i in core):
        return list(assumed)
    wanted = set(core)
    return [a for a in assumed if a.literal.index in wanted]


@dataclass
class Search:
    """What one conflict search did: its solves and the members it assumed."""

    solves: int = 0
    assumed: int = 0


def shrink(cm: ClassModel, kept: list[_Assumable], time_limit: float,
           search: Search | None = None, cores: bool = True, seen: bool = False,
           twins: Callable[[_Assumable], Any] | None = None,
           construct: Callable[[list[_Assumable]], Values | None] | None = None
           ) -> tuple[str, list[_Assumable]]:
    """Deletion loop on an infeasible set ``kept``: ("infeasible", a minimal subset), or
    ("unproven", what was left: still infeasible, maybe not minimal) when a solve
    stops before an answer, or ("untrusted", ...) when a core was not infeasible
    after all. ``cores``: jump to CP-SAT's core of each infeasible trial (else drop
    one member at a time only). ``seen``: ``kept`` itself was solved infeasible (not
    only read off a core); a result that was not is solved once more before it is
    trusted, and without cores from the start if it turns out feasible.
    ``twins``: a key under which members are interchangeable (``_twins``): once one is
    shown necessary, its twins in ``kept`` are too, when they and it belong to students
    who have the same members in ``kept`` (exchanging them maps the trial onto theirs),
    so they are not tried.
    ``construct``: a calendar that may satisfy a trial (``_packing``); when the model
    accepts it, the trial is feasible without a search."""
    search = search if search is not None else Search()
    start = list(kept)
    i = 0
    needed: set[int] = set()   # members shown necessary through a twin
    while i < len(kept):   # deletion: drop a member if the rest stays infeasible
        if id(kept[i]) in needed:
            i += 1
            continue
        trial = kept[:i] + kept[i + 1:]
        search.solves += 1
        if construct is not None and _accepts(cm, trial, construct(trial), time_limit):
            code = cp_model.FEASIBLE
        else:
            code, solver = _solve(cm, trial, time_limit)
        if code == cp_model.INFEASIBLE:
            # CP-SAT's core of the trial may be smaller still; the members before i,
            # necessary in a larger set, are necessary in any infeasible subset of it,
            # so they are in that core and keep their places
            kept = trusted_core(solver, trial) if cores else trial
            seen = len(kept) == len(trial)
        elif code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if twins is not None:
                needed.update(id(a) for a in _twins_of(kept, kept[i], twins))
            i += 1
        else:
            return "unproven", kept
    if not seen and kept:
        code, _ = _solve(cm, kept, time_limit)
        search.solves += 1
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return "untrusted", start     # a core lied: the caller starts again without
        if code != cp_model.INFEASIBLE:
            return "unproven", start
    return "infeasible", kept


def _accepts(cm: ClassModel, assumed: list[_Assumable], values: Values | None,
             time_limit: float) -> bool:
    """Whether ``values`` (every student's units) satisfy ``cm`` under ``assumed``:
    solved with the variables fixed to them (a calendar found is one of the model's;
    a refusal only says that these values are not one)."""
    if values is None:
        return False
    cm.hint(values)
    try:
        cm.model.clear_assumptions()
        cm.model.add_assumptions([a.literal for a in assumed])
        solver = propagation_solver(time_limit)
        solver.parameters.fix_variables_to_their_hinted_value = True
        return solver.solve(cm.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    finally:
        cm.model.clear_hints()


def _twins_of(kept: list[_Assumable], one: _Assumable, twins: Callable[[_Assumable], Any]
              ) -> list[_Assumable]:
    """The members of ``kept`` interchangeable with ``one`` (see ``shrink``): the same
    key, for a student with the same keys in ``kept`` as ``one``'s student."""
    key = twins(one)
    if key is None:
        return []
    mine: dict[str, set[Any]] = {}
    for a in kept:
        if len(a.member.students) == 1:
            mine.setdefault(a.member.students[0], set()).add(twins(a))
    own = mine[one.member.students[0]]
    return [a for a in kept if twins(a) == key and mine[a.member.students[0]] == own]


def conflict_of(cm: ClassModel, pool: list[_Assumable], solver: cp_model.CpSolver,
                time_limit: float, search: Search | None = None
                ) -> tuple[str, list[_Assumable]]:
    """A minimal conflict inside ``pool``, which ``solver`` just found infeasible:
    CP-SAT's core (checked), shrunk by deletion; when a core turns out wrong, the
    deletion loop again from the whole pool without cores."""
    core = trusted_core(solver, pool)
    status, kept = shrink(cm, core, time_limit, search, seen=len(core) == len(pool))
    if status == "untrusted":
        status, kept = shrink(cm, list(pool), time_limit, search, cores=False, seen=True)
    return status, kept


def minimal_conflict(scenario: Scenario, time_limit: float = DEFAULT_TIME_LIMIT,
                     policy: bool = False, search: Search | None = None
                     ) -> tuple[str, list[Member]]:
    """("feasible" | "infeasible" | "unproven" | "unknown", the conflict): a minimal
    conflict when infeasible; "unproven" when the time limit stopped the deletion loop
    (the members cannot hold together, but some may not be needed). All the solves
    share ``time_limit`` (wall clock too)."""
    with deadline(time_limit):
        return _minimal_conflict(scenario, time_limit, policy,
                                 search if search is not None else Search())


def _minimal_conflict(scenario: Scenario, time_limit: float, policy: bool, search: Search
                      ) -> tuple[str, list[Member]]:
    if caps_bind(scenario, policy):
        # a conflict the capacity counts prove is found, proven and shrunk on the model of
        # the caps and the rules that register demands (``counting_rule``): the same
        # answers as the whole model's, on a model a fraction of its size
        cm, assumables = _conflict_model(scenario, policy, keep=counting_rule)
        counted = _counted(cm, assumables, time_limit, search)
        if counted is not None:
            search.assumed += len(assumables)
            return counted
    cm, assumables = _conflict_model(scenario, policy)
    search.assumed += len(assumables)
    code, solver = _solve(cm, assumables, time_limit)
    search.solves += 1
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return "feasible", []
    if code != cp_model.INFEASIBLE:
        return "unknown", []
    status, kept = conflict_of(cm, assumables, solver, time_limit, search)
    return status, [a.member for a in kept]


def _counted(cm: ClassModel, assumables: list[_Assumable], time_limit: float, search: Search
             ) -> tuple[str, list[Member]] | None:
    """A capacity conflict that the counts prove (``ClassModel.counted_conflict``): the
    cap and the fewest students whose demands inside one window exceed it, solved once
    (the model holds the same counts, so the proof is immediate), then shrunk like any
    core, twins tested once (``shrink``). None when no count proves one."""
    found = cm.counted_conflict()
    if found is None:
        return None
    by_index = {a.literal.index: a for a in assumables}
    caps = [info.literal.index for info in cm.hard
            if info.rule is found.rule and info.group is None]
    wanted = {*caps, *(d.lit.index for d in found.members)}
    if not caps or any(i not in by_index for i in wanted):
        return None
    # the students first: a trial without one of them is the one most often undecided,
    # and then the loop stops before trying the cap
    pool = sorted((a for a in assumables if a.literal.index in wanted),
                  key=lambda a: a.literal.index in caps)
    # the counts the model holds say it by propagation alone: no presolve, no LP (ten
    # times sooner than the default); otherwise the default solve, as any core
    code, _ = _solve(cm, pool, min(time_limit, COUNTED_TRIAL), quick=True)
    if code != cp_model.INFEASIBLE:
        code, _ = _solve(cm, pool, time_limit)
    search.solves += 1
    if code != cp_model.INFEASIBLE:   # not proven after all: the general search
        return None
    # a feasible trial of this size (a packing of blocks that just fits) may take long
    # to find: the deletion loop gets a share of the budget and otherwise says the
    # conflict is proven but not minimised
    status, kept = shrink(cm, pool, min(time_limit, COUNTED_TRIAL), search, seen=True,
                          twins=_twins(cm), construct=_packing(cm, found))
    return status, [a.member for a in kept]


COUNTED_TRIAL = 0.25  # deterministic seconds per trial of a counted conflict's deletion


def counted_conflict(scenario: Scenario, time_limit: float = DEFAULT_TIME_LIMIT,
                     policy: bool = True) -> tuple[str, list[Member]] | None:
    """The conflict of ``scenario`` that its capacity counts prove, as ``minimal_conflict``
    gives it ("infeasible": minimal, "unproven": not minimised), or None when no count
    proves one: for generate, whose own proof was the counts."""
    if not caps_bind(scenario, policy):
        return None
    with deadline(time_limit):
        cm, assumables = _conflict_model(scenario, policy, keep=counting_rule)
        return _counted(cm, assumables, time_limit, Search())


def _packing(cm: ClassModel, found: WindowNeed) -> Callable[[list[_Assumable]],
                                                            Values | None]:
    """A calendar for a trial of the counted conflict ``found`` (its cap and some of its
    demands), built greedily: each demand in turn, longest first, takes the earliest
    run of usable units long enough (a block) or the usable weeks the cap has the most
    room in (a total), among the weeks where the cap (when the trial holds it) still has
    room. A conflict that the counts prove is a packing that just fits once a student
    is left out: CP-SAT takes long to find one from scratch, this finds it at once, and
    the model checks it (``_accepts``). None when the greedy gets stuck."""
    grid, cal = cm.grid, cm.scenario.calendar
    units = grid.units
    n = len(units)
    week_of = [cal.week_of_day[u.lo] for u in units]
    first = cm.ctx.from_index
    year2 = cal.first_index_on_or_after(cal.year2_start)
    by_lit = {d.lit.index: d for d in cm.ctx.demands}
    caps = {info.literal.index for info in cm.hard
            if info.rule is found.rule and info.group is None}
    limit = found.rule.max
    empty = (0,) * n

    def usable(d: Demand) -> list[bool]:
        late = d.group.students[0].entry_year == 2
        return [(d.inside is None or d.inside[u]) and units[u].lo >= first
                and not (late and units[u].lo < year2) for u in range(n)]

    def block(d: Demand, ok: list[bool], room: Callable[[int], bool]) -> list[int] | None:
        for s in range(n):
            days, e = 0, s
            while e < n and ok[e] and room(week_of[e]) and \
                    (e == s or grid.adjacent(e - 1, e)):
                days += units[e].n_days
                if days >= d.days:
                    return list(range(s, e + 1))
                e += 1
        return None

    def spread(d: Demand, ok: list[bool], load: dict[int, int],
               room: Callable[[int], bool]) -> list[int] | None:
        weeks: dict[int, list[int]] = {}
        for u in range(n):
            if ok[u] and room(week_of[u]):
                weeks.setdefault(week_of[u], []).append(u)
        chosen: list[int] = []
        days = 0
        for w in sorted(weeks, key=lambda w: (load.get(w, 0),
                                              -sum(units[u].n_days for u in weeks[w]), w)):
            if days >= d.days:
                break
            chosen.extend(weeks[w])
            days += sum(units[u].n_days for u in weeks[w])
        return sorted(chosen) if days >= d.days else None

    def construct(trial: list[_Assumable]) -> Values | None:
        capped = any(a.literal.index in caps for a in trial)
        demands = [by_lit[a.literal.index] for a in trial if a.literal.index in by_lit]
        if len(demands) + (1 if capped else 0) != len(trial):
            return None   # a member this packing does not know (a lock)
        load: dict[int, int] = {}

        def room(w: int) -> bool:
            return not capped or load.get(w, 0) < limit

        values: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
            sid: (empty, empty) for sid in cm.student_vars}
        done: set[str] = set()
        for d in sorted(demands, key=lambda d: (not d.run, -d.days)):
            sid = d.group.students[0].id
            if d.group.size != 1 or sid in done:
                return None
            done.add(sid)
            ok = usable(d)
            got = block(d, ok, room) if d.run else spread(d, ok, load, room)
            if got is None:
                return None
            for w in {week_of[u] for u in got}:
                load[w] = load.get(w, 0) + 1
            on = [0] * n
            for u in got:
                on[u] = 1
            values[sid] = (tuple(on), tuple(on) if d.abroad else empty)
        return values
    return construct


def _twins(cm: ClassModel) -> Callable[[_Assumable], Any]:
    """A key under which members of a conflict are interchangeable: the same rule
    instance (rule, part) for students alike (``group_key``) who have no period of
    their own; None for the others. In the conflict model each such student has
    variables of their own and the same constraints, so exchanging two of them maps a
    calendar of one set of members onto a calendar of the exchanged set."""
    students = {s.id: s for s in cm.scenario.students}

    def key(a: _Assumable) -> Any:
        m = a.member
        if m.rule is None or len(m.students) != 1:
            return None
        s = students.get(m.students[0])
        if s is None or s.periods:
            return None
        return (m.rule_id, m.part, group_key(s))
    return key


def conflict_is_minimal(scenario: Scenario, members: list[Member],
                        time_limit: float = DEFAULT_TIME_LIMIT, policy: bool = False
                        ) -> tuple[bool, list[bool]]:
    """(the whole conflict is infeasible, [dropping member i leaves a feasible rest])
    solved again from scratch on a fresh model (for tests)."""
    cm, assumables = _conflict_model(scenario, policy)
    by_key = {a.member.key: a for a in assumables}
    chosen = [by_key[m.key] for m in members]
    whole = _solve(cm, chosen, time_limit)[0] == cp_model.INFEASIBLE
    drops = []
    for i in range(len(chosen)):
        code = _solve(cm, chosen[:i] + chosen[i + 1:], time_limit)[0]
        drops.append(code in (cp_model.OPTIMAL, cp_model.FEASIBLE))
    return whole, drops


def _class_rules(scenario: Scenario) -> bool:
    return any(r.hard and r.scope == "class" and any(r.applies(s) for s in scenario.students)
               for r in scenario.rules)


def explain_scenario(scenario: Scenario, time_limit: float = DEFAULT_TIME_LIMIT,
                     verify_result: VerifyResult | None = None, policy: bool = False,
                     from_date: dt.date | None = None) -> ExplainResult:
    """Whether a compliant plan exists for the class; if not, a minimal conflict.
    ``policy``: as generate asks it, with the school-policy shape rules required.
    ``from_date`` (``--from``): generate's question on a class in progress: the days
    before it are history (locked as they are), nothing new is placed there, class rules
    count from it on, and the school policy is required; every student is examined, so
    that explain and generate never disagree on whether a calendar exists."""
    t0 = time.perf_counter()
    if from_date is not None and scenario.from_date is None:
        scenario = history_split(scenario, from_date)
    in_progress = scenario.from_date is not None
    result = verify_result or verify(scenario)
    has_plan = any(s.periods for s in scenario.students)
    # a class without any plan asks generate's question: its school policy counts
    policy = policy or not has_plan or in_progress
    # a compliant plan: generate keeps it as it is (history and drafts), so a calendar exists
    if has_plan and result.acceptable:
        return ExplainResult(scenario, "compliant", result, solve_time=time.perf_counter() - t0)
    conflicts: list[Conflict] = []
    unknown = False
    search = Search()
    examined: list[str] = []
    if _class_rules(scenario):
        examined = [s.id for s in scenario.students]
        drafts = compliant_drafts(scenario, result) if in_progress else []
        kept = lock_drafts(scenario, drafts) if drafts else None
        # generate first keeps the compliant drafts as they are, then lets every draft
        # change: a calendar exists when either does (without compliant drafts the two
        # questions are one)
        status = "infeasible" if kept is None else \
            minimal_conflict(kept, time_limit, policy, search)[0]
        if status != "feasible":
            status, members = minimal_conflict(scenario, time_limit, policy, search)
        else:
            members = []
        unknown = status == "unknown"
        if status in ("infeasible", "unproven"):
            conflicts.append(Conflict(members, sorted({s for m in members
                                                       for s in m.students}),
                                      minimal=status == "infeasible"))
    else:
        # students are independent: the non-compliant ones (all of them without a plan),
        # those alike without locked periods examined once
        broken = {r.student.id for r in result.students if not r.acceptable}
        seen: dict[str, tuple[str, Conflict | None]] = {}
        for s in scenario.students:
            if has_plan and s.id not in broken:
                continue
            key = None if any(p.locked for p in s.periods) else group_key(s)
            if key is not None and key in seen:
                status, found = seen[key]
                if found is not None:
                    conflicts.append(_for_student(found, s))
                continue
            examined.append(s.id)
            status, members = minimal_conflict(scenario.with_students([s]), time_limit,
                                               policy, search)
            unknown = unknown or status == "unknown"
            found = Conflict(members, [s.id], minimal=status == "infeasible") \
                if status in ("infeasible", "unproven") else None
            if found is not None:
                conflicts.append(found)
            if key is not None:
                seen[key] = (status, found)
    elapsed = time.perf_counter() - t0
    if conflicts:
        conflicts[0].raise_to = raise_caps(scenario, conflicts[0], policy)
        for c in conflicts:
            full_weeks(scenario, c)
        return ExplainResult(scenario, "infeasible", result, conflicts[0], conflicts[1:],
                             elapsed)
    if unknown:
        return ExplainResult(scenario, "unknown", result, solve_time=elapsed, tried={
            "students": examined, "assumed": search.assumed, "solves": search.solves,
            "time_limit": time_limit})
    status = "generable" if not has_plan or (in_progress and not result.acceptable) else \
        "compliant" if result.acceptable else "repairable"
    return ExplainResult(scenario, status, result, solve_time=elapsed)


def _for_student(found: Conflict, student: Student) -> Conflict:
    """The conflict found for an alike student, said again for ``student``."""
    members = [copy.copy(m) for m in found.members]
    for m in members:
        m.students = [student.id]
    return Conflict(members, [student.id])
