"""Read the ministry's school calendar (one ICS file per zone, Corsica, overseas académie).

The files published by the Ministère de l'Éducation nationale are iCalendar (RFC 5545)
files with one VEVENT per break: ``SUMMARY`` says the break (« Vacances de la Toussaint
- Zone A »), ``DTSTART`` is its first day (the Saturday after the last class) and
``DTEND`` the day classes resume (exclusive, as RFC 5545 says for DATE values). A break
that begins the summer may come without ``DTEND``: it then runs to the day before the
next « Rentrée scolaire des élèves ». Other events (rentrées, « Début de l'année
scolaire ») only serve that purpose.

Values are read by ``icalendar`` (the field's library): ``DURATION`` instead of ``DTEND``,
times in UTC or with a ``TZID`` converted to the académie's time zone (Europe/Paris, or
the overseas académie's own, guessed from ``X-WR-TIMEZONE`` or the names of the events,
or given), an end at midnight exclusive, and recurrences (``RRULE``, ``RDATE``,
``EXDATE``) expanded by ``recurring-ical-events``; a recurrence without an end is
refused. A light scan of the text beside it keeps the line of each event and property,
so any problem is an ``InputError`` with the file, the line and the property
(``DTSTART``, ``DTEND``, ``SUMMARY``), exit 2 on the command line. ``notes`` (when given)
receives what was guessed or converted, for the command to say it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import recurring_ical_events

from solver.core.calendar import DateSpan
from solver.core.errors import InputError, msg
from solver.i18n.catalog import ui, ui_n
from solver.io import guards

MAX_ICS_BYTES = 2 * 1024 * 1024
MAX_OCCURRENCES = 400          # an RRULE expanding further is a mistake, not a calendar
DEFAULT_TZ = "Europe/Paris"
_ZONE_SUFFIX = re.compile(r"\s*[-–—:]\s*(zone\s+[abc]|corse|acad[ée]mie.*|la r[ée]union|"
                          r"guadeloupe|martinique|guyane|mayotte|"
                          r"saint-pierre-et-miquelon|polyn[ée]sie.*|nouvelle-cal[ée]donie)"
                          r"\s*$", re.IGNORECASE)
# Overseas académies and their legal time: their files may give times in UTC, and a
# break that starts at local midnight must start on that local day.
ACADEMY_ZONES: tuple[tuple[str, str], ...] = (
    (r"r[ée]union", "Indian/Reunion"),
    (r"mayotte", "Indian/Mayotte"),
    (r"guadeloupe", "America/Guadeloupe"),
    (r"martinique", "America/Martinique"),
    (r"guyane", "America/Cayenne"),
    (r"saint-pierre-et-miquelon", "America/Miquelon"),
    (r"polyn[ée]sie", "Pacific/Tahiti"),
    (r"nouvelle-cal[ée]donie", "Pacific/Noumea"),
    (r"wallis", "Pacific/Wallis"),
)


@dataclass
class _Event:
    line: int
    props: dict[str, int]   # property name -> the line it is on


def _unfold(text: str) -> list[tuple[int, str]]:
    """Logical lines (RFC 5545 folding undone) with the physical line they start on."""
    out: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in (" ", "\t") and out:
            out[-1] = (out[-1][0], out[-1][1] + raw[1:])
        elif raw.strip():
            out.append((number, raw))
    return out


def clean_name(summary: str) -> str:
    """« Vacances de la Toussaint - Zone A » -> « Vacances de la Toussaint »."""
    return _ZONE_SUFFIX.sub("", summary).strip() or summary.strip()


def _scan(text: str, file: str) -> list[_Event]:
    """The VEVENTs' lines, in file order, and the checks of the file's frame that a
    reader must make before trusting any value (icalendar is lenient there)."""
    lines = _unfold(text)
    if not lines or lines[0][1].strip().upper() != "BEGIN:VCALENDAR":
        raise InputError(msg("not an iCalendar file: it must start with BEGIN:VCALENDAR"), file,
                         lines[0][0] if lines else 1, "BEGIN",
                         hint=msg("export the calendar as .ics from the ministry's page"))
    events: list[_Event] = []
    current: _Event | None = None
    depth = 0     # components nested in the event (VALARM)
    ended = False
    for number, raw in lines[1:]:
        if ":" not in raw:
            raise InputError(msg("a property line needs 'NAME:value'"), file, number, raw[:30])
        head, value = raw.split(":", 1)
        name = head.partition(";")[0].strip().upper()
        what = value.strip().upper()
        if name == "BEGIN" and what == "VEVENT":
            if current is not None:
                raise InputError(msg("BEGIN:VEVENT inside another event"), file, number, "BEGIN",
                                 hint=msg("close the event of line {} with END:VEVENT",
                                          current.line))
            current = _Event(number, {})
        elif name == "END" and what == "VEVENT":
            if current is None:
                raise InputError(msg("END:VEVENT without BEGIN:VEVENT"), file, number, "END")
            events.append(current)
            current = None
        elif name == "END" and what == "VCALENDAR":
            if current is not None:
                raise InputError(msg("the event is not closed"), file, current.line, "END",
                                 hint=msg("add END:VEVENT"))
            ended = True
            break
        elif current is not None and name == "BEGIN":
            depth += 1
        elif current is not None and name == "END":
            depth -= 1
        elif current is not None and depth == 0:
            current.props.setdefault(name, number)
    if current is not None:
        raise InputError(msg("the event is not closed"), file, current.line, "END",
                         hint=msg("add END:VEVENT"))
    if not ended:
        raise InputError(msg("the file ends without END:VCALENDAR (cut short?)"), file,
                         lines[-1][0], "END")
    return events


def calendar_zone(cal: icalendar.Calendar, file: str, tz: str | None) -> ZoneInfo:
    """The académie's time zone: given, else the file's ``X-WR-TIMEZONE``, else an
    overseas académie named in the calendar or its events, else Europe/Paris."""
    name = tz or (str(cal.get("X-WR-TIMEZONE")) if cal.get("X-WR-TIMEZONE") else None)
    if name is None:
        words = " ".join(str(c.get(p, "")) for c in [cal, *cal.walk("VEVENT")]
                         for p in ("X-WR-CALNAME", "SUMMARY", "LOCATION")).lower()
        name = next((zone for pattern, zone in ACADEMY_ZONES if re.search(pattern, words)),
                    DEFAULT_TZ)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(msg("unknown time zone '{}'", name), file, None, "X-WR-TIMEZONE", name,
                         msg("e.g. Europe/Paris, Indian/Reunion, America/Cayenne")) from None


def _check(ev: Any, name: str, file: str, line: int) -> None:
    """A value icalendar could not read (it keeps it aside as broken) is the user's."""
    for prop, reason in getattr(ev, "errors", []):
        if prop == name:
            raise InputError(msg("'{}' is not a valid {} ({})", _raw(ev, name), name, reason),
                             file,
                             line, name, _raw(ev, name), msg("e.g. DTSTART;VALUE=DATE:20251018"))


