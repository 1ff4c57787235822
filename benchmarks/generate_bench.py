"""Benchmark of ``stageplan generate`` (issue 9), not a timed test.

Measures, in one run, this checkout and a baseline (by default the main before issue 9,
``--baseline 585ffe9``, checked out in a temporary ``git worktree``), each in its own
process, and prints the median of ``--runs`` runs (the part cache emptied before each),
the ratio new / baseline, the status, and the shape figures of the calendars (read with
this checkout's shape rules: placements in the first 8 teaching weeks, on or after the
final exams, runs under 2 weeks, most periods of a student, whole weeks, drafts kept):

  nrc28       a BTS NRC class of 28, zone B 2026-2028, tutors visit at most 20 a week
  ci35        a BTS CI class of 35 (mixed routes), an Erasmus+ cap of 12 abroad a week
  ten         10 different classes from scratch (the bundled ones and the two above,
              and three more CI mixes): total time
  pigeonhole  35 BTS CI students, one abroad slot a week: time to the proof
  limit5      `stageplan generate --time-limit 5` (the whole command, wall clock) on a
              class of 35 with 24 broken drafts and a class of 70
  progress-*  each bundled class in progress (scenarios/*-in-progress.yaml, issue 18),
              generated from --from 2026-12-07, with its own shape figures: students given
              a new placement day within 2 weeks of --from, new stints under 2 weeks in one
              place, CI initial students with nothing in year 2, odd students (another
              route, an adjustment, a year-2 entrant) whose new periods start with no wave
              of the class, and their new days on which no regular student is out (these
              two odd-student figures are given for the other classes too)

Run: python benchmarks/generate_bench.py [--runs 5] [--base-runs N] [--baseline REF|none]
     [--cases progress,ten,...]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WORKER = r"""
import json, sys, time
try:   # the layers of issue 17
    from solver.load.scenario import load_scenario
    from solver.jobs import generate as G
except ImportError:   # a baseline from before them
    from solver.model import load_scenario
    from solver import generate as G
