"""Benchmark of ``stageplan repair`` and ``stageplan explain`` (issue 4), not a timed test.

Prints the median of several runs (5 by default) of:
  1. the repair of one student's plan (a BTS CI student whose abroad block is 3 weeks:
     one week to add), proven minimal;
  2. the repair of a 35-student BTS CI class where a third of the plans are broken
     (abroad block too short, 13 weeks in all, summer rest broken, 17 weeks), with a
     capacity policy of 10 students abroad per week;
  3. explain on an infeasible class: (a) 35 students, one with a locked July-August
     placement that breaks the summer rest (students independent); (b) two apprentices
     and one place abroad per week over four free weeks (a class conflict through the
     capacity policy).
and the time per broken student for (2). Aims of the issue: under 50 ms per student
plan, proven minimal; under 1 s for a minimal conflict.

Run: python benchmarks/repair_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from typing import Any

from solver.explain import explain_scenario
from solver.model import Scenario, parse_scenario
from solver.repair import repair
from solver.verify import verify

CALENDAR = {"zone": "A", "start": "2025-09-01", "end": "2027-06-30",
            "blocked": [{"from": "2027-05-10", "to": "2027-05-21", "reason": "CCF E4"}]}
# abroad blocks four weeks apart, students spread over them in turn: at most 5 students
# abroad in the same week, so the class starts within its capacity of 10
ABROAD_STARTS = ["2026-01-05", "2026-02-02", "2026-03-02", "2026-03-30", "2026-04-27",
                 "2026-05-25", "2026-09-28", "2026-11-02"]
FRANCE_STARTS = ["2027-01-04", "2027-01-11", "2027-02-01"]


def good_student(i: int, rng: random.Random) -> dict[str, Any]:
    return {"id": f"S{i + 1:02d}", "periods": [
        {"from": ABROAD_STARTS[i % len(ABROAD_STARTS)], "weeks": 4, "place": "abroad",
         "country": "DE"},
        {"from": rng.choice(FRANCE_STARTS), "weeks": 10 + rng.choice([0, 1, 2])}]}


def break_student(s: dict[str, Any], kind: int) -> None:
    p = s["periods"]
    if kind == 0:     # abroad block of 3 weeks
        p[0]["weeks"] = 3
        p[1]["weeks"] = 12
    elif kind == 1:   # 13 weeks in all
        p[1]["weeks"] = 9
    elif kind == 2:   # summer rest broken by a long July placement
        p.append({"from": "2026-07-06", "weeks": 6})
        p[1]["weeks"] = 4
    else:             # 17 weeks
        p[1]["weeks"] = 13


def ci_class(n: int = 35, seed: int = 1) -> Scenario:
    rng = random.Random(seed)
    students = [good_student(i, rng) for i in range(n)]
    for k, s in enumerate(students[::3]):
        break_student(s, k % 4)
    data = {"programme": "bts-ci", "calendar": CALENDAR, "students": students,
            "policy": [{"id": "erasmus-capacity", "kind": "max_abroad_per_week", "max": 10}]}
    return parse_scenario(data, None)


def one_student() -> Scenario:
    data = {"programme": "bts-ci", "calendar": CALENDAR, "students": [
        {"id": "S01", "periods": [
            {"from": "2026-05-18", "weeks": 3, "place": "abroad", "country": "ES"},
            {"from": "2027-01-04", "weeks": 11}]}]}
    return parse_scenario(data, None)


def infeasible_independent(n: int = 35) -> Scenario:
    students = ci_class(n, seed=2).students
    data = {"programme": "bts-ci", "calendar": CALENDAR, "students": [
        {"id": s.id, "periods": [{"from": p.start, "to": p.end, "place": p.place}
                                 for p in s.periods]} for s in students]}
    data["students"][5]["periods"] = [{"from": "2026-06-29", "to": "2026-08-21",
                                       "place": "france", "locked": True}]
    return parse_scenario(data, None)


def infeasible_capacity() -> Scenario:
    cal = dict(CALENDAR, blocked=[{"from": "2025-09-01", "to": "2026-05-15"},
                                  {"from": "2026-06-15", "to": "2027-06-30"}])
    data = {"programme": "bts-ci", "calendar": cal,
            "policy": [{"id": "one-abroad", "kind": "max_abroad_per_week", "max": 1}],
            "students": [{"id": "A1", "route": "apprentice"},
                         {"id": "A2", "route": "apprentice"}]}
    return parse_scenario(data, None)


def timed(fn: Any, runs: int) -> tuple[float, Any]:
    times, last = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        last = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), last


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    rows: list[tuple[str, float, str]] = []

    def show(label: str, seconds: float, note: str) -> None:
        rows.append((label, seconds, note))
        print(f"{label:<58} {seconds * 1000:>9.0f} ms  {note}", flush=True)

    sc = one_student()
    t, r = timed(lambda: repair(sc), args.runs)
    assert verify(r.scenario).compliant
    show("repair: one student (3 weeks abroad -> 4)", t,
         f"{r.status}, {r.changed_days} days changed")

    cls = ci_class()
    broken = sum(1 for s in verify(cls).students if not s.compliant)
    t, r = timed(lambda: repair(cls), args.runs)
    assert verify(r.scenario).compliant
    show(f"repair: class of {len(cls.students)}, {broken} broken", t,
         f"{r.status}, {r.changed_days} days changed, mode {r.mode}")
    show("  per broken student", t / max(broken, 1), "")

    inf = infeasible_independent()
    t, e = timed(lambda: explain_scenario(inf), args.runs)
    assert e.status == "infeasible" and e.conflict is not None
    show(f"explain: class of {len(inf.students)}, one locked summer placement", t,
         f"conflict of {len(e.conflict.members)}: "
         + ", ".join(m.rule_id for m in e.conflict.members))

    cap = infeasible_capacity()
    t, e = timed(lambda: explain_scenario(cap), args.runs)
    assert e.status == "infeasible" and e.conflict is not None
    show("explain: capacity conflict (class model)", t,
         f"conflict of {len(e.conflict.members)}: "
         + ", ".join(m.rule_id for m in e.conflict.members))


if __name__ == "__main__":
    main()
