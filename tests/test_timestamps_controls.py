"""Every writer takes what the loader takes; control characters are shown, not obeyed.

- a period's date written as a timestamp (``2026-03-02 10:00:00``), an ISO timestamp,
  a French date string or an unpadded date: ``repair --format yaml``, ``repair
  --in-place`` and ``generate`` all write a class file that loads again;
- an id holding ``ESC[2J`` and a value holding a newline: the terminal output holds no
  escape character, and the bad-input message stays on one line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from solver.core.controls import visible
from solver.load.scenario import load_scenario

CLASS = """programme: bts-ci
calendar: {zone: A, start: 2025-09-01, end: 2027-06-30}
students:
  - id: A1
    periods:
      - {from: DATE, weeks: 2, place: france}
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "solver", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


@pytest.mark.parametrize("date", ["2026-03-02 10:00:00", "2026-03-02T10:00:00Z",
                                  '"02/03/2026"', "2026-3-2"])
def test_every_writer_takes_a_timestamp_and_other_date_forms(tmp_path: Path,
                                                             date: str) -> None:
    src = tmp_path / "c.yaml"
    src.write_text(CLASS.replace("DATE", date), encoding="utf-8")
    assert load_scenario(src).students[0].periods[0].start.isoformat() == "2026-03-02"
    out = tmp_path / "out.yaml"
    done = run("repair", str(src), "--format", "yaml", "-o", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert load_scenario(out).students[0].periods
    in_place = tmp_path / "in-place.yaml"
    in_place.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    done = run("repair", str(in_place), "--in-place", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert load_scenario(in_place).students[0].periods
    gen = tmp_path / "gen.yaml"
    done = run("generate", str(src), "--format", "yaml", "-o", str(gen), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert load_scenario(gen).students[0].periods


def test_visible_escapes_what_a_terminal_would_obey() -> None:
    assert visible("A1\x1b[2J") == "A1\\x1b[2J"
    assert visible("a\nb\rc") == "a\\nb\\rc"
    assert visible("a\nb", newlines=True) == "a\nb"
    assert visible("abc\u202eexe.pdf") == "abc\\u202eexe.pdf"
    assert visible("Élodie\tN'Diaye — ok") == "Élodie\tN'Diaye — ok"


def test_terminal_output_and_one_line_errors_hold_no_control_character(
        tmp_path: Path) -> None:
    src = tmp_path / "ctl.yaml"
    src.write_text('programme: bts-ci\ncalendar: {zone: A, start: 2025-09-01, end: '
                   '2027-06-30}\nstudents:\n  - id: "A1\\e[2J"\n    name: "Bob\\rEVIL"\n'
                   '    periods:\n      - {from: 2026-03-02, weeks: 2, place: france}\n',
                   encoding="utf-8")
    done = run("verify", str(src), cwd=tmp_path)
    assert done.returncode == 1
    assert "\x1b" not in done.stdout and "\r" not in done.stdout
    # the escape is shown; the carriage return is dropped by the console itself
    assert "A1\\x1b[2J" in done.stdout and "EVIL" in done.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text('programme: bts-ci\ncalendar: {zone: A, start: 2025-09-01, end: '
                   '2027-06-30}\nstudents:\n  - id: "A1\\e[2J"\n    route: "pi\\nlote"\n',
                   encoding="utf-8")
    done = run("verify", str(bad), cwd=tmp_path)
    assert done.returncode == 2
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "pi\\nlote" in lines[0] and "\x1b" not in done.stderr
