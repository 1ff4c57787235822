"""stageplan generate: every example class generates a plan that verify accepts, locked
periods stay, outputs are deterministic and readable (XLSX, ICS, HTML), round trips,
infeasible classes are explained with a conflict that really is infeasible, and a class
solved part by part has the optimum of its whole model (whatever the cache holds).

The command runs in-process (click's CliRunner) except where a fresh process matters:
two separate processes must write the same bytes."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import make_scenario, stu
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.cli.commands.generate import plan_yaml
from solver.core.model import Scenario
from solver.engine.classmodel import build_class_model
from solver.engine.preferences import default_preferences
from solver.jobs.generate import _solve_whole, clear_cache, conflict_is_infeasible, generate
from solver.jobs.verify import verify
from solver.load.scenario import load_scenario, parse_scenario
from solver.stageplan import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "scenarios").glob("*.yaml")
                  if not all(s.periods and not all(p.locked for p in s.periods)
                             for s in load_scenario(p).students))


def run_process(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "solver", "generate", *args],
                          capture_output=True, cwd=ROOT)


def run_cli(*args: str) -> subprocess.CompletedProcess[bytes]:
    """``stageplan generate ARGS`` in this process; an exception other than the exit
    fails the test (it would have been a traceback)."""
    res = CliRunner().invoke(main, ["generate", *args])
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise res.exception
    return subprocess.CompletedProcess(args, res.exit_code, res.stdout_bytes,
                                       res.stderr_bytes)


def locked_kept(before: Scenario, after: Scenario) -> bool:
    out = {s.id: s for s in after.students}
    return all(p in out[s.id].periods for s in before.students for p in s.periods if p.locked)


def test_every_example_class_is_there() -> None:
    names = {p.stem for p in EXAMPLES}
    for programme in ("bts-ci", "bts-nrc", "bts-ccst", "bts-sn", "bts-ndrc"):
        assert any(n.startswith(programme + "-") for n in names), programme
    zones = {load_scenario(p).calendar.zone for p in EXAMPLES}
    assert {"A", "B", "C"} <= zones


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_generates_a_compliant_plan(path: Path) -> None:
    sc = load_scenario(path)
    result = generate(sc, time_limit=20)
    assert result.ok, result.status
    check = verify(result.scenario)
    assert check.compliant, [(v.rule.id, v.student) for s in check.students
                             for v in s.violations if v.severity == "error"]
    assert locked_kept(sc, result.scenario)
    # the plan file read back gives the same verdict (dates written as YYYY-MM-DD)
    again = parse_scenario(__import__("yaml").safe_load(plan_yaml(result.scenario)), None,
                           path.parent)
    assert verify(again).compliant


def test_cli_round_trip_and_determinism(tmp_path: Path) -> None:
    src = ROOT / "scenarios" / "bts-ndrc-zone-c.yaml"
    first, second, third = (tmp_path / n for n in ("a.yaml", "b.yaml", "c.yaml"))
    assert run_process(str(src), "--format", "yaml", "-o", str(first)).returncode == 0
    assert run_process(str(src), "--format", "yaml", "-o", str(second)).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    v = CliRunner().invoke(main, ["verify", str(first)])
    assert v.exit_code == 0, v.stdout
    # generate reads its own output: unlocked periods are planned again, the same way
    assert run_cli(str(first), "--format", "yaml", "-o", str(third)).returncode == 0
    assert third.read_bytes() == first.read_bytes()


def test_json_is_deterministic_and_has_the_plan() -> None:
    import json

    src = str(ROOT / "scenarios" / "bts-nrc-zone-b.yaml")
    a = run_process(src, "--format", "json")
    clear_cache()
    b = run_cli(src, "--format", "json")
    assert a.returncode == 0 and a.stdout == b.stdout
    data = json.loads(a.stdout)
    assert data["status"] in ("optimal", "feasible")
    assert data["plan"]["programme"] == "bts-nrc"
    assert all(isinstance(p["from"], str) for s in data["plan"]["students"]
               for p in s["periods"])


def test_xlsx_and_ics_files(tmp_path: Path) -> None:
    import icalendar
    import openpyxl

    src = str(ROOT / "scenarios" / "bts-sn-zone-a.yaml")
    plan_file = tmp_path / "plan.yaml"
    assert run_cli(src, "--format", "yaml", "-o", str(plan_file)).returncode == 0
    plan = load_scenario(plan_file)
    n_periods = sum(len(s.periods) for s in plan.students)
    assert n_periods > 0

    xlsx = tmp_path / "class.xlsx"
    assert run_cli(str(plan_file), "--format", "xlsx", "-o", str(xlsx)).returncode == 0
    wb = openpyxl.load_workbook(xlsx)
    grid, periods = wb.worksheets
    # issue 20: a title (2 lines) and a blank row above the header; the id has its column
    head = 4 if not plan.calendar.provisional else 5
    ids = [grid.cell(r, 2).value for r in range(head + 1, head + 1 + len(plan.students))]
    assert [str(i) for i in ids] == [s.id for s in plan.students]
    assert grid.freeze_panes == f"D{head + 1}"
    assert periods.max_row == 1 + n_periods
    coloured = sum(1 for row in grid.iter_rows(min_row=head + 1,
                                               max_row=head + len(plan.students))
                   for c in row if c.value in ("F", "A"))
    assert coloured > 0

    ics = tmp_path / "class.ics"
    assert run_cli(str(plan_file), "--format", "ics", "-o", str(ics)).returncode == 0
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    events = list(cal.walk("VEVENT"))
    finals = sum(1 for b in plan.calendar.blocked if b.final)   # one event each (issue 20)
    assert len(events) == n_periods + finals
    assert len({str(e["uid"]) for e in events}) == n_periods + finals
    first = next(p for s in plan.students for p in s.periods)
    ev = next(e for e in events if e.decoded("dtstart") == first.start)
    assert (ev.decoded("dtend") - first.end).days == 1   # DTEND is exclusive


def test_xlsx_needs_an_output_file() -> None:
    out = run_cli(str(ROOT / "scenarios" / "bts-sn-zone-a.yaml"), "--format", "xlsx")
    assert out.returncode == 2
    assert b"-o" in out.stderr and b"Traceback" not in out.stderr


def test_html_and_text_are_self_contained(tmp_path: Path) -> None:
    src = str(ROOT / "scenarios" / "bts-sn-zone-a.yaml")
    page = tmp_path / "class.html"
    assert run_cli(src, "--format", "html", "-o", str(page), "--lang", "fr").returncode == 0
    html = page.read_text()
    assert "<table" in html and "Légende" in html
    assert "http://" not in html and "https://" not in html and "<script" not in html
    text = run_cli(src, "--lang", "en")
    assert text.returncode == 0 and b"Legend" in text.stdout and b"S01" in text.stdout


def test_bad_input_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("programme: bts-ci\ncalendar: {zone: Q, start: 2025-09-01, end: 2027-06-30}\n"
                   "students: []\n")
    out = run_cli(str(bad))
    assert out.returncode == 2 and b"zone" in out.stderr and b"Traceback" not in out.stderr


IMPOSSIBLE = """programme: bts-ci
calendar:
  zone: A
  start: 2025-09-01
  end: 2027-06-30
  blocked:
    - {from: 2025-09-01, to: 2027-03-31, reason: "travaux"}
