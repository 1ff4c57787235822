"""The rolled-up report of a batch, for a rectorate: per class, then per school, académie,
zone and programme; as French CSV, XLSX, an offline HTML page with charts, and text.

``class_rows`` flattens each summary (``runner.run_batch``) into one row: where the
class is (``academie:`` and ``school:`` of the class file when given, else "not
given" and the class's folder), whether a compliant calendar exists and how it was
proven, students not compliant in the existing plan, weeks abroad and in school
holidays, the peak number of students abroad in one week against the class's
``max_abroad_per_week`` and the weeks at that capacity (where Erasmus+ slots run out).
``rollup`` sums those rows per key. CSV cells follow French spreadsheets: ``;``
separator, UTF-8 with a BOM, decimal commas, and a text cell that starts like a
formula is quoted with ``'``. The HTML page draws its charts as inline SVG (per-week
students abroad against the summed capacities; classes by outcome per académie) and
loads nothing from the network. Renderers only lay out: nothing here decides
compliance.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from solver.i18n.catalog import fmt_date, ui

LEVELS = ("school", "academie", "zone", "programme")
CLASS_COLUMNS = ("academie", "zone", "school", "programme", "file", "label", "students",
                 "outcome", "status", "feasible", "plan_non_compliant", "abroad_weeks",
                 "holiday_weeks", "abroad_peak", "abroad_peak_week", "abroad_capacity",
                 "weeks_at_capacity", "objective", "solve_time", "time_limit_reached", "retried",
                 "error")
ROLLUP_COLUMNS = ("key", "classes", "students", "feasible", "optimal", "unproven",
                  "infeasible", "unknown", "errors", "feasible_share",
                  "students_in_infeasible", "plan_non_compliant", "abroad_weeks",
                  "holiday_weeks", "abroad_peak", "abroad_capacity", "classes_at_capacity")
OUTCOMES = ("optimal", "unproven", "infeasible", "unknown", "verified", "error")
OUTCOME_COLOURS = {"optimal": "#1b7f3b", "unproven": "#8bc34a", "infeasible": "#c62828",
                   "unknown": "#f9a825", "verified": "#607d8b", "error": "#6a1b9a"}


def _outcome(s: dict[str, Any]) -> str:
    if "error" in s:
        return "error"
    g = s.get("generate")
    if not g:
        return "verified"
    return {"feasible": "unproven"}.get(g["status"], g["status"])


def class_rows(summaries: list[dict[str, Any]], root: str | Path | None = None,
               lang: str = "en") -> list[dict[str, Any]]:
    """One row per class (the CSV's and the XLSX's first sheet)."""
    unknown = ui("br_not_given", lang)
    rows = []
    for s in summaries:
        row: dict[str, Any] = dict.fromkeys(CLASS_COLUMNS, "")
        path = Path(s["file"])
        folder = path.parent.name if root is None or path.parent != Path(root) else ""
        row.update(file=s["file"], label=s.get("label") or "",
                   academie=s.get("academie") or unknown, zone=s.get("zone") or unknown,
                   school=s.get("school") or folder or unknown,
                   programme=s.get("programme") or unknown, outcome=_outcome(s),
                   students=s.get("students", 0))
        if "error" in s:
            row["error"] = s["error"].get("message") or s["error"].get("error")
            row["status"] = "error"
            rows.append(row)
            continue
        v = s.get("verify")
        row["plan_non_compliant"] = len(v["non_compliant"]) if v else 0
        g = s.get("generate")
        if g:
            row.update(status=g["status"], feasible=bool(g["feasible"]),
                       objective=g.get("objective"), solve_time=g.get("solve_time"),
                       time_limit_reached=bool(g.get("time_limit_reached")))
            if g["feasible"]:
                by_week: dict[str, int] = g.get("abroad_by_week") or {}
                cap = g.get("abroad_capacity")
                row.update(abroad_weeks=g.get("abroad_weeks", 0),
                           holiday_weeks=g.get("holiday_weeks", 0),
                           abroad_peak=g.get("abroad_peak", 0),
                           abroad_peak_week=g.get("abroad_peak_week") or "",
                           abroad_capacity=cap if cap is not None else "",
                           weeks_at_capacity=(sum(n >= cap for n in by_week.values())
                                              if cap else ""))
        else:
            row["status"] = "verified"
        row["retried"] = bool(s.get("retried"))
        row["_abroad_by_week"] = (g or {}).get("abroad_by_week") or {}
        rows.append(row)
    return rows


NOT_GIVEN = frozenset(ui("br_not_given", lang) for lang in ("en", "fr"))


def rollup(rows: list[dict[str, Any]], level: str) -> list[dict[str, Any]]:
    """The rows summed per ``level`` (school, academie, zone or programme), by key."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        key = r[level]
        if level == "school" and r["academie"] not in NOT_GIVEN:   # no « ((non renseigné)) »
            key = f"{r['school']} ({r['academie']})"
        groups.setdefault(key, []).append(r)
    out = []
    for key in sorted(groups):
        members = groups[key]
        agg: dict[str, Any] = dict.fromkeys(ROLLUP_COLUMNS, 0)
        agg["key"] = key
        agg["classes"] = len(members)
        load: dict[str, int] = {}
        capacity = 0
        for r in members:
            agg["students"] += r["students"] or 0
            o = r["outcome"]
            agg["errors" if o == "error" else o] = agg.get(
                "errors" if o == "error" else o, 0) + 1
            if r["feasible"] is True:
                agg["feasible"] += 1
            if o == "infeasible":
                agg["students_in_infeasible"] += r["students"] or 0
            agg["plan_non_compliant"] += r["plan_non_compliant"] or 0
            agg["abroad_weeks"] += r["abroad_weeks"] or 0
            agg["holiday_weeks"] += r["holiday_weeks"] or 0
            for week, n in (r.get("_abroad_by_week") or {}).items():
                load[week] = load.get(week, 0) + n
            if isinstance(r["abroad_capacity"], int):
                capacity += r["abroad_capacity"]
                if r["weeks_at_capacity"]:
                    agg["classes_at_capacity"] += 1
        agg.pop("verified", None)
        judged = agg["classes"] - agg["errors"]
        agg["feasible_share"] = round(agg["feasible"] / judged, 3) if judged else ""
        agg["abroad_weeks"] = round(agg["abroad_weeks"], 1)
        agg["holiday_weeks"] = round(agg["holiday_weeks"], 1)
        agg["abroad_peak"] = max(load.values(), default=0)
        agg["abroad_capacity"] = capacity or ""
        agg["_load"] = dict(sorted(load.items()))
        out.append(agg)
    return out


