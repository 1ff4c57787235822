"""Tests of repair: known cases from the texts, true minimality by brute force on small
instances, locked periods untouched, every repaired plan passes verify, the CLI."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, make_scenario, per, stu
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.core.model import Period, Scenario
from solver.io.render.repair_out import edit_json
from solver.jobs.edits import ABROAD, FRANCE, OFF, status_of
from solver.jobs.repair import RepairResult, repair
from solver.jobs.verify import verify
from solver.load.scenario import parse_scenario

EXAMPLE = ROOT / "scenarios" / "bts-ci-plan-2025-2027.yaml"


def repaired_ok(result: RepairResult) -> None:
    """The repaired plan passes verify, and the count of changed days is honest."""
    assert result.ok, result.status
    after = verify(result.scenario)
    assert after.compliant, [(s.student.id, [v.rule.id for v in s.violations])
                             for s in after.students if not s.compliant]
    cal = result.before.calendar
    before = {s.id: status_of(result.before.student_plan(s), cal.n)
              for s in result.before.students}
    now = {s.id: status_of(result.scenario.student_plan(s), cal.n)
           for s in result.scenario.students}
    counted = sum(a != b for sid in before for a, b in zip(before[sid], now[sid], strict=True))
    assert counted == result.changed_days
    assert sum(e.days_changed for e in result.edits) == result.changed_days


def locked_kept(before: Scenario, after: Scenario) -> None:
    for s, t in zip(before.students, after.students, strict=True):
        for p in s.periods:
            if p.locked:
                assert p in t.periods, f"{s.id}: locked period {p} was changed"


# ---- known cases from the texts (BTS CI) --------------------------------------------

def test_thirteen_weeks_gets_one_more_week() -> None:
    sc = make_scenario([stu("S1", per("2026-05-18", weeks=4, place="abroad", country="DE"),
                            per("2027-01-04", weeks=9))])
    result = repair(sc)
    repaired_ok(result)
    assert result.status == "optimal"
    assert result.changed_days == 5
    assert [e.action for e in result.edits] == ["extend"]
    assert "total-weeks" in result.edits[0].rules


def test_three_weeks_abroad_free_is_extended() -> None:
    sc = make_scenario([stu("S1", per("2026-05-18", weeks=3, place="abroad", country="ES"),
                            per("2027-01-04", weeks=11))])
    result = repair(sc)
    repaired_ok(result)
    assert result.changed_days == 5
    (edit,) = result.edits
    assert edit.action == "extend" and edit.place == "abroad"
    assert edit.rules == ["abroad-block"]
    assert edit_json(edit, "en")["message"].startswith(
        "extend period 1 (abroad, from 2026-05-18) by one week")


def test_three_weeks_abroad_locked_gets_a_new_period_next_to_it() -> None:
    sc = make_scenario([stu("S1", per("2026-05-18", weeks=3, place="abroad", country="ES",
                                      locked=True),
                            per("2027-01-04", weeks=11))])
    result = repair(sc)
    repaired_ok(result)
    locked_kept(sc, result.scenario)
    assert result.changed_days == 5
    actions = {e.action for e in result.edits}
    assert actions <= {"add", "move", "shorten", "extend", "change", "split"}
    added = [e for e in result.edits if e.action == "add"]
    assert added and added[0].place == "abroad"
    # the new abroad days touch the locked block (before or after it)
    assert str(added[0].start) in ("2026-06-08", "2026-05-11") or \
        str(added[0].end) in ("2026-05-15",)


def test_summer_rest_broken_by_a_long_summer_placement() -> None:
    # 8 weeks from 2026-06-29 leave fewer than 4 free summer weeks; 16 weeks in all
    sc = make_scenario([stu("S1", per("2026-03-02", weeks=4, place="abroad", country="DE"),
                            per("2026-06-29", weeks=8),
                            per("2027-01-04", weeks=4))])
    assert not verify(sc).compliant
    result = repair(sc)
    repaired_ok(result)
    assert result.status == "optimal"
    (s,) = [s for s in result.students if s.edits]
    assert "summer-rest" in {r for e in s.edits for r in e.rules}


def test_too_many_weeks_is_shortened_by_exactly_the_excess() -> None:
    sc = make_scenario([stu("S1", per("2026-05-18", weeks=5, place="abroad", country="DE"),
                            per("2027-01-04", weeks=12))])   # 17 weeks; at most 16
    result = repair(sc)
    repaired_ok(result)
    assert result.changed_days == 5
    assert [e.action for e in result.edits] == ["shorten"]


def test_compliant_students_are_left_exactly_as_they_are() -> None:
    ok = stu("OK", per("2026-05-18", weeks=6, place="abroad", country="DE"),
             per("2027-01-04", weeks=8))
    bad = stu("BAD", per("2026-05-18", weeks=3, place="abroad", country="DE"),
              per("2027-01-04", weeks=11))
    sc = make_scenario([ok, bad])
    result = repair(sc)
    repaired_ok(result)
    assert result.scenario.students[0].periods == sc.students[0].periods
    assert {e.student for e in result.edits} == {"BAD"}


def test_an_already_compliant_class_is_unchanged() -> None:
    sc = make_scenario([stu("OK", per("2026-05-18", weeks=6, place="abroad", country="DE"),
                            per("2027-01-04", weeks=8))])
    result = repair(sc)
    assert result.status == "unchanged" and result.changed_days == 0 and not result.edits
    assert result.scenario.students[0].periods == sc.students[0].periods


def test_locked_summer_placement_cannot_be_repaired_and_says_why() -> None:
    sc = make_scenario([stu("S8", per("2026-06-29", to="2026-08-21", locked=True),
                            per("2027-01-04", weeks=6, place="abroad", country="DE"))])
    result = repair(sc)
    assert result.status == "infeasible" and not result.ok
    assert result.conflict is not None
    assert {m.rule_id for m in result.conflict.members} == {"summer-rest", "locked:S8:1"}
    locked_kept(sc, result.scenario)


def test_class_rule_binds_compliant_students_kept() -> None:
    # capacity 1 abroad per week: the broken student's new abroad week must avoid the
    # compliant student's abroad weeks
    ok = stu("OK", per("2026-05-18", weeks=4, place="abroad", country="DE"),
             per("2027-01-04", weeks=10))
    bad = stu("BAD", per("2026-05-18", weeks=3, place="abroad", country="ES"),
              per("2027-01-04", weeks=11))
    sc = make_scenario([ok, bad], policy=[{"id": "cap", "kind": "max_abroad_per_week",
                                           "max": 1}])
    result = repair(sc)
    repaired_ok(result)
    assert result.mode == "class"
    assert result.scenario.students[0].periods == sc.students[0].periods


def test_repair_is_deterministic() -> None:
    sc = parse_scenario(__import__("yaml").safe_load(EXAMPLE.read_text(encoding="utf-8")),
                        str(EXAMPLE), ROOT)
    a = repair(sc)
    b = repair(sc)
    assert [edit_json(e, "en") for e in a.edits] == [edit_json(e, "en") for e in b.edits]
    repaired_ok(a)


def test_students_repaired_together_or_one_by_one_get_the_same_fixes(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Broken students are solved in threads; each solve is deterministic, so the repair
    is the same as one student at a time (and alike students share one compiled model)."""
    import solver.jobs.repair as rep

    students = [stu("A", per("2026-05-18", weeks=3, place="abroad", country="DE"),
                    per("2027-01-04", weeks=11)),
                stu("B", per("2026-05-18", weeks=6, place="abroad", country="DE"),
                    per("2027-01-04", weeks=6)),
                stu("C", per("2026-03-02", weeks=3, place="abroad", country="ES"),
                    per("2027-01-11", weeks=11)),
                stu("D", per("2026-05-18", weeks=3, place="abroad", country="DE"),
                    per("2027-01-04", weeks=11)),
                stu("E", per("2026-05-18", weeks=6, place="abroad", country="DE"),
                    per("2027-01-04", weeks=8))]
    sc = make_scenario(students)

    def said(result: RepairResult) -> list[Any]:
        return [(r.student.id, r.status, r.changed_days,
                 [edit_json(e, "en") for e in r.edits]) for r in result.students]

    monkeypatch.setattr(rep, "REPAIR_THREADS", 4)
    rep._BASES.clear()
    rep._TASTES.clear()
    together = repair(sc)
    monkeypatch.setattr(rep, "REPAIR_THREADS", 1)
    rep._BASES.clear()
    rep._TASTES.clear()
    alone = repair(sc)
    repaired_ok(together)
    assert said(together) == said(alone)
    assert together.mode == "per-student" and together.changed_days > 0
    assert {e.student for e in together.edits} == {"A", "B", "C", "D"}


