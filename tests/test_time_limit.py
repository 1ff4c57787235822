"""A time limit is a promise (issue 19): a search the wall clock stops is never reported
as "no compliant calendar exists" (status ``unknown``, exit 4), and an answer the wall
clock cut is marked (JSON ``time_limit_reached``, a text line)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ortools.sat.python import cp_model
from test_generate import IMPOSSIBLE, run_cli

import solver.engine.sat as sat
from solver.cli.common import EXIT_UNKNOWN
from solver.engine.clock import deadline, was_cut
from solver.engine.sat import InterruptibleSolver, _stopped_by_wall_clock
from solver.jobs.generate import clear_cache, generate
from solver.load.scenario import load_scenario

FEASIBLE = """\
programme: bts-ci
calendar: {zone: A, start: 2025-09-01, end: 2027-06-30}
students:
  - {id: A1}
  - {id: A2, route: apprentice}
  - {id: A3}
"""


def _pigeons(n: int) -> cp_model.CpModel:
    """n pigeons in n - 1 holes: infeasible, and slow to prove without symmetry."""
    m = cp_model.CpModel()
    x = [[m.new_bool_var("") for _ in range(n - 1)] for _ in range(n)]
    for row in x:
        m.add_bool_or(row)
    for j in range(n - 1):
        for a in range(n):
            for b in range(a + 1, n):
                m.add_bool_or([x[a][j].Not(), x[b][j].Not()])
    return m


@pytest.mark.parametrize("wall, budget, cut", [(0.2, 100.0, True), (100.0, 0.05, False)])
def test_a_solve_stopped_by_the_wall_clock_is_told_from_one_stopped_by_its_budget(
        wall: float, budget: float, cut: bool) -> None:
    solver = InterruptibleSolver()
    p = solver.parameters
    p.num_workers, p.symmetry_level = 1, 0
    p.max_time_in_seconds, p.max_deterministic_time = wall, budget
    with deadline(600):
        code = solver.solve(_pigeons(13))
        assert code == cp_model.UNKNOWN
        assert _stopped_by_wall_clock(solver, code) is cut
        assert was_cut() is cut


def _wall_clock_gone(monkeypatch: Any) -> None:
    """Every solve finds its wall-clock limit already reached."""
    real = cp_model.CpSolver.solve

    def stopped(self: cp_model.CpSolver, model: Any, callback: Any = None) -> Any:
        self.parameters.max_time_in_seconds = 0.0
        return real(self, model, callback)

    monkeypatch.setattr(cp_model.CpSolver, "solve", stopped)
    clear_cache()


@pytest.mark.parametrize("text", [IMPOSSIBLE, FEASIBLE], ids=["impossible", "feasible"])
def test_a_stopped_search_never_reports_infeasible(tmp_path: Path, monkeypatch: Any,
                                                   text: str) -> None:
    f = tmp_path / "class.yaml"
    f.write_text(text)
    _wall_clock_gone(monkeypatch)
    result = generate(load_scenario(f), time_limit=10)
    assert result.status == "unknown" and result.cut and not result.conflict
    out = run_cli(str(f), "--format", "json", "--time-limit", "10")
    assert out.returncode == EXIT_UNKNOWN
    data = json.loads(out.stdout)
    assert data["status"] == "unknown" and data["time_limit_reached"] is True
    assert data["conflict"] == [] and "conflict_note" not in data
    for lang, impossible in (("en", "No compliant calendar exists"),
                             ("fr", "Aucun calendrier conforme n'existe")):
        out = run_cli(str(f), "--time-limit", "10", "--lang", lang)
        text_out = out.stdout.decode() + out.stderr.decode()
        assert out.returncode == EXIT_UNKNOWN
        assert impossible not in text_out and "--time-limit" in text_out


def test_a_proof_of_infeasibility_still_exits_1(tmp_path: Path) -> None:
    f = tmp_path / "class.yaml"
    f.write_text(IMPOSSIBLE)
    clear_cache()
    out = run_cli(str(f), "--format", "json", "--time-limit", "300")
    data = json.loads(out.stdout)
    assert out.returncode == 1 and data["status"] == "infeasible"
    assert data["time_limit_reached"] is False


def test_an_answer_cut_by_the_wall_clock_is_marked(tmp_path: Path, monkeypatch: Any) -> None:
    f = tmp_path / "class.yaml"
    f.write_text(FEASIBLE)
    clear_cache()
    out = run_cli(str(f), "--format", "json", "--time-limit", "300")
    assert out.returncode == 0 and json.loads(out.stdout)["time_limit_reached"] is False
    # the same solves, as if each had ended on the wall clock with what it had found
    monkeypatch.setattr(sat, "_stopped_by_wall_clock", lambda solver, code: True)
    clear_cache()
    result = generate(load_scenario(f), time_limit=300)
    assert result.ok and result.cut
    out = run_cli(str(f), "--format", "json", "--time-limit", "300")
    data = json.loads(out.stdout)
    assert out.returncode == 0 and data["time_limit_reached"] is True and data["plan"]
    out = run_cli(str(f), "--time-limit", "300", "--lang", "fr")
    assert out.returncode == 0
    assert "Le temps imparti a interrompu la recherche" in out.stdout.decode()


@pytest.mark.parametrize("job", ["explain", "repair"])
def test_explain_and_repair_stopped_by_the_limit_exit_4(tmp_path: Path, monkeypatch: Any,
                                                        job: str) -> None:
    from click.testing import CliRunner

    from solver.stageplan import main

    f = tmp_path / "class.yaml"
    f.write_text(IMPOSSIBLE if job == "explain" else FEASIBLE.replace(
        "  - {id: A1}", "  - {id: A1, periods: [{from: 2026-01-05, weeks: 1}]}"))
    _wall_clock_gone(monkeypatch)
    res = CliRunner().invoke(main, [job, str(f), "--format", "json", "--time-limit", "10"])
    data = json.loads(res.stdout)
    assert res.exit_code == EXIT_UNKNOWN, res.output
    assert data["status"] == "unknown" and data["time_limit_reached"] is True
    assert not data.get("conflict")


class _FakeClock:
    """A clock of the deadline module that moves one second at every reading."""

    def __init__(self) -> None:
        self.now = 0.0

    def perf_counter(self) -> float:
        self.now += 1.0
        return self.now


def test_a_model_build_past_the_deadline_stops_and_answers_unknown(
        tmp_path: Path, monkeypatch: Any) -> None:
    """Building a large class can take longer than the whole budget: the build checks
    the deadline between rules and groups, and the job says "unknown", cut."""
    import solver.engine.clock as clock
    import solver.jobs.generate as gen
    from solver.engine.classmodel import build_class_model

    f = tmp_path / "class.yaml"
    f.write_text(FEASIBLE)
    sc = load_scenario(f)
    monkeypatch.setattr(clock, "time", _FakeClock())
    with deadline(3.5), pytest.raises(clock.OutOfTime):
        build_class_model(sc, stop_at_deadline=True)   # stops after a few checks
    with deadline(3.5):   # without the flag, the build goes on to its end
        assert build_class_model(sc).model is not None
    stopped: list[bool] = []
    real = gen._solve

    def spy(*args: Any, **kwargs: Any) -> Any:
        try:
            return real(*args, **kwargs)
        except clock.OutOfTime:
            stopped.append(True)
            raise

    monkeypatch.setattr(gen, "_solve", spy)
    clear_cache()
    result = generate(sc, time_limit=30)
    assert stopped and result.status == "unknown" and result.cut and not result.conflict
