"""An independent third checker: the rules re-encoded as small python-constraint CSPs.

The plain checker (each rule's ``check``) and CP-SAT (each rule's ``compile``) share
the plan normalisation and the window resolution of ``solver.rules``. This module
shares neither: it rebuilds each student's day statuses from the raw periods, resolves
windows (years, dates, last teaching weeks, month-days) itself from the raw calendar
(working days, school-holiday spans, year-2 start, the summer span), and states every
rule kind from the contract's definitions as a constraint satisfaction problem over
witness variables: "there is a start day ``s`` such that the ``5N`` days from ``s`` are
placement days" (consecutive_block), "the weekly counts sum to at least ``5·min``"
(total_weeks, a sum constraint over one variable per calendar week), "there is a day
placed outside the windows" (window: the rule holds when that CSP has no solution),
and so on. The rule objects are only read for their parameters (data), never asked to
check or compile. Tests and ``benchmarks/verify_throughput.py`` compare its verdicts
with the two other engines.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import constraint

from solver.core.model import FRANCE_CODES

if TYPE_CHECKING:
    from solver.core.calendar import SchoolCalendar
    from solver.core.model import Scenario, Student
    from solver.rules.base import Rule

OFF, FRANCE, ABROAD = 0, 1, 2
ONE_DAY = dt.timedelta(days=1)
Verdicts = set[tuple[str, str | None]]


# ---- calendar facts, rebuilt from the raw calendar ------------------------------------

@dataclass
class CalendarFacts:
    """Working days of the training, per-day facts and calendar weeks, from raw data."""

    cal: SchoolCalendar
    days: list[dt.date]
    index: dict[dt.date, int]
    holiday: list[bool]
    year: list[int]
    weeks: list[list[int]]          # day indices of each Monday-Sunday week, in order
    mondays: list[dt.date]
    rules: Sequence[Any] = ()       # the scenario's rules, for the kinds that read others
    # a class in progress: the first working day on or after --from (0: none), and the
    # days each student's file gave when the plan is a job's answer (lead_time)
    from_day: int = 0
    given: Mapping[str, set[int]] | None = None

    @classmethod
    def build(cls, cal: SchoolCalendar) -> CalendarFacts:
        days: list[dt.date] = []
        d = cal.start
        while d <= cal.end:
            if d.weekday() < 5:
                days.append(d)
            d += ONE_DAY
        index = {day: i for i, day in enumerate(days)}
        holiday = [any(h.start <= day <= h.end for h in cal.holidays) for day in days]
        year = [1 if day < cal.year2_start else 2 for day in days]
        weeks: list[list[int]] = []
        mondays: list[dt.date] = []
        for i, day in enumerate(days):
            monday = day - dt.timedelta(days=day.weekday())
            if not mondays or mondays[-1] != monday:
                mondays.append(monday)
                weeks.append([])
            weeks[-1].append(i)
        return cls(cal, days, index, holiday, year, weeks, mondays)

    def indices(self, lo: dt.date, hi: dt.date) -> range:
        """Working-day indices of the training inside [lo, hi]."""
        i = bisect.bisect_left(self.days, lo)
        return range(i, max(i, bisect.bisect_right(self.days, hi)))

    def year_bounds(self, year: int) -> tuple[dt.date, dt.date]:
        if year == 1:
            return self.cal.start, self.cal.year2_start - ONE_DAY
        return self.cal.year2_start, self.cal.end

    def teaching_weeks(self, year: int | None) -> list[list[int]]:
        """Weeks with a working day that is not a school holiday (of a year, if given)."""
        out = []
        for week in self.weeks:
            if all(self.holiday[i] for i in week):
                continue
            if year == 1 and self.year[week[0]] != 1:
                continue
            if year == 2 and self.year[week[-1]] != 2:
                continue
            out.append(week)
        return out


_FACTS: dict[int, CalendarFacts] = {}


def facts_of(cal: SchoolCalendar) -> CalendarFacts:
    found = _FACTS.get(id(cal))
    if found is None or found.cal is not cal:
        found = CalendarFacts.build(cal)
        _FACTS[id(cal)] = found
    return found


def _next_month_day(day: dt.date, md: tuple[int, int]) -> dt.date | None:
    for y in (day.year, day.year + 1):
        try:
            cand = dt.date(y, *md)
        except ValueError:
            continue
        if cand >= day:
            return cand
    return None


def window_days(facts: CalendarFacts, window: Any, year: int | None) -> set[int]:
    """Day indices of one window (see ``solver.rules.windows`` for the data it holds)."""
    w_year = window.year if window.year is not None else year
    if year is not None and window.year is not None and window.year != year:
        return set()
    lo, hi = facts.cal.start, facts.cal.end
    if w_year is not None:
        lo, hi = facts.year_bounds(w_year)
    if window.start is not None:
        lo = max(lo, window.start)
    if window.end is not None:
        hi = min(hi, window.end)
    if window.last_teaching_weeks is not None:
        # the contract's teaching time in days: the last 5·N working days outside the
        # school holidays, widened back to their first day's Monday over taught days
        taught = [i for i, day in enumerate(facts.days)
                  if lo <= day <= hi and not facts.holiday[i]]
        if not taught:
            return set()
        chosen = taught[-5 * window.last_teaching_weeks:]
        k = chosen[0]
        monday = facts.days[k] - dt.timedelta(days=facts.days[k].weekday())
        while k > 0 and not facts.holiday[k - 1] and max(lo, monday) <= facts.days[k - 1]:
            k -= 1
        lo, hi = facts.days[k], facts.days[chosen[-1]]
    if window.month_day_from is not None and window.month_day_to is not None:
        first = _next_month_day(lo, window.month_day_from)
        if first is None:
            return set()
        last = _next_month_day(first, window.month_day_to)
        if last is None:
            return set()
        lo, hi = max(lo, first), min(hi, last)
    summer = facts.cal.summer
    if window.summer_weeks is not None and summer is not None:
        # up to the last day of the summer holidays' Nth week (counted from their start)
        hi = min(hi, summer.start + dt.timedelta(weeks=window.summer_weeks, days=-1))
    return set(facts.indices(lo, hi)) if lo <= hi else set()


def region_days(facts: CalendarFacts, windows: Sequence[Any] | None,
                year: int | None) -> set[int] | None:
    """Union of the windows' days (a year alone is a window); None: the whole training."""
    if windows is None and year is None:
        return None
    if windows is None:
        lo, hi = facts.year_bounds(year or 1)
        return set(facts.indices(lo, hi))
    out: set[int] = set()
    for w in windows:
        out |= window_days(facts, w, year)
    return out


