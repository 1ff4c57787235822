"""The class calendar as an XLSX workbook (openpyxl), the file a coordinator hands out.

Sheet 1: one row per student, one coloured column per calendar week (F France,
A abroad, H school holidays, X blocked), frozen header row and name columns, and a
legend below. Sheet 2: the periods as a list (student, from, to, weeks, place,
country, locked). Output is bytes; the workbook's timestamps are fixed so that the
same plan gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..i18n import ui
from ..model import Scenario
from ..plan import working_days_between
from .grid import CELL_KEYS, COLOURS, FREE, class_grid, plan_periods
from .inert import inert_workbook

FIXED_TIME = dt.datetime(2000, 1, 1)


def _fill(code: str) -> PatternFill:
    colour = COLOURS[code].lstrip("#").upper()
    return PatternFill(start_color=colour, end_color=colour, fill_type="solid")


def render_xlsx(scenario: Scenario, lang: str = "en") -> bytes:
    grid = class_grid(scenario)
    wb = Workbook()
    ws = wb.active
    assert ws is not None   # a new workbook always has its first sheet
    ws.title = ui("calendar", lang)[:31]
    ws.cell(1, 1, ui("student", lang)).font = Font(bold=True)
    ws.cell(1, 2, ui("route", lang)).font = Font(bold=True)
    first_col = 3
    for j, monday in enumerate(grid.weeks):
        c = ws.cell(1, first_col + j, monday)
        c.number_format = "DD/MM/YY" if lang == "fr" else "YYYY-MM-DD"
        c.alignment = Alignment(text_rotation=90)
        c.font = Font(bold=True, size=8)
        ws.column_dimensions[get_column_letter(first_col + j)].width = 3.2
    white = Font(color="FFFFFF", bold=True, size=8)
    for i, (student, cells) in enumerate(grid.rows):
        row = 2 + i
        ws.cell(row, 1, student.id + (f" {student.name}" if student.name else ""))
        ws.cell(row, 2, student.route)
        for j, code in enumerate(cells):
            cell = ws.cell(row, first_col + j, code if code != FREE else None)
            if code != FREE:
                cell.fill = _fill(code)
                if code in ("F", "A", "X"):
                    cell.font = white
            cell.alignment = Alignment(horizontal="center")
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 12
    ws.freeze_panes = ws.cell(2, first_col)
    legend_row = len(grid.rows) + 3
    ws.cell(legend_row, 1, ui("legend", lang)).font = Font(bold=True)
    for k, (code, key) in enumerate(CELL_KEYS.items()):
        c = ws.cell(legend_row + 1 + k, 1, f"{code}: {ui(key, lang)}")
        ws.cell(legend_row + 1 + k, 2).fill = _fill(code)
        c.font = Font(size=9)

    ps = wb.create_sheet(ui("periods", lang)[:31])
    heads = ["student", "from", "to", "weeks", "place", "country", "locked"]
    for j, key in enumerate(heads):
        ps.cell(1, 1 + j, ui(key, lang)).font = Font(bold=True)
    date_fmt = "DD/MM/YYYY" if lang == "fr" else "YYYY-MM-DD"
    for i, (student, _, p) in enumerate(plan_periods(scenario)):
        row = 2 + i
        ps.cell(row, 1, student.id)
        ps.cell(row, 2, p.start).number_format = date_fmt
        ps.cell(row, 3, p.end).number_format = date_fmt
        ps.cell(row, 4, working_days_between(p.start, p.end) / 5)
        ps.cell(row, 5, ui("place_" + p.place, lang))
        ps.cell(row, 6, p.country or "")
        ps.cell(row, 7, "✔" if p.locked else "")
    for j, width in enumerate((14, 12, 12, 8, 12, 8, 10)):
        ps.column_dimensions[get_column_letter(1 + j)].width = width
    ps.freeze_panes = "A2"

    inert_workbook(wb)   # a student id "=HYPERLINK(...)" stays text
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = "stageplan"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
