"""The plain checker's and the fixed-plan CP-SAT check's shortcuts mean what the direct
computations mean.

The fast paths (list-free clipped totals and runs, the one-pass merge, normalisation by
ordinals, members sorted once per (route, adjustment), each kind's ``checker`` closure,
capacity counted from the runs, the summer skip, and CP-SAT on the plan's own runs
instead of one unit a day) are each compared with a plain, obviously right version of
the same computation on random inputs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from conftest import calendar_of, make_scenario, per, stu
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from solver.core.calendar import SchoolCalendar
from solver.core.model import Scenario
from solver.core.plan import (
    Interval,
    clip,
    clip_all,
    longest,
    longest_in,
    merge,
    normalise,
    total,
    total_in,
    working_days_between,
)
from solver.jobs.verify import check_cpsat, check_plain
from solver.rules.base import Cohort, Rule
from solver.rules.capacity import MaxAbroadPerWeek, MaxOnPlacementPerWeek
from solver.rules.summer_rest import SummerRest, busy_weeks

START = dt.date(2025, 9, 1)
END = dt.date(2027, 6, 30)
FAST = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])

ivs = st.lists(st.tuples(st.integers(-3, 60), st.integers(-3, 60)), max_size=6)


def _laid_out(steps: list[tuple[int, int]]) -> list[Interval]:
    """Sorted, disjoint, non-touching runs from (gap, length) steps: ties in length and
    runs cut by a region's edges are common, as in real plans."""
    out: list[Interval] = []
    day = -2
    for gap, length in steps:
        lo = day + gap + 1
        out.append((lo, lo + length - 1))
        day = lo + length - 1 + 1
    return out


sorted_runs = st.one_of(
    ivs.map(lambda xs: merge([(a, b) if a <= b else (b, a) for a, b in xs])),
    st.lists(st.tuples(st.integers(0, 4), st.integers(1, 4)), max_size=6).map(_laid_out))


def days_of(intervals: list[Interval]) -> set[int]:
    return {d for a, b in intervals for d in range(a, b + 1)}


def runs_of(days: set[int]) -> list[Interval]:
    """Maximal runs of consecutive integers, in order: the meaning of a merged list."""
    out: list[Interval] = []
    for d in sorted(days):
        if out and out[-1][1] + 1 == d:
            out[-1] = (out[-1][0], d)
        else:
            out.append((d, d))
    return out


# ---- interval helpers -------------------------------------------------------------------

@FAST
@given(ivs)
def test_merge_is_the_union_as_runs(intervals: list[Interval]) -> None:
    assert merge(intervals) == runs_of(days_of(intervals))


@FAST
@given(sorted_runs, sorted_runs)
@example([(0, 2), (5, 7)], [(0, 60)])   # a tie: the first longest run wins
@example([(0, 9)], [(2, 3), (5, 8)])
def test_list_free_helpers_equal_clip_all(runs: list[Interval], reg: list[Interval]) -> None:
    clipped = [iv for lo, hi in reg for iv in clip(runs, lo, hi)]
    assert clip_all(runs, reg) == clipped
    assert total_in(runs, reg) == total(clipped) == len(days_of(runs) & days_of(reg))
    assert longest_in(runs, reg) == longest(clipped)


# ---- normalisation ----------------------------------------------------------------------

@st.composite
def raw_periods(draw: st.DrawFn) -> list[tuple[dt.date, dt.date, bool, str | None]]:
    out = []
    for _ in range(draw(st.integers(0, 5))):
        start = START + dt.timedelta(days=draw(st.integers(-20, (END - START).days + 10)))
        end = start + dt.timedelta(days=draw(st.integers(0, 80)))
        abroad = draw(st.booleans())
        out.append((start, end, abroad, draw(st.sampled_from(["DE", "BE", None]))))
    return out


CAL = make_scenario([]).calendar


@FAST
@given(raw_periods())
def test_normalise_equals_day_by_day(periods: list[tuple[dt.date, dt.date, bool,
                                                        str | None]]) -> None:
    plan = normalise(periods, CAL)
    index = {d: i for i, d in enumerate(CAL.days)}
    claimed: list[set[int]] = [{index[d] for d in index if s <= d <= e}
                               for s, e, _, _ in periods]
    assert plan.on == runs_of(set().union(*claimed))
    assert plan.abroad == runs_of(set().union(*(c for c, p in zip(claimed, periods,
                                                                   strict=True) if p[2])))
    outside = [working_days_between(s, e) - len(c)
               for (s, e, _, _), c in zip(periods, claimed, strict=True)]
    assert plan.outside_days == sum(outside)
    assert plan.outside_periods == [i for i, k in enumerate(outside) if k > 0]
    pairs = [(i, j) for i in range(len(periods)) for j in range(i + 1, len(periods))
             if claimed[i] & claimed[j]]
    assert plan.overlap_pairs == pairs[:1]
    assert plan.overlap_days == sum(1 for d in index.values()
                                    if sum(d in c for c in claimed) >= 2)
    assert plan.country_runs == [(min(c), max(c), p[3]) for c, p in zip(claimed, periods,
                                                                         strict=True)
                                 if c and p[2] and p[3]]


