"""Locked students at scale (issue 19): each student with variables of their own is a
part of the class solved alone (students alike in every way, locks included, once),
the parts on the machine's cores. The class's optimum is the one of the whole model
solved at once, and the calendar does not depend on how many threads solved the parts."""

from __future__ import annotations

from typing import Any

import pytest
from test_generate import mixed_class

import solver.jobs.generate as G
from solver.cli.commands.generate import plan_yaml
from solver.engine.classmodel import build_class_model
from solver.engine.preferences import default_preferences
from solver.jobs.verify import verify
from solver.load.scenario import parse_scenario

ERASMUS = {"from": "2027-01-04", "weeks": 4, "place": "abroad", "country": "DE",
           "locked": True}
SIGNED = {"from": "2026-09-07", "weeks": 6, "place": "france", "locked": True}


KEEP = [0, 1, 5, 7]   # four of the nine: small enough to solve the whole model at once


def locked_class(capacity: int, locks: dict[int, dict[str, Any]]) -> dict[str, Any]:
    data = mixed_class(capacity=capacity)
    data["students"] = [s for i, s in enumerate(data["students"]) if i in KEEP]
    for i, period in locks.items():
        data["students"][i]["periods"] = [period]
    return data


CASES = {
    "two alike abroad, one in France": (3, {0: ERASMUS, 1: ERASMUS, 2: SIGNED}),
    "tight cap": (2, {0: ERASMUS, 1: ERASMUS}),
    "apprentice locked": (1, {3: SIGNED, 0: ERASMUS}),
}


def whole_optimum(data: dict[str, Any]) -> float:
    """The optimum of the class model solved at once (no parts, no cache)."""
    cm = build_class_model(parse_scenario(data, None), preferences=default_preferences(),
                           policy=True)
    cm.require_hard()
    out = G._solve_whole(cm, 60.0, workers=1)
    assert out.code == 4 and out.objective is not None   # cp_model.OPTIMAL
    return out.objective


@pytest.mark.parametrize("case", list(CASES))
def test_locked_students_in_parts_reach_the_whole_models_optimum(case: str) -> None:
    capacity, locks = CASES[case]
    data = locked_class(capacity, locks)
    sc = parse_scenario(data, None)
    # the locked students are parts of their own
    cm = build_class_model(sc, preferences=default_preferences(), policy=True)
    alone = [p for p in G._parts(cm) if len(p) == 1 and p[0].periods]
    assert sorted(p[0].id for p in alone) == sorted(f"P{KEEP[i]}" for i in locks)
    G.clear_cache()
    result = G.generate(sc, time_limit=300, from_date=None)
    assert result.status == "optimal" and result.objective == result.bound
    assert result.objective == whole_optimum(data)
    assert verify(result.scenario).compliant


def test_the_calendar_does_not_depend_on_the_threads(monkeypatch: Any) -> None:
    sc = parse_scenario(locked_class(*CASES["two alike abroad, one in France"]), None)
    plans = []
    for threads in (1, 2, 4):
        monkeypatch.setattr(G, "PART_THREADS", threads)
        G.clear_cache()
        plans.append(plan_yaml(G.generate(sc, time_limit=300).scenario))
    assert plans[0] == plans[1] == plans[2]


def test_students_alike_are_solved_once(monkeypatch: Any) -> None:
    sc = parse_scenario(locked_class(3, {0: ERASMUS, 1: ERASMUS}), None)
    locked_alone: list[Any] = []
    real = G._solve_whole

    def counting(cm: Any, *args: Any, **kwargs: Any) -> Any:
        if len(cm.scenario.students) == 1 and cm.scenario.students[0].periods:
            locked_alone.append(cm.scenario.students[0])
        return real(cm, *args, **kwargs)

    monkeypatch.setattr(G, "_solve_whole", counting)
    G.clear_cache()
    assert G.generate(sc, time_limit=300).status == "optimal"
    # P0 and P1 (same route, same lock) are one model: solved alone once, not twice
    assert len(locked_alone) == 1


def test_students_alike_but_for_their_lines_are_built_once(monkeypatch: Any,
                                                             tmp_path: Any) -> None:
    import yaml

    from solver.load.scenario import load_scenario

    path = tmp_path / "class.yaml"
    path.write_text(yaml.safe_dump(locked_class(3, {0: dict(ERASMUS), 1: dict(ERASMUS),
                                                    2: SIGNED})))
    sc = load_scenario(path)
    lines = [p.line for s in sc.students for p in s.periods]
    assert len(lines) == 3 and len(set(lines)) == 3   # the locks differ by their lines
    locked_alone: list[Any] = []
    real = G.build_class_model

    def counting(scenario: Any, *args: Any, **kwargs: Any) -> Any:
        if len(scenario.students) == 1 and scenario.students[0].periods:
            locked_alone.append(scenario.students[0])
        return real(scenario, *args, **kwargs)

    opts = {"grid_mode": "week", "share_windows": True, "abroad_waves": True,
            "policy": True, "drafts": {}, "from_index": 0}
    cm = build_class_model(sc, preferences=default_preferences(), **opts)
    parts = G._parts(cm)
    monkeypatch.setattr(G, "build_class_model", counting)
    G.clear_cache()
    each = G._each_alone(cm, parts, default_preferences(), opts, 30.0)
    assert each is not None
    # P0 and P1 (same route, same lock on other lines) are one model, built once; P5's
    # lock is another
    assert len(locked_alone) == 2
    first, second = (each[i] for i, p in enumerate(parts) if p[0].id in ("P0", "P1"))
    assert first[0] is second[0]
    monkeypatch.setattr(G, "build_class_model", real)
    G.clear_cache()
    for part, (out, names) in zip(parts, each, strict=True):   # as each is built alone
        sub, names = G._canonical(cm.scenario, [part])
        alone = build_class_model(sub, preferences=default_preferences(), grid=cm.grid,
                                  **G._renamed(opts, names))
        alone.require_hard()
        assert G._solve_whole(alone, 30.0, workers=G.PART_WORKERS).values == out.values
