""""Why not?" questions: ``explain FILE --ask "S03 abroad 2027-05-17..2027-06-11"``.

A *wish* says what a student does on a span of dates: ``abroad`` (étranger), ``france``
or ``off`` (libre: no placement). Words in English or French, dates ``YYYY-MM-DD`` or
``DD/MM/YYYY``, the span written ``FROM..TO``; several wishes are separated by ``;``.

The question is answered on explain's exact class model (``explain._conflict_model``:
the day grid, a literal per hard rule instance, blocked span and locked period), with
one more literal for the wishes. If the model is satisfiable with every literal and
the wish, the answer is yes, with the compliant calendar closest to the current plans
(the fewest changed working days, CP-SAT optimal or the best found): the asked
students' new periods and the edits that lead there, in words. If not, the answer is
the minimal conflict of the wish with the rest (the wish is in it: without the wish the
class can comply, so every infeasible subset holds it), found by explain's deletion
loop with checked cores. If the class cannot comply even without the wish, that is
said, with its own conflict.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from solver.core.errors import InputError, msg
from solver.core.model import Period, Scenario
from solver.engine.classmodel import ClassModel
from solver.engine.sat import exact_solver
from solver.jobs.edits import Edit, diff_periods, status_of
from solver.jobs.explain import (
    Member,
    Search,
    _Assumable,
    _class_rules,
    _conflict_model,
    _solve,
    conflict_of,
)
from solver.jobs.repair import change_literals

PLACES = {"abroad": "abroad", "étranger": "abroad", "etranger": "abroad",
          "france": "france", "off": "off", "libre": "off", "none": "off",
          "aucun": "off"}
_DATE = r"(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})"
_WISH = re.compile(rf"^\s*(\S+)\s+(\S+)\s+{_DATE}\s*(?:\.\.|→|->|au|to|-)\s*{_DATE}\s*$",
                   re.IGNORECASE)


@dataclass(frozen=True)
class Wish:
    student: str
    place: str                 # abroad, france, off
    start: dt.date
    end: dt.date
    text: str

    @property
    def part(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


@dataclass
class AskResult:
    wishes: list[Wish]
    status: str        # possible, impossible, class-infeasible, unknown
    conflict: list[Member] = field(default_factory=list)
    periods: dict[str, list[Period]] = field(default_factory=dict)
    edits: dict[str, list[Edit]] = field(default_factory=dict)
    changed_days: int = 0
    optimal: bool = False
    solve_time: float = 0.0


def _date(text: str, where: str) -> dt.date:
    try:
        if "/" in text:
            d, m, y = (int(x) for x in text.split("/"))
            return dt.date(y, m, d)
        return dt.date.fromisoformat("-".join(p.zfill(2) for p in text.split("-")))
    except ValueError:
        raise InputError(msg("'{}' is not a real date", text), None, None, where, text,
                         msg("write dates as YYYY-MM-DD or DD/MM/YYYY")) from None


def parse_wishes(text: str, scenario: Scenario) -> list[Wish]:
    """The wishes of ``--ask`` (separated by ';'), checked against the class."""
    out = []
    ids = {s.id for s in scenario.students}
    for part in (p for p in text.split(";") if p.strip()):
        m = _WISH.match(part)
        if m is None:
            raise InputError(msg("cannot read the question '{}'", part.strip()), None, None,
                             "--ask", part.strip(),
                             msg('write it as "S03 abroad 2027-05-17..2027-06-11" (or « S03 '
                                 "étranger 17/05/2027..11/06/2027 »)"))
        sid, place_word, lo, hi = m.groups()
        place = PLACES.get(place_word.lower())
        if place is None:
            raise InputError(msg("unknown place '{}'", place_word), None, None, "--ask",
                             place_word,
                             msg("one of: abroad/étranger, france, off/libre"))
        if sid not in ids:
            raise InputError(msg("no student '{}' in the class", sid), scenario.file, None,
                             "--ask",
                             sid, msg("known: {}", ", ".join(sorted(ids)[:20])))
        start, end = _date(lo, "--ask"), _date(hi, "--ask")
        if end < start:
            raise InputError(msg("the span ends ({}) before it starts ({})", end, start), None,
                             None,
                             "--ask", part.strip(), msg("swap the dates"))
        cal = scenario.calendar
        a, b = cal.span_indices(start, end)
        if b < a:
            raise InputError(msg("the span holds no working day of the training"), None, None,
                             "--ask", part.strip(),
                             msg("the training runs from {} to {}", cal.start, cal.end))
        out.append(Wish(sid, place, start, end, part.strip()))
    if not out:
        raise InputError(msg("the question is empty"), None, None, "--ask", text,
                         msg('write it as "S03 abroad 2027-05-17..2027-06-11"'))
    return out


def _wish_literal(cm: ClassModel, wishes: list[Wish]) -> cp_model.IntVar:
    lit = cm.model.new_bool_var("wish")
    cal = cm.scenario.calendar
    for w in wishes:
        sv = cm.student_vars[w.student]
        lo, hi = cal.span_indices(w.start, w.end)
        for u in cm.grid.units_touching(lo, hi):
            if w.place == "off":
                cm.model.add(sv.on[u] == 0).only_enforce_if(lit)
            else:
                cm.model.add(sv.on[u] == 1).only_enforce_if(lit)
                cm.model.add(sv.ab[u] == int(w.place == "abroad")).only_enforce_if(lit)
    return lit


def ask(scenario: Scenario, wishes: list[Wish], time_limit: float = 30.0) -> AskResult:
    """Is there a compliant class calendar with ``wishes``? See the module docstring."""
    import time

    t0 = time.perf_counter()
    asked = {w.student for w in wishes}
    # students are independent without class rules: only the asked ones matter
    sub = scenario if _class_rules(scenario) else scenario.with_students(
        [s for s in scenario.students if s.id in asked])
    cm, assumables = _conflict_model(sub)
    lit = _wish_literal(cm, wishes)
    wish = _Assumable(lit, Member("wish", "wish", "; ".join(w.text for w in wishes), sorted(asked),
                                  "; ".join(w.part for w in wishes)))
    result = AskResult(wishes, "unknown")
    code, solver = _solve(cm, [*assumables, wish], time_limit)
    if code == cp_model.INFEASIBLE:
        search = Search()
        first, alone = _solve(cm, assumables, time_limit)
        if first == cp_model.INFEASIBLE:
            status, kept = conflict_of(cm, assumables, alone, time_limit, search)
            result.status = "class-infeasible" if status in ("infeasible", "unproven") \
                else "unknown"
        elif first in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            status, kept = conflict_of(cm, [*assumables, wish], solver, time_limit, search)
            if status == "infeasible" and all(a is not wish for a in kept):
                # (cannot be, since the rest is feasible without it: checked anyway)
                status = "unknown"
            result.status = "impossible" if status in ("infeasible", "unproven") else "unknown"
        else:
            kept = []
        if result.status != "unknown":
            result.conflict = [a.member for a in kept]
    elif code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        result.status = "possible"
        if not (all(w.place != "off" for w in wishes) and _by_repair(sub, wishes, time_limit,
                                                                      result)):
            _closest(cm, sub, [*assumables, wish], time_limit, result)
    result.solve_time = time.perf_counter() - t0
    return result


def _clip(periods: list[Period], start: dt.date, end: dt.date) -> list[Period]:
    """``periods`` without the dates ``start``..``end`` (a period across them is cut in
    two; locked periods are kept as they are)."""
    one = dt.timedelta(days=1)
    out = []
    for p in periods:
        if p.locked or p.end < start or p.start > end:
            out.append(p)
            continue
        if p.start < start:
            out.append(dataclasses.replace(p, end=start - one))
        if p.end > end:
            out.append(dataclasses.replace(p, start=end + one))
    return out


def _by_repair(scenario: Scenario, wishes: list[Wish], time_limit: float,
               result: AskResult) -> bool:
    """The wish as a signed (locked) period, the student's other periods cut around it,
    and repair for the rest: the fewest changed days with repair's taste, in words.
    False when that does not give a compliant calendar (the caller solves directly)."""
    from solver.jobs.repair import repair

    cal = scenario.calendar
    by_id = {s.id: s for s in scenario.students}
    asked = {w.student for w in wishes}
    students = []
    for s in scenario.students:
        periods = list(s.periods)
        for w in (w for w in wishes if w.student == s.id):
            periods = _clip(periods, w.start, w.end)
            periods.append(Period(w.start, w.end, w.place, None, True, "--ask"))
        students.append(dataclasses.replace(s, periods=sorted(
            periods, key=lambda p: (p.start, p.end))) if s.id in asked else s)
    trial = scenario.with_students(students)
    rep = repair(trial, time_limit=time_limit, explain_conflict=False)
    if not rep.ok:
        return False
    total = 0
    for s in rep.scenario.students:
        old = status_of(scenario.student_plan(by_id[s.id]), cal.n)
        new = status_of(rep.scenario.student_plan(s), cal.n)
        changed = sum(a != b for a, b in zip(old, new, strict=True))
        if not changed:
            continue
        total += changed
        periods, edits = diff_periods(by_id[s.id], old, new, cal)
        result.periods[s.id] = [dataclasses.replace(p, locked=False, label=None)
                                if p.label == "--ask" else p for p in periods]
        result.edits[s.id] = edits
    result.changed_days = total
    result.optimal = rep.status in ("optimal", "unchanged")
    return True


def _closest(cm: ClassModel, scenario: Scenario, assumed: list[_Assumable],
             time_limit: float, result: AskResult) -> None:
    """The compliant calendar with the wish closest to the current plans."""
    cal = scenario.calendar
    model = cm.model
    model.clear_assumptions()
    for a in assumed:
        model.add(a.literal == 1)
    olds = {s.id: status_of(scenario.student_plan(s), cal.n) for s in scenario.students}
    cost: list[Any] = []
    for s in scenario.students:
        sv = cm.student_vars[s.id]
        fr = []
        for u, (on, ab) in enumerate(zip(sv.on, sv.ab, strict=True)):
            x = model.new_bool_var(f"fr[{s.id}][{u}]")
            model.add(x == on - ab)
            fr.append(x)
        cost.extend(change_literals(cm, s.id, olds[s.id], fr))
        for u in range(len(sv.on)):
            model.add_hint(sv.on[u], olds[s.id][u] != 0)
            model.add_hint(sv.ab[u], olds[s.id][u] == 2)
    model.minimize(sum(cost))
    solver = exact_solver(time_limit)
    code = solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return
    result.optimal = code == cp_model.OPTIMAL
    result.changed_days = round(solver.objective_value)
    for s in scenario.students:
        new = cm.day_status(solver, s.id)
        if new == olds[s.id]:
            continue
        periods, edits = diff_periods(s, olds[s.id], new, cal)
        result.periods[s.id] = periods
        result.edits[s.id] = edits
