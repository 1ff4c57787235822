"""A class in progress: the ``--from`` date every job shares, and the history it splits off.

Every job that plans (generate, repair, explain, whatif, compare, batch, the page's jobs)
asks the same question of a class in progress: the working days before ``--from`` are
history, kept exactly as they are (a placement already done is never extended nor
shortened, and counts toward its student's own rules), and the class rules (capacities,
same dates for the class) look forward, from ``--from`` on. ``--from`` defaults to today
once the class has started and before it ends; before its first day there is no history.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from solver.core.model import Period, Scenario

if TYPE_CHECKING:
    from solver.jobs.verify import VerifyResult


def default_from(scenario: Scenario, today: dt.date | None = None) -> dt.date | None:
    """``--from``'s default: today, when the class has started and not ended."""
    today = today or dt.date.today()
    cal = scenario.calendar
    return today if cal.start < today <= cal.end else None


START_WORDS = ("start", "debut", "début")
#: ``--from`` words for its default (today once the class has started), as the page says it
TODAY_WORDS = ("today", "aujourd'hui", "aujourd’hui", "aujourdhui")


def is_today(text: str) -> bool:
    """Whether ``--from``'s text names its default, today (``TODAY_WORDS``)."""
    return text.strip().lower() in TODAY_WORDS


def parse_from_text(text: str) -> dt.date | None:
    """``--from``'s value: a date (YYYY-MM-DD or DD/MM/YYYY), or 'start' (no history);
    ValueError otherwise."""
    value = text.strip()
    if value.lower() in START_WORDS:
        return None
    if "/" in value:
        day, month, year = (int(x) for x in value.split("/"))
        return dt.date(year, month, day)
    return dt.date.fromisoformat(value)


TODAY = "today"   # --from's default, as the command line hands it to batch jobs


def resolve_from(text: str | None, scenario: Scenario) -> dt.date | None:
    """``--from`` as a job carries it, as a date or None: None (no --from: the class
    from its start), ``TODAY`` (the command's default: today once the class has
    started), or the text the user gave."""
    if text is None:
        return None
    return default_from(scenario) if is_today(text) else parse_from_text(text)


def from_key(text: str | None) -> str:
    """What a cached answer depends on: the option as given, or today's date for its
    default (a class in progress changes from one day to the next)."""
    if text is not None and is_today(text):
        return f"{TODAY}:{dt.date.today().isoformat()}"
    return text.strip() if text is not None else "start"


def from_index(scenario: Scenario, from_date: dt.date | None = None) -> int:
    """The index of the first working day on or after ``from_date`` (by default the
    scenario's own, see ``history_split``; 0: no history)."""
    from_date = from_date if from_date is not None else scenario.from_date
    if from_date is None:
        return 0
    return scenario.calendar.first_index_on_or_after(from_date)


def history_split(scenario: Scenario, from_date: dt.date) -> Scenario:
    """A copy where the days of every period before ``from_date`` are locked (history:
    they stay exactly as they are), the rest of each period as it was; the copy carries
    ``from_date``, so every job and rule that reads it asks the same question."""
    out = copy.copy(scenario)
    out.students = []
    out.from_date = from_date
    for s in scenario.students:
        periods: list[Period] = []
        for p in s.periods:
            if p.end < from_date or p.locked:
                periods.append(dataclasses.replace(p, locked=True) if p.end < from_date
                               else p)
            elif p.start < from_date:
                periods.append(dataclasses.replace(p, end=from_date - dt.timedelta(days=1),
                                                   locked=True))
                periods.append(dataclasses.replace(p, start=from_date))
            else:
                periods.append(p)
        out.students.append(dataclasses.replace(s, periods=periods))
    return out


def is_history(period: Period, from_date: dt.date | None) -> bool:
    """Whether ``period`` lies wholly before ``from_date`` (a placement already done)."""
    return from_date is not None and period.end < from_date


def compliant_drafts(scenario: Scenario, checked: VerifyResult) -> list[str]:
    """The students whose draft (periods not locked) complies (``checked``: ``verify``
    of ``scenario``): generate keeps their drafts as they are."""
    compliant = {r.student.id for r in checked.students if r.acceptable}
    return [s.id for s in scenario.students
            if s.id in compliant and any(not p.locked for p in s.periods)]


def lock_drafts(scenario: Scenario, ids: list[str]) -> Scenario:
    """A copy where every period of the students ``ids`` is locked (drafts kept)."""
    chosen = set(ids)
    out = copy.copy(scenario)
    out.students = [dataclasses.replace(s, periods=[dataclasses.replace(p, locked=True)
                                                    for p in s.periods])
                    if s.id in chosen else s for s in scenario.students]
    return out


def rejoin_history(written: list[Period], periods: list[Period]) -> list[Period]:
    """``periods`` (a job's output on the history-split class) with the periods of
    ``written`` (the file) given back as they were written wherever their days did not
    change: a period cut at ``--from`` whose two halves came back unchanged is one period
    again, and a period locked only because it is history is unlocked again."""
    out: list[Period] = []
    rest = list(periods)
    for w in written:
        halves = [p for p in rest if p.place == w.place and p.country == w.country
                  and w.start <= p.start and p.end <= w.end]
        days = sorted((p.start, p.end) for p in halves)
        whole = bool(days) and days[0][0] == w.start and days[-1][1] == w.end and all(
            (b[0] - a[1]).days == 1 for a, b in zip(days, days[1:], strict=False))
        if whole and len(halves) <= 2:
            out.append(w)
            rest = [p for p in rest if p not in halves]
    out.extend(rest)
    out.sort(key=lambda p: (p.start, p.end))
    return out


def split_origins(written: list[Period], from_date: dt.date) -> list[int]:
    """For each period of ``history_split``'s copy of a student, the index of the period
    of the file it comes from (a period cut at ``from_date`` gives two)."""
    out: list[int] = []
    for j, p in enumerate(written):
        cut = not p.locked and p.start < from_date <= p.end
        out.extend([j, j] if cut else [j])
    return out
