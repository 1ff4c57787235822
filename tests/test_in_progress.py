"""A class in progress (issue 18): --from, history, class rules that look forward, lead time.

Every job asks the same question of a class in progress: the days before ``--from`` are
history (kept exactly as they are, counted toward each student's own rules), nothing new
is placed before ``--from`` nor in the lead time after it (unless the file put it there),
and class caps count the weeks from ``--from`` on. ``explain`` and ``generate`` must agree
on whether a calendar exists.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner
from conftest import make_scenario, per, stu
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.core.model import Scenario
from solver.jobs.edits import status_of
from solver.jobs.explain import explain_scenario
from solver.jobs.generate import generate
from solver.jobs.history import from_index
from solver.jobs.repair import repair
from solver.jobs.verify import verify
from solver.rules.lead_time import lead_zone
from solver.stageplan import main


def _assert_in_progress(before: Scenario, after: Scenario, from_date: dt.date) -> None:
    """History byte for byte, nothing new before --from nor in the lead time, caps from
    --from, and the answer passes verify asked the same question."""
    cal = before.calendar
    start = from_index(before, from_date)
    zone = lead_zone(cal, start, 2) if start > 0 else (0, -1)
    old = {s.id: s for s in before.students}
    for s in after.students:
        written = old[s.id]
        # periods that ended before --from: the very same objects' values, in order
        assert [p for p in s.periods if p.end < from_date] == \
            [p for p in written.periods if p.end < from_date], s.id
        was = status_of(before.student_plan(written), cal.n)
        now = status_of(after.student_plan(s), cal.n)
        assert now[:start] == was[:start], f"{s.id}: a day before --from changed"
        new_in_zone = [i for i in range(zone[0], zone[1] + 1) if now[i] and not was[i]]
        assert not new_in_zone, f"{s.id}: new placement day in the lead time"
    checked = verify(after, from_date=from_date)
    # the text's rules and the school's (caps, lead time) alike: generate meets both
    assert checked.acceptable, [(v.rule.id, v.student, v.code) for r in checked.students
                                for v in r.findings if v.severity == "error"] + \
        [(v.rule.id, v.code) for v in checked.class_violations + checked.class_policy
         if v.severity == "error"]
    for rule in after.rules:   # caps counted from --from on
        if rule.kind in ("max_abroad_per_week", "max_on_placement_per_week"):
            abroad = rule.kind == "max_abroad_per_week"
            for week in cal.weeks:
                if week.n_days == 0 or week.hi < start:
                    continue
                days = range(max(week.lo, start), week.hi + 1)
                count = sum(1 for s in after.students
                            if any(status_of(after.student_plan(s), cal.n)[i]
                                   >= (2 if abroad else 1) for i in days))
                assert count <= rule.max, (rule.id, week.monday, count)


# ---- the two year-2 classes of the issue -------------------------------------------------

def test_ci_year2_with_an_erasmus_cap_below_last_years_peak_generates() -> None:
    """BTS CI, year 2, Erasmus+ cap of 4 while 14 students were abroad together in May of
    year 1: the cap binds the weeks from --from on; the past week is a warning."""
    students = [stu(f"S{i:02d}", per("2026-05-04", weeks=4, place="abroad", country="DE"))
                for i in range(1, 15)] + [stu("S15"), stu("S16")]
    sc = make_scenario(students, shape=True,
                       policy=[{"id": "erasmus", "kind": "max_abroad_per_week", "max": 4}])
    start = dt.date(2026, 12, 7)
    result = generate(sc, time_limit=60, from_date=start)
    assert result.ok, result.status
    _assert_in_progress(sc, result.scenario, start)
    checked = verify(result.scenario, from_date=start)   # a class file's cap: school policy
    past = [v for v in checked.class_violations + checked.class_policy
            if v.code == "max_abroad_per_week.past"]
    assert past and all(v.severity == "warning" and v.args["count"] == 14 for v in past)
    assert past[0].args["week"] == dt.date(2026, 5, 4)
    assert "14" in past[0].message("fr") and "04/05/2026" in past[0].message("fr")
    # the compiled checker counts the same weeks
    assert verify(result.scenario, "cp-sat", from_date=start).acceptable
    # without --from the cap counts the whole training: the past breaks it (an error
    # of the school's policy: not the law's verdict, but not acceptable either)
    assert not verify(result.scenario).acceptable
    assert not verify(result.scenario, "cp-sat").acceptable
    # explain asks the same question: a calendar exists
    assert explain_scenario(sc, time_limit=30, from_date=start).feasible


def test_nrc_january_of_year2_with_a_tutor_cap_below_last_junes_count_generates() -> None:
    """BTS NRC in January of year 2, tutor cap of 16 while 27 were out together last
    June (and again in November): the cap binds from --from on."""
    students = [stu(f"S{i:02d}", per("2026-06-01", weeks=6), per("2026-11-09", weeks=6))
                for i in range(1, 28)] + [stu("S28")]
    sc = make_scenario(students, programme="bts-nrc", shape=True,
                       policy=[{"id": "tutors", "kind": "max_on_placement_per_week",
                                "max": 16}])
    start = dt.date(2027, 1, 4)
    result = generate(sc, time_limit=60, from_date=start)
    assert result.ok, result.status
    _assert_in_progress(sc, result.scenario, start)
    checked = verify(result.scenario, from_date=start)
    warned = checked.class_violations + checked.class_policy
    assert {v.args["count"] for v in warned if v.code.endswith(".past")} == {27}


# ---- lead time, through generate (the CP-SAT side) ----------------------------------------

def test_lead_time_on_both_sides_of_the_threshold() -> None:
    """From 2027-01-04 the zone ends on Sunday 2027-01-24: generate puts nothing new
    before 2027-01-25, unless the coordinator's draft puts it there."""
    start = dt.date(2027, 1, 4)
    abroad = per("2026-03-02", weeks=4, place="abroad", country="DE", locked=True)
    sc = make_scenario([stu("S1", abroad)], shape=True)
    result = generate(sc, time_limit=30, from_date=start)
    assert result.ok
    new = [p for p in result.scenario.students[0].periods if p.start >= start]
    assert new and min(p.start for p in new) >= dt.date(2027, 1, 25)
    # a draft inside the lead time is the coordinator's: kept
    drafted = make_scenario([stu("S1", abroad, per("2027-01-11", weeks=10))], shape=True)
    kept = generate(drafted, time_limit=30, from_date=start)
    assert kept.ok
    assert any(p.start == dt.date(2027, 1, 11) for p in kept.scenario.students[0].periods)
    _assert_in_progress(drafted, kept.scenario, start)


