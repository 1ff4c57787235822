"""Benchmark of issue 19 ("fast and honest at any size"), whole commands, not a timed test.

Runs every case as the user does (``python -m solver ...`` in a fresh process, so
start-up, loading and writing count), on this checkout and on a baseline (by default
the main before issue 19, ``--baseline 6a34e91``, checked out in a temporary ``git
worktree``) in the same run, and prints the median of ``--runs`` runs, the ratio new /
baseline, and what the command answered (status, exit code, whether the wall clock cut
it):

  lockedN      a BTS CI class of N (``--sizes``) with 10 % locked students (signed
               placements: Erasmus+ blocks in pairs on the same dates, France blocks),
               no cap, then with an Erasmus+ cap of 12 abroad a week for 35 students,
               scaled with the class (``+cap``: 48 for 140, 192 for 560), then with it
               and a tutor cap of half the class on placement a week (``+caps``); every
               one of them has a calendar (a cap of 12 for 140 or more has none: a
               conflict, not the size the issue measures)
  ndrc45       45 BTS NDRC students, tutors for 10 a week: the year-1 windows are too
               small (a capacity conflict); ``generate`` and ``explain``
  ci35         35 BTS CI students, one Erasmus+ slot a week (the pigeonhole: 140 weeks
               abroad in 96 weeks); ``generate`` and ``explain``
  ccst35       35 BTS CCST students, tutors for 3 a week (490 student-weeks in 96
               weeks); ``generate`` and ``explain``
  limitT       ``generate --time-limit T`` on the largest locked class: the whole
               command's wall clock against T + 0.5 s
  help         ``stageplan --help``
  startup      ``models``, ``rules bts-ci`` and a plain ``verify`` of a bundled class
               (the commands that must start without OR-Tools)
  verify1000   ``stageplan verify`` of 1,000 students (plausible plans), plans/s, as JSON
               and as text, in English and in French

New and baseline runs alternate, so that a change of the machine's load falls on both.

Run: python benchmarks/scale_bench.py [--runs 5] [--sizes 35,70,140,280,560]
     [--limits 1,2,5] [--baseline REF|none] [--cases locked,ndrc45,ci35,ccst35,limit,
     help,startup,verify1000]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate_bench import baseline_tree, ci_mix  # noqa: E402
from verify_throughput import END, START, plausible_student  # noqa: E402


def locked_class(n: int, cap: int | None, seed: int = 1, tutors: int | None = None
                 ) -> dict[str, Any]:
    """A CI class of ``n`` with 10 % locked students (see the module's docstring)."""
    data = ci_mix(seed, n, cap or 12)
    if cap is None:
        data["policy"] = []
    if tutors is not None:
        data["policy"].append({"id": "tutors", "kind": "max_on_placement_per_week",
                               "max": tutors})
    rng = random.Random(seed)
    for j, i in enumerate(sorted(rng.sample(range(n), max(1, round(n * 0.1))))):
        s = data["students"][i]
        s["route"], s["adjustment"] = "initial", "none"
        if j % 2 == 0:
            s["periods"] = [{"from": "2027-01-04" if j % 4 == 0 else "2027-02-01",
                             "weeks": 4, "place": "abroad", "country": "DE",
                             "locked": True}]
        else:
            s["periods"] = [{"from": "2027-09-06", "weeks": 6, "place": "france",
                             "locked": True}]
    data["label"] = f"CI {n}, 10 % locked" + (f", cap {cap}" if cap else "") + \
        (f", tutors {tutors}" if tutors else "")
    return data


def ndrc45() -> dict[str, Any]:
    return {"programme": "bts-ndrc", "label": "NDRC 45, tutors for 10 a week",
            "calendar": {"zone": "C", "start": "2026-09-01", "end": "2028-06-30"},
            "policy": [{"id": "tutors", "kind": "max_on_placement_per_week", "max": 10}],
            "students": [{"id": f"S{i + 1:02d}"} for i in range(45)]}


def capped_class(programme: str, zone: str, n: int, kind: str, cap: int) -> dict[str, Any]:
    """``n`` students of ``programme``, nothing planned, one class capacity."""
    return {"programme": programme, "label": f"{programme} {n}, {kind} {cap}",
            "calendar": {"zone": zone, "start": "2026-09-01", "end": "2028-06-30"},
            "policy": [{"id": "cap", "kind": kind, "max": cap}],
            "students": [{"id": f"S{i + 1:02d}"} for i in range(n)]}


def verify1000() -> dict[str, Any]:
    rng = random.Random(5)
    return {"programme": "bts-ci",
            "calendar": {"zone": "A", "start": START.isoformat(), "end": END.isoformat(),
                         "blocked": [{"from": "2027-05-10", "to": "2027-05-21"}]},
            "students": [plausible_student(rng, f"S{i:04d}") for i in range(1000)]}


KILL_AFTER = [120.0]   # --kill-after: a command still running then is stopped
PYC: dict[str, str] = {}   # --bytecode: where the compiled modules are kept


def environment(code: Path) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    if PYC:   # as an installed package runs: its modules compiled once, not at every start
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = PYC["folder"]
    return env


def run(code: Path, args: list[str]) -> tuple[float, int, dict[str, Any] | None]:
    """Wall seconds, exit code and JSON output (if any) of ``python -m solver ARGS``."""
    env = environment(code)
    t0 = time.perf_counter()
    try:
        res = subprocess.run([sys.executable, "-m", "solver", *args], capture_output=True,
                             text=True, env=env, cwd=code, timeout=KILL_AFTER[0])
    except subprocess.TimeoutExpired:
        return time.perf_counter() - t0, -9, {"status": f"no answer after {KILL_AFTER[0]:.0f} s"}
    wall = time.perf_counter() - t0
    try:
        out = json.loads(res.stdout) if res.stdout.lstrip().startswith("{") else None
    except ValueError:
        out = None
    return wall, res.returncode, out


def answer(code: int, out: dict[str, Any] | None) -> str:
    if out is None:
        return f"exit {code}"
    status = out.get("status") or ("compliant" if out.get("compliant") else "-")
    cut = " cut" if out.get("time_limit_reached") else ""
    return f"{status}{cut} (exit {code})"


def measure_pair(new: Path, base: Path | None, args: list[str], runs: int
                 ) -> tuple[tuple[float, str], tuple[float, str]]:
    """``measure`` of both trees, their runs alternating."""
    got: dict[Path, list[tuple[float, str]]] = {new: []}
    if base is not None:
        got[base] = []
    if PYC:   # a first run compiles the modules
        for code in got:
            run(code, args)
    for _ in range(runs):
        for code in got:
            wall, rc, out = run(code, args)
            got[code].append((wall, answer(rc, out)))

    def summary(code: Path | None) -> tuple[float, str]:
        if code is None:
            return float("nan"), "-"
        return statistics.median(w for w, _ in got[code]), got[code][-1][1]

    return summary(new), summary(base)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--sizes", default="35,70,140,280,560")
    ap.add_argument("--limits", default="1,2,5")
    ap.add_argument("--time-limit", type=float, default=60.0,
                    help="--time-limit of the lockedN and ndrc45 cases")
    ap.add_argument("--baseline", default="6a34e91",
                    help="git ref of the code to compare with ('none': skip)")
    ap.add_argument("--kill-after", type=float, default=120.0,
                    help="stop a command still running after this many seconds")
    ap.add_argument("--cases", default="locked,ndrc45,ci35,ccst35,limit,help,startup,"
                    "verify1000",
                    help="comma-separated groups of rows to run (default: all)")
    ap.add_argument("--bytecode", action="store_true",
                    help="keep compiled modules between runs (in a temporary folder), as "
                    "an installed package does, even where PYTHONDONTWRITEBYTECODE is set")
    args = ap.parse_args()
    cases = set(args.cases.split(","))
    if args.bytecode:
        PYC["folder"] = tempfile.mkdtemp(prefix="stageplan-pyc-")
    KILL_AFTER[0] = args.kill_after
    base = baseline_tree(args.baseline)
    folder = Path(tempfile.mkdtemp(prefix="stageplan-scale-"))

    def file(name: str, data: dict[str, Any]) -> str:
        path = folder / f"{name}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
        return str(path)

    load = os.getloadavg()[0]
    print(f"# {os.cpu_count()} cores, load average {load:.1f} at the start; median of "
          f"{args.runs} run(s); baseline {args.baseline}"
          + ("; modules compiled once (--bytecode)" if PYC else ""), flush=True)
    print("| case | new s | base s | ratio | new answer | base answer |\n"
          "|---|---|---|---|---|---|", flush=True)

    def row(name: str, cmd: list[str]) -> None:
        (t_new, a_new), (t_old, a_old) = measure_pair(ROOT, base, cmd, args.runs)
        ratio = t_new / t_old if t_old == t_old and t_old else float("nan")
        print(f"| {name} | {t_new:.2f} | {t_old:.2f} | {ratio:.2f} | {a_new} | {a_old} |",
              flush=True)

    try:
        limit = str(args.time_limit)
        sizes = [int(x) for x in args.sizes.split(",") if x]
        gen = ["generate", "--from", "start", "--format", "json", "--time-limit", limit]
        def caps(n: int) -> tuple[int, int]:
            """The Erasmus+ cap (12 for 35) and the tutor cap (half), scaled to ``n``."""
            return math.ceil(n * 12 / 35), math.ceil(n / 2)

        for n in sizes if "locked" in cases else []:
            erasmus, tutors = caps(n)
            for name, data in ((f"locked{n}", locked_class(n, None)),
                               (f"locked{n}+cap", locked_class(n, erasmus)),
                               (f"locked{n}+caps", locked_class(n, erasmus, tutors=tutors))):
                row(name, [*gen[:1], file(name, data), *gen[1:]])
        conflicts = {"ndrc45": ndrc45(),
                     "ci35": capped_class("bts-ci", "A", 35, "max_abroad_per_week", 1),
                     "ccst35": capped_class("bts-ccst", "B", 35,
                                            "max_on_placement_per_week", 3)}
        for name, data in conflicts.items():
            if name in cases:
                path = file(name, data)
                row(f"{name} generate", ["generate", path, *gen[1:]])
                row(f"{name} explain", ["explain", path, "--format", "json",
                                        "--time-limit", limit])
        if "limit" in cases:
            big = file("largest", locked_class(sizes[-1], caps(sizes[-1])[0],
                                               tutors=caps(sizes[-1])[1]))
            for t in [x for x in args.limits.split(",") if x]:
                row(f"limit{t} (locked{sizes[-1]}+caps; aim {float(t) + 0.5:.1f} s)",
                    ["generate", big, *gen[1:-1], t])
        if "help" in cases:
            row("help", ["--help"])
        if "startup" in cases:
            plan = str(ROOT / "scenarios" / "bts-ci-plan-2025-2027.yaml")
            row("models", ["models"])
            row("rules bts-ci", ["rules", "bts-ci"])
            row("verify (one class, text)", ["verify", plan])
        if "verify1000" in cases:
            v = file("verify1000", verify1000())
            for fmt, lang in (("json", "en"), ("json", "fr"), ("text", "en"), ("text", "fr")):
                (t_new, a_new), (t_old, a_old) = measure_pair(
                    ROOT, base, ["verify", v, "--format", fmt, "--lang", lang], args.runs)
                print(f"| verify1000 {fmt} {lang} (plans/s) | {1000 / t_new:.0f} | "
                      f"{1000 / t_old:.0f} | {t_new / t_old:.2f} | {a_new} | {a_old} |",
                      flush=True)
        print(f"# load average {os.getloadavg()[0]:.1f} at the end", flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if PYC:
            shutil.rmtree(PYC["folder"], ignore_errors=True)
        if base is not None:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT,
                           capture_output=True)


if __name__ == "__main__":
    main()
