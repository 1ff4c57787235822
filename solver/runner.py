"""Run many what-if and batch jobs, on this machine's cores or on a Dask cluster.

A ``Job`` is a plain, picklable description (a file, changes, what to run, a time
budget; once prepared, the class data itself and its content-hash id, see
``batchjobs``); ``execute`` turns one into a plain JSON-ready summary and never
raises, so a broken file becomes an error row, not a crash. An ``Executor`` maps jobs
to summaries in job order: ``local`` (a process pool, the default; see
``default_workers``), ``serial`` (in this process) and ``dask`` (``dask.distributed``:
a running scheduler, or a ``LocalCluster``; see ``dask_executor``), all on the same
jobs and the same ``execute``. A worker that dies or a job that crashes its process
becomes an error row with the reason (``lost_row``); the other rows go on.
Results do not depend on the executor: each solve is deterministic (fixed seed,
workers and deterministic time budget), and summaries come back in job order.

``run_batch`` is the whole pipeline the commands use: prepare the jobs locally (read
the files, apply overlays, hash), take what the cache (``--cache``) already holds,
pseudonymise what leaves (``--pseudonymise``), run the rest, restore, store, and
rerun once with a larger budget the classes that were compliant but not proven
optimal (``--retry-unproven``).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from .errors import InputError
from .overlay import Change
from .whatif import DEFAULT_TIME_LIMIT, Variant, run_variant

KINDS = ("variant", "verify")
Progress = Callable[[int], None]   # called with the number of jobs done so far


@dataclass(frozen=True)
class Job:
    """What to run: ``variant`` (verify the plan, generate) or ``verify`` (plan only)."""

    name: str
    file: str
    changes: tuple[Change, ...] = ()
    kind: str = "variant"
    time_limit: float = DEFAULT_TIME_LIMIT
    # set by ``batchjobs.with_data``: the class after overlays and changes, and its id
    data: dict[str, Any] | None = field(default=None, compare=False, repr=False)
    job_id: str = ""


def error_row(job: Job, reason: str) -> dict[str, Any]:
    """A row that says why this job has no result."""
    return {"name": job.name, "file": job.file,
            "changes": [c.text() for c in job.changes],
            "error": {"error": reason, "message": reason,
                      "file": job.file, "line": None, "field": None, "hint": None}}


def lost_row(job: Job, exc: BaseException) -> dict[str, Any]:
    """The row of a job whose worker died (or whose process crashed) each time it ran."""
    return error_row(job, f"worker lost: {type(exc).__name__}: {exc}")


def _run_data(job: Job) -> dict[str, Any]:
    from pathlib import Path

    from .model import parse_scenario
    from .whatif import summarise

    out: dict[str, Any] = {"name": job.name, "file": job.file, "changes": []}
    scenario = parse_scenario(job.data, job.file, Path(job.file).resolve().parent)
    return summarise(out, scenario, job.time_limit, job.kind == "variant")


def execute(job: Job) -> dict[str, Any]:
    """One job's summary; every failure is reported inside it, never raised."""
    try:
        if job.data is not None:
            return _run_data(job)
        return run_variant(Variant(job.name, job.file, job.changes), job.time_limit,
                           do_generate=job.kind == "variant")
    except InputError as exc:   # data that loaded here but not there: still bad input
        from .whatif import error_json

        return {**error_row(job, str(exc)), "error": error_json(exc)}
    except Exception as exc:   # a bug of ours must not sink a batch of 50 classes
        return error_row(job, f"internal error: {type(exc).__name__}: {exc}")


OnResult = Callable[[int, dict[str, Any]], None]   # (job index, its summary), as they come
Task = Callable[[Job], dict[str, Any]]


class Executor(Protocol):
    """Maps ``execute`` over jobs; returns the summaries in job order. ``on_result`` is
    called in this process with each summary as soon as it arrives (the cache writes it
    there, so a stopped batch keeps what it finished)."""

    name: str

    def run(self, jobs: Sequence[Job], progress: Progress | None = None,
            on_result: OnResult | None = None) -> list[dict[str, Any]]: ...


class SerialExecutor:
    name = "serial"

    def __init__(self, workers: int | None = None, task: Task = execute) -> None:
        self.workers = 1
        self.task = task

    def run(self, jobs: Sequence[Job], progress: Progress | None = None,
            on_result: OnResult | None = None) -> list[dict[str, Any]]:
        out = []
        for i, job in enumerate(jobs):
            out.append(self.task(job))
            if on_result:
                on_result(i, out[-1])
            if progress:
                progress(i + 1)
        return out


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:   # not on Linux
        return os.cpu_count() or 1


