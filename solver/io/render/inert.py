"""Spreadsheet exports are inert: no text a user wrote can become a formula.

A student id, a name or a label such as ``=HYPERLINK("http://x", "clic")`` is data.
Following OWASP's advice on CSV injection, a text cell starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is written so that no spreadsheet evaluates
it: in CSV it gets a leading apostrophe (the one change that survives every program
that opens CSV files); in XLSX it is stored as a string cell (never a ``<f>``
formula) with Excel's "quote prefix" flag, so that it stays text even when the cell
is edited. Numbers, dates and booleans are left as they are.
"""

from __future__ import annotations

from typing import Any

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_dangerous(value: object) -> bool:
    return isinstance(value, str) and value.startswith(DANGEROUS_STARTS)


def csv_cell(value: Any) -> Any:
    """``value`` as a CSV field no spreadsheet evaluates."""
    return "'" + value if is_dangerous(value) else value


def csv_row(row: dict[str, Any]) -> dict[str, Any]:
    return {key: csv_cell(value) for key, value in row.items()}


def inert_workbook(workbook: Any) -> int:
    """Make every text cell of an openpyxl workbook that a spreadsheet could read as a
    formula plain text; returns how many cells were changed. This workbook's renderers
    write values only, never formulas, so any cell openpyxl took for one is user text."""
    changed = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if is_dangerous(cell.value):
                    cell.data_type = "s"     # openpyxl makes "=..." a formula ("f")
                    cell.quotePrefix = True  # and Excel keeps it text when edited
                    changed += 1
    return changed
