"""The fuzz inputs of issue 13 as a regression corpus: each is bad input everywhere.

Every case goes through the command line (exit 2, one line naming the file, never a
traceback or exit 3) and through the web API (422 with the same message), since both
read files with the same loader. Plus the cases that must be *accepted* (an emoji
escaped as ``json.dumps`` writes it), the size and file-type checks made before
reading, and the overlap count of many periods in linear memory.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
import time
import tracemalloc
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from solver.core.plan import normalise, overlaps
from solver.core.yamlload import MAX_VALUES
from solver.load.scenario import load_scenario
from solver.stageplan import main

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from solver.web.app import create_app
from solver.web.auth import Accounts

HEAD = "programme: bts-ci\ncalendar: {zone: A, start: 2025-09-01, end: 2027-06-30}\n"
ONE_STUDENT = "students:\n  - id: S01\n"


def policy(line: str) -> str:
    return HEAD + "policy:\n  - " + line + "\n" + ONE_STUDENT


def alias_bomb() -> str:
    # nine levels of nine aliases under a policy description: 9**9 values once expanded
    lines = ['        a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        lines.append(f"        a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return (HEAD + "policy:\n  - id: erasmus-capacity\n    kind: max_abroad_per_week\n"
            "    max: 3\n    description:\n" + "\n".join(lines) + "\n" + ONE_STUDENT)


def text_bomb() -> str:
    # few values but a long text repeated through aliases: gigabytes once written out
    return (HEAD + "label: &t \"" + "x" * 1_000_000 + "\"\n"
            "policy:\n  - {kind: max_abroad_per_week, max: 3, description: ["
            + ", ".join(["*t"] * 30) + "]}\n" + ONE_STUDENT)


# (name, suffix, content, words the message must contain (lower case), line or None)
CORPUS: list[tuple[str, str, str, list[str], int | None]] = [
    ("nested-yaml", ".yaml", HEAD + "students: " + "[" * 247 + "]" * 247 + "\n",
     ["nested", "50 levels"], 3),
    ("nested-json", ".json", '{"programme": "bts-ci",\n "students": '
     + "[" * 247 + "]" * 247 + "}\n", ["nested"], 2),
    ("nested-mappings", ".yaml", HEAD + "label: " + "{a: " * 300 + "1" + "}" * 300 + "\n",
     ["nested"], 3),
    ("int-5000-digits", ".yaml", policy("{kind: max_abroad_per_week, max: " + "9" * 5000
                                        + "}"), ["5000 characters", "field 'policy[0].max'"], 4),
    ("int-5000-digits-json", ".json", '{"programme": "bts-ci", "calendar": {"zone": "A",'
     ' "start": "2025-09-01", "end": "2027-06-30"},\n "policy": [{"kind": '
     '"max_abroad_per_week", "max": ' + "1" * 5000 + "}], \"students\": []}\n",
     ["far too large"], 2),
    ("year-9999-calendar", ".yaml", "programme: bts-ci\ncalendar: {zone: A, start: "
     "9999-09-01, end: 9999-12-31}\nstudents: []\n", ["9999-09-01", "2000 to 2100",
                                                       "calendar.start"], 2),
    ("year-9999-period", ".yaml", HEAD + "students:\n  - id: S01\n    periods:\n"
     "      - {from: 9999-12-27, weeks: 4}\n", ["9999-12-27", "periods[0].from"], 6),
    ("year-9999-json", ".json", '{"programme": "bts-ci", "calendar": {"zone": "A", '
     '"start": "2025-09-01", "end": "9999-12-31"}, "students": []}\n',
     ["9999-12-31", "calendar.end"], 1),
    ("year-1900-blocked", ".yaml", HEAD.replace("}", ", blocked: [{from: 1900-01-01, "
                                                "to: 1900-01-05}]}") + "students: []\n",
     ["1900-01-01", "from"], 2),
    ("nan-parameter", ".yaml", policy("{kind: max_abroad_per_week, max: .nan}"),
     [".nan", "finite", "field 'policy[0].max'"], 4),
    ("inf-parameter", ".yaml", policy("{kind: holiday_cap, max: .inf}"),
     [".inf", "finite"], 4),
    ("minus-inf-weight", ".yaml", policy("{kind: max_abroad_per_week, max: 3, "
                                         "weight: -.inf}"), ["finite"], 4),
    ("nan-json", ".json", '{"programme": "bts-ci", "calendar": {"zone": "A", "start": '
     '"2025-09-01", "end": "2027-06-30"},\n "policy": [{"kind": "holiday_cap", '
     '"max": NaN}], "students": []}\n', ["policy[0].max", "number"], 2),
    ("max-1e30", ".yaml", policy("{id: cap, kind: max_abroad_per_week, max: 1.0e+30}"),
     ["policy[0].max", "at most 1000000", "1e+30"], 4),
    ("hours-cap-1e30", ".yaml", policy("{kind: holiday_cap, max: 1.0e+30}"),
     ["policy[0].max", "at most"], 4),
    ("weight-1e30", ".yaml", policy("{kind: max_abroad_per_week, max: 3, weight: 1.0e+30}"),
     ["weight", "at most"], 4),
    ("lone-surrogate-yaml", ".yaml", HEAD + 'label: "\\ud83d"\nstudents: []\n',
     ["\\ud83d", "lone surrogate", "label"], 3),
    ("lone-surrogate-json", ".json", '{"programme": "bts-ci",\n "label": "\\ude00 x",'
     ' "students": []}\n', ["\\ude00", "surrogate"], 2),
    ("reversed-surrogates", ".json", '{"programme": "bts-ci",\n "label": "\\ude00\\ud83d",'
     ' "students": []}\n', ["surrogate"], 2),
    ("surrogate-in-key", ".yaml", HEAD + '"\\udc00": 1\nstudents: []\n',
     ["surrogate"], 3),
    ("alias-bomb-description", ".yaml", alias_bomb(), [f"more than {MAX_VALUES} values",
                                                       "aliases"], None),
    ("alias-bomb-text", ".yaml", text_bomb(), ["characters of text", "aliases"], None),
]


def run_cli(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, [*args, "--lang", "en"])
    assert res.exception is None or isinstance(res.exception, SystemExit), \
        f"uncaught {res.exception!r}"
    return res.exit_code, res.output + (res.stderr if res.stderr_bytes is not None else "")


def write(tmp_path: Path, name: str, suffix: str, content: str) -> Path:
    path = tmp_path / f"{name}{suffix}"
    path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize("name, suffix, content, words, line", CORPUS,
                         ids=[c[0] for c in CORPUS])
def test_cli_says_bad_input(tmp_path: Path, name: str, suffix: str, content: str,
                            words: list[str], line: int | None) -> None:
    path = write(tmp_path, name, suffix, content)
    code, out = run_cli("verify", str(path))
    assert code == 2, out
    assert "Traceback" not in out and "internal error" not in out
    low = out.lower()
    assert path.name in out
    for word in words:
        assert word.lower() in low, f"{word!r} not in {out!r}"
    if line is not None:
        assert f"{path.name}:{line}" in out, out


def test_generate_with_an_alias_bomb_writes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "bomb", ".yaml", alias_bomb())
    out = tmp_path / "plan.yaml"
    code, text = run_cli("generate", str(path), "--format", "yaml", "-o", str(out))
    assert code == 2 and "values" in text
    assert not out.exists()


PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A coordinator logged in through the login form, sending the session's CSRF token
    as the page's script does."""
    data = tmp_path_factory.mktemp("web") / "data"
    Accounts(data).add("coord", "coordinator", PASSWORD)
    app = create_app(data, time_limit=10, allowed_hosts=["testserver"])
    c = TestClient(app)
    form = c.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token, form.text[:300]
    r = c.post("/login", data={"username": "coord", "password": PASSWORD,
                               "csrf_token": token.group(1), "next": "/"},
               follow_redirects=False)
    assert r.status_code == 303, r.text[:300]
    meta = re.search(r'<meta name="csrf-token" content="([^"]+)"', c.get("/").text)
    assert meta
    c.headers["X-CSRF-Token"] = meta.group(1)
    yield c
    app.state.jobs.shutdown()


