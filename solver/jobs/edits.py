"""Day statuses of a plan (0 none, 1 France, 2 abroad) and the period edits between
two plans: what generate and repair share, below both."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from solver.core.calendar import SchoolCalendar
from solver.core.model import Period, Student
from solver.core.plan import StudentPlan

OFF, FRANCE, ABROAD = 0, 1, 2
PLACE = {FRANCE: "france", ABROAD: "abroad"}


@dataclass
class Edit:
    """One changed period of one student, as the contract's JSON says it."""

    student: str
    action: str                    # extend, shorten, move, add, remove, change, split
    # (split: the part of period ``period`` that became a period of its own)
    period: int                    # index in the old plan (add: in the new plan)
    start: dt.date                 # the period's dates after the edit (remove: before)
    end: dt.date
    place: str
    days_changed: int
    before: Period | None = None
    after: Period | None = None
    rules: list[str] = field(default_factory=list)

    @property
    def weeks_changed(self) -> float | int:
        weeks = self.days_changed / 5
        return int(weeks) if weeks == int(weeks) else round(weeks, 1)


# ---- day statuses -------------------------------------------------------------------

def status_of(plan: StudentPlan, n: int) -> list[int]:
    """Per working day of the calendar: 0 none, 1 France, 2 abroad."""
    out = [OFF] * n
    for lo, hi in plan.on:
        for i in range(lo, hi + 1):
            out[i] = FRANCE
    for lo, hi in plan.abroad:
        for i in range(lo, hi + 1):
            out[i] = ABROAD
    return out


# ---- from day statuses back to periods ------------------------------------------------

@dataclass
class _Old:
    index: int
    period: Period
    lo: int
    hi: int
    value: int


