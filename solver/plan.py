"""A student's periods turned into runs of working days, the form every rule reads.

Both checkers (plain Python and CP-SAT) start from this one normalisation, so they
see the same facts: which working days are placement days, which of them are
abroad, which days lie outside the training, which days two periods both claim.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .calendar import SchoolCalendar

Interval = tuple[int, int]  # inclusive working-day indices


def merge(intervals: list[Interval]) -> list[Interval]:
    """Sorted union of intervals; touching intervals (hi + 1 == lo) are joined."""
    if len(intervals) < 2:   # the common case, without sorting
        return [iv for iv in intervals if iv[1] >= iv[0]]
    out: list[Interval] = []
    for lo, hi in sorted(intervals):
        if hi < lo:
            continue
        if out and lo <= out[-1][1] + 1:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def clip(intervals: list[Interval], lo: int, hi: int) -> list[Interval]:
    out = []
    for a, b in intervals:
        a2, b2 = max(a, lo), min(b, hi)
        if a2 <= b2:
            out.append((a2, b2))
    return out


def total(intervals: list[Interval]) -> int:
    days = 0
    for a, b in intervals:   # a plain loop: this runs for every rule and every plan
        days += b - a + 1
    return days


def longest(intervals: list[Interval]) -> Interval | None:
    best: Interval | None = None
    for a, b in intervals:
        if best is None or b - a > best[1] - best[0]:
            best = (a, b)
    return best


@dataclass
class StudentPlan:
    """The placement days of one student, in working-day runs of the calendar."""

    on: list[Interval]
    abroad: list[Interval]
    outside_days: int = 0          # working days of periods outside [start, end]
    overlap_days: int = 0          # working days claimed by two periods or more
    outside_periods: list[int] = field(default_factory=list)
    overlap_pairs: list[tuple[int, int]] = field(default_factory=list)
    country_runs: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def france(self) -> list[Interval]:
        return subtract(self.on, self.abroad)


def subtract(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    j = 0
    for lo, hi in a:
        cur = lo
        while j < len(b) and b[j][1] < cur:
            j += 1
        k = j
        while k < len(b) and b[k][0] <= hi:
            if b[k][0] > cur:
                out.append((cur, b[k][0] - 1))
            cur = max(cur, b[k][1] + 1)
            k += 1
        if cur <= hi:
            out.append((cur, hi))
    return out


def period_end(start: dt.date, weeks: int) -> dt.date:
    """Last day of ``weeks`` whole weeks from ``start``, pulled back off a weekend."""
    end = start + dt.timedelta(days=7 * weeks - 1)
    while end.weekday() >= 5 and end > start:
        end -= dt.timedelta(days=1)
    return end


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Mon-Fri days in [start, end], independent of any calendar."""
    if end < start:
        return 0
    days = (end - start).days + 1
    full, rest = divmod(days, 7)
    count = full * 5
    wd = start.weekday()
    for i in range(rest):
        if (wd + i) % 7 < 5:
            count += 1
    return count


def normalise(periods: list[tuple[dt.date, dt.date, bool, str | None]],
              cal: SchoolCalendar) -> StudentPlan:
    """Periods as (from, to, abroad, country) -> StudentPlan on ``cal``'s working days."""
    # local names and one constructor call at the end: this runs once per student and
    # is a third of the plain checker's time
    on: list[Interval] = []
    abroad: list[Interval] = []
    country_runs: list[tuple[int, int, str]] = []
    outside_days = overlap_days = 0
    outside_periods: list[int] = []
    overlap_pairs: list[tuple[int, int]] = []
    spans: list[Interval] = []
    span_indices = cal.span_indices
    cal_start, cal_end = cal.start, cal.end
    for i, (start, end, is_abroad, country) in enumerate(periods):
        lo, hi = span_indices(start, end)
        inside_days = hi - lo + 1 if hi >= lo else 0
        if inside_days:
            on.append((lo, hi))
            if is_abroad:
                abroad.append((lo, hi))
                if country:
                    country_runs.append((lo, hi, country))
        # a period inside [start, end] has all its working days in the calendar
        if start < cal_start or end > cal_end:
            outside = working_days_between(start, end) - inside_days
            if outside > 0:
                outside_days += outside
                outside_periods.append(i)
        spans.append((lo, hi))
    n = len(spans)
    if n > 1:
        for i in range(n):
            a_lo, a_hi = spans[i]
            for j in range(i + 1, n):
                b_lo, b_hi = spans[j]
                common = min(a_hi, b_hi) - max(a_lo, b_lo) + 1
                if common > 0:
                    overlap_days += common
                    overlap_pairs.append((i, j))
    return StudentPlan(merge(on), merge(abroad), outside_days, overlap_days, outside_periods,
                       overlap_pairs, country_runs)
