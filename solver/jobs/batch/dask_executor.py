"""``--executor dask``: the runner's jobs on a ``dask.distributed`` cluster.

With ``--scheduler tcp://HOST:8786`` the jobs go to a running cluster (``dask
scheduler`` on one machine, ``dask worker tcp://HOST:8786`` on each); without it a
``LocalCluster`` of worker processes is started on this machine for the batch and
closed after it. The tasks are ``runner.execute`` on the same prepared ``Job`` as every
other executor (the job carries its class data, so workers need no file), so the
summaries are the same as ``serial``'s. Dask reruns the task of a worker that dies on
another worker; a task that kills its worker every time (``distributed.scheduler.
allowed-failures``, 3 by default) comes back as ``KilledWorker`` and becomes an error
row, as does any other failure of the cluster for one task: the batch goes on. The
``LocalCluster`` runs with ``worker-saturation`` 1.0, so that a worker holds only the
task it runs and its death casts no suspicion on queued ones; start a real scheduler
the same way (``DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION=1.0 dask scheduler``).

Install with ``pip install 'stageplan[dask]'``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from typing import Any

from solver.core.errors import InputError, msg
from solver.jobs.batch.executors import Job, OnResult, Progress, default_workers, execute, lost_row

SATURATION = 1.0

def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise InputError(msg("the dask executor needs dask.distributed, which is not "
                             "installed"),
                         None, None, "--executor", "dask",
                         msg("pip install 'stageplan[dask]'")) from None
    return distributed


class DaskExecutor:
    """Jobs on a Dask cluster: ``scheduler`` (an address) or a ``LocalCluster`` of
    ``workers`` processes, one thread each (each CP-SAT solve has its own threads)."""

    name = "dask"

    def __init__(self, workers: int | None = None, scheduler: str | None = None,
                 task: Callable[[Job], dict[str, Any]] = execute,
                 announce: Callable[[str], None] | None = None) -> None:
        _distributed()
        self.workers = max(1, workers or default_workers())
        self.scheduler = scheduler
        self.task = task          # ``execute``; tests pass one that crashes its worker
        self.submitted: list[Job] = []   # what was sent (inspected by the tests)
        self.announce = announce  # told the dashboard's address once the cluster is there
        self.dashboard: str | None = None

    def _client(self, stack: ExitStack) -> Any:
        distributed = _distributed()
        if self.scheduler:
            try:
                # waits up to distributed.comm.timeouts.connect (dask config, 30 s)
                client = stack.enter_context(distributed.Client(self.scheduler))
            except (OSError, TimeoutError, ValueError) as exc:
                raise InputError(msg("cannot reach the Dask scheduler: {}", exc), None, None,
                                 "--scheduler", self.scheduler,
                                 msg("start one with 'dask scheduler' and give its "
                                     "tcp://HOST:8786 address")) from None
            from solver.jobs.batch.cache import environment

            check_workers(client, environment(), self.scheduler)
            return client
        import dask

        # one task at a time per worker thread: a worker that dies takes only the task it
        # was running with it (queued tasks wait on the scheduler, not on the worker)
        with dask.config.set({"distributed.scheduler.worker-saturation": SATURATION}):
            cluster = stack.enter_context(distributed.LocalCluster(
                n_workers=self.workers, threads_per_worker=1, processes=True,
                dashboard_address=":0", silence_logs=logging.ERROR))
        return stack.enter_context(distributed.Client(cluster))

    def run(self, jobs: Sequence[Job], progress: Progress | None = None,
            on_result: OnResult | None = None) -> list[dict[str, Any]]:
        if not jobs:
            return []
        distributed = _distributed()
        self.submitted = list(jobs)
        results: list[dict[str, Any] | None] = [None] * len(jobs)
        with ExitStack() as stack:
            client = self._client(stack)
            self.dashboard = dashboard_link(client)
            if self.announce and self.dashboard:
                self.announce(self.dashboard)
            keys = [f"stageplan-{job.job_id or 'job'}-{i}" for i, job in enumerate(jobs)]
            futures = client.map(self.task, list(jobs), key=keys, pure=False)
            index = {f.key: i for i, f in enumerate(futures)}
            for done, future in enumerate(distributed.as_completed(futures), start=1):
                i = index[future.key]
                try:
                    row: dict[str, Any] = future.result()
                except Exception as exc:   # KilledWorker, a lost connection, ...
                    row = lost_row(jobs[i], exc)
                results[i] = row
                if on_result:
                    on_result(i, row)
                if progress:
                    progress(done)
            del futures
        return [r if r is not None else lost_row(jobs[i], RuntimeError("no result"))
                for i, r in enumerate(results)]


def dashboard_link(client: Any) -> str | None:
    """The address of the cluster's dashboard (started or joined), or None when the
    scheduler runs without one (bokeh missing there)."""
    try:
        link = client.dashboard_link
    except Exception:   # distributed raises when the scheduler has no dashboard service
        return None
    return str(link) if link else None


def check_workers(client: Any, local: dict[str, str], where: str) -> None:
    """Refuse a cluster whose workers run another stageplan (code, models, OR-Tools or
    calendar data): their results would not be this machine's, yet be cached under this
    machine's job ids. Workers that join later are not checked."""
    from solver.jobs.batch.cache import environment

    seen = client.run(environment)
    other = sorted(addr for addr, env in seen.items() if env != local)
    if other:
        diff = sorted(k for k in local if any(seen[a].get(k) != local[k] for a in other))
        raise InputError(msg("{} Dask worker(s) run another stageplan than this machine ({} "
                             "differ): {}", len(other), ', '.join(diff), ', '.join(other[:3])),
                         None, None, "--scheduler", where,
                         msg("install the same stageplan version and extras on every worker"))
