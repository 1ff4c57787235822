"""CP-SAT settings for the exact day models of repair and explain.

One worker with a fixed seed: deterministic (the same input gives the same answer, byte
for byte), and for these small models (a few thousand Booleans, mostly clauses) much
faster than interleaved workers. The budget is counted in deterministic seconds, so it
does not depend on how busy the machine is; the wall-clock limit is only a safety net.
"""

from __future__ import annotations

from typing import Any

from ortools.sat.python import cp_model

RANDOM_SEED = 7


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
    if light:
        light_presolve(p)
    return solver