# ---- explain and generate agree --------------------------------------------------------

def test_explain_and_generate_agree_on_a_class_with_no_time_left(tmp_path: Path) -> None:
    """A 2025-2027 class with no periods planned from 2027-04-26: 14 weeks no longer
    fit. generate says no calendar exists; so does explain (both exit 1)."""
    data = {"programme": "bts-ci",
            "calendar": {"zone": "A", "start": "2025-09-01", "end": "2027-06-30"},
            "students": [{"id": "S01"}]}
    path = tmp_path / "class.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    runner = CliRunner()
    gen = runner.invoke(main, ["generate", str(path), "--from", "2027-04-26",
                               "--time-limit", "20", "--format", "json"])
    exp = runner.invoke(main, ["explain", str(path), "--from", "26/04/2027",
                               "--time-limit", "20", "--format", "json", "--sets", "0"])
    assert gen.exit_code == 1 and exp.exit_code == 1, (gen.output, exp.output)
    start = runner.invoke(main, ["explain", str(path), "--from", "start",
                                 "--time-limit", "20", "--format", "json"])
    assert start.exit_code == 0


def _random_class(draw: Any) -> tuple[Scenario, dt.date]:
    n = draw(st.integers(1, 3))
    students = []
    for i in range(n):
        periods = []
        if draw(st.booleans()):   # history in year 1
            week = draw(st.integers(0, 30))
            monday = dt.date(2025, 10, 6) + dt.timedelta(weeks=week)
            place = draw(st.sampled_from(["france", "abroad"]))
            periods.append(per(monday.isoformat(), weeks=draw(st.integers(1, 5)), place=place,
                               **({"country": "DE"} if place == "abroad" else {})))
        if draw(st.booleans()):   # a lock or a draft in year 2
            week = draw(st.integers(0, 20))
            monday = dt.date(2026, 11, 2) + dt.timedelta(weeks=week)
            periods.append(per(monday.isoformat(), weeks=draw(st.integers(1, 6)),
                               locked=draw(st.booleans())))
        students.append(stu(f"S{i + 1}", *periods))
    policy = []
    cap = draw(st.sampled_from([None, 1, 2]))
    if cap is not None:
        policy.append({"id": "cap", "kind": "max_abroad_per_week", "max": cap})
    sc = make_scenario(students, shape=True, policy=policy)
    from_date = dt.date(2026, 9, 7) + dt.timedelta(days=draw(st.integers(0, 230)))
    return sc, from_date


