"""The class calendar as a weeks x students grid: the shared cell model and the text view.

``class_grid(scenario)`` decides once what each cell shows (France, abroad, school
holidays, blocked dates, final exams or nothing) for every calendar week of the
training and every student; the text, HTML and XLSX renderers (and the web page) draw
the same cells with the same look (``palette``). ``week_counts`` gives, per week, how
many students are on placement and how many abroad: the rows a tutor team and the
Erasmus+ coordinator read first. ``month_spans`` is the month ruler every view prints.
``grid_text`` prints the grid in the terminal, in blocks that fit the width, so the
training is never cut before its end; ``plan_periods`` lists the periods for the list
views (XLSX second sheet, HTML, ICS).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table
from rich.text import Text

from solver.core.model import Period, Scenario, Student
from solver.core.plan import clip
from solver.i18n.catalog import colon, fmt_date, fmt_week, month_names, ui
from solver.io.render.palette import (
    ABROAD,
    ABROAD_CODES,
    BLOCKED,
    FINAL,
    FRANCE,
    FREE,
    HOLIDAY,
    LEGEND,
    LOOKS,
    PLACED_CODES,
    legend_codes,
    placement_code,
    text_style,
)

__all__ = ["ABROAD", "BLOCKED", "CELL_KEYS", "COLOURS", "FINAL", "FRANCE", "FREE", "HOLIDAY",
           "ClassGrid", "WeekCount", "class_grid", "grid_text", "month_spans",
           "period_details_text", "plan_periods", "week_counts"]

CELL_KEYS = {code: LOOKS[code].key for code in LEGEND}
COLOURS = {code: look.background for code, look in LOOKS.items()}


@dataclass
class ClassGrid:
    weeks: list[dt.date]                 # Mondays of the calendar weeks shown
    background: list[str]                # per week: FINAL, BLOCKED, HOLIDAY or FREE
    rows: list[tuple[Student, list[str]]]
    from_date: dt.date | None = None     # --from: placements before it are history

    def legend(self) -> list[tuple[str, str]]:
        """(code, catalogue key) of each legend entry, the statuses shown included."""
        return legend_codes({c for _, cells in self.rows for c in cells})


@dataclass(frozen=True)
class WeekCount:
    monday: dt.date
    on_placement: int    # students with at least one placement day that week
    abroad: int          # of whom with at least one day abroad


def _is_final(span: object) -> bool:
    # ``final: true`` on a blocked span marks the final exams (contract section 1)
    return bool(getattr(span, "final", False))


def class_grid(scenario: Scenario, from_date: dt.date | None = None) -> ClassGrid:
    """The cells of every week and student; with ``from_date`` (--from), a week whose
    placement days all lie before it is history (``f``/``a``); a week under a locked or
    signed period is ``C``/``I``; other placements are proposed (``F``/``A``)."""
    cal = scenario.calendar
    weeks = [w for w in cal.weeks if w.n_days > 0]
    finals = [b for b in cal.blocked if _is_final(b)]
    background = []
    for w in weeks:
        days = [cal.days[i] for i in range(w.lo, w.hi + 1)]
        if any(b.contains(d) for b in finals for d in days):
            background.append(FINAL)
        elif any(cal.blocked_flags[i] for i in range(w.lo, w.hi + 1)):
            background.append(BLOCKED)
        elif sum(cal.holiday_flags[i] for i in range(w.lo, w.hi + 1)) * 2 > w.n_days:
            background.append(HOLIDAY)
        else:
            background.append(FREE)
    plans = scenario.plans()
    start = cal.first_index_on_or_after(from_date) if from_date is not None else 0
    rows = []
    for s in scenario.students:
        plan = plans[s.id]
        fixed = [cal.span_indices(p.start, p.end) for p in s.periods if p.locked or p.signed]
        cells = []
        for w, bg in zip(weeks, background, strict=True):
            on = clip(plan.on, w.lo, w.hi)
            if not on:
                cells.append(bg)
                continue
            cells.append(placement_code(
                abroad=bool(clip(plan.abroad, w.lo, w.hi)), past=on[-1][1] < start,
                signed=any(lo <= b and a <= hi for lo, hi in fixed for a, b in on)))
        rows.append((s, cells))
    return ClassGrid([w.monday for w in weeks], background, rows, from_date)


def week_counts(grid: ClassGrid) -> list[WeekCount]:
    """Per week of the grid: students on placement (France or abroad) and abroad."""
    out = []
    for j, monday in enumerate(grid.weeks):
        codes = [cells[j] for _, cells in grid.rows]
        out.append(WeekCount(monday, sum(1 for c in codes if c in PLACED_CODES),
                             sum(1 for c in codes if c in ABROAD_CODES)))
    return out


def month_spans(weeks: list[dt.date], lang: str) -> list[tuple[str, int, int]]:
    """(month name, year, number of weeks) for runs of weeks whose Monday is in a month."""
    names = month_names(lang)
    out: list[tuple[str, int, int]] = []
    for monday in weeks:
        name = names[monday.month - 1]
        if out and out[-1][0] == name and out[-1][1] == monday.year:
            out[-1] = (name, monday.year, out[-1][2] + 1)
        else:
            out.append((name, monday.year, 1))
    return out


def plan_periods(scenario: Scenario) -> list[tuple[Student, int, Period]]:
    """(student, period number from 1, period) for every period, in file order."""
    return [(s, i + 1, p) for s in scenario.students for i, p in enumerate(s.periods)]


def period_status(p: Period, lang: str) -> str:
    """« convention signée », « verrouillée » or « proposée »: what a period is."""
    if p.signed:
        return ui("status_signed", lang)
    if p.locked:
        return ui("status_locked", lang)
    return ui("status_proposed", lang)


def period_details_text(p: Period, lang: str) -> str:
    """One line: place, dates, company, tutor, city, status (hover titles, text lists)."""
    place = ui("cell_" + p.place, lang) + (f" ({p.country})" if p.country else "")
    bits = [place + colon(lang) + ui("span_dates", lang, **{"from": fmt_date(p.start, lang),
                                                            "to": fmt_date(p.end, lang)})]
    for key in ("company", "tutor", "city"):
        value = getattr(p, key)
        if value:
            bits.append(ui(key, lang) + colon(lang) + value)
    bits.append(period_status(p, lang))
    return " · ".join(bits)


def student_label(student: Student) -> str:
    """« Camille Martin (S01) »: the name first, as people look for it, the id after
    (issue 20); the id alone for a student without a name."""
    return f"{student.name} ({student.id})" if student.name else student.id


_name = student_label


def _chunks(weeks: list[dt.date], room: int, year2_start: dt.date) -> list[tuple[int, int]]:
    """Runs of week indices that fit in ``room`` columns, cut at year 2 when it has to."""
    n = len(weeks)
    if n <= room:
        return [(0, n)]
    out = []
    split = next((j for j, m in enumerate(weeks) if m + dt.timedelta(days=6) >= year2_start), n)
    for lo, hi in ((0, split), (split, n)):
        start = lo
        while start < hi:
            out.append((start, min(hi, start + room)))
            start += room
    return [c for c in out if c[0] < c[1]]


def _digit_rows(values: list[int]) -> tuple[Text, Text]:
    """Counts written downwards in one column per week: tens above, units below."""
    tens, units = Text(), Text()
    for v in values:
        tens.append(str(v // 10 % 10) if v >= 10 else " ")
        units.append(str(v % 10) if v else "·", style="" if v else "dim")
    return tens, units


def grid_text(scenario: Scenario, lang: str, con: Console, title: str | None = None,
              from_date: dt.date | None = None) -> None:
    """The weeks x students grid in the terminal: one letter a week, month and week
    rulers, per-week counts, a legend in words. Printed in blocks as wide as the
    console allows, so no week of the training is left out."""
    grid = class_grid(scenario, from_date)
    counts = week_counts(grid)
    on_label, abroad_label = ui("count_on", lang), ui("count_abroad", lang)
    labels = [_name(s) for s, _ in grid.rows] + [
        f"{on_label} ({ui('tens', lang)})", f"{abroad_label} ({ui('tens', lang)})",
        ui("month", lang), ui("week", lang)]
    name_width = max(len(x) for x in labels)
    room = max(20, (con.width or 120) - name_width - 2)
    con.print(Text(title or scenario.label or ui("generated_plan", lang), style="bold"))
    cal = scenario.calendar
    con.print(ui("text_span", lang, **{"from": fmt_date(cal.start, lang),
                                        "to": fmt_date(cal.end, lang)}))
    if from_date is not None:
        con.print(ui("planned_from", lang, date=fmt_date(from_date, lang)))
    for lo, hi in _chunks(grid.weeks, room, scenario.calendar.year2_start):
        weeks = grid.weeks[lo:hi]
        table = Table(show_lines=False, box=None, pad_edge=False, show_header=False,
                      padding=(0, 1, 0, 0))
        table.add_column(no_wrap=True, min_width=name_width)
        table.add_column(no_wrap=True)
        months = Text()
        for name, year, span in month_spans(weeks, lang):
            # capitalised, so that two months that touch still read apart ("JuinJuil")
            label = name[:1].upper() + name[1:]
            if span >= len(label) + 4:
                label = f"{label} {year % 100:02d}"
            months.append((label if span >= 2 else "").ljust(span)[:span], style="bold")
        table.add_row(Text(ui("month", lang), style="bold"), months)
        wk = [fmt_week(m, lang)[1:] for m in weeks]
        table.add_row(Text(f"{ui('week', lang)} ({ui('tens', lang)})", style="dim"),
                      Text("".join(w[0] for w in wk), style="dim"))
        table.add_row(Text(f"{ui('week', lang)} ({ui('units', lang)})", style="dim"),
                      Text("".join(w[1] for w in wk), style="dim"))
        for student, cells in grid.rows:
            line = Text()
            for c in cells[lo:hi]:
                line.append(c if c != FREE else "·", style=text_style(c))
            table.add_row(_name(student), line)
        for label, values in ((on_label, [c.on_placement for c in counts[lo:hi]]),
                              (abroad_label, [c.abroad for c in counts[lo:hi]])):
            tens, units = _digit_rows(values)
            if tens.plain.strip():
                table.add_row(Text(f"{label} ({ui('tens', lang)})", style="bold"), tens)
            table.add_row(Text(f"{label} ({ui('units', lang)})" if tens.plain.strip()
                               else label, style="bold"), units)
        con.print(table)
    legend = Text(ui("legend", lang) + colon(lang).rstrip())
    sep = " ;" if lang == "fr" else ";"
    for code, key in grid.legend():
        legend.append(" ")
        legend.append(f" {code} ", style=text_style(code))
        legend.append(f" {ui(key, lang)}{sep}")
    legend.append(" · ")
    legend.append(ui("cell_free", lang))
    con.print(legend)
    con.print(ui("text_counts_note", lang))
    # the conventions known so far (company, tutor, city, signed or locked), one a line
    known = [(s, n, p) for s, n, p in plan_periods(scenario)
             if p.company or p.tutor or p.city or p.signed or p.locked]
    if known:
        con.print(Text(ui("conventions", lang), style="bold"))
        for student, number, p in known:
            con.print(f"  {_name(student)}, {ui('period_n', lang, n=number).lower()}"
                      f"{colon(lang)}{period_details_text(p, lang)}", highlight=False,
                      markup=False)
