"""Issue 23: the machine contract. Every JSON the commands print carries schema_version
and validates against the JSON Schema that ``stageplan schema NAME`` prints; a broken
output does not; the bundled class files validate against the class-file schema, which
refuses a typo as the loader does; ``$schema:`` is accepted; the page's OpenAPI types the
answers with the same models."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from solver.core.errors import InputError
from solver.core.files import SCHEMA_VERSION, jsonable
from solver.io.schemas import SCHEMAS
from solver.load.scenario import load_scenario
from solver.stageplan import main

ROOT = Path(__file__).resolve().parent.parent
SC = ROOT / "scenarios"
PLAN = str(SC / "bts-ci-plan-2025-2027.yaml")
CLASS = str(SC / "bts-ci-zone-a.yaml")


def printed_schema(name: str) -> dict[str, Any]:
    res = CliRunner().invoke(main, ["schema", name])
    assert res.exit_code == 0, res.output
    return dict(json.loads(res.output))


def check(name: str, data: Any) -> None:
    validator = jsonschema.Draft202012Validator(printed_schema(name),
                                                format_checker=jsonschema.FormatChecker())
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert not errors, errors[:5]


def run_json(*args: str, codes: tuple[int, ...] = (0,)) -> dict[str, Any]:
    res = CliRunner().invoke(main, [*args, "--format", "json"])
    assert res.exit_code in codes, (res.exit_code, res.output[-2000:])
    data = json.loads(res.stdout)   # stderr (progress, notes) apart
    assert data["schema_version"] == SCHEMA_VERSION
    return dict(data)


CASES: list[tuple[str, list[str], tuple[int, ...]]] = [
    ("verify", ["verify", PLAN], (1,)),
    ("verify", ["verify", str(SC / "whatif" / "plan-derogation.yaml")], (0, 1)),
    ("generate", ["generate", CLASS, "--time-limit", "20"], (0,)),
    # planned from its start (by today its year 1 is history, which repair never edits);
    # exit 4 (stopped by --time-limit, issue 19) prints JSON of the same shape
    ("repair", ["repair", str(SC / "whatif" / "plan-no-year1-abroad.yaml"), "--time-limit",
                "5", "--alternatives", "2", "--from", "start"], (0, 4)),
    ("explain", ["explain", PLAN, "--time-limit", "5"], (0, 1, 4)),
    ("explain", ["explain", CLASS, "--time-limit", "5", "--ask",
                 "S01 abroad 2027-05-17..2027-06-11"], (0, 1, 4)),
    ("whatif", ["whatif", CLASS, "--set", "calendar.zone=C", "--time-limit", "2",
                "--executor", "serial"], (0,)),
    ("compare", ["compare", CLASS, str(SC / "bts-nrc-zone-b.yaml"), "--time-limit", "2",
                 "--executor", "serial"], (0,)),
    ("rules", ["rules", "bts-ci"], (0,)),
    ("calendar", ["calendar", "show", CLASS], (0,)),
]


@pytest.mark.parametrize("name, args, codes", CASES, ids=[f"{c[0]}-{i}" for i, c in
                                                          enumerate(CASES)])
def test_every_command_json_follows_its_schema(name: str, args: list[str],
                                               codes: tuple[int, ...]) -> None:
    check(name, run_json(*args, codes=codes))


def test_generate_without_a_calendar_and_batch_with_an_error_row(tmp_path: Path) -> None:
    impossible = tmp_path / "impossible.yaml"
    impossible.write_text("programme: bts-ci\ncalendar: {zone: A, start: 2025-09-01, "
                          "end: 2027-06-30, blocked: [{from: 2025-09-01, to: 2027-06-30, "
                          "reason: travaux}]}\nstudents: [{id: S01}]\n", encoding="utf-8")
    out = run_json("generate", str(impossible), "--time-limit", "3", codes=(1,))
    assert out["status"] != "optimal" and out["conflict"]
    check("generate", out)
    folder = tmp_path / "academie"
    folder.mkdir()
    shutil.copy(CLASS, folder)
    (folder / "broken.yaml").write_text("programme: [\n", encoding="utf-8")
    out = run_json("batch", str(folder), "--time-limit", "2", "--executor", "serial")
    assert any("error" in row for row in out["scenarios"])
    check("batch", out)


def test_a_broken_output_is_refused_by_the_schema() -> None:
    """The schemas check something: a missing field, a wrong type, a value outside the
    allowed ones are each caught (so the validation above can fail)."""
    good = run_json("verify", CLASS, codes=(1,))   # no periods yet: every student fails
    check("verify", good)
    student = good["students"][0]
    for broken in ({k: v for k, v in good.items() if k != "students"},
                   {**good, "compliant": "no"},
                   {**good, "schema_version": 1},
                   {**good, "students": [{**student, "violations": [
                       {**student["violations"][0], "severity": "fatal"}]}]}):
        with pytest.raises(AssertionError):
            check("verify", broken)


def class_files() -> list[Path]:
    out = []
    for p in sorted(SC.glob("*.yaml")) + sorted((SC / "whatif").glob("*.yaml")):
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        if "base" not in data and "changes" not in data:   # overlays have their own shape
            out.append(p)
    return out


@pytest.mark.parametrize("path", class_files(), ids=lambda p: p.name)
def test_bundled_class_files_follow_the_class_file_schema(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    check("class-file", jsonable(data))


def test_class_file_schema_refuses_a_typo_like_the_loader(tmp_path: Path) -> None:
    text = (SC / "bts-ci-zone-a.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["students"][0]["adjustmnet"] = "reduced"
    with pytest.raises(AssertionError, match="adjustmnet"):
        check("class-file", jsonable(data))
    bad = tmp_path / "typo.yaml"
    bad.write_text(yaml.safe_dump(jsonable(data), allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError, match="adjustmnet"):
        load_scenario(bad)


def test_a_class_file_may_name_its_schema(tmp_path: Path) -> None:
    schema = tmp_path / "class-file.schema.json"
    assert CliRunner().invoke(main, ["schema", "class-file", "-o", str(schema)]).exit_code == 0
    text = (SC / "bts-ci-zone-a.yaml").read_text(encoding="utf-8")
    f = tmp_path / "classe.yaml"
    f.write_text(f"$schema: ./{schema.name}\n" + text, encoding="utf-8")
    assert load_scenario(f).programme.id == "bts-ci"
    check("class-file", jsonable(yaml.safe_load(f.read_text(encoding="utf-8"))))


def test_schema_command_lists_and_refuses_unknown_names() -> None:
    res = CliRunner().invoke(main, ["schema"])
    assert res.exit_code == 0 and all(f"  {n}\n" in res.output for n in SCHEMAS)
    res = CliRunner().invoke(main, ["schema", "verfiy"])
    assert res.exit_code == 2 and "one of: class-file, verify" in res.output


def test_openapi_types_the_answers_with_the_same_models(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    from solver.web.app import create_app

    app = create_app(tmp_path / "data", time_limit=5, allowed_hosts=["testserver"])
    spec = app.openapi()
    for kind, model in (("verify", "VerifyOutput"), ("generate", "GenerateOutput"),
                        ("repair", "RepairOutput"), ("explain", "ExplainOutput"),
                        ("whatif", "WhatifOutput"), ("calendar/import",
                                                     "CalendarImportOutput")):
        ok = spec["paths"][f"/api/{kind}"]["post"]["responses"]["200"]
        assert ok["content"]["application/json"]["schema"] == \
            {"$ref": f"#/components/schemas/{model}"}, kind
    assert "schema_version" in spec["components"]["schemas"]["VerifyOutput"]["required"]
