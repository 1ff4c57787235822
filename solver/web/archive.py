"""Archiving a class from the page: it leaves the list, nothing is deleted.

A marker file ``ARCHIVED`` in the class's folder (who archived it and when) hides the
class from the home page; every saved version stays where it is, and restoring removes
the marker. (The only archiving: the editing pages have none of their own.)
"""

from __future__ import annotations

import datetime as dt
import json

from solver.web.auth import write_private
from solver.web.store import Store, check_slug

MARKER = "ARCHIVED"


def archived(store: Store, name: str) -> bool:
    return (store.root / check_slug(name) / MARKER).is_file()


def archived_by(store: Store, name: str) -> str:
    try:
        text = (store.root / check_slug(name) / MARKER).read_text(encoding="utf-8")
        data = json.loads(text.splitlines()[-1]) if text.strip() else {}
    except (OSError, ValueError, IndexError):
        return ""
    by = data.get("by") if isinstance(data, dict) else None
    return by[:64] if isinstance(by, str) else ""


def archive(store: Store, name: str, author: str = "") -> None:
    folder = store.root / check_slug(name)
    marker = folder / MARKER
    if not store.versions(name) or marker.exists():
        return
    line = json.dumps({"by": author, "at": dt.datetime.now(dt.UTC).isoformat(
        timespec="seconds")})
    write_private(marker, "archived from the web page; delete this file to restore\n"
                  + line + "\n")


def restore(store: Store, name: str) -> None:
    marker = store.root / check_slug(name) / MARKER
    if marker.is_file():
        marker.unlink()