import datetime as dt
files, runs, limit = json.loads(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
since = dt.date.fromisoformat(sys.argv[4]) if len(sys.argv) > 4 else None
times, statuses, plans = [], [], []
for _ in range(runs):
    G.clear_cache()
    scs = [load_scenario(f) for f in files]
    t0 = time.perf_counter()
    results = [G.generate(sc, time_limit=limit, conflict=False,
                          **({"from_date": since} if since else {})) for sc in scs]
    times.append(time.perf_counter() - t0)
statuses = [r.status for r in results]
plans = [r.scenario.to_dict() if r.ok else None for r in results]
print(json.dumps({"times": times, "statuses": statuses, "plans": plans}, default=str))
"""

CAL_B = {"zone": "B", "start": "2026-09-01", "end": "2028-06-30",
         "blocked": [{"from": "2027-06-07", "to": "2027-06-11", "reason": "CCF E4"},
                     {"from": "2028-05-09", "to": "2028-05-19", "reason": "E5 / E6",
                      "final": True}]}
CAL_A = {"zone": "A", "start": "2026-09-01", "end": "2028-06-30",
         "blocked": [{"from": "2027-05-10", "to": "2027-05-14", "reason": "CCF E2"},
                     {"from": "2028-05-09", "to": "2028-05-19", "reason": "CCF E4",
                      "final": True}]}
ROUTES = [("initial", "none")] * 24 + [("initial", "reduced")] * 3 + [
    ("apprentice", "none")] * 3 + [("continuing", "none")] * 2 + [
    ("initial", "exempt-one-unit"), ("initial", "exempt"), ("continuing", "reduced")]


def nrc28() -> dict[str, Any]:
    students: list[dict[str, Any]] = [{"id": f"S{i + 1:02d}"} for i in range(28)]
    for i in (3, 8, 15):
        students[i]["adjustment"] = "reduced"
    students[20]["route"] = "apprentice"
    return {"programme": "bts-nrc", "label": "NRC 28", "calendar": CAL_B,
            "policy": [{"id": "tutors", "kind": "max_on_placement_per_week", "max": 20}],
            "students": students}


def ci_mix(seed: int = 0, n: int = 35, cap: int = 12) -> dict[str, Any]:
    rng = random.Random(seed)
    mix = list(ROUTES)
    rng.shuffle(mix)
    students = [{"id": f"S{i + 1:02d}", "route": r, "adjustment": a}
                for i, (r, a) in enumerate(mix[k % len(mix)] for k in range(n))]
    return {"programme": "bts-ci", "label": f"CI {n} mix {seed}", "calendar": CAL_A,
            "policy": [{"id": "erasmus", "kind": "max_abroad_per_week", "max": cap}],
            "students": students}


def pigeonhole() -> dict[str, Any]:
    return {"programme": "bts-ci", "label": "pigeonhole", "calendar": CAL_A,
            "policy": [{"id": "erasmus", "kind": "max_abroad_per_week", "max": 1}],
            "students": [{"id": f"S{i + 1:02d}"} for i in range(35)]}


def with_drafts(data: dict[str, Any], seed: int = 3) -> dict[str, Any]:
    """Every initial student without adjustment has a broken draft (3 weeks abroad)."""
    import datetime as dt

    rng = random.Random(seed)
    out = json.loads(json.dumps(data))
    for s in out["students"]:
        if s.get("route", "initial") == "initial" and s.get("adjustment", "none") == "none":
            a = dt.date(2027, 1, 4) + dt.timedelta(weeks=rng.randint(0, 12))
            f = dt.date(2027, 9, 6) + dt.timedelta(weeks=rng.randint(2, 20))
            s["periods"] = [{"from": a.isoformat(), "weeks": 3, "place": "abroad",
                             "country": "DE"},
                            {"from": f.isoformat(), "weeks": rng.randint(8, 12),
                             "place": "france"}]
    out["label"] += " with drafts"
    return out


def bundled() -> list[Path]:
    from solver.load.scenario import load_scenario

    return sorted(p for p in (ROOT / "scenarios").glob("*.yaml")
                  if not any(s.periods and not all(q.locked for q in s.periods)
                             for s in load_scenario(p).students)
                  and p.stem != "bts-ci-locked-summer")


def strip_final(data: Any) -> Any:
    """The baseline knows no ``final:`` (nor a programme's default policy)."""
    if isinstance(data, dict):
        return {k: strip_final(v) for k, v in data.items() if k != "final"}
    if isinstance(data, list):
        return [strip_final(v) for v in data]
    return data


def write(folder: Path, name: str, data: dict[str, Any]) -> tuple[Path, Path]:
    new, old = folder / f"{name}.yaml", folder / f"{name}.base.yaml"
    new.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    old.write_text(yaml.safe_dump(strip_final(data), allow_unicode=True, sort_keys=False),
                   encoding="utf-8")
    return new, old


def measure(code: Path, files: list[Path], runs: int, limit: float,
            since: str | None = None) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    res = subprocess.run([sys.executable, "-c", WORKER, json.dumps([str(f) for f in files]),
                          str(runs), str(limit), *([since] if since else [])],
                         capture_output=True, text=True, env=env, cwd=code)
    if res.returncode != 0:
        return {"error": res.stderr.strip().splitlines()[-1] if res.stderr else "failed"}
    out: dict[str, Any] = json.loads(res.stdout.strip().splitlines()[-1])
    return out


def wall(code: Path, file: Path, limit: float, new: bool) -> float:
    extra = ["--from", "start"] if new else []
    env = {**os.environ, "PYTHONPATH": str(code)}
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "solver", "generate", str(file), "--time-limit",
                    str(limit), *extra], capture_output=True, env=env, cwd=code)
    return time.perf_counter() - t0


def shape_figures(source: dict[str, Any], plan: dict[str, Any] | None) -> str:
    """The shape of a generated calendar, read with this checkout's shape rules."""
    if plan is None:
        return "-"
    from solver.jobs.verify import verify
    from solver.load.scenario import parse_scenario
    from solver.rules.shape import MaxRuns

    plan = {**plan, "calendar": source["calendar"], "policy": source.get("policy", [])}
    plan.pop("disabled_rules", None)
    sc = parse_scenario(plan, None, ROOT / "scenarios")
    result = verify(sc)
    count: dict[str, int] = {}
    for s in result.students:
        for v in s.violations:
            count[v.rule.id] = count.get(v.rule.id, 0) + 1
    periods = max((MaxRuns.count(p) for p in sc.plans().values()), default=0)
    kept = ""
    drafted = [s for s in source["students"]
               if any(not q.get("locked") for q in s.get("periods", []))]
    if drafted:   # students whose first drafted period kept its start, place and country
        by_id = {s.id: s for s in sc.students}
        same = sum(1 for s in drafted if any(
            str(p.start) == str(s["periods"][0]["from"]) and p.place == s["periods"][0]["place"]
            and p.country == s["periods"][0].get("country") for p in by_id[s["id"]].periods))
        kept = f" drafts-kept-in-place={same}/{len(drafted)}"
    return (f"early={count.get('policy-first-weeks', 0)} "
            f"after-final={count.get('policy-final-exams', 0)} "
            f"short={count.get('policy-min-run', 0)} "
            f"partial-weeks={count.get('policy-whole-weeks', 0)} "
            f"max-periods={periods} errors={0 if result.compliant else 'yes'}{kept} "
            f"{odd_figures(parse_scenario(source, None, ROOT / 'scenarios'), sc, None)}")


