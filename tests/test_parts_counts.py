"""Parts planned one after another (``generate._one_after_another``): whether a part's own
calendar fits around the parts already planned is read from the weekly caps' counts
(``ClassModel.caps_hold``) instead of a model of the parts so far. The counts must say
what the model says: same calendar, same verdicts, on small capped classes."""

from __future__ import annotations

from typing import Any

import pytest
from test_generate import mixed_class

import solver.jobs.generate as G
from solver.engine.classmodel import build_class_model
from solver.engine.preferences import SOFT_RULE_SCALE, default_preferences
from solver.load.scenario import parse_scenario

OPTS = {"grid_mode": "week", "share_windows": True, "abroad_waves": True, "policy": True,
        "drafts": {}, "from_index": 0}
LOCKS = {0: {"from": "2027-01-04", "weeks": 4, "place": "abroad", "country": "DE",
             "locked": True},
         1: {"from": "2027-01-04", "weeks": 4, "place": "abroad", "country": "DE",
             "locked": True},
         2: {"from": "2026-09-07", "weeks": 6, "place": "france", "locked": True}}


def capped(abroad: int, tutors: int | None) -> dict[str, Any]:
    data = mixed_class(capacity=abroad)
    data["disabled_rules"] = ["both-years"]   # see test_parts_reach_the_whole_models_optimum
    if tutors is not None:
        data["policy"].append({"id": "tutors", "kind": "max_on_placement_per_week",
                               "max": tutors})
    for i, period in LOCKS.items():
        data["students"][i]["periods"] = [period]
    return data


def parts_alone(data: dict[str, Any]) -> tuple[Any, list[Any], list[Any], list[float]]:
    prefs = default_preferences()
    cm = build_class_model(parse_scenario(data, None), preferences=prefs, **OPTS)
    parts = G._parts(cm)
    each = G._each_alone(cm, parts, prefs, OPTS, 30.0)
    assert each is not None
    alone = [{s.id: out.values[names[s.id]] for s in part}
             for part, (out, names) in zip(parts, each, strict=True)]
    return cm, parts, alone, [out.objective for out, _ in each]


def model_says_fit(cm: Any, values: dict[str, Any]) -> bool:
    """Whether the class model with only these students (the rest absent) holds them."""
    sub, names = G._canonical(cm.scenario, [[s for s in cm.scenario.students
                                             if s.id in values]])
    scm = build_class_model(sub, preferences=default_preferences(), grid=cm.grid,
                            fixed={names[sid]: v for sid, v in values.items()},
                            **G._renamed(OPTS, names))
    scm.require_hard()
    scm.set_objective(SOFT_RULE_SCALE)
    return G._solver(10.0).solve(scm.model) == 4   # cp_model.OPTIMAL


@pytest.mark.parametrize("abroad, tutors", [(2, None), (1, None), (4, 3), (2, 4)])
def test_counts_say_what_the_model_says(abroad: int, tutors: int | None) -> None:
    G.clear_cache()
    cm, parts, alone, optima = parts_alone(capped(abroad, tutors))
    assert cm.caps_hold({}) is True
    # every prefix of the parts at their own calendars, and each part with the first
    verdicts: list[bool | None] = []
    for k in range(1, len(parts)):
        for chosen in (range(k + 1), (0, k)):
            values = {sid: v for j in chosen for sid, v in alone[j].items()}
            verdicts.append(cm.caps_hold(values))
            assert verdicts[-1] == model_says_fit(cm, values), (k, tuple(chosen))
    # some do not fit (else the counts were never put to the test): all but the first case
    assert (False in verdicts) == ((abroad, tutors) != (2, None))
    by_counts = G._one_after_another(cm, parts, alone, optima, default_preferences(), OPTS,
                                     30.0, 0.0, counts=True)
    by_model = G._one_after_another(cm, parts, alone, optima, default_preferences(), OPTS,
                                    30.0, 0.0, counts=False)
    # the same verdicts (a part with no room left: None), though not always the same
    # calendar (a part re-planned in its own model may take another of its optima)
    assert (by_counts[0] is None) == (by_model[0] is None)
    assert by_counts[1] == by_model[1]
    assert by_counts[0] is None or cm.caps_hold(by_counts[0]) is True


def around(cm: Any, part: list[Any], planned: dict[str, Any], room: bool) -> tuple[int, Any]:
    """The best calendar of ``part`` around the students of ``planned``: in the part's
    own model with the caps less their places (``room``), or in the model of them all
    with theirs fixed. Status and objective."""
    prefs = default_preferences()
    if room:
        sub, names = G._canonical(cm.scenario, [part])
        scm = build_class_model(sub, preferences=prefs, grid=cm.grid,
                                **G._renamed(OPTS, names))
        assert cm.leave_room(scm, planned)
    else:
        others = [s for s in cm.scenario.students if s.id in planned]
        sub, names = G._canonical(cm.scenario, [others, part])
        scm = build_class_model(sub, preferences=prefs, grid=cm.grid,
                                fixed={names[sid]: v for sid, v in planned.items()},
                                **G._renamed(OPTS, names))
    scm.require_hard()
    out = G._solve_whole(scm, 30.0, workers=1)
    return out.code, out.objective


@pytest.mark.parametrize("abroad, tutors", [(1, None), (4, 3)])
def test_a_part_around_the_others_has_the_same_optimum_in_its_own_model(
        abroad: int, tutors: int | None) -> None:
    G.clear_cache()
    cm, parts, alone, _ = parts_alone(capped(abroad, tutors))
    compared = 0
    for k in range(1, len(parts)):
        planned = {sid: v for j in range(k) for sid, v in alone[j].items()}
        if cm.caps_hold({**planned, **alone[k]}):
            continue
        # the prefix may itself be over a cap: then neither model has a calendar
        assert around(cm, parts[k], planned, True) == around(cm, parts[k], planned, False)
        compared += 1
    assert compared >= 2


def test_another_class_rule_is_left_to_the_model() -> None:
    data = capped(2, None)
    data["policy"].append({"id": "same", "kind": "same_for_cohort"})
    cm = build_class_model(parse_scenario(data, None), preferences=default_preferences(),
                           **OPTS)
    assert cm.caps_hold({}) is None
