"""Benchmark of national batches (issue 11): classes per minute on each executor, the
cache's rerun, and an extrapolation to 20,000 classes on N machines.

1. ``make_academie.py`` writes N synthetic classes (default 2,000; seeded).
2. ``batch`` over them with ``serial``, the local process pool and a Dask
   ``LocalCluster`` (each the median of ``--runs`` runs, default 3): classes per minute,
   and a check that the three give the same rows (solve times aside).
3. The same batch with ``--cache``: a cold run, then a rerun, and the rerun's share of
   the cold run's time (aim: under 5 %).
4. From the measured cost of one class (serial wall time / N, one solve using
   ``generate.NUM_WORKERS`` CP-SAT threads), the time for 20,000 classes on 1, 4, 16 and
   64 machines of ``--cores`` cores each (one Dask worker per NUM_WORKERS cores); a
   cluster adds its own overhead, measured here as the LocalCluster's start and
   scheduling cost against the local pool.

The machine's cores are shared: only figures measured in the same run compare.
Run: python benchmarks/batch_bench.py [--n 2000] [--runs 3] [--time-limit 5]
     [--workers N] [--cores 32] [--executors serial,local,dask]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from make_academie import make_academie

from solver.cli.commands.batch import scenario_files
from solver.jobs.batch.executors import Job, cores, default_workers
from solver.jobs.batch.runner import BatchOptions, run_batch
from solver.jobs.generate import NUM_WORKERS


def jobs_of(folder: Path, time_limit: float) -> list[Job]:
    return [Job(str(p.relative_to(folder)), str(p), (), "variant", time_limit)
            for p in scenario_files(folder)]


def stable(rows: list[dict[str, Any]]) -> str:
    out = json.loads(json.dumps(rows))
    for r in out:
        if r.get("generate"):
            r["generate"].pop("solve_time", None)
    return json.dumps(out, sort_keys=True)


def no_calendar(rows: list[dict[str, Any]]) -> int:
    """Rows whose class got no calendar (issue 19: there should be none)."""
    return sum(1 for r in rows
               if (r.get("generate") or {}).get("status") not in ("optimal", "feasible"))


NO_CALENDAR: dict[str, int] = {}


def timed(jobs: list[Job], executor: str, workers: int | None,
          options: BatchOptions | None = None) -> tuple[float, str, int]:
    t0 = time.perf_counter()
    rows, stats = run_batch(jobs, executor, workers, options=options)
    NO_CALENDAR[executor] = no_calendar(rows)
    return time.perf_counter() - t0, stable(rows), sum(stats.failed.values())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=2000, help="classes (default 2000)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--time-limit", type=float, default=5.0)
    ap.add_argument("--workers", type=int, default=None,
                    help="pool / LocalCluster processes (default: cores / CP-SAT threads)")
    ap.add_argument("--cores", type=int, default=32,
                    help="cores per machine for the extrapolation (default 32)")
    ap.add_argument("--executors", default="serial,local,dask")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    executors = [e for e in args.executors.split(",") if e]
    workers = args.workers or default_workers()
    print(f"{args.n} classes, time limit {args.time_limit:g} s, {cores()} cores here, "
          f"{workers} worker process(es), {NUM_WORKERS} CP-SAT threads per solve, "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "academie"
        make_academie(folder, args.n, args.seed)
        jobs = jobs_of(folder, args.time_limit)
        run_batch(jobs[:5], "serial")   # warm-up: imports and data loaded once, not timed
        medians: dict[str, float] = {}
        digests: dict[str, str] = {}
        for name in executors:
            times = []
            for _ in range(args.runs):
                seconds, digest, failed = timed(jobs, name, workers)
                times.append(seconds)
                digests[name] = digest
            medians[name] = statistics.median(times)
            print(f"  {name:7s} median {medians[name]:8.1f} s   "
                  f"{60 * args.n / medians[name]:8.1f} classes/min   "
                  f"{medians[name] / args.n:6.3f} s/class   "
                  f"(runs: {', '.join(f'{t:.1f}' for t in times)}; failed rows: {failed}; "
                  f"classes without a calendar: {NO_CALENDAR[name]})", flush=True)
        same = len(set(digests.values())) <= 1
        print(f"  same rows on every executor (solve times aside): {'yes' if same else 'NO'}")

        cache = str(Path(tmp) / "cache")
        fastest = min(medians, key=lambda e: medians[e]) if medians else "serial"
        cold, _, _ = timed(jobs, fastest, workers, BatchOptions(cache=cache))
        warm_times = [timed(jobs, fastest, workers, BatchOptions(cache=cache))[0]
                      for _ in range(args.runs)]
        warm = statistics.median(warm_times)
        print(f"  cache ({fastest}): cold {cold:.1f} s, rerun median {warm:.2f} s "
              f"= {100 * warm / cold:.1f} % of the cold run (aim < 5 %); "
              f"load average {os.getloadavg()[0]:.1f}", flush=True)

    per_class = medians.get("serial", cold) / args.n
    print(f"\nmeasured cost: {per_class:.3f} s per class on one worker "
          f"({NUM_WORKERS} CP-SAT threads)")
    overhead = ""
    if "dask" in medians and "local" in medians:
        overhead = (f"; the Dask LocalCluster took {medians['dask'] - medians['local']:+.1f} s "
                    f"against the local pool for the same {args.n} classes")
    print("extrapolation to 20,000 classes (one Dask worker per "
          f"{NUM_WORKERS} cores, {args.cores} cores per machine, no cluster overhead"
          f"{overhead}):")
    for machines in (1, 4, 16, 64):
        slots = machines * max(1, args.cores // NUM_WORKERS)
        hours = 20000 * per_class / slots / 3600
        print(f"  {machines:3d} machine(s), {slots:5d} workers: {hours * 60:8.1f} min")


if __name__ == "__main__":
    main()
