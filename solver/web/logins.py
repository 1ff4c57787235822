"""Logins on the server's side: sessions it can revoke, throttling, an audit trail.

- **Sessions.** The signed cookie carries a random session id; the server keeps the
  digest of each live id (``.stageplan-sessions.json`` in the data folder, mode 0600)
  with its user, address, browser and start. Logging out removes it, so a copied
  cookie stops working at once (not 12 hours later); a coordinator lists the live
  sessions on ``/sessions`` and ends any of them; a session also ends after
  ``max_age`` seconds whatever its cookie says.
- **Throttling** (``LoginGuard``), by address and by name: too many failures from one
  address slow every name tried from it (a guesser walking through names); too many
  for one name slow that name from unknown addresses. From an address the user has
  logged in from before (a *known* address), the right password is never refused:
  failures there only delay the next answer a little, one attempt at a time.
- **Audit.** Each failed login is one JSON line of ``.stageplan-audit.log`` (name and
  address escaped; the file is rotated at 5 MB) and a warning of the
  ``stageplan.audit`` logger.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import secrets
import threading
import time
from pathlib import Path
from typing import Any

from solver.web.auth import LoginThrottle, write_private
from solver.web.logs import AuditTrail

SESSIONS_FILE = ".stageplan-sessions.json"
#: addresses remembered per user as "known"
KNOWN_PER_USER = 20
#: the longest a known address waits before its password is checked
MAX_KNOWN_DELAY = 5.0

log = logging.getLogger("stageplan.audit")


def _digest(sid: str) -> str:
    return hashlib.sha256(sid.encode("utf-8", "replace")).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Sessions:
    """The live sessions of one data folder."""

    def __init__(self, root: str | Path, max_age: float = 12 * 3600) -> None:
        self.path = Path(root) / SESSIONS_FILE
        self.max_age = max_age
        self._lock = threading.Lock()
        self._cache: tuple[float, dict[str, Any]] | None = None

    def _read(self) -> dict[str, Any]:
        try:
            mtime = self.path.stat().st_mtime
        except FileNotFoundError:
            return {"sessions": {}, "known": {}}
        if self._cache is not None and self._cache[0] == mtime:
            return self._cache[1]
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}   # unreadable: every session ends (everyone logs in again)
        if not isinstance(data, dict):
            data = {}
        data.setdefault("sessions", {})
        data.setdefault("known", {})
        self._cache = (mtime, data)
        return data

    def _change(self, edit: Any) -> None:
        with self._lock:
            data = json.loads(json.dumps(self._read()))
            edit(data)
            cutoff = time.time() - self.max_age
            data["sessions"] = {k: s for k, s in data["sessions"].items()
                                if isinstance(s, dict) and s.get("started", 0) > cutoff}
            write_private(self.path, json.dumps(data, indent=1, sort_keys=True) + "\n")
            self._cache = None

    def create(self, user: str, address: str, agent: str = "") -> str:
        """A new session of ``user``; its id (for the cookie only: the file keeps its
        digest). The address becomes one of the user's known addresses."""
        sid = secrets.token_urlsafe(32)

        def edit(data: dict[str, Any]) -> None:
            data["sessions"][_digest(sid)] = {"user": user, "address": address[:64],
                                              "agent": agent[:160], "started": time.time(),
                                              "since": _now()}
            known = [a for a in data["known"].get(user, []) if a != address]
            data["known"][user] = ([address[:64]] + known)[:KNOWN_PER_USER]

        self._change(edit)
        return sid

    def alive(self, sid: object, user: str) -> bool:
        if not isinstance(sid, str) or not sid:
            return False
        entry = self._read()["sessions"].get(_digest(sid))
        return (isinstance(entry, dict) and entry.get("user") == user
                and time.time() - float(entry.get("started", 0)) < self.max_age)

    def end(self, sid: object) -> None:
        """Log out: the session id is forgotten (its cookie no longer works)."""
        if isinstance(sid, str) and sid:
            self._change(lambda data: data["sessions"].pop(_digest(sid), None))

    def revoke(self, key: str) -> bool:
        """End the session listed as ``key`` (``listing``'s id); whether it existed."""
        found = [d for d in self._read()["sessions"] if d[:16] == key[:16]] \
            if len(key) >= 16 else []
        if not found:
            return False
        self._change(lambda data: [data["sessions"].pop(d, None) for d in found])
        return True

    def listing(self) -> list[dict[str, Any]]:
        """The live sessions, newest first (``id``: a short key to revoke one)."""
        cutoff = time.time() - self.max_age
        rows = [{"id": d[:16], "user": s.get("user", ""), "address": s.get("address", ""),
                 "agent": s.get("agent", ""), "since": s.get("since", ""),
                 "started": s.get("started", 0)}
                for d, s in self._read()["sessions"].items()
                if isinstance(s, dict) and s.get("started", 0) > cutoff]
        return sorted(rows, key=lambda r: -float(r["started"]))

    def known(self, user: str, address: str) -> bool:
        return address in self._read()["known"].get(user, [])


class LoginGuard:
    """Throttling by address and by name (see the module's docstring)."""

    def __init__(self, sessions: Sessions) -> None:
        self.sessions = sessions
        self.by_name = LoginThrottle(free=5, window=300.0, pause=30.0)
        self.by_address = LoginThrottle(free=20, window=300.0, pause=30.0)
        self.known_pair = LoginThrottle(free=3, window=300.0, pause=1.0)
        self._busy: set[str] = set()
        self._lock = threading.Lock()

    @staticmethod
    def _pair(name: str, address: str) -> str:
        return f"{name}\0{address}"

    def wait(self, name: str, address: str) -> tuple[int, float]:
        """(seconds to refuse for, seconds to delay before checking): from a known
        address never refused, only delayed."""
        if self.sessions.known(name, address):
            return 0, min(MAX_KNOWN_DELAY, self.known_pair.wait(self._pair(name, address)))
        return max(self.by_name.wait(name), self.by_address.wait(address)), 0.0

    def begin(self, name: str, address: str) -> bool:
        """One check at a time per (name, address): False if one is running."""
        with self._lock:
            key = self._pair(name, address)
            if key in self._busy:
                return False
            self._busy.add(key)
            return True

    def end(self, name: str, address: str) -> None:
        with self._lock:
            self._busy.discard(self._pair(name, address))

    def failed(self, name: str, address: str) -> None:
        self.by_address.failed(address)
        if self.sessions.known(name, address):
            self.known_pair.failed(self._pair(name, address))
        else:
            self.by_name.failed(name)

    def succeeded(self, name: str, address: str) -> None:
        self.by_name.succeeded(name)
        self.known_pair.succeeded(self._pair(name, address))


def printable(text: str, limit: int = 80) -> str:
    """``text`` with control characters escaped (an audit line stays one line)."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256
                   else f"\\u{ord(c):04x}" for c in text[:limit])


def audit(trail: AuditTrail, event: str, **fields: str) -> None:
    """One line of the audit log (``logs.AuditTrail``, its format) for what a route knows
    better than the request log: a refused login, with the name typed (control
    characters escaped) and the address."""
    trail.write({"time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                 "event": event} | {k: printable(v) for k, v in fields.items()})
