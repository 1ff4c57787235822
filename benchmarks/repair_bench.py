"""Benchmark of ``stageplan repair`` and ``stageplan explain`` (issues 4 and 14), not a test.

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
and the time per broken student for (2); then (issue 14) the correction sets of the
pigeonhole class (35 students, one place abroad a week) and of the locked-summer class,
an ``--ask`` question, and ``--alternatives 3`` on one student. Aims: under 50 ms per
student plan, proven minimal; a class of 35 with 12 broken plans under 1 s; under 1 s
for a minimal conflict.

Every row is measured twice in the same run: with this tree and with a base commit
(default 585ffe9, today's main before issue 14), checked out with ``git worktree`` in a
temporary folder and imported from there in a child process; the ratio is base / this
(above 1: faster now). Rows the base cannot run say "n/a". The two ``command:`` rows
time the same repairs as whole commands (``python -m solver repair FILE --from start
--format json`` in a fresh process: start-up, imports, loading and writing included), beside
the in-process time of the job.

Run: python benchmarks/repair_bench.py [--runs 5] [--base 585ffe9 | --no-base]
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

from solver.core.model import Scenario
from solver.jobs.explain import explain_scenario
from solver.jobs.repair import repair
from solver.jobs.verify import verify
from solver.load.scenario import parse_scenario

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


def ci_class_data(n: int = 35, seed: int = 1) -> dict[str, Any]:
    rng = random.Random(seed)
    students = [good_student(i, rng) for i in range(n)]
    for k, s in enumerate(students[::3]):
        break_student(s, k % 4)
    return {"programme": "bts-ci", "calendar": CALENDAR, "students": students,
            "policy": [{"id": "erasmus-capacity", "kind": "max_abroad_per_week", "max": 10}]}


def ci_class(n: int = 35, seed: int = 1) -> Scenario:
    return parse_scenario(ci_class_data(n, seed), None)


def one_student_data() -> dict[str, Any]:
    return {"programme": "bts-ci", "calendar": CALENDAR, "students": [
        {"id": "S01", "periods": [
            {"from": "2026-05-18", "weeks": 3, "place": "abroad", "country": "ES"},
            {"from": "2027-01-04", "weeks": 11}]}]}


def one_student() -> Scenario:
    return parse_scenario(one_student_data(), None)


def command(data: dict[str, Any], runs: int) -> tuple[float, str]:
    """Median wall time of ``python -m solver repair FILE --from start --format json``
    (the whole plan may change, whatever today is) in a fresh
    process (start-up, imports, loading and writing included), on the tree this process
    imports (its PYTHONPATH), and the command's status."""
    import yaml

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "class.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        times, status = [], "-"
        for _ in range(runs):
            t0 = time.perf_counter()
            res = subprocess.run([sys.executable, "-m", "solver", "repair", str(path),
                                  "--from", "start", "--format", "json"],
                                 capture_output=True, text=True)
            times.append(time.perf_counter() - t0)
            try:
                status = f"{json.loads(res.stdout).get('status')} (exit {res.returncode})"
            except ValueError:
                status = f"exit {res.returncode}"
        return statistics.median(times), status


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


def pigeonhole() -> Scenario:
    data = {"programme": "bts-ci",
            "calendar": {"zone": "A", "start": "2026-09-01", "end": "2028-06-30"},
            "policy": [{"id": "erasmus", "kind": "max_abroad_per_week", "max": 1}],
            "students": [{"id": f"S{i:02d}"} for i in range(35)]}
    return parse_scenario(data, None)


def timed(fn: Any, runs: int) -> tuple[float, Any]:
    times, last = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        last = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), last


