"""BTS SN's « six dernières semaines d'enseignement » counted in teaching days (issue 21).

Holiday days are not teaching time (SN 2.1.2; the contract's teaching weeks are weeks
that are not school holidays): the window holds the last 30 teaching days of year 1 and
ends on the last one before the summer holidays, widened back to the Monday of its first
day. Each test is checked by the three engines (plain, CP-SAT, python-constraint).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from conftest import make_scenario, per, stu

from solver.core.model import Scenario
from solver.engine.csp_check import check_csp
from solver.jobs.verify import check_cpsat, check_plain

ONE = dt.timedelta(days=1)


def holidays(summer: dt.date) -> list[dict[str, Any]]:
    return [{"name": "Toussaint", "from": "2026-10-17", "to": "2026-11-01"},
            {"name": "Noël", "from": "2026-12-19", "to": "2027-01-03"},
            {"name": "Hiver", "from": "2027-02-13", "to": "2027-02-28"},
            {"name": "Printemps", "from": "2027-04-10", "to": "2027-04-25"},
            {"name": "Été", "from": summer.isoformat(), "to": "2027-08-31"},
            {"name": "Toussaint", "from": "2027-10-16", "to": "2027-10-31"},
            {"name": "Noël", "from": "2027-12-18", "to": "2028-01-02"},
            {"name": "Hiver", "from": "2028-02-12", "to": "2028-02-27"},
            {"name": "Printemps", "from": "2028-04-08", "to": "2028-04-23"}]


def working_days(lo: dt.date, n: int, step: int = 1) -> list[dt.date]:
    out, d = [], lo
    while len(out) < n:
        if d.weekday() < 5:
            out.append(d)
        d += step * ONE
    return out


def sn_class(summer: dt.date, start: dt.date, end: dt.date) -> Scenario:
    cal = {"start": "2026-09-01", "end": "2028-06-30", "holidays": holidays(summer)}
    return make_scenario([stu("S1", per(start.isoformat(), end.isoformat()))],
                         programme="bts-sn", calendar=cal)


def window_broken(sc: Scenario) -> bool:
    """The three engines' verdict on the window rule (they must agree)."""
    plain = {(v.rule.id, v.student) for v in check_plain(sc)}
    assert check_cpsat(sc) == plain
    assert check_csp(sc) == plain
    assert plain <= {("last-six-teaching-weeks", "S1")}, plain   # 30 days: nothing else
    return bool(plain)


# summer holidays starting on each weekday of July 2027 (5 July is a Monday)
SUMMERS = [dt.date(2027, 7, 5) + k * ONE for k in range(5)]


@pytest.mark.parametrize("summer", SUMMERS, ids=lambda d: d.strftime("%A"))
def test_the_window_ends_on_the_last_teaching_day(summer: dt.date) -> None:
    last = working_days(summer - ONE, 1, -1)[0]   # the last teaching day
    days = working_days(last, 30, -1)             # the 30 days that end there
    assert not window_broken(sn_class(summer, days[-1], last))
    # one day later: the first day of the summer holidays is placed
    later = working_days(days[-1] + ONE, 30)
    assert later[-1] >= summer
    assert window_broken(sn_class(summer, later[0], later[-1]))


@pytest.mark.parametrize("summer", SUMMERS, ids=lambda d: d.strftime("%A"))
def test_the_window_starts_on_a_monday(summer: dt.date) -> None:
    last = working_days(summer - ONE, 1, -1)[0]
    first_taught = working_days(last, 30, -1)[-1]
    monday = first_taught - first_taught.weekday() * ONE
    days = working_days(monday, 30)                # six whole weeks from that Monday
    assert not window_broken(sn_class(summer, monday, days[-1]))
    # one working day earlier: outside
    before = working_days(monday - ONE, 1, -1)[0]
    assert window_broken(sn_class(summer, before, working_days(before, 30)[-1]))


def test_a_summer_from_a_tuesday_the_issue_s_case() -> None:
    """Zone B 2027-2028: summer from Tuesday 4 July 2028. The class period 22 May - 30 June
    is in the window; 29 May - 7 July holds four summer days and is not."""
    cal = {"zone": "B", "start": "2027-09-01", "end": "2029-06-30", "provisional": True}

    def one(start: str, to: str) -> Scenario:
        return make_scenario([stu("S1", per(start, to))], programme="bts-sn", calendar=cal)

    assert not window_broken(one("2028-05-22", "2028-06-30"))
    assert window_broken(one("2028-05-29", "2028-07-07"))
    # the window's last day is the Monday 3 July, the last teaching day
    assert not window_broken(one("2028-05-23", "2028-07-03"))
