"""Batch reruns (issue 11): content-hash ids, ``--cache``, resuming, ``--retry-unproven``,
and a class that kills its process on the local pool. Small classes, serial runs."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from solver.cli.commands.batch import scenario_files
from solver.jobs.batch.cache import job_key, resolved_data
from solver.jobs.batch.executors import (
    Job,
    LocalExecutor,
    OnResult,
    Progress,
    SerialExecutor,
    execute,
)
from solver.jobs.batch.runner import BatchOptions, run_batch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from make_academie import make_academie  # noqa: E402

# room for a loaded machine: an answer the wall clock cut is not cached (issue 19)
TIME_LIMIT = 8.0


class Recording(SerialExecutor):
    """Serial, and remembers which jobs it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.ran: list[str] = []

    def run(self, jobs: Sequence[Job], progress: Progress | None = None,
            on_result: OnResult | None = None) -> list[dict[str, Any]]:
        self.ran += [j.name for j in jobs]
        return super().run(jobs, progress, on_result)


class Stopped(Exception):
    pass


class StopsAfter(SerialExecutor):
    """Serial, and stops (as Ctrl-C would) after ``n`` finished jobs."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n

    def run(self, jobs: Sequence[Job], progress: Progress | None = None,
            on_result: OnResult | None = None) -> list[dict[str, Any]]:
        def stop(i: int, summary: dict[str, Any]) -> None:
            if on_result:
                on_result(i, summary)
            if i + 1 >= self.n:
                raise Stopped

        return super().run(jobs, progress, stop)


@pytest.fixture()
def classes(tmp_path: Path) -> Path:
    folder = tmp_path / "classes"
    make_academie(folder, 4, seed=3, students=(4, 5))
    return folder


def jobs_of(folder: Path, time_limit: float = TIME_LIMIT) -> list[Job]:
    return [Job(p.name, str(p), (), "variant", time_limit) for p in scenario_files(folder)]


def test_job_ids_hash_the_inputs(classes: Path) -> None:
    job = jobs_of(classes)[0]
    data = resolved_data(job.file, [])
    key = job_key(job.file, job.kind, job.time_limit, data)
    assert key == job_key(job.file, job.kind, job.time_limit, resolved_data(job.file, []))
    assert len(key) == 64
    assert key != job_key(job.file, job.kind, 5.0, data)
    assert key != job_key(job.file, "verify", job.time_limit, data)
    other = {**data, "calendar": {**data["calendar"], "zone": "C" if
                                  data["calendar"]["zone"] != "C" else "A"}}
    assert key != job_key(job.file, job.kind, job.time_limit, other)
    # the same class written with its keys in another order: the same id
    path = Path(job.file)
    loaded = yaml.safe_load(path.read_text("utf-8"))
    path.write_text(yaml.safe_dump(dict(reversed(list(loaded.items()))), allow_unicode=True),
                    "utf-8")
    assert job_key(job.file, job.kind, job.time_limit, resolved_data(job.file, [])) == key


def test_rerun_skips_unchanged_recomputes_changed_and_corrupt(classes: Path,
                                                              tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    opts = BatchOptions(cache=str(cache))
    first_runner = Recording()
    first, stats = run_batch(jobs_of(classes), runner=first_runner, options=opts)
    assert stats.ran == 4 and stats.cached == 0
    entries = sorted(cache.rglob("*.json"))
    assert len(entries) == 4
    assert not [p for p in cache.rglob(".*") if p.name != "pseudonym.key"]   # no temp file

    again = Recording()
    second, stats = run_batch(jobs_of(classes), runner=again, options=opts)
    assert again.ran == [] and stats.cached == 4
    assert second == first   # byte for byte, solve times included (they are the first run's)

    # one class changes (a student leaves), one entry is cut short, one is edited
    files = scenario_files(classes)
    data = yaml.safe_load(files[0].read_text("utf-8"))
    data["students"] = data["students"][:-1]
    files[0].write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    ids = {r["name"]: r["job_id"] for r in first}
    short = cache / ids[files[1].name][:2] / f"{ids[files[1].name]}.json"
    short.write_text(short.read_text("utf-8")[:40], "utf-8")
    edited = cache / ids[files[2].name][:2] / f"{ids[files[2].name]}.json"
    entry = json.loads(edited.read_text("utf-8"))
    entry["summary"]["generate"]["feasible"] = False   # valid JSON, wrong content
    edited.write_text(json.dumps(entry), "utf-8")

    third_runner = Recording()
    third, stats = run_batch(jobs_of(classes), runner=third_runner, options=opts)
    assert sorted(third_runner.ran) == sorted(p.name for p in files[:3])
    assert stats.cached == 1 and stats.corrupt == 2
    assert third[0]["students"] == first[0]["students"] - 1
    assert third[2]["generate"]["feasible"] is True   # recomputed, not trusted
    assert [r["job_id"] for r in third][1:] == [r["job_id"] for r in first][1:]


def test_a_stopped_batch_resumes_where_it_stopped(classes: Path, tmp_path: Path) -> None:
    opts = BatchOptions(cache=str(tmp_path / "cache"))
    with pytest.raises(Stopped):
        run_batch(jobs_of(classes), runner=StopsAfter(2), options=opts)
    resumed = Recording()
    rows, stats = run_batch(jobs_of(classes), runner=resumed, options=opts)
    assert stats.cached == 2 and len(resumed.ran) == 2 and len(rows) == 4


class Unproven(SerialExecutor):
    """Answers like a solver that proves optimality only with a budget of 10 s or more."""

    def __init__(self) -> None:
        super().__init__()
        self.budgets: list[float] = []

    def run(self, jobs: Sequence[Job], progress: Progress | None = None,
            on_result: OnResult | None = None) -> list[dict[str, Any]]:
        out = []
        for i, job in enumerate(jobs):
            self.budgets.append(job.time_limit)
            proven = job.time_limit >= 10 or i % 2 == 0
            out.append({"name": job.name, "file": job.file, "changes": [],
                        "generate": {"status": "optimal" if proven else "feasible",
                                     "feasible": True, "objective": 5 if proven else 9,
                                     "solve_time": 0.1, "conflict": []}})
        return out


def test_retry_unproven_reruns_only_unproven_with_the_larger_budget(classes: Path) -> None:
    runner = Unproven()
    rows, stats = run_batch(jobs_of(classes), runner=runner,
                            options=BatchOptions(retry_unproven=12.0))
    assert runner.budgets == [TIME_LIMIT] * 4 + [12.0, 12.0]
    assert stats.retried == 2 and stats.ran == 6
    assert [r["generate"]["status"] for r in rows] == ["optimal"] * 4
    assert "retried" not in rows[0]
    assert rows[1]["retried"] == {"first_time_limit": TIME_LIMIT, "first_status": "feasible",
                                  "first_objective": 9, "time_limit": 12.0}


def crash_on_second(job: Job) -> dict[str, Any]:
    """A task for the local pool: the second class kills its process (as a segfault)."""
    if job.name.startswith("bts-ci-"):
        os._exit(11)
    return execute(job)


def test_a_class_that_kills_its_process_on_the_local_pool(classes: Path) -> None:
    jobs = jobs_of(classes)
    assert sum(j.name.startswith("bts-ci-") for j in jobs) == 1
    rows, stats = run_batch(jobs, runner=LocalExecutor(2, task=crash_on_second))
    assert [r["name"] for r in rows] == [j.name for j in jobs]
    bad = [r for r in rows if "error" in r]
    assert [r["name"] for r in bad] == [j.name for j in jobs if j.name.startswith("bts-ci-")]
    assert "worker lost" in bad[0]["error"]["message"]
    assert stats.failed == {"worker lost": 1}
    assert all(r["generate"]["feasible"] for r in rows if "error" not in r)


def test_a_cache_that_is_a_file_exits_2(classes: Path, tmp_path: Path) -> None:
    import subprocess

    (tmp_path / "cache").write_text("not a folder", "utf-8")
    out = subprocess.run([sys.executable, "-m", "solver", "batch", str(classes),
                          "--verify-only", "--cache", str(tmp_path / "cache")],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 2 and "--cache" in out.stderr and "Traceback" not in out.stderr


def test_a_cached_batch_starts_no_cluster(classes: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    # issue 19: when every job is in the cache, no executor starts (no Dask cluster)
    pytest.importorskip("distributed")
    from solver.jobs.batch.dask_executor import DaskExecutor

    opts = BatchOptions(cache=str(tmp_path / "cache"))
    first, stats = run_batch(jobs_of(classes, 300.0), runner=Recording(), options=opts)
    assert not [r for r in first if (r.get("generate") or {}).get("time_limit_reached")]

    def no_cluster(self: DaskExecutor, stack: Any) -> Any:
        raise AssertionError("a cluster was started for a batch the cache answers")

    monkeypatch.setattr(DaskExecutor, "_client", no_cluster)
    rows, stats = run_batch(jobs_of(classes, 300.0), executor="dask", options=opts)
    assert stats.cached == 4 and rows == first
