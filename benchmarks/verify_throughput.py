"""Verification throughput: plans per second of the three engines on one class calendar.

10,000 random student plans (1-4 periods each, France or abroad, some outside the
training or overlapping) on a BTS CI class of zone A (2025-09-01..2027-06-30), checked
against every rule of the model:

- plain: ``check_plain`` on the whole set (normalisation + every rule's ``check``);
- cp-sat: ``check_cpsat`` once per plan (one compiled model per student, on units cut
  from the plan's own runs), timed on a subset (``--cpsat-plans``, default 1000) and
  reported per plan;
- cp-sat-day: the same with one unit a working day (the former default, kept as the
  reference the plan grid must agree with), on a smaller subset (``--cpsat-day-plans``,
  default 100; 0 leaves it out);
- csp: ``solver.csp_check.check_csp`` once per plan, on a subset (``--csp-plans``).

Each figure is the median of ``--runs`` runs (default 5), timed by the wall clock, or
with ``--clock cpu`` by this process's CPU time (on a machine shared with other jobs the
wall clock also counts the time the process waits for a core). Run from the checkout:

    python benchmarks/verify_throughput.py [--plans 10000] [--runs 5] [--plausible]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import platform
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from solver.core.model import Scenario
from solver.engine.csp_check import check_csp
from solver.jobs.verify import check_cpsat, check_plain
from solver.load.scenario import parse_scenario

START = dt.date(2025, 9, 1)
END = dt.date(2027, 6, 30)
COUNTRIES = ["DE", "ES", "IT", "GB", "BE", None]


def random_student(rng: random.Random, sid: str) -> dict[str, Any]:
    periods = []
    for _ in range(rng.randint(1, 4)):
        if rng.random() < 0.7:   # most periods start on a Monday and last whole weeks
            start = START + dt.timedelta(days=7 * rng.randint(0, 95))
            period: dict[str, Any] = {"from": start.isoformat(), "weeks": rng.randint(1, 10)}
        else:
            start = START + dt.timedelta(days=rng.randint(-10, (END - START).days + 5))
            period = {"from": start.isoformat(),
                      "to": (start + dt.timedelta(days=rng.randint(0, 70))).isoformat()}
        period["place"] = "abroad" if rng.random() < 0.4 else "france"
        country = rng.choice(COUNTRIES)
        if period["place"] == "abroad" and country:
            period["country"] = country
        periods.append(period)
    return {"id": sid, "periods": periods}


def plausible_student(rng: random.Random, sid: str) -> dict[str, Any]:
    """A plan a coordinator could have written: 3-6 weeks abroad in year 1, 8-13 weeks in
    France in year 2, now and then a week off or a block split; most comply."""
    abroad_start = START + dt.timedelta(days=7 * rng.randint(20, 42))
    france_start = START + dt.timedelta(days=7 * rng.randint(70, 80))
    periods: list[dict[str, Any]] = [
        {"from": abroad_start.isoformat(), "weeks": rng.choice([3, 4, 4, 4, 5, 6]),
         "place": "abroad", "country": rng.choice(COUNTRIES[:-1])},
        {"from": france_start.isoformat(), "weeks": rng.randint(8, 13), "place": "france"}]
    if rng.random() < 0.3:
        later = france_start + dt.timedelta(days=7 * rng.randint(14, 18))
        periods.append({"from": later.isoformat(), "weeks": rng.randint(1, 3),
                        "place": "france"})
    return {"id": sid, "periods": periods}


def class_of(students: list[dict[str, Any]]) -> Scenario:
    data = {"programme": "bts-ci",
            "calendar": {"zone": "A", "start": START.isoformat(), "end": END.isoformat(),
                         "blocked": [{"from": "2027-05-10", "to": "2027-05-21"}]},
            "students": students}
    return parse_scenario(data, "benchmark", Path.cwd())


def median_rate(runs: int, count: int, job: Callable[[], object],
                clock: Callable[[], float] = time.perf_counter) -> tuple[float, list[float]]:
    """Median plans per second over ``runs`` runs of ``job`` checking ``count`` plans."""
    rates = []
    for _ in range(runs):
        t0 = clock()
        job()
        rates.append(count / (clock() - t0))
    return statistics.median(rates), rates


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plans", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cpsat-plans", type=int, default=1000)
    ap.add_argument("--cpsat-day-plans", type=int, default=100)
    ap.add_argument("--csp-plans", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--plausible", action="store_true",
                    help="plans a coordinator could have written (mostly compliant) instead "
                         "of uniformly random ones")
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                    help="wall: elapsed time (the default); cpu: this process's CPU time, "
                         "steadier on a machine other jobs share")
    ap.add_argument("--no-freeze", action="store_true",
                    help="do not gc.freeze() the inputs before timing")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    make = plausible_student if args.plausible else random_student
    students = [make(rng, f"S{i:05d}") for i in range(args.plans)]
    whole = class_of(students)
    singles = [class_of([s]) for s in
               students[:max(args.cpsat_plans, args.cpsat_day_plans, args.csp_plans)]]
    for sc in singles:           # one calendar object for all: what a class shares
        sc.calendar = whole.calendar

    # The inputs are long-lived: keep the cyclic garbage collector from rescanning them
    # at every collection (without this, collections of the 10,000 input objects cost
    # about a third of the plain checker's time; see --no-freeze).
    if not args.no_freeze:
        gc.collect()
        gc.freeze()
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    plain, _ = median_rate(args.runs, args.plans, lambda: check_plain(whole), clock)
    cpsat_set = singles[:args.cpsat_plans]
    cpsat, _ = median_rate(args.runs, len(cpsat_set),
                           lambda: [check_cpsat(sc) for sc in cpsat_set], clock)
    day_set = singles[:args.cpsat_day_plans]
    if day_set:
        cpsat_day, _ = median_rate(args.runs, len(day_set),
                                   lambda: [check_cpsat(sc, grid_mode="day") for sc in day_set],
                                   clock)
    csp_set = singles[:args.csp_plans]
    csp, _ = median_rate(args.runs, len(csp_set), lambda: [check_csp(sc) for sc in csp_set],
                         clock)

    # the engines must agree on the plans timed (a benchmark of wrong answers is moot)
    disagree = 0
    for i, sc in enumerate(singles[:min(len(cpsat_set), len(csp_set))]):
        plain_v = {(v.rule.id, v.student) for v in check_plain(sc)}
        engines = [check_cpsat(sc), check_csp(sc)]
        if i < len(day_set):
            engines.append(check_cpsat(sc, grid_mode="day"))
        disagree += any(found != plain_v for found in engines)

    n_violations = len(check_plain(whole))
    print(f"verify throughput, BTS CI zone A 2025-2027, {len(whole.rules)} rules, "
          f"{'plausible' if args.plausible else 'random'} plans "
          f"({n_violations / args.plans:.2f} violations a plan), "
          f"Python {platform.python_version()}, median of {args.runs} runs, "
          f"{args.clock} clock")
    print(f"{'engine':<10} {'plans timed':>12} {'plans/s':>12} {'ms/plan':>10} "
          f"{'vs plain':>10}")
    rows = [("plain", args.plans, plain), ("cp-sat", len(cpsat_set), cpsat)]
    if day_set:
        rows.append(("cp-sat-day", len(day_set), cpsat_day))
    rows.append(("csp", len(csp_set), csp))
    for name, count, rate in rows:
        print(f"{name:<10} {count:>12,} {rate:>12,.0f} {1000 / rate:>10.3f} "
              f"{plain / rate:>9.0f}x")
    print(f"cp-sat, cp-sat-day and csp rates are measured on the first {len(cpsat_set)} / "
          f"{len(day_set)} / {len(csp_set)} plans and scale linearly (one independent check "
          f"per plan); engines disagreed on {disagree} plans")


if __name__ == "__main__":
    main()
