"""What-if and compare: the comparison's facts, its invariants, the runner and the CLI.

Solves use tiny classes and short budgets; verification-only jobs cover the bundled plan.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from solver.core.errors import InputError
from solver.jobs.batch.executors import Job
from solver.jobs.batch.runner import make_executor, run_jobs
from solver.jobs.whatif import Variant, compare, diff, run_variant
from solver.load.overlay import parse_set
from solver.load.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
PLAN = str(ROOT / "scenarios" / "bts-ci-plan-2025-2027.yaml")
COVID = str(ROOT / "scenarios" / "whatif" / "plan-covid-year.yaml")
TINY = """programme: bts-sn
calendar: {zone: A, start: 2025-09-01, end: 2027-06-30}
students:
  - {id: S01}
  - {id: S02, adjustment: reduced}
  - {id: S03}
"""


@pytest.fixture
def tiny(tmp_path: Path) -> str:
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY, encoding="utf-8")
    return str(path)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "solver", *args], capture_output=True,
                          text=True, cwd=ROOT)


def variant(file: str, *sets: str, generate: bool = False, name: str = "v") -> dict:
    return run_variant(Variant(name, file, tuple(parse_set(s) for s in sets)), 2.0, generate)


def without_times(summary: dict) -> dict:
    out = json.loads(json.dumps(summary))
    if out.get("generate"):
        out["generate"].pop("solve_time")
    return out


def test_identical_variant_reports_no_difference(tiny: str) -> None:
    base = variant(tiny, generate=True, name="base")
    same = variant(tiny, "calendar.zone=A", "students[S01].adjustment=none", generate=True)
    d = diff(base, same)
    assert d["same"] and d["differences"] == []
    assert all(m["shift_weeks"] == 0 for m in d["windows"])
    assert d["objective_delta"] == 0
    plan = variant(PLAN, name="base")
    assert diff(plan, variant(PLAN, "label=other"))["same"]


def test_a_real_change_is_reported(tiny: str) -> None:
    base = variant(tiny, generate=True, name="base")
    # a blocked fortnight in the class window moves the window or costs something
    other = variant(tiny, "calendar.blocked+={from: 2026-06-08, to: 2026-06-19}",
                    generate=True)
    assert not diff(base, other)["same"]
    plan = variant(COVID, name="base")
    derog = variant(COVID, "apply=derogation")
    d = diff(plan, derog)
    assert d["newly_compliant"] == ["S08", "S09"] and d["newly_non_compliant"] == []
    assert "verify" in d["differences"]


@pytest.mark.parametrize("path", [PLAN, COVID])
def test_disabling_a_rule_never_makes_fewer_students_compliant(path: str) -> None:
    base = variant(path, name="base")
    ok_base = base["verify"]["students"] - len(base["verify"]["non_compliant"])
    rule_ids = [r.id for r in load_scenario(path).rules]
    assert len(rule_ids) > 5
    for rule_id in rule_ids:
        other = variant(path, f"rules[{rule_id}].enabled=false")
        ok = other["verify"]["students"] - len(other["verify"]["non_compliant"])
        assert ok >= ok_base, rule_id
        assert not diff(base, other)["newly_non_compliant"], rule_id


def test_infeasible_variant_shows_its_conflict(tiny: str) -> None:
    # the whole class must leave in the last six teaching weeks of year 1: block them
    out = variant(tiny, "calendar.blocked+={from: 2026-05-18, to: 2026-07-03}", generate=True)
    g = out["generate"]
    assert g["feasible"] is False and g["status"] == "infeasible"
    assert "blocked-dates" in {c["rule"] for c in g["conflict"]}


def test_serial_and_local_pool_give_the_same_results(tiny: str) -> None:
    jobs = [Job("base", tiny, (), "variant", 2.0),
            Job("c", tiny, (parse_set("calendar.zone=C"),), "variant", 2.0),
            Job("plan", PLAN, (), "verify", 2.0),
            Job("derog", COVID, (parse_set("apply=derogation"),), "verify", 2.0)]
    serial = run_jobs(jobs, "serial")
    local = run_jobs(jobs, "local", workers=2)
    assert [without_times(s) for s in serial] == [without_times(s) for s in local]
    assert [s["name"] for s in local] == ["base", "c", "plan", "derog"]


def test_executors() -> None:
    assert make_executor("serial").name == "serial"
    assert make_executor("local", 3).workers == 3   # type: ignore[attr-defined]
    with pytest.raises(InputError, match="unknown executor"):
        make_executor("ray")   # never announced as planned any more (issue 23)
    with pytest.raises(InputError, match="--executor dask"):
        make_executor("serial", scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(InputError, match="unknown executor"):
        make_executor("slurm")


def test_compare_report_shape(tiny: str) -> None:
    report = compare([variant(tiny, name="base"), variant(tiny, "calendar.zone=C")], 2.0)
    assert [v["base"] for v in report["variants"]] == [True, False]
    assert report["variants"][0]["diff"] is None
    assert report["variants"][1]["changes"] == ["calendar.zone=C"]


def test_cli_whatif_json_as_the_web_page_calls_it(tiny: str) -> None:
    out = run_cli("whatif", tiny, "--format", "json", "--lang", "fr",
                  "--set", "calendar.zone=C",
                  "--set", "calendar.blocked+={from: 2026-05-04, to: 2026-05-08, reason: 'x'}",
                  "--set", "students[S01].route=apprentice",
                  "--set", "rules[total-weeks-reduced].min=5", "--time-limit", "2",
                  # a class planned from its start (--from's default, today, is in the
                  # middle of this 2025-2027 class: issue 18)
                  "--from", "start")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [v["name"] for v in data["variants"]] == ["base", "variant"]
    assert data["variants"][1]["generate"]["feasible"]
    assert len(data["variants"][1]["changes"]) == 4


def test_cli_whatif_variants_text_and_html(tiny: str, tmp_path: Path) -> None:
    out = run_cli("whatif", tiny, "--variant", "zoneC:calendar.zone=C",
                  "--variant", "exams:calendar.blocked+={from: 2026-06-08, to: 2026-06-12},"
                  "students[S03].adjustment=reduced", "--time-limit", "2",
                  "--executor", "serial", "--lang", "en", "--from", "start")
    assert out.returncode == 0, out.stderr
    assert "zoneC" in out.stdout and "exams" in out.stdout and "Class windows" in out.stdout
    html = tmp_path / "r.html"
    out = run_cli("whatif", tiny, "--set", "calendar.zone=B", "--format", "html", "-o",
                  str(html), "--time-limit", "2", "--lang", "fr", "--executor", "serial",
                  "--from", "start")
    assert out.returncode == 0, out.stderr
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Fenêtres de la classe" in page
    assert "http" not in page


@pytest.mark.parametrize("args", [
    ["--set", "calendar.zonee=C"],
    ["--set", "students[S99].route=apprentice"],
    ["--set", "rules[nope].enabled=false"],
    ["--variant", "novalue"],
    [],
])
def test_cli_whatif_bad_input_exits_2(tiny: str, args: list[str]) -> None:
    out = run_cli("whatif", tiny, *args, "--time-limit", "1")
    assert out.returncode == 2, out.stdout + out.stderr
    assert "Traceback" not in out.stderr and out.stderr.strip()


def test_cli_compare_files(tiny: str) -> None:
    out = run_cli("compare", str(ROOT / "scenarios" / "whatif" / "plan-covid-year.yaml"),
                  str(ROOT / "scenarios" / "whatif" / "plan-derogation.yaml"),
                  "--format", "json", "--verify-only", "--executor", "serial")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["variants"][1]["diff"]["newly_compliant"] == ["S08", "S09"]
    assert run_cli("compare", tiny).returncode == 2
    assert run_cli("compare", tiny, str(ROOT / "nowhere.yaml")).returncode == 2


# ---- issue 20: what-if and compare formatting ---------------------------------------

def test_french_cells_do_not_mix_decimal_commas_and_list_commas() -> None:
    from solver.io.render.whatif_out import cells, whatif_html

    variant = {"name": "v", "changes": ["calendar.zone=C", "policy[0].max=8"],
               "generate": {"status": "optimal", "feasible": True, "conflict": [],
                            "windows": [{"from": "2026-05-04", "to": "2026-06-12"}] * 2,
                            "holiday_weeks": 1.0, "abroad_weeks": 4.0, "objective": 3.0,
                            "solve_time": 10.0},
               "diff": {"windows": [{"shift_weeks": 8.0}, {"shift_weeks": -1.5}],
                        "same": False}}
    fr = cells(variant, "fr")
    assert fr["wi_shift"] == "+8 ; −1,5"
    assert fr["wi_changes"] == "calendar.zone=C ; policy[0].max=8"
    assert fr["wi_solve_time"] == "10 s"
    assert cells(variant, "en")["wi_shift"] == "+8, −1.5"
    page = whatif_html({"variants": [variant], "time_limit": 10.0}, "fr")
    assert "budget de 10 s" in page and "10.0" not in page


def test_same_results_are_said_for_what_was_computed() -> None:
    from solver.io.render.whatif_out import cells

    verified = {"name": "v", "changes": ["calendar.zone=C"], "verify": {
        "non_compliant": [], "broken": {}, "students": 3}, "diff": {"same": True}}
    text = cells(verified, "fr")["wi_changes"]
    assert text.startswith("calendar.zone=C — mêmes verdicts sur le plan existant")
    assert "aucune différence" not in text and "[" not in text


def test_compare_shows_the_changes_an_overlay_file_makes() -> None:
    from click.testing import CliRunner

    from solver.stageplan import main

    root = Path(__file__).parent.parent / "scenarios" / "whatif"
    r = CliRunner().invoke(main, ["compare", str(root / "plan-covid-year.yaml"),
                                  str(root / "plan-derogation.yaml"), "--verify-only",
                                  "--format", "json"])
    assert r.exit_code == 0, r.output
    variants = json.loads(r.output)["variants"]
    assert variants[1]["changes"][0] == "apply=derogation"


def test_batch_report_names_a_school_without_academie_once() -> None:
    from solver.io.render.batch_report import class_rows, rollup

    row = class_rows([{"file": "/x/lycee/c.yaml", "school": "Lycée Baggio", "label": "c",
                       "programme": "bts-ci", "students": 3}], lang="fr")[0]
    assert row["academie"] == "(non renseigné)"
    assert [r["key"] for r in rollup([row], "school")] == ["Lycée Baggio"]
    assert [r["key"] for r in rollup([row | {"academie": "Lille"}], "school")] == [
        "Lycée Baggio (Lille)"]