@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_property_explain_verdict_equals_generate_verdict(data: Any) -> None:
    """Random small classes (history, --from, locks, drafts, caps): explain's verdict is
    generate's, and every calendar generate gives keeps history, puts nothing new before
    --from nor in the lead time, keeps the caps from --from and passes verify."""
    sc, start = _random_class(data.draw)
    result = generate(sc, time_limit=20, from_date=start)
    if result.status == "unknown":
        return   # a search cut by its limit proves nothing either way
    explained = explain_scenario(sc, time_limit=20, from_date=start)
    if explained.status == "unknown":
        return
    assert explained.feasible == result.ok, (result.status, explained.status,
                                              explained.conflict)
    if result.ok:
        _assert_in_progress(sc, result.scenario, start)


# ---- repair on a class in progress -------------------------------------------------------

def test_repair_from_never_edits_history() -> None:
    """A CI student whose 4 weeks abroad are done (year 1) and whose France period of 2
    weeks ended in 2026: repair --from 2026-12-07 adds weeks after --from and the lead
    time, never before; the ended period is not extended past --from."""
    done = per("2026-03-02", weeks=4, place="abroad", country="DE")
    short = per("2026-11-16", weeks=2)
    sc = make_scenario([stu("S1", done, short)], shape=True)
    start = dt.date(2026, 12, 7)
    result = repair(sc, time_limit=30, from_date=start)
    assert result.ok, result.status
    assert result.edits
    for e in result.edits:
        assert e.start >= start, e
        assert e.action in ("add", "move", "extend", "shorten", "change", "remove")
        if e.before is not None:
            assert e.before.end >= start, e   # no period that ended before --from edited
    periods = result.scenario.students[0].periods
    assert periods[0] == sc.students[0].periods[0] and periods[1] == sc.students[0].periods[1]
    _assert_in_progress(sc, result.scenario, start)


# ---- conflicts in the coordinator's words -----------------------------------------------

