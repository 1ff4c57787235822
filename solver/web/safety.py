"""What a request may change: no ``--set`` from the web names a file of the server.

The what-if changes of the page and of ``/api/whatif`` go to ``stageplan whatif --set``
in a fenced child process (``child``), which refuses to open any file anyway; these
checks refuse the obvious cases before a job is even queued, with a clear message and
without echoing anything of the server: ``programme=`` takes a built-in id only,
``base`` is no path a request may set, and a change is a bounded string.
"""

from __future__ import annotations

from solver.core.errors import InputError, msg
from solver.core.model import builtin_models
from solver.load.overlay import parse_set

MAX_CHANGES = 20
MAX_CHANGE_CHARS = 500
REFUSED_PATHS = ("base", "changes", "generated")


def check_changes(changes: list[str], where: str = "set") -> None:
    """InputError for a change that would make the server read a file (or is too big)."""
    if len(changes) > MAX_CHANGES:
        raise InputError(msg("at most {} changes at a time", MAX_CHANGES), "request", field=where)
    for i, text in enumerate(changes):
        field = f"{where}[{i}]"
        if len(text) > MAX_CHANGE_CHARS:
            raise InputError(msg("a change is at most {} characters", MAX_CHANGE_CHARS), "request",
                             field=field)
        change = parse_set(text, field, "request")
        root = change.path.split(".", 1)[0].split("[", 1)[0].strip()
        if root in REFUSED_PATHS:
            raise InputError(msg("'{}' cannot be changed from the web page", root), "request",
                             field=field, hint=msg("change the class itself, then ask again"))
        if root == "programme" and change.path.strip() == "programme":
            value = change.value
            if not isinstance(value, str) or value not in builtin_models():
                raise InputError(msg("the web page accepts the built-in programmes only"),
                                 "request", field=field,
                                 hint=msg("programme={}", " | ".join(builtin_models())))
