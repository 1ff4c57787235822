"""Repair's taste (``solver/jobs/repair_taste.py``): among the fixes of the fewest changed
working days, no new placement day in school holidays when a school week costs the
same, whole weeks, the fewest runs. Each test first shows that the holiday fix exists
and costs the same (so the test can fail), then that repair does not choose it."""

from __future__ import annotations

from conftest import make_scenario, per, stu

from solver.core.model import Scenario
from solver.jobs.edits import status_of
from solver.jobs.repair import repair
from solver.jobs.verify import verify


def _changed(before: Scenario, after: Scenario) -> int:
    n = before.calendar.n
    return sum(a != b for s, t in zip(before.students, after.students, strict=True)
               for a, b in zip(status_of(before.student_plan(s), n),
                               status_of(after.student_plan(t), n), strict=True))


def _new_holiday_days(before: Scenario, after: Scenario) -> int:
    cal = before.calendar
    out = 0
    for s, t in zip(before.students, after.students, strict=True):
        old = status_of(before.student_plan(s), cal.n)
        new = status_of(after.student_plan(t), cal.n)
        out += sum(1 for i in range(cal.n)
                   if new[i] and not old[i] and cal.holiday_days(i, i))
    return out


def _holiday_alternative_costs_the_same(sc: Scenario, alt: Scenario, cost: int) -> None:
    assert verify(alt).compliant
    assert _changed(sc, alt) == cost
    assert _new_holiday_days(sc, alt) > 0


def test_ci_extension_takes_a_school_week_not_christmas() -> None:
    # 13 weeks: the January period right after Christmas may grow backwards into the
    # holidays (5 days) or forwards into March (5 days): the school week wins
    abroad = per("2026-05-18", weeks=4, place="abroad", country="DE")
    sc = make_scenario([stu("S1", abroad, per("2027-01-04", weeks=9))])
    result = repair(sc)
    assert result.status == "optimal" and result.changed_days == 5
    alt = make_scenario([stu("S1", abroad, per("2026-12-28", to="2027-03-05"))])
    _holiday_alternative_costs_the_same(sc, alt, 5)
    assert _new_holiday_days(sc, result.scenario) == 0
    (edit,) = result.edits
    assert edit.action == "extend" and edit.start.isoformat() == "2027-01-04"


NRC_CAL = {"zone": "B", "start": "2025-09-01", "end": "2027-06-30"}


def test_nrc_block_shortened_to_five_weeks_is_not_extended_into_christmas() -> None:
    # the case: a BTS NRC 6-week block cut to 5 weeks, ending on the last school
    # day before Christmas (zone B); 17 weeks in all, so one more week of any 5-week
    # period is the fix, and growing the first into the holidays costs the same
    rest = [per("2026-05-25", weeks=5), per("2027-01-11", weeks=5), per("2027-03-15", weeks=2)]
    sc = make_scenario([stu("S1", per("2025-11-17", weeks=5), *rest)],
                       programme="bts-nrc", calendar=NRC_CAL)
    assert {v.rule.id for s in verify(sc).students for v in s.violations} == \
        {"consecutive-block"}
    result = repair(sc)
    assert result.status == "optimal" and result.changed_days == 5
    alt = make_scenario([stu("S1", per("2025-11-17", to="2025-12-26"), *rest)],
                        programme="bts-nrc", calendar=NRC_CAL)
    _holiday_alternative_costs_the_same(sc, alt, 5)
    assert _new_holiday_days(sc, result.scenario) == 0
    assert verify(result.scenario).compliant


def test_whole_weeks_and_one_run_among_equal_fixes() -> None:
    # 3 weeks abroad: one more week abroad, added to the block itself (not a second
    # abroad block elsewhere), in whole weeks
    sc = make_scenario([stu("S1", per("2026-03-09", weeks=3, place="abroad", country="ES"),
                            per("2027-01-04", weeks=11))])
    result = repair(sc)
    assert result.changed_days == 5
    (edit,) = result.edits
    assert edit.action == "extend" and edit.place == "abroad"
    assert edit.start.weekday() == 0 and edit.end.weekday() == 4


def test_no_new_placement_day_on_or_after_the_final_exams() -> None:
    # 13 weeks, the last period ending the Friday before the final exams: the extra
    # week goes before it (the contract: repair never places a day from the finals on),
    # although the week after the exams would cost the same
    cal = {"zone": "A", "start": "2025-09-01", "end": "2027-06-30",
           "blocked": [{"from": "2027-05-10", "to": "2027-05-21", "reason": "E4",
                        "final": True}]}
    abroad = per("2026-05-18", weeks=4, place="abroad", country="DE")
    sc = make_scenario([stu("S1", abroad, per("2027-03-08", to="2027-05-07"))], calendar=cal)
    result = repair(sc, preferences=[])          # even without any taste
    assert result.status == "optimal" and result.changed_days == 5
    final = sc.calendar.final_index
    plan = result.scenario.student_plan(result.scenario.students[0])
    assert all(hi < final for _, hi in plan.on)
    alt = make_scenario([stu("S1", abroad, per("2027-03-08", to="2027-05-07"),
                             per("2027-05-24", weeks=1))], calendar=cal)
    assert _changed(sc, alt) == 5 and not any(
        v.severity == "error" for s in verify(alt).students for v in s.violations)