PROGRESS_FROM = "2026-12-07"


def progress_figures(source: dict[str, Any], plan: dict[str, Any] | None) -> str:
    """What a coordinator checks first on a class in progress (see the docstring)."""
    import datetime as dt

    if plan is None:
        return "-"
    from solver.load.scenario import parse_scenario

    since = dt.date.fromisoformat(PROGRESS_FROM)
    sc = parse_scenario({**plan, "calendar": source["calendar"]}, None, ROOT / "scenarios")
    cal, year2 = sc.calendar, sc.calendar.year2_start
    src = parse_scenario(source, None, ROOT / "scenarios")
    soon = short = empty2 = 0
    for s, status, new in new_days(src, sc, since):
        soon += any(d < since + dt.timedelta(days=14) for d in new)
        short += sum(len(run) < 10 for run in stints(cal, status, new))
        if sc.programme.id == "bts-ci" and s.route == "initial" and s.adjustment != "exempt" \
                and not any(d >= year2 for d in status):
            empty2 += 1
    return (f"placed-within-2-weeks={soon} short-stints={short} "
            f"ci-nothing-in-year-2={empty2} {odd_figures(src, sc, since)}")


def new_days(src: Any, sc: Any, since: Any) -> list[tuple[Any, dict[Any, str], list[Any]]]:
    """Per student of the plan ``sc``: the student, their place per day, and their new
    days (not history before ``since``, not a lock of the class file ``src``)."""
    cal = sc.calendar
    old_days = {s.id: {d for p in s.periods if (since and p.end < since) or p.locked
                       for d in cal.days if p.start <= d <= p.end} for s in src.students}
    out = []
    for s in sc.students:
        status = {d: p.place for p in s.periods for d in cal.days if p.start <= d <= p.end}
        out.append((s, status, sorted(d for d in status if d not in old_days[s.id])))
    return out


def stints(cal: Any, status: dict[Any, str], new: list[Any]) -> list[list[Any]]:
    """The runs of new days, one place each."""
    out: list[list[Any]] = []
    run: list[Any] = []
    for d in new + [None]:
        if run and (d is None or status[d] != status[run[-1]]
                    or cal.days.index(d) != cal.days.index(run[-1]) + 1):
            out.append(run)
            run = []
        if d is not None:
            run.append(d)
    return out


def odd_figures(src: Any, sc: Any, since: Any) -> str:
    """Odd students (``Student.odd``: another route, an adjustment, a year-2 entrant)
    with new periods: how many start no stint when a regular student's stint starts
    (off every wave), and their new days on which no regular student is out."""
    regular_starts: set[Any] = set()
    regular_days: set[Any] = set()
    odd: list[tuple[set[Any], list[Any]]] = []
    for s, status, new in new_days(src, sc, since):
        starts = {run[0] for run in stints(sc.calendar, status, new)}
        if s.odd:
            if new:
                odd.append((starts, new))
        else:
            regular_starts |= starts
            regular_days |= set(new)
    off = sum(1 for starts, _ in odd if not starts & regular_starts)
    alone = sum(1 for _, new in odd for d in new if d not in regular_days)
    return (f"odd-off-every-wave={off}/{len(odd)} "
            f"odd-days-alone={alone}/{sum(len(new) for _, new in odd)}")


