"""Benchmark of ``stageplan generate`` (issue 3), not a timed test.

Prints, side by side and in one run, the median of 5 runs of:
  1. one BTS CI class of 35 students (mixed routes and adjustments, two blocked
     periods, at most 10 students abroad in the same week);
  2. ten such classes, one after the other (different seeds: the same groups, the
     students in another order), first with the part cache emptied before every
     class (each class solved from nothing), then as a batch sharing the cache
     (``generate`` caches the answer of a class's parts on their CP-SAT model's bytes:
     the ten classes have the same parts, so the batch solves them once);
  3. the same single-student problem (one initial CI student, same calendar) solved
     by CP-SAT (the class model) and by python-constraint (a week-level CSP: one
     variable per week, value 0 free / 1 France / 2 abroad), and their ratio.

Every CP-SAT row is measured with an empty cache at the start of each run, except the
cached batch. Run: python benchmarks/generate_bench.py [--runs 5] [--time-limit 30]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from typing import Any

from solver.generate import clear_cache, generate
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
        clear_cache()
        t0 = time.perf_counter()
        last = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), last


def csp_single(sc: Scenario) -> dict[str, int] | None:
    """One initial CI student at week level with python-constraint: the calendar's
    whole weeks, an abroad block (start, 4-8 weeks) and two France blocks (start,
    0-12 weeks) that do not overlap, 14-16 weeks in all, no block touching a blocked
    week, and 4 free summer weeks in a row. (A one-variable-per-week encoding with
    global sum/run constraints did not finish in minutes: python-constraint checks
    such constraints only on complete assignments.)"""
    import constraint

    cal = sc.calendar
    weeks = [w for w in cal.weeks if w.n_days == 5]
    n = len(weeks)
    bad = {k for k, w in enumerate(weeks)
           if any(cal.blocked_flags[i] for i in range(w.lo, w.hi + 1))}
    summer = [k for k, w in enumerate(weeks) if w.index in set(cal.summer_weeks)]
    p = constraint.Problem(constraint.BacktrackingSolver())
    p.addVariable("a_len", list(range(4, 9)))
    p.addVariable("f1_len", list(range(0, 13)))
    p.addVariable("f2_len", list(range(0, 13)))
    for v in ("a_start", "f1_start", "f2_start"):
        p.addVariable(v, list(range(n)))

    def fits(start: int, length: int) -> bool:
        return start + length <= n and not any(k in bad for k in range(start, start + length))

    for b in ("a", "f1", "f2"):
        p.addConstraint(fits, [f"{b}_start", f"{b}_len"])
    p.addConstraint(lambda a, f1, f2: 14 <= a + f1 + f2 <= 16, ["a_len", "f1_len", "f2_len"])

    def apart(s1: int, l1: int, s2: int, l2: int) -> bool:
        return l1 == 0 or l2 == 0 or s1 + l1 <= s2 or s2 + l2 <= s1

    for x, y in (("a", "f1"), ("a", "f2"), ("f1", "f2")):
        p.addConstraint(apart, [f"{x}_start", f"{x}_len", f"{y}_start", f"{y}_len"])

    def rest(*v: int) -> bool:
        busy = {k for s, ln in zip(v[::2], v[1::2], strict=True) for k in range(s, s + ln)}
        run = 0
        for k in summer:
            run = 0 if k in busy else run + 1
            if run >= 4:
                return True
        return False

    if summer:
        p.addConstraint(rest, ["a_start", "a_len", "f1_start", "f1_len", "f2_start", "f2_len"])
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

    def each_alone() -> list[Any]:
        out = []
        for c in classes:
            clear_cache()
            out.append(generate(c, time_limit=args.time_limit))
        return out

    for name, fn in (("10 classes x 35, no cache", each_alone),
                     ("10 classes x 35, one batch", lambda: [
                         generate(c, time_limit=args.time_limit) for c in classes])):
        t, results = timed(fn, args.runs)
        row(name, t, ",".join(sorted({r.status for r in results})),
            all(verify(r.scenario).compliant for r in results if r.ok))


if __name__ == "__main__":
    main()