def report(summaries: list[dict[str, Any]], root: str | Path | None = None,
           lang: str = "en") -> dict[str, Any]:
    """Every level of the report, as plain data (JSON-ready once ``_`` keys are dropped)."""
    rows = class_rows(summaries, root, lang)
    out: dict[str, Any] = {"classes": rows}
    for level in LEVELS:
        out[level] = rollup(rows, level)
    out["total"] = rollup([{**r, "_all": ""} for r in rows], "_all")[0] if rows else {}
    return out


def public(value: Any) -> Any:
    """The report without its internal (``_``) keys."""
    if isinstance(value, dict):
        return {k: public(v) for k, v in value.items() if not str(k).startswith("_")}
    if isinstance(value, list):
        return [public(v) for v in value]
    return value


# ---- cells ---------------------------------------------------------------------------

ROLLUP_HEADERS = {"feasible": "br_n_feasible", "students": "br_n_students"}


def _header(column: str, level: str | None, lang: str) -> str:
    if column == "key" and level is not None:
        if not level:
            return ""
        text = ui("br_level_" + level, lang)
        return text[:1].upper() + text[1:]
    if level is not None and column in ROLLUP_HEADERS:
        return ui(ROLLUP_HEADERS[column], lang)
    return ui("br_" + column, lang)


def _cell(column: str, value: Any, lang: str) -> Any:
    """A cell's value for people: words for outcomes and booleans, dates in the language."""
    if value is None or value == "":
        return ""
    if column == "outcome":
        return ui("br_outcome_" + value, lang)
    if column == "abroad_peak_week":
        return fmt_date(dt.date.fromisoformat(value), lang)
    if isinstance(value, bool):
        return ui("br_yes" if value else "br_no", lang)
    if column == "feasible_share":
        return round(100 * value, 1)
    return value