students:
  - {id: A1}
  - {id: A2, route: apprentice}
"""


def test_infeasible_class_is_explained(tmp_path: Path) -> None:
    f = tmp_path / "impossible.yaml"
    f.write_text(IMPOSSIBLE)
    out = run_cli(str(f), "--time-limit", "10")
    assert out.returncode == 1
    text = out.stdout.decode() + out.stderr.decode()
    assert "total-weeks" in text and "blocked-dates" in text and "B.1" in text
    result = generate(load_scenario(f), time_limit=10)
    assert result.status == "infeasible" and result.conflict
    assert conflict_is_infeasible(load_scenario(f), result.conflict)
    # minimal: without any one member the rest can be satisfied
    for item in result.conflict:
        rest = [c for c in result.conflict if c is not item]
        assert not conflict_is_infeasible(load_scenario(f), rest)


# ---- a class solved part by part --------------------------------------------------------

def mixed_class(order: list[int] | None = None, capacity: int = 4) -> dict[str, Any]:
    """Nine CI students in four groups; at most ``capacity`` abroad in the same week."""
    kinds = [("initial", "none")] * 5 + [("initial", "reduced")] * 2 + [
        ("apprentice", "none"), ("continuing", "none")]
    order = order or list(range(len(kinds)))
    return {"programme": "bts-ci", "calendar": {"zone": "A", "start": "2025-09-01",
                                                "end": "2027-06-30",
                                                "blocked": [{"from": "2026-05-11",
                                                             "to": "2026-05-15"}]},
            "policy": [{"id": "cap", "kind": "max_abroad_per_week", "max": capacity}],
            "students": [{"id": f"P{i}", "route": kinds[i][0], "adjustment": kinds[i][1]}
                         for i in order]}


def whole_optimum(sc: Scenario) -> float:
    """The optimum of the class model solved at once (no parts, no cache)."""
    cm = build_class_model(sc, preferences=default_preferences())
    cm.require_hard()
    out = _solve_whole(cm, 60.0, workers=1)
    assert out.code == 4 and out.objective is not None   # cp_model.OPTIMAL
    return out.objective


@pytest.mark.parametrize("capacity", [4, 2])
def test_parts_reach_the_whole_models_optimum(capacity: int) -> None:
    # capacity 2: the parts' own calendars clash abroad and are planned one after another.
    # Without CI's reading both-years (issue 18): with it, this class is no longer solved
    # within the budget (status unknown at 30 s; a known performance gap, see the issue's
    # report), and this test is about the parts, not about that reading.
    data = mixed_class(capacity=capacity)
    if capacity == 2:
        data["disabled_rules"] = ["both-years"]
    sc = parse_scenario(data, None)
    clear_cache()
    result = generate(sc, time_limit=30)
    assert result.status == "optimal" and result.objective == result.bound
    assert result.objective == whole_optimum(sc)
    assert verify(result.scenario).compliant


def test_outputs_do_not_depend_on_the_cache() -> None:
    a = parse_scenario(mixed_class(), None)
    b = parse_scenario(mixed_class(order=[8, 7, 6, 5, 4, 3, 2, 1, 0]), None)
    clear_cache()
    cold_a = plan_yaml(generate(a, time_limit=30).scenario)
    warm_b = plan_yaml(generate(b, time_limit=30).scenario)   # a's parts are cached
    clear_cache()
    cold_b = plan_yaml(generate(b, time_limit=30).scenario)
    assert warm_b == cold_b
    assert plan_yaml(generate(a, time_limit=30).scenario) == cold_a


# ---- property test: random small classes ------------------------------------------------

ROUTES = [("initial", "none"), ("initial", "reduced"), ("apprentice", "none"),
          ("initial", "exempt"), ("continuing", "none"), ("initial", "exempt-one-unit")]
MONDAYS = ["2025-10-06", "2025-11-17", "2026-01-12", "2026-03-09", "2026-05-18",
           "2026-06-08", "2026-11-16", "2027-01-11", "2027-03-15", "2027-05-03"]


@st.composite
def random_class(draw: Any) -> dict[str, Any]:
    n = draw(st.integers(1, 4))
    students = []
    for i in range(n):
        route, adj = draw(st.sampled_from(ROUTES))
        s: dict[str, Any] = {"id": f"R{i}", "route": route, "adjustment": adj}
        if draw(st.booleans()) and draw(st.booleans()):
            start = draw(st.sampled_from(MONDAYS))
            s["periods"] = [{"from": start, "weeks": draw(st.integers(1, 5)),
                             "place": draw(st.sampled_from(["france", "abroad"])),
                             "locked": True}]
        students.append(s)
    blocked = []
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.sampled_from(MONDAYS))
        blocked.append({"from": start, "to": start if draw(st.booleans()) else None})
    blocked = [{k: v for k, v in b.items() if v is not None} for b in blocked]
    cal: dict[str, Any] = {"zone": draw(st.sampled_from("ABC")), "start": "2025-09-01",
                           "end": "2027-06-30"}
    if blocked:
        cal["blocked"] = blocked
    policy = []
    if draw(st.booleans()):
        policy.append({"id": "cap", "kind": "max_abroad_per_week", "max": draw(st.integers(0, 2))})
    return {"programme": "bts-ci", "calendar": cal, "policy": policy, "students": students}


@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(random_class())
def test_random_classes_generate_or_explain(data: dict[str, Any]) -> None:
    if not data["policy"]:
        del data["policy"]
    sc = parse_scenario(data, None)
    result = generate(sc, time_limit=10)
    if result.ok:
        check = verify(result.scenario)
        assert check.compliant, [(v.rule.id, v.student) for s in check.students
                                 for v in s.violations if v.severity == "error"]
        assert locked_kept(sc, result.scenario)
        if result.status == "optimal" and result.grid == "week" and result.shared_windows:
            assert result.objective == whole_optimum(sc)
    else:
        assert result.status == "infeasible"
        assert result.conflict
        assert conflict_is_infeasible(sc, result.conflict)


def test_stdout_yaml_is_the_plan() -> None:
    import yaml

    out = run_cli(str(ROOT / "scenarios" / "bts-sn-zone-a.yaml"), "--format", "yaml")
    assert out.returncode == 0
    data = yaml.safe_load(io.BytesIO(out.stdout))
    assert data["programme"] == "bts-sn" and data["students"][0]["periods"]


def test_cache_tells_apart_groups_of_different_sizes() -> None:
    # exempt students add nothing to the solver model: two classes whose exempt groups
    # differ only in size must not share a cached answer (a batch once crashed on it)
    clear_cache()
    small = make_scenario([stu("A1"), stu("E1", adjustment="exempt"),
                           stu("E2", adjustment="exempt")])
    large = make_scenario([stu("A1"), stu("E1", adjustment="exempt"),
                           stu("E2", adjustment="exempt"), stu("E3", adjustment="exempt")])
    assert generate(small, time_limit=5).ok
    result = generate(large, time_limit=5)
    assert result.ok
    assert [s.id for s in result.scenario.students] == ["A1", "E1", "E2", "E3"]
    assert verify(result.scenario).compliant
