"""The class calendar as an XLSX workbook (openpyxl), the file a coordinator hands out.

Sheet 1: a title (the class, its dates and zone, « calendrier provisoire » when its
holidays are projected), then one row per student (name first, the id in its own
column, route and adjustment in words), one column per calendar week with the cell's
letter and colour (``palette``: F France, A abroad, H school holidays, X blocked,
E final exams), the week's Monday in the header row, frozen header row and name
columns, printed landscape on A4, fit to the width, header row and names repeated;
below the students, the per-week counts (on placement, abroad), the week numbers
(« S21 ») and a legend in words. Sheet 2: the periods as a list (student, from, to,
weeks, place, country, company, tutor, city, status), printed the same way. Output is
bytes; the workbook's timestamps are fixed so that the same plan gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from solver.core.model import Scenario
from solver.core.plan import working_days_between
from solver.i18n.catalog import adjustment_name, fmt_date, fmt_week, route_name, ui
from solver.io.render.grid import (
    FREE,
    class_grid,
    period_status,
    plan_periods,
    student_label,
    week_counts,
)
from solver.io.render.inert import inert_workbook
from solver.io.render.palette import LOOKS

FIXED_TIME = dt.datetime(2000, 1, 1)


def _fill(code: str) -> PatternFill:
    colour = LOOKS[code].background.lstrip("#").upper()
    return PatternFill(start_color=colour, end_color=colour, fill_type="solid")


def _font(code: str, size: int = 8) -> Font:
    return Font(color=LOOKS[code].foreground.lstrip("#").upper(), bold=True, size=size)


def _print_setup(ws: Any, title_rows: str, title_cols: str | None = None) -> None:
    """Landscape A4, fit to the page's width, the header rows (and name columns) repeated
    on every printed page (issue 20)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols
    ws.page_margins.left = ws.page_margins.right = 0.3
    ws.page_margins.top = ws.page_margins.bottom = 0.4


def title_lines(scenario: Scenario, lang: str) -> list[str]:
    """The sheet's title: the class, its dates and zone, and « calendrier provisoire »
    when its school holidays are projected."""
    cal = scenario.calendar
    dates = ui("span_dates", lang, **{"from": fmt_date(cal.start, lang),
                                       "to": fmt_date(cal.end, lang)})
    line = (ui("xlsx_training", lang, dates=dates)
            + (f" · {ui('web_zone', lang)} {cal.zone}" if cal.zone else ""))
    out = [scenario.label or scenario.programme.title, f"{scenario.programme.title} · {line}"]
    if cal.provisional:
        out.append(ui("cal_provisional", lang))
    return out