def _write(tmp_path: Path, students: list[dict[str, Any]],
           policy: list[dict[str, Any]] | None = None) -> Path:
    data: dict[str, Any] = {"programme": "bts-ci",
                            "calendar": {"zone": "A", "start": "2025-09-01",
                                         "end": "2027-06-30"},
                            "students": students}
    if policy:
        data["policy"] = policy
    path = tmp_path / "class.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_a_conflict_names_history_as_a_placement_already_done(tmp_path: Path) -> None:
    """Six weeks in France over the summer of year 1 (done) break the summer rest: the
    conflict says the placement was already done, with its dates, in French."""
    summer = {"from": "2026-07-06", "weeks": 6, "place": "france"}
    path = _write(tmp_path, [{"id": "S01", "periods": [summer]}])
    out = CliRunner().invoke(main, ["explain", str(path), "--from", "2026-12-07", "--lang",
                                    "fr", "--sets", "0", "--time-limit", "20"])
    assert out.exit_code == 1, out.output
    assert "stage déjà effectué par S01 (période n° 1) : du 06/07/2026 au 14/08/2026" \
        in out.output
    assert "verrouillée" not in out.output
    gen = CliRunner().invoke(main, ["generate", str(path), "--from", "2026-12-07",
                                    "--format", "json", "--time-limit", "20"])
    assert gen.exit_code == 1
    kinds = {m["kind"] for m in __import__("json").loads(gen.output)["conflict"]}
    assert "history" in kinds


def test_a_class_rule_conflict_is_the_class_and_names_its_weeks(tmp_path: Path) -> None:
    """No one may go abroad from --from on (cap 0), and two students still owe their
    abroad block: the conflict is the class's, counted from --from."""
    path = _write(tmp_path, [{"id": "S01"}, {"id": "S02"}],
                  policy=[{"id": "erasmus", "kind": "max_abroad_per_week", "max": 0}])
    out = CliRunner().invoke(main, ["explain", str(path), "--from", "2026-12-07", "--lang",
                                    "en", "--sets", "0", "--time-limit", "20"])
    assert out.exit_code == 1, out.output
    assert "for the class as a whole" in out.output
    assert "for S01, S02" not in out.output
    assert "dates 07/12/2026 to 30/06/2027" in out.output or \
        "dates 2026-12-07 to 2027-06-30" in out.output, out.output


def test_a_period_cut_in_two_is_said_as_a_split() -> None:
    """Twelve weeks in France lose two weeks in the middle: the period is shortened and
    its other part is a split of it (same company and country), not a new period."""
    from solver.io.render.repair_out import edit_message
    from solver.jobs.edits import diff_periods

    long = per("2027-01-04", weeks=12, company="Acme")
    sc = make_scenario([stu("S1", long)])
    cal = sc.calendar
    s = sc.students[0]
    old = status_of(sc.student_plan(s), cal.n)
    new = list(old)
    gap_lo, gap_hi = cal.span_indices(dt.date(2027, 2, 1), dt.date(2027, 2, 12))
    for i in range(gap_lo, gap_hi + 1):
        new[i] = 0
    periods, edits = diff_periods(s, old, new, cal)
    assert sorted(e.action for e in edits) == ["shorten", "split"]
    split = next(e for e in edits if e.action == "split")
    assert split.period == 0 and split.after is not None and split.after.company == "Acme"
    assert len(periods) == 2
    assert "couper la période 1" in edit_message(split, "fr")
    assert "split period 1" in edit_message(split, "en")


# ---- odd students go with a wave of the class (item 7) ------------------------------------

ROOT = Path(__file__).resolve().parent.parent


def _odd_off_every_wave(before: Scenario, after: Scenario, since: dt.date | None) -> list[str]:
    """Odd students none of whose new stints starts when a regular student's stint
    starts (the benchmark's "odd-off-every-wave")."""
    cal = after.calendar
    start = from_index(before, since) if since else 0
    old = {s.id: s for s in before.students}

    def new(s: Any) -> list[int]:
        was = status_of(before.student_plan(old[s.id]), cal.n)
        now = status_of(after.student_plan(s), cal.n)
        return [i if now[i] and (not was[i] or i >= start) else -1 for i in range(cal.n)]

    def starts(days: list[int]) -> set[int]:
        return {i for i in days if i >= start and i >= 0 and (i == 0 or days[i - 1] < 0)}

    regular_starts: set[int] = set()
    for s in after.students:
        if not s.odd:
            regular_starts |= starts(new(s))
    return [s.id for s in after.students
            if s.odd and starts(new(s)) and not starts(new(s)) & regular_starts]


