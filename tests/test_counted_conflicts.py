"""Capacity conflicts the counts prove (issue 19): found on a model of the caps and the
rules that register demands only (``count_only``, ``counting_rule``), which must count
exactly as the whole model does; proven minimal when a greedy packing of the blocks
(``explain._packing``), accepted by the model, shows each trial of the deletion loop
feasible; and blocks counted in working days, so that the training's short first week
holds less of one."""

from __future__ import annotations

from typing import Any

from conftest import capped_class, make_scenario, verdicts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from solver.engine.classmodel import build_class_model, counting_rule, exact_grid_mode
from solver.jobs.explain import (
    _accepts,
    _conflict_model,
    _packing,
    _solve,
    conflict_is_minimal,
    explain_scenario,
)
from solver.jobs.generate import (
    clear_cache,
    conflict_is_infeasible,
    generate,
    periods_from_status,
)
from solver.rules.capacity import _fit

CI_CALENDAR = {"zone": "A", "start": "2026-09-01", "end": "2028-06-30"}   # a Tuesday
NDRC_CALENDAR = {"zone": "C", "start": "2026-09-01", "end": "2028-06-30"}


def demands_of(cm: Any, need: Any) -> Any:
    """A counted conflict or need, in terms that do not depend on the model's variables."""
    if need is None:
        return None
    return (need.rule.id, need.window, need.slots, need.student_weeks, need.at_least,
            need.run_weeks, need.fit, need.students,
            sorted((d.group.key, d.weeks, d.days, d.abroad, d.run, d.window)
                   for d in need.members or need.demands))


CLASSES = st.tuples(st.sampled_from(["bts-ci", "bts-ndrc", "bts-ccst"]), st.integers(2, 14),
                    st.sampled_from(["max_abroad_per_week", "max_on_placement_per_week"]),
                    st.integers(1, 4), st.booleans())


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(cls=CLASSES, share=st.booleans())
def test_a_model_that_only_counts_counts_as_the_whole_one(cls: tuple[Any, ...],
                                                          share: bool) -> None:
    # small classes under caps from tight to loose, planned from the start or in
    # progress, on both grids, with and without shared windows: the same counted
    # conflict and the same cap to raise to, whichever model counts
    sc, start = capped_class(*cls)
    for mode in ("week", exact_grid_mode(sc)):
        opts = {"grid_mode": mode, "share_windows": share, "abroad_waves": share,
                "policy": True, "from_index": start}
        whole = build_class_model(sc, **opts)
        counting = build_class_model(sc, keep=counting_rule, **opts)
        dry = build_class_model(sc, count_only=True, **opts)
        expected = demands_of(whole, whole.counted_conflict())
        assert demands_of(counting, counting.counted_conflict()) == expected
        assert demands_of(dry, dry.counted_conflict()) == expected
        [rule] = [r for r in sc.rules if r.id == "cap"]
        for cm in (counting, dry):
            assert demands_of(cm, rule.needed(cm.ctx, cm.hard_demand())) == \
                demands_of(whole, rule.needed(whole.ctx, whole.hard_demand()))
        # the dry model holds no constraint but the grid's own (a on abroad implies on)
        assert len(dry.model.proto.constraints) < len(counting.model.proto.constraints)


def test_blocks_are_counted_in_working_days() -> None:
    # the CI training starts on a Tuesday: its first week has 4 working days, so a block
    # of 20 working days there touches 5 weeks, and 23 blocks fit one after another in
    # the 96 weeks, not 24
    sc = make_scenario([{"id": "S1"}], calendar=CI_CALENDAR)
    cal = sc.calendar
    weeks = [w.index for w in cal.weeks if w.n_days > 0]
    assert len(weeks) == 96 and cal.weeks[weeks[0]].n_days == 4
    assert _fit(cal, weeks, 4) == 24
    assert _fit(cal, weeks, 4, 20) == 23
    assert _fit(cal, weeks[1:], 4, 20) == 23   # without the short week: 95 // 4
    assert _fit(cal, weeks[:8], 4, 20) == 1 and _fit(cal, weeks[1:9], 4, 20) == 2
    # from a day on: only the days from it count
    assert _fit(cal, weeks, 4, 20, cal.weeks[weeks[1]].lo + 1) == 23


