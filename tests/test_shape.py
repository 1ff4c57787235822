"""Calendars a teaching team would sign (issue 9).

Every generated calendar, of every bundled class and of a class of every route and
adjustment of every model, is checked by ``shape_problems`` below, a checker written
from the issue's words alone and independent of ``solver/rules/shape.py``: no placement
in the first 8 teaching weeks, none on or after the first day of the final exams, no stint
under 2 weeks in one place (France or abroad; issue 18), at most 3 periods (runs of one
place), whole Monday-Friday weeks; locked periods (and, for drafts, the coordinator's own
periods) are exempt. Then: drafts are kept or changed the least, ``--from`` keeps the
past, the pigeonhole class is proven infeasible with the rules that make it so, and random
classes give shaped calendars.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import make_scenario, per, stu
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.core.model import Scenario
from solver.jobs.explain import explain_scenario
from solver.jobs.generate import generate
from solver.jobs.repair import repair
from solver.jobs.verify import verify
from solver.load.programme import load_programme
from solver.load.scenario import load_scenario, parse_scenario
from solver.stageplan import main

ROOT = Path(__file__).resolve().parent.parent
FIRST_WEEKS = 8
MIN_RUN_DAYS = 10
MAX_PERIODS = 3


def _days(cal: Any, lo: dt.date, hi: dt.date) -> set[dt.date]:
    return {d for d in cal.days if lo <= d <= hi}


def shape_problems(before: Scenario, after: Scenario) -> list[str]:
    """What a coordinator would refuse in ``after`` (generated from ``before``)."""
    cal = after.calendar
    teaching: list[dt.date] = []   # Mondays of the weeks with a school day
    for d in cal.days:
        monday = d - dt.timedelta(days=d.weekday())
        if cal.holiday_name(d) is None and (not teaching or teaching[-1] != monday):
            teaching.append(monday)
    first_end = teaching[FIRST_WEEKS] if len(teaching) > FIRST_WEEKS else cal.end
    finals = [b.start for b in cal.blocked if b.final]
    final = min(finals) if finals else None
    before_of = {s.id: s for s in before.students}
    out: list[str] = []
    for s in after.students:
        exempt: set[dt.date] = set()
        for p in before_of[s.id].periods:   # locks and the coordinator's own periods
            exempt |= _days(cal, p.start, p.end)
        status: dict[dt.date, str] = {}
        for p in s.periods:
            for d in _days(cal, p.start, p.end):
                status[d] = p.place
        new = sorted(d for d in status if d not in exempt)
        if any(d < first_end for d in new):
            out.append(f"{s.id}: placement in the first {FIRST_WEEKS} teaching weeks")
        if final is not None and any(d >= final for d in new):
            out.append(f"{s.id}: placement on or after the final exams ({final})")
        # runs of placement days (weekends do not break them) and runs of one place
        runs: list[list[dt.date]] = []
        places: list[str] = []
        for i, d in enumerate(cal.days):
            if d not in status:
                continue
            if runs and i > 0 and cal.days[i - 1] == runs[-1][-1]:
                runs[-1].append(d)
            else:
                runs.append([d])
            if not places or i == 0 or cal.days[i - 1] not in status \
                    or status[cal.days[i - 1]] != status[d]:
                places.append(status[d])
        # stints: runs of one place and of new days (a change of place or a lock ends
        # one); a week glued to the abroad block or to a signed convention is short
        stint: list[dt.date] = []
        for i, d in enumerate(cal.days + [None]):
            go_on = d is not None and d in status and d not in exempt and stint and \
                cal.days[i - 1] == stint[-1] and status[d] == status[stint[-1]]
            if stint and not go_on:
                if len(stint) < MIN_RUN_DAYS:
                    out.append(f"{s.id}: a stint of {len(stint)} days in "
                               f"{status[stint[0]]} from {stint[0]}")
                stint = []
            if d is not None and d in status and d not in exempt and not stint:
                stint = [d]
            elif go_on:
                stint.append(d)
        locked_runs = 0
        for run in runs:
            if set(run) & exempt:
                locked_runs += 1
                continue
            starts_ok = run[0].weekday() == 0 or run[0] == cal.days[0] or \
                cal.blocked_reason(run[0] - dt.timedelta(days=1)) is not None or \
                (cal.holiday_name(run[0]) is None) != \
                (cal.holiday_name(run[0] - dt.timedelta(days=1)) is None)
            ends_ok = run[-1].weekday() == 4 or run[-1] == cal.days[-1] or \
                cal.blocked_reason(run[-1] + dt.timedelta(days=1)) is not None or \
                (cal.holiday_name(run[-1]) is None) != \
                (cal.holiday_name(run[-1] + dt.timedelta(days=1)) is None)
            if not (starts_ok and ends_ok):
                out.append(f"{s.id}: a run from {run[0]} to {run[-1]} is not whole weeks")
        if len(places) > max(MAX_PERIODS, locked_runs + 1) and not exempt:
            out.append(f"{s.id}: {len(places)} periods")
    return out


def assert_signable(before: Scenario, after: Scenario) -> None:
    check = verify(after)
    assert check.compliant, [(v.rule.id, v.student) for r in check.students
                             for v in r.violations if v.severity == "error"]
    assert shape_problems(before, after) == []


# ---- every bundled class and every model ------------------------------------------------

EXAMPLES = sorted(p for p in (ROOT / "scenarios").glob("*.yaml")
                  if not any(s.periods and not all(p.locked for p in s.periods)
                             for s in load_scenario(p).students)
                  and p.stem != "bts-ci-locked-summer")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_bundled_class_is_signable(path: Path) -> None:
    sc = load_scenario(path)
    result = generate(sc, time_limit=10)
    assert result.ok, result.status
    assert_signable(sc, result.scenario)


def test_the_shape_checker_sees_what_a_coordinator_refuses() -> None:
    """The test's own checker is not vacuous: it refuses a plan with each fault."""
    sc = make_scenario([stu("S1", per("2025-09-08", weeks=1), per("2025-12-02", to="2025-12-19"),
                            per("2026-03-02", weeks=4, place="abroad"),
                            per("2027-01-04", weeks=2), per("2027-05-24", weeks=2))],
                       calendar={"zone": "A", "start": "2025-09-01", "end": "2027-06-30",
                                 "blocked": [{"from": "2027-05-10", "to": "2027-05-21",
                                              "final": True}]})
    empty = sc.with_students([dataclass_copy(s, periods=[]) for s in sc.students])
    found = " | ".join(shape_problems(empty, sc))
    for fault in ("first 8", "final exams", "stint of 5 days in france", "not whole weeks",
                  "5 periods"):
        assert fault in found, (fault, found)
    # per place (issue 18): a week in France glued to the abroad block is a stint
    glued = make_scenario([stu("S2", per("2026-02-23", weeks=1),
                               per("2026-03-02", weeks=4, place="abroad"),
                               per("2027-01-04", weeks=8))])
    empty = glued.with_students([dataclass_copy(s, periods=[]) for s in glued.students])
    assert shape_problems(empty, glued) == ["S2: a stint of 5 days in france from 2026-02-23"]


