"""Issue 23: the documentation builds with ``mkdocs build --strict`` (a broken link or a
missing page fails), the published schemas are the ones ``stageplan schema`` prints,
and the README stays a front page that links to what moved into docs/."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from solver.io.schemas import SCHEMAS, json_schema

ROOT = Path(__file__).resolve().parent.parent


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs", reason="mkdocs-material comes with the test extra")
    pytest.importorskip("material", reason="mkdocs-material comes with the test extra")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                           "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site")],
                          capture_output=True, text=True, timeout=300, cwd=ROOT,
                          env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-3000:]
    site = tmp_path / "site"
    assert (site / "guide" / "coordinateurs" / "index.html").is_file()
    api = (site / "reference" / "api" / "index.html").read_text(encoding="utf-8")
    assert "import_class_list" in api and "decode_text" in api   # mkdocstrings rendered
    for name in SCHEMAS:
        if name != "compare":
            assert (site / "schemas" / f"{name}.json").is_file()


@pytest.mark.parametrize("name", [n for n in SCHEMAS if n != "compare"])
def test_published_schemas_are_the_printed_ones(name: str) -> None:
    """docs/schemas/ holds what ``stageplan schema NAME`` prints (regenerate with
    ``for n in ...; do stageplan schema $n -o docs/schemas/$n.json; done``)."""
    published = json.loads((ROOT / "docs" / "schemas" / f"{name}.json").read_text("utf-8"))
    assert published == json.loads(json.dumps(json_schema(name))), \
        f"docs/schemas/{name}.json is stale: stageplan schema {name} -o docs/schemas/{name}.json"


def test_readme_is_a_front_page_whose_links_resolve() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme) < 8000
    assert "python3 -m venv v && v/bin/pip install . && v/bin/stageplan generate " \
           "scenarios/bts-ci-zone-a.yaml" in readme and "bash scripts/test.sh" in readme
    assert "constraints.txt" in readme
    links = re.findall(r"\]\((docs/[^)#]+)", readme)
    assert len(links) >= 10
    missing = [link for link in links if not (ROOT / link).is_file()]
    assert not missing
    # the measured figures moved with the tests and benchmarks, not away
    assert "plans/s" in (ROOT / "docs" / "reference" / "tests-benchmarks.md").read_text("utf-8")