def pigeonhole(n: int = 35) -> Any:
    """``n`` CI students, one Erasmus+ slot a week: each needs a block of 4 weeks abroad."""
    return make_scenario([{"id": f"S{i + 1:02d}"} for i in range(n)], calendar=CI_CALENDAR,
                         shape=True, policy=[{"id": "cap", "kind": "max_abroad_per_week",
                                              "max": 1}])


def test_the_pigeonhole_conflict_is_proven_minimal() -> None:
    sc = pigeonhole()
    clear_cache()
    assert generate(sc, time_limit=30, conflict=False).status == "infeasible"
    explained = explain_scenario(sc, time_limit=30, policy=True)
    conflict = explained.conflict
    assert explained.status == "infeasible" and conflict is not None
    # 24 blocks cannot be placed (23 fit one after another), one slot a week: the cap
    # and 24 students, proven minimal
    assert conflict.minimal
    assert sorted({m.kind for m in conflict.members}) == ["consecutive_block",
                                                          "max_abroad_per_week"]
    assert len(conflict.members) == 25 and len(conflict.students) == 24
    [first] = conflict.raise_to   # the first correction is unchanged: at least 2
    assert (first.rule_id, first.now, first.at_least) == ("cap", 1, 2)

    # on a fresh model of the whole class (as conflict_is_minimal solves it), the
    # members cannot hold together
    cap = [m for m in conflict.members if m.rule_id == "cap"]
    rest = [m for m in conflict.members if m.rule_id != "cap"]
    full, everyone = _conflict_model(sc, policy=True)
    in_full = {a.member.key: a for a in everyone}
    assert _solve(full, [in_full[m.key] for m in rest + cap], 30)[0] == cp_model.INFEASIBLE

    # without one student (or without the cap), the greedy packing's calendar: the whole
    # class's model accepts it, and so does the plain checker (below)
    cm, assumables = _conflict_model(sc, policy=True, keep=counting_rule)
    found = cm.counted_conflict()
    assert found is not None and len(found.members) == 24
    in_counting = {a.member.key: a for a in assumables}
    pack = _packing(cm, found)
    for members in (cap + rest[1:], rest):
        values = pack([in_counting[m.key] for m in members])
        assert values is not None
        assert _accepts(full, [in_full[m.key] for m in members], values, 30)
        # and a calendar that places nobody is refused (the check is no formality)
        nobody = {sid: (tuple(0 for _ in on), tuple(0 for _ in ab))
                  for sid, (on, ab) in values.items()}
        assert not _accepts(full, [in_full[m.key] for m in members], nobody, 30)
    values = pack([in_counting[m.key] for m in cap + rest[1:]])
    assert values is not None
    placed = {m.students[0] for m in rest[1:]}
    planned = make_scenario([{"id": sid, "periods": [
        {"from": p.start, "to": p.end, "place": p.place}
        for p in periods_from_status(cm.day_status_of(values, sid), [], sc)]}
        for sid in sorted(placed)], calendar=CI_CALENDAR,
        policy=[{"id": "cap", "kind": "max_abroad_per_week", "max": 1}])
    broken = verdicts(planned)   # the cap is the class's policy: listed apart
    assert ("cap", None) not in broken
    assert not {sid for rule, sid in broken if rule == "abroad-block"}


def test_a_window_conflict_is_proven_minimal_member_by_member() -> None:
    # 13 NDRC students, tutors for 4 a week, 3 blocks of 4 weeks in the end-of-year
    # window: 13 students and the cap, each of them needed
    students = [{"id": f"S{i:02d}"} for i in range(13)]
    sc = make_scenario(students, "bts-ndrc", calendar=NDRC_CALENDAR, shape=True,
                       policy=[{"id": "tutors", "kind": "max_on_placement_per_week",
                                "max": 4}])
    explained = explain_scenario(sc, time_limit=30, policy=True)
    assert explained.conflict is not None and explained.conflict.minimal
    members = explained.conflict.members
    assert len(members) == 14
    whole, drops = conflict_is_minimal(sc, members, time_limit=30, policy=True)
    assert whole and all(drops)
    # generate's own conflict (what-if, compare) is this one, and the day model agrees
    # that its members cannot hold together
    clear_cache()
    result = generate(sc, time_limit=30)
    assert result.status == "infeasible"
    assert sorted((c.rule.id, tuple(c.students)) for c in result.conflict) == \
        sorted((m.rule_id, tuple(m.students)) for m in members)
    assert conflict_is_infeasible(sc, result.conflict, time_limit=30)