# ---- true minimality by brute force on a small programme -----------------------------

TINY_MODEL = """
id: tiny
title: Tiny programme for tests
short: TINY
routes: [initial]
adjustments: [none]
rules:
  - {id: within, kind: within_training}
  - {id: blocked-dates, kind: blocked}
  - {id: total, kind: total_weeks, min: 2, max: 3}
  - {id: block, kind: consecutive_block, weeks: 2, abroad: true}
"""


def tiny(tmp_path: Path, periods: list[dict[str, Any]],
         blocked: list[dict[str, Any]] | None = None) -> Scenario:
    (tmp_path / "tiny.yaml").write_text(TINY_MODEL, encoding="utf-8")
    cal: dict[str, Any] = {"start": "2026-03-02", "end": "2026-04-24",   # 8 weeks, 40 days
                           "year2_start": "2026-04-13",
                           "holidays": [{"name": "printemps", "from": "2026-04-04",
                                         "to": "2026-04-12"}]}
    if blocked:
        cal["blocked"] = blocked
    data = {"programme": "tiny.yaml", "calendar": cal,
            "students": [{"id": "T", "periods": periods}]}
    return parse_scenario(data, str(tmp_path / "class.yaml"), tmp_path)


def periods_of(status: list[int], sc: Scenario) -> list[Period]:
    days = sc.calendar.days
    out, i = [], 0
    while i < len(status):
        if status[i] == OFF:
            i += 1
            continue
        j = i
        while j + 1 < len(status) and status[j + 1] == status[i]:
            j += 1
        out.append(Period(days[i], days[j], "abroad" if status[i] == ABROAD else "france"))
        i = j + 1
    return out