def default_workers() -> int:
    """Processes of the local pool: the cores divided by CP-SAT's own threads per solve
    (``generate.NUM_WORKERS``, fixed so that results are the same on any executor), so
    that the pool does not oversubscribe the machine. On 2 cores this is 1: serial."""
    from .generate import NUM_WORKERS

    return max(1, cores() // max(1, NUM_WORKERS))


def _context() -> Any:
    """``forkserver`` (workers fork from a clean server that has imported the solver
    once: quick to start, and no threaded parent is forked), else ``spawn``."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["solver.runner", "solver.generate"])
        return ctx
    return multiprocessing.get_context("spawn")


class LocalExecutor:
    """A pool of processes on this machine (``default_workers()`` unless told)."""

    name = "local"

    def __init__(self, workers: int | None = None, task: Task = execute) -> None:
        self.workers = max(1, workers or default_workers())
        self.task = task   # ``execute``; a module-level function (it is pickled by name)

    def run(self, jobs: Sequence[Job], progress: Progress | None = None,
            on_result: OnResult | None = None) -> list[dict[str, Any]]:
        workers = min(self.workers, len(jobs))
        if workers <= 1:
            return SerialExecutor(task=self.task).run(jobs, progress, on_result)
        results: list[dict[str, Any] | None] = [None] * len(jobs)
        done = 0

        def finish(i: int, summary: dict[str, Any]) -> None:
            nonlocal done
            results[i] = summary
            done += 1
            if on_result:
                on_result(i, summary)
            if progress:
                progress(done)

        lost: list[int] = []
        ctx = _context()
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            futures = {pool.submit(self.task, job): i for i, job in enumerate(jobs)}
            for future in as_completed(futures):
                try:
                    finish(futures[future], future.result())
                except BrokenProcessPool:   # a process died: every job not finished
                    lost.append(futures[future])   # is lost with the pool
        # one by one, each in a fresh process: a job that kills it again is the culprit
        for i in sorted(lost):
            with ProcessPoolExecutor(max_workers=1, mp_context=ctx) as single:
                try:
                    finish(i, single.submit(self.task, jobs[i]).result())
                except BrokenProcessPool as exc:
                    finish(i, lost_row(jobs[i], exc))
        return [r if r is not None else lost_row(jobs[i], RuntimeError("no result"))
                for i, r in enumerate(results)]


EXECUTORS: dict[str, Any] = {"local": LocalExecutor, "serial": SerialExecutor,
                             "dask": None}   # dask: imported on demand (an extra)
PLANNED = ("ray",)   # same Job and execute(); an Executor.run over a cluster


def make_executor(name: str, workers: int | None = None,
                  scheduler: str | None = None) -> Executor:
    if name == "dask":
        from .dask_executor import DaskExecutor

        return DaskExecutor(workers, scheduler)
    if scheduler:
        raise InputError("--scheduler needs --executor dask", None, None, "--scheduler",
                         scheduler, "add --executor dask")
    if name in EXECUTORS:
        executor: Executor = EXECUTORS[name](workers)
        return executor
    if name in PLANNED:
        raise InputError(f"the '{name}' executor is not available yet", None, None,
                         "--executor", name, "available: " + ", ".join(EXECUTORS))
    raise InputError(f"unknown executor '{name}'", None, None, "--executor", name,
                     "available: " + ", ".join(EXECUTORS))


def run_jobs(jobs: Sequence[Job], executor: str | Executor = "local",
             workers: int | None = None, label: str = "",
             on_result: OnResult | None = None) -> list[dict[str, Any]]:
    """Run ``jobs`` with a progress bar on stderr when it is a terminal."""
    runner = make_executor(executor, workers) if isinstance(executor, str) else executor
    if not sys.stderr.isatty() or not jobs:
        return runner.run(jobs, None, on_result)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label or runner.name, total=len(jobs))
        return runner.run(jobs, lambda done: bar.update(task, completed=done), on_result)


# ---- the batch pipeline: prepare, cache, pseudonymise, run, restore, retry --------------

@dataclass(frozen=True)
class BatchOptions:
    """``--cache DIR``, ``--pseudonymise``, ``--retry-unproven SECONDS``."""

    cache: str | None = None
    pseudonymise: bool = False
    retry_unproven: float | None = None


@dataclass
class BatchStats:
    """What the batch did: rows, taken from the cache, run, rerun, failed (by reason)."""

    rows: int = 0
    cached: int = 0
    ran: int = 0
    retried: int = 0
    corrupt: int = 0
    failed: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"rows": self.rows, "cached": self.cached, "ran": self.ran,
                "retried": self.retried, "corrupt_cache_entries": self.corrupt,
                "failed": sum(self.failed.values()), "failures": dict(self.failed)}


def failure_reason(summary: dict[str, Any]) -> str | None:
    """``bad input``, ``worker lost`` or ``internal error`` for an error row, else None."""
    err = summary.get("error")
    if not err:
        return None
    text = str(err.get("error", ""))
    if text.startswith("worker lost"):
        return "worker lost"
    if text.startswith("internal error"):
        return "internal error"
    return "bad input"


def _home(summary: dict[str, Any], job: Job, back: dict[str, str],
          job_id: str) -> dict[str, Any]:
    """A summary back on this machine: ids restored, the job's own name, file, changes."""
    from .batchjobs import restore

    out: dict[str, Any] = restore(summary, back)
    out["name"], out["file"] = job.name, job.file
    out["changes"] = [c.text() for c in job.changes]
    if job_id:
        out["job_id"] = job_id
    return out


def _run_pass(jobs: Sequence[Job], runner: Executor, options: BatchOptions,
              stats: BatchStats, label: str) -> list[dict[str, Any]]:
    from .batchjobs import Cache, cacheable, pseudonym_key, pseudonymise, resolved_data, with_data

    cache = Cache(options.cache) if options.cache else None
    key = pseudonym_key(cache) if options.pseudonymise else b""
    results: list[dict[str, Any] | None] = [None] * len(jobs)
    todo: list[tuple[int, Job, dict[str, str]]] = []
    for i, job in enumerate(jobs):
        try:
            data = resolved_data(job.file, list(job.changes))
        except InputError:
            results[i] = execute(job)   # its error row, made here: nothing to send
            continue
        back: dict[str, str] = {}
        if options.pseudonymise:
            data, back = pseudonymise(data, key)
        sent = with_data(job, data)
        hit = cache.get(sent.job_id) if cache else None
        if hit is not None:
            stats.cached += 1
            results[i] = _home(hit, job, back, sent.job_id)
        else:
            todo.append((i, sent, back))

    def store(k: int, summary: dict[str, Any]) -> None:
        if cache and cacheable(summary):
            cache.put(todo[k][1].job_id, summary)

    summaries = run_jobs([sent for _, sent, _ in todo], runner, label=label, on_result=store)
    stats.ran += len(todo)
    for (i, sent, back), summary in zip(todo, summaries, strict=True):
        results[i] = _home(summary, jobs[i], back, sent.job_id)
    if cache:
        stats.corrupt += cache.corrupt
    return [r for r in results if r is not None]


def unproven(summary: dict[str, Any]) -> bool:
    g = summary.get("generate") or {}
    return bool(g.get("status") == "feasible")


def run_batch(jobs: Sequence[Job], executor: str = "local", workers: int | None = None,
              scheduler: str | None = None, options: BatchOptions | None = None,
              label: str = "", runner: Executor | None = None
              ) -> tuple[list[dict[str, Any]], BatchStats]:
    """Every job's summary, in job order, and what the batch did (see the docstring)."""
    options = options or BatchOptions()
    runner = runner or make_executor(executor, workers, scheduler)
    stats = BatchStats(rows=len(jobs))
    results = _run_pass(jobs, runner, options, stats, label)
    retry = options.retry_unproven
    if retry:
        again = [i for i, s in enumerate(results)
                 if unproven(s) and retry > jobs[i].time_limit]
        if again:
            second = _run_pass([replace(jobs[i], time_limit=retry) for i in again], runner,
                               options, stats, label + " (retry)")
            for i, s in zip(again, second, strict=True):
                first = results[i].get("generate") or {}
                s["retried"] = {"first_time_limit": jobs[i].time_limit,
                                "first_status": first.get("status"),
                                "first_objective": first.get("objective"),
                                "time_limit": retry}
                if "error" in s:   # the second try failed: keep the first answer
                    s = {**results[i], "retried": {**s["retried"], "error": s["error"]}}
                results[i] = s
            stats.retried = len(again)
    for s in results:
        reason = failure_reason(s)
        if reason:
            stats.failed[reason] = stats.failed.get(reason, 0) + 1
    return results, stats
