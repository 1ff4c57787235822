"""The installed command works away from the checkout, with every built-in model."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODELS = sorted(p.stem for p in (ROOT / "models").glob("*.yaml"))


def stageplan() -> str:
    exe = Path(sys.executable).parent / "stageplan"
    found = str(exe) if exe.exists() else shutil.which("stageplan")
    assert found, "the stageplan console script is not installed in this environment"
    return found


def test_models_ship_with_the_installed_package(tmp_path: Path) -> None:
    out = subprocess.run([stageplan(), "models", "--format", "json"], cwd=tmp_path,
                         capture_output=True, text=True, check=True)
    ids = sorted(m["id"] for m in json.loads(out.stdout))
    assert ids == MODELS
    assert len(ids) == 5


def test_python_dash_m_solver_runs(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "solver", "rules", "bts-sn", "--lang", "fr"],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    assert "six dernières semaines d'enseignement" in out.stdout


def test_verify_bundled_example_from_another_folder(tmp_path: Path) -> None:
    plan = tmp_path / "classe.yaml"
    shutil.copy(ROOT / "scenarios" / "bts-ci-plan-2025-2027.yaml", plan)
    out = subprocess.run([stageplan(), "verify", str(plan), "--format", "json"], cwd=tmp_path,
                         capture_output=True, text=True)
    assert out.returncode == 1, out.stderr
    data = json.loads(out.stdout)
    broken = {s["id"] for s in data["students"] if not s["compliant"]}
    assert broken == {"S02", "S03"}


def test_one_version_license_and_constraints() -> None:
    """Issue 23: the version is written once (pyproject reads solver.__version__), the MIT
    licence pyproject declares is there, the constraints pin OR-Tools."""
    import importlib.metadata
    import tomllib

    import solver
    root = Path(__file__).resolve().parent.parent
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and project["dynamic"] == ["version"]
    assert importlib.metadata.version("stageplan") == solver.__version__
    assert project["license"] == {"text": "MIT"}
    assert (root / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    pins = (root / "constraints.txt").read_text(encoding="utf-8").splitlines()
    assert any(p.startswith("ortools==") for p in pins)
    assert any(d.startswith("bokeh") for d in project["optional-dependencies"]["dask"])
