"""Input errors: one exception type for every problem a user can fix in a file.

Every message names the file, the line, the field, the bad value and the fix, so
the command line and the web page can show it without a traceback (exit 2).
"""

from __future__ import annotations

import datetime as dt
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


class Message(str):
    """An English message that remembers where it came from: its template (``msgid``,
    with "{}" fields: the gettext msgid) and the values put in it (``args``).

    It *is* the English text (``str(m)``, JSON, logs are unchanged); a translation
    looks ``msgid`` up and formats its own template with the translated ``args``. An
    arg may itself be a ``Message`` (an English word with a French form, such as
    "a list"), a date, a number or the user's own text.
    """

    msgid: str
    args: tuple[object, ...]

    def __new__(cls, msgid: str, *args: object) -> Message:
        self = super().__new__(cls, msgid.format(*args) if args else msgid)
        self.msgid = msgid
        self.args = args
        return self

    def __reduce__(self) -> tuple[object, ...]:   # pickled with its id (Dask, pools)
        return (Message, (self.msgid, *self.args))


def msg(template: str, *args: object) -> Message:
    """The marker of a message to translate (extracted as ``msg:1``): keep ``template``
    a literal string at the call site."""
    return Message(template, *args)


def message_to_json(message: Message) -> dict[str, object]:
    """A message as JSON data that ``message_from_json`` makes a ``Message`` again."""
    def value(v: object) -> object:
        if isinstance(v, Message):
            return {"message": message_to_json(v)}
        if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
            return {"date": v.isoformat()}
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return v
        return format(v, "")
    return {"msgid": message.msgid, "args": [value(v) for v in message.args]}


def message_from_json(data: object) -> Message | None:
    """The ``Message`` of ``message_to_json`` (None if ``data`` is not one)."""
    if not isinstance(data, dict) or not isinstance(data.get("msgid"), str) \
            or not isinstance(data.get("args"), list):
        return None
    args: list[object] = []
    for v in data["args"]:
        if isinstance(v, dict) and "message" in v:
            inner = message_from_json(v["message"])
            if inner is None:
                return None
            args.append(inner)
        elif isinstance(v, dict) and isinstance(v.get("date"), str):
            try:
                args.append(dt.date.fromisoformat(v["date"]))
            except ValueError:
                return None
        elif isinstance(v, (str, int, float)):
            args.append(v)
        else:
            return None
    try:
        return Message(data["msgid"], *args)
    except (IndexError, KeyError, ValueError):   # a template its values do not fit
        return None
