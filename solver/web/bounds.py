"""Reading uploads off the event loop, under the same per-user bounds as solves.

Parsing a class file, a class list (CSV, XLSX) or a school calendar is plain Python
work that can take seconds on a large file; done in the event loop it would stop
every page meanwhile. ``Parses.run`` does it in a worker thread instead, with at most
``total`` parses at once and ``per_user`` for one user (the solve queue's share): one
more is refused with ``QueueFull`` (HTTP 429 and a Retry-After), like a solve.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import TypeVar

from starlette.concurrency import run_in_threadpool

from solver.web.jobs import QueueFull

T = TypeVar("T")


class Parses:
    def __init__(self, total: int = 2, per_user: int = 2) -> None:
        self.total = max(1, total)
        self.per_user = max(1, per_user)
        self._lock = threading.Lock()
        self._running: Counter[str] = Counter()

    def _enter(self, user: str) -> None:
        with self._lock:
            if sum(self._running.values()) >= self.total:
                raise QueueFull("queue", 2)
            if self._running[user] >= self.per_user:
                raise QueueFull("user", 2)
            self._running[user] += 1

    def _leave(self, user: str) -> None:
        with self._lock:
            self._running[user] -= 1
            if self._running[user] <= 0:
                del self._running[user]

    def running(self) -> int:
        with self._lock:
            return sum(self._running.values())

    async def run(self, user: str, fn: Callable[..., T], *args: object) -> T:
        """``fn(*args)`` in a worker thread, counted against ``user``'s share."""
        self._enter(user)
        try:
            return await run_in_threadpool(fn, *args)
        finally:
            self._leave(user)
