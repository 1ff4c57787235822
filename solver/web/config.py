"""``stageplan serve --config serve.toml``: the server's settings in one file.

A rectorate or a school's IT team keeps the settings of ``serve`` in a TOML file rather
than on a command line (hosts, workers, limits, data folder, login, logs)::

    [server]
    host = "0.0.0.0"
    port = 8000
    allowed_hosts = ["stageplan.lycee-monnet.fr"]
    secure_cookies = true           # behind an HTTPS proxy
    data = "/srv/stageplan"

    [limits]
    time_limit = 60                 # seconds a solve may take
    workers = 2                     # solves at once
    queue_size = 8                  # solves waiting or running
    per_user = 2                    # solves one user may have
    memory_limit = 2048             # MiB one solve may use (0: no limit)

    [log]
    level = "info"                  # debug, info, warning, error
    file = "/var/log/stageplan/requests.log"   # default: stderr
    audit = "/var/log/stageplan/audit.log"     # default: DATA/.stageplan-audit.log

    [login]
    no_auth = false                 # true only with host = "127.0.0.1"

An option given on the command line wins over the file. Every key is checked: an
unknown section or key, or a value of the wrong type, is an ``InputError`` with the
file, the line and the key (exit 2), like any other input.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from solver.core.errors import InputError, msg

# section -> key -> (type, the serve option it sets)
KEYS: dict[str, dict[str, tuple[type | tuple[type, ...], str]]] = {
    "server": {"host": (str, "host"), "port": (int, "port"),
               "allowed_hosts": (list, "allowed_hosts"),
               "secure_cookies": (bool, "secure_cookies"), "data": (str, "data")},
    "limits": {"time_limit": ((int, float), "time_limit"), "workers": (int, "workers"),
               "queue_size": (int, "queue_size"), "per_user": (int, "per_user"),
               "memory_limit": (int, "memory_limit")},
    "log": {"level": (str, "log_level"), "file": (str, "log_file"),
            "audit": (str, "audit_log")},
    "login": {"no_auth": (bool, "no_auth"), "oidc": (dict, "oidc")},
}
LEVELS = ("debug", "info", "warning", "error")
# the same bounds as the command line's options
RANGES = {"port": (1, 65535), "time_limit": (1, 3600), "workers": (1, 64),
          "queue_size": (1, 1000), "per_user": (1, 100), "memory_limit": (0, 1 << 20)}
TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false",
              list: "a list of texts", (int, float): "a number", dict: "a table"}


def _line(text: str, section: str, key: str | None) -> int | None:
    """The line of ``[section]`` or of ``key =`` inside it (TOML parsers give none)."""
    lines = text.splitlines()
    start = next((i for i, ln in enumerate(lines)
                  if re.match(rf"^\s*\[\s*{re.escape(section)}\s*\]", ln)), None)
    if start is None or key is None:
        return None if start is None else start + 1
    for i in range(start + 1, len(lines)):
        if re.match(r"^\s*\[", lines[i]):
            break
        if re.match(rf"^\s*{re.escape(key)}\s*=", lines[i]):
            return i + 1
    return start + 1


def load_config(path: str | Path) -> dict[str, Any]:
    """The serve options a configuration file sets (option name -> value)."""
    file = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(msg("file not found"), file, field="--config") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(msg("cannot read the file: {}", exc), file, field="--config") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        raise InputError(msg("not a TOML file ({})", exc), file,
                         int(found.group(1)) if found else None, None, None,
                         msg("write key = value lines under [server], [limits], [log], "
                             "[login]")) from None
    out: dict[str, Any] = {}
    for section, values in data.items():
        if section not in KEYS or not isinstance(values, dict):
            raise InputError(msg("unknown section [{}]", section), file, _line(text, section,
                                                                               None),
                             section, hint=msg("sections: {}", ", ".join(f"[{s}]" for s in KEYS)))
        for key, value in values.items():
            where = _line(text, section, key)
            if key not in KEYS[section]:
                raise InputError(msg("unknown key '{}' in [{}]", key, section), file, where,
                                 f"{section}.{key}", hint=msg("keys: {}",
                                                              ", ".join(KEYS[section])))
            kind, option = KEYS[section][key]
            ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
            if ok and kind is list:
                ok = all(isinstance(v, str) for v in value)
            if not ok:
                raise InputError(msg("'{}' must be {}", key, TYPE_NAMES[kind]), file, where,
                                 f"{section}.{key}", value)
            low, high = RANGES.get(option, (None, None))
            if low is not None and high is not None and not low <= value <= high:
                raise InputError(msg("'{}' must lie between {} and {}", key, low, high), file,
                                 where,
                                 f"{section}.{key}", value)
            if option == "log_level" and value not in LEVELS:
                raise InputError(msg("unknown log level '{}'", value), file, where,
                                 f"{section}.{key}", value, msg("one of: {}", ", ".join(LEVELS)))
            out[option] = tuple(value) if kind is list else value
    return out
