"""stageplan: plan and check the internship placements of French BTS programmes."""

from solver.core.lean_import import install as _lean_ortools

__version__ = "0.1.0"

_lean_ortools()   # OR-Tools without pandas until pandas is used (solver/core/lean_import.py)