@pytest.mark.parametrize("name, suffix, content, words, line",
                         [c for c in CORPUS if len(c[2]) < 1024 * 1024],
                         ids=[c[0] for c in CORPUS if len(c[2]) < 1024 * 1024])
def test_web_says_bad_input(client: TestClient, name: str, suffix: str, content: str,
                            words: list[str], line: int | None) -> None:
    r = client.post("/api/verify?lang=en", content=content.encode("utf-8"),
                    headers={"content-type": "application/yaml"})
    assert r.status_code == 422, r.text
    message = r.json()["error"].lower()
    for word in words:
        if "." not in word and "[" not in word:   # the field path is in its own key
            assert word.lower() in message or word.lower() in str(r.json()).lower(), r.text


EMOJI = json.dumps({"programme": "bts-ci", "label": "Classe 😀",
                    "calendar": {"zone": "A", "start": "2025-09-01", "end": "2027-06-30"},
                    "students": [{"id": "S01", "name": "Zoé 😀", "periods": [
                        {"from": "2026-05-18", "weeks": 6, "place": "abroad",
                         "country": "DE"},
                        {"from": "2027-01-04", "weeks": 8, "place": "france"}]}]})


def test_escaped_emoji_json_is_an_ordinary_file(tmp_path: Path) -> None:
    assert "\\ud83d\\ude00" in EMOJI   # as json.dumps writes it (ensure_ascii)
    path = write(tmp_path, "emoji", ".json", EMOJI)
    code, out = run_cli("verify", str(path))
    assert code == 0, out
    assert "Zoé 😀" in out
    out_file = tmp_path / "plan.yaml"
    code, _ = run_cli("repair", str(path), "--format", "yaml", "-o", str(out_file))
    assert code == 0
    again = load_scenario(out_file)   # the written plan reads back with its emoji
    assert again.label == "Classe 😀" and again.students[0].name == "Zoé 😀"


