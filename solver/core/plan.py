"""A student's periods turned into runs of working days, the form every rule reads.

Both checkers (plain Python and CP-SAT) start from this one normalisation, so they
see the same facts: which working days are placement days, which of them are
abroad, which days lie outside the training, which days two periods both claim.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from solver.core.calendar import SchoolCalendar

Interval = tuple[int, int]  # inclusive working-day indices


def merge(intervals: list[Interval]) -> list[Interval]:
    """Sorted union of intervals; touching intervals (hi + 1 == lo) are joined."""
    if len(intervals) < 2:   # the common case, without sorting
        return [iv for iv in intervals if iv[1] >= iv[0]]
    out: list[Interval] = []
    started = False
    cur_lo = cur_hi = 0   # the run being grown, once started
    for lo, hi in sorted(intervals):
        if hi < lo:
            continue
        if started and lo <= cur_hi + 1:
            if hi > cur_hi:
                cur_hi = hi
        else:
            if started:
                out.append((cur_lo, cur_hi))
            cur_lo, cur_hi, started = lo, hi, True
    if started:
        out.append((cur_lo, cur_hi))
    return out


def clip(intervals: list[Interval], lo: int, hi: int) -> list[Interval]:
    out = []
    for a, b in intervals:
        a2, b2 = (a if a > lo else lo), (b if b < hi else hi)   # max, min without calls
        if a2 <= b2:
            out.append((a2, b2))
    return out


def total(intervals: list[Interval]) -> int:
    days = 0
    for a, b in intervals:   # a plain loop: this runs for every rule and every plan
        days += b - a + 1
    return days


def total_in(intervals: list[Interval], region: list[Interval]) -> int:
    """``total(clip_all(intervals, region))`` without building the clipped lists."""
    days = 0
    for lo, hi in region:
        for a, b in intervals:
            a2, b2 = (a if a > lo else lo), (b if b < hi else hi)
            if a2 <= b2:
                days += b2 - a2 + 1
    return days


def longest_in(intervals: list[Interval], region: list[Interval]) -> Interval | None:
    """``longest(clip_all(intervals, region))`` without building the clipped lists: the
    first longest clipped run, in the same order (region, then intervals)."""
    best: Interval | None = None
    size = -1
    for lo, hi in region:
        for a, b in intervals:
            a2, b2 = (a if a > lo else lo), (b if b < hi else hi)
            if a2 <= b2 and b2 - a2 > size:
                best, size = (a2, b2), b2 - a2
    return best


def clip_all(intervals: list[Interval], region: list[Interval]) -> list[Interval]:
    """``intervals`` cut to each interval of ``region`` in turn."""
    out: list[Interval] = []
    for lo, hi in region:
        out.extend(clip(intervals, lo, hi))
    return out


def longest(intervals: list[Interval]) -> Interval | None:
    best: Interval | None = None
    for a, b in intervals:
        if best is None or b - a > best[1] - best[0]:
            best = (a, b)
    return best


@dataclass(slots=True)   # slots: one is made for every student of every check
class StudentPlan:
    """The placement days of one student, in working-day runs of the calendar."""

    on: list[Interval]
    abroad: list[Interval]
    outside_days: int = 0          # working days of periods outside [start, end]
    overlap_days: int = 0          # working days claimed by two periods or more
    outside_periods: list[int] = field(default_factory=list)
    # the first two periods (i < j, in file order) that claim a common day, if any: one
    # pair is all a message names, and all pairs of n periods can be n²/2 of them
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


def overlaps(spans: list[Interval]) -> tuple[int, tuple[int, int] | None]:
    """(working days claimed by two spans or more, the first overlapping pair (i, j) in
    index order) in O(n log n) time and O(n) memory: 10,000 periods on one student are
    a sort and two sweeps, not 50 million pairs."""
    live = sorted((lo, hi, i) for i, (lo, hi) in enumerate(spans) if hi >= lo)
    # Days covered twice or more: in start order, the days [lo, min(hi, latest end so
    # far)] of a span are also claimed by an earlier one; their union is counted once
    # (the starts only grow, so one "counted up to" mark suffices).
    days = 0
    end_so_far = -1
    done = -1               # last day already counted
    for lo, hi, _ in live:
        top = hi if hi < end_so_far else end_so_far
        start = lo if lo > done else done + 1
        if top >= start:
            days += top - start + 1
            done = top
        if hi > end_so_far:
            end_so_far = hi
    if days == 0:
        return 0, None
    # the smallest index that overlaps any other span is the first index of the first
    # pair: a span overlaps an earlier-sorted one iff it starts before the largest end
    # so far, and a later-sorted one iff the next start is not after its end
    hit = [False] * len(spans)
    top_end = -1
    for k, (lo, hi, i) in enumerate(live):
        if lo <= top_end or (k + 1 < len(live) and live[k + 1][0] <= hi):
            hit[i] = True
        if hi > top_end:
            top_end = hi
    first = hit.index(True)
    a_lo, a_hi = spans[first]
    for j, (b_lo, b_hi) in enumerate(spans):
        if j != first and b_hi >= b_lo and b_lo <= a_hi and a_lo <= b_hi:
            return days, (min(first, j), max(first, j))
    raise AssertionError("an overlapping span has no partner")   # pragma: no cover


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
    # This runs once per student and was half of the plain checker's time: local names,
    # ordinals compared instead of dates, lists built only when a period needs them, and
    # merging skipped for the one-period plans that are already merged.
    on: list[Interval] = []
    abroad: list[Interval] = []
    country_runs: list[tuple[int, int, str]] = []
    outside_days = overlap_days = 0
    outside_periods: list[int] = []
    overlap_pairs: list[tuple[int, int]] = []
    spans: list[Interval] = []
    ords = cal.ordinals
    first, last = cal.start_ordinal, cal.end_ordinal
    for i, (start, end, is_abroad, country) in enumerate(periods):
        s_ord, e_ord = start.toordinal(), end.toordinal()
        lo, hi = bisect_left(ords, s_ord), bisect_right(ords, e_ord) - 1
        if hi >= lo:
            on.append((lo, hi))
            if is_abroad:
                abroad.append((lo, hi))
                if country:
                    country_runs.append((lo, hi, country))
        # a period inside [start, end] has all its working days in the calendar
        if s_ord < first or e_ord > last:
            outside = working_days_between(start, end) - (hi - lo + 1 if hi >= lo else 0)
            if outside > 0:
                outside_days += outside
                outside_periods.append(i)
        spans.append((lo, hi))
    n = len(spans)
    if n > 1:
        if n == 2:   # the common case, inlined
            (a_lo, a_hi), (b_lo, b_hi) = spans
            common = ((a_hi if a_hi < b_hi else b_hi)
                      - (a_lo if a_lo > b_lo else b_lo) + 1)   # min - max, inlined
            if common > 0:
                overlap_days = common
                overlap_pairs.append((0, 1))
        else:
            overlap_days, pair = overlaps(spans)
            if pair is not None:
                overlap_pairs.append(pair)
        # on and abroad hold non-empty intervals only: one of them is already merged
        if len(on) > 1:
            on = merge(on)
        if len(abroad) > 1:
            abroad = merge(abroad)
    return StudentPlan(on, abroad, outside_days, overlap_days, outside_periods,
                       overlap_pairs, country_runs)
