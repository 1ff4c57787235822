"""Start-up (issue 19): OR-Tools (and pandas, which it imports) only where a model is
solved. ``--help``, ``models``, ``rules`` and a plain ``verify`` import neither, and the
commands imported on first use are listed by ``--help`` as they would be once imported.
A correctness property, checked in a fresh process (sys.modules); timings live in
benchmarks/scale_bench.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from solver.stageplan import main

ROOT = Path(__file__).resolve().parent.parent
PLAN = str(ROOT / "scenarios" / "bts-ci-plan-2025-2027.yaml")

PROBE = """
import sys
from solver.stageplan import main
try:
    main.main(args=sys.argv[1:], prog_name="stageplan")
except SystemExit:
    pass
heavy = [m for m in ("ortools", "pandas", "dask", "distributed") if m in sys.modules]
print("HEAVY=" + repr(heavy), file=sys.stderr)
"""


def _heavy(*args: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True,
                         text=True, cwd=ROOT, timeout=120)
    line = [x for x in out.stderr.splitlines() if x.startswith("HEAVY=")]
    assert line, out.stderr
    heavy: list[str] = eval(line[0][len("HEAVY="):])   # noqa: S307 (our own repr)
    return heavy


@pytest.mark.parametrize("args", [["--help"], ["--lang", "fr", "--help"], ["models"],
                                  ["rules", "bts-ci"], ["verify", PLAN],
                                  ["verify", PLAN, "--format", "json"]],
                         ids=lambda a: " ".join(a).replace(PLAN, "PLAN"))
def test_light_commands_import_no_solver(args: list[str]) -> None:
    assert _heavy(*args) == []


def test_a_solving_command_still_imports_its_solver() -> None:
    # the probe sees what a command imports: generate needs OR-Tools, never pandas
    # (which OR-Tools imports for helpers stageplan does not use: solver/core/lean_import.py)
    heavy = _heavy("generate", PLAN, "--time-limit", "5", "--format", "json")
    assert "ortools" in heavy and "pandas" not in heavy


def test_verify_cp_sat_engine_still_works() -> None:
    res = CliRunner().invoke(main, ["verify", PLAN, "--engine", "cp-sat", "--format", "json"])
    plain = CliRunner().invoke(main, ["verify", PLAN, "--format", "json"])
    assert res.exit_code == plain.exit_code == 1
    def verdicts(out: str) -> list[tuple[str, bool]]:
        return [(s["id"], s["compliant"]) for s in json.loads(out)["students"]]

    assert verdicts(res.stdout) == verdicts(plain.stdout)


LOADED = """
import sys
import click
from solver.stageplan import main
ctx = click.Context(main)
for name in main.list_commands(ctx):   # every command imported first
    assert main.get_command(ctx, name) is not None
main.main(sys.argv[1:], prog_name="python -m solver")
"""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_help_lists_lazy_commands_as_they_are_once_imported(lang: str) -> None:
    def help_of(*cmd: str) -> str:
        return subprocess.run([sys.executable, *cmd, "--lang", lang, "--help"],
                              capture_output=True, text=True, cwd=ROOT, timeout=120).stdout

    fresh = help_of("-m", "solver")
    assert fresh == help_of("-c", LOADED) and "generate" in fresh and "calendar" in fresh


def test_holiday_days_are_the_packages_own() -> None:
    # read from the package's CSV without its strptime per row: the same days and rows
    import datetime as dt

    from vacances_scolaires_france import SchoolHolidayDates

    from solver.core.calendar import _zone_rows, zone_data_range, zone_holidays

    theirs = SchoolHolidayDates().data
    ours = {dt.date.fromisoformat(day): {
        "date": dt.date.fromisoformat(day), "vacances_zone_a": a, "vacances_zone_b": b,
        "vacances_zone_c": c, "nom_vacances": name} for day, a, b, c, name in _zone_rows()}
    assert ours == theirs
    assert zone_data_range() == (min(theirs), max(theirs))
    # zone_holidays reads only the days of its years: the spans of the whole data
    for zone in "ABC":
        key = f"vacances_zone_{zone.lower()}"
        days = sorted(d for d, row in theirs.items() if row[key])
        spans = zone_holidays(zone, days[0] + dt.timedelta(days=90),
                              days[-1] - dt.timedelta(days=90))
        covered = {s.start + dt.timedelta(days=k): s.label for s in spans
                   for k in range(s.n_days)}
        inside = {d: str(theirs[d]["nom_vacances"]) for d in days
                  if spans[0].start <= d <= spans[-1].end}
        assert covered == inside


def test_public_holidays_are_those_of_the_holidays_package() -> None:
    # computed here for the years OWN_PUBLIC_YEARS (no import of holidays): the same
    # days and names as holidays.France, a day with two holidays included (2008)
    import datetime as dt

    import holidays

    from solver.core.calendar import OWN_PUBLIC_YEARS, public_holidays

    for first in OWN_PUBLIC_YEARS:
        years = tuple(y for y in (first, first + 1, first + 2) if y in OWN_PUBLIC_YEARS)
        theirs = holidays.France(years=list(years), language="fr")
        assert public_holidays(years) == {d: str(n) for d, n in theirs.items()}, years
    assert public_holidays((2008,))[dt.date(2008, 5, 1)] == "Ascension; Fête du Travail"


def _python(code: str) -> str:
    """What ``code`` prints, run in a fresh interpreter (it must exit 0)."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_the_pandas_helpers_of_cp_model_still_work() -> None:
    """pandas is imported at the first use of a helper that needs it."""
    code = ("import sys, solver\n"
            "from ortools.sat.python import cp_model\n"
            "assert 'pandas' not in sys.modules\n"
            "import pandas as pd\n"
            "m = cp_model.CpModel()\n"
            "xs = m.new_bool_var_series('x', pd.Index(range(3)))\n"
            "m.add(xs.sum() == 2)\n"
            "s = cp_model.CpSolver()\n"
            "assert s.solve(m) == cp_model.OPTIMAL\n"
            "print(int(s.boolean_values(xs).sum()))\n")
    assert _python(code) == "2"


def test_an_ortools_needing_more_of_pandas_at_import_gets_the_real_one() -> None:
    """Where the placeholder falls short (a newer OR-Tools using pandas at import),
    cp_model is imported the ordinary way, with pandas, rather than failing."""
    code = ("import sys, types, solver\n"
            "from solver.core import lean_import\n"
            "lean_import._placeholder = lambda: types.ModuleType('pandas')\n"
            "from ortools.sat.python import cp_model\n"
            "assert 'pandas' in sys.modules\n"
            "assert not isinstance(cp_model.pd, lean_import._LazyPandas)\n"
            "m = cp_model.CpModel(); x = m.new_bool_var('x'); m.add(x == 1)\n"
            "print(cp_model.CpSolver().solve(m) == cp_model.OPTIMAL)\n")
    assert _python(code) == "True"
