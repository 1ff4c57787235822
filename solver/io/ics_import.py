"""Read the ministry's school calendar (one ICS file per zone, Corsica, overseas académie).

The files published by the Ministère de l'Éducation nationale are iCalendar (RFC 5545)
files with one VEVENT per break: ``SUMMARY`` says the break (« Vacances de la Toussaint
- Zone A »), ``DTSTART`` is its first day (the Saturday after the last class) and
``DTEND`` the day classes resume (exclusive, as RFC 5545 says for DATE values). A break
that begins the summer may come without ``DTEND``: it then runs to the day before the
next « Rentrée scolaire des élèves ». Other events (rentrées, « Début de l'année
scolaire ») only serve that purpose.

``read_ics`` returns the holiday spans; any problem is an ``InputError`` with the file,
the line and the property (``DTSTART``, ``DTEND``, ``SUMMARY``), exit 2 on the command line.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from solver.core.calendar import DateSpan
from solver.core.errors import InputError
from solver.io import guards

MAX_ICS_BYTES = 2 * 1024 * 1024
_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z?)?$")
_ZONE_SUFFIX = re.compile(r"\s*[-–—:]\s*(zone\s+[abc]|corse|acad[ée]mie.*|la r[ée]union|"
                          r"guadeloupe|martinique|guyane|mayotte|"
                          r"saint-pierre-et-miquelon|polyn[ée]sie.*|nouvelle-cal[ée]donie)"
                          r"\s*$", re.IGNORECASE)


@dataclass
class _Event:
    line: int
    props: dict[str, tuple[str, str, int]]   # name -> (params, value, line)


def _unfold(text: str) -> list[tuple[int, str]]:
    """Logical lines (RFC 5545 folding undone) with the physical line they start on."""
    out: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in (" ", "\t") and out:
            out[-1] = (out[-1][0], out[-1][1] + raw[1:])
        elif raw.strip():
            out.append((number, raw))
    return out


def _unescape(value: str) -> str:
    return (value.replace("\\n", " ").replace("\\N", " ").replace("\\,", ",")
            .replace("\\;", ";").replace("\\\\", "\\")).strip()


def _date(file: str, line: int, name: str, value: str, params: str) -> tuple[dt.date, bool]:
    """(date, at midnight) of a DATE or DATE-TIME value."""
    m = _DATE.match(value.strip())
    if m is None:
        raise InputError(f"'{value}' is not an iCalendar date (YYYYMMDD)", file, line, name,
                         value, "e.g. DTSTART;VALUE=DATE:20251018")
    guards.check_ics_year(int(m.group(1)), file, line, name, value)
    try:
        day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError as exc:
        raise InputError(f"'{value}' is not a real date ({exc})", file, line, name,
                         value) from None
    midnight = m.group(4) is None or (m.group(4), m.group(5), m.group(6)) == ("00", "00", "00")
    return day, midnight


def clean_name(summary: str) -> str:
    """« Vacances de la Toussaint - Zone A » -> « Vacances de la Toussaint »."""
    return _ZONE_SUFFIX.sub("", summary).strip() or summary.strip()


def _events(text: str, file: str) -> list[_Event]:
    lines = _unfold(text)
    if not lines or lines[0][1].strip().upper() != "BEGIN:VCALENDAR":
        raise InputError("not an iCalendar file: it must start with BEGIN:VCALENDAR", file,
                         lines[0][0] if lines else 1, "BEGIN",
                         hint="export the calendar as .ics from the ministry's page")
    events: list[_Event] = []
    current: _Event | None = None
    ended = False
    for number, raw in lines[1:]:
        if ":" not in raw:
            raise InputError("a property line needs 'NAME:value'", file, number, raw[:30])
        head, value = raw.split(":", 1)
        name, _, params = head.partition(";")
        name = name.strip().upper()
        if name == "BEGIN" and value.strip().upper() == "VEVENT":
            if current is not None:
                raise InputError("BEGIN:VEVENT inside another event", file, number, "BEGIN",
                                 hint=f"close the event of line {current.line} with "
                                      "END:VEVENT")
            current = _Event(number, {})
        elif name == "END" and value.strip().upper() == "VEVENT":
            if current is None:
                raise InputError("END:VEVENT without BEGIN:VEVENT", file, number, "END")
            events.append(current)
            current = None
        elif name == "END" and value.strip().upper() == "VCALENDAR":
            if current is not None:
                raise InputError("the event is not closed", file, current.line, "END",
                                 hint="add END:VEVENT")
            ended = True
            break
        elif current is not None and name not in current.props:
            current.props[name] = (params, value, number)
    if current is not None:
        raise InputError("the event is not closed", file, current.line, "END",
                         hint="add END:VEVENT")
    if not ended:
        raise InputError("the file ends without END:VCALENDAR (cut short?)", file,
                         lines[-1][0], "END")
    return events


def read_ics_text(text: str, file: str) -> list[DateSpan]:
    """The school holidays of an ICS school calendar, sorted by date."""
    spans: list[DateSpan] = []
    open_starts: list[tuple[dt.date, str, int]] = []   # breaks without DTEND
    rentrees: list[dt.date] = []
    guards.check_ics_size(text, file)
    for ev in _events(text, file):
        guards.check_ics_recurrence(ev.props, file, ev.line)
        if "SUMMARY" not in ev.props:
            raise InputError("the event has no SUMMARY (the name of the break)", file,
                             ev.line, "SUMMARY")
        if "DTSTART" not in ev.props:
            raise InputError("the event has no DTSTART", file, ev.line, "DTSTART")
        summary = _unescape(ev.props["SUMMARY"][1])
        s_params, s_value, s_line = ev.props["DTSTART"]
        start, _ = _date(file, s_line, "DTSTART", s_value, s_params)
        low = summary.lower()
        if "rentrée" in low or "rentree" in low:
            if "enseignant" not in low:
                rentrees.append(start)
            continue
        if not any(w in low for w in ("vacances", "congé", "conge", "pont", "holiday")):
            continue   # « Début de l'année scolaire » and the like
        name = clean_name(summary)
        if "DTEND" not in ev.props:
            open_starts.append((start, name, s_line))
            continue
        e_params, e_value, e_line = ev.props["DTEND"]
        end, midnight = _date(file, e_line, "DTEND", e_value, e_params)
        last = end - dt.timedelta(days=1) if midnight else end
        if last < start:
            raise InputError(f"DTEND ({e_value.strip()}) is not after DTSTART "
                             f"({s_value.strip()})", file, e_line, "DTEND", e_value.strip())
        spans.append(DateSpan(start, last, name, s_line))
    for start, name, line in open_starts:
        later = [r for r in rentrees if r > start]
        if not later:
            raise InputError(f"« {name} » has no DTEND and no later « Rentrée scolaire des "
                             "élèves » to end it", file, line, "DTEND",
                             hint="add DTEND, or import a file that goes on to the next "
                                  "school year")
        spans.append(DateSpan(start, min(later) - dt.timedelta(days=1), name, line))
    if not spans:
        raise InputError("no school holidays found (no VEVENT whose SUMMARY says "
                         "« Vacances »)", file, None, "SUMMARY")
    return sorted(spans, key=lambda s: (s.start, s.end))


def read_ics(path: str | Path) -> list[DateSpan]:
    p = Path(path)
    name = str(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", name) from None
    except IsADirectoryError:
        raise InputError("this is a folder, not a file", name) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", name) from None
    if len(raw) > MAX_ICS_BYTES:
        raise InputError(f"file is larger than {MAX_ICS_BYTES // 1024 // 1024} MiB", name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", name,
                         hint="the ministry's files are UTF-8") from None
    return read_ics_text(text, name)


def between(spans: list[DateSpan], lo: dt.date | None, hi: dt.date | None) -> list[DateSpan]:
    """The spans that overlap [lo, hi] (either bound may be open)."""
    return [s for s in spans if (lo is None or s.end >= lo) and (hi is None or s.start <= hi)]


def holidays_data(spans: list[DateSpan], source: str) -> dict[str, Any]:
    """A holidays file (``holidays_file:``): its source and the ``holidays:`` list."""
    return {"source": source,
            "holidays": [{"name": s.label, "from": s.start, "to": s.end} for s in spans]}