def dataclass_copy(obj: Any, **changes: Any) -> Any:
    import dataclasses

    return dataclasses.replace(obj, **changes)


def model_class(model: str) -> dict[str, Any]:
    """One student of every route and adjustment the model knows."""
    prog = load_programme(model)
    students = []
    for route in prog.routes:
        fields: dict[str, Any] = {"route": route}
        if route == "distance":
            fields["status"] = "initial"
        if route in ("continuing-improvement", "experience"):
            fields["employment"] = {"months": 6, "full_time": True, "within_months": 12}
        for adj in prog.adjustments:
            students.append({"id": f"{route[:4]}-{adj[:4]}-{len(students)}", **fields,
                             "adjustment": adj})
    return {"programme": model,
            "calendar": {"zone": "B", "start": "2026-09-01", "end": "2028-06-30",
                         "blocked": [{"from": "2028-05-09", "to": "2028-05-19",
                                      "reason": "épreuves", "final": True}]},
            "students": students}


# BTS NRC's text lets periods be split by the week or the day (3.1): its model's default
# policy has no shape rules (issue 21), and a school that wants signable whole weeks says
# so in its class file, as the bundled NRC classes do
SCHOOL_SHAPE = [r for r in yaml.safe_load((ROOT / "scenarios" / "bts-nrc-zone-b.yaml")
                                          .read_text(encoding="utf-8"))["policy"]
                if r["id"].startswith("policy-")]


