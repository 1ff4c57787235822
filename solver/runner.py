"""Run many what-if and batch jobs, on this machine's cores or, later, on a cluster.

A ``Job`` is a plain, picklable description (a file, changes, what to run, a time
budget); ``execute`` turns one into a plain JSON-ready summary and never raises, so a
broken file becomes an error row, not a crash. An ``Executor`` maps jobs to summaries
in job order: ``local`` (a process pool, the default; see ``default_workers``) and
``serial`` (in this process). A distributed executor (Dask, Ray) only has to implement
``Executor.run`` on the same jobs and the same ``execute`` function: nothing else moves.
Results do not depend on the executor: each solve is deterministic (fixed seed,
workers and deterministic time budget), and summaries come back in job order.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
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


def execute(job: Job) -> dict[str, Any]:
    """One job's summary; every failure is reported inside it, never raised."""
    try:
        return run_variant(Variant(job.name, job.file, job.changes), job.time_limit,
                           do_generate=job.kind == "variant")
    except Exception as exc:   # a bug of ours must not sink a batch of 50 classes
        return {"name": job.name, "file": job.file,
                "changes": [c.text() for c in job.changes],
                "error": {"error": f"internal error: {type(exc).__name__}: {exc}",
                          "message": f"internal error: {type(exc).__name__}: {exc}",
                          "file": job.file, "line": None, "field": None, "hint": None}}


class Executor(Protocol):
    """Maps ``execute`` over jobs; returns the summaries in job order."""

    name: str

    def run(self, jobs: Sequence[Job], progress: Progress | None = None
            ) -> list[dict[str, Any]]: ...


class SerialExecutor:
    name = "serial"

    def __init__(self, workers: int | None = None) -> None:
        self.workers = 1

    def run(self, jobs: Sequence[Job], progress: Progress | None = None
            ) -> list[dict[str, Any]]:
        out = []
        for i, job in enumerate(jobs):
            out.append(execute(job))
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

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or default_workers())

    def run(self, jobs: Sequence[Job], progress: Progress | None = None
            ) -> list[dict[str, Any]]:
        workers = min(self.workers, len(jobs))
        if workers <= 1:
            return SerialExecutor().run(jobs, progress)
        results: list[dict[str, Any] | None] = [None] * len(jobs)
        with ProcessPoolExecutor(max_workers=workers, mp_context=_context()) as pool:
            futures = {pool.submit(execute, job): i for i, job in enumerate(jobs)}
            for done, future in enumerate(as_completed(futures), start=1):
                results[futures[future]] = future.result()
                if progress:
                    progress(done)
        return [r for r in results if r is not None]


EXECUTORS: dict[str, type[SerialExecutor] | type[LocalExecutor]] = {
    "local": LocalExecutor, "serial": SerialExecutor}
PLANNED = ("dask", "ray")   # same Job and execute(); an Executor.run over a cluster


def make_executor(name: str, workers: int | None = None) -> Executor:
    if name in EXECUTORS:
        return EXECUTORS[name](workers)
    if name in PLANNED:
        raise InputError(f"the '{name}' executor is not available yet", None, None,
                         "--executor", name, "available: " + ", ".join(EXECUTORS))
    raise InputError(f"unknown executor '{name}'", None, None, "--executor", name,
                     "available: " + ", ".join(EXECUTORS))


def run_jobs(jobs: Sequence[Job], executor: str = "local", workers: int | None = None,
             label: str = "") -> list[dict[str, Any]]:
    """Run ``jobs`` with a progress bar on stderr when it is a terminal."""
    runner = make_executor(executor, workers)
    if not sys.stderr.isatty() or not jobs:
        return runner.run(jobs)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label or runner.name, total=len(jobs))
        return runner.run(jobs, lambda done: bar.update(task, completed=done))
