"""Benchmark of the printed PDF (issue 20: « the PDF in seconds »).

Median of N runs (default 5) of the class page and of the students' annexes as PDF
(WeasyPrint, the optional ``pdf`` extra) for a class of 18 students (the bundled
scenarios/bts-ci-zone-a.yaml, planned once by ``generate``, deterministic): the print
page's HTML as it is (« as printed ») and as ``stageplan print --format pdf`` and the
page's PDF download draw it (« compact »: runs of weeks as one cell, no hover titles,
fixed table columns), side by side in the same run. Both the wall
time and the process's CPU time are printed, with the load average: the machine is
shared, and on a loaded machine the wall time is the CPU time stretched by the load.

Run: python benchmarks/pdf_bench.py [--runs 5] [--file PLAN.yaml]
"""

from __future__ import annotations

import argparse
import datetime as dt
import inspect
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from solver.cli.commands.printing import html_to_pdf
from solver.io.render.html import render_html, render_student_html
from solver.jobs.verify import verify
from solver.load.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
CLASS18 = ROOT / "scenarios" / "bts-ci-zone-a.yaml"


def planned(folder: Path) -> Path:
    """The 18-student class with a generated plan (the solver's fixed seed)."""
    out = folder / "plan.yaml"
    subprocess.run([sys.executable, "-m", "solver", "generate", str(CLASS18), "-o", str(out),
                    "--time-limit", "60", "--from", "start"], check=True,
                   capture_output=True, cwd=ROOT)
    return out


def timed(fn: Callable[[], bytes], runs: int) -> tuple[float, float, int]:
    """Median wall and CPU seconds of ``fn`` over ``runs`` runs, and its output's size."""
    walls, cpus, size = [], [], 0
    for _ in range(runs):
        w, c = time.perf_counter(), time.process_time()
        size = len(fn())
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus), size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--file", help="a planned class file (default: plan the 18-student class)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sc = load_scenario(args.file or planned(Path(tmp)))
    result = verify(sc)
    one = sc.with_students(sc.students[:1])
    one_result = verify(one)
    today = dt.date(2027, 1, 15)
    # the print page as it was, and as the PDF draws it now (compact), in the same run
    modes = [False, True] if "compact" in inspect.signature(render_html).parameters \
        else [False]

    def cases(compact: bool) -> list[tuple[str, Callable[[], bytes]]]:
        kw = {"compact": True} if compact else {}
        return [
            ("class page", lambda: html_to_pdf(render_html(sc, "fr", result, **kw), "fr")),
            ("students' annexes", lambda: html_to_pdf(
                render_student_html(sc, "fr", result, today, **kw), "fr")),
            ("one student's annex", lambda: html_to_pdf(
                render_student_html(one, "fr", one_result, today, **kw), "fr")),
        ]

    html_to_pdf("<p>warm-up</p>", "fr")   # imports and fonts, once per process
    print(f"{len(sc.students)} students, median of {args.runs} runs, load average before: "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for compact in modes:
        for name, fn in cases(compact):
            wall, cpu, size = timed(fn, args.runs)
            print(f"{name:20s} {'compact' if compact else 'as printed':10s} median wall "
                  f"{wall:6.2f} s  cpu {cpu:6.2f} s  ({size // 1024} KiB)", flush=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
