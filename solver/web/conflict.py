"""Writes that start from a version: saved only onto that version, never over a newer one.

Accepting a job's result (generate, repair, "forbid a week and regenerate"), uploading a
class file as a new version and restoring an old version each start from the version
the user saw. ``Writes.write`` saves the new text as the very next version
(``Store.save_after``); when someone saved in between, nothing is written: the write is
kept aside (``Pending``, in memory, under a random token) and the user is shown what
changed since (``changes_since``: the versions, their authors, the students added,
removed or changed) and chooses:

- **rebase**: ``rebase`` applies the write's own changes to the newest version, student
  by student: a student the write changed and nobody else touched takes the write's
  version; a student someone else changed keeps that change (listed); a student added
  meanwhile is kept as is, one deleted meanwhile stays deleted; everything else of the
  class (calendar, policy, label) is the newest version's;
- **discard**: the write is dropped, the newest version stays.

The rebased text is saved only onto the version it was built from, so a third writer
racing the rebase gets the same question again: no edit is ever lost without a word.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from solver.core.errors import InputError, msg
from solver.core.yamlload import plain
from solver.web import editops
from solver.web.service import load_upload, parse_upload
from solver.web.store import Store, Version

#: writes waiting for their user's choice (older ones are forgotten first)
KEEP_PENDING = 200
#: seconds a pending write is kept
PENDING_TTL = 6 * 3600


@dataclass
class Pending:
    """A write refused because the class changed since ``base``."""

    token: str
    name: str
    base: int
    text: str
    what: str
    user: str
    created: float = field(default_factory=time.monotonic)


@dataclass
class Conflict:
    """The answer of a write that found a newer version than the one it started from."""

    pending: Pending
    latest: int
    changes: dict[str, Any]

    def details(self) -> dict[str, Any]:
        """The JSON of an HTTP 409 (and of the page's list)."""
        return {"base": self.pending.base, "latest": self.latest, "token": self.pending.token,
                "what": self.pending.what, "choices": ["rebase", "discard"]} | self.changes


def _students(text: str, name: str, limit: int) -> dict[str, dict[str, Any]]:
    """The students of a version, by id, as the loader reads them (so that ``weeks: 4``
    and the same span written ``to:`` compare equal)."""
    sc = parse_upload(text.encode("utf-8"), f"{name}.yaml", limit)
    return {s.id: s.to_dict() for s in sc.students}


def changes_since(store: Store, name: str, base: int, limit: int) -> dict[str, Any]:
    """What was saved after version ``base``: versions (number, author) and the students
    added, removed and changed between ``base`` and the newest version."""
    versions = [v for v in store.versions(name) if v.number > base]
    out: dict[str, Any] = {"versions": [{"number": v.number, "author": v.author}
                                        for v in versions],
                           "added": [], "removed": [], "changed": [], "class_changed": False}
    old, new = store.get(name, base), store.get(name)
    if old is None or new is None or new.number == base:
        return out
    try:
        before = _students(store.read(old), name, limit)
        after = _students(store.read(new), name, limit)
        out["class_changed"] = _class_part(store.read(old), name, limit) != \
            _class_part(store.read(new), name, limit)
    except InputError:
        return out
    out["added"] = [s for s in after if s not in before]
    out["removed"] = [s for s in before if s not in after]
    out["changed"] = [s for s in after if s in before and after[s] != before[s]]
    return out


def _class_part(text: str, name: str, limit: int) -> dict[str, Any]:
    data = plain(load_upload(text.encode("utf-8"), f"{name}.yaml", limit))
    return {k: v for k, v in data.items() if k != "students"}


def rebase(base: str, mine: str, latest: str, name: str, limit: int
           ) -> tuple[str, dict[str, list[str]]]:
    """``mine`` (a write that started from ``base``) applied onto ``latest``.

    Returns the new text and a report: ``applied`` (students taking the write's version:
    changed, added or deleted by the write alone), ``kept`` (students both changed: the
    newest version's change is kept), ``new``
    (students added meanwhile, kept as they are), ``gone`` (students the write changed
    but someone deleted meanwhile: they stay deleted)."""
    base_s = _students(base, name, limit)
    mine_s = _students(mine, name, limit)
    latest_s = _students(latest, name, limit)
    mine_raw = {str(s.get("id")): s for s in _raw_students(mine, name, limit)}
    data = plain(load_upload(latest.encode("utf-8"), f"{name}.yaml", limit))
    report: dict[str, list[str]] = {"applied": [], "kept": [], "new": [], "gone": []}
    merged = []
    for raw in data.get("students") or []:
        sid = str(raw.get("id")) if isinstance(raw, dict) else ""
        if sid not in base_s:            # added meanwhile (or by both: the saved one)
            report["kept" if sid in mine_s else "new"].append(sid)
            merged.append(raw)
        elif mine_s.get(sid) == base_s[sid] or latest_s.get(sid) == mine_s.get(sid):
            merged.append(raw)           # the write did not touch it, or did the same
        elif latest_s.get(sid) == base_s[sid]:
            report["applied"].append(sid)   # only the write changed it (or deleted it)
            if sid in mine_raw:
                merged.append(mine_raw[sid])
        else:
            merged.append(raw)           # both changed it: the saved change stays
            report["kept"].append(sid)
    latest_ids = set(latest_s)
    for sid, raw in mine_raw.items():    # students the write added
        if sid not in base_s and sid not in latest_ids:
            merged.append(raw)
            report["applied"].append(sid)
    report["gone"] = [s for s in mine_s if s in base_s and s not in latest_s
                      and mine_s[s] != base_s[s]]
    data["students"] = merged
    return editops.dump(data), report


def _raw_students(text: str, name: str, limit: int) -> list[dict[str, Any]]:
    data = plain(load_upload(text.encode("utf-8"), f"{name}.yaml", limit))
    students = data.get("students") or []
    return [s for s in students if isinstance(s, dict)]


class Writes:
    """The versioned writes of the page, and the ones waiting for a choice."""

    def __init__(self, store: Store, limit: int) -> None:
        self.store = store
        self.limit = limit
        self._pending: OrderedDict[str, Pending] = OrderedDict()
        self._lock = threading.Lock()

    def write(self, name: str, base: int, text: str, author: str,
              what: str) -> Version | Conflict:
        """Save ``text`` as version ``base + 1``; a ``Conflict`` (nothing saved) when the
        class has a newer version than ``base``."""
        saved = self.store.save_after(name, text, base, author=author)
        if saved is not None:
            return saved
        pending = Pending(secrets.token_urlsafe(16), name, base, text, what, author)
        with self._lock:
            self._forget_old()
            self._pending[pending.token] = pending
        latest = self.store.get(name)
        return Conflict(pending, latest.number if latest else base,
                        changes_since(self.store, name, base, self.limit))

    def take(self, token: str, name: str, user: str) -> Pending | None:
        """The pending write ``token`` of class ``name`` made by ``user`` (removed)."""
        with self._lock:
            self._forget_old()
            pending = self._pending.get(token)
            if pending is None or pending.name != name or pending.user != user:
                return None
            del self._pending[token]
            return pending

    def rebase(self, pending: Pending) -> tuple[Version | Conflict, dict[str, list[str]]]:
        """``pending`` applied onto the newest version and saved right after it (or a new
        conflict if yet another version came in meanwhile)."""
        latest = self.store.get(pending.name)
        base = self.store.get(pending.name, pending.base)
        if latest is None or base is None:
            raise InputError(msg("the class or the version this change started from is gone"),
                             f"{pending.name}.yaml")
        text, report = rebase(self.store.read(base), pending.text, self.store.read(latest),
                              pending.name, self.limit)
        header = (f"# {pending.what}, rebased from version {pending.base} "
                  f"onto version {latest.number}\n")
        outcome = self.write(pending.name, latest.number, header + text, pending.user,
                             pending.what)
        return outcome, report

    def _forget_old(self) -> None:
        now = time.monotonic()
        while self._pending:
            oldest = next(iter(self._pending.values()))
            if len(self._pending) <= KEEP_PENDING and now - oldest.created < PENDING_TTL:
                break
            self._pending.popitem(last=False)
