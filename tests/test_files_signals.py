"""Files and signals like a Unix tool (issue 13, item 8).

Output modes follow the umask (and a replaced file keeps its own, ``--in-place`` too),
``-o`` onto an existing file says so, write errors (full disk, no permission) are one
clear message with exit 2 and leave nothing behind, and Ctrl-C stops a running solve
within a moment with exit 130, no output and no conclusion it did not reach.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT
from ortools.sat.python import cp_model

from solver.core import files as common
from solver.engine.sat import InterruptibleSolver
from solver.stageplan import main

PLAN = ROOT / "scenarios" / "bts-ci-plan-2025-2027.yaml"
CLASS_35 = ROOT / "scenarios" / "whatif" / "bts-ci-class-35.yaml"


def run(*args: str) -> tuple[int, str, str]:
    res = CliRunner().invoke(main, [*args])
    assert res.exception is None or isinstance(res.exception, SystemExit), \
        f"uncaught {res.exception!r}"
    return res.exit_code, res.stdout, res.stderr


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_new_output_takes_the_umask_mode(tmp_path: Path, umask: None, mask: int,
                                         expected: int) -> None:
    os.umask(mask)
    out = tmp_path / "report.json"
    code, _, err = run("verify", str(PLAN), "--format", "json", "-o", str(out))
    assert code == 1 and out.exists()
    assert mode(out) == expected, oct(mode(out))
    assert "existed" not in err


def test_replaced_output_keeps_its_mode_and_says_so(tmp_path: Path, umask: None) -> None:
    out = tmp_path / "report.txt"
    out.write_text("old\n")
    out.chmod(0o640)
    code, _, err = run("verify", str(PLAN), "-o", str(out), "--lang", "en")
    assert code == 1 and out.read_text() != "old\n"
    assert mode(out) == 0o640
    assert f"{out} already existed; it was replaced" in err
    code, _, err = run("verify", str(PLAN), "-o", str(out), "--lang", "fr")
    assert "existait déjà" in err


def test_output_through_a_symlink_replaces_the_file_it_names(tmp_path: Path,
                                                             umask: None) -> None:
    real = tmp_path / "real.json"
    real.write_text("{}\n")
    real.chmod(0o604)
    link = tmp_path / "link.json"
    link.symlink_to(real.name)
    run("verify", str(PLAN), "--format", "json", "-o", str(link))
    assert link.is_symlink() and '"students"' in real.read_text()
    assert mode(real) == 0o604


def test_in_place_keeps_the_input_mode_without_a_notice(tmp_path: Path, umask: None) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copy(PLAN, plan)
    plan.chmod(0o664)
    # planned from its start: by today (issue 18's default --from) its past is history
    code, _, err = run("repair", str(plan), "--in-place", "--time-limit", "20", "--lang", "en",
                       "--from", "start")
    assert code == 0
    assert plan.read_text() != PLAN.read_text()
    assert mode(plan) == 0o664
    assert "existed" not in err
    assert [p.name for p in tmp_path.iterdir()] == ["plan.yaml"]   # no temporary left


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_output_to_dev_full_is_a_clear_error(tmp_path: Path) -> None:
    code, _, err = run("verify", str(PLAN), "-o", "/dev/full", "--lang", "en")
    assert code == 2
    assert "Cannot write" in err and "the disk is full" in err and "/dev/full" in err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)   # written through, never replaced


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", [["verify", str(PLAN)],
                                  ["verify", str(PLAN), "--format", "json", "--lang", "fr"]])
def test_stdout_to_dev_full_is_a_clear_error(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        out = subprocess.run([sys.executable, "-m", "solver", *args], cwd=ROOT, stdout=full,
                             stderr=subprocess.PIPE, text=True, timeout=120)
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr and "internal error" not in out.stderr
    assert re.search("disk is full|disque est plein", out.stderr)


def test_disk_full_during_the_write_leaves_the_old_file(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    out = tmp_path / "plan.yaml"
    out.write_text("previous version\n")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    src = tmp_path / "classe.yaml"
    src.write_text(PLAN.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(common.os, "fsync", full)
    code, _, err = run("repair", str(src), "--format", "yaml", "-o", str(out),
                       "--time-limit", "10", "--lang", "fr")
    assert code == 2
    assert "Écriture impossible" in err and "le disque est plein" in err
    assert "internal error" not in err
    assert out.read_text() == "previous version\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["classe.yaml", "plan.yaml"]


def test_read_only_folder_is_a_clear_error(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", denied)   # imported by write_atomic
    code, _, err = run("verify", str(PLAN), "-o", str(tmp_path / "x.txt"), "--lang", "en")
    assert code == 2 and "permission denied" in err and "x.txt" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_really_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        code, _, err = run("verify", str(PLAN), "-o", str(folder / "x.txt"), "--lang", "en")
    finally:
        folder.chmod(0o755)
    assert code == 2 and "permission denied" in err


# ---- Ctrl-C ------------------------------------------------------------------------------

def hard_model() -> cp_model.CpModel:
    """Pigeonhole, 60 pigeons in 59 holes: CP-SAT without presolve takes far longer than
    this test waits."""
    m = cp_model.CpModel()
    x = [[m.new_bool_var(f"p{i}h{j}") for j in range(59)] for i in range(60)]
    for row in x:
        m.add_exactly_one(row)
    for j in range(59):
        m.add_at_most_one(x[i][j] for i in range(60))
    return m


def test_sigint_stops_a_solve_in_process() -> None:
    solver = InterruptibleSolver()
    solver.parameters.num_workers = 1
    solver.parameters.cp_model_presolve = False
    solver.parameters.symmetry_level = 0
    solver.parameters.max_time_in_seconds = 60
    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    sent: list[float] = []

    def interrupt() -> None:
        sent.append(time.monotonic())
        os.kill(os.getpid(), signal.SIGINT)

    timer = threading.Timer(1.0, interrupt)
    try:
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            solver.solve(hard_model())
        stopped = time.monotonic()
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, old)
    assert sent and stopped - sent[0] < 3.0   # about 0.1 s on a quiet machine


def test_every_solver_is_interruptible() -> None:
    """A plain CpSolver would catch SIGINT itself and report a search it never finished."""
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "solver").rglob("*.py")
                 if p.name != "sat.py" and "CpSolver()" in p.read_text(encoding="utf-8")]
    assert offenders == []


def interrupt_cli(tmp_path: Path, *args: str) -> tuple[int, str, float]:
    out = tmp_path / "out.yaml"
    env = dict(os.environ, STAGEPLAN_TRACE_SOLVES="1", STAGEPLAN_LANG="en")
    proc = subprocess.Popen(
        [sys.executable, "-m", "solver", *args, "--format", "yaml", "-o", str(out)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # a test run in the background may inherit an ignored SIGINT: give it back
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline()        # printed as the first CP-SAT solve starts
        assert "solve started" in first, first
        time.sleep(0.5)
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        elapsed = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert not out.exists(), "an interrupted command wrote its output"
    return proc.returncode, err, elapsed


@pytest.mark.parametrize("job, extra", [("generate", ["--separate-windows"]),
                                        ("repair", [])])
def test_ctrl_c_stops_a_long_solve(tmp_path: Path, job: str, extra: list[str]) -> None:
    # both run for minutes when left alone (120 s budget)
    code, err, elapsed = interrupt_cli(tmp_path, job, str(CLASS_35), *extra,
                                       "--time-limit", "120")
    assert code == 130, err
    assert "Interrupted (Ctrl-C)" in err
    for conclusion in ("no compliant", "NO compliant", "impossible", "not proven", "found"):
        assert conclusion not in err.replace("stageplan: solve started", ""), err
    assert elapsed < 5.0, elapsed   # under 0.5 s on a quiet machine


def test_stop_running_solves_interrupts_without_a_signal() -> None:
    from solver.engine.sat import SolveInterrupted, stop_running_solves

    solver = InterruptibleSolver()
    solver.parameters.num_workers = 1
    solver.parameters.cp_model_presolve = False
    solver.parameters.symmetry_level = 0
    solver.parameters.max_time_in_seconds = 60
    timer = threading.Timer(1.0, stop_running_solves)
    start = time.monotonic()
    try:
        timer.start()
        with pytest.raises(SolveInterrupted):   # never a status of the stopped search
            solver.solve(hard_model())
    finally:
        timer.cancel()
    assert time.monotonic() - start < 4.0
    trivial = cp_model.CpModel()
    trivial.new_bool_var("x")
    assert solver.solve(trivial) == cp_model.OPTIMAL   # the next solve is not cancelled
