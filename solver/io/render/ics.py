"""The class calendar as an iCalendar file (RFC 5545, icalendar): one event per period.

Every period of every student is one all-day VEVENT (DTSTART the first day, DTEND the
day after the last, exclusive as the standard says); the final exams are one more
event. Its UID is stable: made from the programme, the class (its label as written),
the student and the period's first day (a period inserted before it does not move
it), so that re-importing an updated plan updates the events instead of duplicating
them; a period whose first day moves is a new event. SEQUENCE (given by
the caller: the saved version's number on the web page, ``--ics-sequence`` on the
command line) tells calendars which copy is newer. STATUS is CONFIRMED for a signed
or locked period, TENTATIVE for a proposed one; LOCATION is the company, city and
country; SUMMARY and DESCRIPTION are in the user's language. DTSTAMP is fixed (the
plan's first day) to keep the output identical for the same plan and sequence.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from icalendar import Calendar, Event

from solver.core.model import Scenario
from solver.i18n.catalog import colon, fmt_date, ui
from solver.io.render.grid import period_status, plan_periods


def render_ics(scenario: Scenario, lang: str = "en", sequence: int = 0) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//stageplan//generate//" + lang.upper())
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", ui("ics_calname", lang,
                               label=scenario.label or scenario.programme.title))
    stamp = dt.datetime.combine(scenario.calendar.start, dt.time(0, 0), tzinfo=dt.UTC)
    totals = {s.id: len(s.periods) for s in scenario.students}
    klass = f"{scenario.programme.id}|{class_name(scenario)}"
    for student, number, p in plan_periods(scenario):
        # the period is known by its first day, not its rank: inserting a period before
        # it leaves its UID (and the calendars that hold it) alone (issue 20)
        ev = _day_event(f"{klass}|{student.id}|{p.start.isoformat()}", stamp, sequence,
                        p.start, p.end)
        who = student.id + (f" {student.name}" if student.name else "")
        place = ui("place_" + p.place, lang) + (f" ({p.country})" if p.country else "")
        sep = colon(lang)
        what = ui("cell_" + p.place, lang) + (f" ({p.country})" if p.country else "")
        ev.add("summary", f"{who}{sep}{what}" + (f", {p.company}" if p.company else ""))
        location = ", ".join(x for x in (p.company, p.city, p.country) if x)
        if location:
            ev.add("location", location)
        lines = [ui("ics_description", lang, placement=ui("placement", lang), who=who,
                    period=ui("period_n_of", lang, n=number, total=totals[student.id]).lower(),
                    dates=ui("span_dates", lang, **{"from": fmt_date(p.start, lang),
                                                     "to": fmt_date(p.end, lang)}))]
        lines.append(f"{ui('place', lang)}{sep}{place}")
        for k in ("company", "tutor", "city"):
            if getattr(p, k):
                lines.append(f"{ui(k, lang)}{sep}{getattr(p, k)}")
        lines.append(f"{ui('status', lang)}{sep}{period_status(p, lang)}")
        ev.add("description", "\n".join(lines))
        ev.add("status", "CONFIRMED" if p.signed or p.locked else "TENTATIVE")
        ev.add("transp", "TRANSPARENT")
        ev.add("categories", [ui("placement", lang)])
        cal.add_component(ev)
    for span in scenario.calendar.blocked:
        if span.final:   # the final exams, so that nobody plans over them
            ev = _day_event(f"{klass}|final|{span.start.isoformat()}", stamp, sequence,
                            span.start, span.end)
            title = ui("ics_final_exams", lang)
            ev.add("summary", f"{title} ({span.label})" if span.label else title)
            ev.add("description", ui("ics_final_exams_description", lang,
                                     label=scenario.label or scenario.programme.title))
            ev.add("status", "CONFIRMED")
            ev.add("transp", "OPAQUE")
            ev.add("categories", [ui("ics_exam", lang)])
            cal.add_component(ev)
    return bytes(cal.to_ical())


def _day_event(key: str, stamp: dt.datetime, sequence: int, first: dt.date,
               last: dt.date) -> Event:
    """An all-day event from ``first`` to ``last`` (DTEND exclusive), its UID from ``key``."""
    ev = Event()
    ev.add("uid", hashlib.sha1(key.encode()).hexdigest()[:20] + "@stageplan")
    ev.add("dtstamp", stamp)
    ev.add("sequence", max(0, int(sequence)))
    ev.add("dtstart", first)
    ev.add("dtend", last + dt.timedelta(days=1))
    return ev


def class_name(scenario: Scenario) -> str:
    """The class's label as its file gives it: the « calendrier provisoire » mark the
    loader adds must not change the UIDs when the official calendar comes out."""
    raw = scenario.raw.get("label")
    return raw if isinstance(raw, str) else ""
