"""``stageplan batch``: one row per scenario of a folder, broken files as error rows."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

from solver.cli.commands.batch import scenario_files

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "solver", "batch", *args],
                          capture_output=True, text=True, cwd=ROOT)


def test_batch_over_scenarios_has_one_row_per_scenario(tmp_path: Path) -> None:
    html = tmp_path / "summary.html"
    out = run_cli(str(SCENARIOS), "--verify-only", "--format", "csv", "--html", str(html))
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    files = scenario_files(SCENARIOS)
    assert len(files) >= 12   # the classes and the what-if overlays of scenarios/whatif/
    assert [r["file"] for r in rows] == [str(p) for p in files]
    assert all(r["error"] == "" for r in rows)
    by_name = {Path(r["file"]).name: r for r in rows}
    assert by_name["bts-ci-plan-2025-2027.yaml"]["non_compliant"] == "S02 S03"
    assert by_name["plan-derogation.yaml"]["non_compliant"] == "S02 S03"
    assert by_name["bts-ci-zone-a.yaml"]["plan"] == "none"
    page = html.read_text(encoding="utf-8")
    assert page.count("<tr") == len(rows) + 1


def test_broken_file_is_an_error_row_not_a_crash(tmp_path: Path) -> None:
    shutil.copy(SCENARIOS / "bts-sn-zone-a.yaml", tmp_path / "a-good.yaml")
    (tmp_path / "b-broken.yaml").write_text("programme: bts-ci\ncalendar: {zone: Q}\n",
                                            encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c-overlay.yaml").write_text(
        "base: ../a-good.yaml\nchanges:\n  - calendar.zone=C\n", encoding="utf-8")
    (tmp_path / "d-bad-overlay.yaml").write_text("base: a-good.yaml\nchanges:\n  - disable: x\n",
                                                 encoding="utf-8")
    out = run_cli(str(tmp_path), "--format", "json", "--time-limit", "2",
                  "--executor", "serial")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)["scenarios"]
    assert [Path(r["file"]).name for r in rows] == ["a-good.yaml", "b-broken.yaml",
                                                   "d-bad-overlay.yaml", "c-overlay.yaml"]
    good, broken, bad_overlay, overlay = rows
    assert good["generate"]["feasible"] and overlay["generate"]["feasible"]
    assert broken["error"]["line"] == 2 and "start" in broken["error"]["message"]
    assert bad_overlay["error"]["line"] == 3
    out = run_cli(str(tmp_path), "--format", "csv", "--verify-only")
    statuses = [r["status"] for r in csv.DictReader(io.StringIO(out.stdout))]
    assert statuses == ["verified", "error", "error", "verified"]


def test_batch_bad_folder_exits_2(tmp_path: Path) -> None:
    assert run_cli(str(tmp_path / "missing")).returncode == 2
    assert run_cli(str(tmp_path)).returncode == 2      # no scenario file
