"""``repair --alternatives K``: the fixes are compliant, pairwise different, the first
ones of the proven minimal cost and the others of the true next costs (brute force on
a small programme), each said in words."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from conftest import ROOT, per
from test_repair import complies, tiny

from solver.jobs.edits import ABROAD, FRANCE, OFF, status_of
from solver.jobs.repair import repair
from solver.jobs.repair_alternatives import alternatives
from solver.jobs.repair_taste import repair_preferences
from solver.jobs.verify import verify


def compliant_at(sc: Any, old: list[int], distance: int) -> set[tuple[int, ...]]:
    """Every compliant plan at exactly ``distance`` changed days from ``old``."""
    out = set()
    for days in itertools.combinations(range(len(old)), distance):
        choices = [[v for v in (OFF, FRANCE, ABROAD) if v != old[d]] for d in days]
        for values in itertools.product(*choices):
            trial = list(old)
            for d, v in zip(days, values, strict=True):
                trial[d] = v
            if complies(sc, trial):
                out.add(tuple(trial))
    return out


def test_alternatives_are_minimal_then_next_cost_and_pairwise_different(
        tmp_path: Path) -> None:
    # 9 abroad days of a 2-week block: one day is the only fix of cost 1
    sc = tiny(tmp_path, [per("2026-03-02", to="2026-03-12", place="abroad")])
    result = repair(sc)
    assert result.changed_days == 1
    (group,) = alternatives(result, 4, repair_preferences())
    fixes = group.fixes
    assert len(fixes) == 4 and [f.rank for f in fixes] == [1, 2, 3, 4]
    cal = sc.calendar
    old = status_of(sc.student_plan(sc.students[0]), cal.n)
    plans = []
    for f in fixes:
        trial = sc.with_students([type(sc.students[0])("T", periods=f.periods["T"])])
        assert verify(trial).compliant
        plans.append(tuple(status_of(trial.student_plan(trial.students[0]), cal.n)))
        assert f.changed_days == sum(a != b for a, b in zip(old, plans[-1], strict=True))
        assert f.edits and all(e.days_changed for e in f.edits)
    assert len(set(plans)) == len(plans)                       # pairwise different
    by_cost: dict[int, set[tuple[int, ...]]] = {}
    for d in range(1, 3):
        by_cost[d] = compliant_at(sc, old, d)
    assert by_cost[1] == {plans[0]}                            # the only fix of cost 1
    assert fixes[0].minimal and not any(f.minimal for f in fixes[1:])
    next_cost = min(d for d in by_cost if d > 1 and by_cost[d])
    for f, plan in zip(fixes[1:], plans[1:], strict=True):
        assert f.changed_days == next_cost and plan in by_cost[next_cost]
    # the first fix is the repair itself
    assert plans[0] == tuple(status_of(result.scenario.student_plan(
        result.scenario.students[0]), cal.n))


def test_several_fixes_of_the_minimal_cost(tmp_path: Path) -> None:
    # 16 days, one over the 3-week maximum: drop any one of several edge days
    sc = tiny(tmp_path, [per("2026-03-02", to="2026-03-13", place="abroad"),
                         per("2026-03-16", to="2026-03-23")])
    result = repair(sc)
    assert result.changed_days == 1
    (group,) = alternatives(result, 3, repair_preferences())
    cal = sc.calendar
    old = status_of(sc.student_plan(sc.students[0]), cal.n)
    truth = compliant_at(sc, old, 1)
    assert len(truth) >= 3
    got = []
    for f in group.fixes:
        student = type(sc.students[0])("T", periods=f.periods["T"])
        got.append(tuple(status_of(sc.student_plan(student), cal.n)))
    assert len(got) == 3 and len(set(got)) == 3
    assert all(f.minimal and f.changed_days == 1 for f in group.fixes)
    assert set(got) <= truth


def test_cli_alternatives_json_and_words(tmp_path: Path) -> None:
    example = ROOT / "scenarios" / "bts-ci-plan-2025-2027.yaml"
    # planned from its start: by today (issue 18's default --from) its past is history
    proc = subprocess.run([sys.executable, "-m", "solver", "repair", str(example),
                           "--alternatives", "3", "--format", "json", "--lang", "fr",
                           "--from", "start"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert {"plan", "edits", "changed_days"} <= set(out)
    groups = {tuple(g["students"]): g for g in out["alternatives"]}
    assert set(groups) == {("S02",), ("S03",)}
    for g in groups.values():
        fixes = g["fixes"]
        assert 1 <= len(fixes) <= 3 and fixes[0]["minimal"]
        assert all(f["message"] and f["edits"] for f in fixes)
        assert len({json.dumps(f["periods"], sort_keys=True) for f in fixes}) == len(fixes)
    s03 = groups[("S03",)]["fixes"]
    assert all(f["changed_days"] == 20 for f in s03 if f["minimal"])


def test_web_repair_page_shows_the_alternatives_side_by_side(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient
    from test_web_api import EXAMPLE_NAME, PASSWORD, login, run_page_job

    from solver.web.app import create_app
    from solver.web.auth import Accounts

    Accounts(tmp_path / "data").add("coord", "coordinator", PASSWORD)
    app = create_app(tmp_path / "data", time_limit=30, allowed_hosts=["testserver"])
    client = login(TestClient(app), "coord")
    # the bundled plan as planned from its start (by today its summer is history, which
    # no repair changes: issue 18); the page's jobs take --from as a form field
    job_url, state = run_page_job(client, f"/c/{EXAMPLE_NAME}/run/repair",
                                  {"v": "1", "from": "start"}, 60)
    assert state["done"] and not state["failed"]
    bad = client.post(f"/c/{EXAMPLE_NAME}/run/repair", data={"v": "1", "from": "demain"},
                      follow_redirects=False)
    assert bad.status_code == 422 and "--from" in bad.text
    page = client.get(job_url).text
    assert 'id="alternatives-1"' in page and "Réparation 2" in page
    assert page.count('class="card alternative"') >= 2   # side by side, each one can be chosen (issue 20)
