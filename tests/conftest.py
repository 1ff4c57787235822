"""Shared helpers for the tests: build scenarios from Python dicts and check both engines.

Other test modules import these directly (``from conftest import make_scenario, ...``;
pytest puts ``tests/`` on the import path) or through the fixtures below.

- ``calendar_of(...)`` / ``make_scenario(...)``: a scenario dict -> ``Scenario`` through
  ``solver.model.parse_scenario``, the same path a file takes (so validation applies).
- ``stu(...)`` / ``per(...)``: terse student and period dicts.
- ``verdicts(sc, engine)``: the set of (rule id, student id or None) a verification
  reports; ``both_engines(sc)`` asserts that the plain checker and CP-SAT agree and
  returns that set.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from solver.core.model import Scenario
from solver.jobs.verify import verify
from solver.load.programme import load_programme
from solver.load.scenario import parse_scenario

ROOT = Path(__file__).resolve().parent.parent

# A BTS CI class of zone A: year 1 from 2025-09-01, summer 2026-07-04..2026-08-31,
# year 2 from 2026-09-01 to 2027-06-30.
CI_CALENDAR: dict[str, Any] = {"zone": "A", "start": "2025-09-01", "end": "2027-06-30"}

Verdicts = set[tuple[str, str | None]]


def calendar_of(**changes: Any) -> dict[str, Any]:
    """The zone-A 2025-2027 calendar with some keys changed (e.g. ``blocked=[...]``)."""
    cal = dict(CI_CALENDAR)
    cal.update(changes)
    return cal


def per(start: str, to: str | None = None, weeks: int | None = None, place: str = "france",
        country: str | None = None, **extra: Any) -> dict[str, Any]:
    """A period dict: ``per("2026-03-02", weeks=4, place="abroad", country="DE")``."""
    out: dict[str, Any] = {"from": start, "place": place}
    if to is not None:
        out["to"] = to
    if weeks is not None:
        out["weeks"] = weeks
    if country is not None:
        out["country"] = country
    out.update(extra)
    return out


def stu(sid: str, *periods: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A student dict: ``stu("S01", per(...), route="apprentice", adjustment="reduced")``."""
    out: dict[str, Any] = {"id": sid, **fields}
    out["periods"] = list(periods)
    return out


def make_scenario(students: list[dict[str, Any]], programme: str = "bts-ci",
                  calendar: dict[str, Any] | None = None,
                  policy: list[dict[str, Any]] | None = None,
                  shape: bool = False) -> Scenario:
    """A validated ``Scenario`` from plain Python data (dates as ISO strings or dates).

    The programme's default school policy (the shape kinds of ``rules/shape.py``) is
    switched off unless ``shape``: these hand-made plans test the texts' rules, and
    the shape kinds have tests of their own (tests/test_shape.py)."""
    data: dict[str, Any] = {"programme": programme,
                            "calendar": calendar if calendar is not None else calendar_of(),
                            "students": students}
    if policy is not None:
        data["policy"] = policy
    if not shape:
        own = {p.get("id") for p in policy or []}
        data["disabled_rules"] = [r.id for r in load_programme(programme).policy
                                  if r.id not in own]
    return parse_scenario(data, "test.yaml", ROOT)


def capped_class(programme: str, n: int, kind: str, cap: int, later: bool = False,
                 calendar: dict[str, Any] | None = None) -> tuple[Scenario, int]:
    """``n`` students of ``programme`` (school policy on) under one capacity ``cap`` of
    ``kind``, and the first working day planned: 0, or with ``later`` the first of
    January of year 1 (a class in progress). The calendar of an NDRC class by default."""
    sc = make_scenario([{"id": f"S{i:02d}"} for i in range(n)], programme,
                       calendar=calendar or {"zone": "C", "start": "2026-09-01",
                                             "end": "2028-06-30"},
                       shape=True, policy=[{"id": "cap", "kind": kind, "max": cap}])
    start = sc.calendar.first_index_on_or_after(dt.date(2027, 1, 4)) if later else 0
    return sc, start


def verdicts(sc: Scenario, engine: str = "plain", severity: str | None = None) -> Verdicts:
    """(rule id, student id or None for the class) of every violation ``engine`` reports."""
    result = verify(sc, engine)
    out: Verdicts = set()
    for s in result.students:
        out.update((v.rule.id, v.student) for v in s.findings   # text and school policy
                   if severity is None or v.severity == severity)
    out.update((v.rule.id, None) for v in (*result.class_violations, *result.class_policy)
               if severity is None or v.severity == severity)
    return out


def both_engines(sc: Scenario) -> Verdicts:
    """Verdicts of the plain checker, after asserting CP-SAT gives exactly the same."""
    plain = verdicts(sc, "plain")
    cpsat = verdicts(sc, "cp-sat")
    assert plain == cpsat, f"plain {sorted(plain, key=str)} != cp-sat {sorted(cpsat, key=str)}"
    return plain


def broken_rules(sc: Scenario, student: str | None = None) -> set[str]:
    """Rule ids broken (both engines agreeing) for one student, or for anyone."""
    return {r for r, s in both_engines(sc) if student is None or s == student}


def monday(day: str) -> dt.date:
    d = dt.date.fromisoformat(day)
    return d - dt.timedelta(days=d.weekday())


@pytest.fixture
def scenario_factory() -> Callable[..., Scenario]:
    return make_scenario
