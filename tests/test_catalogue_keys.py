"""No message key is defined twice: modules extend the catalogue (``UI.update({...})``,
``CATALOGUE.update``) from many places, and a second definition silently replaces the
first, so one page would show another page's words (or fail on a missing argument)."""

from __future__ import annotations

import ast
from pathlib import Path

SOLVER = Path(__file__).resolve().parent.parent / "solver"
TABLES = {"UI", "CATALOGUE"}


def definitions() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for path in sorted(SOLVER.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            table: ast.AST | None = None
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "update" and isinstance(node.func.value, ast.Name)
                    and node.func.value.id in TABLES and node.args):
                table = node.args[0]
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if any(isinstance(t, ast.Name) and t.id in TABLES for t in targets):
                    table = node.value
            if isinstance(table, ast.Dict):
                where = f"{path.relative_to(SOLVER.parent)}:{table.lineno}"
                out += [(k.value, where) for k in table.keys
                        if isinstance(k, ast.Constant) and isinstance(k.value, str)]
    return out


def test_no_message_key_is_defined_twice() -> None:
    seen: dict[str, str] = {}
    twice = []
    for key, where in definitions():
        if key in seen:
            twice.append(f"{key}: {seen[key]} and {where}")
        seen.setdefault(key, where)
    assert not twice, "\n".join(twice)


def test_the_scan_finds_the_catalogue() -> None:
    keys = {k for k, _ in definitions()}
    assert {"web_conflict", "web_version_conflict"} <= keys
