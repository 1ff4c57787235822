"""What the web page and the JSON API ask of the engine, behind one narrow door.

``parse_upload`` turns untrusted bytes into a validated ``Scenario`` with the same
``InputError`` messages as the command line, plus the web's own limits: a size cap,
a cap on the size of the parsed tree (YAML aliases can make a small file huge), and
built-in programmes only (a scenario naming a model *file* would let a request choose a
path on the server). ``run_job`` runs a command-line job (generate, repair, explain,
whatif) on such a scenario in a child process with a hard time limit and returns the
command's own ``--format json`` output, so the API answers exactly what the CLI prints.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from solver.core.errors import InputError, message_from_json, msg
from solver.core.files import dumps_json
from solver.core.model import Scenario, builtin_models
from solver.core.yamlload import LDict, load_bytes
from solver.io.render.verify_out import verify_json
from solver.jobs.verify import VerifyResult, verify
from solver.load.scenario import parse_scenario
from solver.web.child import MEMORY_ENV, MEMORY_MESSAGE, MESSAGES_FILE

MAX_UPLOAD_BYTES = 1024 * 1024
MAX_NODES = 200_000
JOBS = ("generate", "repair", "explain", "whatif")


class TooLarge(InputError):
    """The upload is larger than the web page accepts (HTTP 413)."""


def _count_nodes(value: Any, limit: int) -> int:
    """Nodes of the parsed tree as the validator walks it (aliases expanded), up to limit."""
    seen = 0
    stack = [value]
    while stack:
        item = stack.pop()
        seen += 1
        if seen > limit:
            break
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return seen


# a UTF-16 surrogate pair written as two escapes (as Python's json.dumps writes an emoji):
# the YAML reader decodes each half alone, so the pair is joined before reading
_PAIR = re.compile(rb"(?<!\\)((?:\\\\)*)\\u([dD][89abAB][0-9a-fA-F]{2})"
                   rb"\\u([dD][c-fC-F][0-9a-fA-F]{2})")


def _join_pair(m: re.Match[bytes]) -> bytes:
    hi, lo = int(m.group(2), 16), int(m.group(3), 16)
    char = chr(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))
    return m.group(1) + char.encode("utf-8")


def join_surrogate_pairs(raw: bytes) -> bytes:
    """``raw`` with each escaped surrogate pair written as its UTF-8 character (the same
    JSON or YAML text, which any reader then decodes alike)."""
    return _PAIR.sub(_join_pair, raw) if b"\\u" in raw else raw


def _lone_surrogate(value: Any, limit: int) -> str | None:
    """The first string holding a lone surrogate (an escape no UTF-8 text can carry)."""
    stack, seen = [value], 0
    while stack and seen < limit:
        item = stack.pop()
        seen += 1
        if isinstance(item, str):
            if any(0xD800 <= ord(c) <= 0xDFFF for c in item):
                return item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def load_upload(raw: bytes, name: str, max_bytes: int = MAX_UPLOAD_BYTES) -> Any:
    if len(raw) > max_bytes:
        raise TooLarge(f"file is larger than {max_bytes // 1024} KiB", name,
                       hint=msg("the web page accepts class files up to this size"))
    data = load_bytes(join_surrogate_pairs(raw), name)
    if _count_nodes(data, MAX_NODES) > MAX_NODES:
        raise InputError(msg("the file describes more than {} values", MAX_NODES), name,
                         hint=msg("YAML anchors and aliases may have multiplied them"))
    bad = _lone_surrogate(data, MAX_NODES)
    if bad is not None:
        shown = bad.encode("utf-8", "backslashreplace").decode("ascii", "replace")[:60]
        raise InputError(msg("a text holds a lone UTF-16 surrogate escape ({})", shown), name,
                         hint=msg("write the character itself, or both halves of its pair"))
    if not isinstance(data, dict):
        raise InputError(msg("a class file is a mapping (programme:, calendar:, students:)"), name,
                         getattr(data, "line", None) or 1)
    return data


def parse_upload(raw: bytes, name: str, max_bytes: int = MAX_UPLOAD_BYTES) -> Scenario:
    """A validated scenario from untrusted bytes; InputError (file, line, field) if not.

    Whatever the loaders let through (a nesting too deep for the YAML reader, a number
    or a date no calculation can hold), the web answers with a bad-input message:
    an upload never makes a page fail."""
    try:
        return _parse_upload(raw, name, max_bytes)
    except InputError:
        raise
    except RecursionError:
        raise InputError(msg("the file is nested too deeply"), name,
                         hint=msg("a class file needs only a few levels of lists and "
                                  "mappings")) from None
    except (ValueError, OverflowError, TypeError, ArithmeticError, KeyError,
            UnicodeError) as exc:
        raise InputError(msg("this file cannot be read ({}: {})", type(exc).__name__,
                             str(exc)[:160]), name,
                         hint=msg("check its dates and numbers")) from None


def _parse_upload(raw: bytes, name: str, max_bytes: int) -> Scenario:
    data = load_upload(raw, name, max_bytes)
    line = data.line_of("programme") if isinstance(data, LDict) else None
    programme = data.get("programme")
    if isinstance(programme, str) and programme not in builtin_models():
        raise InputError(msg("unknown programme '{}'", programme[:80]), name, line, "programme",
                         programme[:80], msg("the web page accepts the built-in programmes: {}",
                                             ", ".join(builtin_models())))
    for key in ("base", "changes"):
        if key in data:
            raise InputError(msg("what-if overlays are not class files"), name,
                             data.line_of(key) if isinstance(data, LDict) else None, key,
                             hint=msg("open the base class and use the What if button"))
    return parse_scenario(data, name, None)


def verify_scenario(scenario: Scenario) -> VerifyResult:
    return verify(scenario, "plain")


def verify_payload(scenario: Scenario, lang: str) -> dict[str, Any]:
    return verify_json(verify_scenario(scenario), lang)


@dataclass
class JobOutcome:
    """What a child ``stageplan JOB --format json`` run said."""

    job: str
    exit_code: int
    payload: dict[str, Any] | None = None
    error: str | None = None
    timed_out: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def input_error(self) -> bool:
        return self.exit_code == 2


def job_available(job: str) -> bool:
    """Whether the command-line job is installed (the jobs land independently)."""
    from solver.cli import app as cli

    return cli.command(job) is not None


def job_options(job: str) -> set[str]:
    """Names of the options the installed command-line job accepts."""
    from solver.cli import app as cli

    command = cli.command(job)
    return {p.name for p in command.params if p.name} if command else set()


#: MiB of address space one solve may use (``serve --memory-limit``): a school server
#: with 8 GiB runs two solves at once and still answers its pages
DEFAULT_MEMORY_MB = 2048


def run_job(job: str, scenario_text: str, name: str, lang: str, time_limit: float,
            args: list[str] | None = None, cancel: threading.Event | None = None,
            memory_mb: int = DEFAULT_MEMORY_MB) -> JobOutcome:
    """Run ``stageplan JOB FILE --format json`` on ``scenario_text`` in a child process.

    The child (``solver.web.child``: programmes by id only, no file opened outside its
    folder, a lower CPU priority) gets ``time_limit`` as its budget and is killed, with
    everything it started, at ``time_limit`` plus a little start-up slack, or as soon
    as ``cancel`` is set: a solve can never hold the server. The file lives in a
    private temporary folder, named after the scenario's slug so that messages read
    ``bts-ci.yaml:12``.
    """
    if job not in JOBS:
        raise ValueError(job)
    if not job_available(job):
        return JobOutcome(job, 3, error="not-installed")
    budget = solver_budget(job, time_limit)
    deadline = time.monotonic() + time_limit + KILL_SLACK
    with tempfile.TemporaryDirectory(prefix="stageplan-web-") as tmp:
        path = Path(tmp) / f"{name}.yaml"
        path.write_text(scenario_text, encoding="utf-8")
        cmd = [sys.executable, "-m", "solver.web.child", job, path.name, "--format", "json",
               "--lang", lang, *(args or [])]
        if "time_limit" in job_options(job):
            cmd += ["--time-limit", f"{budget:g}"]
        env = dict(os.environ, STAGEPLAN_TIME_LIMIT=f"{budget:g}", PYTHONPATH=_pythonpath())
        env[MEMORY_ENV] = str(max(0, memory_mb))
        out_path, err_path = Path(tmp) / ".stdout", Path(tmp) / ".stderr"
        with open(out_path, "wb") as out_fh, open(err_path, "wb") as err_fh:
            proc = subprocess.Popen(cmd, cwd=tmp, stdout=out_fh, stderr=err_fh,
                                    stdin=subprocess.DEVNULL, env=env,
                                    start_new_session=True)
            CHILDREN.add(proc)
            try:
                stopped = _wait(proc, deadline, cancel)
            finally:
                CHILDREN.discard(proc)
        stdout = out_path.read_text(encoding="utf-8", errors="replace")
        stderr = err_path.read_text(encoding="utf-8", errors="replace")
        sent = Path(tmp) / MESSAGES_FILE
        messages = sent.read_text(encoding="utf-8", errors="replace") if sent.is_file() else ""
    if stopped == "timeout":
        return JobOutcome(job, 3, error="timeout", timed_out=True)
    if stopped == "cancelled":
        return JobOutcome(job, 3, error="cancelled")
    if out_of_memory(proc.returncode, stderr, memory_mb):
        return JobOutcome(job, 2, error=MEMORY_MESSAGE.format(mb=memory_mb),
                          extra={"memory": memory_mb})
    out = JobOutcome(job, proc.returncode)
    if proc.returncode in (0, 1):
        try:
            out.payload = with_messages(json.loads(stdout), messages)
        except json.JSONDecodeError:
            out.exit_code = 3
            out.error = (stderr or stdout).strip()[-2000:] or "no JSON output"
    else:
        out.error = _clean_error(stderr.strip() or stdout.strip())
    return out


#: seconds past the page's limit before the child is killed: the page shows the limit,
#: and the job ends at it (the child's own budget is a share of it, ``solver_budget``)
KILL_SLACK = 1.0


def solver_budget(job: str, time_limit: float) -> float:
    """The ``--time-limit`` handed to the child, so that the whole job ends within the
    page's limit: repair and whatif spend their budget several times (repair: once per
    broken student and again for the tie-break; whatif: once per variant), so they get
    a share of it; the child is killed at ``time_limit`` + ``KILL_SLACK`` anyway, and
    the page then says plainly that the limit was reached."""
    share = {"repair": 0.25, "whatif": 0.4}.get(job, 0.8)
    return max(1.0, round(time_limit * share, 1))


def _wait(proc: subprocess.Popen[bytes], deadline: float,
          cancel: threading.Event | None) -> str | None:
    """Wait for the child; kill it at ``deadline`` or when ``cancel`` is set (then say
    which: "timeout" or "cancelled")."""
    while True:
        try:
            proc.wait(timeout=0.1)
            return None
        except subprocess.TimeoutExpired:
            pass
        stopped = ("cancelled" if cancel is not None and cancel.is_set()
                   else "timeout" if time.monotonic() > deadline else None)
        if stopped:
            _kill(proc)
            return stopped


def out_of_memory(returncode: int, stderr: str, memory_mb: int) -> bool:
    """Whether a child stopped because it reached its memory limit: Python's
    ``MemoryError`` (reported by the command as an internal error), the solver's
    ``std::bad_alloc``, or a signal (an abort when an allocation fails in C++)."""
    if memory_mb <= 0 or returncode == 0:
        return False
    if returncode == 2:   # the child caught it itself (child.MEMORY_MESSAGE)
        return MEMORY_MESSAGE.split("(", 1)[0] in stderr
    return returncode < 0 or any(sign in stderr for sign in (
        "MemoryError", "bad_alloc", "Cannot allocate memory", "failed to map segment"))


class Children:
    """The solving processes running now, so that the server can stop them all when it
    stops (``stop_all``: SIGTERM or SIGINT of ``serve``)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._procs: set[subprocess.Popen[bytes]] = set()

    def add(self, proc: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._procs.add(proc)

    def discard(self, proc: subprocess.Popen[bytes]) -> None:
        with self._lock:
            self._procs.discard(proc)

    def pids(self) -> list[int]:
        with self._lock:
            return [p.pid for p in self._procs]

    def stop_all(self) -> int:
        """Kill every running child and what it started; how many there were."""
        with self._lock:
            procs = list(self._procs)
        for proc in procs:
            _kill(proc)
            self.discard(proc)
        return len(procs)


CHILDREN = Children()


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Stop the child and anything it started (its own session)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


def _pythonpath() -> str:
    """The package's own folder first, so the child imports this very code."""
    here = str(Path(__file__).resolve().parent.parent.parent)
    rest = os.environ.get("PYTHONPATH", "")
    return here + (os.pathsep + rest if rest else "")


def _clean_error(text: str) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return "\n".join(lines[-5:])[-2000:] or "failed"


def with_messages(payload: Any, sent: str) -> Any:
    """The child's JSON with the texts it wrote from a ``Message`` (a job's error) made
    ``Message`` objects again from what it sent beside (``child.MESSAGES_FILE``), so
    the page translates them by their ids. A text that is not the message's own is
    left as it is."""
    try:
        entries = json.loads(sent) if sent else []
    except json.JSONDecodeError:
        return payload
    for entry in entries if isinstance(entries, list) else []:
        where = entry.get("path") if isinstance(entry, dict) else None
        message = message_from_json(entry.get("message")) if where else None
        if message is None or not isinstance(where, list):
            continue
        node = payload
        for step in where[:-1]:
            node = _step(node, step)
        last = where[-1]
        if _step(node, last) == message:
            node[last] = message
    return payload


def _step(node: Any, step: Any) -> Any:
    if isinstance(node, dict) and isinstance(step, str):
        return node.get(step)
    if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
        return node[step]
    return None


def plan_text(payload: dict[str, Any]) -> str | None:
    """The proposed plan of a generate/repair payload as YAML text (None if absent)."""
    import yaml

    plan = payload.get("plan") if isinstance(payload, dict) else None
    if not isinstance(plan, dict):
        return None
    return str(yaml.safe_dump(json.loads(dumps_json(plan)), allow_unicode=True,
                              sort_keys=False, width=100))


def with_fix(payload: dict[str, Any], group: int, rank: int) -> dict[str, Any] | None:
    """The repair payload with its plan taking fix ``rank`` of alternative group
    ``group`` (1-based, as shown) for that group's students; None when there is none."""
    groups = payload.get("alternatives") if isinstance(payload, dict) else None
    plan = payload.get("plan") if isinstance(payload, dict) else None
    if not isinstance(groups, list) or not isinstance(plan, dict) or not 1 <= group <= len(
            groups):
        return None
    fix = next((f for f in groups[group - 1].get("fixes", []) if f.get("rank") == rank), None)
    if fix is None or not isinstance(fix.get("periods"), dict):
        return None
    students = [dict(st, periods=fix["periods"][st.get("id")])
                if isinstance(st, dict) and st.get("id") in fix["periods"] else st
                for st in plan.get("students", [])]
    return {**payload, "plan": {**plan, "students": students}}
