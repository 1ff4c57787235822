"""The package's layers: no import cycle (function-level imports included) and no module
importing a layer above its own. Imports under ``if TYPE_CHECKING:`` are left out: they name
types for the checker and run nothing (the data model names ``Rule`` in its hints)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SOLVER = Path(__file__).resolve().parent.parent / "solver"
# lowest first; a module may import its own layer and those before it
LAYERS = ["core", "i18n", "rules", "load", "engine", "jobs", "io", "cli", "web", "stageplan"]


def modules() -> dict[str, Path]:
    out = {}
    for path in SOLVER.rglob("*.py"):
        parts = path.relative_to(SOLVER.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in _walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, *([base] if base else [])])
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base
                       for a in node.names]
        else:
            continue
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name:
                found.add(t)
    return found


def _walk(node: ast.AST) -> list[ast.AST]:
    """Every node but those under ``if TYPE_CHECKING:``."""
    out = [node]
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
            out += [n for c in child.orelse for n in _walk(c)]
            continue
        out += _walk(child)
    return out


GRAPH = {n: imports(n, p, set(modules())) for n, p in modules().items()}


def layer(name: str) -> int | None:
    parts = name.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_no_import_cycle() -> None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> None:
        state[n] = 1
        stack.append(n)
        for m in sorted(GRAPH[n]):
            if state.get(m) == 1:
                pytest.fail("import cycle: " + " -> ".join([*stack[stack.index(m):], m]))
            if m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(GRAPH):
        if n not in state:
            visit(n)


def test_no_import_upward() -> None:
    bad = [f"{n} -> {m}" for n, deps in GRAPH.items() for m in deps
           if layer(n) is not None and layer(m) is not None and layer(m) > layer(n)]
    assert not bad, "\n".join(sorted(bad))


def test_few_loose_modules() -> None:
    loose = [p.name for p in SOLVER.glob("*.py")]
    assert len(loose) <= 12, loose


def test_checker_sees_a_cycle(tmp_path: Path) -> None:
    # the walk itself: two modules importing each other inside functions are a cycle
    a = tmp_path / "a.py"
    a.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import solver.c\n"
                 "def f():\n    from solver.b import g\n")
    found = imports("solver.a", a, {"solver.a", "solver.b", "solver.c"})
    assert found == {"solver.b"}