# ---- one student's days, rebuilt from the raw periods ----------------------------------

@dataclass
class Days:
    status: list[int]   # OFF / FRANCE / ABROAD per working day of the training
    student: Student


def student_days(facts: CalendarFacts, student: Student) -> Days:
    status = [OFF] * len(facts.days)
    for p in student.periods:
        # France and its overseas territories are not abroad, whatever 'place' says
        value = ABROAD if p.place == "abroad" and p.country not in FRANCE_CODES else FRANCE
        for i in facts.indices(p.start, p.end):
            if value > status[i]:
                status[i] = value
    return Days(status, student)


def _working_days(lo: dt.date, hi: dt.date) -> list[dt.date]:
    out = []
    d = lo
    while d <= hi:
        if d.weekday() < 5:
            out.append(d)
        d += ONE_DAY
    return out


# ---- the CSPs ----------------------------------------------------------------------------

def _solvable(variables: Mapping[str, Sequence[Any]],
              constraints: list[tuple[Any, list[str]]]) -> bool:
    """Whether the CSP has a solution (an empty domain means: none)."""
    if any(len(dom) == 0 for dom in variables.values()):
        return False
    problem = constraint.Problem()
    for name, dom in variables.items():
        problem.addVariable(name, list(dom))
    for con, names in constraints:
        problem.addConstraint(con, names)
    return problem.getSolution() is not None


def _weekly_sum_holds(counts: list[int], lo: int, hi: int | None) -> bool:
    """CSP: one variable per calendar week (its count), sum within [lo, hi]."""
    names = [f"w{k}" for k in range(len(counts))]
    if not names:
        return lo <= 0
    variables = {n: [c] for n, c in zip(names, counts, strict=True)}
    # two CSPs: python-constraint2 2.9 fails (min() of an empty sequence) when a
    # MinSumConstraint and a MaxSumConstraint share variables whose domains it empties
    if not _solvable(variables, [(constraint.MinSumConstraint(lo), names)]):
        return False
    return hi is None or _solvable(variables, [(constraint.MaxSumConstraint(hi), names)])


