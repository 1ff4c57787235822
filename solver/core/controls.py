"""Control characters from a file, made visible instead of obeyed.

An id, a name or a message comes from a file someone else wrote: an ``ESC[2J`` in it
would clear the terminal of whoever prints it, a carriage return would overwrite the
line, a newline would split a one-line error in two, a bidirectional override would
show the text in another order than it is. ``visible`` writes each such character as
an escape (``\\x1b``, ``\\n``, ``\\u202e``): the text reads the same, nothing is obeyed.
"""

from __future__ import annotations

import re

# C0 (but tab), DEL, C1, and the bidirectional embeddings, overrides and isolates
_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_BUT_NEWLINE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape(m: re.Match[str]) -> str:
    c = m.group(0)
    if c in _NAMED:
        return _NAMED[c]
    return f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}"


def visible(text: str, *, newlines: bool = False) -> str:
    """``text`` with its control characters escaped; ``newlines=True`` keeps line breaks
    (a multi-line report), else they are escaped too (a one-line error)."""
    pattern = _CONTROLS_BUT_NEWLINE if newlines else _CONTROLS
    return pattern.sub(_escape, text)
