"""Batch jobs that carry their data: content-hash ids, the on-disk cache, pseudonyms.

Before a batch is sent anywhere, each ``Job`` is *prepared* here, on the machine that
holds the files: its class file is read and its overlays and ``--set`` changes applied
(``resolved_data``), so the job carries the class as plain data and a worker on another
machine needs no file (built-in programmes ship with stageplan; a programme given as a
model path must be readable at the same path on the workers). The job's id is the
SHA-256 of everything its summary depends on (``job_key``): the class data after
overlays, the file name, what to run and its budget, the programme model, the
stageplan version and a digest of its code and data (models, overlays), and the
versions of OR-Tools and of the calendar data packages. ``Cache`` keeps finished
summaries under that id (atomic writes; an entry that does not parse or whose id does
not match is recomputed, never trusted). ``pseudonymise`` replaces student ids by
keyed hashes and drops names before sending; ``restore`` puts the ids back in the
summaries that come home.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import replace
from importlib import metadata
from pathlib import Path
from typing import Any

from solver.core.errors import InputError, Message, msg
from solver.core.files import jsonable, write_atomic
from solver.jobs.history import from_key

CACHE_FORMAT = 1
PSEUDONYM_PREFIX = "ps-"
_PACKAGES = ("stageplan", "ortools", "vacances-scolaires-france", "holidays")


# ---- resolving a job's data ------------------------------------------------------------

def resolved_data(path: str, changes: list[Any]) -> dict[str, Any]:
    """The class file ``path`` (or overlay) with its changes applied, as loaded data that
    ``model.parse_scenario`` accepts without any other file. Raises ``InputError``."""
    from solver.core.yamlload import load_file
    from solver.load.scenario import _absolute_programme, _attributed, _validate, resolve

    p = Path(path)
    base_dir = p.resolve().parent
    data = load_file(p)
    if isinstance(data, dict) and ("base" in data or "changes" in data):
        base, own = resolve(data, str(p), base_dir)
        data = _attributed(base, own, str(p), base_dir)[0]
    else:
        data = copy.deepcopy(data)
        _validate(data, str(p), base_dir)
        if isinstance(data, dict):
            _absolute_programme(data, base_dir)
    if changes:
        data = _attributed(data, changes, str(p), base_dir)[0]
    if not isinstance(data, dict):   # _validate has refused it already; for the type checker
        raise InputError(msg("a class file is a mapping"), str(p))
    return data


# ---- content-hash ids ------------------------------------------------------------------

def _digest_files(files: list[tuple[str, Path]]) -> str:
    """SHA-256 of files by their names relative to their folder (the same code installed
    at another path, or on another machine, has the same digest)."""
    h = hashlib.sha256()
    for name, p in files:
        h.update(name.encode())
        h.update(b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def environment() -> dict[str, str]:
    """What every summary depends on besides its job: versions and the code's digest
    (computed once per process)."""
    here = Path(__file__).resolve().parent.parent.parent   # the solver package
    from solver.core.model import data_dir

    files = [(p.relative_to(here).as_posix(), p) for p in sorted(here.rglob("*.py"))]
    for name in ("models", "overlays"):
        folder = data_dir(name)
        # installed, models/ sits inside the package: its *.py (none) are not doubled
        files += [(f"{name}/{p.name}", p) for p in sorted(folder.glob("*.yaml"))]
    out = {"code": _digest_files(files)}
    for pkg in _PACKAGES:
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "?"
    return out


def _model_digest(data: dict[str, Any]) -> str:
    """A programme given as a model file: that file's content (built-in ones are in the
    code digest)."""
    ref = data.get("programme")
    if isinstance(ref, str) and ref.endswith((".yaml", ".yml", ".json")):
        p = Path(ref)
        try:
            return hashlib.sha256(p.read_bytes()).hexdigest()
        except OSError:
            return "missing:" + ref
    return ""


def canonical(value: Any) -> str:
    return json.dumps(jsonable(value), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"), default=str)


def job_key(file: str, kind: str, time_limit: float, data: dict[str, Any],
            from_text: str | None = None) -> str:
    """The job's id: SHA-256 of its inputs (see the module's docstring); ``--from``
    as given, or today's date for its default (a class in progress changes daily)."""
    payload = {"format": CACHE_FORMAT, "file": file, "kind": kind,
               "time_limit": time_limit, "data": data, "model": _model_digest(data),
               "env": environment(), "from": from_key(from_text)}
    return hashlib.sha256(canonical(payload).encode("utf-8")).hexdigest()


# ---- the cache -------------------------------------------------------------------------