def _need(abroad: bool) -> int:
    return ABROAD if abroad else FRANCE


def total_weeks_ok(facts: CalendarFacts, rule: Any, days: Days) -> bool:
    reg = region_days(facts, rule.within, rule.year)
    need = _need(rule.abroad)
    counts = [sum(1 for i in week if days.status[i] >= need and (reg is None or i in reg))
              for week in facts.weeks]
    hi = None if rule.max is None else round(rule.max * 5)
    return _weekly_sum_holds(counts, round(rule.min * 5), hi)


def consecutive_block_ok(facts: CalendarFacts, rule: Any, days: Days) -> bool:
    if rule.year == 1 and days.student.entry_year == 2:
        return True   # a student positioned in year 2 had no year 1
    reg = region_days(facts, rule.within, rule.year)
    need = _need(rule.abroad)
    length = round(rule.weeks * 5)
    n = len(facts.days)
    status = days.status

    def run_from(s: int) -> bool:
        return all(status[i] >= need and (reg is None or i in reg) for i in range(s, s + length))

    starts = [s for s in range(n - length + 1) if status[s] >= need]
    return _solvable({"s": starts}, [(constraint.FunctionConstraint(run_from), ["s"])])


def summer_rest_ok(facts: CalendarFacts, rule: Any, days: Days) -> bool:
    summer = facts.cal.summer
    if summer is None:
        return False
    whole = [k for k, monday in enumerate(facts.mondays)
             if monday >= summer.start and monday + dt.timedelta(days=6) <= summer.end]
    n_weeks = rule.weeks
    if len(whole) < n_weeks:
        return False

    def free_from(k: int) -> bool:
        return all(days.status[i] == OFF for w in whole[k:k + n_weeks] for i in facts.weeks[w])

    return _solvable({"k": range(len(whole) - n_weeks + 1)},
                     [(constraint.FunctionConstraint(free_from), ["k"])])


def holiday_cap_ok(facts: CalendarFacts, rule: Any, days: Days) -> bool:
    counts = [sum(1 for i in week if days.status[i] > OFF and facts.holiday[i])
              for week in facts.weeks]
    return _weekly_sum_holds(counts, 0, round(rule.max * 5))


def window_ok(facts: CalendarFacts, rule: Any, days: Days) -> bool:
    reg = region_days(facts, rule.windows, None) or set()
    need = _need(rule.abroad)
    placed = [i for i, s in enumerate(days.status) if s >= need]
    outside = constraint.FunctionConstraint(lambda d: d not in reg)
    return not _solvable({"d": placed}, [(outside, ["d"])])


def within_training_ok(facts: CalendarFacts, rule: Any, days: Days) -> bool:
    periods = days.student.periods
    start, end = facts.cal.start, facts.cal.end

    def outside(i: int) -> bool:
        p = periods[i]
        return any(d < start or d > end for d in _working_days(p.start, p.end))

    def overlap(i: int, j: int) -> bool:
        a, b = periods[i], periods[j]
        lo, hi = max(a.start, b.start, start), min(a.end, b.end, end)
        return i < j and any(True for _ in _working_days(lo, hi))

    idx = range(len(periods))
    if _solvable({"i": idx}, [(constraint.FunctionConstraint(outside), ["i"])]):
        return False
    return not _solvable({"i": idx, "j": idx},
                         [(constraint.FunctionConstraint(overlap), ["i", "j"])])


def _runs(status: list[int], need: int) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i, st in enumerate(status):
        if st >= need:
            if runs and runs[-1][1] == i - 1:
                runs[-1] = (runs[-1][0], i)
            else:
                runs.append((i, i))
    return runs


def preference_ok(facts: CalendarFacts, rule: Any, days: Days) -> bool:
    periods = days.student.periods
    allowed: set[int] | None = None
    if rule.block_only:   # only the longest abroad run(s); one clean block is enough
        runs = _runs(days.status, ABROAD)
        if not runs:
            return True
        length = max(b - a + 1 for a, b in runs)
        blocks = [set(range(a, b + 1)) for a, b in runs if b - a + 1 == length]
        for block in blocks:
            hit = any(p.place == "abroad" and p.country in rule.avoid_countries
                      and block.intersection(facts.indices(p.start, p.end)) for p in periods)
            if not hit:
                return True
        allowed = blocks[0]

    def avoided(i: int) -> bool:
        p = periods[i]
        inside = facts.indices(p.start, p.end)
        if allowed is not None:
            return (p.place == "abroad" and p.country in rule.avoid_countries
                    and bool(allowed.intersection(inside)))
        return (p.place == "abroad" and p.country in rule.avoid_countries
                and len(inside) > 0)

    return not _solvable({"i": range(len(periods))},
                         [(constraint.FunctionConstraint(avoided), ["i"])])


