"""Background solves for the page: start a job, poll its state, read its outcome.

A job runs in a worker thread that waits on a child process (``service.run_job``), so
the server keeps answering while CP-SAT works and the page shows a progress bar from
the elapsed time against the job's time limit. Only the last few hundred jobs are kept.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from .service import JobOutcome


@dataclass
class Job:
    id: str
    kind: str
    scenario: str
    version: int
    time_limit: float
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    outcome: JobOutcome | None = None
    failure: str | None = None
    context: dict[str, Any] = field(default_factory=dict)

    @property
    def done(self) -> bool:
        return self.finished is not None

    def progress(self) -> float:
        if self.done:
            return 1.0
        return min(0.95, (time.monotonic() - self.started) / max(self.time_limit, 1.0))

    def state(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "done": self.done,
                "progress": round(self.progress(), 3),
                "elapsed": round((self.finished or time.monotonic()) - self.started, 1),
                "failed": bool(self.failure) or (self.outcome is not None
                                                 and self.outcome.exit_code not in (0, 1))}


class JobManager:
    def __init__(self, workers: int = 2, keep: int = 200) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="stageplan-job")
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._keep = keep

    def start(self, job: Job, work: Callable[[], JobOutcome]) -> Job:
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > self._keep:
                self._jobs.popitem(last=False)

        def run() -> None:
            try:
                job.outcome = work()
            except Exception as exc:  # shown on the page; the server keeps running
                job.failure = f"{type(exc).__name__}: {exc}"
            finally:
                job.finished = time.monotonic()

        self._pool.submit(run)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def new_job_id() -> str:
    return secrets.token_hex(8)