def rows(runs: int) -> dict[str, tuple[float, str]]:
    """label -> (median seconds, note), for the tree this process imports."""
    out: dict[str, tuple[float, str]] = {}
    sc = one_student()
    t, r = timed(lambda: repair(sc), runs)
    assert verify(r.scenario).compliant
    out["repair: one student (3 weeks abroad -> 4)"] = (
        t, f"{r.status}, {r.changed_days} days changed")

    cls = ci_class()
    broken = sum(1 for s in verify(cls).students if not s.compliant)
    t, r = timed(lambda: repair(cls), runs)
    assert verify(r.scenario).compliant
    out[f"repair: class of {len(cls.students)}, {broken} broken"] = (
        t, f"{r.status}, {r.changed_days} days changed, mode {r.mode}")

    # the same two repairs as whole commands, in a fresh process each
    out["command: repair one student"] = command(one_student_data(), runs)
    out["command: repair class of 35, 12 broken"] = command(ci_class_data(), runs)

    inf = infeasible_independent()
    t, e = timed(lambda: explain_scenario(inf), runs)
    assert e.status == "infeasible" and e.conflict is not None
    out[f"explain: class of {len(inf.students)}, one locked summer placement"] = (
        t, f"conflict of {len(e.conflict.members)}")

    cap = infeasible_capacity()
    t, e = timed(lambda: explain_scenario(cap), runs)
    assert e.status == "infeasible" and e.conflict is not None
    out["explain: capacity conflict (class model)"] = (
        t, f"conflict of {len(e.conflict.members)}")

    try:   # issue 14's jobs: absent from the base
        from solver.jobs.ask import ask, parse_wishes
        from solver.jobs.relax import correction_sets
        from solver.jobs.repair_alternatives import alternatives
        from solver.jobs.repair_taste import repair_preferences
    except ImportError:
        return out
    pig = pigeonhole()
    t, c = timed(lambda: correction_sets(pig, policy=True, k=3, time_limit=10), runs)
    out["correction sets: pigeonhole (35 students, 1 abroad a week)"] = (
        t, f"{len(c.sets)} set(s): " + " | ".join(
            ",".join(m.rule_id for m in s.members) for s in c.sets))
    t, c = timed(lambda: correction_sets(inf.with_students([inf.students[5]]), k=3), runs)
    out["correction sets: locked summer placement"] = (
        t, f"{len(c.sets)} set(s): " + " | ".join(
            ",".join(m.rule_id for m in s.members) for s in c.sets))
    wishes = parse_wishes("S01 abroad 2027-01-04..2027-01-29", sc)
    t, a = timed(lambda: ask(sc, wishes), runs)
    out["explain --ask: S01 abroad 2027-01-04..2027-01-29"] = (
        t, f"{a.status}, {a.changed_days} days changed")
    t, alts = timed(lambda: alternatives(repair(sc), 3, repair_preferences()), runs)
    out["repair --alternatives 3: one student"] = (
        t, f"{sum(len(g.fixes) for g in alts)} fixes")
    return out


def base_rows(ref: str, runs: int) -> dict[str, tuple[float, str]] | str:
    """The same rows on the base commit ``ref``, from a temporary git worktree."""
    repo = Path(__file__).resolve().parent.parent
    tmp = tempfile.mkdtemp(prefix="stageplan-base-")
    where = Path(tmp) / "tree"
    try:
        subprocess.run(["git", "-C", str(repo), "worktree", "add", "--detach", str(where),
                        ref], check=True, capture_output=True)
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        return f"cannot check out {ref}: {exc}"
    try:
        env = dict(os.environ, PYTHONPATH=str(where))
        proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker",
                               "--runs", str(runs)], env=env, cwd=str(where),
                              capture_output=True, text=True)
        if proc.returncode != 0:
            return f"base run failed: {proc.stderr.strip()[-300:]}"
        return {k: (v[0], v[1]) for k, v in json.loads(proc.stdout).items()}
    finally:
        subprocess.run(["git", "-C", str(repo), "worktree", "remove", "--force", str(where)],
                       capture_output=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--base", default="585ffe9", help="commit to compare with")
    ap.add_argument("--no-base", action="store_true", help="skip the base commit")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:   # a child run: the rows as JSON (the tree is on PYTHONPATH)
        print(json.dumps(rows(args.runs)))
        return
    mine = rows(args.runs)
    base = {} if args.no_base else base_rows(args.base, args.runs)
    if isinstance(base, str):
        print(base)
        base = {}
    print(f"{'row':<62} {'now':>9} {'base':>9} {'ratio':>6}  note")
    for label, (t, note) in mine.items():
        b = base.get(label)
        bt = f"{b[0] * 1000:>7.0f}ms" if b else "      n/a"
        ratio = f"{b[0] / t:>6.2f}" if b and t else "   n/a"
        print(f"{label:<62} {t * 1000:>7.0f}ms {bt} {ratio}  {note}", flush=True)


if __name__ == "__main__":
    main()