def continuous_presence_ok(facts: CalendarFacts, rule: Any, days: Days) -> bool:
    runs = _runs(days.status, FRANCE)
    cal = facts.cal

    def bounds(i: int) -> bool:
        """Outside the training, a public holiday, a school-holiday day or a blocked date."""
        if not 0 <= i < len(facts.days):
            return True
        day = facts.days[i]
        return (facts.holiday[i] or day in cal.public
                or any(b.start <= day <= b.end for b in cal.blocked))

    def short(k: int) -> bool:
        a, b = runs[k]
        return b - a + 1 < rule.min_days and not bounds(a - 1) and not bounds(b + 1)

    return not _solvable({"k": range(len(runs))},
                         [(constraint.FunctionConstraint(short), ["k"])])


def employment_evidence_ok(facts: CalendarFacts, rule: Any, days: Days) -> bool:
    if _evidence_ok(rule, days):
        return True
    if rule.or_route is None:
        return False
    # « peut être remplacé »: the placements may meet the rules of or_route instead
    as_route = Days(days.status, dataclasses.replace(days.student, route=rule.or_route,
                                                     status=None))
    return all(STUDENT_KINDS[alt.kind](facts, alt, as_route)
               for alt in rule.alternatives_for(days.student))


def _evidence_ok(rule: Any, days: Days) -> bool:
    emp = days.student.employment
    if emp is None:
        return False
    bases: list[tuple[int, int | None, bool]] = []
    if rule.full_time_months is not None:
        bases.append((rule.full_time_months, rule.full_time_within, True))
    if rule.part_time_months is not None:
        bases.append((rule.part_time_months, rule.part_time_within, False))
    if not bases:
        bases.append((1, None, False))   # any certificate of at least a month

    def shows(basis: tuple[int, int | None, bool]) -> bool:
        months, within, full = basis
        return (emp.months >= max(months, 1) and (emp.full_time or not full)
                and (within is None or emp.within_months <= within))

    return _solvable({"basis": bases}, [(constraint.FunctionConstraint(shows), ["basis"])])


# ---- school-policy shape kinds (the contract of rules/shape.py, from its docstrings) ----

def _locked(facts: CalendarFacts, days: Days) -> set[int]:
    return {i for p in days.student.periods if p.locked for i in facts.indices(p.start, p.end)}


def _placed_in(facts: CalendarFacts, days: Days, lo: int, hi: int) -> bool:
    """CSP: a placement day in [lo, hi] that no lock forces."""
    locked = _locked(facts, days)
    hit = constraint.FunctionConstraint(lambda d: days.status[d] > OFF and d not in locked)
    return _solvable({"d": range(max(lo, 0), min(hi, len(facts.days) - 1) + 1)},
                     [(hit, ["d"])])


def first_weeks_free_ok(facts: CalendarFacts, rule: Any, days: Days) -> bool:
    teaching = facts.teaching_weeks(None)
    if rule.weeks == 0 or not teaching:
        return True
    last = teaching[min(rule.weeks, len(teaching)) - 1][-1]
    return not _placed_in(facts, days, 0, last)


def before_final_exams_ok(facts: CalendarFacts, rule: Any, days: Days) -> bool:
    finals = [b.start for b in facts.cal.blocked if b.final]
    if not finals:
        return True
    first = bisect.bisect_left(facts.days, min(finals))
    return not _placed_in(facts, days, first, len(facts.days) - 1)


def _blocked_days(facts: CalendarFacts) -> set[int]:
    return {i for b in facts.cal.blocked for i in facts.indices(b.start, b.end)}


def whole_weeks_ok(facts: CalendarFacts, rule: Any, days: Days) -> bool:
    locked, blocked = _locked(facts, days), _blocked_days(facts)
    parts: list[list[int]] = []
    for week in facts.weeks:
        part: list[int] = []
        for i in week:
            free = i not in locked and i not in blocked
            if part and (not free or facts.holiday[i] != facts.holiday[part[-1]]):
                parts.append(part)
                part = []
            if free:
                part.append(i)
        parts.append(part)

    def mixed(k: int) -> bool:
        on = [days.status[i] > OFF for i in parts[k]]
        return any(on) and not all(on)

    return not _solvable({"k": range(len(parts))},
                         [(constraint.FunctionConstraint(mixed), ["k"])])


