"""Repair's ``-o`` and ``--in-place`` keep the user's file: comments, key order, quoting,
flow or block style and ``weeks:`` forms; only the lines of the edited periods change."""

from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from solver.cli.commands.repair import repaired_text
from solver.jobs.edits import status_of
from solver.jobs.repair import repair
from solver.load.scenario import load_scenario

COMMENTED = """\
# Classe de BTS CI — plan saisi à la main (ne pas reformater)
programme: bts-ci
label: 'BTS CI, lycée test'   # quoted on purpose
calendar:
  zone: A
  start: 2025-09-01
  end: 2027-06-30

students:
  # first student: abroad block one week short
  - id: S01
    name: "Ana"
    periods:
      - {from: 2026-05-18, weeks: 3, place: abroad, country: ES}   # Madrid, signed soon
      - {from: 2027-01-04, weeks: 11}
  - id: S02     # compliant, never touched
    periods:
      - from: 2026-05-18
        weeks: 4
        place: abroad
        country: DE
      - from: 2027-01-04
        to: 2027-03-12   # ten weeks
  - id: S03
    periods:
      - from: "2026-05-18"
        weeks: 4
        place: abroad
        country: IT
      # January placement, 9 weeks: one short of 14
      - from: "2027-01-04"
        weeks: 9
        place: france
"""


def _changed_lines(before: str, after: str) -> list[int]:
    """1-based lines of ``before`` that ``after`` replaced or deleted (and insert points)."""
    out: list[int] = []
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(
            None, before.splitlines(), after.splitlines(), autojunk=False).get_opcodes():
        if tag != "equal":
            out.extend(range(i1 + 1, max(i2, i1 + 1) + 1))
    return out


def test_round_trip_changes_only_the_edited_period_lines(tmp_path: Path) -> None:
    src = tmp_path / "classe.yaml"
    src.write_text(COMMENTED, encoding="utf-8")
    sc = load_scenario(src)
    result = repair(sc)
    assert result.ok and result.changed_days == 10
    text = repaired_text(result, str(src))
    # the edited periods: S01's first (line 14) and S03's second (its weeks: line, 32)
    edited_lines = {p.line for s in result.students for e in s.edits
                    if e.before is not None for p in [e.before]}
    assert edited_lines == {14, 31}
    changed = _changed_lines(COMMENTED, text)
    assert changed and set(changed) <= {14, 32}, (changed, text)
    # every comment, the quoting and the weeks: forms are still there
    for needle in ("# Classe de BTS CI", "# quoted on purpose", "# Madrid, signed soon",
                   "# ten weeks", "# January placement", "'BTS CI, lycée test'",
                   'from: "2027-01-04"', "weeks: 10", "weeks: 4, place: abroad"):
        assert needle in text, needle
    assert "route:" not in text and "adjustment:" not in text   # no defaults added
    # and it reads back as exactly the repaired plan
    out = tmp_path / "out.yaml"
    out.write_text(text, encoding="utf-8")
    back = load_scenario(out)
    cal = back.calendar
    for s, t in zip(result.scenario.students, back.students, strict=True):
        assert status_of(result.scenario.student_plan(s), cal.n) == \
            status_of(back.student_plan(t), cal.n)


def test_weeks_becomes_to_only_when_the_end_is_not_whole_weeks(tmp_path: Path) -> None:
    # summer rest broken by a 6-week July placement written with weeks: the fix
    # shortens it to whole weeks, so weeks: stays; an unchanged to: period stays to:
    src = tmp_path / "c.yaml"
    src.write_text(COMMENTED.replace("weeks: 3, place: abroad", "weeks: 4, place: abroad")
                   .replace("weeks: 11}", "weeks: 6}\n      - {from: 2026-07-06, weeks: 6}"),
                   encoding="utf-8")
    sc = load_scenario(src)
    result = repair(sc)
    assert result.ok
    text = repaired_text(result, str(src))
    s01 = text.split("- id: S02")[0]
    assert "to:" not in s01.split("students:")[1]
    assert "# Madrid, signed soon" in text


def test_new_period_is_written_in_its_neighbours_style(tmp_path: Path) -> None:
    # a signed 4 weeks abroad and nothing else: 10 more weeks in a new period
    src = tmp_path / "c.yaml"
    src.write_text(COMMENTED.split("  - id: S02")[0].replace(
        "      - {from: 2027-01-04, weeks: 11}\n", "").replace(
        "weeks: 3, place: abroad, country: ES}", "weeks: 4, place: abroad, country: ES, "
        "locked: true}"), encoding="utf-8")
    sc = load_scenario(src)
    result = repair(sc)
    assert result.ok and {e.action for e in result.edits} == {"add"}
    text = repaired_text(result, str(src))
    assert text.startswith("# Classe de BTS CI")
    new_lines = [ln for ln in text.splitlines() if ln.strip().startswith("- {from:")]
    assert len(new_lines) == 1 + len(result.edits)     # flow style like its neighbour
    out = tmp_path / "o.yaml"
    out.write_text(text, encoding="utf-8")
    assert load_scenario(out).students[0].periods == [
        p.__class__(p.start, p.end, p.place, p.country, p.locked, p.label,
                    load_scenario(out).students[0].periods[i].line)
        for i, p in enumerate(result.scenario.students[0].periods)]


def test_cli_in_place_keeps_comments(tmp_path: Path) -> None:
    src = tmp_path / "classe.yaml"
    src.write_text(COMMENTED, encoding="utf-8")
    # planned from its start: by today (issue 18's default --from) its past is history
    proc = subprocess.run([sys.executable, "-m", "solver", "repair", str(src), "--in-place",
                           "--lang", "en", "--from", "start"], capture_output=True, text=True,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    text = src.read_text(encoding="utf-8")
    assert set(_changed_lines(COMMENTED, text)) <= {14, 32}
    assert "# January placement, 9 weeks" in text