def test_odd_students_follow_a_wave_of_the_class(monkeypatch: Any) -> None:
    """An exempt-one-unit student and a year-2 entrant (Strasbourg, from its start), and a
    reduced year-2 entrant and a continuing student of a class in progress, go out with a
    wave of the class; the class's objective and status are those of the first phase."""
    import solver.jobs.generate as gen

    cases = [(ROOT / "scenarios" / "bts-ccst-strasbourg.yaml", None),
             (ROOT / "scenarios" / "bts-ccst-zone-c-in-progress.yaml", dt.date(2026, 12, 7))]
    for path, since in cases:
        from solver.load.scenario import load_scenario

        sc = load_scenario(path)
        gen.clear_cache()
        result = generate(sc, from_date=since, conflict=False)
        assert result.status == "optimal", path
        assert _odd_off_every_wave(sc, result.scenario, since) == [], path
        if since:
            _assert_in_progress(sc, result.scenario, since)
        else:
            assert verify(result.scenario).compliant
        # without the second phase the same class leaves an odd student alone (else this
        # test would prove nothing), at the same cost for the class
        with monkeypatch.context() as m:
            m.setattr(gen, "WAVE_TIME", 0.0)
            gen.clear_cache()
            alone = generate(sc, from_date=since, conflict=False)
        assert _odd_off_every_wave(sc, alone.scenario, since), path
        assert (alone.status, alone.objective) == (result.status, result.objective), path


# ---- repair adds no one-week stint (item 8) -----------------------------------------------

def _new_short_stints(before: Scenario, after: Scenario, need: int = 10) -> list[tuple[str, str]]:
    """Runs of one place in ``after`` (a locked day ends one) shorter than ``need`` working
    days that hold a day ``before`` did not have in that place."""
    cal = after.calendar
    old = {s.id: s for s in before.students}
    out = []
    for s in after.students:
        was = status_of(before.student_plan(old[s.id]), cal.n)
        now = status_of(after.student_plan(s), cal.n)
        locked = {i for p in old[s.id].periods if p.locked
                  for i in range(*(lambda a, b: (a, b + 1))(*cal.span_indices(p.start, p.end)))}
        i = 0
        while i < cal.n:
            if not now[i] or i in locked:
                i += 1
                continue
            j = i
            while j + 1 < cal.n and now[j + 1] == now[i] and j + 1 not in locked:
                j += 1
            if j - i + 1 < need and any(was[k] != now[k] for k in range(i, j + 1)):
                out.append((s.id, str(cal.days[i])))
            i = j + 1
    return out


def test_repair_adds_no_one_week_stint_next_to_a_signed_convention() -> None:
    """S08 (exempt from one unit) lacks one week; his signed convention straddles --from.
    Repair used to add that week glued to the convention (12/14/2026, a one-week add-on);
    now it adds no stint under the class's min_run (2 weeks), and the repaired class
    passes verify --from."""
    from solver.load.scenario import load_scenario

    sc = load_scenario(ROOT / "scenarios" / "bts-ccst-zone-c-in-progress.yaml")
    since = dt.date(2026, 12, 7)
    result = repair(sc, time_limit=30, from_date=since)
    assert result.ok, result.status
    assert [r.student.id for r in result.students if r.edits and r.student.id == "S08"]
    assert _new_short_stints(sc, result.scenario) == []
    assert verify(result.scenario, from_date=since).acceptable
    # what the rule forbids is a new stint: a short stint already in the file may stay
    kept = make_scenario([stu("S1", per("2026-03-02", weeks=1),
                              per("2026-09-07", weeks=10))], programme="bts-ccst", shape=True)
    fixed = repair(kept, time_limit=30)
    assert fixed.ok and _new_short_stints(kept, fixed.scenario) == []


