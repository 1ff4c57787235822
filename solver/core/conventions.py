"""A convention's details (company, tutor, city, signed) kept across the jobs.

Locked periods, and signed ones (a signed convention is locked: its dates cannot move
without an amendment), come out of ``generate`` and ``repair`` as they went in,
details included. An unlocked period that ``generate`` re-plans is a new period; when
it overlaps an old unlocked period of the same student and place, it takes that
period's company, tutor and city (the host is the same; the new dates are not signed,
so ``signed`` stays off). ``repair`` keeps them itself on the periods it resizes.
"""

from __future__ import annotations

import dataclasses

from solver.core.model import Period, Scenario


def _overlap(a: Period, b: Period) -> int:
    return max(0, (min(a.end, b.end) - max(a.start, b.start)).days + 1)


def carry_details(before: Scenario, after: Scenario) -> Scenario:
    """``after`` (a generated plan of ``before``'s class) with the details of
    ``before``'s unlocked periods moved onto the new periods that overlap them most."""
    olds = {s.id: [p for p in s.periods if not p.locked and (p.company or p.tutor or p.city)]
            for s in before.students}
    if not any(olds.values()):
        return after
    students = []
    for s in after.students:
        candidates = olds.get(s.id, [])
        used: set[int] = set()
        periods = []
        for p in s.periods:
            best = None
            if not p.locked and not (p.company or p.tutor or p.city):
                scored = [(_overlap(c, p), -i, i) for i, c in enumerate(candidates)
                          if i not in used and c.place == p.place and _overlap(c, p) > 0]
                if scored:
                    best = max(scored)[2]
            if best is None:
                periods.append(p)
                continue
            used.add(best)
            c = candidates[best]
            periods.append(dataclasses.replace(p, company=c.company, tutor=c.tutor,
                                               city=c.city, signed=False))
        students.append(dataclasses.replace(s, periods=periods))
    return after.with_students(students)
