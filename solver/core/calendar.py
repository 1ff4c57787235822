"""The school calendar a class lives in: working days, holidays, blocked dates, years.

Everything the rules count is expressed on one axis: the *working days* (Monday to
Friday) from the first day of year 1 to the last day of training, numbered 0..n-1.
Calendar weeks (Monday to Sunday) are numbered too. Per-day facts (school holiday,
blocked, year 1 or 2) are kept as prefix sums so that a rule can count them over any
run of days in constant time; this is what makes the plain checker fast.

School holidays come from ``vacances-scolaires-france`` (official zone A/B/C data,
shipped with the package, no network) unless the scenario lists its own; the public
holidays of metropolitan France are computed here (the same as ``holidays``, which a test
checks), those of a subdivision come from ``holidays``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ONE_DAY = dt.timedelta(days=1)
SUMMER_WORDS = ("summer", "été", "ete", "estivales", "grandes vacances")
# Reading (issue 10): the summer holidays are the *long break between the two school
# years*, found by its position (the break of at least four weeks that ends nearest the
# first anniversary of ``start``), whatever its name: « Grandes vacances », or in
# La Réunion « Vacances d'hiver austral » (July-August), while La Réunion's « été
# austral » (December-January) is a mid-year break. Names only break ties.
LONG_BREAK_DAYS = 28
# Reading (issue 10): a « pont » (the Ascension bridge) is a day without classes, not
# « vacances scolaires »: the ministry's data lists it some years and not others, so it
# is kept apart and never counted as school holidays (NRC's holiday cap counts the same
# way every year).
BRIDGE_WORDS = ("pont", "bridge")
BRIDGE_MAX_DAYS = 5


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
        """The name says summer (used only to break ties between long breaks)."""
        low = self.label.lower()
        return any(word in low for word in SUMMER_WORDS) and "austral" not in low

    @property
    def is_bridge(self) -> bool:
        """A short day off named « pont » (not school holidays, see BRIDGE_WORDS)."""
        low = self.label.lower()
        return (self.end - self.start).days < BRIDGE_MAX_DAYS and \
            any(low.startswith(word) for word in BRIDGE_WORDS)

    @property
    def n_days(self) -> int:
        return (self.end - self.start).days + 1


def split_bridges(spans: Iterable[DateSpan]) -> tuple[list[DateSpan], list[DateSpan]]:
    """(school holidays, bridges) of a list of holiday spans."""
    holidays: list[DateSpan] = []
    bridges: list[DateSpan] = []
    for span in spans:
        (bridges if span.is_bridge else holidays).append(span)
    return holidays, bridges


def joined(spans: Iterable[DateSpan]) -> list[DateSpan]:
    """Holiday spans with back-to-back pieces joined (a summer listed as « juillet » and
    « août » is one break); a joined span keeps the name of its longest piece."""
    out: list[DateSpan] = []
    longest: list[DateSpan] = []
    for span in sorted(spans, key=lambda x: (x.start, x.end)):
        if out and span.start <= out[-1].end + ONE_DAY:
            if span.n_days > longest[-1].n_days:
                longest[-1] = span
            last = out[-1]
            out[-1] = DateSpan(last.start, max(last.end, span.end), longest[-1].label,
                               last.line)
        else:
            out.append(span)
            longest.append(span)
    return out


def _anniversary(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:   # 29 February
        return day.replace(year=day.year + 1, day=28)


def summer_break(holidays: Iterable[DateSpan], start: dt.date,
                 end: dt.date) -> DateSpan | None:
    """The long break between year 1 and year 2, by its position (see LONG_BREAK_DAYS).

    Candidates are the holiday spans of at least four weeks that begin inside the
    training; the one whose last day is nearest the first anniversary of ``start`` wins;
    a name that says summer, then the longer span, break ties. When no span is that
    long, a span named summer inside the training is taken (the former reading)."""
    spans = [s for s in joined(holidays) if start < s.start < end]
    target = _anniversary(start)
    long_ones = [s for s in spans if s.n_days >= LONG_BREAK_DAYS]
    if long_ones:
        return min(long_ones, key=lambda s: (abs((s.end - target).days), not s.is_summer,
                                             -s.n_days, s.start))
    named = sorted((s for s in spans if s.is_summer), key=lambda s: s.start)
    return named[0] if named else None


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@functools.lru_cache(maxsize=1)
def _zone_rows() -> list[tuple[str, bool, bool, bool, str]]:
    """The package's holiday days (a day of school holidays in zone A, B or C): (ISO
    date, in zone A, B, C, name), in the CSV's order, as ``SchoolHolidayDates().data``
    holds them. Read with the csv module and kept as text: the package's own ``strptime``
    per row, then a dict and a date per row, took most of a ``verify`` (issue 19); only
    the days a class needs are made dates (``zone_holidays``)."""
    import csv
    import importlib.util

    spec = importlib.util.find_spec("vacances_scolaires_france")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("vacances_scolaires_france")
    path = Path(spec.origin).parent / "data" / "data.csv"
    out: list[tuple[str, bool, bool, bool, str]] = []
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        cols = [header.index(k) for k in ("date", "vacances_zone_a", "vacances_zone_b",
                                          "vacances_zone_c", "nom_vacances")]
        i_day, i_a, i_b, i_c, i_name = cols
        for row in rows:
            a, b, c = row[i_a] == "True", row[i_b] == "True", row[i_c] == "True"
            if a or b or c:
                out.append((row[i_day], a, b, c, row[i_name]))
    return out


@functools.lru_cache(maxsize=1)
def zone_data_range() -> tuple[dt.date, dt.date]:
    days = [r[0] for r in _zone_rows()]
    return dt.date.fromisoformat(min(days)), dt.date.fromisoformat(max(days))


def zone_holidays(zone: str, start: dt.date, end: dt.date) -> list[DateSpan]:
    """School holiday periods of a metropolitan zone overlapping [start, end]."""
    if zone.lower() not in ("a", "b", "c"):
        return []
    col = 1 + "abc".index(zone.lower())
    day = start - dt.timedelta(days=90)
    last = end + dt.timedelta(days=90)
    lo, hi = day.isoformat(), last.isoformat()
    data = {dt.date.fromisoformat(r[0]): r[4] for r in _zone_rows()
            if r[col] and lo <= r[0] <= hi}
    spans: list[DateSpan] = []
    current: list[object] | None = None
    while day <= last:
        name = data.get(day)
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


# The eleven public holidays of metropolitan France (Code du travail, art. L3133-1; Lundi
# de Pentecôte a public holiday again since the loi n° 2008-351), named and ordered as
# ``holidays.France(language="fr")`` gives them: computing them here spares every command
# the import of ``holidays``, which loads the modules of all its countries (about a
# fifth of a ``verify``; issue 19). Other years, and subdivisions, ask ``holidays``; a
# test compares the two over the years computed here.
OWN_PUBLIC_YEARS = range(2008, 2101)


def _france_public(year: int, out: dict[dt.date, str]) -> None:
    # Easter as holidays itself computes it
    from dateutil.easter import easter as easter_of

    easter = easter_of(year)
    for day, name in ((dt.date(year, 1, 1), "Jour de l'an"),
                      (easter + dt.timedelta(days=1), "Lundi de Pâques"),
                      (easter + dt.timedelta(days=50), "Lundi de Pentecôte"),
                      (dt.date(year, 5, 1), "Fête du Travail"),
                      (dt.date(year, 5, 8), "Fête de la Victoire"),
                      (easter + dt.timedelta(days=39), "Ascension"),
                      (dt.date(year, 7, 14), "Fête nationale"),
                      (dt.date(year, 8, 15), "Assomption"),
                      (dt.date(year, 11, 1), "Toussaint"),
                      (dt.date(year, 11, 11), "Armistice"),
                      (dt.date(year, 12, 25), "Noël")):
        if day in out:   # two on one day (Ascension on 1 May): both names, as holidays does
            name = "; ".join(sorted({*out[day].split("; "), name}))
        out[day] = name


@functools.lru_cache(maxsize=32)
def public_holidays(years: tuple[int, ...]) -> dict[dt.date, str]:
    """The public holidays of metropolitan France in ``years`` (French names)."""
    if all(y in OWN_PUBLIC_YEARS for y in years):
        out: dict[dt.date, str] = {}
        for year in sorted(set(years)):
            _france_public(year, out)
        return out
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
    # issue 10: bridges (not school holidays), the place's public holidays, projections
    bridges: list[DateSpan] = field(default_factory=list)
    subdivision: str | None = None
    provisional: bool = False

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
        """The summer holidays that end year 1: the longest break that ends just before
        year 2 starts (within two weeks), else the break found by its position."""
        boundary = self.year2_start - ONE_DAY
        near = [span for span in joined(self.holidays)
                if span.start <= boundary + ONE_DAY
                and span.end >= boundary - dt.timedelta(days=14)
                and self.start < span.start]
        if near:
            return max(near, key=lambda s: (s.n_days, s.is_summer, s.start))
        return summer_break(self.holidays, self.start, self.end)

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
    """First working day after the summer break (``summer_break``) of the training."""
    all_spans = list(holidays)
    summer = summer_break(all_spans, start, end)
    if summer is None:
        return None
    day = summer.end + ONE_DAY
    while day.weekday() >= 5 or any(s.contains(day) for s in all_spans):
        day += ONE_DAY
    return day