def _place_runs(status: list[int], same_place: bool) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for i, s in enumerate(status):
        if s == OFF:
            continue
        if out and out[-1][1] == i - 1 and (not same_place or status[i - 1] == s):
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


def min_run_ok(facts: CalendarFacts, rule: Any, days: Days) -> bool:
    need = round(rule.weeks * 5)
    locked, n = _locked(facts, days), len(facts.days)
    barrier = [i in _blocked_days(facts) for i in range(n)]
    for other in facts.rules:   # the student's windows (texts' rules) bound a stretch too
        if other.kind == "window" and other.severity == "error" and not other.abroad \
                and applies(other, days.student):
            inside = region_days(facts, other.windows, None) or set()
            barrier = [b or i not in inside for i, b in enumerate(barrier)]

    def stretch(i: int) -> int:
        if barrier[i]:
            return 0
        lo = hi = i
        while lo > 0 and not barrier[lo - 1]:
            lo -= 1
        while hi + 1 < n and not barrier[hi + 1]:
            hi += 1
        return hi - lo + 1

    # stints: runs of one place with no locked day (a change of place or a lock ends one)
    unlocked = [OFF if i in locked else s for i, s in enumerate(days.status)]
    runs = _place_runs(unlocked, same_place=True)

    def short(k: int) -> bool:
        a, b = runs[k]
        return b - a + 1 < need and stretch(a) >= need

    return not _solvable({"k": range(len(runs))},
                         [(constraint.FunctionConstraint(short), ["k"])])


def max_runs_ok(facts: CalendarFacts, rule: Any, days: Days) -> bool:
    locked = _locked(facts, days)
    fixed = [OFF] * len(facts.days)
    for p in days.student.periods:
        if p.locked:
            for i in facts.indices(p.start, p.end):
                fixed[i] = max(fixed[i], ABROAD if p.place == "abroad"
                               and p.country not in FRANCE_CODES else FRANCE)
    limit = max(rule.max, len(_place_runs(fixed, same_place=True))) if locked else rule.max
    count = len(_place_runs(days.status, same_place=True))
    return _solvable({"c": [count]}, [(constraint.FunctionConstraint(lambda c: c <= limit),
                                       ["c"])])


def lead_time_ok(facts: CalendarFacts, rule: Any, days: Days) -> bool:
    """CSP: a placement day the file did not give, from --from to the end of the
    ``weeks``-th week after the week of --from."""
    start = facts.from_day
    if facts.given is None or start <= 0 or rule.weeks <= 0 or start >= len(facts.days):
        return True
    first = next(k for k, week in enumerate(facts.weeks) if start in week)
    zone = [i for week in facts.weeks[first:first + rule.weeks + 1] for i in week
            if i >= start]
    given = facts.given.get(days.student.id, set())
    hit = constraint.FunctionConstraint(lambda d: days.status[d] > OFF and d not in given)
    return not _solvable({"d": zone}, [(hit, ["d"])])


def both_years_ok(facts: CalendarFacts, rule: Any, days: Days) -> bool:
    need = round(rule.weeks * 5)

    blocked = _blocked_days(facts)

    def thin(year: int) -> bool:
        lo, hi = facts.year_bounds(year)
        room = sum(1 for i in facts.indices(lo, hi) if i not in blocked)
        return room >= need and \
            sum(1 for i in facts.indices(lo, hi) if days.status[i] > OFF) < need

    years = [2] if days.student.entry_year == 2 else [1, 2]
    return not _solvable({"y": years}, [(constraint.FunctionConstraint(thin), ["y"])])


StudentCheck = Callable[[CalendarFacts, Any, Days], bool]
STUDENT_KINDS: dict[str, StudentCheck] = {
    "first_weeks_free": first_weeks_free_ok,
    "lead_time": lead_time_ok,
    "before_final_exams": before_final_exams_ok,
    "whole_weeks": whole_weeks_ok,
    "min_run": min_run_ok,
    "both_years": both_years_ok,
    "max_runs": max_runs_ok,
    "total_weeks": total_weeks_ok,
    "consecutive_block": consecutive_block_ok,
    "summer_rest": summer_rest_ok,
    "holiday_cap": holiday_cap_ok,
    "window": window_ok,
    "within_training": within_training_ok,
    "preference": preference_ok,
    "employment_evidence": employment_evidence_ok,
    "continuous_presence": continuous_presence_ok,
}


