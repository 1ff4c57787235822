"""Run many what-if and batch jobs, on this machine's cores or on a Dask cluster.

A ``Job`` is a plain, picklable description (a file, changes, what to run, a time
budget; once prepared, the class data itself and its content-hash id, see
``cache``); ``execute`` turns one into a plain JSON-ready summary and never
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

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from solver.core.errors import InputError, msg
from solver.jobs.batch.executors import (
    Executor,
    Job,
    LocalExecutor,
    OnResult,
    SerialExecutor,
    execute,
)

EXECUTORS: dict[str, Any] = {"local": LocalExecutor, "serial": SerialExecutor,
                             "dask": None}   # dask: imported on demand (an extra)


def make_executor(name: str, workers: int | None = None, scheduler: str | None = None,
                  announce: Callable[[str], None] | None = None) -> Executor:
    """The executor ``name``; ``announce`` is told the Dask dashboard's address."""
    if name == "dask":
        from solver.jobs.batch.dask_executor import DaskExecutor

        return DaskExecutor(workers, scheduler, announce=announce)
    if scheduler:
        raise InputError(msg("--scheduler needs --executor dask"), None, None, "--scheduler",
                         scheduler, msg("add --executor dask"))
    if name in EXECUTORS:
        executor: Executor = EXECUTORS[name](workers)
        return executor
    raise InputError(msg("unknown executor '{}'", name), None, None, "--executor", name,
                     msg("available: {}", ", ".join(EXECUTORS)))


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


def _file_changes(file: str) -> list[Any]:
    """An overlay file's own changes (shown with the variant's); none when it does not
    load: the row then carries its error already."""
    from solver.load.scenario import overlay_changes

    try:
        return overlay_changes(file)
    except (InputError, OSError):
        return []


def _home(summary: dict[str, Any], job: Job, back: dict[str, str],
          job_id: str) -> dict[str, Any]:
    """A summary back on this machine: ids restored, the job's own name, file, changes."""
    from solver.jobs.batch.cache import restore

    out: dict[str, Any] = restore(summary, back)
    out["name"], out["file"] = job.name, job.file
    out["changes"] = [c.text() for c in _file_changes(job.file)] + [
        c.text() for c in job.changes]
    if job_id:
        out["job_id"] = job_id
    return out


def _run_pass(jobs: Sequence[Job], runner: Executor, options: BatchOptions,
              stats: BatchStats, label: str) -> list[dict[str, Any]]:
    from solver.jobs.batch.cache import (
        Cache,
        cacheable,
        pseudonym_key,
        pseudonymise,
        resolved_data,
        with_data,
    )

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
