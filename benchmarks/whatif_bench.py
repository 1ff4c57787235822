"""Benchmark of what-if and batch (issue 5): the process pool against one process.

Prints, side by side and in one run, the median of N runs (default 5) of:
  1. 8 variants of the 35-student BTS CI class (scenarios/whatif/bts-ci-class-35.yaml:
     the base and the what-if questions of the README), run serially and on the
     local process pool, and the speed-up;
  2. ``batch`` over 50 generated classes (the five programmes' example classes with
     other zones and student counts), serially and on the pool, and the speed-up.
The machine's cores are shared: only ratios measured in the same run mean anything.
Results are checked to be identical whatever the executor (solve times aside).

Run: python benchmarks/whatif_bench.py [--runs 5] [--time-limit 3] [--workers N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from solver.jobs.batch.executors import Job, cores, default_workers
from solver.jobs.batch.runner import run_jobs
from solver.load.overlay import parse_set

ROOT = Path(__file__).resolve().parent.parent
CLASS35 = str(ROOT / "scenarios" / "whatif" / "bts-ci-class-35.yaml")
VARIANTS: list[tuple[str, list[str]]] = [
    ("base", []),
    ("zone-c", ["calendar.zone=C"]),
    ("exams-earlier", ["calendar.blocked=[{from: 2027-04-26, to: 2027-04-30}, "
                       "{from: 2028-04-25, to: 2028-05-05}]"]),
    ("five-reduced", ["apply=reduced[S03,S05,S14,S21,S28]"]),
    ("derogation", ["apply=derogation"]),
    ("abroad-cap-8", ["rules[erasmus-capacity].max=8"]),
    ("no-year1-abroad", ["rules[year1-abroad].enabled=false"]),
    ("zone-b-cap-10", ["calendar.zone=B", "rules[erasmus-capacity].max=10"]),
]
EXAMPLES = ["bts-ccst-zone-c", "bts-ci-zone-a", "bts-ndrc-zone-c", "bts-nrc-zone-b",
            "bts-sn-zone-a"]


def variant_jobs(time_limit: float) -> list[Job]:
    return [Job(name, CLASS35, tuple(parse_set(s) for s in sets), "variant", time_limit)
            for name, sets in VARIANTS]


def make_classes(folder: Path, n: int = 50) -> None:
    """n class files: the bundled examples with other zones and fewer/more students."""
    for i in range(n):
        src = EXAMPLES[i % len(EXAMPLES)]
        data = yaml.safe_load((ROOT / "scenarios" / f"{src}.yaml").read_text("utf-8"))
        data["calendar"]["zone"] = "ABC"[i % 3]
        keep = 6 + (i * 7) % 10
        data["students"] = data["students"][:keep]
        data["label"] = f"{src} #{i}"
        (folder / f"class-{i:02d}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def batch_jobs(folder: Path, time_limit: float) -> list[Job]:
    return [Job(p.name, str(p), (), "variant", time_limit)
            for p in sorted(folder.glob("*.yaml"))]


def stable(results: list[dict[str, Any]]) -> str:
    out = json.loads(json.dumps(results))
    for r in out:
        if r.get("generate"):
            r["generate"].pop("solve_time", None)
    return json.dumps(out, sort_keys=True)


def measure(jobs: list[Job], executor: str, runs: int, workers: int | None
            ) -> tuple[float, str]:
    times, digest = [], ""
    for _ in range(runs):
        t0 = time.perf_counter()
        results = run_jobs(jobs, executor, workers)
        times.append(time.perf_counter() - t0)
        digest = stable(results)
    return statistics.median(times), digest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--time-limit", type=float, default=3.0)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--classes", type=int, default=50)
    args = ap.parse_args()
    print(f"cores: {cores()}, pool workers: {args.workers or default_workers()} (default "
          f"{default_workers()}), runs: {args.runs}, "
          f"time limit per calendar: {args.time_limit} s (deterministic)")
    jobs = variant_jobs(args.time_limit)
    serial, d1 = measure(jobs, "serial", args.runs, None)
    print(f"8 variants, 35 students, serial : {serial:7.1f} s (median)", flush=True)
    local, d2 = measure(jobs, "local", args.runs, args.workers)
    print(f"8 variants, 35 students, pool   : {local:7.1f} s (median)  "
          f"speed-up x{serial / local:.2f}; same results: {d1 == d2}", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        make_classes(Path(tmp), args.classes)
        bjobs = batch_jobs(Path(tmp), args.time_limit)
        serial, d1 = measure(bjobs, "serial", args.runs, None)
        print(f"batch, {len(bjobs)} classes, serial : {serial:7.1f} s (median)", flush=True)
        local, d2 = measure(bjobs, "local", args.runs, args.workers)
        print(f"batch, {len(bjobs)} classes, pool   : {local:7.1f} s (median)  "
              f"speed-up x{serial / local:.2f}; same results: {d1 == d2}", flush=True)


if __name__ == "__main__":
    main()
