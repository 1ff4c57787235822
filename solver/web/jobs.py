"""Background solves for the page and the API: one bounded queue, worker processes.

Every solve (a page's Générer/Réparer/Expliquer/Et si… and the API's generate, repair,
explain, whatif) goes through one ``JobManager``: at most ``workers`` child processes
run at once (``service.run_job``, each waited on by a worker thread, never by the event
loop), and at most ``size`` jobs wait or run. A full queue, or a user who already has
``per_user`` jobs waiting or running, is refused with ``QueueFull`` (HTTP 429 with a
Retry-After estimate). A job is cancelled, and its child process killed, when its
client drops the connection (API) or when nobody has looked at its page for
``abandon_after`` seconds (the page polls its state twice a second). Only the last few
hundred jobs are kept.
"""

from __future__ import annotations

import math
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from solver.web.service import CHILDREN, JobOutcome


class QueueFull(Exception):
    """No room for one more job (the whole queue, or this user's share of it)."""

    def __init__(self, reason: str, retry_after: int) -> None:
        super().__init__(reason)
        self.reason = reason              # "queue" or "user"
        self.retry_after = retry_after    # seconds


@dataclass
class Job:
    id: str
    kind: str
    scenario: str
    version: int
    time_limit: float
    context: dict[str, Any] = field(default_factory=dict)
    user: str = ""
    submitted: float = field(default_factory=time.monotonic)
    started: float | None = None
    finished: float | None = None
    outcome: JobOutcome | None = None
    failure: str | None = None
    cancelled: bool = False
    seen: float = field(default_factory=time.monotonic)
    cancel_event: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def done(self) -> bool:
        return self.finished is not None

    @property
    def queued(self) -> bool:
        return self.started is None and not self.done

    def progress(self) -> float:
        if self.done:
            return 1.0
        if self.started is None:
            return 0.0
        return min(0.95, (time.monotonic() - self.started) / max(self.time_limit, 1.0))

    def elapsed(self) -> float:
        if self.started is None:
            return 0.0
        return (self.finished or time.monotonic()) - self.started

    def state(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "done": self.done,
                "queued": self.queued, "cancelled": self.cancelled,
                "timed_out": bool(self.outcome is not None and self.outcome.timed_out),
                "progress": round(self.progress(), 3),
                "elapsed": round(self.elapsed(), 1),
                "time_limit": self.time_limit,
                "failed": self.cancelled or bool(self.failure) or (
                    self.outcome is not None and self.outcome.exit_code not in (0, 1))}


#: what a job runs: given the job's cancel event, the child's outcome
Work = Callable[[threading.Event], JobOutcome]


class JobManager:
    def __init__(self, workers: int = 2, size: int = 8, per_user: int = 2,
                 abandon_after: float = 30.0, keep: int = 200) -> None:
        self.workers = max(1, workers)
        self.size = max(1, size)
        self.per_user = max(1, per_user)
        self.abandon_after = abandon_after
        self._pool = ThreadPoolExecutor(max_workers=self.workers,
                                        thread_name_prefix="stageplan-job")
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._keep = keep
        self._closed = threading.Event()
        self._reaper = threading.Thread(target=self._reap, name="stageplan-reaper",
                                        daemon=True)
        self._reaper.start()
        self.completed = 0
        self.refused = 0

    # ---- counts ----
    def active(self) -> list[Job]:
        with self._lock:
            return [j for j in self._jobs.values() if not j.done]

    def retry_after(self, time_limit: float) -> int:
        waiting = len(self.active())
        return max(1, math.ceil(time_limit * max(1, waiting) / self.workers / 2))

    # ---- life of a job ----
    def start(self, job: Job, work: Work, *, watched: bool = True) -> Job:
        """Queue ``job``; ``QueueFull`` when there is no room. ``watched``: a page
        job, cancelled when its page stops asking for it."""
        with self._lock:
            active = [j for j in self._jobs.values() if not j.done]
            if self._closed.is_set():   # the server is stopping: nothing new starts
                raise QueueFull("queue", 5)
            if len(active) >= self.size:
                self.refused += 1
                raise QueueFull("queue", self._estimate(len(active), job.time_limit))
            if job.user and sum(1 for j in active if j.user == job.user) >= self.per_user:
                self.refused += 1
                raise QueueFull("user", self._estimate(len(active), job.time_limit))
            job.context.setdefault("watched", watched)
            self._jobs[job.id] = job
            while len(self._jobs) > self._keep:
                oldest = next(iter(self._jobs.values()))
                if not oldest.done:
                    break
                self._jobs.popitem(last=False)

        def run() -> None:
            if job.done:
                return
            if job.cancel_event.is_set():
                self._finish(job)
                return
            job.started = time.monotonic()
            try:
                job.outcome = work(job.cancel_event)
            except Exception as exc:  # shown on the page; the server keeps running
                job.failure = f"{type(exc).__name__}: {exc}"
            finally:
                self._finish(job)

        self._pool.submit(run)
        return job

    def _estimate(self, active: int, time_limit: float) -> int:
        return max(1, math.ceil(time_limit * max(1, active) / self.workers / 2))

    def _finish(self, job: Job) -> None:
        if job.cancel_event.is_set():
            job.cancelled = True
        job.finished = time.monotonic()
        with self._lock:
            if not job.cancelled:
                self.completed += 1

    def cancel(self, job_id: str) -> bool:
        job = self.get(job_id, touch=False)
        if job is None or job.done:
            return False
        job.cancel_event.set()
        if job.started is None:   # never started: done now, the worker will skip it
            self._finish(job)
        return True

    def get(self, job_id: str, *, touch: bool = True) -> Job | None:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is not None and touch:
            job.seen = time.monotonic()
        return job

    def _reap(self) -> None:
        """Cancel page jobs whose page nobody has looked at for ``abandon_after`` s."""
        while not self._closed.wait(1.0):
            now = time.monotonic()
            for job in self.active():
                if job.context.get("watched") and now - job.seen > self.abandon_after:
                    job.context["abandoned"] = True
                    self.cancel(job.id)

    def shutdown(self) -> None:
        """Refuse new jobs, cancel the others and kill every solving process now (the
        server is stopping: SIGTERM, SIGINT)."""
        self._closed.set()
        for job in self.active():
            job.cancel_event.set()
        CHILDREN.stop_all()
        self._pool.shutdown(wait=False, cancel_futures=True)


def new_job_id() -> str:
    return secrets.token_hex(8)
