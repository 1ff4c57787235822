"""Small helpers every renderer shares: JSON-ready values and atomic file writing."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path
from typing import Any

from solver.core.errors import Message

#: when a list, ``jsonable`` notes in it each ``Message`` it writes, with where (the
#: keys and indices that lead to it): the web page's child process sends them beside
#: its JSON so that the page can say a job's errors in French by their ids
#: (``solver/web/child.py``); the JSON itself stays the same
MESSAGES: list[tuple[list[str | int], Message]] | None = None


def jsonable(value: Any) -> Any:
    if MESSAGES is not None:
        return _noting(value, [])
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _noting(value: Any, where: list[str | int]) -> Any:
    """``jsonable``, noting each ``Message`` in ``MESSAGES``."""
    if isinstance(value, dict):
        return {str(k): _noting(v, [*where, str(k)]) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_noting(v, [*where, i]) for i, v in enumerate(value)]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Message) and MESSAGES is not None:
        MESSAGES.append((where, value))
    return value


# The version of the JSON outputs' shape (``stageplan schema NAME`` prints each one's JSON
# Schema). Adding a field keeps the major number (the contract allows extension);
# renaming or removing one, or changing a type, raises it.
SCHEMA_VERSION = "1.0"


def versioned(data: dict[str, Any]) -> dict[str, Any]:
    """A JSON output with ``schema_version`` first."""
    return {"schema_version": SCHEMA_VERSION, **data}


def dumps_json(value: Any) -> str:
    """``json.dumps(jsonable(value), ensure_ascii=False, indent=2)`` and a newline, byte
    for byte: written in one walk, because with ``indent`` json uses its pure-Python
    encoder, and it and ``jsonable`` were most of a large report's writing (issue 19)."""
    if MESSAGES is not None:
        return json.dumps(jsonable(value), ensure_ascii=False, indent=2) + "\n"
    out: list[str] = []
    _write(value, out.append, "\n")
    out.append("\n")
    return "".join(out)


_text = json.encoder.encode_basestring   # what json writes a str with (ensure_ascii off)


def _number(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _write(value: Any, put: Any, newline: str) -> None:
    """``value`` as ``dumps_json`` writes it; ``newline``: a newline and the indent of
    the level ``value`` is at."""
    if isinstance(value, str):
        put(_text(value))
    elif isinstance(value, dict):   # before the scalars: jsonable's order of tests
        if not value:
            put("{}")
            return
        inner = newline + "  "
        sep = "{" + inner
        for k, v in value.items():
            put(sep)
            put(_text(str(k)))
            put(": ")
            _write(v, put, inner)
            sep = "," + inner
        put(newline + "}")
    elif isinstance(value, (list, tuple)):
        if not value:
            put("[]")
            return
        inner = newline + "  "
        sep = "[" + inner
        for v in value:
            put(sep)
            _write(v, put, inner)
            sep = "," + inner
        put(newline + "]")
    elif value is None:
        put("null")
    elif value is True:
        put("true")
    elif value is False:
        put("false")
    elif isinstance(value, int):
        put(int.__repr__(value))
    elif isinstance(value, float):
        put(_number(value))
    elif isinstance(value, (dt.date, dt.datetime)):
        put(_text(value.isoformat()))
    else:   # what json.dumps would refuse
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def current_umask() -> int:
    """The process's umask, read without changing it where the system says it."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)   # elsewhere: the classic read-by-setting, put back at once
    os.umask(mask)
    return mask


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: a reader never
    sees half a file, and a crash never leaves one.

    Like a Unix tool: a new file gets the mode the umask gives (0644 under umask 022),
    a replaced file keeps its mode, a symbolic link keeps pointing at the file it names
    (that file is replaced), and a target that is not a regular file (``/dev/stdout``, a
    pipe, a device) is written through, never replaced. Errors are ``OSError``s.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        info: os.stat_result | None = target.stat()
    except FileNotFoundError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(21, os.strerror(21), str(target))
        with open(target, "wb") as fh:
            fh.write(payload)
        return
    if target.is_symlink():
        target = Path(os.path.realpath(target))
    mode = stat.S_IMODE(info.st_mode) if info is not None else 0o666 & ~current_umask()
    target.parent.mkdir(parents=True, exist_ok=True)
    # imported here: tempfile brings shutil, random...; only a command writing a file needs it
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=str(target.parent))
    try:
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), mode)   # mkstemp made it 0600
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
