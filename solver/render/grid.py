"""The class calendar as a weeks x students grid: the shared cell model and the text view.

``class_grid(scenario)`` decides once what each cell shows (France, abroad, school
holidays, blocked dates or nothing) for every calendar week of the training and every
student; the text, HTML and XLSX renderers draw the same cells. ``grid_text`` prints
the grid in the terminal with rich colours and a legend; ``plan_periods`` lists the
periods for the list views (XLSX second sheet, HTML, ICS).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..i18n import fmt_date, ui
from ..model import Period, Scenario, Student
from ..plan import clip

# cell codes, in priority order: a student's placement wins over the calendar's facts
ABROAD, FRANCE, BLOCKED, HOLIDAY, FREE = "A", "F", "X", "H", "."
CELL_KEYS = {FRANCE: "cell_france", ABROAD: "cell_abroad", HOLIDAY: "cell_holiday",
             BLOCKED: "cell_blocked"}
COLOURS = {FRANCE: "#2e7d32", ABROAD: "#1565c0", HOLIDAY: "#f9e79f", BLOCKED: "#c62828",
           FREE: "#ffffff"}
MONTH_MARKS = "123456789ond"   # one character per month on the ruler (o, n, d: 10-12)
TEXT_STYLES = {FRANCE: "bold white on green4", ABROAD: "bold white on blue3",
               HOLIDAY: "black on khaki1", BLOCKED: "bold white on red3", FREE: "dim"}


@dataclass
class ClassGrid:
    weeks: list[dt.date]                 # Mondays of the calendar weeks shown
    background: list[str]                # per week: HOLIDAY, BLOCKED or FREE
    rows: list[tuple[Student, list[str]]]


def class_grid(scenario: Scenario) -> ClassGrid:
    cal = scenario.calendar
    weeks = [w for w in cal.weeks if w.n_days > 0]
    background = []
    for w in weeks:
        if any(cal.blocked_flags[i] for i in range(w.lo, w.hi + 1)):
            background.append(BLOCKED)
        elif sum(cal.holiday_flags[i] for i in range(w.lo, w.hi + 1)) * 2 > w.n_days:
            background.append(HOLIDAY)
        else:
            background.append(FREE)
    plans = scenario.plans()
    rows = []
    for s in scenario.students:
        plan = plans[s.id]
        cells = []
        for w, bg in zip(weeks, background, strict=True):
            if clip(plan.abroad, w.lo, w.hi):
                cells.append(ABROAD)
            elif clip(plan.on, w.lo, w.hi):
                cells.append(FRANCE)
            else:
                cells.append(bg)
        rows.append((s, cells))
    return ClassGrid([w.monday for w in weeks], background, rows)


def plan_periods(scenario: Scenario) -> list[tuple[Student, int, Period]]:
    """(student, period number from 1, period) for every period, in file order."""
    return [(s, i + 1, p) for s in scenario.students for i, p in enumerate(s.periods)]


def grid_text(scenario: Scenario, lang: str, con: Console, title: str | None = None) -> None:
    """The weeks x students grid in the terminal: one character a week, month ruler."""
    grid = class_grid(scenario)
    table = Table(title=title or scenario.label or ui("generated_plan", lang),
                  show_lines=False, box=None, pad_edge=False)
    table.add_column(ui("student", lang), no_wrap=True)
    ruler = Text()
    last_month = None
    for monday in grid.weeks:
        if monday.month != last_month:
            ruler.append(MONTH_MARKS[monday.month - 1], style="bold")
            last_month = monday.month
        else:
            ruler.append(" ")
    table.add_column(ruler, no_wrap=True)
    for student, cells in grid.rows:
        line = Text()
        for c in cells:
            line.append(c if c != FREE else "·", style=TEXT_STYLES[c])
        name = student.id + (f" {student.name}" if student.name else "")
        table.add_row(name, line)
    con.print(table)
    con.print(f"{ui('from', lang)} {fmt_date(grid.weeks[0], lang)} "
              f"{ui('to', lang).lower()} {fmt_date(grid.weeks[-1], lang)}; "
              f"1-9/o/n/d = month")
    legend = Text(ui("legend", lang) + ": ")
    for code in (FRANCE, ABROAD, HOLIDAY, BLOCKED):
        legend.append(f" {code} ", style=TEXT_STYLES[code])
        legend.append(f" {ui(CELL_KEYS[code], lang)}  ")
    con.print(legend)
