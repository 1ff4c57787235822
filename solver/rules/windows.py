"""Stretches of the calendar a rule talks about: dates, a year, calendar-relative spans.

A window is data (``{from, to}``, ``{year: 1}``, ``{last_teaching_weeks: 6, year: 1}``,
``{month_day_from: "11-15", month_day_to: "02-15", year: 1}``) resolved against a
class's calendar into working-day intervals. Several windows form a region (union).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from solver.core.calendar import SchoolCalendar
from solver.core.errors import msg
from solver.core.fields import Fields
from solver.core.plan import Interval, merge

WINDOW_FIELDS = ("from", "to", "year", "last_teaching_weeks", "month_day_from",
                 "month_day_to", "summer_weeks", "label")


@dataclass(frozen=True)
class Window:
    start: dt.date | None = None
    end: dt.date | None = None
    year: int | None = None
    last_teaching_weeks: int | None = None
    month_day_from: tuple[int, int] | None = None
    month_day_to: tuple[int, int] | None = None
    # the window ends with the Nth week of the summer holidays between the two years
    # (issue 21: NDRC's « fin d'année scolaire » may run into the holidays, not lie in them)
    summer_weeks: int | None = None
    label: str | None = None

    def dates(self, cal: SchoolCalendar) -> tuple[dt.date, dt.date] | None:
        """The window as one span of dates on ``cal`` (None when it is empty)."""
        lo, hi = cal.start, cal.end
        if self.year is not None:
            lo, hi = cal.year_span(self.year)
        if self.start is not None:
            lo = max(lo, self.start)
        if self.end is not None:
            hi = min(hi, self.end)
        if self.last_teaching_weeks is not None:
            span = _last_teaching_days(cal, lo, hi, 5 * self.last_teaching_weeks)
            if span is None:
                return None
            lo, hi = span
        if self.month_day_from is not None and self.month_day_to is not None:
            first = _first_on_or_after(lo, self.month_day_from)
            if first is None:
                return None
            last = _first_on_or_after(first, self.month_day_to)
            if last is None:
                return None
            lo, hi = max(lo, first), min(hi, last)
        if self.summer_weeks is not None and cal.summer is not None:
            hi = min(hi, cal.summer.start + dt.timedelta(days=7 * self.summer_weeks - 1))
        if hi < lo:
            return None
        return lo, hi

    def describe(self) -> str:
        if self.label:
            return self.label
        bits = []
        if self.last_teaching_weeks is not None:
            bits.append(f"last {self.last_teaching_weeks} teaching weeks")
        if self.month_day_from and self.month_day_to:
            (m1, d1), (m2, d2) = self.month_day_from, self.month_day_to
            bits.append(f"{m1:02d}-{d1:02d}..{m2:02d}-{d2:02d}")
        if self.summer_weeks is not None:
            bits.append(f"to the end of week {self.summer_weeks} of the summer holidays")
        if self.year is not None:
            bits.append(f"year {self.year}")
        if self.start or self.end:
            bits.append(f"{self.start or '…'}..{self.end or '…'}")
        return ", ".join(bits) or "whole training"


def _last_teaching_days(cal: SchoolCalendar, lo: dt.date, hi: dt.date,
                        n: int) -> tuple[dt.date, dt.date] | None:
    """The last ``n`` teaching days between ``lo`` and ``hi`` as one span (issue 21).

    A teaching day is a working day outside the school holidays (public holidays count,
    as weeks are counted in working days): N teaching weeks are 5·N teaching days, so a
    summer that starts mid-week leaves its first days out of the span, which ends on the
    last teaching day. The span starts on the Monday of its first day's week when no
    holiday day comes between: a class placed in whole weeks ending the Friday before
    the holidays' week stays inside it.
    """
    flags, days = cal.holiday_flags, cal.days
    taught = [i for i in range(len(days)) if not flags[i] and lo <= days[i] <= hi]
    if not taught:
        return None
    chosen = taught[-n:]
    first = chosen[0]
    week = days[first].isocalendar()[:2]
    while (first > 0 and not flags[first - 1] and days[first - 1] >= lo
           and days[first - 1].isocalendar()[:2] == week):
        first -= 1
    return days[first], days[chosen[-1]]


def _first_on_or_after(day: dt.date, month_day: tuple[int, int]) -> dt.date | None:
    for year in (day.year, day.year + 1):
        try:
            cand = dt.date(year, *month_day)
        except ValueError:
            continue
        if cand >= day:
            return cand
    return None


def _month_day(f: Fields, key: str) -> tuple[int, int] | None:
    text = f.str(key, None)
    if text is None:
        return None
    try:
        month, day = (int(p) for p in text.split("-"))
        dt.date(2000, month, day)
    except ValueError:
        raise f.error(key, msg("'{}' is not a month-day", text), text,
                      msg("write MM-DD, e.g. 11-15")) from None
    return month, day


def parse_window(data: Any, path: str, file: str | None, line: int | None) -> Window:
    f = Fields(data, path, file, line)
    f.reject_unknown(WINDOW_FIELDS)
    w = Window(
        start=f.date("from", None),
        end=f.date("to", None),
        year=f.int("year", None, minimum=1, maximum=2),
        last_teaching_weeks=f.int("last_teaching_weeks", None, minimum=1),
        month_day_from=_month_day(f, "month_day_from"),
        month_day_to=_month_day(f, "month_day_to"),
        summer_weeks=f.int("summer_weeks", None, minimum=1, maximum=12),
        label=f.str("label", None),
    )
    if (w.month_day_from is None) != (w.month_day_to is None):
        raise f.error("month_day_from", msg("month_day_from and month_day_to go together"))
    if w.start and w.end and w.end < w.start:
        raise f.error("to", msg("'to' ({}) is before 'from' ({})", w.end, w.start), w.end)
    return w


def parse_windows(f: Fields, key: str) -> tuple[Window, ...] | None:
    if not f.has(key):
        return None
    raw = f.raw(key)
    if isinstance(raw, dict):
        return (parse_window(raw, f.name(key), f.file, f.line_of(key)),)
    return tuple(
        parse_window(item, f"{f.name(key)}[{i}]", f.file, line) for i, item, line in f.items(key)
    )


def region(cal: SchoolCalendar, windows: tuple[Window, ...] | None,
           year: int | None = None) -> list[Interval] | None:
    """Working-day intervals covered by the windows (and the year); None means everywhere.

    The result depends only on the calendar's days and holidays, which are fixed when
    the calendar is built, so it is computed once per (calendar, windows, year) and
    shared: callers must not mutate it. This keeps the plain checker fast.
    """
    if windows is None and year is None:
        return None
    cache: dict[tuple[tuple[Window, ...] | None, int | None], list[Interval]] | None
    cache = cal.__dict__.get("_region_cache")
    if cache is None:
        cache = cal.__dict__["_region_cache"] = {}
    key = (windows, year)
    found = cache.get(key)
    if found is None:
        found = cache[key] = _region(cal, windows, year)
    return found


def _region(cal: SchoolCalendar, windows: tuple[Window, ...] | None,
            year: int | None) -> list[Interval]:
    spans: list[Interval] = []
    for w in windows or (Window(),):
        if year is not None and w.year is None:
            w = dataclasses.replace(w, year=year)
        d = w.dates(cal)
        if d is None:
            continue
        lo, hi = cal.span_indices(*d)
        if year is not None and w.year is not None and w.year != year:
            continue
        if hi >= lo:
            spans.append((lo, hi))
    return merge(spans)


def region_dates(cal: SchoolCalendar, reg: list[Interval] | None) -> list[tuple[dt.date, dt.date]]:
    if reg is None:
        return [(cal.start, cal.end)]
    return [(cal.days[a], cal.days[b]) for a, b in reg]
