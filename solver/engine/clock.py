"""The wall-clock deadline of the job under way, without OR-Tools (the command line
reads it before any model is built; ``solver/engine/sat.py`` applies it to every solve).
"""

from __future__ import annotations

import contextlib
import contextvars
import time
from collections.abc import Iterator
from dataclasses import dataclass

# The wall-clock deadline of the job under way (perf_counter seconds), which every solve
# of it respects: ``--time-limit`` is a promise of wall-clock time. Budgets stay in
# deterministic seconds (same input, same answer); the deadline only cuts a solve when
# the whole job would overrun (then the answer is the best found, and may depend on the
# machine's speed): the budget is then marked ``cut`` (``was_cut``), and so is every
# budget around it, so that the command can say so.


@dataclass
class _Budget:
    end: float
    outer: _Budget | None
    cut: bool = False


_DEADLINE: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar(
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
    token = _DEADLINE.set(_Budget(mine if outer is None else min(outer.end, mine), outer))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def wall_left() -> float | None:
    """Seconds left before the deadline of the job under way (None: no deadline)."""
    budget = _DEADLINE.get()
    return None if budget is None else budget.end - time.perf_counter()


def mark_cut() -> None:
    """The wall clock cut the job under way (a solve, or a step it skipped): its answer,
    if any, is the best found by then, not what the deterministic budget gives."""
    budget = _DEADLINE.get()
    while budget is not None:
        budget.cut = True
        budget = budget.outer


def was_cut() -> bool:
    """Whether the wall clock cut anything inside the current deadline's block."""
    budget = _DEADLINE.get()
    return budget is not None and budget.cut


class OutOfTime(Exception):
    """A model build stopped because the job's wall-clock deadline passed (the job is
    marked cut): the job answers "unknown", never "infeasible"."""


def stop_if_out_of_time() -> None:
    """Raise ``OutOfTime`` (and mark the job cut) when its deadline has passed: a model
    build calls it between rules and groups, as building a large class can take longer
    than the whole budget."""
    budget = _DEADLINE.get()
    if budget is not None and time.perf_counter() >= budget.end:
        mark_cut()
        raise OutOfTime