# ---- members, checkers, class rules --------------------------------------------------------

ROUTES = ["initial", "apprentice", "continuing", "continuing-improvement", "distance",
          "experience"]
ADJUSTMENTS = ["none", "reduced", "exempt-one-unit", "exempt"]


@st.composite
def mixed_class(draw: st.DrawFn) -> Scenario:
    students = []
    for k in range(draw(st.integers(0, 12))):
        route = draw(st.sampled_from(ROUTES))
        extra: dict[str, Any] = {"route": route,
                                 "adjustment": draw(st.sampled_from(ADJUSTMENTS))}
        if route == "distance":
            extra["status"] = draw(st.sampled_from(["initial", "apprentice"]))
        periods = []
        for _ in range(draw(st.integers(0, 3))):
            place = draw(st.sampled_from(["france", "abroad"]))
            if draw(st.booleans()):
                monday = START + dt.timedelta(days=7 * draw(st.integers(0, 95)))
                periods.append(per(monday.isoformat(), weeks=draw(st.integers(1, 9)),
                                   place=place))
            else:   # a few days, anywhere: two runs of a student can share a week
                first = START + dt.timedelta(days=draw(st.integers(0, 660)))
                last = first + dt.timedelta(days=draw(st.integers(0, 12)))
                periods.append(per(first.isoformat(), last.isoformat(), place=place))
        students.append(stu(f"S{k}", *periods, **extra))
    cap = draw(st.integers(0, 3))
    return make_scenario(students, "bts-ci", calendar_of(), [
        {"id": "cap-abroad", "kind": "max_abroad_per_week", "max": cap},
        {"id": "cap-on", "kind": "max_on_placement_per_week", "max": cap,
         "applies_to": {"routes": ["initial", "apprentice"]}}])


@FAST
@given(mixed_class())
def test_members_are_the_students_a_rule_applies_to(sc: Scenario) -> None:
    cohort = Cohort(sc, sc.calendar, sc.plans())
    for rule in sc.rules:
        expected = [s.id for s in sc.students if rule.applies(s)]
        assert [s.id for s, _ in cohort.members(rule.routes, rule.adjustments)] == expected
        for student, plan in cohort.members(rule.routes, rule.adjustments):
            assert plan is cohort.plans[student.id]


@FAST
@given(mixed_class())
def test_checker_and_check_student_agree(sc: Scenario) -> None:
    plans = sc.plans()
    for rule in sc.rules:
        if type(rule).check is not Rule.check:   # kinds with their own class-wide check
            continue
        bound = rule.checker(sc.calendar)
        for s in sc.students:
            assert bound(s, plans[s.id]) == rule.check_student(s, plans[s.id], sc.calendar)


def brute_weekly(rule: MaxAbroadPerWeek | MaxOnPlacementPerWeek, sc: Scenario,
                 ) -> list[tuple[dt.date, list[str]]]:
    """The week-by-week, student-by-student count the capacity check replaces."""
    plans = sc.plans()
    out = []
    for week in sc.calendar.weeks:
        if week.n_days == 0:
            continue
        who = [s.id for s in sc.students if rule.applies(s) and clip(
            plans[s.id].abroad if rule.abroad else plans[s.id].on, week.lo, week.hi)]
        if len(who) > rule.max:
            out.append((week.monday, who))
    return out


@FAST
@given(mixed_class())
def test_capacity_from_runs_equals_week_by_week(sc: Scenario) -> None:
    cohort = Cohort(sc, sc.calendar, sc.plans())
    for rule in sc.rules:
        if isinstance(rule, (MaxAbroadPerWeek, MaxOnPlacementPerWeek)):
            got = [(v.args["week"], v.args["students"].split(", ")) for v in rule.check(cohort)]
            assert got == brute_weekly(rule, sc)


def summer_verdict(runs: list[Interval], cal: SchoolCalendar, weeks: int) -> bool:
    """Whether ``weeks`` summer weeks in a row are free, straight from busy_weeks."""
    busy = busy_weeks(runs, cal)
    summer = cal.summer_weeks
    return any(not busy & set(summer[k:k + weeks]) for k in range(len(summer) - weeks + 1))