class Cache:
    """Finished summaries on disk, one JSON file per job id (``DIR/ab/abcdef....json``)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        if self.folder.exists() and not self.folder.is_dir():
            raise InputError(msg("the cache must be a folder"), str(folder), None, "--cache",
                             str(folder))
        try:   # said now, not after an hour of solving
            self.folder.mkdir(parents=True, exist_ok=True)
            probe = self.folder / f".probe-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise InputError(msg("cannot write the cache folder: {}", exc.strerror), str(folder),
                             None, "--cache", str(folder), msg("give a folder you can write to")
                             ) from None
        self.hits = self.misses = self.corrupt = 0

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        p = self.path(key)
        try:
            entry = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, ValueError):
            self.corrupt += 1
            return None
        if (not isinstance(entry, dict) or entry.get("format") != CACHE_FORMAT
                or entry.get("key") != key or not isinstance(entry.get("summary"), dict)
                or entry.get("check") != _check(entry["summary"])):
            self.corrupt += 1
            return None
        self.hits += 1
        summary: dict[str, Any] = entry["summary"]
        return summary

    def put(self, key: str, summary: dict[str, Any]) -> None:
        summary = json.loads(canonical(summary))
        entry = {"format": CACHE_FORMAT, "key": key, "check": _check(summary),
                 "summary": summary}
        write_atomic(self.path(key), json.dumps(entry, ensure_ascii=False, sort_keys=True))

    def key_file(self) -> Path:
        return self.folder / "pseudonym.key"


def _check(summary: Any) -> str:
    """A checksum of the stored summary: a truncated or edited entry is not trusted."""
    return hashlib.sha256(canonical(summary).encode("utf-8")).hexdigest()


def cacheable(summary: dict[str, Any]) -> bool:
    """Only real results are kept: not error rows (a lost worker, a bug, bad input), nor
    an answer the wall clock cut (another run may do better: it is not the job's answer)."""
    return "error" not in summary and \
        not (summary.get("generate") or {}).get("time_limit_reached")


# ---- pseudonyms ------------------------------------------------------------------------

def pseudonym_key(cache: Cache | None) -> bytes:
    """The secret that keys the pseudonyms: ``STAGEPLAN_PSEUDONYM_KEY``, else a random key
    kept (mode 0600) in the cache folder so that reruns hit the cache, else a fresh one."""
    env = os.environ.get("STAGEPLAN_PSEUDONYM_KEY")
    if env:
        return env.encode("utf-8")
    if cache is None:
        return secrets.token_bytes(32)
    p = cache.key_file()
    try:
        raw = p.read_bytes()
        if len(raw) >= 32:
            return raw
    except OSError:
        pass
    key = secrets.token_bytes(32)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    return key


def pseudonym(key: bytes, student_id: str) -> str:
    return PSEUDONYM_PREFIX + hmac.new(key, student_id.encode("utf-8"),
                                       hashlib.sha256).hexdigest()[:16]


# what a job needs of a period (the rest, such as a company, a tutor or a city, stays home)
PERIOD_KEYS = ("from", "to", "weeks", "place", "country", "locked", "signed")
# personal details of a student that no rule reads
STUDENT_PERSONAL = ("name", "email", "phone", "tutor", "address", "birth", "birthdate",
                    "ine", "notes", "comment")


def pseudonymise(data: dict[str, Any], key: bytes) -> tuple[dict[str, Any], dict[str, str]]:
    """The class data with every student id replaced by its pseudonym, names and other
    personal details left out, periods cut down to what the rules read, and the map back
    (pseudonym -> id). Student order is kept."""
    out = dict(data)
    back: dict[str, str] = {}
    students = []
    for item in data.get("students") or []:
        if not isinstance(item, dict):
            students.append(item)
            continue
        s = {k: v for k, v in item.items() if k not in STUDENT_PERSONAL}
        if isinstance(s.get("periods"), list):
            s["periods"] = [{k: v for k, v in p.items() if k in PERIOD_KEYS}
                            if isinstance(p, dict) else p for p in s["periods"]]
        sid = str(item.get("id", ""))
        p = pseudonym(key, sid)
        back[p] = sid
        s["id"] = p
        students.append(s)
    out["students"] = students
    return out, back


def restore(value: Any, back: dict[str, str]) -> Any:
    """``value`` (a summary) with every pseudonym replaced by the id it stands for."""
    if not back:
        return value
    if isinstance(value, dict):
        return {restore(k, back): restore(v, back) for k, v in value.items()}
    if isinstance(value, list):
        out = [restore(v, back) for v in value]
        # a list the job sorted (ids of students not compliant, ...) stays sorted
        if (all(isinstance(v, str) for v in value) and value != out
                and value == sorted(value)):
            out.sort()
        return out
    if isinstance(value, Message):   # its values restored, its id kept (the French)
        return Message(value.msgid, *(restore(a, back) for a in value.args))
    if isinstance(value, str) and PSEUDONYM_PREFIX in value:
        if value in back:
            return back[value]
        for p, sid in back.items():
            value = value.replace(p, sid)
        return value
    return value


def with_data(job: Any, data: dict[str, Any]) -> Any:
    """``job`` carrying its resolved data (changes already applied), with its id."""
    return replace(job, changes=(), data=data,
                   job_id=job_key(job.file, job.kind, job.time_limit, data,
                                  getattr(job, "from_text", None)))