def blocked_broken(facts: CalendarFacts, rule: Any, days: Days) -> bool:
    spans = rule.dates if rule.dates is not None else facts.cal.blocked
    for span in spans:
        hit = constraint.FunctionConstraint(lambda d: days.status[d] > OFF)
        if _solvable({"d": facts.indices(span.start, span.end)}, [(hit, ["d"])]):
            return True
    return False


def unavailable_broken(facts: CalendarFacts, days: Days) -> bool:
    for span in days.student.unavailable:
        hit = constraint.FunctionConstraint(lambda d: days.status[d] > OFF)
        if _solvable({"d": facts.indices(span.start, span.end)}, [(hit, ["d"])]):
            return True
    return False


# ---- class-level kinds ---------------------------------------------------------------

def same_for_cohort_broken(facts: CalendarFacts, rule: Any,
                           members: list[Days]) -> list[str]:
    if len(members) < 2:
        return []
    patterns = [tuple(i for i, s in enumerate(m.status) if s > OFF and i >= facts.from_day)
                for m in members]
    followers = [sum(1 for q in patterns if q == p) for p in patterns]
    best = max(followers)
    problem = constraint.Problem()
    problem.addVariable("ref", list(range(len(members))))
    problem.addConstraint(lambda r: followers[r] == best, ["ref"])
    ref = min(sol["ref"] for sol in problem.getSolutions())   # the first listed wins ties
    return [m.student.id for m, p in zip(members, patterns, strict=True) if p != patterns[ref]]


def weekly_cap_broken(facts: CalendarFacts, rule: Any, members: list[Days],
                      abroad: bool) -> bool:
    need = _need(abroad)

    def over(k: int) -> bool:
        week = facts.weeks[k]
        return sum(1 for m in members if any(m.status[i] >= need for i in week
                                             if i >= facts.from_day)) > rule.max

    return _solvable({"k": range(len(facts.weeks))}, [(constraint.FunctionConstraint(over),
                                                       ["k"])])


def applies(rule: Rule, student: Student) -> bool:
    route = (student.status or "initial") if student.route == "distance" else student.route
    if rule.routes is not None and route not in rule.routes:
        return False
    return rule.adjustments is None or student.adjustment in rule.adjustments


def check_csp(scenario: Scenario, given: Scenario | None = None) -> Verdicts:
    """(rule id, student id or None for the class) of every rule instance broken.
    A class in progress (``scenario.from_date``) counts class rules from --from on;
    ``given``: the class a job started from, when ``scenario`` is its answer."""
    facts = facts_of(scenario.calendar)
    facts.rules = scenario.rules
    start = scenario.from_date
    facts.from_day = bisect.bisect_left(facts.days, start) if start is not None else 0
    facts.given = None if given is None else {
        s.id: {i for i, v in enumerate(student_days(facts, s).status) if v > OFF}
        for s in given.students}
    all_days = {s.id: student_days(facts, s) for s in scenario.students}
    broken: Verdicts = set()
    for rule in scenario.rules:
        members = [all_days[s.id] for s in scenario.students if applies(rule, s)]
        kind = rule.kind
        if kind == "same_for_cohort":
            broken.update((rule.id, sid) for sid in same_for_cohort_broken(facts, rule, members))
        elif kind in ("max_abroad_per_week", "max_on_placement_per_week"):
            if weekly_cap_broken(facts, rule, members, kind == "max_abroad_per_week"):
                broken.add((rule.id, None))
        elif kind == "blocked":
            broken.update((rule.id, d.student.id) for d in members
                          if blocked_broken(facts, rule, d))
        elif kind == "unavailable":
            broken.update((rule.id, d.student.id) for d in members
                          if unavailable_broken(facts, d))
        else:
            ok = STUDENT_KINDS[kind]
            broken.update((rule.id, d.student.id) for d in members if not ok(facts, rule, d))
    return broken


KNOWN_KINDS = frozenset(STUDENT_KINDS) | {"same_for_cohort", "max_abroad_per_week",
                                          "max_on_placement_per_week", "blocked",
                                          "unavailable"}
