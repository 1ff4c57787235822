"""CP-SAT settings for the exact day models of repair and explain.

One worker with a fixed seed: deterministic (the same input gives the same answer, byte
for byte), and for these small models (a few thousand Booleans, mostly clauses) much
faster than interleaved workers. The budget is counted in deterministic seconds, so it
does not depend on how busy the machine is; the wall-clock limit is only a safety net.
"""

from __future__ import annotations

import contextlib
import contextvars
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
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.num_workers = 1
    p.random_seed = RANDOM_SEED
    p.max_deterministic_time = time_limit
    p.max_time_in_seconds = time_limit * 4 + 5
    apply_deadline(p)
    if light:
        light_presolve(p)
    return solver