def baseline_tree(ref: str) -> Path | None:
    if ref == "none":
        return None
    path = Path(tempfile.mkdtemp(prefix="stageplan-base-"))
    subprocess.run(["git", "worktree", "add", "--detach", str(path), ref], cwd=ROOT,
                   check=True, capture_output=True)
    return path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--time-limit", type=float, default=30.0)
    ap.add_argument("--base-runs", type=int, default=None,
                    help="runs of the baseline (default: --runs; it can be 100x slower)")
    ap.add_argument("--baseline", default="585ffe9",
                    help="git ref of the code to compare with ('none': skip)")
    ap.add_argument("--cases", default="",
                    help="comma-separated cases to run (default: all; e.g. progress)")
    args = ap.parse_args()
    wanted = {c for c in args.cases.split(",") if c}
    base = baseline_tree(args.baseline)
    folder = Path(tempfile.mkdtemp(prefix="stageplan-bench-"))
    try:
        cases: dict[str, list[tuple[dict[str, Any], Path, Path]]] = {}
        for name, data in (("nrc28", nrc28()), ("ci35", ci_mix()),
                           ("pigeonhole", pigeonhole())):
            cases[name] = [(data, *write(folder, name, data))]
        ten = []
        for i, p in enumerate(bundled()):   # the file itself, and a copy for the baseline
            data = yaml.safe_load(p.read_text(encoding="utf-8"))
            ten.append((data, p, write(folder, f"bundled-{i}", data)[1]))
        extra = [nrc28(), ci_mix(0)] + [ci_mix(seed) for seed in (1, 2, 3)]
        ten += [(d, *write(folder, f"ten-{i}", d)) for i, d in enumerate(extra)]
        cases["ten"] = ten[:10]
        for p in sorted((ROOT / "scenarios").glob("*-in-progress.yaml")):
            data = yaml.safe_load(p.read_text(encoding="utf-8"))
            cases["progress-" + p.stem.split("-")[1]] = [(data, p, p)]
        if wanted:
            cases = {k: v for k, v in cases.items()
                     if k in wanted or k.split("-")[0] in wanted}
        print(f"{'case':12} {'new s':>8} {'base s':>8} {'ratio':>6}  status (new / base)",
              flush=True)
        shapes: list[tuple[str, str, str]] = []
        for name, items in cases.items():
            limit = args.time_limit
            since = PROGRESS_FROM if name.startswith("progress") else None
            new = measure(ROOT, [f for _, f, _ in items], args.runs, limit, since)
            old = measure(base, [f for _, _, f in items], args.base_runs or args.runs, limit,
                          since) if base else {}
            t_new = statistics.median(new["times"]) if "times" in new else float("nan")
            t_old = statistics.median(old["times"]) if "times" in old else float("nan")
            ratio = t_new / t_old if t_old == t_old and t_old else float("nan")
            print(f"{name:12} {t_new:8.2f} {t_old:8.2f} {ratio:6.2f}  "
                  f"{','.join(sorted(set(new.get('statuses', [new.get('error', '?')]))))} / "
                  f"{','.join(sorted(set(old.get('statuses', [old.get('error', '-')]))))}",
                  flush=True)
            for k, (data, _, _) in enumerate(items):
                if name == "pigeonhole":
                    continue
                if since:
                    shapes.append((name, progress_figures(
                        data, (new.get("plans") or [None])[k]), progress_figures(
                        data, (old.get("plans") or [None])[k])))
                    continue
                shapes.append((data.get("label", name),
                               shape_figures(data, (new.get("plans") or [None] * 99)[k]),
                               shape_figures(data, (old.get("plans") or [None] * 99)[k])))
        hard = [with_drafts(ci_mix()), {**ci_mix(4, n=70, cap=20), "label": "CI 70"}]
        if wanted and "limit5" not in wanted:
            hard = []
        for i, data in enumerate(hard):
            f_new, f_old = write(folder, f"hard-{i}", data)
            w_new = statistics.median(wall(ROOT, f_new, 5, True) for _ in range(args.runs))
            w_old = statistics.median(wall(base, f_old, 5, False)
                                      for _ in range(args.base_runs or args.runs)) \
                if base else float("nan")
            print(f"limit5 {data['label']:<22} wall new {w_new:5.2f} s, base {w_old:5.2f} s "
                  "(aim: under 7 s)", flush=True)
        print("\nshape of the calendars (new | base):")
        for label, a, b in shapes:
            print(f"  {label[:40]:40} {a}\n  {'':40} {b}")
    finally:
        if base is not None:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT,
                           capture_output=True)


if __name__ == "__main__":
    main()