@pytest.mark.parametrize("model", sorted(p.stem for p in (ROOT / "models").glob("*.yaml")))
def test_every_model_generates_a_signable_class(model: str) -> None:
    data = model_class(model)
    if not any(r.kind == "whole_weeks" for r in load_programme(model).policy):
        data["policy"] = SCHOOL_SHAPE
    sc = parse_scenario(data, None, ROOT)
    result = generate(sc, time_limit=15)
    assert result.ok, result.status
    assert_signable(sc, result.scenario)


def test_nrc_default_policy_lets_periods_be_split() -> None:
    """NRC 3.1: « peuvent être fractionnées en plusieurs périodes (en semaine ou en
    journée) »: no default whole weeks, runs of 2 weeks or cap on the periods; a plan of
    single days beside the 6 consecutive weeks has no policy finding about its shape."""
    assert {r.kind for r in load_programme("bts-nrc").policy} \
        & {"whole_weeks", "min_run", "max_runs"} == set()
    days = [per(d, d) for d in ("2027-03-02", "2027-03-09", "2027-03-16", "2027-03-23",
                                "2027-03-30")]
    plan = make_scenario([stu("S1", per("2026-01-05", weeks=6), per("2026-11-16", weeks=9),
                              *days)], programme="bts-nrc", shape=True)
    result = verify(plan)
    assert result.compliant, [v.rule.id for v in result.students[0].violations]
    assert not any(v.rule.kind in ("whole_weeks", "min_run", "max_runs")
                   for v in result.students[0].policy)


# ---- drafts, history -------------------------------------------------------------------

def ci_class(*students: dict[str, Any]) -> Scenario:
    return make_scenario(list(students), shape=True,
                         calendar={"zone": "A", "start": "2025-09-01", "end": "2027-06-30",
                                   "blocked": [{"from": "2027-05-10", "to": "2027-05-21",
                                                "final": True}]})


GOOD = [per("2026-01-05", weeks=4, place="abroad", country="DE"),
        per("2026-03-09", weeks=4), per("2027-01-04", weeks=6)]


def test_a_compliant_draft_is_kept_unchanged() -> None:
    sc = ci_class(stu("S1", *GOOD), stu("S2"))
    assert verify(sc.with_students(sc.students[:1])).compliant
    result = generate(sc, time_limit=10)
    assert result.ok
    out = {s.id: s for s in result.scenario.students}
    assert out["S1"].periods == sc.students[0].periods    # same dates, country, labels
    assert out["S2"].periods and verify(result.scenario).compliant
    fresh = generate(sc, time_limit=10, fresh=True)
    assert {s.id: s for s in fresh.scenario.students}["S1"].periods != sc.students[0].periods


def test_a_broken_draft_changes_by_the_repair_minimum() -> None:
    broken = [per("2026-01-05", weeks=3, place="abroad", country="DE", label="Berlin"),
              per("2026-03-09", weeks=4), per("2027-01-04", weeks=7)]
    sc = ci_class(stu("S1", *broken))
    minimum = repair(sc, time_limit=10).changed_days
    result = generate(sc, time_limit=10)
    assert result.ok
    after = result.scenario
    assert verify(after).compliant
    before_days = {d: p.place for p in sc.students[0].periods
                   for d in _days(sc.calendar, p.start, p.end)}
    after_days = {d: p.place for p in after.students[0].periods
                  for d in _days(sc.calendar, p.start, p.end)}
    changed = sum(1 for d in sc.calendar.days if before_days.get(d) != after_days.get(d))
    assert changed == minimum
    assert any(p.label == "Berlin" and p.country == "DE" for p in after.students[0].periods)