def _raw(ev: Any, name: str) -> str:
    """The property's value as written (for messages)."""
    v = ev.get(name)
    try:
        out = v.to_ical()
        return out.decode("utf-8", "replace") if isinstance(out, bytes) else str(out)
    except Exception:
        return str(v)


def _reason(exc: Exception) -> str:
    text = str(exc)
    return text.rsplit(": ", 1)[-1] if ": " in text else (text or type(exc).__name__)


def _local(value: dt.date | dt.datetime, zone: ZoneInfo) -> tuple[dt.date, bool]:
    """(local day, at midnight) of a DATE or DATE-TIME; a time in UTC or with a TZID is
    moved to the académie's zone first, a floating time is taken as local already."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(zone)
        return value.date(), value.time() == dt.time(0, 0)
    return value, True


def _span_end(start: dt.date | dt.datetime, end: dt.date | dt.datetime | None,
              duration: dt.timedelta | None, zone: ZoneInfo) -> dt.date | None:
    """The last day of an event (an end at midnight is exclusive), or None if open."""
    if end is None and duration is not None:
        end = start + duration
    if end is None:
        return None
    day, midnight = _local(end, zone)
    return day - dt.timedelta(days=1) if midnight else day


def _occurrences(ev: Any, cal: icalendar.Calendar, file: str, line: int,
                 props: dict[str, int]) -> list[Any]:
    """The event itself, or each occurrence of its recurrence (bounded)."""
    if "RRULE" not in ev and "RDATE" not in ev:
        return [ev]
    rrule = ev.get("RRULE")
    rline = props.get("RRULE", props.get("RDATE", line))
    if rrule is not None and not rrule.get("COUNT") and not rrule.get("UNTIL"):
        raise InputError(msg("the event repeats forever (RRULE without COUNT or UNTIL)"), file,
                         rline, "RRULE", _raw(ev, "RRULE"),
                         msg("add UNTIL=… or COUNT=… to the RRULE, or one event per break"))
    single = icalendar.Calendar()
    for tz in cal.walk("VTIMEZONE"):
        single.add_component(tz)
    single.add_component(ev)
    out: list[Any] = []
    try:
        for occ in recurring_ical_events.of(single).all():
            out.append(occ)
            if len(out) > MAX_OCCURRENCES:
                raise InputError(msg("the recurrence gives more than {} occurrences",
                                     MAX_OCCURRENCES), file, rline, "RRULE", _raw(ev, "RRULE"),
                                 msg("one event per break, or a shorter RRULE"))
    except InputError:
        raise
    except Exception as exc:
        raise InputError(msg("cannot expand the recurrence ({})", _reason(exc)), file, rline,
                         "RRULE", _raw(ev, "RRULE")) from None
    return out


def read_ics_text(text: str, file: str, *, tz: str | None = None,
                  notes: list[str] | None = None, lang: str = "en") -> list[DateSpan]:
    """The school holidays of an ICS school calendar, sorted by date."""
    guards.check_ics_size(text, file)   # before any parsing
    scanned = _scan(text, file)
    try:
        cal = icalendar.Calendar.from_ical(text)
    except ValueError as exc:
        raise InputError(msg("not a readable iCalendar file ({})", _reason(exc)), file, None,
                         "BEGIN") from None
    events = cal.walk("VEVENT")
    if len(events) != len(scanned):   # a nested VEVENT icalendar saw and the scan did not
        raise InputError(msg("events nested in other components are not read"), file, None,
                         "BEGIN", hint=msg("one VEVENT per break, directly in VCALENDAR"))
    zone = calendar_zone(cal, file, tz)
    spans: list[DateSpan] = []
    open_starts: list[tuple[dt.date, str, int]] = []   # breaks without an end
    rentrees: list[dt.date] = []
    timed = recurring = 0
    for ev, where in zip(events, scanned, strict=True):
        props = where.props
        if "SUMMARY" not in props:
            raise InputError(msg("the event has no SUMMARY (the name of the break)"), file,
                             where.line, "SUMMARY")
        if "DTSTART" not in props:
            raise InputError(msg("the event has no DTSTART"), file, where.line, "DTSTART")
        s_line = props["DTSTART"]
        _check(ev, "DTSTART", file, s_line)
        if "DTEND" in props:
            _check(ev, "DTEND", file, props["DTEND"])
        if "DURATION" in props:
            if "DTEND" in props:
                raise InputError(msg("the event has both DTEND and DURATION"), file,
                                 props["DURATION"], "DURATION", _raw(ev, "DURATION"),
                                 msg("keep one of them (RFC 5545, 3.6.1)"))
            _check(ev, "DURATION", file, props["DURATION"])
        summary = " ".join(str(ev.get("SUMMARY")).split())
        low = summary.lower()
        is_rentree = "rentrée" in low or "rentree" in low
        is_break = any(w in low for w in ("vacances", "congé", "conge", "pont", "holiday"))
        if not is_rentree and not is_break:
            continue   # « Début de l'année scolaire » and the like
        name = clean_name(summary)
        # no end written: the break runs to the next rentrée (recurring or not; the
        # expansion gives each occurrence a one-day end that the file never said)
        open_ended = "DTEND" not in props and "DURATION" not in props
        occurrences = _occurrences(ev, cal, file, where.line, props)
        recurring += len(occurrences) > 1 or occurrences[0] is not ev
        for occ in occurrences:
            begin = occ.decoded("DTSTART")
            timed += isinstance(begin, dt.datetime) and begin.tzinfo is not None
            start, _ = _local(begin, zone)
            guards.check_ics_year(start.year, file, s_line, "DTSTART", _raw(ev, "DTSTART"))
            if is_rentree:
                if "enseignant" not in low:
                    rentrees.append(start)
                continue
            end = _span_end(begin, occ.decoded("DTEND") if "DTEND" in occ else None,
                            occ.decoded("DURATION") if "DURATION" in occ else None, zone)
            if end is None or open_ended:
                open_starts.append((start, name, s_line))
                continue
            last = end
            if last < start:
                prop = "DTEND" if "DTEND" in props else "DURATION"
                raise InputError(msg("{} ({}) is not after DTSTART ({})", prop, _raw(ev, prop),
                                     _raw(ev, 'DTSTART')), file, props[prop], prop,
                                 _raw(ev, prop))
            spans.append(DateSpan(start, last, name, s_line))
    for start, name, line in open_starts:
        later = [r for r in rentrees if r > start]
        if not later:
            raise InputError(msg("« {} » has no DTEND and no later « Rentrée scolaire des élèves "
                                 "» to end it", name), file, line, "DTEND",
                             hint=msg("add DTEND, or import a file that goes on to the next "
                                      "school year"))
        spans.append(DateSpan(start, min(later) - dt.timedelta(days=1), name, line))
    if not spans:
        raise InputError(msg("no school holidays found (no VEVENT whose SUMMARY says « "
                             "Vacances »)"), file, None, "SUMMARY")
    if notes is not None:
        if timed:
            notes.append(ui("cal_times_in_zone", lang, zone=zone.key))
        if recurring:
            notes.append(ui_n("cal_recurrences", recurring, lang, n=recurring))
    return sorted(spans, key=lambda s: (s.start, s.end))


def read_ics(path: str | Path, *, tz: str | None = None,
             notes: list[str] | None = None, lang: str = "en") -> list[DateSpan]:
    p = Path(path)
    name = str(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError(msg("file not found"), name) from None
    except IsADirectoryError:
        raise InputError(msg("this is a folder, not a file"), name) from None
    except OSError as exc:
        raise InputError(msg("cannot read the file: {}", exc.strerror), name) from None
    if len(raw) > MAX_ICS_BYTES:
        raise InputError(msg("file is larger than {} MiB", MAX_ICS_BYTES // 1024 // 1024), name)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(msg("not UTF-8 text (byte {})", exc.start), name,
                         hint=msg("the ministry's files are UTF-8")) from None
    return read_ics_text(text, name, tz=tz, notes=notes, lang=lang)


def between(spans: list[DateSpan], lo: dt.date | None, hi: dt.date | None) -> list[DateSpan]:
    """The spans that overlap [lo, hi] (either bound may be open)."""
    return [s for s in spans if (lo is None or s.end >= lo) and (hi is None or s.start <= hi)]


def holidays_data(spans: list[DateSpan], source: str) -> dict[str, Any]:
    """A holidays file (``holidays_file:``): its source and the ``holidays:`` list."""
    return {"source": source,
            "holidays": [{"name": s.label, "from": s.start, "to": s.end} for s in spans]}
