"""OR-Tools without pandas at start-up.

``ortools.sat.python.cp_model`` imports pandas at its top (about 0.15 s on a quiet
machine, 0.4-1 s on a loaded one, a third to a half of its import) for its ``*_series``
helpers, which stageplan never calls. ``install()`` (run by ``solver/__init__.py``)
puts a one-shot import hook in front: while ``cp_model`` itself is executed,
``import pandas`` gets a placeholder whose ``Index`` and ``Series`` serve the module's
type hints only; then the module's ``pd`` becomes a proxy that imports the real pandas
at its first use, so every pandas helper of ``cp_model`` still works, paying for pandas
only then. Nothing else is touched: the placeholder is gone from ``sys.modules`` before
anyone else can import pandas, and where pandas is already imported (or the module is
not loaded from a source file) the import is the ordinary one.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import types
from collections.abc import Sequence
from typing import Any

TARGET = "ortools.sat.python.cp_model"


class _LazyPandas:
    """Stands for the pandas module: imports it at the first attribute asked for."""

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module("pandas"), name)


def _placeholder() -> types.ModuleType:
    mod = types.ModuleType("pandas")
    mod.__dict__.update(Index=type("Index", (), {}), Series=type("Series", (), {}))
    return mod


class _Loader(importlib.machinery.SourceFileLoader):
    def exec_module(self, module: types.ModuleType) -> None:
        if "pandas" in sys.modules:
            super().exec_module(module)
            return
        stub = _placeholder()
        sys.modules["pandas"] = stub
        try:
            super().exec_module(module)
        except Exception:   # a newer OR-Tools uses more of pandas at import: the plain way
            if sys.modules.get("pandas") is stub:
                del sys.modules["pandas"]
            super().exec_module(module)
            return
        finally:
            if sys.modules.get("pandas") is stub:
                del sys.modules["pandas"]
        if getattr(module, "pd", None) is stub:
            module.pd = _LazyPandas()  # type: ignore[attr-defined]


class _Finder:
    """A meta path finder (the protocol, not ``importlib.abc``'s class: that module
    imports ``importlib.resources`` and more, a twentieth of ``--help``; issue 19)."""

    def find_spec(self, name: str, path: Sequence[str] | None,
                  target: types.ModuleType | None = None) -> Any:
        if name != TARGET:
            return None
        if self in sys.meta_path:   # one shot
            sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or type(spec.loader) is not importlib.machinery.SourceFileLoader \
                or "pandas" in sys.modules:
            return spec
        spec.loader = _Loader(spec.loader.name, spec.loader.path)
        return spec


def install() -> None:
    """Put the hook in place unless OR-Tools is imported already."""
    if TARGET in sys.modules or any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Finder())