def test_repair_adds_one_week_when_nothing_else_can_be_done() -> None:
    """From 10 May 2027, one teaching week is left before the final exams and the student
    lacks one week: no fix without a short stint exists, so repair falls back to it
    rather than saying the plan cannot be repaired."""
    from conftest import calendar_of

    cal = calendar_of(blocked=[{"from": "2027-05-17", "to": "2027-05-28", "reason": "E",
                                "final": True}])
    sc = make_scenario([stu("S1", per("2026-01-05", weeks=6), per("2026-05-04", weeks=7))],
                       programme="bts-ccst", calendar=cal, shape=True)
    since = dt.date(2027, 5, 10)
    result = repair(sc, time_limit=30, from_date=since)
    assert result.ok, result.status
    assert _new_short_stints(sc, result.scenario) == [("S1", "2027-05-10")]
    assert verify(result.scenario, from_date=since).acceptable


_STINT = st.tuples(st.integers(0, 50), st.integers(1, 14), st.sampled_from([1, 2]))


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(old=st.lists(_STINT, max_size=3), new=st.lists(_STINT, max_size=3))
def test_the_plain_check_of_new_short_stints_agrees_with_its_constraints(
        old: list[tuple[int, int, int]], new: list[tuple[int, int, int]]) -> None:
    """Repair of one student first solves without ``no_new_short_stint`` and keeps the fix
    when ``adds_short_stint`` finds no new short stint in it: that plain check must read
    the rule exactly as the constraints do (random old and new plans of one student, the
    constraints posted on the day model with the new plan fixed)."""
    from ortools.sat.python import cp_model

    from solver.engine.classmodel import build_class_model
    from solver.jobs.repair import adds_short_stint, no_new_short_stint

    sc = make_scenario([stu("S1")], programme="bts-ccst", shape=True)
    cal = sc.calendar
    first = cal.span_indices(dt.date(2027, 1, 4), dt.date(2027, 1, 4))[0]

    def statuses(stints: list[tuple[int, int, int]]) -> list[int]:
        out = [0] * cal.n
        for at, length, place in stints:
            for i in range(first + at, min(cal.n, first + at + length)):
                out[i] = place
        return out

    was, now = statuses(old), statuses(new)
    cm = build_class_model(sc, grid_mode="day", share_windows=False, symmetry=False,
                           abroad_waves=False, stay_in_france=False)
    sv = cm.student_vars["S1"]
    for u, unit in enumerate(cm.grid.units):
        cm.model.add(sv.on[u] == int(now[unit.lo] != 0))
        cm.model.add(sv.ab[u] == int(now[unit.lo] == 2))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(cm.model) == cp_model.OPTIMAL   # the plan itself fits the model
    no_new_short_stint(cm, "S1", was)
    feasible = solver.solve(cm.model) == cp_model.OPTIMAL
    assert feasible == (not adds_short_stint(cm, "S1", was, now))


def test_repair_of_one_student_gives_the_same_fix_with_or_without_the_shortcut(
        monkeypatch: Any) -> None:
    """The shortcut (solve without the rule, keep a fix that adds no short stint) gives
    the fewest changed days the full model gives, on a fix it keeps and on one it
    rejects (a lone week would be the cheapest fix)."""
    import solver.jobs.repair as rep
    from conftest import calendar_of

    cal = calendar_of(blocked=[{"from": "2027-05-17", "to": "2027-05-28", "reason": "E",
                                "final": True}])
    cases = [
        (make_scenario([stu("S1", per("2026-01-05", weeks=6), per("2026-05-04", weeks=6))],
                       programme="bts-ccst", shape=True), None),
        (make_scenario([stu("S1", per("2026-01-05", weeks=6), per("2026-05-04", weeks=7))],
                       programme="bts-ccst", calendar=cal, shape=True), dt.date(2027, 3, 1)),
    ]
    kept = []
    real = rep.adds_short_stint

    def spy(*args: Any) -> bool:
        kept.append(not real(*args))
        return not kept[-1]

    for sc, since in cases:
        monkeypatch.setattr(rep, "adds_short_stint", spy)
        fast = repair(sc, time_limit=30, from_date=since)
        monkeypatch.setattr(rep, "adds_short_stint", lambda *a: True)   # always the full model
        full = repair(sc, time_limit=30, from_date=since)
        assert fast.ok and full.ok and fast.status == full.status == "optimal"
        assert fast.changed_days == full.changed_days
        assert _new_short_stints(sc, fast.scenario) == _new_short_stints(sc, full.scenario)
    assert kept == [True, False]   # the first fix kept, the second solved again with the rule