def complies(sc: Scenario, status: list[int]) -> bool:
    s = sc.students[0]
    trial = Scenario(sc.programme, sc.calendar, [type(s)(s.id, periods=periods_of(status, sc))],
                     sc.policy, file=sc.file)
    return verify(trial).compliant


def none_within(sc: Scenario, old: list[int], distance: int) -> bool:
    """No plan at fewer than ``distance`` changed days from ``old`` complies (exhaustive)."""
    n = len(old)
    for k in range(distance):
        for days in itertools.combinations(range(n), k):
            choices = [[v for v in (OFF, FRANCE, ABROAD) if v != old[d]] for d in days]
            for values in itertools.product(*choices):
                trial = list(old)
                for d, v in zip(days, values, strict=True):
                    trial[d] = v
                if complies(sc, trial):
                    return False
    return True


@pytest.mark.parametrize("periods, blocked, expected", [
    # 9 abroad days: one more day makes the 2-week block (and the 2-week total)
    ([per("2026-03-02", to="2026-03-12", place="abroad")], None, 1),
    # a block broken by one France day in the middle
    ([per("2026-03-02", to="2026-03-06", place="abroad"),
      per("2026-03-09", to="2026-03-09"),
      per("2026-03-10", to="2026-03-13", place="abroad")], None, 1),
    # a blocked first day under an otherwise good block: the block moves one day later
    ([per("2026-03-02", to="2026-03-13", place="abroad")],
     [{"from": "2026-03-02", "to": "2026-03-02"}], 2),
    # 16 days: one over the 3-week maximum
    ([per("2026-03-02", to="2026-03-13", place="abroad"),
      per("2026-03-16", to="2026-03-23")], None, 1),
])
def test_changed_days_is_the_true_minimum(tmp_path: Path, periods: list[dict[str, Any]],
                                          blocked: list[dict[str, Any]] | None,
                                          expected: int) -> None:
    sc = tiny(tmp_path, periods, blocked)
    assert not verify(sc).compliant
    result = repair(sc)
    repaired_ok(result)
    assert result.status == "optimal"
    assert result.changed_days == expected
    old = status_of(sc.student_plan(sc.students[0]), sc.calendar.n)
    assert none_within(sc, old, result.changed_days)


# ---- the command line --------------------------------------------------------------------

def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "solver", *args], capture_output=True,
                          text=True, cwd=cwd)


