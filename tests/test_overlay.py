"""What-if overlays: each kind of change, the built-in overlays, and their errors.

Overlays are written as files next to a copy of the bundled plan (so that ``base:`` is
relative to the overlay) or given as ``--set`` text; every error names the file, the
line and the field of the change at fault.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from solver.core.errors import InputError
from solver.core.model import Scenario
from solver.jobs.verify import verify
from solver.load.overlay import builtin_overlays, load_builtin, parse_set
from solver.load.scenario import load_scenario, parse_scenario, scenario_with_changes

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "scenarios" / "bts-ci-plan-2025-2027.yaml"
WHATIF = ROOT / "scenarios" / "whatif"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(PLAN, tmp_path / "plan.yaml")
    return tmp_path


def overlay(folder: Path, text: str, name: str = "variant.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def with_sets(*sets: str, path: Path = PLAN) -> Scenario:
    return scenario_with_changes(path, [parse_set(s) for s in sets])


def non_compliant(sc: Scenario) -> set[str]:
    return {s.student.id for s in verify(sc).students if not s.compliant}


def rule(sc: Scenario, rule_id: str):  # type: ignore[no-untyped-def]
    return next(r for r in sc.rules if r.id == rule_id)


# ---- semantics ---------------------------------------------------------------------------

def test_base_alone_is_the_base(folder: Path) -> None:
    sc = load_scenario(overlay(folder, "base: plan.yaml\n"))
    base = load_scenario(PLAN)
    assert sc.to_dict() == base.to_dict()
    assert non_compliant(sc) == {"S02", "S03"}


def test_set_a_field_file_and_text_forms_agree(folder: Path) -> None:
    sc = load_scenario(overlay(folder, "base: plan.yaml\nchanges:\n"
                                      "  - {set: calendar.zone, value: C}\n"
                                      "  - students[S01].route=apprentice\n"))
    assert sc.calendar.zone == "C"
    assert next(s for s in sc.students if s.id == "S01").route == "apprentice"
    same = with_sets("calendar.zone=C", "students[S01].route=apprentice")
    assert same.to_dict() == sc.to_dict()
    assert load_scenario(PLAN).calendar.zone == "A"   # the base file is untouched


def test_add_blocked_dates_and_students() -> None:
    sc = with_sets("calendar.blocked+={from: 2026-05-18, to: 2026-05-22, reason: 'oral'}",
                   "students+={id: S08, name: New}")
    assert [b.label for b in sc.calendar.blocked] == ["CCF E4", "oral"]
    assert [s.id for s in sc.students][-1] == "S08"
    # S01 and S02 are abroad on those dates: the new blocked week breaks their plans
    assert {"S01", "S02"} <= non_compliant(sc)


def test_remove_a_student_both_forms(folder: Path) -> None:
    assert "S03" not in {s.id for s in with_sets("students-=S03").students}
    sc = load_scenario(overlay(folder, "base: plan.yaml\nchanges:\n  - remove: students[S03]\n"))
    assert [s.id for s in sc.students] == ["S01", "S02", "S04", "S05", "S06", "S07"]
    assert non_compliant(sc) == {"S02"}


def test_disable_by_id_and_enable_again(folder: Path) -> None:
    sc = with_sets("rules[abroad-block].enabled=false")
    assert "abroad-block" not in {r.id for r in sc.rules}
    assert non_compliant(sc) == {"S03"}
    assert non_compliant(with_sets("rules-=abroad-block")) == {"S03"}
    back = with_sets("rules[abroad-block].enabled=false", "rules[abroad-block].enabled=true")
    assert non_compliant(back) == {"S02", "S03"}
    # the disabled rule is written back, so a generated plan stays a valid input
    assert sc.to_dict()["disabled_rules"] == ["abroad-block"]
    again = parse_scenario(sc.to_dict(), "out.yaml", ROOT / "scenarios")
    assert again.disabled == ("abroad-block",)


def test_rule_parameter_weight_and_severity() -> None:
    sc = with_sets("rules[total-weeks].min=12", "rules[non-francophone].weight=5",
                   "rules[year1-abroad].severity=error")
    assert rule(sc, "total-weeks").min == 12
    assert rule(sc, "total-weeks").max == 16                     # other parameters kept
    assert rule(sc, "non-francophone").weight == 5
    assert rule(sc, "year1-abroad").severity == "error"
    # the programme rule keeps its citation (source included) once copied into the policy
    assert rule(sc, "total-weeks").render_citation().startswith("BTS CI, B.1")
    base = load_scenario(PLAN)
    assert rule(base, "non-francophone").weight == 1


def test_school_policy_rule_parameter() -> None:
    sc = with_sets("rules[erasmus-capacity].max=1")
    assert rule(sc, "erasmus-capacity").max == 1
    # a class file's capacity is the school's rule: listed apart, not the verdict (issue 21)
    result = verify(sc)
    assert not result.acceptable and not result.class_violations
    assert {v.rule.id for v in result.class_policy} == {"erasmus-capacity"}


def test_add_or_override_a_rule_by_id() -> None:
    sc = with_sets("rules+={id: erasmus-capacity, kind: max_abroad_per_week, max: 3}",
                   "rules+={id: min-ten, kind: total_weeks, min: 10}")
    assert rule(sc, "erasmus-capacity").max == 3
    assert [r.id for r in sc.policy] == ["erasmus-capacity", "min-ten"]


def test_kind_selector_and_at_most() -> None:
    sc = with_sets("rules[kind=total_weeks].min<=11")
    mins = {r.id: r.min for r in sc.rules if r.kind == "total_weeks"}
    assert mins == {"total-weeks": 11, "total-weeks-reduced": 10, "total-weeks-one-unit": 7}


def test_builtin_reduced_on_chosen_students() -> None:
    sc = with_sets("apply=reduced[S02,S03]")
    adj = {s.id: s.adjustment for s in sc.students}
    assert adj["S02"] == adj["S03"] == "reduced" and adj["S01"] == "none"
    assert non_compliant(sc) == {"S03"}   # S02's 3 weeks abroad are enough when reduced


def test_builtin_derogation_splits_and_lowers_the_total() -> None:
    base = load_scenario(WHATIF / "plan-covid-year.yaml")
    sc = load_scenario(WHATIF / "plan-derogation.yaml")
    assert non_compliant(base) == {"S02", "S03", "S08", "S09"}
    assert non_compliant(sc) == {"S02", "S03"}
    kinds = {r.id: r.kind for r in sc.rules}
    assert kinds["abroad-block"] == "total_weeks"          # split allowed, amount kept
    assert rule(sc, "abroad-block").abroad and rule(sc, "abroad-block").min == 4
    assert rule(sc, "total-weeks").min == 4


def test_every_builtin_overlay_cites_its_source() -> None:
    assert set(builtin_overlays()) == {"reduced", "exempt-one-unit", "exempt", "derogation"}
    for name in builtin_overlays():
        o = load_builtin(name)
        assert o.source and o.citations and o.changes
    assert "À VÉRIFIER" in load_builtin("derogation").source


def test_example_overlays_load() -> None:
    for path in sorted(WHATIF.glob("*.yaml")):
        sc = load_scenario(path)
        assert sc.students, path


# ---- errors ---------------------------------------------------------------------------------

def error_of(folder: Path, text: str) -> InputError:
    path = overlay(folder, text)
    with pytest.raises(InputError) as info:
        load_scenario(path)
    assert info.value.file == str(path)
    return info.value


@pytest.mark.parametrize(("change", "line", "words"), [
    ("  - {set: calendar.zonee, value: C}", 4, "unknown field 'zonee'"),
    ("  - {set: 'students[S99].route', value: apprentice}", 4, "no student 'S99'"),
    ("  - {disable: abroad-blok}", 4, "no rule 'abroad-blok'"),
    ("  - {set: 'rules[total-weeks].minimum', value: 3}", 4, "no parameter 'minimum'"),
    ("  - {set: 'students[S01].route', value: pilot}", 4, "unknown value 'pilot'"),
    ("  - {set: 'rules[total-weeks].min', value: lots}", 4, "expected a number"),
    ("  - {apply: reduced}", 4, "applies to chosen students"),
    ("  - {apply: reduce, students: [S01]}", 4, "unknown built-in overlay"),
    ("  - {set: calendar.zone}", 4, "is required"),
    ("  - {sett: calendar.zone, value: C}", 4, "unknown field 'sett'"),
])
def test_bad_change_names_file_line_and_field(folder: Path, change: str, line: int,
                                              words: str) -> None:
    exc = error_of(folder, "# what if\nbase: plan.yaml\nchanges:\n" + change + "\n")
    assert exc.line == line
    assert words in str(exc)
    assert exc.field and exc.field.startswith("changes[0]")


def test_error_gives_a_hint(folder: Path) -> None:
    exc = error_of(folder, "base: plan.yaml\nchanges:\n  - {disable: abroad-blok}\n")
    assert exc.hint == "did you mean 'abroad-block'?"


def test_unknown_top_level_field_and_missing_base(folder: Path) -> None:
    exc = error_of(folder, "base: plan.yaml\ncalendar: {zone: C}\n")
    assert exc.line == 2 and "unknown field 'calendar'" in str(exc)
    exc = error_of(folder, "base: nowhere.yaml\n")
    assert exc.line == 1 and "not found" in str(exc)
    exc = error_of(folder, "changes: [calendar.zone=C]\n")
    assert "needs 'base:'" in str(exc)


def test_cycle_is_detected(folder: Path) -> None:
    overlay(folder, "base: b.yaml\n", "a.yaml")
    overlay(folder, "base: a.yaml\n", "b.yaml")
    with pytest.raises(InputError, match="cycle"):
        load_scenario(folder / "a.yaml")
    overlay(folder, "base: self.yaml\n", "self.yaml")
    with pytest.raises(InputError, match="cycle"):
        load_scenario(folder / "self.yaml")


def test_overlay_of_an_overlay_reports_the_inner_file(folder: Path) -> None:
    overlay(folder, "base: plan.yaml\nchanges:\n  - students[S01].adjustment=nope\n", "inner.yaml")
    path = overlay(folder, "base: inner.yaml\n")
    with pytest.raises(InputError) as info:
        load_scenario(path)
    assert info.value.file is not None and info.value.file.endswith("inner.yaml")
    assert info.value.line == 3


def test_programme_refusing_an_adjustment_is_an_error() -> None:
    with pytest.raises(InputError, match="does not provide 'exempt-one-unit'"):
        with_sets("apply=exempt-one-unit[S01]",
                  path=ROOT / "scenarios" / "bts-sn-zone-a.yaml")


@pytest.mark.parametrize("text", ["calendar.zone", "students[S01.route=x", "=3",
                                  "apply=reduced[S01"])
def test_bad_set_text(text: str) -> None:
    with pytest.raises(InputError):
        with_sets(text)


def test_web_form_paths_are_understood() -> None:
    from solver.web.whatif_form import changes_from_form

    sets = changes_from_form({"zone": "C", "blocked_from": "2026-05-04",
                              "blocked_to": "2026-05-08", "blocked_reason": "x",
                              "student": "S01", "route": "apprentice",
                              "adjustment": "reduced", "rule": "total-weeks",
                              "param": "min", "value": "12"})
    sc = with_sets(*sets)
    s01 = next(s for s in sc.students if s.id == "S01")
    assert (sc.calendar.zone, s01.route, s01.adjustment) == ("C", "apprentice", "reduced")
    assert sc.calendar.blocked[-1].label == "x" and rule(sc, "total-weeks").min == 12


def test_overlay_without_programme_runs_with_verify(folder: Path) -> None:
    path = overlay(folder, "base: plan.yaml\nchanges:\n  - disable: summer-rest\n"
                           "  - disable: abroad-block\n")
    out = subprocess.run([sys.executable, "-m", "solver", "verify", str(path)],
                         capture_output=True, text=True, cwd=folder)
    assert out.returncode == 0, out.stdout + out.stderr
    bad = overlay(folder, "base: plan.yaml\nchanges:\n  - disable: nope\n", "bad.yaml")
    out = subprocess.run([sys.executable, "-m", "solver", "verify", str(bad)],
                         capture_output=True, text=True, cwd=folder)
    assert out.returncode == 2
    assert "bad.yaml:3" in out.stderr and "Traceback" not in out.stderr


def test_builtin_overlays_ship_with_the_installed_package(tmp_path: Path) -> None:
    """Run the installed console script away from the checkout (scripts/test.sh installs
    the package non-editable: the overlays then come from the package data)."""
    exe = Path(sys.executable).parent / "stageplan"
    found = str(exe) if exe.exists() else shutil.which("stageplan")
    assert found, "the stageplan console script is not installed in this environment"
    shutil.copy(PLAN, tmp_path / "plan.yaml")
    overlay(tmp_path, "base: plan.yaml\nchanges:\n  - apply: derogation\n"
                      "  - {apply: reduced, students: [S02]}\n")
    out = subprocess.run([found, "verify", "variant.yaml", "--format", "json"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert out.returncode == 1, out.stderr
    bad = {s["id"] for s in json.loads(out.stdout)["students"] if not s["compliant"]}
    assert bad == {"S03"}
