"""Reading and writing at the checker's speed (issue 19, item 6): the fast paths give what
the slow ones gave. A large class file read by libyaml and the direct builder loads the
same scenario as the line-tracking loader; an error deep in it still names its file,
line and field (exit 2); the JSON writer is ``json.dumps(..., indent=2)`` byte for byte;
``whole_weeks``'s one walk finds what its day-by-day check found. Correctness only: the
timings are in benchmarks/scale_bench.py."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import solver.core.yamlload as Y
from solver.core.errors import InputError
from solver.core.files import dumps_json, jsonable
from solver.io.render.verify_out import verify_json
from solver.jobs.verify import verify
from solver.load.scenario import load_scenario
from solver.stageplan import main

ROOT = Path(__file__).resolve().parent.parent
START = dt.date(2025, 9, 1)


def big_class(n: int = 600, seed: int = 3) -> dict[str, Any]:
    """A class of ``n`` plausible CI plans (the shape of scale_bench's verify1000)."""
    rng = random.Random(seed)
    students = []
    for i in range(n):
        abroad = START + dt.timedelta(days=7 * rng.randint(20, 42))
        france = START + dt.timedelta(days=7 * rng.randint(70, 80))
        periods: list[dict[str, Any]] = [
            {"from": abroad.isoformat(), "weeks": rng.choice([3, 4, 5, 6]),
             "place": "abroad", "country": rng.choice(["DE", "ES", "GB", "IT", "NO"])},
            {"from": france.isoformat(), "weeks": rng.randint(8, 13), "place": "france"}]
        if rng.random() < 0.3:
            periods.append({"from": (france + dt.timedelta(days=7 * rng.randint(14, 18))
                                     ).isoformat(), "weeks": rng.randint(1, 3)})
        students.append({"id": f"S{i:04d}", "periods": periods})
    return {"programme": "bts-ci",
            "calendar": {"zone": "A", "start": START.isoformat(), "end": "2027-06-30",
                         "blocked": [{"from": "2027-05-10", "to": "2027-05-21"}]},
            "students": students}


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "class.yaml"
    path.write_text(yaml.safe_dump(big_class(), sort_keys=False), encoding="utf-8")
    return path


def _slow_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Y, "_CParser", None)   # the line-tracking loader alone


def test_fast_and_slow_reading_load_the_same_class(big_file: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    fast = load_scenario(big_file)
    fast_out = dumps_json(verify_json(verify(fast), "fr"))
    _slow_loader(monkeypatch)
    slow = load_scenario(big_file)
    assert [(s.id, s.periods, s.line) for s in fast.students] == \
        [(s.id, s.periods, s.line) for s in slow.students]
    assert fast.calendar == slow.calendar
    assert dumps_json(verify_json(verify(slow), "fr")) == fast_out


@pytest.mark.parametrize(("bad", "field", "words"), [
    ("2027-02-30", "from", "is not a real date"),
    ("never", "from", ""),
])
def test_an_error_deep_in_a_big_file_names_its_line_and_field(
        big_file: Path, tmp_path: Path, bad: str, field: str, words: str) -> None:
    lines = big_file.read_text(encoding="utf-8").splitlines()
    at = [i for i, line in enumerate(lines) if line.strip().startswith("- from:")][1000]
    indent = lines[at][:lines[at].index("- from:")]
    lines[at] = f"{indent}- from: {bad}"
    path = tmp_path / "bad.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_scenario(path)
    assert exc.value.line == at + 1
    assert re.fullmatch(rf"students\[\d+\]\.periods\[\d\]\.{field}", exc.value.field or "")
    res = CliRunner().invoke(main, ["verify", str(path), "--format", "json", "--lang", "en"])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert f"bad.yaml:{at + 1}" in res.stderr and words in res.stderr


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text()
    | st.dates() | st.datetimes(),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=5) | st.integers(), inner, max_size=4),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_the_json_writer_is_json_dumps_byte_for_byte(value: Any) -> None:
    assert dumps_json(value) == json.dumps(jsonable(value), ensure_ascii=False,
                                           indent=2) + "\n"


def test_the_json_writer_on_a_verify_report(big_file: Path) -> None:
    data = verify_json(verify(load_scenario(big_file)), "en")
    assert dumps_json(data) == json.dumps(jsonable(data), ensure_ascii=False, indent=2) + "\n"


def test_the_json_writer_refuses_what_json_refuses() -> None:
    with pytest.raises(TypeError):
        dumps_json({"a": object()})


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 480), st.integers(1, 60)), min_size=1, max_size=6),
       st.lists(st.tuples(st.integers(0, 480), st.integers(1, 15)), max_size=2))
def test_whole_weeks_walk_finds_what_the_day_by_day_check_found(
        runs: list[tuple[int, int]], locks: list[tuple[int, int]]) -> None:
    from solver.core.model import Period
    from solver.core.plan import StudentPlan, merge
    from solver.rules.shape import WholeWeeks, locked_runs

    scenario = _scenario()
    cal = scenario.calendar
    rule = next(r for r in scenario.rules if isinstance(r, WholeWeeks))
    on = merge(sorted((lo, min(lo + k, cal.n - 1)) for lo, k in runs if lo < cal.n))
    periods = [Period(cal.days[lo], cal.days[min(lo + k, cal.n - 1)], locked=True)
               for lo, k in locks if lo < cal.n]
    student = dataclasses.replace(scenario.students[0], periods=periods)
    got = rule.checker(cal)(student, StudentPlan(on, []))

    # the day-by-day check it replaces
    locked = locked_runs(student, cal)
    expected: list[tuple[str, dict[str, Any]]] = []
    for part in rule.parts(cal, locked):
        hit = [i for i in part if any(a <= i <= b for a, b in on)]
        if hit and len(hit) < len(part):
            expected = [("whole_weeks.partial", {"days": len(hit), "of": len(part),
                                                 "from": cal.days[part[0]],
                                                 "to": cal.days[part[-1]]})]
            break
    assert got == expected


_SCENARIO: list[Any] = []


def _scenario() -> Any:
    if not _SCENARIO:
        _SCENARIO.append(load_scenario(ROOT / "scenarios" / "bts-ci-plan-2025-2027.yaml"))
    return _SCENARIO[0]
