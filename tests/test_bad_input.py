"""Every bad input exits 2 with one clear message naming file and line/field, no traceback.

Each case writes a file and runs the real command line (click's CliRunner, in
process; a few cases also go through ``python -m solver`` in a subprocess).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from solver.stageplan import main

GOOD_HEAD = ("programme: bts-ci\n"
             "calendar: {zone: A, start: 2025-09-01, end: 2027-06-30}\n")


def scenario_text(students: str, head: str = GOOD_HEAD) -> str:
    return head + "students:\n" + students


ONE = "  - id: S01\n    periods:\n      - {from: 2026-03-02, weeks: 4, place: abroad}\n"

# (name, file content, words the message must contain (lower case), expected line)
CASES: list[tuple[str, str | bytes, list[str], int | None]] = [
    ("date-does-not-exist",
     scenario_text("  - id: S01\n    periods:\n      - {from: 2026-02-30, weeks: 4}\n"),
     ["2026-02-30", "field 'students[0].periods[0].from'"], 6),
    ("to-before-from",
     scenario_text("  - id: S01\n    periods:\n"
                   "      - {from: 2026-03-02, to: 2026-02-27}\n"),
     ["before", "to"], 6),
    ("unknown-programme", "programme: bts-cii\n"
     "calendar: {zone: A, start: 2025-09-01, end: 2027-06-30}\nstudents: []\n",
     ["bts-cii", "bts-ci"], 1),
    ("unknown-route", scenario_text("  - id: S01\n    route: initail\n"),
     ["initail", "initial"], 5),
    ("unknown-adjustment", scenario_text("  - id: S01\n    adjustment: reduce\n"),
     ["reduce", "reduced"], 5),
    ("adjustment-programme-lacks",
     "programme: bts-nrc\ncalendar: {zone: A, start: 2025-09-01, end: 2027-06-30}\n"
     "students:\n  - id: S01\n    adjustment: exempt-one-unit\n",
     ["exempt-one-unit", "adjustment"], 5),
    ("unknown-place",
     scenario_text("  - id: S01\n    periods:\n"
                   "      - {from: 2026-03-02, weeks: 4, place: abraod}\n"),
     ["abraod", "abroad"], 6),
    ("unknown-zone", "programme: bts-ci\ncalendar: {zone: D, start: 2025-09-01, "
     "end: 2027-06-30}\nstudents: []\n", ["zone", "'d'"], 2),
    ("unknown-field", scenario_text("  - id: S01\n    peroids: []\n"),
     ["peroids", "periods"], 5),
    ("unknown-top-field", GOOD_HEAD + "studnets: []\n", ["studnets", "students"], 3),
    ("duplicate-student-id", scenario_text(ONE + ONE), ["s01", "twice"], 7),
    ("duplicate-key", "programme: bts-ci\nprogramme: bts-nrc\n"
     "calendar: {zone: A, start: 2025-09-01, end: 2027-06-30}\nstudents: []\n",
     ["programme", "duplicate"], 2),
    ("top-level-list", "- programme: bts-ci\n- students: []\n", ["mapping"], None),
    ("top-level-scalar", "just a sentence\n", ["mapping"], None),
    ("python-tag", "programme: !!python/object:os.system {}\n", ["tag"], 1),
    ("python-tag-apply", "programme: !!python/object/apply:os.system ['echo hi']\n",
     ["tag"], 1),
    ("binary-junk", bytes(range(256)) * 4, [], None),
    ("empty-file", "", ["empty"], None),
    ("not-utf8", "programme: bts-ci\nlabel: \"Lyc\xe9e\"\n".encode("latin-1"),
     ["utf-8"], None),
    ("json-syntax-error", '{"programme": "bts-ci",\n "students": [}\n', ["json"], 2),
    ("json-bad-field", '{"programme": "bts-ci",\n "calendar": {"zone": "A", '
     '"start": "2025-09-01", "end": "2027-06-30"},\n "students": [{"id": "S01",\n'
     '   "route": "apprentis"}]}\n', ["apprentis", "apprentice"], 4),   # « apprenti » is an alias
    ("weeks-and-to", scenario_text("  - id: S01\n    periods:\n"
                                   "      - {from: 2026-03-02, to: 2026-03-27, weeks: 4}\n"),
     ["weeks"], 6),
    ("weeks-not-a-number", scenario_text("  - id: S01\n    periods:\n"
                                         "      - {from: 2026-03-02, weeks: four}\n"),
     ["weeks", "whole number"], 6),
    ("end-before-start", "programme: bts-ci\ncalendar: {zone: A, start: 2025-09-01, "
     "end: 2024-06-30}\nstudents: []\n", ["end"], 2),
    ("country-not-iso", scenario_text("  - id: S01\n    periods:\n      - {from: 2026-03-02, "
                                      "weeks: 4, place: abroad, country: Germany}\n"),
     ["germany", "country"], 6),
    ("distance-without-status", scenario_text("  - id: S01\n    route: distance\n"),
     ["status"], 4),
    ("students-not-a-list", GOOD_HEAD + "students: {id: S01}\n", ["students"], 3),
    ("policy-unknown-kind", GOOD_HEAD + "policy:\n  - {kind: max_abroad_per_wek, max: 3}\n"
     "students: []\n", ["max_abroad_per_wek", "max_abroad_per_week"], 4),
    ("zone-data-out-of-range", "programme: bts-ci\ncalendar: {zone: A, start: 2045-09-01, "
     "end: 2047-06-30}\nstudents: []\n", ["holidays"], 2),
]


def run_verify(path: Path) -> tuple[int, str]:
    res = CliRunner().invoke(main, ["verify", str(path), "--lang", "en"])
    assert not isinstance(res.exception, Exception) or isinstance(res.exception, SystemExit), \
        f"uncaught {res.exception!r}"
    return res.exit_code, res.output + (res.stderr if res.stderr_bytes is not None else "")


@pytest.mark.parametrize("name, content, words, line", CASES, ids=[c[0] for c in CASES])
def test_bad_scenario_exits_2(tmp_path: Path, name: str, content: str | bytes,
                              words: list[str], line: int | None) -> None:
    suffix = ".json" if name.startswith("json") else ".yaml"
    path = tmp_path / f"{name}{suffix}"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    code, out = run_verify(path)
    assert code == 2, out
    assert "Traceback" not in out
    low = out.lower()
    assert path.name.lower() in low, out
    for word in words:
        assert word in low, f"{word!r} not in {out!r}"
    if line is not None:
        assert f":{line}" in out, f"line {line} not in {out!r}"


def test_missing_file_exits_2(tmp_path: Path) -> None:
    code, out = run_verify(tmp_path / "nowhere.yaml")
    assert code == 2
    assert "nowhere.yaml" in out and "Traceback" not in out


def test_directory_instead_of_file_exits_2(tmp_path: Path) -> None:
    code, out = run_verify(tmp_path)
    assert code == 2 and "Traceback" not in out


MODEL_HEAD = ("id: my-bts\ntitle: Mon BTS\nroutes: [initial]\nadjustments: [none]\n"
              "rules:\n")


@pytest.mark.parametrize("rule, words, line", [
    ("  - {id: total, kind: totl_weeks, min: 14}\n", ["totl_weeks", "total_weeks"], 6),
    ("  - {id: total, kind: total_weeks, minimum: 14}\n", ["minimum", "min"], 6),
    ("  - {id: total, kind: total_weeks, min: 16, max: 14}\n", ["max"], 6),
    ("  - {id: block, kind: consecutive_block}\n", ["weeks"], 6),
])
def test_bad_model_file_exits_2(tmp_path: Path, rule: str, words: list[str],
                                line: int) -> None:
    model = tmp_path / "my-model.yaml"
    model.write_text(MODEL_HEAD + rule, encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text("programme: my-model.yaml\n"
                    "calendar: {zone: A, start: 2025-09-01, end: 2027-06-30}\n"
                    "students: []\n", encoding="utf-8")
    code, out = run_verify(plan)
    assert code == 2, out
    assert "Traceback" not in out
    assert "my-model.yaml" in out and f":{line}" in out, out
    for word in words:
        assert word in out.lower(), f"{word!r} not in {out!r}"


@pytest.mark.parametrize("name", ["date-does-not-exist", "python-tag", "binary-junk",
                                  "top-level-list"])
def test_real_process_exits_2_without_traceback(tmp_path: Path, name: str) -> None:
    content = next(c[1] for c in CASES if c[0] == name)
    path = tmp_path / f"{name}.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "solver", "verify", str(path)], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr + out.stdout
    assert path.name in out.stderr
