"""BTS CI « présence en continu » as the text says it (issue 21, item 2).

« Elle implique la présence en continu du stagiaire en entreprise » rules out days in the
company alternating with school days; it sets no minimum length. A run shorter than a
week is refused only when school days surround it: the working day just before or just
after a public holiday, a school-holiday day, a blocked date or the training's bounds
lets it be. Each plan is checked by the plain checker, CP-SAT and python-constraint.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import calendar_of, make_scenario, per, stu

from solver.engine.csp_check import check_csp
from solver.jobs.generate import generate
from solver.jobs.verify import check_cpsat, check_plain, verify

RULE = "continuous-presence"


def broken(*periods: dict[str, Any], blocked: list[dict[str, Any]] | None = None) -> bool:
    cal = calendar_of(blocked=blocked) if blocked else None
    sc = make_scenario([stu("S1", *periods)], calendar=cal)
    verdicts = []
    for found in (check_plain(sc), check_cpsat(sc), check_csp(sc)):
        pairs = {(v.rule.id, v.student) for v in found} if isinstance(found, list) \
            else found
        verdicts.append((RULE, "S1") in pairs)
    assert len(set(verdicts)) == 1, verdicts   # the three engines agree
    return verdicts[0]


@pytest.mark.parametrize("start, to, refused", [
    ("2026-03-09", "2026-03-13", False),   # a whole week between school weeks
    ("2026-03-09", "2026-03-12", True),    # four days, school on both sides: alternation
    ("2026-03-10", "2026-03-10", True),    # a single day
])
def test_alternation_is_refused(start: str, to: str, refused: bool) -> None:
    assert broken(per(start, to)) is refused


def test_day_release_pattern_is_refused() -> None:
    tuesdays = [per(d, d) for d in ("2026-03-03", "2026-03-10", "2026-03-17")]
    assert broken(*tuesdays)


@pytest.mark.parametrize("start, to, refused", [
    ("2026-05-11", "2026-05-13", False),   # Mon-Wed before Ascension (Thu 14 May 2026)
    ("2026-05-12", "2026-05-12", True),    # Tuesday alone, school days around
    ("2026-04-27", "2026-04-30", False),   # a stay cut by 1 May (Friday): before it
    ("2026-05-05", "2026-05-06", True),    # Tue-Wed after it: Monday 4 is a school day
    ("2025-11-12", "2025-11-14", False),   # Wed-Fri after 11 November (Tuesday)
    ("2025-11-13", "2025-11-14", True),    # Thu-Fri: Wednesday 12 was a school day
])
def test_a_public_holiday_bounds_a_short_run(start: str, to: str, refused: bool) -> None:
    assert broken(per(start, to)) is refused


@pytest.mark.parametrize("start, to, refused", [
    ("2026-02-04", "2026-02-06", False),   # Wed-Fri before the winter holidays (zone A)
    ("2026-02-03", "2026-02-05", True),    # Tue-Thu: Friday 6 is a school day
])
def test_school_holidays_bound_a_short_run(start: str, to: str, refused: bool) -> None:
    assert broken(per(start, to)) is refused


def test_a_blocked_date_bounds_a_short_run() -> None:
    run = per("2026-03-09", "2026-03-11")
    assert broken(run)
    assert not broken(run, blocked=[{"from": "2026-03-12", "to": "2026-03-13",
                                     "reason": "CCF"}])


@pytest.mark.parametrize("start, to, refused", [
    ("2025-09-01", "2025-09-02", False),   # the training's first days
    ("2025-09-02", "2025-09-03", True),    # Monday 1 was a school day
    ("2027-06-28", "2027-06-30", False),   # its last days (end: 30 June 2027)
    ("2027-06-28", "2027-06-29", True),
])
def test_the_training_bounds_bound_a_short_run(start: str, to: str, refused: bool) -> None:
    assert broken(per(start, to)) is refused


def test_generate_keeps_the_reading() -> None:
    """Whatever generate places, the plain checker accepts (the compiled rule and the
    check mean the same)."""
    sc = make_scenario([stu("S1"), stu("S2")])
    result = generate(sc, time_limit=10)
    assert result.ok
    assert verify(result.scenario).compliant
