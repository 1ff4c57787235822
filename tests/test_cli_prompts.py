"""Issue 20, small things that hurt: Ctrl-C or Ctrl-D at a prompt exits 130 with one
line (not « internal error: Abort », exit 3); ``serve`` on a busy port says so in one
line and exits 2; the prompts, the banner and the account messages are French under
``--lang fr``."""

from __future__ import annotations

import os
import pty
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from solver.stageplan import main


def _prompted(tmp_path: Path, key: bytes | None) -> tuple[int, str]:
    """``user add`` at a real terminal: wait for the password prompt, then type ``key``
    (Ctrl-D) or send SIGINT (``key`` None: what a Ctrl-C does); returns (exit, output)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "solver", "user", "add", "marie", "--role", "teacher",
         "--data", str(tmp_path / "d"), "--lang", "fr"],
        stdin=slave, stdout=slave, stderr=slave, start_new_session=True, cwd=tmp_path)
    os.close(slave)
    out = b""
    deadline = time.monotonic() + 60
    while b"Mot de passe" not in out and time.monotonic() < deadline:
        out += os.read(master, 1024)
    assert b"Mot de passe" in out, out
    if key is None:
        proc.send_signal(signal.SIGINT)
    else:
        os.write(master, key)
    code = proc.wait(timeout=60)
    try:
        while chunk := os.read(master, 1024):
            out += chunk
    except OSError:   # the terminal closes with the process
        pass
    os.close(master)
    return code, out.decode("utf-8", "replace")


@pytest.mark.parametrize("key", [b"\x04", None], ids=["ctrl-d", "ctrl-c"])
def test_a_stop_at_the_password_prompt_exits_130(tmp_path: Path, key: bytes | None) -> None:
    code, out = _prompted(tmp_path, key)
    assert code == 130, out
    assert "internal error" not in out and "Abort" not in out and "Traceback" not in out
    assert not (tmp_path / "d" / ".stageplan-users.json").exists()


def test_serve_on_a_busy_port_is_one_line_and_exit_2(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = CliRunner().invoke(main, ["serve", "--no-auth", "--host", "127.0.0.1", "--port",
                                      str(port), "--data", str(tmp_path / "d"), "--lang",
                                      "fr"])
    assert r.exit_code == 2, r.output
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and f"le port {port} est déjà utilisé" in lines[0], r.output
    assert "stageplan : http://" not in r.output   # no banner before the refusal


def test_account_messages_in_french(tmp_path: Path) -> None:
    data = str(tmp_path / "d")
    r = CliRunner().invoke(main, ["user", "add", "marie", "--role", "coordinator",
                                  "--password-stdin", "--data", data, "--lang", "fr"],
                           input="un mot de passe long\n")
    assert r.exit_code == 0 and "compte « marie » (coordinator) enregistré" in r.output
    r = CliRunner().invoke(main, ["user", "remove", "marie", "--data", data, "--lang", "fr"])
    assert r.exit_code == 0 and r.output.strip() == "stageplan : compte « marie » supprimé"


def test_generate_o_plan_yaml_writes_the_plan_with_the_keys_it_does_not_use(
        tmp_path: Path) -> None:
    """``generate -o plan.yaml`` (no --format) writes the plan file, and ``school:`` and
    ``academie:`` (read by batch reports) survive in it as they were."""
    import yaml

    from solver.load.scenario import load_scenario

    text = (Path(__file__).parent.parent / "scenarios" / "bts-ci-zone-a.yaml").read_text(
        encoding="utf-8")
    src = tmp_path / "classe.yaml"
    src.write_text("school: Lycée Baggio\nacademie: Lille\n" + text, encoding="utf-8")
    out = tmp_path / "plan.yaml"
    r = CliRunner().invoke(main, ["generate", str(src), "-o", str(out), "--time-limit", "30"])
    assert r.exit_code == 0, r.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["school"] == "Lycée Baggio" and data["academie"] == "Lille"
    from solver.jobs.verify import verify

    assert verify(load_scenario(out)).compliant   # the plan itself, not the grid


def test_a_plan_written_back_keeps_every_accepted_key() -> None:
    from solver.load.scenario import SCENARIO_FIELDS, parse_scenario

    data = {"programme": "bts-ci", "school": "Lycée Baggio", "academie": "Lille",
            "calendar": {"zone": "A", "start": "2025-09-01", "end": "2027-06-30"},
            "students": [{"id": "S01"}]}
    out = parse_scenario(data, "x.yaml").to_dict()
    assert out["school"] == "Lycée Baggio" and out["academie"] == "Lille"
    assert list(out)[:4] == ["programme", "school", "academie", "calendar"]
    assert set(out) <= set(SCENARIO_FIELDS)
