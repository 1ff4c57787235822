"""CP-SAT settings for the exact day models of repair and explain, and the one solver
class every job uses, which Ctrl-C stops.

Interruption: CP-SAT's own SIGINT handler would end the search as if its time limit
had passed, and the job would report "no calendar found" for a search it never
finished. So every solver is an ``InterruptibleSolver``: it leaves SIGINT to Python
(``catch_sigint_signal = False``) and registers itself while it solves. A watcher
thread, woken through ``signal.set_wakeup_fd`` by the signal itself (the main thread
is inside CP-SAT's C++ code, which releases the GIL), calls ``stop_search()`` on the
running solvers, and the stopped ``solve`` raises ``SolveInterrupted`` (a
``KeyboardInterrupt``) instead of returning, so no result of the stopped search is ever
used (``stop_running_solves`` does the same without a signal). The command line turns
that into exit 130 and no output. The watcher is set up on the first solve of a
process whose SIGINT handling is Python's default and whose wakeup fd is free (a web
server or an event loop keeps its own).

One worker with a fixed seed: deterministic (the same input gives the same answer, byte
for byte), and for these small models (a few thousand Booleans, mostly clauses) much
faster than interleaved workers. The budget is counted in deterministic seconds, so it
does not depend on how busy the machine is; the wall-clock limit is only a safety net.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

from ortools.sat.python import cp_model

RANDOM_SEED = 7

# The wall-clock deadline of the job under way (perf_counter seconds), which every solve
# of it respects: ``--time-limit`` is a promise of wall-clock time. Budgets stay in
# deterministic seconds (same input, same answer); the deadline only cuts a solve when
# the whole job would overrun (then the answer is the best found, and may depend on the
# machine's speed).
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "stageplan_deadline", default=None)


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Every solve inside the block ends by ``seconds`` from now (None: no deadline); an
    inner deadline never extends an outer one."""
    if seconds is None:
        yield
        return
    outer = _DEADLINE.get()
    mine = time.perf_counter() + seconds
    token = _DEADLINE.set(mine if outer is None else min(outer, mine))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def wall_left() -> float | None:
    """Seconds left before the deadline of the job under way (None: no deadline)."""
    end = _DEADLINE.get()
    return None if end is None else end - time.perf_counter()


def apply_deadline(p: Any) -> None:
    """Cap a solver's wall-clock limit at the deadline of the job under way."""
    left = wall_left()
    if left is not None:
        p.max_time_in_seconds = max(0.05, min(p.max_time_in_seconds, left))


class _Watcher:
    """The running solvers of this process and the thread that stops them on SIGINT."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.running: set[cp_model.CpSolver] = set()
        self.pid = -1        # the process that installed the watcher (forks must redo it)
        self.wakeup_fd = -1

    def install(self) -> None:
        if self.pid == os.getpid():
            return
        if (threading.current_thread() is not threading.main_thread()
                or signal.getsignal(signal.SIGINT) is not signal.default_int_handler):
            return
        read_fd, write_fd = os.pipe()
        os.set_blocking(write_fd, False)
        try:
            old = signal.set_wakeup_fd(write_fd, warn_on_full_buffer=False)
        except ValueError:   # not the main thread of the main interpreter
            os.close(read_fd)
            os.close(write_fd)
            return
        if old not in (-1, self.wakeup_fd):   # someone else's (an event loop): keep it
            signal.set_wakeup_fd(old)
            os.close(read_fd)
            os.close(write_fd)
            return
        self.pid, self.wakeup_fd = os.getpid(), write_fd
        threading.Thread(target=self._watch, args=(read_fd,), name="stageplan-sigint",
                         daemon=True).start()

    def _watch(self, read_fd: int) -> None:
        while True:
            try:
                data = os.read(read_fd, 64)
            except OSError:
                return
            if not data:
                return
            if signal.SIGINT in data:
                self.stop_all()

    def stop_all(self) -> None:
        # a solver registered a moment before its search started ignores a stop, so
        # ask again for a short while
        for _ in range(20):
            with self.lock:
                solvers = list(self.running)
            if not solvers:
                return
            for solver in solvers:
                if isinstance(solver, InterruptibleSolver):
                    solver.interrupted = True
                solver.stop_search()
            time.sleep(0.05)


_WATCHER = _Watcher()


def stop_running_solves() -> None:
    """Stop every CP-SAT search running in this process now; each ``solve`` then raises
    ``SolveInterrupted``: for a server or a worker that cancels jobs without a SIGINT."""
    _WATCHER.stop_all()


class SolveInterrupted(KeyboardInterrupt):
    """A search stopped before its end (Ctrl-C or ``stop_running_solves``): whatever it
    found is not an answer, so it is never returned."""


class InterruptibleSolver(cp_model.CpSolver):
    """A ``CpSolver`` that Ctrl-C stops within a moment (see the module's docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self.parameters.catch_sigint_signal = False
        self.interrupted = False

    def solve(self, model: cp_model.CpModel,
              solution_callback: cp_model.CpSolverSolutionCallback | None = None) -> Any:
        _WATCHER.install()
        self.interrupted = False
        with _WATCHER.lock:
            _WATCHER.running.add(self)
        if os.environ.get("STAGEPLAN_TRACE_SOLVES"):   # tests wait for this line
            print("stageplan: solve started", file=sys.stderr, flush=True)
        try:
            status = super().solve(model, solution_callback)
        finally:
            with _WATCHER.lock:
                _WATCHER.running.discard(self)
        if self.interrupted:
            raise SolveInterrupted
        return status


def light_presolve(p: Any) -> None:
    """A lighter presolve: on these day models the full presolve took two thirds of the
    solve (benchmarks/repair_bench.py measures it)."""
    p.presolve_use_bva = False
    p.presolve_blocked_clause = False
    p.symmetry_level = 0
    p.cp_model_probing_level = 0
    p.max_presolve_iterations = 1
    p.presolve_inclusion_work_limit = 0


def exact_solver(time_limit: float, light: bool = True) -> cp_model.CpSolver:
    solver = InterruptibleSolver()
    p = solver.parameters
    p.num_workers = 1
    p.random_seed = RANDOM_SEED
    p.max_deterministic_time = time_limit
    p.max_time_in_seconds = time_limit * 4 + 5
    apply_deadline(p)
    if light:
        light_presolve(p)
    return solver


def status_name(code: Any) -> str:
    return {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible",
            cp_model.INFEASIBLE: "infeasible"}.get(code, "unknown")
