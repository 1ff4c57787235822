"""Counting cuts that see windows (issue 19): capacity rules count, inside each window a
student rule sets, the weeks the students need there against the slots the window
offers. The counts are redundant: they never cut a compliant calendar (hypothesis:
calendars generated under tight caps, checked by CP-SAT with the counts compiled, agree
with the plain checker), and they prove a window's conflict at once."""

from __future__ import annotations

from typing import Any

from conftest import both_engines, make_scenario
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
    # 13 CI students each need 4 consecutive weeks abroad in year 1 (51 weeks with
    # working days in the window): 52 student-weeks, one slot a week -> at least 2
    from solver.io.render.repair_out import raise_json
    from solver.jobs.explain import Conflict, Member, raise_caps

    students = [{"id": f"S{i:02d}"} for i in range(13)]
    sc = make_scenario(students, "bts-ci",
                       calendar={"zone": "A", "start": "2026-09-01", "end": "2028-06-30"},
                       policy=[{"id": "erasmus", "kind": "max_abroad_per_week", "max": 1}])
    cm = build_class_model(sc, grid_mode="week", share_windows=False, policy=True)
    cap = next(r for r in sc.rules if r.id == "erasmus")
    n, window, total = cap.needed(cm.ctx)
    assert window is not None
    weeks = [w for w in window if sc.calendar.weeks[w].n_days > 0]
    assert total == 13 * 4 and n == -(-total // len(weeks)) == 2
    # a cap that the counts allow gives no number
    roomy = make_scenario(students[:5], "bts-ci",
                          policy=[{"id": "erasmus", "kind": "max_abroad_per_week", "max": 1}])
    cm = build_class_model(roomy, grid_mode="week", share_windows=False, policy=True)
    assert next(r for r in roomy.rules if r.id == "erasmus").needed(cm.ctx) is None
    # in a conflict: the first correction, in words and JSON
    conflict = Conflict([Member("erasmus", "max_abroad_per_week", "", [], None, cap)], [])
    conflict.raise_to = raise_caps(sc, conflict, policy=True)
    out = raise_json(conflict, "fr")
    assert [(r["rule"], r["max"], r["at_least"]) for r in out] == [("erasmus", 1, 2)]
    assert "porter max_abroad_per_week (« erasmus ») à au moins 2" in out[0]["message"]
