"""Batches on Dask (issue 11): the same rows as serial, workers that die, pseudonyms.

One ``LocalCluster`` of 2 worker processes (one thread each) serves the module and is
closed at its end. Classes are small (4 to 6 students) and budgets short, so the whole
module stays within a few tens of seconds.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

distributed = pytest.importorskip("distributed")

from solver.cli.commands.batch import scenario_files  # noqa: E402
from solver.core.yamlload import load_file  # noqa: E402
from solver.jobs.batch.dask_executor import DaskExecutor  # noqa: E402
from solver.jobs.batch.executors import Job, OnResult, Progress, execute
from solver.jobs.batch.runner import BatchOptions, run_batch  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from make_academie import make_academie  # noqa: E402

TIME_LIMIT = 2.0
SOME = 8   # classes for the tests that do not need all 20


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    import dask

    # a task whose worker dies twice is given up (KilledWorker): one death is retried
    with dask.config.set({"distributed.scheduler.allowed-failures": 1,
                          "distributed.scheduler.worker-saturation": 1.0}), \
            distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                     dashboard_address=":0") as c:
        yield c


@pytest.fixture(scope="module")
def academie(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("academie")
    make_academie(folder, 20, seed=11, students=(4, 6))
    return folder


def jobs_of(folder: Path) -> list[Job]:
    return [Job(str(p.relative_to(folder)), str(p), (), "variant", TIME_LIMIT)
            for p in scenario_files(folder)]


def stable(rows: list[dict[str, Any]], drop: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """The rows without the wall-clock solve time (the only field that may differ)."""
    out = json.loads(json.dumps(rows))
    for r in out:
        if r.get("generate"):
            r["generate"].pop("solve_time")
            for key in drop:
                r["generate"].pop(key, None)
    return out


@pytest.fixture(scope="module")
def serial_rows(academie: Path) -> list[dict[str, Any]]:
    rows, stats = run_batch(jobs_of(academie), "serial")
    assert stats.failed == {} and stats.ran == 20
    return rows


def test_dask_gives_the_same_rows_as_serial(cluster: Any, academie: Path,
                                            serial_rows: list[dict[str, Any]]) -> None:
    rows, stats = run_batch(jobs_of(academie), "dask", scheduler=cluster.scheduler_address)
    assert stats.ran == 20 and stats.failed == {}
    assert all(r["generate"]["feasible"] for r in rows)
    assert json.dumps(stable(rows)) == json.dumps(stable(serial_rows))   # byte for byte
    assert len({r["job_id"] for r in rows}) == 20


def test_a_worker_killed_mid_batch_loses_no_row(cluster: Any, academie: Path,
                                                serial_rows: list[dict[str, Any]]) -> None:
    killed: list[int] = []

    class KillsAWorker(DaskExecutor):
        def run(self, jobs: Sequence[Job], progress: Progress | None = None,
                on_result: OnResult | None = None) -> list[dict[str, Any]]:
            def kill_one(done: int) -> None:
                if done == 3 and not killed:   # mid-batch: a worker dies (its nanny
                    nanny = next(iter(cluster.workers.values()))   # restarts it)
                    pid = nanny.process.process.pid
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)

            return super().run(jobs, kill_one, on_result)

    runner = KillsAWorker(scheduler=cluster.scheduler_address)
    rows, stats = run_batch(jobs_of(academie)[:SOME], runner=runner)
    assert killed
    assert [r["file"] for r in rows] == [r["file"] for r in serial_rows[:SOME]]
    # the dead worker's task ran again elsewhere: every row is there, with its result
    assert stats.failed == {}
    assert json.dumps(stable(rows)) == json.dumps(stable(serial_rows[:SOME]))


def test_a_class_that_kills_its_worker_becomes_an_error_row(cluster: Any,
                                                            academie: Path) -> None:
    victim = jobs_of(academie)[1].name

    def crash_on_victim(job: Job) -> dict[str, Any]:
        if job.name == victim:
            os._exit(9)   # a segfault in a native library looks like this
        return execute(job)

    runner = DaskExecutor(scheduler=cluster.scheduler_address, task=crash_on_victim)
    jobs = jobs_of(academie)[:4]
    rows, stats = run_batch(jobs, runner=runner)
    assert [r["name"] for r in rows] == [j.name for j in jobs]
    bad = rows[1]
    assert "worker lost" in bad["error"]["message"] and "KilledWorker" in bad["error"]["message"]
    assert all("error" not in r for i, r in enumerate(rows) if i != 1)
    assert stats.failed == {"worker lost": 1}


def test_pseudonymised_jobs_carry_no_name_or_id(cluster: Any, academie: Path,
                                                serial_rows: list[dict[str, Any]],
                                                tmp_path: Path) -> None:
    jobs = jobs_of(academie)[:SOME]
    secrets = set()
    for job in jobs:
        for s in load_file(job.file)["students"]:
            secrets.add(s["id"])
            secrets.add(s["name"])
            # where a student is placed (a company, a town) is not the cluster's business
            secrets.update(p["label"] for p in s.get("periods") or [] if p.get("label"))
    assert any(" " in x for x in secrets if not x.startswith("S"))   # labels are there
    runner = DaskExecutor(scheduler=cluster.scheduler_address)
    rows, _ = run_batch(jobs, runner=runner,
                        options=BatchOptions(cache=str(tmp_path / "c"), pseudonymise=True))
    assert len(runner.submitted) == len(jobs)
    sent = b"".join(pickle.dumps(j) for j in runner.submitted)
    text = sent.decode("latin-1") + sent.decode("utf-8", "replace")
    leaked = sorted(s for s in secrets if s in text)
    assert not leaked, leaked
    # what stayed in the cache is what the cluster saw: no id either
    cached = "".join(p.read_text("utf-8") for p in (tmp_path / "c").rglob("*.json"))
    assert not [s for s in secrets if s in cached]
    # the output has the ids back: the same rows as without pseudonyms (the plan digest
    # is a hash of the pseudonymised plans, so it alone differs)
    drop = ("plan_digest",)
    plain_rows = [{k: v for k, v in r.items() if k != "job_id"} for r in serial_rows[:SOME]]
    back = [{k: v for k, v in r.items() if k != "job_id"} for r in rows]
    assert stable(back, drop) == stable(plain_rows, drop)


def test_cli_batch_on_a_running_scheduler(cluster: Any, academie: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "solver", "batch", str(academie), "--executor", "dask",
         "--scheduler", cluster.scheduler_address, "--verify-only",
         "--format", "json", "--lang", "en"],
        capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["batch"]["rows"] == 20 and report["batch"]["failed"] == 0
    assert "20 rows: 20 computed" in out.stderr
    # issue 23: the dashboard of the joined cluster is printed (bokeh comes with the extra)
    assert f"Dask dashboard: {cluster.dashboard_link}" in out.stderr


def test_dashboard_link_is_announced_and_serves(cluster: Any, academie: Path) -> None:
    import httpx

    from solver.jobs.batch.dask_executor import DaskExecutor

    said: list[str] = []
    executor = DaskExecutor(1, cluster.scheduler_address, announce=said.append)
    executor.run(jobs_of(academie)[:1])
    assert said == [cluster.dashboard_link] and said[0].startswith("http://")
    page = httpx.get(said[0], timeout=30, follow_redirects=True)
    assert page.status_code == 200 and "needs bokeh" not in page.text.lower()


def test_cli_unreachable_scheduler_exits_2(academie: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "solver", "batch", str(academie), "--executor", "dask",
         "--scheduler", "tcp://127.0.0.1:9", "--verify-only"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"})
    assert out.returncode == 2, out.stderr
    assert "scheduler" in out.stderr and "Traceback" not in out.stderr


def test_workers_with_another_stageplan_are_refused(cluster: Any) -> None:
    from solver.core.errors import InputError
    from solver.jobs.batch.cache import environment
    from solver.jobs.batch.dask_executor import check_workers

    with distributed.Client(cluster.scheduler_address) as client:
        check_workers(client, environment(), "here")   # the same code: accepted
        with pytest.raises(InputError, match="another stageplan") as err:
            check_workers(client, {**environment(), "ortools": "0.0"}, "here")
    assert "ortools" in str(err.value)
