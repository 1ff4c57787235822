"""The school calendar a class lives in: working days, holidays, blocked dates, years.

Everything the rules count is expressed on one axis: the *working days* (Monday to
Friday) from the first day of year 1 to the last day of training, numbered 0..n-1.
Calendar weeks (Monday to Sunday) are numbered too. Per-day facts (school holiday,
blocked, year 1 or 2) are kept as prefix sums so that a rule can count them over any
run of days in constant time; this is what makes the plain checker fast.

School holidays come from ``vacances-scolaires-france`` (official zone A/B/C data,
shipped with the package, no network) unless the scenario lists its own; public
holidays come from ``holidays``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

ONE_DAY = dt.timedelta(days=1)
SUMMER_WORDS = ("summer", "été", "ete", "estivales")


@dataclass(frozen=True)
class DateSpan:
    """An inclusive span of dates with a label (holiday name, blocked reason)."""

    start: dt.date
    end: dt.date
    label: str = ""
    line: int | None = None
    final: bool = False     # a blocked span that is the programme's final exams

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    @property
    def is_summer(self) -> bool:
        low = self.label.lower()
        return any(word in low for word in SUMMER_WORDS)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@functools.lru_cache(maxsize=1)
def _zone_data() -> dict[dt.date, dict[str, object]]:
    from vacances_scolaires_france import SchoolHolidayDates

    return dict(SchoolHolidayDates().data)


def zone_data_range() -> tuple[dt.date, dt.date]:
    data = _zone_data()
    return min(data), max(data)


def zone_holidays(zone: str, start: dt.date, end: dt.date) -> list[DateSpan]:
    """School holiday periods of a metropolitan zone overlapping [start, end]."""
    key = f"vacances_zone_{zone.lower()}"
    data = _zone_data()
    spans: list[DateSpan] = []
    day = start - dt.timedelta(days=90)
    last = end + dt.timedelta(days=90)
    current: list[object] | None = None
    while day <= last:
        row = data.get(day)
        name = str(row["nom_vacances"]) if row is not None and row.get(key) else None
        if name is not None and current is not None and current[2] == name and \
                current[1] == day - ONE_DAY:
            current[1] = day
        else:
            if current is not None:
                spans.append(DateSpan(current[0], current[1], str(current[2])))  # type: ignore[arg-type]
                current = None
            if name is not None:
                current = [day, day, name]
        day += ONE_DAY
    if current is not None:
        spans.append(DateSpan(current[0], current[1], str(current[2])))  # type: ignore[arg-type]
    return [s for s in spans if s.end >= start and s.start <= end]


@functools.lru_cache(maxsize=32)
def public_holidays(years: tuple[int, ...]) -> dict[dt.date, str]:
    import holidays

    return {d: str(n) for d, n in holidays.France(years=list(years), language="fr").items()}


def _prefix(flags: Sequence[bool]) -> list[int]:
    out = [0]
    for f in flags:
        out.append(out[-1] + (1 if f else 0))
    return out


@dataclass
class Week:
    """A calendar week (Monday to Sunday) and the working-day indices inside training."""

    index: int
    monday: dt.date
    lo: int  # first working-day index in this week (inclusive)
    hi: int  # last working-day index in this week (inclusive); hi < lo when none

    @property
    def n_days(self) -> int:
        return max(0, self.hi - self.lo + 1)


@dataclass
class SchoolCalendar:
    """A class's calendar with every derived fact the rules need, computed once."""

    start: dt.date
    end: dt.date
    year2_start: dt.date
    holidays: list[DateSpan]
    blocked: list[DateSpan] = field(default_factory=list)
    zone: str | None = None
    public: dict[dt.date, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.days: list[dt.date] = []
        day = self.start
        while day <= self.end:
            if day.weekday() < 5:
                self.days.append(day)
            day += ONE_DAY
        self._ordinals = [d.toordinal() for d in self.days]
        self.ordinals = self._ordinals   # public, read-only by convention: plan.normalise
        self.start_ordinal = self.start.toordinal()
        self.end_ordinal = self.end.toordinal()
        self.n = len(self.days)
        self.holiday_flags = [self.holiday_name(d) is not None for d in self.days]
        self.blocked_flags = [any(b.contains(d) for b in self.blocked) for d in self.days]
        self.year1_flags = [d < self.year2_start for d in self.days]
        self.holiday_prefix = _prefix(self.holiday_flags)
        self.blocked_prefix = _prefix(self.blocked_flags)
        self.year1_end_index = self.last_index_on_or_before(self.year2_start - ONE_DAY)
        first_monday = monday_of(self.start)
        self.weeks: list[Week] = []
        monday = first_monday
        while monday <= self.end:
            lo = self.first_index_on_or_after(monday)
            hi = self.last_index_on_or_before(monday + dt.timedelta(days=6))
            self.weeks.append(Week(len(self.weeks), monday, lo, hi))
            monday += dt.timedelta(days=7)
        self.week_of_day = [0] * self.n
        for w in self.weeks:
            for i in range(w.lo, w.hi + 1):
                self.week_of_day[i] = w.index
        finals = [b.start for b in self.blocked if b.final]
        # the first day of the final exams: no placement day on or after it (shape.py)
        self.final_start: dt.date | None = min(finals) if finals else None
        self.final_index: int = self.first_index_on_or_after(self.final_start) \
            if self.final_start is not None else self.n
        self.summer = self._summer_between_years()
        self.summer_weeks: list[int] = []
        if self.summer is not None:
            self.summer_weeks = [
                w.index for w in self.weeks
                if w.monday >= self.summer.start
                and w.monday + dt.timedelta(days=6) <= self.summer.end
            ]

    # ---- day index arithmetic -------------------------------------------------
    def first_index_on_or_after(self, day: dt.date) -> int:
        """Index of the first working day >= day (n if none)."""
        return bisect.bisect_left(self._ordinals, day.toordinal())

    def last_index_on_or_before(self, day: dt.date) -> int:
        """Index of the last working day <= day (-1 if none)."""
        return bisect.bisect_right(self._ordinals, day.toordinal()) - 1

    def span_indices(self, start: dt.date, end: dt.date) -> tuple[int, int]:
        """(lo, hi) working-day indices inside [start, end]; hi < lo when empty."""
        ords = self._ordinals
        return (bisect.bisect_left(ords, start.toordinal()),
                bisect.bisect_right(ords, end.toordinal()) - 1)

    def holiday_days(self, lo: int, hi: int) -> int:
        return self.holiday_prefix[hi + 1] - self.holiday_prefix[lo] if hi >= lo else 0

    def blocked_days(self, lo: int, hi: int) -> int:
        return self.blocked_prefix[hi + 1] - self.blocked_prefix[lo] if hi >= lo else 0

    # ---- holidays ----------------------------------------------------------------
    def holiday_name(self, day: dt.date) -> str | None:
        for span in self.holidays:
            if span.contains(day):
                return span.label
        return None

    def blocked_reason(self, day: dt.date) -> str | None:
        for span in self.blocked:
            if span.contains(day):
                return span.label or "blocked"
        return None

    def _summer_between_years(self) -> DateSpan | None:
        """The summer holidays that end year 1: the one containing the day before year 2."""
        boundary = self.year2_start - ONE_DAY
        best: DateSpan | None = None
        for span in self.holidays:
            if not span.is_summer:
                continue
            if span.start <= boundary + ONE_DAY and span.end >= boundary - dt.timedelta(days=14):
                best = span
        if best is None:
            for span in self.holidays:
                if span.is_summer and self.start < span.start < self.end:
                    return span
        return best

    def teaching_weeks(self, year: int | None = None) -> list[Week]:
        """Weeks with at least one working day that is not a school holiday."""
        out = []
        for w in self.weeks:
            if w.n_days == 0:
                continue
            if not any(not self.holiday_flags[i] for i in range(w.lo, w.hi + 1)):
                continue
            if year == 1 and not self.year1_flags[w.lo]:
                continue
            if year == 2 and self.year1_flags[w.hi]:
                continue
            out.append(w)
        return out

    def year_span(self, year: int) -> tuple[dt.date, dt.date]:
        if year == 1:
            return self.start, self.year2_start - ONE_DAY
        return self.year2_start, self.end


def default_year2_start(holidays: Iterable[DateSpan], start: dt.date,
                        end: dt.date) -> dt.date | None:
    """First working day after the first summer holidays that begin after ``start``."""
    summers = sorted(
        (s for s in holidays if s.is_summer and start < s.start < end), key=lambda s: s.start
    )
    if not summers:
        return None
    summer = summers[0]
    day = summer.end + ONE_DAY
    all_spans = list(holidays)
    while day.weekday() >= 5 or any(s.contains(day) for s in all_spans):
        day += ONE_DAY
    return day
