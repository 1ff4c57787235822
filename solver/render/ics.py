"""The class calendar as an iCalendar file (RFC 5545, icalendar): one event per period.

Every period of every student is one all-day VEVENT (DTSTART the first day, DTEND the
day after the last, exclusive as the standard says), with a stable UID made from the
programme, the student and the dates, so that re-importing an updated plan updates the
events instead of duplicating them. DTSTAMP is fixed (the plan's first day) to keep
the output identical for the same plan.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from icalendar import Calendar, Event

from ..i18n import ui
from ..model import Scenario
from .grid import plan_periods


def render_ics(scenario: Scenario, lang: str = "en") -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//stageplan//generate//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", scenario.label or ui("generated_plan", lang))
    stamp = dt.datetime.combine(scenario.calendar.start, dt.time(0, 0), tzinfo=dt.UTC)
    for student, number, p in plan_periods(scenario):
        ev = Event()
        key = f"{scenario.programme.id}|{scenario.label or ''}|{student.id}|{number}"
        ev.add("uid", hashlib.sha1(key.encode()).hexdigest()[:20] + "@stageplan")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", p.start)
        ev.add("dtend", p.end + dt.timedelta(days=1))
        who = student.id + (f" {student.name}" if student.name else "")
        place = ui("place_" + p.place, lang) + (f" ({p.country})" if p.country else "")
        ev.add("summary", f"{ui('placement', lang)} {who}: {place}")
        ev.add("description", f"{ui('periods', lang)} {number}"
               + (f", {ui('locked', lang).lower()}" if p.locked else ""))
        ev.add("transp", "TRANSPARENT")
        ev.add("categories", [ui("placement", lang)])
        cal.add_component(ev)
    return bytes(cal.to_ical())