def test_cli_repair_json_and_output_file(tmp_path: Path) -> None:
    out = tmp_path / "repaired.yaml"
    # planned from its start: by today (issue 18's default --from) its past is history
    r = run("repair", str(EXAMPLE), "--format", "json", "--lang", "en", "--from", "start")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["status"] == "optimal" and data["changed_days"] > 0
    assert {"plan", "edits", "changed_days"} <= set(data)
    e = data["edits"][0]
    assert {"student", "action", "period", "from", "to", "weeks_changed"} <= set(e)
    r = run("repair", str(EXAMPLE), "-o", str(out), "--lang", "fr", "--from", "start")
    assert r.returncode == 0, r.stderr
    assert "minimum prouvé" in r.stdout
    assert run("verify", str(out)).returncode == 0


def test_cli_repair_never_overwrites_the_input_unless_asked(tmp_path: Path) -> None:
    target = tmp_path / "plan.yaml"
    text = EXAMPLE.read_text(encoding="utf-8")
    target.write_text(text, encoding="utf-8")
    # planned from its start: by today (issue 18's default --from) its past is history
    r = run("repair", str(target), "-o", str(target), "--from", "start")
    assert r.returncode == 2 and "--in-place" in r.stderr
    assert target.read_text(encoding="utf-8") == text
    r = run("repair", str(target), "--in-place", "--from", "start")
    assert r.returncode == 0, r.stderr
    assert target.read_text(encoding="utf-8") != text
    assert run("verify", str(target)).returncode == 0


def test_cli_repair_impossible_exits_1(tmp_path: Path) -> None:
    target = tmp_path / "locked.yaml"
    target.write_text("""programme: bts-ci
calendar: {zone: A, start: 2025-09-01, end: 2027-06-30}
students:
  - id: S8
    periods:
      - {from: 2026-06-29, to: 2026-08-21, place: france, locked: true}
      - {from: 2027-01-04, weeks: 6, place: abroad, country: DE}
""", encoding="utf-8")
    r = run("repair", str(target), "--format", "json", "--from", "start")
    assert r.returncode == 1, r.stderr
    data = json.loads(r.stdout)
    assert data["status"] == "infeasible"
    assert {c["rule"] for c in data["conflict"]} == {"summer-rest", "locked:S8:1"}
    # from today (2026-12-06 or later, the default) the locked summer is a placement
    # already done: named as such (issue 18)
    r = run("repair", str(target), "--format", "json", "--from", "2026-12-07")
    assert r.returncode == 1, r.stderr
    assert {c["rule"] for c in json.loads(r.stdout)["conflict"]} == {"summer-rest",
                                                                     "history:S8:1"}


def test_cli_repair_bad_input_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("programme: bts-ci\ncalendar: {zone: Q, start: 2025-09-01, "
                   "end: 2027-06-30}\nstudents: []\n", encoding="utf-8")
    r = run("repair", str(bad))
    assert r.returncode == 2 and "Traceback" not in r.stderr and "zone" in r.stderr


# ---- property: whatever the plan, the repair complies and keeps what is locked ---------

WEEKS = [f"2026-{m:02d}-{d:02d}" for m, d in ((1, 5), (3, 2), (5, 18), (6, 1), (6, 29),
                                            (7, 6), (9, 28))] + ["2027-01-04", "2027-03-01"]


@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(WEEKS), st.integers(1, 9), st.booleans(),
                          st.booleans()), min_size=1, max_size=3),
       st.sampled_from(["none", "reduced", "exempt-one-unit"]))
def test_random_plans_repair_to_compliant_and_keep_locked(
        periods: list[tuple[str, int, bool, bool]], adjustment: str) -> None:
    items = []
    for i, (start, weeks, abroad, locked) in enumerate(periods):
        items.append(per(start, weeks=weeks, place="abroad" if abroad else "france",
                         locked=locked and i == 0))
    sc = make_scenario([stu("R", *items, adjustment=adjustment)])
    result = repair(sc, time_limit=10)
    if result.status == "infeasible":   # only a locked period can make it impossible
        assert any(p.locked for p in sc.students[0].periods)
        assert result.conflict is not None and any(
            m.kind == "locked" for m in result.conflict.members)
        return
    repaired_ok(result)
    locked_kept(sc, result.scenario)