# ---- a capacity conflict names its weeks and counts (item 4) -------------------------------

def test_a_capacity_conflict_names_its_weeks_and_counts(tmp_path: Path) -> None:
    """Six signed Erasmus conventions in March 2027, a cap of 4: generate and repair name
    the weeks and the count, in French and English, and JSON gives them week by week."""
    import json

    signed = {"from": "2027-03-01", "to": "2027-03-26", "place": "abroad", "country": "DE",
              "locked": True}
    students = [{"id": f"S{i:02d}", "periods": [dict(signed)]} for i in range(1, 7)]
    path = _write(tmp_path, [*students, {"id": "S07"}],
                  policy=[{"id": "erasmus", "kind": "max_abroad_per_week", "max": 4}])
    args = [str(path), "--from", "2026-12-07", "--time-limit", "30"]
    fr = CliRunner().invoke(main, ["generate", *args, "--lang", "fr"])
    assert fr.exit_code == 1, fr.output
    assert "semaines du 01/03/2027 au 22/03/2027 : 6 étudiants à l'étranger pour 4 places" \
        in fr.output, fr.output
    en = CliRunner().invoke(main, ["repair", *args, "--lang", "en"])
    assert "weeks of 2027-03-01 to 2027-03-22: 6 students abroad for 4 places" in en.output \
        or "weeks of 01/03/2027 to 22/03/2027: 6 students abroad for 4 places" in en.output, \
        en.output
    out = CliRunner().invoke(main, ["generate", *args, "--format", "json"])
    cap = [m for m in json.loads(out.output)["conflict"] if m["rule"] == "erasmus"]
    assert cap and cap[0]["weeks"] == [{"week": f"2027-03-{d:02d}", "count": 6, "max": 4}
                                       for d in (1, 8, 15, 22)]


def test_from_today_is_its_default_in_words_the_page_uses(monkeypatch: Any) -> None:
    """``--from today`` (or « aujourd'hui ») is the default said aloud: today once the
    class has started, no history before it starts; « début »/start is no history; any
    other word is a bad input (exit 2) naming --from."""
    import solver.cli.common as common
    import solver.jobs.history as history

    sc = make_scenario([stu("S01")])
    cal = sc.calendar
    during = cal.start + dt.timedelta(days=40)

    def stopped(scenario: Scenario, today: dt.date | None = None) -> dt.date | None:
        return real(scenario, today or during)   # a clock stopped inside the training

    real = history.default_from
    monkeypatch.setattr(history, "default_from", stopped)
    monkeypatch.setattr(common, "default_from", stopped)
    for word in ("today", "Today", " aujourd'hui ", "aujourd’hui"):
        assert common.parse_from(word, sc, "fr") == during
        assert history.resolve_from(word, sc) == during
        assert history.from_key(word) == f"today:{dt.date.today().isoformat()}"
    assert common.parse_from(None, sc, "en") == during
    # before the class starts, today is no history (the default's reading)
    assert real(sc, cal.start - dt.timedelta(days=3)) is None
    for word in ("start", "début", "debut"):
        assert common.parse_from(word, sc, "en") is None
    res = CliRunner().invoke(main, ["verify", "scenarios/bts-ci-zone-a.yaml", "--from",
                                    "demain"])
    assert res.exit_code == 2 and "--from" in res.output
