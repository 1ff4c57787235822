"""Drafted students as parts of the class (issue 19): each student whose draft must
change is a part solved alone, and parts alike in every way are one model solved once
(``_cached_whole``). A draft is priced in the objective only, so two students of the same
route with different drafts are *not* alike: each must get the answer of their own
model, else the parts' lower bound is wrong and the parts clash where the class has room
(``generate --from start`` on a class in progress took 27 s that way)."""

from __future__ import annotations

from typing import Any

from test_generate import mixed_class

import solver.jobs.generate as G
from solver.engine.classmodel import build_class_model
from solver.engine.preferences import default_preferences
from solver.jobs.verify import verify
from solver.load.scenario import parse_scenario

# two initial students, each with a year-1 placement too short (a broken draft) on
# other weeks, and a third with a broken draft of its own
DRAFTS = {
    0: [{"from": "2026-05-25", "weeks": 2, "place": "france"}],
    1: [{"from": "2026-01-05", "weeks": 3, "place": "abroad", "country": "DE"}],
    2: [{"from": "2026-05-25", "weeks": 3, "place": "abroad", "country": "DE"},
        {"from": "2026-11-02", "weeks": 2, "place": "france"}],
}


def drafted_class(capacity: int) -> dict[str, Any]:
    data = mixed_class(capacity=capacity)
    data["students"] = [s for i, s in enumerate(data["students"]) if i in (0, 1, 2, 5, 7)]
    for i, periods in DRAFTS.items():
        data["students"][i]["periods"] = periods
    return data


def prepared(data: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    work = G._prepare(parse_scenario(data, None), False, None)
    assert sorted(work.drafts) == ["P0", "P1", "P2"]   # every draft is broken
    opts = {"grid_mode": "week", "share_windows": True, "abroad_waves": True,
            "policy": True, "drafts": work.drafts, "from_index": work.from_index}
    return work, opts


def test_students_alike_but_for_their_drafts_get_their_own_answers() -> None:
    work, opts = prepared(drafted_class(4))
    prefs = default_preferences()
    cm = build_class_model(work.scenario, preferences=prefs, **opts)
    parts = G._parts(cm)
    assert [[s.id for s in p] for p in parts[:3]] == [["P0"], ["P1"], ["P2"]]
    G.clear_cache()
    each = G._each_alone(cm, parts, prefs, opts, 30.0)
    assert each is not None
    for part, (out, _) in zip(parts[:3], each, strict=False):
        sub, names = G._canonical(cm.scenario, [part])
        alone = build_class_model(sub, preferences=prefs, grid=cm.grid,
                                  **G._renamed(opts, names))
        alone.require_hard()
        fresh = G._solve_whole(alone, 30.0, workers=G.PART_WORKERS)   # no cache
        assert fresh.code == out.code == 4   # cp_model.OPTIMAL
        assert out.objective == fresh.objective, part[0].id
    # the two drafts differ, and so do their parts' prices
    assert each[0][0].objective != each[1][0].objective


def whole_optimum(data: dict[str, Any]) -> float:
    """The optimum of the class model with its drafts, solved at once (no parts)."""
    work, opts = prepared(data)
    cm = build_class_model(work.scenario, preferences=default_preferences(), **opts)
    cm.require_hard()
    out = G._solve_whole(cm, 60.0, workers=1)
    assert out.code == 4 and out.objective is not None   # cp_model.OPTIMAL
    return out.objective


def test_drafted_parts_reach_the_whole_models_optimum() -> None:
    for capacity in (4, 1):
        data = drafted_class(capacity)
        G.clear_cache()
        result = G.generate(parse_scenario(data, None), time_limit=60)
        assert result.status == "optimal" and result.objective == result.bound
        assert result.objective == whole_optimum(data), capacity
        assert verify(result.scenario).compliant


def test_each_part_alone_spends_a_share_of_the_budget(monkeypatch: Any) -> None:
    """A part whose optimum is hard to prove (a CI class under an Erasmus+ cap of 4) must
    not spend the whole budget alone: the class's calendar, found part by part, would be
    lost to the deadline before the parts are fitted together (a 200-class académie at
    --time-limit 5 had 9 CI classes without a calendar). Each part gets
    ``PART_SHARE`` of it, and what it found still makes the class's calendar."""
    budgets: list[float] = []
    real = G._cached_whole

    def spy(cm: Any, time_limit: float, key: Any = None) -> Any:
        budgets.append(time_limit)
        return real(cm, time_limit, key)

    monkeypatch.setattr(G, "_cached_whole", spy)
    monkeypatch.setattr(G, "PART_THREADS", 1)   # the spy sees every part's solve
    G.clear_cache()
    sc = parse_scenario(mixed_class(capacity=4), None)
    out = G.generate(sc, time_limit=8.0)
    assert out.status in ("optimal", "feasible")
    assert verify(out.scenario).acceptable
    parts = budgets[:len(G._parts(build_class_model(
        sc, preferences=default_preferences(), grid_mode="week", share_windows=True,
        abroad_waves=True, policy=True)))]
    assert len(parts) > 1
    # less than the whole budget (before, each part had all of it), the rest for fitting
    assert all(b < 8.0 for b in parts), budgets