def test_escaped_emoji_upload_keeps_the_home_page_up(client: TestClient) -> None:
    r = client.post("/upload", files={"file": ("emoji.json", EMOJI.encode())},
                    data={"name": "emoji"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    home = client.get("/")
    assert home.status_code == 200 and "Classe 😀" in home.text
    page = client.get(r.headers["location"])
    assert page.status_code == 200 and "Zoé 😀" in page.text


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:   # sparse: 1 GiB that takes no disk
        fh.truncate(1024 ** 3)
    start = time.perf_counter()
    code, out = run_cli("verify", str(big))
    assert code == 2 and "larger than 5 MiB" in out
    assert time.perf_counter() - start < 5   # reading 1 GiB alone takes longer here


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_and_devices_are_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "class.yaml"
    os.mkfifo(fifo)
    for target in (fifo, Path("/dev/zero")):
        out = subprocess.run([sys.executable, "-m", "solver", "verify", str(target)],
                             cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert out.returncode == 2, out.stderr
        assert "not a regular file" in out.stderr and "Traceback" not in out.stderr


def test_cli_applies_the_web_value_cap(tmp_path: Path) -> None:
    # one period of 20 fields reused through an alias, more times than the web accepts
    fields = ", ".join(f"k{i}: {i}" for i in range(20))
    n = MAX_VALUES // 21 + 10
    path = write(tmp_path, "many", ".yaml", HEAD + f"x: &p {{{fields}}}\nstudents:\n"
                 "  - id: S01\n    periods:\n" + "      - *p\n" * n)
    code, out = run_cli("verify", str(path))
    assert code == 2 and f"more than {MAX_VALUES} values" in out, out


# ---- overlapping periods in linear memory --------------------------------------------------

def brute_overlaps(spans: list[tuple[int, int]]) -> tuple[int, tuple[int, int] | None]:
    days = {d for i, (a, b) in enumerate(spans) for d in range(a, b + 1)
            if any(j != i and c <= d <= e for j, (c, e) in enumerate(spans))}
    pairs = [(i, j) for i in range(len(spans)) for j in range(i + 1, len(spans))
             if max(spans[i][0], spans[j][0]) <= min(spans[i][1], spans[j][1])]
    return len(days), (pairs[0] if pairs else None)


def test_overlap_sweep_equals_brute_force() -> None:
    rng = random.Random(13)
    for _ in range(400):
        spans = []
        for _ in range(rng.randint(0, 9)):
            a = rng.randint(0, 40)
            spans.append((a, a + rng.randint(-3, 12)))   # some empty (hi < lo)
        assert overlaps(spans) == brute_overlaps(spans), spans


def test_ten_thousand_overlapping_periods_in_linear_memory() -> None:
    from test_checker_perf_semantics import CAL

    start = dt.date(2026, 1, 5)
    periods = [(start + dt.timedelta(days=7 * (i % 5)), start + dt.timedelta(days=140),
                False, None) for i in range(10_000)]
    t0 = time.perf_counter()
    normalise(periods, CAL)
    elapsed = time.perf_counter() - t0   # the pairwise loop took minutes
    tracemalloc.start()
    plan = normalise(periods, CAL)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert plan.overlap_pairs == [(0, 1)]
    # period 5 is period 0 again: every day of period 0 is claimed twice
    last = (start + dt.timedelta(days=140)).toordinal()
    assert plan.overlap_days == sum(1 for d in CAL.ordinals
                                    if start.toordinal() <= d <= last) > 80
    assert peak < 20 * 1024 * 1024, peak   # all pairs would be 50 million tuples
    assert elapsed < 5


@pytest.mark.parametrize("body, needle", [
    ('{"scenario": "x", "a": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested"),
    ('{"scenario": "x", "a": ' + "[" * 60 + "]" * 60 + "}", "nested"),
    ('{"scenario": "programme: bts-ci", "lang": NaN}', "finite"),
    ('{"scenario": "\\ud83d"}', "lone surrogate"),
    ('{"scenario": 1' + "0" * 5000 + "}", "far too large"),
    ('{"scenario": "x"', "not valid JSON"),
])
def test_web_json_envelope_is_bounded_too(client: TestClient, body: str, needle: str) -> None:
    r = client.post("/api/verify", content=body.encode(),
                    headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text
    assert needle in r.json()["error"]


def test_web_json_envelope_with_an_escaped_emoji_is_fine(client: TestClient) -> None:
    # the class file (JSON with "\\ud83d\\ude00" escapes) as a string of the JSON body
    r = client.post("/api/verify", content=json.dumps({"scenario": EMOJI}).encode(),
                    headers={"content-type": "application/json"})
    assert r.status_code == 200, r.text
    assert r.json()["compliant"] is True
