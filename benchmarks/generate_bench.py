"""Benchmark of ``stageplan generate`` (issue 3), not a timed test.

Prints, side by side and in one run, the median of 5 runs of:
  1. one BTS CI class of 35 students (mixed routes and adjustments, two blocked
     periods, at most 10 students abroad in the same week);
  2. ten such classes, one after the other (different seeds);
  3. the same single-student problem (one initial CI student, same calendar) solved
     by CP-SAT (the class model) and by python-constraint (a week-level CSP: one
     variable per week, value 0 free / 1 France / 2 abroad), and their ratio.

Run: python benchmarks/generate_bench.py [--runs 5] [--time-limit 30]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from typing import Any

from solver.generate import generate
from solver.model import Scenario, parse_scenario
from solver.verify import verify

CALENDAR = {"zone": "A", "start": "2025-09-01", "end": "2027-06-30",
            "blocked": [{"from": "2026-05-11", "to": "2026-05-15", "reason": "CCF E2"},
                        {"from": "2027-05-10", "to": "2027-05-21", "reason": "CCF E4"}]}
ROUTES = [("initial", "none")] * 24 + [("initial", "reduced")] * 3 + [
    ("apprentice", "none")] * 3 + [("continuing", "none")] * 2 + [
    ("initial", "exempt-one-unit"), ("initial", "exempt"), ("continuing", "reduced")]


def ci_class(n: int = 35, seed: int = 0, capacity: int = 10) -> dict[str, Any]:
    rng = random.Random(seed)
    mix = list(ROUTES)
    rng.shuffle(mix)
    students = []
    for i in range(n):
        route, adj = mix[i % len(mix)]
        students.append({"id": f"S{i + 1:02d}", "route": route, "adjustment": adj})
    return {"programme": "bts-ci", "label": f"BTS CI benchmark class {seed}",
            "calendar": CALENDAR,
            "policy": [{"id": "erasmus-capacity", "kind": "max_abroad_per_week",
                        "max": capacity}],
            "students": students}


def scenario(data: dict[str, Any]) -> Scenario:
    return parse_scenario(data, None)


def timed(fn: Any, runs: int) -> tuple[float, Any]:
    times, last = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        last = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), last


def csp_single(sc: Scenario) -> dict[int, int] | None:
    """One initial CI student at week level with python-constraint: 14-16 weeks, a run
    of 4 weeks abroad, 4 free summer weeks in a row, nothing in blocked weeks."""
    import constraint

    cal = sc.calendar
    weeks = [w for w in cal.weeks if w.n_days == 5]
    blocked = {w.index for w in weeks if any(cal.blocked_flags[i] for i in range(w.lo, w.hi + 1))}
    summer = [w for w in cal.summer_weeks]
    p = constraint.Problem(constraint.MinConflictsSolver(steps=200_000))
    names = [w.index for w in weeks]
    for w in names:
        p.addVariable(w, [0] if w in blocked else [0, 1, 2])
    p.addConstraint(lambda *xs: 14 <= sum(1 for x in xs if x) <= 16, names)

    def abroad_run(*xs: int) -> bool:
        run = 0
        for x in xs:
            run = run + 1 if x == 2 else 0
            if run >= 4:
                return True
        return False

    p.addConstraint(abroad_run, names)
    in_summer = [w for w in names if w in set(summer)]

    def rest(*xs: int) -> bool:
        run = 0
        for x in xs:
            run = 0 if x else run + 1
            if run >= 4:
                return True
        return False

    if in_summer:
        p.addConstraint(rest, in_summer)
    sol = p.getSolution()
    return dict(sol) if sol else None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--time-limit", type=float, default=30.0)
    args = ap.parse_args()
    print(f"{'problem':34} {'median s':>9}  status      verify", flush=True)

    def row(name: str, secs: float, status: str, verdict: bool | None) -> None:
        v = "-" if verdict is None else ("pass" if verdict else "FAIL")
        print(f"{name:34} {secs:9.3f}  {status:11} {v}", flush=True)

    single = scenario({**ci_class(1), "policy": [],
                       "students": [{"id": "S01", "route": "initial"}]})
    t_cp, r1 = timed(lambda: generate(single, time_limit=args.time_limit), args.runs)
    row("1 student, CP-SAT", t_cp, r1.status, verify(r1.scenario).compliant)
    t_csp, sol = timed(lambda: csp_single(single), args.runs)
    row("1 student, python-constraint", t_csp, "found" if sol else "none", None)
    print(f"ratio CP-SAT / python-constraint on one student: {t_cp / t_csp:.2f}")

    one = scenario(ci_class())
    t, res = timed(lambda: generate(one, time_limit=args.time_limit), args.runs)
    ok = verify(res.scenario).compliant if res.ok else False
    row("1 class x 35 CI students", t, res.status, ok)

    classes = [scenario(ci_class(seed=s)) for s in range(10)]
    t, results = timed(lambda: [generate(c, time_limit=args.time_limit) for c in classes],
                       args.runs)
    row("10 classes x 35", t, ",".join(sorted({r.status for r in results})),
        all(verify(r.scenario).compliant for r in results if r.ok))


if __name__ == "__main__":
    main()
