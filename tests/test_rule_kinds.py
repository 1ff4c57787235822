"""One small test per rule kind, on both sides of every threshold, with BOTH engines.

Each plan is hand-made on the zone-A 2025-2027 calendar (see conftest). Every test
checks that the plain checker and CP-SAT with the plan fixed report the same
(rule, student) verdicts, then checks the verdict itself. ``covers`` records which
rule kinds the tests exercise, and the last test compares that set with REGISTRY.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import both_engines, calendar_of, make_scenario, per, stu, verdicts

from solver.jobs.generate import generate
from solver.rules import REGISTRY
from solver.stageplan import main

TESTED_KINDS: set[str] = set()
F = Callable[..., Any]


def covers(*kinds: str) -> Callable[[F], F]:
    def deco(func: F) -> F:
        TESTED_KINDS.update(kinds)
        return func
    return deco


ABROAD4 = per("2026-03-02", weeks=4, place="abroad", country="DE")  # year 1, 20 days


def ci_plan(total_weeks: int, abroad: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """A BTS CI plan: 4 weeks abroad in year 1, the rest in France in year 2."""
    first = abroad or ABROAD4
    return [first, per("2027-01-04", weeks=total_weeks - 4)]


# ---- total_weeks ----------------------------------------------------------------------

@covers("total_weeks")
@pytest.mark.parametrize("weeks, ok", [(13, False), (14, True), (16, True), (17, False)])
def test_total_weeks_thresholds(weeks: int, ok: bool) -> None:
    sc = make_scenario([stu("S1", *ci_plan(weeks))])
    broken = both_engines(sc)
    assert (("total-weeks", "S1") not in broken) == ok
    assert broken <= {("total-weeks", "S1")}


@covers("total_weeks")
def test_total_weeks_counts_working_days_not_calendar_days() -> None:
    # 20 + 49 = 69 working days (13.8 weeks) < 70
    plan = [ABROAD4, per("2027-01-04", to="2027-03-11")]
    assert both_engines(make_scenario([stu("S1", *plan)])) == {("total-weeks", "S1")}
    plan = [ABROAD4, per("2027-01-04", to="2027-03-12")]
    assert both_engines(make_scenario([stu("S1", *plan)])) == set()


# ---- consecutive_block ----------------------------------------------------------------

@covers("consecutive_block")
@pytest.mark.parametrize("weeks, ok", [(3, False), (4, True)])
def test_abroad_block_3_or_4_weeks(weeks: int, ok: bool) -> None:
    abroad = per("2026-03-02", weeks=weeks, place="abroad", country="DE")
    broken = both_engines(make_scenario([stu("S1", *ci_plan(15, abroad))]))
    assert (("abroad-block", "S1") not in broken) == ok
    # the year-1 wish (warning) follows the same block
    assert (("year1-abroad", "S1") not in broken) == ok


@covers("consecutive_block")
@pytest.mark.parametrize("to, ok", [("2026-03-26", False), ("2026-03-27", True)])
def test_19_day_run_vs_20_day_run(to: str, ok: bool) -> None:
    abroad = per("2026-03-02", to=to, place="abroad", country="DE")
    plan = [abroad, per("2027-01-04", weeks=11)]
    broken = both_engines(make_scenario([stu("S1", *plan)]))
    assert (("abroad-block", "S1") not in broken) == ok


@covers("consecutive_block")
def test_run_across_weekends_is_consecutive() -> None:
    # Wednesday 2026-03-04 to Tuesday 2026-03-31: 20 working days over four weekends
    abroad = per("2026-03-04", to="2026-03-31", place="abroad", country="DE")
    broken = both_engines(make_scenario([stu("S1", abroad, per("2027-01-04", weeks=11))]))
    assert ("abroad-block", "S1") not in broken


@covers("consecutive_block")
def test_run_broken_by_one_missing_working_day() -> None:
    # 25 abroad days in all, but Monday 2026-03-16 is missing: runs of 10 and 14 days
    gap = [per("2026-03-02", to="2026-03-13", place="abroad", country="DE"),
           per("2026-03-17", to="2026-04-03", place="abroad", country="DE"),
           per("2027-01-04", weeks=10)]
    assert ("abroad-block", "S1") in both_engines(make_scenario([stu("S1", *gap)]))
    joined = [per("2026-03-02", to="2026-03-13", place="abroad", country="DE"),
              per("2026-03-16", to="2026-04-03", place="abroad", country="DE"),
              per("2027-01-04", weeks=10)]
    assert ("abroad-block", "S1") not in both_engines(make_scenario([stu("S1", *joined)]))


@covers("consecutive_block")
def test_two_countries_back_to_back_are_one_run() -> None:
    plan = [per("2026-03-02", to="2026-03-13", place="abroad", country="DE"),
            per("2026-03-16", to="2026-03-27", place="abroad", country="ES"),
            per("2027-01-04", weeks=11)]
    assert both_engines(make_scenario([stu("S1", *plan)])) == set()


@covers("consecutive_block")
def test_france_days_do_not_count_in_an_abroad_run() -> None:
    plan = [per("2026-03-02", to="2026-03-13", place="abroad", country="DE"),
            per("2026-03-16", to="2026-03-27", place="france"),
            per("2027-01-04", weeks=11)]
    broken = both_engines(make_scenario([stu("S1", *plan)]))
    assert ("abroad-block", "S1") in broken


@covers("consecutive_block")
@pytest.mark.parametrize("block, ok", [
    ({"from": "2026-06-01", "weeks": 4}, True),    # 2026-06-01..06-26, year 1
    ({"from": "2026-08-17", "weeks": 4}, False),   # 08-17..09-11: 2 weeks in each year
])
def test_block_inside_year_1_only(block: dict[str, Any], ok: bool) -> None:
    plan = [per(block["from"], weeks=block["weeks"]), per("2027-01-04", weeks=11)]
    sc = make_scenario([stu("S1", *plan)], programme="bts-ccst")
    assert (("year1-block", "S1") not in both_engines(sc)) == ok


# ---- summer_rest ----------------------------------------------------------------------

@covers("summer_rest")
@pytest.mark.parametrize("weeks, ok", [(4, True), (5, False)])
def test_summer_rest_4_vs_3_free_weeks(weeks: int, ok: bool) -> None:
    # summer 2026-07-04..08-31 has 8 whole weeks (Mondays 07-06 to 08-24)
    plan = [ABROAD4, per("2026-07-06", weeks=weeks), per("2027-01-04", weeks=6)]
    broken = both_engines(make_scenario([stu("S1", *plan)]))
    assert (("summer-rest", "S1") not in broken) == ok


@covers("summer_rest")
def test_summer_rest_one_day_spoils_a_whole_week() -> None:
    # placements 07-06..07-31 and one day on Wednesday 08-19: free runs are 08-03..08-16
    # (2 weeks) and 08-24..08-30 (1 week)
    plan = [ABROAD4, per("2026-07-06", weeks=4), per("2026-08-19", to="2026-08-19"),
            per("2027-01-04", weeks=6)]
    assert ("summer-rest", "S1") in both_engines(make_scenario([stu("S1", *plan)]))


# ---- holiday_cap ----------------------------------------------------------------------

def nrc_plan(extra_holiday_day: bool) -> list[dict[str, Any]]:
    """NRC: 4 weeks in the summer holidays, 12 teaching weeks; maybe one Toussaint day."""
    plan = [per("2026-07-06", weeks=4), per("2027-01-04", weeks=6),
            per("2027-03-01", weeks=6)]
    if extra_holiday_day:
        plan.append(per("2025-10-20", to="2025-10-20"))
    return plan


@covers("holiday_cap")
@pytest.mark.parametrize("extra, ok", [(False, True), (True, False)])
def test_nrc_holiday_cap_4_weeks(extra: bool, ok: bool) -> None:
    sc = make_scenario([stu("S1", *nrc_plan(extra))], programme="bts-nrc")
    broken = both_engines(sc)
    assert (("holiday-cap", "S1") not in broken) == ok
    assert broken <= {("holiday-cap", "S1")}


# ---- window ---------------------------------------------------------------------------

@covers("window")
@pytest.mark.parametrize("start, to, ok", [
    ("2026-05-25", "2026-07-03", True),    # exactly the last 6 teaching weeks of year 1
    ("2026-05-18", "2026-06-26", False),   # one week too early
    ("2026-05-26", "2026-07-03", True),    # inside (5.8 weeks: too few, another rule)
])
def test_sn_window_last_six_teaching_weeks(start: str, to: str, ok: bool) -> None:
    sc = make_scenario([stu("S1", per(start, to=to))], programme="bts-sn")
    broken = both_engines(sc)
    assert (("last-six-teaching-weeks", "S1") not in broken) == ok


# ---- same_for_cohort ------------------------------------------------------------------

@covers("same_for_cohort")
def test_sn_same_for_cohort() -> None:
    same = per("2026-05-25", to="2026-07-03")
    other = per("2026-05-26", to="2026-07-03")
    sc = make_scenario([stu("A", same), stu("B", same), stu("C", same)], programme="bts-sn")
    assert both_engines(sc) == set()
    sc = make_scenario([stu("A", same), stu("B", other), stu("C", same)], programme="bts-sn")
    assert ("same-for-class", "B") in both_engines(sc)
    assert {s for r, s in both_engines(sc) if r == "same-for-class"} == {"B"}
    # a tie: the student listed first sets the class calendar
    sc = make_scenario([stu("A", other), stu("B", same)], programme="bts-sn")
    assert {s for r, s in both_engines(sc) if r == "same-for-class"} == {"B"}


# ---- blocked --------------------------------------------------------------------------

@covers("blocked")
@pytest.mark.parametrize("to, ok", [("2027-05-07", True), ("2027-05-10", False)])
def test_blocked_day_hit(to: str, ok: bool) -> None:
    cal = calendar_of(blocked=[{"from": "2027-05-10", "to": "2027-05-21", "reason": "CCF"}])
    plan = [ABROAD4, per("2027-02-01", to=to)]
    # 2027-02-01..05-07 (winter and spring holidays included) is 14 weeks
    broken = both_engines(make_scenario([stu("S1", *plan)], calendar=cal))
    assert (("blocked-dates", "S1") not in broken) == ok


# ---- unavailable (a student's own dates) ---------------------------------------------

@covers("unavailable")
@pytest.mark.parametrize("to, ok", [("2027-03-26", True), ("2027-03-29", False)])
def test_student_unavailable_hit(to: str, ok: bool) -> None:
    plan = [ABROAD4, per("2027-01-04", to=to)]
    away = [{"from": "2027-03-29", "to": "2027-04-04", "reason": "rattrapage"}]
    sc = make_scenario([stu("S1", *plan, unavailable=away), stu("S2", *plan)])
    broken = both_engines(sc)
    assert (("student-unavailable", "S1") not in broken) == ok
    assert ("student-unavailable", "S2") not in broken  # the dates are S1's only


def test_student_unavailable_absent_adds_no_rule() -> None:
    sc = make_scenario([stu("S1", ABROAD4, per("2027-01-04", weeks=11))])
    assert "student-unavailable" not in {r.id for r in sc.rules}


def test_student_unavailable_bad_dates_name_the_field() -> None:
    from solver.core.errors import InputError

    with pytest.raises(InputError, match=r"students\[0\]\.unavailable\[0\]\.to"):
        make_scenario([stu("S1", unavailable=[{"from": "2027-03-29", "to": "2027-03-01"}])])


def test_generate_keeps_off_a_students_unavailable_weeks() -> None:
    from solver.jobs.generate import generate
    from solver.jobs.verify import verify

    # two students of the same route: without the list they would share one calendar
    away = [{"from": "2027-01-04", "to": "2027-03-28"}]
    sc = make_scenario([stu("S1", unavailable=away), stu("S2")])
    result = generate(sc, time_limit=20)
    assert result.ok, result.status
    assert verify(result.scenario).compliant
    s1 = next(s for s in result.scenario.students if s.id == "S1")
    lo, hi = s1.unavailable[0].start, s1.unavailable[0].end
    assert s1.unavailable  # written back with the plan
    assert all(p.end < lo or p.start > hi for p in s1.periods)


# ---- within_training ------------------------------------------------------------------

@covers("within_training")
def test_period_outside_training() -> None:
    plan = [ABROAD4, per("2027-01-04", weeks=8), per("2027-06-21", weeks=3)]
    assert ("within-training", "S1") in both_engines(make_scenario([stu("S1", *plan)]))
    # ending on a weekend after the end is no working day outside
    cal = calendar_of(end="2027-07-02")
    plan = [ABROAD4, per("2027-01-04", weeks=8), per("2027-06-21", to="2027-07-04")]
    assert ("within-training", "S1") not in both_engines(
        make_scenario([stu("S1", *plan)], calendar=cal))


@covers("within_training")
def test_overlapping_periods() -> None:
    plan = [ABROAD4, per("2027-01-04", weeks=10), per("2027-03-08", weeks=2)]
    assert ("within-training", "S1") in both_engines(make_scenario([stu("S1", *plan)]))
    plan = [ABROAD4, per("2027-01-04", weeks=10), per("2027-03-15", weeks=2)]
    assert ("within-training", "S1") not in both_engines(make_scenario([stu("S1", *plan)]))


# ---- employment_evidence --------------------------------------------------------------

@covers("employment_evidence")
@pytest.mark.parametrize("employment, ok", [
    ({"months": 6, "full_time": True, "within_months": 12}, True),
    ({"months": 12, "full_time": False, "within_months": 24}, True),
    ({"months": 5, "full_time": True, "within_months": 12}, False),
    ({"months": 6, "full_time": True, "within_months": 13}, False),
    ({"months": 11, "full_time": False, "within_months": 24}, False),
    ({"months": 12, "full_time": False, "within_months": 25}, False),
    ({"months": 6, "full_time": False, "within_months": 12}, False),
    ({"months": 12, "full_time": True, "within_months": 24}, True),
    (None, False),
])
def test_employment_evidence_thresholds(employment: dict[str, Any] | None, ok: bool) -> None:
    extra = {"employment": employment} if employment else {}
    sc = make_scenario([stu("S1", route="continuing-improvement", **extra)])
    broken = both_engines(sc)
    assert (("employment-certificates", "S1") not in broken) == ok


# ---- preference -----------------------------------------------------------------------

@covers("preference")
def test_preference_is_a_warning_and_exit_0(tmp_path: Path) -> None:
    be = per("2026-03-02", weeks=4, place="abroad", country="BE")
    sc = make_scenario([stu("S1", *ci_plan(15, be))])
    assert both_engines(sc) == {("non-francophone", "S1")}
    result_file = tmp_path / "be.yaml"
    result_file.write_text(
        "programme: bts-ci\ncalendar: {zone: A, start: 2025-09-01, end: 2027-06-30}\n"
        "students:\n  - id: S1\n    periods:\n"
        "      - {from: 2026-03-02, weeks: 4, place: abroad, country: BE}\n"
        "      - {from: 2027-01-04, weeks: 11}\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["verify", str(result_file), "--format", "json"])
    assert out.exit_code == 0, out.output
    assert '"severity": "warning"' in out.output


# ---- class capacity (policy) ----------------------------------------------------------

@covers("max_abroad_per_week", "max_on_placement_per_week")
@pytest.mark.parametrize("kind, rule_id", [("max_abroad_per_week", "cap-abroad"),
                                           ("max_on_placement_per_week", "cap-on")])
def test_weekly_capacity(kind: str, rule_id: str) -> None:
    policy = [{"id": rule_id, "kind": kind, "max": 1}]
    a = stu("A", *ci_plan(15))
    b_same = stu("B", *ci_plan(15))
    b_other = stu("B", *ci_plan(15, per("2026-05-04", weeks=4, place="abroad", country="IT")))
    assert (rule_id, None) in both_engines(make_scenario([a, b_same], policy=policy))
    broken = both_engines(make_scenario([a, b_other], policy=policy))
    if kind == "max_abroad_per_week":
        assert (rule_id, None) not in broken
    else:
        assert (rule_id, None) in broken  # both are in France from 2027-01-04
    policy2 = [{"id": rule_id, "kind": kind, "max": 2}]
    assert (rule_id, None) not in both_engines(make_scenario([a, b_same], policy=policy2))


# ---- school-policy shape kinds (rules/shape.py): warnings for verify ---------------------

def shape_verdicts(rule_id: str, *students: dict[str, Any], **cal: Any) -> set[str | None]:
    """Students for whom ``rule_id`` (a default policy rule) is broken, both engines."""
    sc = make_scenario(list(students), calendar=calendar_of(**cal) if cal else None,
                       shape=True)
    return {who for rid, who in both_engines(sc) if rid == rule_id}


@covers("first_weeks_free")
def test_first_weeks_free_thresholds() -> None:
    # zone A 2025: 7 teaching weeks before Toussaint (18/10-02/11), the 8th from 03/11
    assert shape_verdicts("policy-first-weeks", stu("S1", per("2025-11-03", weeks=2))) \
        == {"S1"}
    assert shape_verdicts("policy-first-weeks", stu("S1", per("2025-11-10", weeks=2))) == set()
    locked = per("2025-09-15", weeks=2)
    locked["locked"] = True
    assert shape_verdicts("policy-first-weeks", stu("S1", locked)) == set()


@covers("lead_time")
def test_lead_time_thresholds() -> None:
    """From Wednesday 2026-12-02 with 2 weeks: the zone runs to Sunday 2026-12-20 (the
    rest of that week and the two after it). A job's answer (``given``: what the file
    had) is checked on both sides of the threshold, by the plain checker and by the
    independent CSP encoding; the CP-SAT side is tested through generate
    (tests/test_in_progress.py)."""
    from solver.core.plan import normalise
    from solver.engine.csp_check import check_csp
    from solver.jobs.history import history_split
    from solver.rules.base import Cohort

    sc = make_scenario([stu("S1")], shape=True)
    rule = next(r for r in sc.rules if r.kind == "lead_time")
    assert rule.weeks == 2
    cal = sc.calendar
    start = dt.date(2026, 12, 2)
    first = cal.first_index_on_or_after(start)

    def broken(period: dict[str, Any], given: list[dict[str, Any]]) -> tuple[bool, bool]:
        answer = make_scenario([stu("S1", period)], shape=True)
        before = make_scenario([stu("S1", *given)], shape=True)
        given_plans = {"S1": normalise([(p.start, p.end, p.abroad, p.country)
                                        for p in before.students[0].periods], cal)}
        plain = bool(rule.check(Cohort(answer, cal, answer.plans(), first, given_plans)))
        csp = (rule.id, "S1") in check_csp(history_split(answer, start),
                                           given=history_split(before, start))
        return plain, csp

    assert broken(per("2026-12-14", weeks=1), []) == (True, True)      # inside: new
    assert broken(per("2027-01-04", weeks=1), []) == (False, False)    # after it
    assert broken(per("2026-12-21", weeks=1), []) == (False, False)    # first day after
    # the file already had it there (a draft, a signed convention): not new
    assert broken(per("2026-12-14", weeks=1), [per("2026-12-14", weeks=1)]) == (False, False)
    # verify alone (no ``given``): a plan has nothing new in it
    answer = make_scenario([stu("S1", per("2026-12-14", weeks=1))], shape=True)
    assert not rule.check(Cohort(answer, cal, answer.plans(), first))


@covers("before_final_exams")
def test_before_final_exams_thresholds() -> None:
    final = [{"from": "2027-05-10", "to": "2027-05-21", "final": True}]
    assert shape_verdicts("policy-final-exams", stu("S1", per("2027-04-26", weeks=2)),
                          blocked=final) == set()
    assert shape_verdicts("policy-final-exams", stu("S1", per("2027-05-24", weeks=2)),
                          blocked=final) == {"S1"}
    not_final = [{"from": "2027-05-10", "to": "2027-05-21"}]
    assert shape_verdicts("policy-final-exams", stu("S1", per("2027-05-24", weeks=2)),
                          blocked=not_final) == set()


@covers("whole_weeks")
def test_whole_weeks_thresholds() -> None:
    assert shape_verdicts("policy-whole-weeks", stu("S1", per("2026-01-05", to="2026-01-16"))) \
        == set()
    assert shape_verdicts("policy-whole-weeks", stu("S1", per("2026-01-06", to="2026-01-16"))) \
        == {"S1"}
    locked = per("2026-01-07", to="2026-01-16")
    locked["locked"] = True
    assert shape_verdicts("policy-whole-weeks", stu("S1", locked)) == set()
    # a blocked Monday-Tuesday cuts the week: Wednesday to Friday is whole
    blocked = [{"from": "2026-01-05", "to": "2026-01-06"}]
    assert shape_verdicts("policy-whole-weeks", stu("S1", per("2026-01-07", to="2026-01-16")),
                          blocked=blocked) == set()


@covers("min_run")
def test_min_run_thresholds() -> None:
    assert shape_verdicts("policy-min-run", stu("S1", per("2026-01-05", to="2026-01-16"))) \
        == set()
    assert shape_verdicts("policy-min-run", stu("S1", per("2026-01-05", to="2026-01-15"))) \
        == {"S1"}
    locked = per("2026-01-05", weeks=1)
    locked["locked"] = True
    assert shape_verdicts("policy-min-run", stu("S1", locked)) == set()
    # squeezed between blocked dates (a stretch of one week): the calendar forces it
    blocked = [{"from": "2026-01-02", "to": "2026-01-02"}, {"from": "2026-01-12",
                                                             "to": "2026-01-12"}]
    assert shape_verdicts("policy-min-run", stu("S1", per("2026-01-05", weeks=1)),
                          blocked=blocked) == set()


@covers("min_run")
def test_min_run_holds_per_place() -> None:
    """Issue 18: France and abroad are stints of their own; a week glued to the abroad
    block, or added to a signed convention, is a short stint."""
    abroad = per("2026-03-02", weeks=4, place="abroad")
    assert shape_verdicts("policy-min-run", stu("S1", per("2026-02-16", weeks=2), abroad)) \
        == set()
    assert shape_verdicts("policy-min-run", stu("S1", per("2026-02-23", weeks=1), abroad)) \
        == {"S1"}
    assert shape_verdicts("policy-min-run", stu("S1", abroad, per("2026-03-30", weeks=1))) \
        == {"S1"}
    signed = {**abroad, "locked": True}
    # a one-week add-on to a signed convention, in either place, is short
    assert shape_verdicts("policy-min-run", stu("S1", signed, per("2026-03-30", weeks=1,
                                                                  place="abroad"))) == {"S1"}
    assert shape_verdicts("policy-min-run", stu("S1", signed, per("2026-03-30", weeks=1))) \
        == {"S1"}
    # two weeks beside it are a stint of their own; the lock alone may be short
    assert shape_verdicts("policy-min-run", stu("S1", signed, per("2026-03-30", weeks=2))) \
        == set()
    assert shape_verdicts("policy-min-run", stu("S1", {**per("2026-03-02", weeks=1),
                                                       "locked": True})) == set()


@covers("both_years")
def test_both_years_reading_of_ci() -> None:
    """BTS CI: weeks « réparties sur la durée de la formation » (issue 18): a warning
    when a year holds fewer than 2 placement weeks; both engines agree."""
    year1 = [per("2026-01-05", weeks=4, place="abroad"), per("2026-03-02", weeks=10)]
    sc = make_scenario([stu("S1", *year1)])
    assert ("both-years", "S1") in both_engines(sc)
    assert ("both-years", "S1") in verdicts(sc, severity="warning")
    spread = [per("2026-01-05", weeks=4, place="abroad"), per("2026-03-02", weeks=8),
              per("2027-01-04", weeks=2)]
    assert ("both-years", "S1") not in both_engines(make_scenario([stu("S1", *spread)]))
    one_week = [*spread[:2], per("2027-01-04", weeks=1)]
    assert ("both-years", "S1") in both_engines(make_scenario([stu("S1", *one_week)]))
    # a student who joins in year 2 has year 2 only
    late = stu("S2", per("2026-11-02", weeks=4, place="abroad"), per("2027-01-04", weeks=10),
               entry_year=2, adjustment="reduced")
    assert ("both-years", "S2") not in both_engines(make_scenario([late]))
    # a year the blocked dates fill leaves nothing to ask
    shut = calendar_of(blocked=[{"from": "2025-09-01", "to": "2026-08-31"}])
    late_only = make_scenario([stu("S3", per("2027-01-04", weeks=14))], calendar=shut)
    assert ("both-years", "S3") not in both_engines(late_only)
    # a year that is over is history: generate from year 2 asks nothing more of year 1
    late = generate(make_scenario([stu("S9")], shape=True), time_limit=10,
                    from_date=dt.date(2026, 12, 7))
    assert late.ok and ("both-years", "S9") in verdicts(late.scenario, severity="warning")
    # generate gives each initial student both years
    result = generate(make_scenario([stu(f"S{i}") for i in range(4)], shape=True),
                      time_limit=10)
    assert result.ok
    year2 = result.scenario.calendar.year2_start
    for s in result.scenario.students:
        assert any(p.start < year2 for p in s.periods), s.id
        assert sum((p.end - max(p.start, year2)).days + 1 for p in s.periods
                   if p.end >= year2) >= 12, s.id


@covers("max_runs")
def test_max_runs_thresholds() -> None:
    three = [per("2025-12-01", weeks=2), per("2026-03-02", weeks=4, place="abroad"),
             per("2027-01-04", weeks=8)]
    assert shape_verdicts("policy-max-runs", stu("S1", *three)) == set()
    assert shape_verdicts("policy-max-runs", stu("S1", *three, per("2027-03-15", weeks=2))) \
        == {"S1"}
    # an abroad block inside a run in France cuts it: F A F is three periods already
    inside = [per("2026-02-23", weeks=1), per("2026-03-02", weeks=4, place="abroad"),
              per("2026-03-30", weeks=1)]
    assert shape_verdicts("policy-max-runs", stu("S1", *inside)) == set()
    assert shape_verdicts("policy-max-runs", stu("S1", *inside,
                                                 per("2027-04-05", weeks=8))) == {"S1"}
    back_to_back = [per("2026-02-23", weeks=1), per("2026-03-02", weeks=4, place="abroad")]
    assert shape_verdicts("policy-max-runs", stu("S1", *back_to_back,
                                                 per("2027-04-05", weeks=8))) == set()
# ---- continuous_presence (BTS CI B.1, « présence en continu »; issue 10) ---------------

@covers("continuous_presence")
@pytest.mark.parametrize("last_days, ok", [(4, False), (5, True)])
def test_continuous_presence_runs_of_a_week(last_days: int, ok: bool) -> None:
    # 4 weeks abroad + 10 in France + a last period of 4 or 5 working days
    end = {4: "2027-05-06", 5: "2027-05-07"}[last_days]
    plan = [*ci_plan(14), per("2027-05-03", to=end)]
    broken = both_engines(make_scenario([stu("S1", *plan)]))
    assert (("continuous-presence", "S1") not in broken) == ok


@covers("continuous_presence")
def test_continuous_presence_scattered_days_and_weekends() -> None:
    days = [per(d, to=d) for d in ("2027-03-22", "2027-03-29", "2027-05-03")]
    broken = both_engines(make_scenario([stu("S1", *ci_plan(14), *days)]))
    assert ("continuous-presence", "S1") in broken
    # Wednesday to Tuesday across a weekend: 5 working days, one run
    across = per("2027-05-05", to="2027-05-11")
    assert ("continuous-presence", "S1") not in \
        both_engines(make_scenario([stu("S1", *ci_plan(14), across)]))


# ---- the registry ---------------------------------------------------------------------

def test_every_registered_kind_is_tested() -> None:
    assert set(REGISTRY) == TESTED_KINDS


def test_repair_moves_a_plan_out_of_the_students_unavailable_dates() -> None:
    from solver.jobs.repair import repair
    from solver.jobs.verify import verify

    plan = [ABROAD4, per("2027-01-04", weeks=11)]
    away = [{"from": "2027-02-01", "to": "2027-02-07"}]
    sc = make_scenario([stu("S1", *plan, unavailable=away)])
    assert ("student-unavailable", "S1") in both_engines(sc)
    result = repair(sc, time_limit=20)
    assert verify(result.scenario).compliant, result.status
    s1 = result.scenario.students[0]
    assert all(p.end < dt.date(2027, 2, 1) or p.start > dt.date(2027, 2, 7)
               for p in s1.periods)
