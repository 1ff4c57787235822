"""verify separates the law from the school (issue 21, item 6).

The verdict (``compliant``, the exit status) and ``violations`` come from the rules of
the programme's text; the school's own rules (a model's or a class file's ``policy:``)
are listed apart: ``policy`` per student and ``class_policy`` in JSON, their own heading
in text and HTML, and they never change the verdict.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from conftest import make_scenario, per, stu

from solver.io.render.html import render_html, render_student_html
from solver.jobs.verify import verify
from solver.stageplan import main

# BTS CI, compliant by the text; the 11 weeks of year 2 run from a Wednesday, so the
# school's whole-weeks policy has something to say
PLAN = """programme: bts-ci
calendar: {zone: A, start: 2025-09-01, end: 2027-06-30}
students:
  - id: S01
    periods:
      - {from: 2026-03-02, weeks: 4, place: abroad, country: DE}
      - {from: 2027-01-06, weeks: 11}
"""
# two students abroad the same weeks under a class policy of one abroad a week
CAPPED = PLAN.replace("students:", "policy:\n  - {id: cap, kind: max_abroad_per_week, max: 1}\n"
                      "students:") + """  - id: S02
    periods:
      - {from: 2026-03-02, weeks: 4, place: abroad, country: ES}
      - {from: 2027-01-04, weeks: 11}
"""


def run(tmp_path: Path, text: str, *args: str) -> tuple[int, str]:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    res = CliRunner().invoke(main, ["verify", str(path), *args])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res.exit_code, res.stdout


def test_policy_findings_have_their_own_field(tmp_path: Path) -> None:
    code, out = run(tmp_path, PLAN, "--format", "json", "--lang", "en")
    data = json.loads(out)
    student = data["students"][0]
    assert code == 0 and data["compliant"] and student["compliant"]
    assert student["violations"] == []
    assert [v["rule"] for v in student["policy"]] == ["policy-whole-weeks"]
    assert "Politique de l'établissement" in student["policy"][0]["citation"]
    assert data["class_policy"] == []


def test_a_text_rule_still_decides(tmp_path: Path) -> None:
    code, out = run(tmp_path, PLAN.replace("weeks: 11", "weeks: 9"), "--format", "json")
    student = json.loads(out)["students"][0]
    assert code == 1 and not student["compliant"]
    assert [v["rule"] for v in student["violations"]] == ["total-weeks"]
    assert all(v["rule"].startswith("policy-") for v in student["policy"])


def test_a_school_error_never_makes_the_verdict(tmp_path: Path) -> None:
    code, out = run(tmp_path, CAPPED, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["compliant"]
    assert data["class_violations"] == []
    assert [(v["rule"], v["severity"]) for v in data["class_policy"]] == [("cap", "error")] * 4


def test_a_class_override_of_a_text_rule_stays_the_text() -> None:
    # a what-if that changes total-weeks writes it in the class policy: still the law
    sc = make_scenario([stu("S1", per("2026-03-02", weeks=4, place="abroad"),
                            per("2027-01-04", weeks=11))],
                       policy=[{"id": "total-weeks", "kind": "total_weeks", "min": 16}])
    result = verify(sc)
    assert not result.compliant
    assert [v.rule.id for v in result.students[0].violations] == ["total-weeks"]


def test_text_output_lists_the_school_apart(tmp_path: Path) -> None:
    for lang, law, school in (("en", "Violations", "School policy"),
                              ("fr", "Non-conformités", "Politique de l'établissement (")):
        code, out = run(tmp_path, PLAN.replace("weeks: 11", "weeks: 9"), "--lang", lang)
        assert code == 1
        assert law in out and school in out
        # the law's findings first, then the school's heading and its findings
        assert out.index(law) < out.index("total-weeks") < out.index(school) \
            < out.index("policy-whole-weeks")


def test_html_lists_the_school_apart(tmp_path: Path) -> None:
    sc = make_scenario([stu("S1", per("2026-03-02", weeks=4, place="abroad"),
                            per("2027-01-06", weeks=11))], shape=True)
    page = render_html(sc, "en")
    assert ">school policy<" in page   # the column of the school's findings
    student = render_student_html(sc, "en")
    assert student.index("School policy (the school") > student.index("abroad")
    text_rules = student[:student.index("School policy (the school")]
    assert "policy-" not in text_rules and "Politique de l" not in text_rules