def render_xlsx(scenario: Scenario, lang: str = "en", from_date: dt.date | None = None
                ) -> bytes:
    """The class grid sheet (history, signed and proposed placements apart when
    ``from_date``, --from, is given) and a sheet of periods."""
    grid = class_grid(scenario, from_date)
    counts = week_counts(grid)
    wb = Workbook()
    ws = wb.active
    assert ws is not None   # a new workbook always has its first sheet
    ws.title = ui("calendar", lang)[:31]
    titles = title_lines(scenario, lang)
    for k, text in enumerate(titles):
        ws.cell(1 + k, 1, text).font = Font(bold=k == 0, size=14 if k == 0 else 10,
                                            color="B3261E" if k == 2 else None)
    head = len(titles) + 2   # the header row, under the title and a blank row
    ws.cell(head, 1, ui("student", lang)).font = Font(bold=True)
    ws.cell(head, 2, ui("xlsx_id", lang)).font = Font(bold=True)
    ws.cell(head, 3, ui("route", lang)).font = Font(bold=True)
    first_col = 4
    for j, monday in enumerate(grid.weeks):
        c = ws.cell(head, first_col + j, monday)
        c.number_format = "DD/MM/YY" if lang == "fr" else "YYYY-MM-DD"
        c.alignment = Alignment(text_rotation=90)
        c.font = Font(bold=True, size=8)
        ws.column_dimensions[get_column_letter(first_col + j)].width = 3.2
    for i, (student, cells) in enumerate(grid.rows):
        row = head + 1 + i
        # the name first, as people look for it; the id in its own column (issue 20)
        ws.cell(row, 1, student.name or student.id)
        ws.cell(row, 2, student.id)
        route = route_name(student.route, lang)
        if student.adjustment != "none":
            route += f", {adjustment_name(student.adjustment, lang)}"
        ws.cell(row, 3, route)
        for j, code in enumerate(cells):
            cell = ws.cell(row, first_col + j, code if code != FREE else None)
            if code != FREE:
                cell.fill = _fill(code)
                cell.font = _font(code)
            cell.alignment = Alignment(horizontal="center")
    row = head + 1 + len(grid.rows)
    for key, values in (("count_on", [c.on_placement for c in counts]),
                        ("count_abroad", [c.abroad for c in counts])):
        ws.cell(row, 1, ui(key, lang)).font = Font(bold=True)
        for j, v in enumerate(values):
            c = ws.cell(row, first_col + j, v)
            c.font = Font(size=8, bold=v > 0)
            c.alignment = Alignment(horizontal="center")
        row += 1
    ws.cell(row, 1, ui("week", lang)).font = Font(bold=True)
    for j, monday in enumerate(grid.weeks):
        c = ws.cell(row, first_col + j, fmt_week(monday, lang))
        c.font = Font(size=7)
        c.alignment = Alignment(text_rotation=90, horizontal="center")
    ws.column_dimensions["A"].width = max(
        [24] + [min(40, len(s.name or s.id) + 2) for s, _ in grid.rows])   # never cut
    ws.column_dimensions["B"].width = max([10] + [len(s.id) + 2 for s, _ in grid.rows])
    ws.column_dimensions["C"].width = 22
    ws.freeze_panes = ws.cell(head + 1, first_col)
    _print_setup(ws, f"{head}:{head}", "A:C")
    legend_row = row + 2
    ws.cell(legend_row, 1, ui("legend", lang)).font = Font(bold=True)
    legend = grid.legend()
    for k, (code, key) in enumerate(legend):
        c = ws.cell(legend_row + 1 + k, 1, ui(key, lang))
        mark = ws.cell(legend_row + 1 + k, 2, code)
        mark.fill = _fill(code)
        mark.font = _font(code, 9)
        mark.alignment = Alignment(horizontal="center")
        c.font = Font(size=9)
    if from_date is not None:
        ws.cell(legend_row + 1 + len(legend), 1,
                ui("planned_from", lang, date=fmt_date(from_date, lang))).font = Font(size=9)

    ps = wb.create_sheet(ui("periods", lang)[:31])
    heads = ["student", "from", "to", "weeks", "place", "country", "company", "tutor", "city",
             "status"]
    for j, key in enumerate(heads):
        ps.cell(1, 1 + j, ui(key, lang)).font = Font(bold=True)
    date_fmt = "DD/MM/YYYY" if lang == "fr" else "YYYY-MM-DD"
    for i, (student, _, p) in enumerate(plan_periods(scenario)):
        row = 2 + i
        ps.cell(row, 1, student_label(student))
        ps.cell(row, 2, p.start).number_format = date_fmt
        ps.cell(row, 3, p.end).number_format = date_fmt
        weeks = ps.cell(row, 4, working_days_between(p.start, p.end) / 5)
        weeks.number_format = "0.0"   # Excel shows the user's decimal separator
        ps.cell(row, 5, ui("place_" + p.place, lang))
        ps.cell(row, 6, p.country or "")
        ps.cell(row, 7, p.company or "")
        ps.cell(row, 8, p.tutor or "")
        ps.cell(row, 9, p.city or "")
        ps.cell(row, 10, period_status(p, lang))
    for j, width in enumerate((24, 12, 12, 9, 12, 8, 26, 22, 16, 20)):
        ps.column_dimensions[get_column_letter(1 + j)].width = width
    ps.freeze_panes = "A2"
    _print_setup(ps, "1:1")

    inert_workbook(wb)   # a student id "=HYPERLINK(...)" stays text
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = "stageplan"
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip_times(buf.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The same workbook with every zip entry dated 2000-01-01 and the same "modified"
    property: openpyxl stamps both with the current time when it saves, so two runs a
    second apart gave different bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z",
                              body)
            dst.writestr(fixed, body)
    return out.getvalue()
