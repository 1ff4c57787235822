"""Who may use the web page, and what each role may do.

Accounts live in the data folder, in ``.stageplan-users.json`` (mode 0600, written
atomically): one entry per user with a role and an Argon2id password hash
(``argon2-cffi``), and the API tokens, kept only as SHA-256 digests (the token itself
is printed once by ``stageplan token create``). A ``stamp`` per user changes whenever
the password or the role changes, so that a session cookie signed before the change
stops working. The key signing session cookies (``.stageplan-secret``, 0600) is made on
first use.

Roles are ordered: coordinator > teacher > viewer. What a request needs is decided in
one place, ``required_role``: viewers may read (GET), teachers may also upload, run
solves and edit, and paths ending in ``/delete``, ``/archive``, ``/restore``,
``/rename`` or ``/accept`` need a coordinator. A state-changing route that the table
does not know needs a coordinator too (deny by default).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from solver.core.errors import InputError, msg
from solver.web.roles import ROLES

RANK = {role: i for i, role in enumerate(ROLES)}
USERS_FILE = ".stageplan-users.json"
SECRET_FILE = ".stageplan-secret"
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
TOKEN_PREFIX = "sp_"
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# ---- what each request needs ----------------------------------------------------------

#: requests anyone may make, logged in or not (the login form itself, its styles)
PUBLIC: tuple[tuple[frozenset[str], re.Pattern[str]], ...] = (
    (frozenset({"GET", "HEAD", "POST"}), re.compile(r"^/login$")),
    (SAFE_METHODS, re.compile(r"^/static/")),
    (frozenset({"GET"}), re.compile(r"^/login/oidc(/callback|/finish)?$")),   # web/oidc.py
)
#: path endings that only a coordinator may POST, whatever the route
COORDINATOR_SUFFIXES = ("/delete", "/archive", "/restore", "/rename", "/accept")
#: state-changing routes and the least role they need (first match wins; unknown
#: state-changing routes need a coordinator)
STATE_CHANGING: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^/logout$"), "viewer"),
    (re.compile(r"^/upload$"), "teacher"),
    (re.compile(r"^/import$"), "teacher"),                   # a class list (CSV, XLSX)
    (re.compile(r"^/c/[^/]+/upload$"), "teacher"),
    (re.compile(r"^/c/[^/]+/resolve$"), "teacher"),     # a write's conflict (its own user)
    (re.compile(r"^/c/[^/]+/run/[a-z]+$"), "teacher"),
    (re.compile(r"^/c/[^/]+/whatif$"), "teacher"),
    (re.compile(r"^/c/[^/]+/edit(/.*)?$"), "teacher"),       # editing pages (web/edit.py)
    (re.compile(r"^/jobs/[^/]+/cancel$"), "teacher"),
    (re.compile(r"^/api/(verify|generate|repair|explain|whatif)$"), "teacher"),
    (re.compile(r"^/api/calendar/import$"), "teacher"),     # an ICS file read, nothing saved
)


def required_role(method: str, path: str) -> str | None:
    """The least role a request needs; None when it is public."""
    method = method.upper()
    for methods, pattern in PUBLIC:
        if method in methods and pattern.match(path):
            return None
    if method in SAFE_METHODS:
        return "viewer"
    if path.rstrip("/").endswith(COORDINATOR_SUFFIXES):
        return "coordinator"
    for pattern, role in STATE_CHANGING:
        if pattern.match(path):
            return role
    return "coordinator"


def allows(role: str, needed: str) -> bool:
    return RANK.get(role, -1) >= RANK[needed]


# ---- accounts -------------------------------------------------------------------------

@dataclass(frozen=True)
class User:
    name: str
    role: str
    stamp: str = ""
    via_token: bool = False


def check_name(name: str) -> str:
    if not NAME_RE.match(name):
        raise InputError(msg("'{}' is not a valid user name", name[:80]), field="NAME",
                         value=name[:80],
                         hint=msg("letters, digits and . _ @ -, 1 to 64 characters, starting "
                                  "with a letter or a digit"))
    return name


def check_role(role: str) -> str:
    if role not in RANK:
        raise InputError(msg("unknown role '{}'", role[:40]), field="--role", value=role[:40],
                         hint=msg("coordinator, teacher or viewer"))
    return role


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError(msg("the password is shorter than {} characters", MIN_PASSWORD),
                         field="password", hint=msg("choose a longer password"))
    if len(password) > MAX_PASSWORD:
        raise InputError(msg("the password is longer than {} characters", MAX_PASSWORD),
                         field="password")
    return password


def _hasher() -> Any:
    """Argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): a school
    server of 2 cores checks a class's worth of logins at once in seconds, while each
    guess still costs an attacker that memory and time. A hash keeps its own parameters,
    so hashes made with other settings still verify."""
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically with mode 0600 (whatever the umask)."""
    fd, tmp = tempfile.mkstemp(prefix=".new.", suffix=".tmp", dir=str(path.parent))
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


