"""Each programme, route and adjustment the models accept: plans just inside and just
outside their own minima, checked with both engines.

The expected sets are the rule ids the text makes the plan break (errors and
warnings), written by hand from the regulation texts; an empty set is a compliant
plan without warnings.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ROOT, both_engines, make_scenario, per

from solver.core.model import Scenario, builtin_models
from solver.jobs.generate import generate
from solver.jobs.verify import verify
from solver.load.programme import load_programme
from solver.load.scenario import load_scenario
from solver.rules.capacity import _WeeklyCap
from solver.stageplan import main

MODELS = sorted(p.stem for p in (ROOT / "models").glob("*.yaml"))

AB = "abroad"


def abroad(start: str, weeks: int) -> dict[str, Any]:
    return per(start, weeks=weeks, place=AB, country="DE")


# BTS CI: abroad block in year 1 (2026-03-02), the rest in France in year 2
CI_Y1 = "2026-03-02"
CI_Y2 = "2027-01-04"
CCST_Y1 = "2026-03-02"

# (programme, student fields, periods, expected broken rule ids)
CASES: list[tuple[str, dict[str, Any], list[dict[str, Any]], set[str]]] = [
    # ---- BTS CI ----------------------------------------------------------------------
    ("bts-ci", {}, [abroad(CI_Y1, 4), per(CI_Y2, weeks=10)], set()),
    ("bts-ci", {}, [abroad(CI_Y1, 4), per(CI_Y2, weeks=9)], {"total-weeks"}),
    ("bts-ci", {"adjustment": "reduced"}, [abroad(CI_Y1, 3), per(CI_Y2, weeks=7)], set()),
    ("bts-ci", {"adjustment": "reduced"}, [abroad(CI_Y1, 3), per(CI_Y2, weeks=6)],
     {"total-weeks-reduced"}),
    ("bts-ci", {"adjustment": "reduced"}, [abroad(CI_Y1, 2), per(CI_Y2, weeks=8)],
     {"abroad-block-reduced"}),
    ("bts-ci", {"adjustment": "reduced"}, [abroad(CI_Y1, 3), per(CI_Y2, weeks=14)],
     {"total-weeks-reduced"}),                                # 17 weeks: max 16 stays
    ("bts-ci", {"adjustment": "exempt-one-unit"}, [abroad(CI_Y1, 3), per(CI_Y2, weeks=4)],
     set()),
    ("bts-ci", {"adjustment": "exempt-one-unit"}, [abroad(CI_Y1, 3), per(CI_Y2, weeks=3)],
     {"total-weeks-one-unit"}),
    ("bts-ci", {"adjustment": "exempt-one-unit"}, [abroad(CI_Y1, 2), per(CI_Y2, weeks=5)],
     {"abroad-block-one-unit"}),
    ("bts-ci", {"adjustment": "exempt"}, [], set()),
    # no placement at all: both years empty too (the reading of « réparties », issue 18)
    ("bts-ci", {}, [], {"total-weeks", "abroad-block", "year1-abroad", "both-years"}),
    ("bts-ci", {"route": "apprentice"}, [abroad(CI_Y1, 4)], set()),
    ("bts-ci", {"route": "apprentice"}, [abroad(CI_Y1, 3)], {"apprentice-abroad-block"}),
    # issue 21: B.2's 4 weeks abroad are the apprentices' own obligation, which C's
    # reduced duration (« dont 3 semaines ») does not lower
    ("bts-ci", {"route": "apprentice", "adjustment": "reduced"}, [abroad(CI_Y1, 4)], set()),
    ("bts-ci", {"route": "apprentice", "adjustment": "reduced"}, [abroad(CI_Y1, 3)],
     {"apprentice-abroad-block"}),
    ("bts-ci", {"route": "apprentice", "adjustment": "exempt-one-unit"}, [abroad(CI_Y1, 4)],
     set()),
    ("bts-ci", {"route": "apprentice", "adjustment": "exempt-one-unit"}, [abroad(CI_Y1, 3)],
     {"apprentice-abroad-block"}),
    ("bts-ci", {"adjustment": "reduced"}, [abroad(CI_Y1, 3), per(CI_Y2, weeks=7)], set()),
    # the summer rest sentence sits under the school route only
    ("bts-ci", {"route": "continuing"},
     [abroad(CI_Y1, 4), per("2026-07-06", weeks=6), per(CI_Y2, weeks=4)], set()),
    ("bts-ci", {},
     [abroad(CI_Y1, 4), per("2026-07-06", weeks=6), per(CI_Y2, weeks=4)], {"summer-rest"}),
    ("bts-ci", {"route": "continuing"}, [abroad(CI_Y1, 4), per(CI_Y2, weeks=13)],
     {"total-weeks"}),
    ("bts-ci", {"route": "continuing-improvement",
                "employment": {"months": 6, "full_time": True, "within_months": 12}}, [], set()),
    ("bts-ci", {"route": "continuing-improvement",
                "employment": {"months": 12, "full_time": False, "within_months": 24}}, [],
     set()),
    ("bts-ci", {"route": "continuing-improvement",
                "employment": {"months": 5, "full_time": True, "within_months": 12}}, [],
     {"employment-certificates"}),
    ("bts-ci", {"route": "continuing-improvement"}, [], {"employment-certificates"}),
    ("bts-ci", {"route": "experience",
                "employment": {"months": 1, "full_time": False, "within_months": 60}}, [],
     set()),
    ("bts-ci", {"route": "experience"}, [], {"experience-certificates"}),
    # distance learners follow their status
    ("bts-ci", {"route": "distance", "status": "apprentice"}, [abroad(CI_Y1, 4)], set()),
    ("bts-ci", {"route": "distance", "status": "initial"}, [abroad(CI_Y1, 4)],
     {"total-weeks", "both-years"}),
    ("bts-ci", {}, [abroad(CI_Y1, 4), per("2026-05-04", weeks=10)], {"both-years"}),
    ("bts-ci", {"route": "distance", "status": "continuing-improvement",
                "employment": {"months": 6, "full_time": True, "within_months": 12}}, [], set()),
    # ---- BTS CCST --------------------------------------------------------------------
    ("bts-ccst", {}, [per(CCST_Y1, weeks=4), per(CI_Y2, weeks=10)], set()),
    ("bts-ccst", {}, [per(CCST_Y1, weeks=3), per(CI_Y2, weeks=11)], {"year1-block"}),
    ("bts-ccst", {"adjustment": "exempt-one-unit"}, [per(CCST_Y1, weeks=4), per(CI_Y2, weeks=3)],
     set()),
    ("bts-ccst", {"adjustment": "exempt-one-unit"}, [per(CCST_Y1, weeks=4), per(CI_Y2, weeks=4)],
     set()),
    ("bts-ccst", {"adjustment": "exempt-one-unit"}, [per(CCST_Y1, weeks=4), per(CI_Y2, weeks=2)],
     {"total-weeks-one-unit"}),
    ("bts-ccst", {"adjustment": "exempt-one-unit"}, [per(CCST_Y1, weeks=4), per(CI_Y2, weeks=5)],
     {"total-weeks-one-unit"}),
    ("bts-ccst", {"adjustment": "reduced"}, [per(CCST_Y1, weeks=4), per(CI_Y2, weeks=6)], set()),
    ("bts-ccst", {"adjustment": "reduced"}, [per(CCST_Y1, weeks=4), per(CI_Y2, weeks=5)],
     {"total-weeks-reduced"}),
    ("bts-ccst", {"adjustment": "exempt"}, [], set()),
    ("bts-ccst", {"route": "continuing"}, [per(CCST_Y1, weeks=3), per(CI_Y2, weeks=11)], set()),
    # ---- BTS NRC ---------------------------------------------------------------------
    ("bts-nrc", {}, [per("2025-11-03", weeks=6), per(CI_Y2, weeks=10)], set()),
    ("bts-nrc", {}, [per("2025-11-03", weeks=6), per(CI_Y2, weeks=9)], {"total-weeks"}),
    ("bts-nrc", {}, [per("2025-11-03", weeks=6), per(CI_Y2, weeks=11)], set()),  # no maximum
    ("bts-nrc", {}, [per("2025-11-03", weeks=5), per(CI_Y2, weeks=5), per("2027-03-01", weeks=5),
                     per("2027-05-31", weeks=1)], {"consecutive-block"}),   # 16: 5 in a row
    ("bts-nrc", {"adjustment": "reduced"}, [per("2025-11-03", weeks=6), per(CI_Y2, weeks=3)],
     set()),
    ("bts-nrc", {"adjustment": "reduced"}, [per("2025-11-03", weeks=6), per(CI_Y2, weeks=2)],
     {"total-weeks-reduced"}),
    ("bts-nrc", {"adjustment": "exempt"}, [], set()),
    # ---- BTS SN ----------------------------------------------------------------------
    ("bts-sn", {}, [per("2026-05-25", weeks=6)], set()),
    ("bts-sn", {}, [per("2026-05-25", weeks=5)], {"total-weeks"}),
    ("bts-sn", {"adjustment": "reduced"}, [per("2026-05-25", weeks=4)], set()),
    ("bts-sn", {"adjustment": "reduced"}, [per("2026-05-25", weeks=3)], {"total-weeks-reduced"}),
    ("bts-sn", {"adjustment": "reduced"}, [per("2026-05-18", weeks=4)],
     {"last-six-teaching-weeks"}),
    ("bts-sn", {"adjustment": "exempt"}, [], set()),
    # ---- BTS NDRC (year 1) -----------------------------------------------------------
    ("bts-ndrc", {}, [per("2026-01-05", weeks=4), per("2026-05-04", weeks=4)], set()),
    ("bts-ndrc", {}, [per("2026-01-26", weeks=4), per("2026-05-04", weeks=4)],
     {"turn-of-year-window"}),    # runs a week past 15 February: a warning (issue 10)
    ("bts-ndrc", {}, [per("2026-02-09", weeks=4), per("2026-05-04", weeks=4)],
     {"turn-of-year-block", "turn-of-year-window"}),          # ends past 1 March
    ("bts-ndrc", {}, [per("2026-01-05", weeks=4), per("2026-04-13", weeks=4)],
     {"end-of-year-block", "end-of-year-window"}),            # starts before 17 April
    # issue 21: not wholly in the summer holidays (zone A 2026: from Saturday 4 July);
    # at most its last two weeks in them
    ("bts-ndrc", {}, [per("2026-01-05", weeks=4), per("2026-06-22", weeks=4)], set()),
    ("bts-ndrc", {}, [per("2026-01-05", weeks=4), per("2026-06-23", weeks=4)],
     {"end-of-year-block"}),
    ("bts-ndrc", {}, [per("2026-01-05", weeks=4), per("2026-07-06", weeks=4)],
     {"end-of-year-block"}),
]

FULL_6 = {"months": 6, "full_time": True, "within_months": 12}
PART_11 = {"months": 11, "full_time": False, "within_months": 24}
for _prog, _continuing_ok in (("bts-ccst", [per(CCST_Y1, weeks=4), per(CI_Y2, weeks=10)]),
                              ("bts-nrc", [per("2025-11-03", weeks=6), per(CI_Y2, weeks=10)]),
                              ("bts-sn", [per("2026-05-25", weeks=6)])):
    CASES += [
        # apprentices: the employer's certificate replaces the placement (not in the file)
        (_prog, {"route": "apprentice"}, [], set()),
        (_prog, {"route": "continuing"}, _continuing_ok, set()),
        (_prog, {"route": "continuing"}, _continuing_ok[:-1], {"total-weeks"}),
        (_prog, {"route": "continuing-improvement", "employment": FULL_6}, [], set()),
        (_prog, {"route": "continuing-improvement", "employment": PART_11}, [],
         {"employment-certificates"}),
        (_prog, {"route": "experience", "employment": PART_11}, [], set()),
        (_prog, {"route": "experience"}, [], {"experience-certificates"}),
        (_prog, {"route": "distance", "status": "apprentice"}, [], set()),
        (_prog, {"route": "distance", "status": "continuing"}, _continuing_ok[:-1],
         {"total-weeks"}),
    ]


@pytest.mark.parametrize("programme, fields, periods, expected", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_programme_route_adjustment(programme: str, fields: dict[str, Any],
                                    periods: list[dict[str, Any]], expected: set[str]) -> None:
    student = {"id": "S1", **fields, "periods": periods}
    sc = make_scenario([student], programme=programme)
    broken = {rule for rule, sid in both_engines(sc) if sid == "S1"}
    assert broken == expected


def test_every_route_and_adjustment_is_exercised() -> None:
    seen: dict[str, set[tuple[str, str]]] = {}
    for programme, fields, _, _ in CASES:
        seen.setdefault(programme, set()).add(("route", fields.get("route", "initial")))
        seen[programme].add(("adjustment", fields.get("adjustment", "none")))
    for m in MODELS:
        prog = load_programme(m)
        wanted = {("route", r) for r in prog.routes} | {("adjustment", a)
                                                         for a in prog.adjustments}
        missing = wanted - seen.get(m, set())
        assert not missing, f"{m}: untested {sorted(missing)}"


@pytest.mark.parametrize("model", MODELS)
def test_model_loads_and_rules_command_works(model: str) -> None:
    assert model in builtin_models()
    prog = load_programme(model)
    assert prog.rules, model
    for rule in prog.rules:
        assert rule.citation is not None and rule.citation.text, (model, rule.id)
    runner = CliRunner()
    for lang in ("en", "fr"):
        res = runner.invoke(main, ["rules", model, "--lang", lang])
        assert res.exit_code == 0, res.output
        assert all(r.id in res.stdout for r in prog.rules)
    res = runner.invoke(main, ["rules", model, "--format", "json"])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert [r["id"] for r in data["rules"]] == [r.id for r in prog.rules]


def test_a_programme_refuses_a_route_it_does_not_know(tmp_path: Path) -> None:
    path = tmp_path / "ndrc.yaml"
    path.write_text("programme: bts-ndrc\ncalendar: {zone: A, start: 2025-09-01, "
                    "end: 2027-06-30}\nstudents:\n  - {id: S1, route: apprentice}\n",
                    encoding="utf-8")
    res = CliRunner().invoke(main, ["verify", str(path)])
    assert res.exit_code == 2
    assert "apprentice" in res.stderr and "ndrc.yaml:4" in res.stderr


def test_models_says_nrc_is_the_former_programme() -> None:
    """Issue 21: BTS NRC was replaced by BTS NDRC (first session 2020)."""
    from click.testing import CliRunner

    from solver.stageplan import main

    text = CliRunner().invoke(main, ["models", "--lang", "fr"]).stdout
    assert "ancien programme" in " ".join(text.split()).replace("│", "")
    data = json.loads(CliRunner().invoke(main, ["models", "--format", "json"]).stdout)
    by_id = {m["id"]: m for m in data}
    assert by_id["bts-nrc"]["replaced_by"] == "bts-ndrc"
    assert "replaced_by" not in by_id["bts-ndrc"]


# ---- bundled classes in progress (issue 18, item 10) ------------------------------------

IN_PROGRESS = sorted((ROOT / "scenarios").glob("*-in-progress.yaml"))
FROM = dt.date(2026, 12, 7)   # a Monday of year 2 for every class in progress


def test_three_programmes_have_a_class_in_progress() -> None:
    """Each one holds what a class in December of year 2 holds: history, signed
    conventions ahead, a draft, a cap and a student who joined in year 2."""
    programmes = set()
    for path in IN_PROGRESS:
        sc = load_scenario(path)
        programmes.add(sc.programme.id)
        assert sc.calendar.year2_start < FROM < sc.calendar.end, path.name
        periods = [p for s in sc.students for p in s.periods]
        assert any(p.end < FROM and not p.locked for p in periods), (path.name, "history")
        assert any(p.end >= FROM and p.locked for p in periods), (path.name, "signed")
        assert any(p.start >= FROM and not p.locked for p in periods), (path.name, "draft")
        assert any(isinstance(r, _WeeklyCap) for r in sc.rules), (path.name, "cap")
        assert any(s.entry_year == 2 for s in sc.students), (path.name, "year-2 entrant")
    assert len(programmes) >= 3, programmes


def _stints(sc: Scenario, sid: str, since: dt.date) -> list[tuple[str, int, dt.date]]:
    """(place, working days, first day) of each run of one place from ``since`` on."""
    status = {}
    for p in next(s for s in sc.students if s.id == sid).periods:
        for d in sc.calendar.days:
            if p.start <= d <= p.end and d >= since:
                status[d] = p.place
    out: list[tuple[str, int, dt.date]] = []
    prev = None
    for d in sc.calendar.days:
        if d in status and prev in status and status[prev] == status[d]:
            place, n, first = out[-1]
            out[-1] = (place, n + 1, first)
        elif d in status:
            out.append((status[d], 1, d))
        prev = d
    return out


@pytest.mark.parametrize("path", IN_PROGRESS, ids=lambda p: p.stem)
def test_a_class_in_progress_generates_repairs_and_explains(path: Path) -> None:
    sc = load_scenario(path)
    result = generate(sc, time_limit=20, from_date=FROM)
    assert result.ok, result.status
    after = {s.id: s for s in result.scenario.students}
    before = {s.id: s for s in sc.students}
    for s in sc.students:   # history and signed conventions as they were, byte for byte
        kept = [p for p in s.periods if p.end < FROM or p.locked]
        assert all(p in after[s.id].periods for p in kept), s.id
    check = verify(result.scenario)
    assert check.compliant, [(v.rule.id, v.student) for r in check.students
                             for v in r.violations if v.severity == "error"]
    year2 = sc.calendar.year2_start
    for s in result.scenario.students:
        old = {p for p in before[s.id].periods}
        new_days = [p for p in s.periods if p not in old]
        if not new_days:
            continue
        # no new stint under 2 weeks in one place (a lock may end one: counted from it)
        first_new = min(p.start for p in new_days)
        for place, days, first in _stints(result.scenario, s.id, first_new):
            if first >= first_new and not any(p.start <= first <= p.end for p in old):
                assert days >= 10, (s.id, place, days, first)
        if sc.programme.id == "bts-ci" and s.route == "initial" and s.adjustment != "exempt":
            assert any(p.end >= year2 for p in s.periods), (s.id, "nothing in year 2")
    runner = CliRunner()
    for job in (["repair"], ["explain"]):
        res = runner.invoke(main, [*job, str(path), "--time-limit", "20"])
        assert res.exit_code in (0, 1), (job, res.output, res.exception)