def test_summer_skip_only_when_no_summer_week_is_busy() -> None:
    sc = make_scenario([stu("S1")])
    cal, student = sc.calendar, sc.students[0]
    rule = next(r for r in sc.rules if r.kind == "summer_rest")
    assert isinstance(rule, SummerRest)
    check = rule.checker(cal)
    first = cal.weeks[cal.summer_weeks[0]].lo
    last = cal.weeks[cal.summer_weeks[-1]].hi
    # every run of 1 to 30 days that begins from three weeks before the summer to its end
    for lo in range(first - 15, last + 1):
        for length in range(1, 31):
            runs = [(lo, lo + length - 1)]
            plan = normalise([(cal.days[lo], cal.days[lo + length - 1], False, None)], cal)
            assert plan.on == runs
            assert (check(student, plan) == []) == summer_verdict(runs, cal, rule.weeks)


# ---- CP-SAT on the plan's runs -----------------------------------------------------------

@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(mixed_class())
def test_cpsat_on_plan_runs_equals_day_grid(sc: Scenario) -> None:
    sc.students = sc.students[:4]   # the day grid is slow: small classes
    plans = sc.plans()
    on_runs = check_cpsat(sc, plans, grid_mode="plan")
    assert on_runs == check_cpsat(sc, plans, grid_mode="day")
    assert on_runs == {(v.rule.id, v.student) for v in check_plain(sc, plans)}


def fresh_calendar() -> dict[str, Any]:
    return calendar_of(blocked=[{"from": "2026-05-11", "to": "2026-05-13"}])


def test_cpsat_cuts_a_run_at_the_edge_of_a_year() -> None:
    # 10 weeks abroad from 2026-07-06 run over the end of year 1 (2026-08-31): 8 of
    # them are in year 1, so year1-abroad holds. A unit for the whole run straddles the
    # edge of year 1 and would count none of it; the check must cut it there, even on a
    # calendar it has never seen.
    plan = [per("2026-07-06", weeks=10, place="abroad", country="DE"),
            per("2027-01-04", weeks=6)]
    sc = make_scenario([stu("S1", *plan)], calendar=fresh_calendar())
    broken = check_cpsat(sc)
    assert ("year1-abroad", "S1") not in broken
    assert broken == {(v.rule.id, v.student) for v in check_plain(sc)}
    # three weeks and a day in year 1 break it, on both engines
    late = [per("2026-08-10", weeks=8, place="abroad", country="DE"),
            per("2027-01-04", weeks=8)]
    sc = make_scenario([stu("S1", *late)], calendar=fresh_calendar())
    assert ("year1-abroad", "S1") in check_cpsat(sc)
    assert ("year1-abroad", "S1") in {(v.rule.id, v.student) for v in check_plain(sc)}


def test_cpsat_cuts_runs_at_the_edges_of_windows() -> None:
    # a school rule: at least 4 weeks (a block of 3) between 2026-03-16 and 2026-06-30;
    # runs that begin before the window or end after it count only their days inside
    policy = [{"id": "spring", "kind": "total_weeks", "min": 4,
               "within": {"from": "2026-03-16", "to": "2026-06-30"}},
              {"id": "spring-block", "kind": "consecutive_block", "weeks": 3,
               "within": {"from": "2026-03-16", "to": "2026-06-30"}}]
    for start, weeks, ok in (("2026-03-02", 6, True), ("2026-03-02", 5, False),
                             ("2026-06-01", 6, True), ("2026-06-08", 6, False)):
        sc = make_scenario([stu("S1", per(start, weeks=weeks)),
                            stu("S2", per("2026-03-09", weeks=weeks))],
                           calendar=fresh_calendar(), policy=policy)
        plans = sc.plans()
        expected = {(v.rule.id, v.student) for v in check_plain(sc, plans)}
        assert (("spring", "S1") not in expected) == ok
        assert check_cpsat(sc, plans) == expected == check_cpsat(sc, plans, "day")


def test_capacity_counts_a_student_once_a_week() -> None:
    # two runs in the same week (Monday-Tuesday, Thursday-Friday) and one over two weeks
    sc = make_scenario([stu("S1", per("2026-03-02", "2026-03-03", place="abroad"),
                            per("2026-03-05", "2026-03-06", place="abroad")),
                        stu("S2", per("2026-03-04", "2026-03-10", place="abroad"))],
                       policy=[{"id": "cap", "kind": "max_abroad_per_week", "max": 1}])
    cap = next(r for r in sc.rules if r.id == "cap")
    assert isinstance(cap, MaxAbroadPerWeek)
    found = [(v.args["week"], v.args["count"], v.args["students"])
             for v in cap.check(Cohort(sc, sc.calendar, sc.plans()))]
    assert found == [(dt.date(2026, 3, 2), 2, "S1, S2")]
    assert [(w, ", ".join(who)) for w, who in brute_weekly(cap, sc)] == \
        [(w, who) for w, _, who in found]