class Accounts:
    """The users and API tokens of one data folder."""

    def __init__(self, data_dir: str | Path) -> None:
        self.root = Path(data_dir)
        self.path = self.root / USERS_FILE
        self._lock = threading.Lock()
        self._cache: tuple[float, dict[str, Any]] | None = None
        # a hash to check against when the user does not exist: the answer takes the
        # same time whether or not the name is known
        self._dummy: str | None = None

    # ---- the file ----
    def _read(self) -> dict[str, Any]:
        try:
            mtime = self.path.stat().st_mtime
        except FileNotFoundError:
            return {"users": {}, "tokens": {}}
        if self._cache is not None and self._cache[0] == mtime:
            return self._cache[1]
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(msg("the accounts file cannot be read ({})", exc), str(self.path),
                             hint=msg("restore it from a backup or delete it and add the "
                                      "users again")) from None
        if not isinstance(data, dict):
            raise InputError(msg("the accounts file is not a JSON object"), str(self.path))
        data.setdefault("users", {})
        data.setdefault("tokens", {})
        self._cache = (mtime, data)
        return data

    def _write(self, data: dict[str, Any]) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        write_private(self.path, json.dumps(data, indent=1, sort_keys=True) + "\n")
        self._cache = None

    def has_users(self) -> bool:
        return bool(self._read()["users"])

    def users(self) -> list[User]:
        return [User(n, u["role"], u.get("stamp", ""))
                for n, u in sorted(self._read()["users"].items())]

    def get(self, name: str) -> User | None:
        u = self._read()["users"].get(name)
        return User(name, u["role"], u.get("stamp", "")) if isinstance(u, dict) else None

    # ---- changes (the command line) ----
    def add(self, name: str, role: str, password: str, *, replace: bool = False) -> User:
        check_name(name)
        check_role(role)
        check_password(password)
        with self._lock:
            data = json.loads(json.dumps(self._read()))
            if name in data["users"] and not replace:
                raise InputError(msg("user '{}' exists already", name), field="NAME", value=name,
                                 hint=msg("stageplan user passwd NAME changes the password; "
                                          "stageplan user remove NAME removes the account"))
            data["users"][name] = {"role": role, "hash": _hasher().hash(password),
                                   "stamp": secrets.token_hex(8),
                                   "created": dt.datetime.now(dt.UTC).isoformat(
                                       timespec="seconds")}
            self._write(data)
        return User(name, role, data["users"][name]["stamp"])

    def remove(self, name: str) -> None:
        with self._lock:
            data = json.loads(json.dumps(self._read()))
            if name not in data["users"]:
                raise InputError(msg("no user '{}'", name[:80]), field="NAME", value=name[:80])
            del data["users"][name]
            data["tokens"] = {k: t for k, t in data["tokens"].items() if t.get("user") != name}
            self._write(data)

    def create_token(self, name: str, label: str = "") -> str:
        with self._lock:
            data = json.loads(json.dumps(self._read()))
            if name not in data["users"]:
                raise InputError(msg("no user '{}'", name[:80]), field="USER", value=name[:80],
                                 hint=msg("stageplan user add NAME --role ... first"))
            token = TOKEN_PREFIX + secrets.token_urlsafe(32)
            data["tokens"][token_digest(token)] = {
                "user": name, "label": label[:100],
                "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
            self._write(data)
        return token

    def revoke_tokens(self, name: str) -> int:
        with self._lock:
            data = json.loads(json.dumps(self._read()))
            kept = {k: t for k, t in data["tokens"].items() if t.get("user") != name}
            gone = len(data["tokens"]) - len(kept)
            data["tokens"] = kept
            self._write(data)
        return gone

    # ---- checks (the web) ----
    def authenticate(self, name: str, password: str) -> User | None:
        """The user if ``password`` is theirs; None otherwise (same time either way)."""
        from argon2.exceptions import InvalidHashError, VerificationError

        hasher = _hasher()
        entry = self._read()["users"].get(name) if NAME_RE.match(name or "") else None
        if not isinstance(entry, dict):
            if self._dummy is None:
                self._dummy = hasher.hash(secrets.token_hex(16))
            entry = {"hash": self._dummy, "role": None}
        try:
            hasher.verify(entry["hash"], password[:MAX_PASSWORD])
        except (VerificationError, InvalidHashError):
            return None
        if entry.get("role") not in RANK:
            return None
        return User(name, entry["role"], entry.get("stamp", ""))

    def user_for_token(self, token: str) -> User | None:
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        data = self._read()
        entry = data["tokens"].get(token_digest(token))
        if not isinstance(entry, dict):
            return None
        user = self.get(str(entry.get("user")))
        return User(user.name, user.role, user.stamp, via_token=True) if user else None

    def session_user(self, name: object, stamp: object) -> User | None:
        """The user a session cookie names, if their account is unchanged since login."""
        if not isinstance(name, str) or not isinstance(stamp, str):
            return None
        user = self.get(name)
        if user is None or not secrets.compare_digest(user.stamp, stamp):
            return None
        return user

    def secret_key(self) -> str:
        """The key signing session cookies, made on first use (mode 0600)."""
        path = self.root / SECRET_FILE
        with self._lock:
            try:
                key = path.read_text(encoding="utf-8").strip()
            except FileNotFoundError:
                key = ""
            if len(key) < 32:
                key = secrets.token_urlsafe(48)
                self.root.mkdir(parents=True, exist_ok=True)
                write_private(path, key + "\n")
        return key


class LoginThrottle:
    """Slows password guessing: after ``free`` failed logins of one user name within
    ``window`` seconds, that name must wait ``pause`` seconds (doubling each time, up
    to 8 times ``pause``: a guesser cannot lock a colleague out for long)."""

    def __init__(self, free: int = 5, window: float = 300.0, pause: float = 30.0) -> None:
        import time

        self._clock = time.monotonic
        self.free, self.window, self.pause = free, window, pause
        self._fails: dict[str, list[float]] = {}
        self._until: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def wait(self, name: str) -> int:
        """Seconds ``name`` must still wait before trying again (0: may try now)."""
        with self._lock:
            until = self._until.get(name.lower())
            left = until[0] - self._clock() if until else 0.0
            return max(0, int(left + 0.999))

    def failed(self, name: str) -> None:
        key = name.lower()
        now = self._clock()
        with self._lock:
            if len(self._fails) > 10_000:   # bounded memory whatever is tried
                self._fails.clear()
            recent = [t for t in self._fails.get(key, []) if now - t < self.window]
            recent.append(now)
            self._fails[key] = recent
            if len(recent) >= self.free:
                strikes = self._until.get(key, (0.0, 0))[1] + 1
                self._until[key] = (now + self.pause * 2 ** min(strikes - 1, 3), strikes)
                self._fails[key] = []

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._fails.pop(name.lower(), None)
            self._until.pop(name.lower(), None)
