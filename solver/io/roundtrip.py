"""Edits of a user's class file that keep the file: only the periods that change change.

``repair --in-place`` and ``repair -o`` used to dump the repaired scenario from scratch:
comments gone, ``weeks:`` turned into ``to:``, defaults added. ``edit_periods_text``
instead reads the user's text with ``ruamel.yaml``'s round-trip loader (comments, key
order, quoting, flow or block style all kept), applies the repair's edits to the period
nodes they name (by the student's id and the period's index in the file), and writes
the text back. A period keeps its form: a period written with ``weeks:`` keeps
``weeks:`` when its new end is a whole number of weeks after its start (``to:``
otherwise, at the same place in the mapping); quoted dates stay quoted; a new period
is written in the style of its neighbours.

The result is checked before it is trusted: read back with the project's own loader,
it must give every student exactly the periods of the repaired scenario. When it does
not (or the file is an overlay, or JSON), ``None`` is returned and the caller writes the
plain plan file as before.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from solver.core.errors import InputError
from solver.core.model import Period, Scenario
from solver.core.plan import period_end
from solver.core.yamlload import load_text, parse_date
from solver.load.scenario import parse_scenario

INDENTS = [(m, s, o) for m in (2, 4, 3) for s in (4, 2, 6, 3) for o in (2, 0, 4, 1)
           if o <= s - 2]


def _round_trip(mapping: int, sequence: int, offset: int) -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096            # never re-wrap a user's long flow mapping
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    return y


def _dump(y: YAML, doc: Any) -> str:
    buf = io.StringIO()
    y.dump(doc, buf)
    return buf.getvalue()


def _loader_for(text: str) -> tuple[YAML, Any] | None:
    """A round-trip YAML whose indentation reproduces ``text`` unchanged (else the one
    that changes the fewest lines), and the document it read."""
    best: tuple[int, YAML, Any] | None = None
    lines = text.splitlines()
    for indents in INDENTS:
        y = _round_trip(*indents)
        doc = y.load(text)
        again = _dump(y, doc)
        if again == text:
            return y, doc
        cost = sum(1 for tag, *_ in difflib.SequenceMatcher(
            None, lines, again.splitlines(), autojunk=False).get_opcodes() if tag != "equal")
        if best is None or cost < best[0]:
            best = (cost, y, doc)
    return (best[1], best[2]) if best is not None else None


def _weeks_of(start: dt.date, end: dt.date) -> int | None:
    """k when ``end`` is what ``weeks: k`` from ``start`` gives, else None."""
    for k in range(1, 105):
        got = period_end(start, k)
        if got == end:
            return k
        if got > end:
            return None
    return None


def _date_like(old: Any, value: dt.date) -> Any:
    """``value`` in the form of ``old``: a quoted string stays a quoted string; a
    timestamp (``2026-03-02 10:00:00``, read by the loader as its day) becomes a date."""
    if isinstance(old, dt.datetime):
        return value
    if isinstance(old, str):
        return type(old)(value.isoformat()) if type(old) is not str else value.isoformat()
    return value


def _set_key(node: CommentedMap, key: str, value: Any, after: Sequence[str] = ()) -> None:
    """Set ``key``; a new key goes right after the last of ``after`` that exists."""
    if key in node:
        node[key] = value
        return
    keys = list(node.keys())
    pos = len(keys)
    for k in after:
        if k in node:
            pos = keys.index(k) + 1
    node.insert(pos, key, value)


def _apply(node: CommentedMap, old: Period | None, new: Period) -> None:
    """Make the period mapping ``node`` say ``new`` (it said ``old``), touching only the
    fields that differ."""
    if old is None or old.start != new.start:
        node["from"] = _date_like(node.get("from"), new.start)
    end_changed = old is None or old.end != new.end or old.start != new.start
    if end_changed:
        weeks = _weeks_of(new.start, new.end) if "weeks" in node or old is None else None
        if weeks is not None and "weeks" in node:
            node["weeks"] = weeks
        elif weeks is not None and old is None:
            _set_key(node, "weeks", weeks, ("from",))
        else:
            keys = list(node.keys())
            pos = keys.index("weeks") if "weeks" in node else None
            if pos is not None:
                del node["weeks"]
                node.insert(pos, "to", _date_like(node.get("from"), new.end))
            else:
                _set_key(node, "to", _date_like(node.get("to"), new.end), ("from",))
    if old is None or old.place != new.place:
        _set_key(node, "place", new.place, ("from", "to", "weeks"))
    if old is None or old.country != new.country:
        if new.country:
            _set_key(node, "country", new.country, ("from", "to", "weeks", "place"))
        elif "country" in node:
            del node["country"]


def _new_node(new: Period, like: CommentedMap | None) -> CommentedMap:
    node = CommentedMap()
    if like is not None and like.fa.flow_style():
        node.fa.set_flow_style()
    _apply(node, None, new)
    return node


def _find_student(students: Any, sid: str) -> CommentedMap | None:
    for item in students:
        if isinstance(item, CommentedMap) and str(item.get("id")) == sid:
            return item
    return None


def edit_periods_text(text: str, file: str, before: Scenario, after: Scenario,
                      edits: dict[str, list[tuple[int | None, Period | None, Period | None]]]
                      ) -> str | None:
    """``text`` (the class file ``file`` that gave ``before``) with the period edits of
    ``edits`` applied: per student id, (index of the old period in the file or None for
    a new one, the old period, the new period or None when removed). ``after`` is the
    repaired scenario the result must read back as. None when the file cannot be
    edited in place (overlay, JSON, unexpected shape): write the plain plan instead."""
    if Path(file).suffix.lower() == ".json" or "base" in before.raw or "changes" in before.raw:
        return None
    try:
        found = _loader_for(text)
    except (YAMLError, ValueError, TypeError):
        return None
    if found is None:
        return None
    y, doc = found
    if not isinstance(doc, CommentedMap) or not isinstance(doc.get("students"), CommentedSeq):
        return None
    for sid, changes in edits.items():
        node = _find_student(doc["students"], sid)
        if node is None:
            return None
        periods = node.get("periods")
        if periods is None:
            periods = CommentedSeq()
            _set_key(node, "periods", periods, tuple(node.keys()))
        if not isinstance(periods, CommentedSeq):
            return None
        like = next((p for p in periods if isinstance(p, CommentedMap)), None)
        removed: list[int] = []
        added: list[Period] = []
        for index, old, new in changes:
            if index is None:
                if new is not None:
                    added.append(new)
                continue
            if not 0 <= index < len(periods) or not isinstance(periods[index], CommentedMap):
                return None
            if new is None:
                removed.append(index)
            else:
                _apply(periods[index], old, new)
        for index in sorted(removed, reverse=True):
            del periods[index]
        for new in sorted(added, key=lambda p: (p.start, p.end)):
            at = len(periods)
            for i, p in enumerate(periods):
                start = p.get("from") if isinstance(p, CommentedMap) else None
                # whatever the loader accepts: a date, a timestamp, 2026-3-2, 02/03/2026
                day = parse_date(start)
                if day is not None and day > new.start:
                    at = i
                    break
            periods.insert(at, _new_node(new, like))
    out = _dump(y, doc)
    return out if _reads_back_as(out, file, after) else None


def _reads_back_as(text: str, file: str, after: Scenario) -> bool:
    """Whether ``text`` loads (with the project's loader) as ``after``'s periods."""
    try:
        data = load_text(text, file)
        got = parse_scenario(data, file, Path(file).resolve().parent)
    except InputError:
        return False

    def key(p: Period) -> tuple[Any, ...]:
        return (p.start, p.end, p.place, p.country, p.locked, p.label)
    want = {s.id: sorted(key(p) for p in s.periods) for s in after.students}
    have = {s.id: sorted(key(p) for p in s.periods) for s in got.students}
    return want == have
