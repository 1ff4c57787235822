"""The data folder's health: writable, not full; and what a failed write tells the user.

``folder_problem`` tries what a save does (create a temporary file, write, sync, remove)
and says in words why it failed: ``serve`` prints it as a warning at start, so that a
read-only or full folder is known before the first teacher loses a change.
``write_failure_key`` maps the ``OSError`` of a failed save to the page's message (a
full disk, a read-only folder, no permission), shown instead of a bare HTTP 500.
``clean_stale`` removes the temporary files a killed server left behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from pathlib import Path

#: errno -> the message key of the page (``disk_messages``)
WRITE_FAILURES = {errno.ENOSPC: "web_disk_full", errno.EDQUOT: "web_disk_full",
                  errno.EROFS: "web_disk_readonly", errno.EACCES: "web_disk_denied",
                  errno.EPERM: "web_disk_denied"}
#: a temporary file older than this was left by a server that stopped mid-save
STALE_AFTER = 60.0


def write_failure_key(exc: OSError) -> str | None:
    return WRITE_FAILURES.get(exc.errno or 0)


def folder_problem(folder: Path) -> OSError | None:
    """None if a save into ``folder`` works now, else the error it meets."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".new.", suffix=".tmp", dir=str(folder))
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(b"\0" * 4096)
                fh.flush()
                os.fsync(fh.fileno())
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    except OSError as exc:
        return exc
    return None


def clean_stale(root: Path, older_than: float = STALE_AFTER) -> list[Path]:
    """Remove the ``.new.*.tmp`` files (of saves cut short) under ``root`` and its class
    folders, older than ``older_than`` seconds; the ones removed."""
    removed: list[Path] = []
    now = time.time()
    folders = [root]
    with contextlib.suppress(OSError):
        folders += [p for p in root.iterdir() if p.is_dir() and not p.is_symlink()]
    for folder in folders:
        try:
            candidates = list(folder.glob(".new.*.tmp"))
        except OSError:
            continue
        for path in candidates:
            try:
                if path.is_file() and not path.is_symlink() and \
                        now - path.stat().st_mtime > older_than:
                    path.unlink()
                    removed.append(path)
            except OSError:
                continue
    return removed