def test_from_keeps_the_past_byte_for_byte(tmp_path: Path) -> None:
    src = tmp_path / "class.yaml"
    data = {"programme": "bts-ci",
            "calendar": {"zone": "A", "start": "2025-09-01", "end": "2027-06-30"},
            "students": [{"id": "S1", "periods": [
                {"from": dt.date(2025, 11, 17), "weeks": 1, "place": "france"}]},
                {"id": "S2"}]}
    src.write_text(yaml.safe_dump(data), encoding="utf-8")
    out = tmp_path / "out.yaml"
    res = CliRunner().invoke(main, ["generate", str(src), "--from", "2026-02-02",
                                    "--format", "yaml", "-o", str(out)])
    assert res.exit_code == 0, res.output
    plan = load_scenario(out)
    cut = dt.date(2026, 2, 2)
    for s in plan.students:
        past = [p for p in s.periods if p.start < cut]
        if s.id == "S1":   # its lone week is history: exactly as it was
            assert [(p.start, p.end, p.place) for p in past] == \
                [(dt.date(2025, 11, 17), dt.date(2025, 11, 21), "france")]
        else:
            assert past == []
    assert verify(plan).compliant


# ---- the pigeonhole ---------------------------------------------------------------------

def test_the_pigeonhole_class_is_proven_infeasible() -> None:
    sc = make_scenario([{"id": f"S{i:02d}"} for i in range(35)], shape=True,
                       policy=[{"id": "erasmus", "kind": "max_abroad_per_week", "max": 1}],
                       calendar={"zone": "A", "start": "2026-09-01", "end": "2028-06-30"})
    result = generate(sc, time_limit=20, conflict=False)
    assert result.status == "infeasible"
    explained = explain_scenario(sc, time_limit=8)
    assert explained.status == "infeasible" and explained.conflict is not None
    kinds = {m.kind for m in explained.conflict.members}
    assert {"consecutive_block", "max_abroad_per_week"} <= kinds
    res = CliRunner().invoke(main, ["generate", "--time-limit", "30", "--from", "start",
                                    "--format", "json", *_tmp_file(sc)])
    assert res.exit_code == 1
    import json

    out = json.loads(res.stdout)
    assert out["status"] == "infeasible"
    assert {"consecutive_block", "max_abroad_per_week"} <= {c["kind"] for c in out["conflict"]}


def _tmp_file(sc: Scenario) -> list[str]:
    import tempfile

    from solver.cli.commands.generate import plan_yaml

    f = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False, encoding="utf-8")
    f.write(plan_yaml(sc))
    f.close()
    return [f.name]


# ---- random classes ---------------------------------------------------------------------

@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=True)
@given(final_week=st.integers(min_value=70, max_value=90),
       lock_week=st.one_of(st.none(), st.integers(min_value=10, max_value=60)),
       draft=st.booleans(), n=st.integers(min_value=1, max_value=3))
def test_random_classes_generate_signable_calendars(final_week: int, lock_week: int | None,
                                                     draft: bool, n: int) -> None:
    start = dt.date(2025, 9, 1)
    final = start + dt.timedelta(weeks=final_week)
    students: list[dict[str, Any]] = [{"id": f"S{i + 1}"} for i in range(n)]
    if lock_week is not None:
        monday = start + dt.timedelta(weeks=lock_week)
        students[0]["periods"] = [{"from": monday.isoformat(), "weeks": 2, "place": "france",
                                   "locked": True}]
    if draft:
        students[-1].setdefault("periods", []).append(
            {"from": "2026-01-05", "weeks": 4, "place": "abroad", "country": "ES"})
    sc = make_scenario(students, shape=True, calendar={
        "zone": "A", "start": "2025-09-01", "end": "2027-06-30",
        "blocked": [{"from": final.isoformat(), "to": (final + dt.timedelta(days=4)).isoformat(),
                     "final": True}]})
    result = generate(sc, time_limit=10)
    if result.ok:
        assert_signable(sc, result.scenario)
    else:
        assert result.status == "infeasible"
        explained = explain_scenario(result.work or sc, time_limit=20, policy=True)
        assert explained.conflict is not None and explained.conflict.members
