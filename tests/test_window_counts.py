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
    result = generate(sc, time_limit=20, conflict=False)
    assert result.status == "infeasible" and not result.cut
