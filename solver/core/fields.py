"""Strict, typed reading of mappings loaded by ``yamlload``.

``Fields`` wraps one mapping and hands out its values by type; anything missing,
mistyped or unknown becomes an ``InputError`` naming the file, line and field, with
a "did you mean" hint for typos. Used for scenarios, programme models and overlays.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Iterable, Mapping
from typing import Any

from solver.core.errors import InputError, msg
from solver.core.yamlload import LDict, LList, parse_date

_MISSING = object()
# Bounds for every number and date a file gives, where a field sets none of its own:
# wider than any real value, narrow enough that CP-SAT (64-bit sums of weights times
# days) and date arithmetic (weeks added to a date) can never overflow.
NUMBER_LIMIT = 1_000_000
FIRST_DATE, LAST_DATE = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
Str = str
Int = int
List = list


def suggest(word: str, choices: Iterable[str]) -> str | None:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return msg("did you mean '{}'?", match[0]) if match else None


def with_known(hint: str | None, known: Iterable[str]) -> str:
    """« did you mean 'x'? known: a, b »: a suggestion (if any), then the known values."""
    listed = msg("known: {}", ", ".join(known))
    return msg("{} {}", hint, listed) if hint else listed


def type_name(value: Any) -> str:
    if isinstance(value, dict):
        return msg("a mapping")
    if isinstance(value, list):
        return msg("a list")
    if value is None:
        return msg("nothing")
    if isinstance(value, bool):
        return msg("true/false")
    if isinstance(value, (int, float)):
        return msg("a number")
    if isinstance(value, dt.date):
        return msg("a date")
    return msg("text")


class Fields:
    """Typed access to one mapping; ``path`` is the dotted name used in messages."""

    def __init__(self, data: Any, path: Str, file: Str | None, line: Int | None = None):
        if not isinstance(data, dict):
            raise InputError(
                msg("expected a mapping (key: value lines), found {}", type_name(data)),
                file,
                getattr(data, "line", None) or line,
                path or None,
            )
        self.data = data
        self.path = path
        self.file = file
        self.line = getattr(data, "line", None) or line

    def name(self, key: Str) -> Str:
        return f"{self.path}.{key}" if self.path else key

    def line_of(self, key: Str) -> int | None:
        if isinstance(self.data, LDict):
            return self.data.line_of(key)
        return self.line

    def error(self, key: Str, message: Str, value: Any = None,
              hint: Str | None = None) -> InputError:
        return InputError(message, self.file, self.line_of(key), self.name(key), value, hint)

    def has(self, key: Str) -> bool:
        return key in self.data and self.data[key] is not None

    def raw(self, key: Str, default: Any = _MISSING) -> Any:
        if key not in self.data or self.data[key] is None:
            if default is _MISSING:
                raise InputError(
                    msg("is required"), self.file, self.line, self.name(key), hint=msg("add '{}:'",
                                                                                       key)
                )
            return default
        return self.data[key]

    def text_of(self, key: Str) -> Str | None:
        """The source text of a plain scalar YAML 1.1 did not read as text."""
        return self.data.text_of(key) if isinstance(self.data, LDict) else None

    def str(self, key: Str, default: Any = _MISSING, choices: Iterable[Str] | None = None,
            aliases: Mapping[Str, Str] | None = None) -> Any:
        """Text; with ``aliases`` (solver/aliases.py), a word such as « apprenti » becomes
        its canonical value before ``choices`` are checked."""
        value = self.raw(key, default)
        if value is default and default is not _MISSING:
            return value
        if not isinstance(value, str):
            # Reading (issue 10): a field the contract types as text is read as written:
            # ``country: NO`` is Norway (YAML 1.1 says false), ``id: 010`` is "010"
            value = self.text_of(key) or value
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise self.error(key, msg("expected text, found {}", type_name(value)), value)
        value = str(value).strip()
        if aliases is not None:
            from solver.core.aliases import canonical

            value = canonical(value, aliases)
        if choices is not None:
            options = list(choices)
            if value not in options:
                hint = suggest(value, options) or msg("one of: {}", ", ".join(options))
                raise self.error(key, msg("unknown value '{}'", value), value, hint)
        return value

    def int(self, key: Str, default: Any = _MISSING, minimum: Int | None = None,
            maximum: Int | None = None) -> Any:
        value = self.raw(key, default)
        if value is default and default is not _MISSING:
            return value
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and math.isfinite(value) and value.is_integer():
                value = int(value)
            else:
                raise self.error(key, msg("expected a whole number, found {}", type_name(value)),
                                 value)
        return self._in_range(key, value, minimum, maximum)

    def _in_range(self, key: Str, value: Any, minimum: float | None,
                  maximum: float | None) -> Any:
        lo = -NUMBER_LIMIT if minimum is None else minimum
        hi = NUMBER_LIMIT if maximum is None else maximum
        if value < lo:
            raise self.error(key, msg("must be at least {}, found {}", lo, format(value, '.6g')),
                             value)
        if value > hi:
            raise self.error(key, msg("must be at most {}, found {}", hi, format(value, '.6g')),
                             value)
        return value

    def number(self, key: Str, default: Any = _MISSING, minimum: float | None = None,
               maximum: float | None = None) -> Any:
        value = self.raw(key, default)
        if value is default and default is not _MISSING:
            return value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(key, msg("expected a number, found {}", type_name(value)), value)
        if isinstance(value, float) and not math.isfinite(value):
            raise self.error(key, msg("expected a finite number, found {}", value), value,
                             hint=msg("write an ordinary number such as 3 or 2.5"))
        return self._in_range(key, value, minimum, maximum)

    def bool(self, key: Str, default: Any = _MISSING) -> Any:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise self.error(key, msg("expected true or false, found {}", type_name(value)), value)
        return value

    def date(self, key: Str, default: Any = _MISSING) -> Any:
        value = self.raw(key, default)
        if value is default and default is not _MISSING:
            return value
        parsed = parse_date(value)
        if parsed is None:
            raise self.error(
                key, msg("'{}' is not a date", value), value, hint=msg("write dates as YYYY-MM-DD")
            )
        if not FIRST_DATE <= parsed <= LAST_DATE:
            raise self.error(key, msg("{} is outside the dates this tool plans ({} to {})",
                                      parsed.isoformat(), FIRST_DATE.year, LAST_DATE.year), value,
                             hint=msg("check the year"))
        return parsed

    def list(self, key: Str, default: Any = _MISSING) -> Any:
        value = self.raw(key, default)
        if value is default and default is not _MISSING:
            return value
        if not isinstance(value, list):
            raise self.error(key, msg("expected a list, found {}", type_name(value)), value)
        return value

    def str_list(self, key: Str, default: Any = _MISSING,
                 choices: Iterable[Str] | None = None) -> Any:
        value = self.raw(key, default)
        if value is default and default is not _MISSING:
            return value
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.error(key, msg("expected a list, found {}", type_name(value)), value)
        options = list(choices) if choices is not None else None
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) and isinstance(value, LList):
                item = value.text_of(i) or item   # ``[NO, SE]``: Norway, not false
            if not isinstance(item, str):
                raise self.error(key, msg("item {} must be text", i + 1), item)
            if options is not None and item not in options:
                hint = suggest(item, options) or msg("one of: {}", ", ".join(options))
                raise self.error(key, msg("unknown value '{}'", item), item, hint)
            out.append(item)
        return out

    def sub(self, key: Str) -> Fields:
        return Fields(self.raw(key), self.name(key), self.file, self.line_of(key))

    def items(self, key: Str) -> List[tuple[Int, Any, Int | None]]:
        """(index, item, line) for each entry of a list field (empty if absent)."""
        value = self.list(key, [])
        lines = value.line_of if isinstance(value, LList) else (lambda _i: self.line_of(key))
        return [(i, item, lines(i)) for i, item in enumerate(value)]

    def item_fields(self, key: Str, index: Int, item: Any, line: Int | None) -> Fields:
        return Fields(item, f"{self.name(key)}[{index}]", self.file, line)

    def reject_unknown(self, known: Iterable[Str]) -> None:
        allowed = set(known)
        for key in self.data:
            if key not in allowed:
                hint = suggest(key, allowed) or msg("known: {}", ", ".join(sorted(allowed)))
                raise self.error(key, msg("unknown field '{}'", key), key, hint)
