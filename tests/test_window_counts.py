"""Counting cuts that see windows (issue 19): capacity rules count, inside each window a
student rule sets, the weeks the students need there against the slots the window
offers. The counts are redundant: they never cut a compliant calendar (hypothesis:
calendars generated under tight caps, checked by CP-SAT with the counts compiled, agree
with the plain checker), and they prove a window's conflict at once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from conftest import both_engines, capped_class, make_scenario
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.engine.classmodel import build_class_model
from solver.jobs.generate import clear_cache, generate

PROGRAMMES = ["bts-ci", "bts-ndrc", "bts-nrc"]


def windowed_demands(sc: Any) -> list[Any]:
    cm = build_class_model(sc, policy=True)
    return [d for d in cm.ctx.demands if d.window is not None]


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(programme=st.sampled_from(PROGRAMMES), n=st.integers(2, 5),
       kind=st.sampled_from(["max_abroad_per_week", "max_on_placement_per_week"]),
       cap=st.integers(1, 2))
def test_window_counts_never_cut_a_compliant_calendar(programme: str, n: int, kind: str,
                                                      cap: int) -> None:
    students = [{"id": f"S{i}"} for i in range(n)]
    sc = make_scenario(students, programme,
                       policy=[{"id": "cap", "kind": kind, "max": cap}])
    clear_cache()
    result = generate(sc, time_limit=10, conflict=False)
    if not result.ok:
        return
    # CP-SAT with the plan fixed compiles the window counts: a count that cut this
    # compliant calendar would make it report the cap broken where the plain checker
    # does not (both_engines asserts they agree)
    assert ("cap", None) not in both_engines(result.scenario)


def test_block_windows_register_their_weeks() -> None:
    sc = make_scenario([{"id": "S1"}, {"id": "S2"}], "bts-ndrc",
                       policy=[{"id": "tutors", "kind": "max_on_placement_per_week",
                                "max": 1}])
    demands = windowed_demands(sc)
    assert demands, "the NDRC blocks have windows"
    cal = sc.calendar
    for d in demands:   # the weeks are the calendar weeks of the window, in order
        assert list(d.window) == sorted(set(d.window))
        assert all(0 <= w < len(cal.weeks) for w in d.window)
        assert d.weeks <= len(d.window)


def test_a_window_too_small_for_the_class_is_proven_infeasible() -> None:
    # 12 NDRC students, tutors for 2 a week: the 4-week turn-of-year blocks (1 Nov -
    # 1 Mar, about 17 weeks) need 48 student-weeks where the window offers about 34
    students = [{"id": f"S{i:02d}"} for i in range(12)]
    sc = make_scenario(students, "bts-ndrc",
                       policy=[{"id": "tutors", "kind": "max_on_placement_per_week",
                                "max": 2}])
    clear_cache()
    result = generate(sc, time_limit=300, conflict=False)
    assert result.status == "infeasible" and not result.cut


def test_the_cap_to_raise_to_is_computed() -> None:
    # 30 CI students each need a block of 4 consecutive weeks abroad (anywhere in the
    # training, 96 weeks with working days): 120 student-weeks, one slot a week -> at
    # least 2. The year-1 preference for it is a warning: its window asks nothing.
    from solver.io.render.repair_out import raise_json
    from solver.jobs.explain import Conflict, Member, raise_caps

    students = [{"id": f"S{i:02d}"} for i in range(30)]
    sc = make_scenario(students, "bts-ci",
                       calendar={"zone": "A", "start": "2026-09-01", "end": "2028-06-30"},
                       policy=[{"id": "erasmus", "kind": "max_abroad_per_week", "max": 1}])
    cm = build_class_model(sc, grid_mode="week", share_windows=False, policy=True)
    cap = next(r for r in sc.rules if r.id == "erasmus")
    need = cap.needed(cm.ctx, cm.hard_demand())
    assert need.window is None
    assert need.student_weeks == 30 * 4 and need.at_least == -(-120 // len(need.slots)) == 2
    # the counts of the soft year-1 window are no necessary condition
    assert all(n.window is None for n in cap.window_needs(cm.ctx, cm.hard_demand()))
    # a cap that the counts allow gives no number
    roomy = make_scenario(students[:5], "bts-ci",
                          policy=[{"id": "erasmus", "kind": "max_abroad_per_week", "max": 1}])
    cm = build_class_model(roomy, grid_mode="week", share_windows=False, policy=True)
    cap5 = next(r for r in roomy.rules if r.id == "erasmus")
    assert cap5.needed(cm.ctx, cm.hard_demand()) is None
    # in a conflict: the first correction, in words and JSON
    conflict = Conflict([Member("erasmus", "max_abroad_per_week", "", [], None, cap)], [])
    conflict.raise_to = raise_caps(sc, conflict, policy=True)
    out = raise_json(conflict, "fr")
    assert [(r["rule"], r["max"], r["at_least"], r["window"]) for r in out] == \
        [("erasmus", 1, 2, False)]
    assert "porter max_abroad_per_week (« erasmus ») à au moins 2" in out[0]["message"]


# ---- the bound on blocks, and the counts switched off (they must change no answer) -----

NDRC_CALENDAR = {"zone": "C", "start": "2026-09-01", "end": "2028-06-30"}


def test_blocks_that_fit_one_after_another() -> None:
    from solver.rules.capacity import _fit

    sc = make_scenario([{"id": "S1"}], "bts-ndrc", calendar=NDRC_CALENDAR)
    cal = sc.calendar
    working = [w.index for w in cal.weeks if w.n_days > 0][5:18]   # 13 working weeks
    assert _fit(cal, working, 4) == 3 and _fit(cal, working, 13) == 1
    assert _fit(cal, working, 14) == 0
    # a gap of one working week splits the window: 6 + 6 weeks hold 2 + 2 blocks of 3
    assert _fit(cal, working[:6] + working[7:], 3) == 4


def solve_class(sc: Any, counts: bool, monkeypatch: Any, from_index: int = 0
                ) -> tuple[str, float | None]:
    """Status and optimum of the class model (week grid, each student on their own,
    generate's policy required), with or without the redundant counts."""
    from ortools.sat.python import cp_model

    from solver.engine.sat import exact_solver
    from solver.jobs.generate import default_preferences
    from solver.rules import capacity

    monkeypatch.setattr(capacity, "REDUNDANT_COUNTS", counts)
    cm = build_class_model(sc, grid_mode="week", share_windows=False, abroad_waves=False,
                           symmetry=False, policy=True, from_index=from_index,
                           preferences=default_preferences())
    cm.require_hard()
    cm.set_objective()
    solver = exact_solver(2.0, light=False)
    code = solver.solve(cm.model)
    monkeypatch.setattr(capacity, "REDUNDANT_COUNTS", True)
    if code == cp_model.OPTIMAL:
        return "optimal", solver.objective_value
    return ("infeasible" if code == cp_model.INFEASIBLE else "unknown"), None


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(programme=st.sampled_from(PROGRAMMES), n=st.integers(2, 6),
       kind=st.sampled_from(["max_abroad_per_week", "max_on_placement_per_week"]),
       cap=st.integers(1, 2), later=st.booleans())
def test_counts_change_neither_feasibility_nor_optimum(programme: str, n: int, kind: str,
                                                        cap: int, later: bool,
                                                        monkeypatch: Any) -> None:
    # small classes under tight caps, planned from the start or from January of year 1
    # (a class in progress: only the windows after it are counted): the same answer
    # with and without the counts, and the counts' proof in Python (counted_conflict)
    # only where the model has no calendar
    sc, start = capped_class(programme, n, kind, cap, later)
    with_counts = solve_class(sc, True, monkeypatch, start)
    without = solve_class(sc, False, monkeypatch, start)
    if "unknown" in (with_counts[0], without[0]):
        return   # not decided within the budget: nothing to compare
    assert with_counts == without
    cm = build_class_model(sc, grid_mode="week", share_windows=False, abroad_waves=False,
                           symmetry=False, policy=True, from_index=start)
    if cm.counted_conflict() is not None:
        assert with_counts[0] == "infeasible"


def test_a_window_conflict_is_proven_and_explained_with_its_cap() -> None:
    # 13 NDRC students, tutors for 4 a week: their 52 student-weeks would fit in the 13
    # weeks of the end-of-year window (4 x 13), but only 3 blocks of 4 weeks fit there
    # one after another, so 4 a week place 12 of them: at least 5 (the ndrc45 case, small)
    from solver.jobs.explain import conflict_is_minimal, explain_scenario

    students = [{"id": f"S{i:02d}"} for i in range(13)]
    sc = make_scenario(students, "bts-ndrc", calendar=NDRC_CALENDAR, shape=True,
                       policy=[{"id": "tutors", "kind": "max_on_placement_per_week",
                                "max": 4}])
    clear_cache()
    result = generate(sc, time_limit=30, conflict=False)
    assert result.status == "infeasible" and not result.cut
    explained = explain_scenario(sc, time_limit=30, policy=True)
    assert explained.status == "infeasible"
    members = explained.conflict.members
    assert "tutors" in {m.rule_id for m in members}
    assert {m.kind for m in members} == {"max_on_placement_per_week", "consecutive_block"}
    whole, _ = conflict_is_minimal(sc, members, time_limit=30, policy=True)
    assert whole   # the members alone cannot hold together
    [first] = explained.conflict.raise_to
    assert (first.rule_id, first.now, first.at_least) == ("tutors", 4, 5)
    assert (first.run_weeks, first.fit, first.students, first.window) == (4, 3, 13, True)
    assert first.first == dt.date(2027, 4, 19)