def diff_periods(student: Student, old: list[int], new: list[int], cal: SchoolCalendar
                 ) -> tuple[list[Period], list[Edit]]:
    """The new periods of ``student`` and the edits that lead there from the old ones.

    A day keeps the period that had it when its status did not change; new days next to
    a period of the same place (not locked) extend it; the other runs are new periods,
    paired with a vanished period of the same place, if any, as a move."""
    n = cal.n
    olds = [_Old(i, p, *cal.span_indices(p.start, p.end), ABROAD if p.abroad else FRANCE)
            for i, p in enumerate(student.periods)]
    owner: list[int | None] = [None] * n
    for o in olds:
        for d in range(o.lo, o.hi + 1):
            if owner[d] is None and new[d] == o.value:
                owner[d] = o.index
    for forward in (True, False):
        order = range(1, n) if forward else range(n - 2, -1, -1)
        for d in order:
            prev = d - 1 if forward else d + 1
            k = owner[prev]
            if owner[d] is None and new[d] != OFF and k is not None and new[prev] == new[d] \
                    and not olds[k].period.locked:
                owner[d] = k
    runs: list[tuple[int, int, int, int | None]] = []   # lo, hi, status, owner
    d = 0
    while d < n:
        if new[d] == OFF:
            d += 1
            continue
        last = d
        while last + 1 < n and new[last + 1] == new[d] and owner[last + 1] == owner[d]:
            last += 1
        runs.append((d, last, new[d], owner[d]))
        d = last + 1

    def kept(run: tuple[int, int, int, int | None], o: _Old) -> int:
        return min(run[1], o.hi) - max(run[0], o.lo) + 1

    best: dict[int, tuple[int, int, int, int | None]] = {}
    for run in runs:   # a period split in several runs keeps its largest part
        k = run[3]
        if k is not None and (k not in best or kept(run, olds[k]) > kept(best[k], olds[k])):
            best[k] = run

    def inside(p: Period) -> bool:
        return cal.start <= p.start and p.end <= cal.end

    # (period, old period it continues or None, first day, last day)
    result: list[tuple[Period, _Old | None, int, int]] = []
    added: list[tuple[int, int, int]] = []
    split_of: dict[int, int] = {}   # index in added -> the old period it is a part of
    for run in runs:
        lo, hi, value, k = run
        if k is None or best[k] != run:
            if k is not None and olds[k].lo <= lo and hi <= olds[k].hi:
                split_of[len(added)] = k   # a part of a period cut in two: a split
            added.append((lo, hi, value))
            continue
        o = olds[k]
        p = o.period
        if (lo, hi) != (o.lo, o.hi) or not inside(p):
            # the convention's company, tutor and city stay; new dates need a new
            # signature (an amendment), so ``signed`` does not
            p = dataclasses.replace(p, start=p.start if lo == o.lo and inside(p) else cal.days[lo],
                                    end=p.end if hi == o.hi and inside(p) else cal.days[hi],
                                    line=None, signed=False)
        result.append((p, o, lo, hi))
    removed = [o for o in olds if o.index not in best]
    for o in [o for o in removed if o.period.locked]:   # kept verbatim, whatever happens
        result.append((o.period, o, o.lo, o.hi))
        removed.remove(o)
    pairs: dict[int, int] = {}      # old index -> index in added: a move (or a change)
    for same_place in (True, False):
        for o in removed:
            free = [j for j, a in enumerate(added) if j not in pairs.values()
                    and (a[2] == o.value or not same_place)]
            if o.index not in pairs and free:
                pairs[o.index] = min(free, key=lambda j: (abs(added[j][0] - o.lo), j))

    edits: list[Edit] = []
    edit_of_old: dict[int, Edit] = {}
    for o in removed:
        if o.index in pairs:
            lo, hi, value = added[pairs[o.index]]
            same_place = value == o.value
            p = Period(cal.days[lo], cal.days[hi], PLACE[value],
                       o.period.country if same_place else None, False, o.period.label,
                       company=o.period.company if same_place else None,
                       tutor=o.period.tutor if same_place else None,
                       city=o.period.city if same_place else None)
            same = value == o.value and hi - lo == o.hi - o.lo
            e = Edit(student.id, "move" if same else "change", o.index, p.start, p.end,
                     p.place, 0, o.period, p)
            result.append((p, o, lo, hi))
        else:
            e = Edit(student.id, "remove", o.index, o.period.start, o.period.end,
                     o.period.place, 0, o.period, None)
        edits.append(e)
        edit_of_old[o.index] = e
    for j, (lo, hi, value) in enumerate(added):
        if j in pairs.values():
            continue
        if j in split_of:   # the same convention, cut: its details stay with both parts
            o = olds[split_of[j]]
            p = dataclasses.replace(o.period, start=cal.days[lo], end=cal.days[hi], line=None,
                                    signed=False, locked=False)
            result.append((p, None, lo, hi))
            edits.append(Edit(student.id, "split", o.index, p.start, p.end, p.place, 0,
                              o.period, p))
            continue
        p = Period(cal.days[lo], cal.days[hi], PLACE[value])
        result.append((p, None, lo, hi))
        edits.append(Edit(student.id, "add", -1, p.start, p.end, p.place, 0, None, p))
    for p, src, lo, hi in result:
        if src is None or src.index in edit_of_old or p is src.period:
            continue
        size, old_size = hi - lo, src.hi - src.lo
        if lo != src.lo and hi != src.hi and size == old_size:
            action = "move"
        elif lo <= src.lo and hi >= src.hi and size > old_size:
            action = "extend"
        elif lo >= src.lo and hi <= src.hi:
            action = "shorten"
        else:
            action = "change"
        e = Edit(student.id, action, src.index, p.start, p.end, p.place, 0, src.period, p)
        edits.append(e)
        edit_of_old[src.index] = e
    result.sort(key=lambda item: (item[0].start, item[0].end))
    new_periods = [p for p, _, _, _ in result]
    edit_of_new = {id(e.after): e for e in edits if e.after is not None}
    day_period: list[Period | None] = [None] * n
    for p, _, lo, hi in result:
        for i in range(lo, hi + 1):
            day_period[i] = p
    for i in range(n):   # each changed day counts for the edit that changed it
        if old[i] == new[i]:
            continue
        target = edit_of_new.get(id(day_period[i])) if new[i] != OFF else None
        if target is None:
            o_hit = next((o for o in olds if o.lo <= i <= o.hi and o.value == old[i]), None)
            target = edit_of_old.get(o_hit.index) if o_hit is not None else None
        if target is not None:
            target.days_changed += 1
    for e in edits:   # an added period is numbered in the new plan
        if e.action == "add":
            e.period = next(i for i, p in enumerate(new_periods) if p is e.after)
    edits.sort(key=lambda e: (e.start, e.period))
    return new_periods, edits
