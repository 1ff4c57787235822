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

import os
import signal
import sys
import threading
import time
from typing import Any

from ortools.sat.python import cp_model

from solver.engine.clock import deadline, mark_cut, wall_left, was_cut

__all__ = ["deadline", "mark_cut", "wall_left", "was_cut"]


RANDOM_SEED = 7

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


def watch_interrupts() -> None:
    """Set up the SIGINT watcher now (from the main thread): solves about to run in other
    threads, which cannot set it up, are then stopped by Ctrl-C too."""
    _WATCHER.install()


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
        if _stopped_by_wall_clock(self, status):
            mark_cut()
        return status


def _stopped_by_wall_clock(solver: cp_model.CpSolver, status: Any) -> bool:
    """A search ended without a proof (optimal or infeasible) before its deterministic
    budget was spent: only its wall-clock limit (the job's deadline) stopped it."""
    if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE, cp_model.MODEL_INVALID):
        return False
    budget = solver.parameters.max_deterministic_time
    return bool(solver.deterministic_time < 0.98 * budget)


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


def propagation_solver(time_limit: float) -> cp_model.CpSolver:
    """``exact_solver`` without presolve nor LP relaxation: for an answer propagation
    alone gives (counts that prove a conflict, a calendar fixed and checked, a small
    model proven at once), several times sooner than with them."""
    solver = exact_solver(time_limit)
    solver.parameters.cp_model_presolve = False
    solver.parameters.linearization_level = 0
    return solver


class LeanCpModel(cp_model.CpModel):
    """A ``CpModel`` without the deprecated camelCase aliases (``AddBoolOr``...) that
    ``CpModel()`` sets on each new instance: about 1,200 attributes, a few milliseconds
    per model, which a repair of one student paid twice. The same model otherwise."""

    def _add_pre_pep8_methods(self) -> None:
        return None


def clone_model(model: cp_model.CpModel) -> cp_model.CpModel:
    """A copy of ``model`` (``CpModel.clone`` without the aliases)."""
    clone = LeanCpModel()
    clone.proto.copy_from(model.proto)
    clone.rebuild_constant_map()
    return clone


def status_name(code: Any) -> str:
    return {cp_model.OPTIMAL: "optimal", cp_model.FEASIBLE: "feasible",
            cp_model.INFEASIBLE: "infeasible"}.get(code, "unknown")
