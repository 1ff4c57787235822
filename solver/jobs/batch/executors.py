"""One job of a batch (``Job``), how it runs (``execute``) and the executors that run
many on this machine (serial, a process pool); the Dask executor builds on these."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Protocol

from solver.core.errors import InputError
from solver.jobs.history import resolve_from
from solver.jobs.whatif import DEFAULT_TIME_LIMIT, Variant, run_variant
from solver.load.overlay import Change

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
    # --from as the command carries it (None: none; history.TODAY: its default per class)
    from_text: str | None = None
    # set by ``cache.with_data``: the class after overlays and changes, and its id
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

    from solver.jobs.whatif import summarise
    from solver.load.scenario import parse_scenario

    out: dict[str, Any] = {"name": job.name, "file": job.file, "changes": []}
    scenario = parse_scenario(job.data, job.file, Path(job.file).resolve().parent)
    return summarise(out, scenario, job.time_limit, job.kind == "variant",
                     resolve_from(job.from_text, scenario))


def execute(job: Job) -> dict[str, Any]:
    """One job's summary; every failure is reported inside it, never raised."""
    try:
        if job.data is not None:
            return _run_data(job)
        return run_variant(Variant(job.name, job.file, job.changes, job.from_text),
                           job.time_limit,
                           do_generate=job.kind == "variant")
    except InputError as exc:   # data that loaded here but not there: still bad input
        from solver.jobs.whatif import error_json

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
    from solver.jobs.generate import NUM_WORKERS

    return max(1, cores() // max(1, NUM_WORKERS))


def _context() -> Any:
    """``forkserver`` (workers fork from a clean server that has imported the solver
    once: quick to start, and no threaded parent is forked), else ``spawn``."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["solver.jobs.batch.executors", "solver.jobs.generate"])
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
