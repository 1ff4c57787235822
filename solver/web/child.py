"""The child process of a web solve: the command line, fenced in.

``python -m solver.web.child JOB FILE ...`` runs ``stageplan JOB FILE ...`` with three
fences, so that nothing a request says (``--set programme=/etc/passwd``, a ``base:``,
a model path) can make the server read one of its files:

- programmes by built-in id only (a path is refused before anything is opened);
- an audit hook refuses to open any file outside the job's own folder, the package
  and the Python installation (read-only there), whatever code asks;
- a lower CPU priority (nice 10), so that the web server keeps answering pages while
  the solves use the cores;
- a memory limit (``RLIMIT_AS``, from ``STAGEPLAN_MEMORY_MB``, set by the server from
  ``serve --memory-limit``): a solve that needs more fails with a clear message
  (``MEMORY_MESSAGE``, exit 2) instead of growing until the server swaps.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Any

from solver.core import files
from solver.core.errors import InputError, Message, message_to_json, msg

REFUSED = ("the web page opens no file of the server (programmes by built-in id only; "
           "no base: or model path)")


#: environment variable: the child's address-space limit in MiB (0 or unset: none)
MEMORY_ENV = "STAGEPLAN_MEMORY_MB"
#: what the child says when it ran out of its memory (the server recognises it)
MEMORY_MESSAGE = ("this class needs more memory than a solve may use on this server "
                  "({mb} MiB): split the class, or ask the administrator to raise "
                  "serve --memory-limit")


class Fenced(InputError):
    """Raised by the audit hook: a bad-input message (exit 2), naming no file."""


def _roots() -> tuple[list[str], list[str]]:
    """(folders readable, folders writable) for the child."""
    import sysconfig

    here = Path(__file__).resolve().parent.parent   # the solver package
    job = Path.cwd().resolve()
    readable = {str(here), str(here.parent / "models"), str(here.parent / "overlays"),
                sys.prefix, sys.base_prefix, sys.exec_prefix, "/usr/share/zoneinfo",
                "/usr/lib", "/usr/local/lib", "/usr/share", "/etc/localtime",
                "/dev/null", "/dev/urandom", "/proc/self", "/sys/fs/cgroup",
                "/sys/devices/system/cpu", "/proc/cpuinfo", "/proc/meminfo", "/proc/stat"}
    for key in ("stdlib", "platstdlib", "purelib", "platlib"):
        with_path = sysconfig.get_paths().get(key)
        if with_path:
            readable.add(with_path)
    readable.update(p for p in sys.path if p)
    # the job's own folder only (not the whole temporary folder: other users' files)
    writable = {str(job), "/dev/null"}
    return ([str(Path(p).resolve()) if not p.startswith(("/proc", "/sys", "/dev")) else p
             for p in readable], [str(Path(p).resolve()) for p in writable])


def _inside(path: str, roots: list[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip("/") + "/") for r in roots)


def install_fence() -> None:
    readable, writable = _roots()

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event != "open":
            return
        target, mode = args[0], args[1]
        if isinstance(target, int) or target is None:
            return  # an already open descriptor
        try:
            path = os.path.realpath(os.fsdecode(target))
        except (TypeError, ValueError):
            raise Fenced(REFUSED) from None
        writing = isinstance(mode, str) and any(c in mode for c in "wax+")
        if isinstance(mode, int) or mode is None:
            flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
            writing = bool(flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
        if _inside(path, writable) or (not writing and _inside(path, readable)):
            return
        raise Fenced(REFUSED)

    sys.addaudithook(hook)


def fence_programmes() -> None:
    """``programme:`` by built-in id only, wherever the loader is called from."""
    from solver.core import model
    from solver.load import programme, scenario

    original = programme.load_programme

    def by_id(ref: str, base: Path | None = None, file: str | None = None,
              line: int | None = None) -> Any:
        if ref not in model.builtin_models():
            raise InputError(msg("unknown programme '{}'", str(ref)[:80]), file, line,
                             "programme", str(ref)[:80],
                             msg("the web page accepts the built-in programmes: {}",
                                 ", ".join(model.builtin_models())))
        return original(ref, base, file, line)

    # every module that holds the loader (overlays import it when they apply)
    programme.load_programme = by_id  # type: ignore[assignment]
    scenario.load_programme = by_id  # type: ignore[assignment]


def limit_memory() -> int:
    """Apply the memory limit of ``MEMORY_ENV`` to this process; the limit in MiB (0:
    none). The address space is what ``RLIMIT_AS`` bounds: an allocation past it fails
    (``MemoryError`` in Python, ``std::bad_alloc`` in the solver) rather than the
    machine running out."""
    import resource

    try:
        mb = int(os.environ.get(MEMORY_ENV, "0"))
    except ValueError:
        return 0
    if mb <= 0:
        return 0
    limit = mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    return mb


def follow_parent() -> None:
    """End this child (and what it started) as soon as the server that started it is
    gone, however it went (SIGKILL included): a solve never outlives its server."""
    import signal
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                with contextlib.suppress(OSError):
                    os.killpg(os.getpgid(0), signal.SIGKILL)
                os._exit(3)

    threading.Thread(target=watch, name="stageplan-follow-parent", daemon=True).start()


def main(argv: list[str]) -> int:
    with contextlib.suppress(OSError):
        os.nice(10)
    follow_parent()
    mb = limit_memory()
    from solver.cli import app as cli

    fence_programmes()
    files.MESSAGES = []
    install_fence()
    try:
        return _run(cli.main, argv, mb)
    finally:
        _send_messages(files.MESSAGES)


#: the file, beside the job's JSON, that gives the ids of its messages (``MESSAGES``)
MESSAGES_FILE = ".messages.json"


def _send_messages(found: list[tuple[list[str | int], Message]] | None) -> None:
    """Where the JSON written has a ``Message`` (a job's error), its id and values, so
    that the page can say it in the user's language (``service.with_messages``)."""
    if not found:
        return
    entries = [{"path": where, "message": message_to_json(m)} for where, m in found]
    with contextlib.suppress(OSError, InputError):   # the page then says them in English
        Path(MESSAGES_FILE).write_text(json.dumps(entries, ensure_ascii=False),
                                       encoding="utf-8")


def _run(main: Any, argv: list[str], mb: int) -> int:
    import click

    try:
        main.main(args=argv, prog_name="stageplan", standalone_mode=False)
    except Fenced as exc:
        sys.stderr.write(f"bad input: {exc}\n")
        return 2
    except InputError as exc:  # raised outside a command's own handler
        sys.stderr.write(f"bad input: {exc}\n")
        return 2
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return 2
    except MemoryError:
        sys.stderr.write("bad input: " + MEMORY_MESSAGE.format(mb=mb) + "\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
