"""The class calendar as the page draws it: weeks across, students down.

A view model only: each cell says what the week holds for the student (France,
abroad, school holidays, blocked dates) and the dates to show on hover, read from the
scenario's periods and calendar. Compliance is never decided here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from solver.core.model import Scenario
from solver.i18n.catalog import colon, fmt_date, month_abbreviations, ui
from solver.io.render.palette import placement_code
from solver.web import edit_messages  # noqa: F401  (the page's words in the catalogue)

# the same letters as the terminal grid and the XLSX sheet (render/grid.py): colour is
# never the only sign
FRANCE, ABROAD, HOLIDAY, BLOCKED, FINAL, UNAVAILABLE = "F", "A", "H", "X", "E", "⊘"


@dataclass
class Cell:
    css: str
    title: str
    mark: str = ""
    week: str = ""   # ISO date of the week's Monday (the page's week form)


@dataclass
class Row:
    id: str
    name: str
    cells: list[Cell]
    broken: bool = False
    changed: bool = False


@dataclass
class MonthSpan:
    label: str
    span: int


@dataclass
class GridView:
    months: list[MonthSpan]
    weeks: list[Cell]          # header cells (week number, Monday's date)
    calendar: list[Cell]       # class row: holidays / blocked
    rows: list[Row] = field(default_factory=list)
    from_label: str = ""       # "Planned from <date> (--from)...", when there is history


def build_grid(scenario: Scenario, lang: str, broken: set[str] | None = None,
               compare_to: Scenario | None = None, from_date: dt.date | None = None
               ) -> GridView:
    """The grid of ``scenario``; rows differing from ``compare_to`` are flagged changed.
    With ``from_date`` (--from), a week on placement before it is history (``f``/``a``),
    one under a signed or locked period ``C``/``I``, and the others proposed (``F``/``A``),
    as in every view (``render/palette.py``)."""
    cal = scenario.calendar
    months: list[MonthSpan] = []
    head: list[Cell] = []
    class_row: list[Cell] = []
    names = month_abbreviations(lang)
    for w in cal.weeks:
        label = f"{names[w.monday.month - 1]} {w.monday.year % 100:02d}"
        if months and months[-1].label == label:
            months[-1].span += 1
        else:
            months.append(MonthSpan(label, 1))
        sunday = w.monday + dt.timedelta(days=6)
        head.append(Cell("wk", f"{ui('web_week_of', lang)} {fmt_date(w.monday, lang)}",
                         str(w.monday.isocalendar()[1])))
        days = [cal.days[i] for i in range(w.lo, w.hi + 1)]
        hol = [cal.holiday_name(d) for d in days]
        # blocked spans touching a working day of the week (final exams: ``final: true``)
        blk = [b for b in cal.blocked if any(b.start <= d <= b.end for d in days)]
        sep = colon(lang)
        bits = [f"{fmt_date(w.monday, lang)} – {fmt_date(sunday, lang)}"]
        css = ""
        if days and all(hol):
            css = "hol"
            bits.append(f"{ui('web_holidays', lang)}{sep}{hol[0]}")
        if blk:
            final = any(getattr(b, "final", False) for b in blk)
            css = "fin" if final else "blk"
            reason = next((b.label for b in blk if b.label), "")
            words = ui("web_final", lang) if final else ui("web_blocked", lang)
            bits.append(f"{words}{sep}{reason}" if reason else words)
        mark = {"blk": BLOCKED, "fin": FINAL, "hol": HOLIDAY}.get(css, "")
        class_row.append(Cell(css, "\n".join(bits), mark, w.monday.isoformat()))
    old = {s.id: s for s in compare_to.students} if compare_to else {}
    rows: list[Row] = []
    for s in scenario.students:
        cells = []
        spans = [(cal.span_indices(p.start, p.end), p) for p in s.periods]
        unav = [cal.span_indices(u.start, u.end) for u in getattr(s, "unavailable", ())]
        for w, base in zip(cal.weeks, class_row, strict=True):
            here = [p for (lo, hi), p in spans if lo <= w.hi and hi >= w.lo and hi >= lo]
            off = any(lo <= w.hi and hi >= w.lo and hi >= lo for lo, hi in unav)
            if not here:
                if off:
                    cells.append(Cell("unav", base.title + "\n" + ui("web_unavailable", lang),
                                      UNAVAILABLE, base.week))
                else:
                    cells.append(Cell(base.css, base.title, base.mark, base.week))
                continue
            abroad = any(p.abroad for p in here)
            mark = placement_code(
                abroad, past=from_date is not None and max(
                    min(p.end, w.monday + dt.timedelta(days=4)) for p in here) < from_date,
                signed=any(p.locked or p.signed for p in here))
            full = sum(min(hi, w.hi) - max(lo, w.lo) + 1
                       for (lo, hi), p in spans if lo <= w.hi and hi >= w.lo) >= w.n_days
            css = ("abr" if abroad else "fra") + ("" if full else " part") + (
                " past" if mark.islower() else " signed" if mark in "CI" else "")
            if base.css in ("blk", "fin") or off:
                css += " clash"
            lines = [base.title.split("\n")[0]]
            for p in here:
                where = (ui("web_abroad", lang) + (f" ({p.country})" if p.country else "")
                         if p.abroad else ui("web_france", lang)
                         + (f" ({p.country})" if p.country else ""))
                lock = f" · {ui('web_locked', lang)}" if p.locked else ""
                lines.append(f"{where}: {fmt_date(p.start, lang)} → {fmt_date(p.end, lang)}"
                             f"{lock}")
                lines.extend(detail_lines(p, lang))
            lines.extend(base.title.split("\n")[1:])
            if off:
                lines.append(ui("web_unavailable", lang))
            cells.append(Cell(css, "\n".join(lines), mark, base.week))
        changed = False
        if s.id in old:
            changed = [(p.start, p.end, p.place) for p in old[s.id].periods] != [
                (p.start, p.end, p.place) for p in s.periods]
        rows.append(Row(s.id, s.name or "", cells, s.id in (broken or set()), changed))
    label = ui("planned_from", lang, date=fmt_date(from_date, lang)) if from_date else ""
    return GridView(months, head, class_row, rows, label)


@dataclass
class WeekCount:
    on: int        # students with at least one placement day in the week
    abroad: int    # of whom abroad


def week_counts(scenario: Scenario) -> list[WeekCount]:
    """Per calendar week, how many students are on placement and how many abroad."""
    cal = scenario.calendar
    out = [WeekCount(0, 0) for _ in cal.weeks]
    for s in scenario.students:
        on = [False] * len(cal.weeks)
        ab = [False] * len(cal.weeks)
        for p in s.periods:
            lo, hi = cal.span_indices(p.start, p.end)
            if hi < lo:
                continue
            for w in range(cal.week_of_day[lo], cal.week_of_day[hi] + 1):
                on[w] = True
                ab[w] = ab[w] or p.abroad
        for w, (a, b) in enumerate(zip(on, ab, strict=True)):
            out[w].on += a
            out[w].abroad += b
    return out


def detail_lines(period: object, lang: str) -> list[str]:
    """The convention's details of a period for the hover text (when the loader has them)."""
    out = []
    for key in ("company", "tutor", "city"):
        value = getattr(period, key, None)
        if value:
            out.append(f"{ui('web_' + key, lang)}{colon(lang)}{value}")
    if getattr(period, "signed", False):
        out.append(ui("web_signed", lang))
    return out
