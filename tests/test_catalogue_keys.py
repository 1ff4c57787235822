"""No message key is defined twice: modules extend the catalogue (``UI.update(catalogue(...))``)
from many places, and a second definition silently replaces the first, so one page would show
another page's words (or fail on a missing argument). A key is also the gettext context of its
sentence in the ``.po`` files, so it must be unique across every table."""

from __future__ import annotations

import ast
from pathlib import Path

SOLVER = Path(__file__).resolve().parent.parent / "solver"


def definitions() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for path in sorted(SOLVER.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "N_" and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                out.append((node.args[0].value,
                            f"{path.relative_to(SOLVER.parent)}:{node.lineno}"))
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
    assert {"web_conflict", "web_version_conflict", "total_weeks.too_few"} <= keys
