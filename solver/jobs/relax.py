"""What to relax: minimal correction sets of an infeasible class, cheapest first.

A *correction set* is a set of school-side items whose removal makes the class
feasible: a school-policy rule (capacity, the shape policy), a blocked date span, a
locked period (a placement already done, history, never: it cannot be undone); the
texts' rules only with ``--relax-rules``. It is *minimal* when no
strict subset does. ``correction_sets`` finds them on explain's exact model
(``explain._conflict_model``: a literal per item): every item that may not be relaxed
is required, the others are free, and CP-SAT minimises the price of the items let go
(school policy and blocked dates 1 each, a locked period 10, a text's rule 100: "school
policy before locks before the texts' rules"). Each set found is then blocked (at least
one of its items must hold) and the next cheapest is asked for, up to ``k`` sets.

A cheapest set under such a blocking clause is always minimal (a smaller one would have
been cheaper and was not blocked), but a solve stopped by the time limit is not proven
cheapest, so every set is also shrunk: each item is put back in turn and kept when the
class stays feasible with it. Tests check each set by brute force (feasible without
it, infeasible without any strict subset).

For a capacity rule in a set, the relaxed calendar says how much it needs: the weeks
where more students are abroad (or placed) than the rule allows, and how many.

``disjoint_conflicts`` gives several minimal conflicts with no member in common (each
found with the members of the ones before switched off), up to a bound.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from solver.core.model import Scenario
from solver.engine.sat import deadline, exact_solver
from solver.jobs.explain import (
    SCHOOL_POLICY,
    Member,
    _Assumable,
    _conflict_model,
    _solve,
    conflict_of,
)

PRICES = {"policy": 1, "blocked": 1, "lock": 10, "rule": 100}
MAX_SETS = 10
SET_BUDGET = 5.0     # seconds per solve: what to relax is a hint, never worth minutes


def category(m: Member, scenario: Scenario) -> str:
    """policy, blocked, lock, history (a placement already done) or rule (a text's
    rule)."""
    if m.kind == "history":
        return "history"
    if m.kind in ("locked", "signed"):
        return "lock"
    if m.rule is not None and (m.source == SCHOOL_POLICY or getattr(m.rule, "shape", False)
                               or m.rule.id in {r.id for r in scenario.policy}):
        return "policy"
    if m.kind == "blocked" and m.part:
        return "blocked"
    return "rule"


@dataclass
class Need:
    """How much a relaxed capacity rule is exceeded in one week."""

    week: int
    monday: Any
    count: int
    limit: int


@dataclass
class Correction:
    members: list[Member]
    cost: int
    needs: dict[str, list[Need]] = field(default_factory=dict)   # rule id -> weeks
    minimal: bool = True     # False: the time limit stopped the check that it is minimal


@dataclass
class RelaxResult:
    sets: list[Correction]
    complete: bool           # no other correction set exists (within the prices searched)
    rules_relaxable: bool


def correction_sets(scenario: Scenario, policy: bool = False, relax_rules: bool = False,
                    k: int = 3, time_limit: float = 10.0) -> RelaxResult:
    """Up to ``k`` minimal correction sets of ``scenario`` (already known infeasible)."""
    budget = min(time_limit, SET_BUDGET)
    with deadline(3 * budget + 2):
        return _correction_sets(scenario, policy, relax_rules, max(1, min(k, MAX_SETS)),
                                budget)


def _correction_sets(scenario: Scenario, policy: bool, relax_rules: bool, k: int,
                     time_limit: float) -> RelaxResult:
    cm, assumables = _conflict_model(scenario, policy)
    model = cm.model
    free: list[tuple[_Assumable, int]] = []
    for a in assumables:
        cat = category(a.member, scenario)
        # a placement already done cannot be undone: never an item to let go
        if cat == "history" or (cat == "rule" and not relax_rules):
            model.add(a.literal == 1)
        else:
            free.append((a, PRICES[cat]))
    if not free:
        return RelaxResult([], True, relax_rules)
    model.minimize(sum(price * (1 - a.literal) for a, price in free))
    found: list[Correction] = []
    complete = False
    while len(found) < k:
        solver = exact_solver(time_limit)
        code = solver.solve(model)
        if code == cp_model.INFEASIBLE:
            complete = True
            break
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            break
        dropped = [(a, p) for a, p in free if not solver.boolean_value(a.literal)]
        if not dropped:     # feasible with everything: nothing to relax
            complete = True
            break
        kept, minimal = _shrink_set(cm, assumables, free, [a for a, _ in dropped],
                                    time_limit)
        needs = _capacity_needs(cm, scenario, kept, time_limit, assumables)
        prices = dict((id(a), p) for a, p in free)
        found.append(Correction([a.member for a in kept], sum(prices[id(a)] for a in kept),
                                needs, minimal))
        model.add_bool_or([a.literal for a in kept])   # not this set (nor any superset)
    found.sort(key=lambda c: (c.cost, len(c.members)))
    return RelaxResult(found, complete, relax_rules)


def _feasible_without(cm: Any, assumables: list[_Assumable], drop: list[_Assumable],
                      time_limit: float) -> bool | None:
    """Whether the class is feasible with every item but ``drop`` (None: not decided)."""
    ids = {id(a) for a in drop}
    keep = [a for a in assumables if id(a) not in ids]
    code, _ = _solve(cm, keep, time_limit)
    if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return True
    return False if code == cp_model.INFEASIBLE else None


def _shrink_set(cm: Any, assumables: list[_Assumable], free: list[tuple[_Assumable, int]],
                dropped: list[_Assumable], time_limit: float) -> tuple[list[_Assumable], bool]:
    """A minimal subset of ``dropped`` whose removal still makes the class feasible: each
    item is put back in turn, and stays back when the class is feasible with it. The
    flag says whether every check was decided (else the set may not be minimal)."""
    clone = dataclasses.replace(cm, model=cm.model.clone())
    clone.model.clear_objective()
    # the blocking clauses of the sets found before stay in the clone: harmless, they
    # only forbid dropping a superset of an earlier set, and we only put items back
    kept = list(dropped)
    decided = True
    for a in list(dropped):
        trial = [b for b in kept if b is not a]
        if not trial:
            continue
        ok = _feasible_without(clone, assumables, trial, time_limit)
        if ok:
            kept = trial
        elif ok is None:
            decided = False
    return kept, decided


def _capacity_needs(cm: Any, scenario: Scenario, kept: list[_Assumable], time_limit: float,
                    assumables: list[_Assumable]) -> dict[str, list[Need]]:
    """For each capacity rule of ``kept``: the weeks of a relaxed calendar above it."""
    caps = [a for a in kept if a.member.rule is not None
            and a.member.rule.kind in ("max_abroad_per_week", "max_on_placement_per_week")]
    if not caps:
        return {}
    clone = dataclasses.replace(cm, model=cm.model.clone())
    model = clone.model
    model.clear_objective()
    ids = {id(a) for a in kept}
    keep = [a for a in assumables if id(a) not in ids]
    cal = scenario.calendar
    excess: list[Any] = []
    per_rule: dict[str, list[tuple[int, Any, int]]] = {}
    for a in caps:
        rule = a.member.rule
        assert rule is not None
        abroad = rule.kind == "max_abroad_per_week"
        limit = int(getattr(rule, "max", 0))
        rows = []
        for week in cal.weeks:
            if week.n_days <= 0:
                continue
            units = clone.grid.units_touching(week.lo, week.hi)
            flags = []
            for s in scenario.students:
                if not rule.applies(s) or not units:
                    continue
                sv = clone.student_vars[s.id]
                xs = [(sv.ab if abroad else sv.on)[u] for u in units]
                flag = model.new_bool_var(f"wk[{s.id}][{week.index}]")
                model.add_max_equality(flag, xs)
                flags.append(flag)
            if len(flags) <= limit:
                continue
            over = model.new_int_var(0, len(flags), f"over[{rule.id}][{week.index}]")
            model.add(over >= sum(flags) - limit)
            excess.append(over)
            rows.append((week.index, over, limit))
        per_rule[rule.id] = rows
    model.minimize(sum(excess))
    model.clear_assumptions()
    model.add_assumptions([a.literal for a in keep])
    solver = exact_solver(time_limit)
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {}
    out: dict[str, list[Need]] = {}
    for rid, rows in per_rule.items():
        needs = [Need(w, cal.weeks[w].monday, limit + solver.value(over), limit)
                 for w, over, limit in rows if solver.value(over) > 0]
        if needs:
            out[rid] = needs
    return out


def disjoint_conflicts(scenario: Scenario, policy: bool = False, k: int = 3,
                       time_limit: float = 10.0) -> list[list[Member]]:
    """Up to ``k`` minimal conflicts with no member in common."""
    with deadline(3 * min(time_limit, SET_BUDGET) + 2):
        time_limit = min(time_limit, SET_BUDGET)
        cm, assumables = _conflict_model(scenario, policy)
        out: list[list[Member]] = []
        pool = list(assumables)
        while len(out) < max(1, min(k, MAX_SETS)):
            code, solver = _solve(cm, pool, time_limit)
            if code != cp_model.INFEASIBLE:
                break
            status, kept = conflict_of(cm, pool, solver, time_limit)
            if status != "infeasible":
                break
            out.append([a.member for a in kept])
            ids = {id(a) for a in kept}
            pool = [a for a in pool if id(a) not in ids]
        return out
