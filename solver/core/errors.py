"""Input errors: one exception type for every problem a user can fix in a file.

Every message names the file, the line, the field, the bad value and the fix, so
the command line and the web page can show it without a traceback (exit 2).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class InputError(Exception):
    """A problem in a file the user wrote (scenario, plan, model or overlay)."""

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None
    value: object = None
    hint: str | None = None

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        parts = [where]
        if self.field:
            parts.append(f"field '{self.field}'")
        text = ": ".join([", ".join(parts), self.message])
        if self.hint:
            text += f" ({self.hint})"
        return text

    def to_json(self) -> dict[str, object]:
        return {
            "error": self.message,
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "hint": self.hint,
        }