def _csv_text(value: Any) -> str:
    """A CSV cell for a French spreadsheet: decimal comma, no formula."""
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",")
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def table_csv(rows: list[dict[str, Any]], columns: tuple[str, ...], level: str | None,
              lang: str) -> str:
    """``;``-separated, with a BOM and decimal commas (Excel and LibreOffice in French)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow([_header(c, level, lang) for c in columns])
    for r in rows:
        writer.writerow([_csv_text(_cell(c, r.get(c), lang)) for c in columns])
    return "\ufeff" + buf.getvalue()


def report_csvs(rep: dict[str, Any], lang: str) -> dict[str, str]:
    """File name -> CSV text, one per level."""
    names = {"classes": "classes", "school": "etablissements", "academie": "academies",
             "zone": "zones", "programme": "diplomes"}
    out = {"classes.csv": table_csv(rep["classes"], CLASS_COLUMNS, None, lang)}
    for level in LEVELS:
        out[f"{names[level]}.csv"] = table_csv(rep[level], ROLLUP_COLUMNS, level, lang)
    return out


# ---- XLSX ------------------------------------------------------------------------------

def report_xlsx(rep: dict[str, Any], lang: str) -> bytes:
    """One sheet per level (classes first), header bold and frozen, numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from solver.io.render.inert import inert_workbook
    from solver.io.render.xlsx import FIXED_TIME

    wb = Workbook()
    first = wb.active
    if first is not None:
        wb.remove(first)
    sheets: list[tuple[str, list[dict[str, Any]], tuple[str, ...], str | None]] = [
        (ui("br_sheet_classes", lang), rep["classes"], CLASS_COLUMNS, None)]
    sheets += [(_header("key", lv, lang), rep[lv], ROLLUP_COLUMNS, lv) for lv in LEVELS]
    for title, rows, columns, level in sheets:
        ws = wb.create_sheet(title[:31])
        for j, c in enumerate(columns, start=1):
            ws.cell(1, j, _header(c, level, lang)).font = Font(bold=True)
            ws.column_dimensions[get_column_letter(j)].width = 14 if c != "file" else 40
        for i, r in enumerate(rows, start=2):
            for j, c in enumerate(columns, start=1):
                value = _cell(c, r.get(c), lang)
                if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
                    value = "'" + value
                ws.cell(i, j, value)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
    inert_workbook(wb)   # also cells starting with a tab or CR: text, never a formula
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = "stageplan"
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip_times(buf.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The workbook's zip with fixed entry times, and a fixed "modified" property
    (openpyxl writes the clock's at save): the same report, the same bytes."""
    import re
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            dst.writestr(fixed, content)
    return out.getvalue()


# ---- HTML with inline SVG charts ----------------------------------------------------------

CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:0.5em 0 1.5em}th,td{border:1px solid #bbb;
padding:3px 6px;text-align:left}th{background:#f2f2f2}td.n{text-align:right}
tr.ko td{color:#b00020}.muted{color:#666}figure{margin:1em 0}figcaption{font-weight:bold}
svg text{font:11px system-ui,sans-serif}.legend span{display:inline-block;margin-right:1em}
.legend i{display:inline-block;width:0.9em;height:0.9em;margin-right:0.3em;vertical-align:-1px}
@media print{body{margin:0}}
"""


def _num_html(value: Any, lang: str) -> str:
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if lang == "fr" else text
    return str(value)


def _html_table(rows: list[dict[str, Any]], columns: tuple[str, ...], level: str | None,
                lang: str, bad: Callable[[dict[str, Any]], bool] | None = None) -> str:
    out = ["<table><thead><tr>"]
    out += [f"<th scope=\"col\">{escape(_header(c, level, lang))}</th>" for c in columns]
    out.append("</tr></thead><tbody>")
    for r in rows:
        cls = " class=\"ko\"" if bad and bad(r) else ""
        cells = []
        for c in columns:
            value = _cell(c, r.get(c), lang)
            num = isinstance(value, (int, float)) and not isinstance(value, bool)
            cells.append(f"<td{' class=n' if num else ''}>{escape(_num_html(value, lang))}</td>")
        out.append(f"<tr{cls}>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def load_chart(total: dict[str, Any], lang: str, width: int = 1100, height: int = 260) -> str:
    """Students abroad per week (bars) against the summed weekly capacities (a line)."""
    load: dict[str, int] = total.get("_load") or {}
    if not load:
        return f"<p class=\"muted\">{escape(ui('br_no_abroad', lang))}</p>"
    first = dt.date.fromisoformat(min(load))
    last = dt.date.fromisoformat(max(load))
    weeks = [first + dt.timedelta(days=7 * k) for k in range((last - first).days // 7 + 1)]
    capacity = total.get("abroad_capacity") or 0
    top = max(max(load.values()), capacity, 1)
    left, bottom, right = 40, 30, 10
    plot_w, plot_h = width - left - right, height - bottom - 10
    bar = plot_w / len(weeks)
    parts = [f"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{width}\" "
             f"height=\"{height}\" viewBox=\"0 0 {width} {height}\">"
             f"<title>{escape(ui('br_chart_load', lang))}</title>"]
    for frac in (0, 0.5, 1):
        y = 10 + plot_h * (1 - frac)
        parts.append(f"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{y:.1f}\" "
                     f"y2=\"{y:.1f}\" stroke=\"#ddd\"/><text x=\"{left - 4}\" "
                     f"y=\"{y + 4:.1f}\" text-anchor=\"end\">{round(top * frac)}</text>")
    for k, monday in enumerate(weeks):
        n = load.get(monday.isoformat(), 0)
        h = plot_h * n / top
        x = left + k * bar
        over = capacity and n >= capacity
        parts.append(f"<rect x=\"{x:.1f}\" y=\"{10 + plot_h - h:.1f}\" width=\""
                     f"{max(bar - 1, 1):.1f}\" height=\"{h:.1f}\" fill=\""
                     f"{'#c62828' if over else '#1565c0'}\"><title>"
                     f"{escape(fmt_date(monday, lang))}: {n}</title></rect>")
        if k % max(1, len(weeks) // 12) == 0:
            parts.append(f"<text x=\"{x:.1f}\" y=\"{height - 12}\">"
                         f"{escape(fmt_date(monday, lang))}</text>")
    if capacity:
        y = 10 + plot_h * (1 - capacity / top)
        parts.append(f"<line x1=\"{left}\" x2=\"{width - right}\" y1=\"{y:.1f}\" "
                     f"y2=\"{y:.1f}\" stroke=\"#c62828\" stroke-dasharray=\"6 3\"/>"
                     f"<text x=\"{width - right}\" y=\"{y + 14 if y < 24 else y - 4:.1f}\" "
                     f"text-anchor=\"end\" "
                     f"fill=\"#c62828\">{escape(ui('br_capacity', lang))} {capacity}</text>")
    parts.append("</svg>")
    return "".join(parts)


def outcome_chart(groups: list[dict[str, Any]], lang: str, width: int = 900) -> str:
    """Classes by outcome (stacked horizontal bars), one bar per académie."""
    if not groups:
        return ""
    row_h, label_w = 22, 160
    height = row_h * len(groups) + 10
    most = max(g["classes"] for g in groups) or 1
    scale = (width - label_w - 40) / most
    parts = [f"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{width}\" "
             f"height=\"{height}\" viewBox=\"0 0 {width} {height}\">"
             f"<title>{escape(ui('br_chart_outcomes', lang))}</title>"]
    for i, g in enumerate(groups):
        y = 5 + i * row_h
        parts.append(f"<text x=\"{label_w - 6}\" y=\"{y + 14}\" text-anchor=\"end\">"
                     f"{escape(str(g['key']))}</text>")
        x = float(label_w)
        for o in OUTCOMES:
            n = g.get("errors" if o == "error" else o, 0) or 0
            if not n:
                continue
            w = n * scale
            parts.append(f"<rect x=\"{x:.1f}\" y=\"{y}\" width=\"{w:.1f}\" height=\""
                         f"{row_h - 6}\" fill=\"{OUTCOME_COLOURS[o]}\"><title>"
                         f"{escape(ui('br_outcome_' + o, lang))}: {n}</title></rect>")
            x += w
        parts.append(f"<text x=\"{x + 4:.1f}\" y=\"{y + 14}\">{g['classes']}</text>")
    parts.append("</svg>")
    legend = "".join(f"<span><i style=\"background:{OUTCOME_COLOURS[o]}\"></i>"
                     f"{escape(ui('br_outcome_' + o, lang))}</span>" for o in OUTCOMES)
    return "".join(parts) + f"<p class=\"legend\">{legend}</p>"


def report_html(rep: dict[str, Any], lang: str) -> str:
    """The whole report as one self-contained page (no script, no external resource)."""
    title = ui("br_title", lang, n=len(rep["classes"]))
    body = [f"<h1>{escape(title)}</h1>"]
    if rep["total"]:
        body.append(_html_table([{**rep["total"], "key": ui("br_all", lang)}],
                                ROLLUP_COLUMNS, "", lang))
    body.append(f"<figure><figcaption>{escape(ui('br_chart_load', lang))}</figcaption>"
                f"{load_chart(rep['total'], lang)}</figure>")
    body.append(f"<figure><figcaption>{escape(ui('br_chart_outcomes', lang))}</figcaption>"
                f"{outcome_chart(rep['academie'], lang)}</figure>")
    for level in ("academie", "zone", "programme", "school"):
        body.append(f"<h2>{escape(ui('br_by', lang, level=ui('br_level_' + level, lang)))}"
                    f"</h2>")
        body.append(_html_table(rep[level], ROLLUP_COLUMNS, level, lang,
                                lambda r: bool(r["infeasible"] or r["errors"])))
    body.append(f"<h2>{escape(ui('br_sheet_classes', lang))}</h2>")
    body.append(_html_table(rep["classes"], CLASS_COLUMNS, None, lang,
                            lambda r: r["outcome"] in ("infeasible", "error", "unknown")))
    return (f"<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width\">"
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
            + "".join(body) + "</body></html>\n")


def write_report(rep: dict[str, Any], folder: str | Path, lang: str) -> list[Path]:
    """The report's files in ``folder`` (each written atomically): the CSVs, the
    workbook and the page."""
    from solver.core.files import write_atomic

    out = Path(folder)
    written = []
    for name, text in report_csvs(rep, lang).items():
        write_atomic(out / name, text)
        written.append(out / name)
    write_atomic(out / "rapport.xlsx", report_xlsx(rep, lang))
    write_atomic(out / "rapport.html", report_html(rep, lang))
    return written + [out / "rapport.xlsx", out / "rapport.html"]


# ---- text ------------------------------------------------------------------------------

TEXT_COLUMNS = ("key", "classes", "students", "feasible", "unproven", "infeasible",
                "errors", "feasible_share", "students_in_infeasible", "plan_non_compliant",
                "abroad_peak", "abroad_capacity", "classes_at_capacity")


def report_text(rep: dict[str, Any], lang: str, console: Console,
                levels: tuple[str, ...] = ("academie", "zone", "programme")) -> None:
    """The rolled-up tables (per académie, zone, programme, and the whole batch)."""
    for level in levels:
        table = Table(title=ui("br_by", lang, level=ui("br_level_" + level, lang)))
        for c in TEXT_COLUMNS:   # short headers: the table must fit a terminal
            if c == "key":
                table.add_column(_header(c, level, lang), no_wrap=True)
            else:
                head = ui("br_t_" + c, lang)
                table.add_column(head, justify="right", overflow="fold",
                                 min_width=max(len(w) for w in head.split()))
        rows = rep[level] + ([{**rep["total"], "key": ui("br_all", lang)}]
                             if rep["total"] else [])
        for r in rows:
            table.add_row(*[_num_html(_cell(c, r.get(c), lang), lang) for c in TEXT_COLUMNS])
        console.print(table)
    console.print(ui("br_t_caption", lang), highlight=False, markup=False)
