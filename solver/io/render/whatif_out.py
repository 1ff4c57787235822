"""What-if comparisons and batch summaries for people (text, HTML) and scripts (JSON, CSV).

The report is ``whatif.compare``'s plain data; these functions only lay it out: one
column per variant (the first is the base), one row per fact. Every text in HTML is
escaped; the page is self-contained (no external resources).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from html import escape
from typing import Any

from rich.console import Console
from rich.table import Table

from solver.i18n.catalog import colon, fmt_date, fmt_number, fmt_weeks, ui, ui_n
from solver.i18n.errors import error_text
from solver.i18n.translations import N_, catalogue, pgettext
from solver.io.render.inert import csv_row

ROW_KEYS = ("wi_label", "wi_changes", "wi_feasible", "wi_conflict", "wi_plan", "wi_newly_ok",
            "wi_newly_ko", "wi_windows", "wi_shift", "wi_holiday_weeks", "wi_abroad_weeks",
            "wi_objective", "wi_solve_time")


def _date(text: str, lang: str) -> str:
    return fmt_date(dt.date.fromisoformat(text), lang)


def _delta(value: float | None, lang: str) -> str:
    if not value:
        return ""
    sign = "+" if value > 0 else "−"
    return f" ({sign}{fmt_weeks(abs(value), lang)})"


def list_sep(lang: str) -> str:
    """Between the numbers of a list: « ; » in French (the comma is the decimal mark)."""
    return " ; " if lang == "fr" else ", "


def _num(value: float | None, lang: str) -> str:
    return "—" if value is None else fmt_weeks(float(value), lang)


# the names the command line gives when the user gives none, in the user's language
DEFAULT_NAMES = catalogue(N_("wi_name.base", "base"), N_("wi_name.variant", "variant"))


def shown_name(variant: dict[str, Any], lang: str) -> str:
    """A variant's name as shown: the default names (base, variant) in ``lang``."""
    name = str(variant.get("name") or "")
    key = f"wi_name.{name}"
    return pgettext(lang, key, DEFAULT_NAMES[key]) if key in DEFAULT_NAMES else name


def cells(variant: dict[str, Any], lang: str) -> dict[str, str]:
    """The text of each row for one variant (plain text, no markup)."""
    out = dict.fromkeys(ROW_KEYS, "")
    out["wi_label"] = variant.get("label") or ""
    # the base is the reference, whatever overlay it is made of
    out["wi_changes"] = (ui("wi_base", lang) if variant.get("base")
                         else list_sep(lang).join(variant.get("changes") or []))
    if "error" in variant:
        out["wi_feasible"] = ui("wi_error", lang)
        out["wi_conflict"] = error_text(variant["error"], lang)
        return out
    d = variant.get("diff") or {}
    g = variant.get("generate")
    if g:
        out["wi_feasible"] = ui("wi_status_" + g["status"], lang)
        out["wi_conflict"] = ", ".join(c["rule"] for c in g.get("conflict", []))
        if g["feasible"]:
            out["wi_windows"] = ", ".join(
                f"{_date(w['from'], lang)}–{_date(w['to'], lang)}" for w in g["windows"])
            shifts = [m["shift_weeks"] for m in d.get("windows", [])]
            # « +8 ; −1,5 » in French: a comma is the decimal mark there, not a separator
            out["wi_shift"] = list_sep(lang).join(
                "?" if s is None else ("0" if s == 0 else _delta(s, lang).strip(" ()"))
                for s in shifts)
            out["wi_holiday_weeks"] = (_num(g["holiday_weeks"], lang)
                                       + _delta(d.get("holiday_weeks_delta"), lang))
            out["wi_abroad_weeks"] = (_num(g["abroad_weeks"], lang)
                                      + _delta(d.get("abroad_weeks_delta"), lang))
            out["wi_objective"] = (_num(g["objective"], lang)
                                   + _delta(d.get("objective_delta"), lang))
        out["wi_solve_time"] = f"{fmt_number(g['solve_time'], lang)} s"
    v = variant.get("verify")
    if v:
        out["wi_plan"] = ui_n("wi_plan_ko", len(v["non_compliant"]), lang,
                              k=len(v["non_compliant"]), n=v["students"])
        if v["non_compliant"]:
            out["wi_plan"] += colon(lang) + ", ".join(
                f"{sid} ({'/'.join(v['broken'][sid])})" for sid in v["non_compliant"])
    else:
        out["wi_plan"] = ui("wi_no_plan", lang)
    if variant.get("diff") is not None:
        out["wi_newly_ok"] = ", ".join(d.get("newly_compliant", []))
        out["wi_newly_ko"] = ", ".join(d.get("newly_non_compliant", []))
        if d.get("same"):   # said for what was computed, not "the change does not matter"
            same = ui("wi_same" if g else "wi_same_verdicts", lang)
            out["wi_changes"] = f"{out['wi_changes']} — {same}" if out["wi_changes"] else same
    return out


def whatif_text(report: dict[str, Any], lang: str, console: Console) -> None:
    table = Table(title=ui("wi_title", lang), show_lines=True)
    table.add_column("")
    variants = report["variants"]
    for v in variants:
        name = shown_name(v, lang)
        head = name + (f"\n({ui('wi_base', lang)})" if v.get("base")
                       and name != ui("wi_base", lang) else "")
        table.add_column(head, overflow="fold")
    rows = [cells(v, lang) for v in variants]
    for key in ROW_KEYS:
        if not any(r[key] for r in rows):
            continue
        table.add_row(ui(key, lang), *[_markup(key, r[key]) for r in rows])
    console.print(table)


def _markup(key: str, text: str) -> str:
    from rich.markup import escape as rich_escape

    text = rich_escape(text)
    if key == "wi_newly_ko" and text:
        return f"[bold red]{text}[/]"
    if key == "wi_newly_ok" and text:
        return f"[green]{text}[/]"
    return text


PAGE_CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse}th,td{border:1px solid #bbb;padding:4px 8px;vertical-align:top}
th{background:#f2f2f2;text-align:left}td.ko{color:#b00020;font-weight:bold}td.ok{color:#0a7d32}
.muted{color:#666}
"""


def _page(title: str, body: str, lang: str) -> str:
    return (f"<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">"
            f"<title>{escape(title)}</title><style>{PAGE_CSS}</style></head><body>"
            f"<h1>{escape(title)}</h1>{body}</body></html>\n")


def whatif_table_html(report: dict[str, Any], lang: str) -> str:
    """The comparison table alone (reusable by the web page)."""
    variants = report["variants"]
    rows = [cells(v, lang) for v in variants]
    out = ["<table class=\"sp-whatif\"><thead><tr><th></th>"]
    for v in variants:
        base = f" <span class=\"muted\">({escape(ui('wi_base', lang))})</span>" \
            if v.get("base") else ""
        if shown_name(v, lang) == ui("wi_base", lang):
            base = ""
        out.append(f"<th>{escape(shown_name(v, lang))}{base}</th>")
    out.append("</tr></thead><tbody>")
    for key in ROW_KEYS:
        if not any(r[key] for r in rows):
            continue
        cls = {"wi_newly_ko": " class=\"ko\"", "wi_newly_ok": " class=\"ok\""}.get(key, "")
        out.append(f"<tr><th>{escape(ui(key, lang))}</th>"
                   + "".join(f"<td{cls}>{escape(r[key])}</td>" for r in rows) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def whatif_html(report: dict[str, Any], lang: str) -> str:
    budget = fmt_number(report["time_limit"], lang)   # « 10 s », never « 10.0 s » in French
    note = f"<p class=\"muted\">{escape(ui('wi_note', lang, t=budget))}</p>"
    return _page(ui("wi_title", lang), whatif_table_html(report, lang) + note, lang)


# ---- batch ------------------------------------------------------------------------------

BATCH_COLUMNS = ("file", "label", "programme", "students", "plan", "non_compliant",
                 "status", "feasible", "conflict", "objective", "holiday_weeks",
                 "abroad_weeks", "solve_time", "error")


def batch_rows(summaries: list[dict[str, Any]], lang: str | None = None
               ) -> list[dict[str, Any]]:
    """One flat row per scenario (the CSV's columns); with ``lang``, error messages in
    that language (for people; the CSV keeps them as the JSON has them)."""
    rows = []
    for s in summaries:
        row: dict[str, Any] = dict.fromkeys(BATCH_COLUMNS, "")
        row["file"] = s["file"]
        if "error" in s:
            row["status"] = "error"
            row["error"] = error_text(s["error"], lang) if lang else (
                s["error"].get("message") or s["error"]["error"])
            rows.append(row)
            continue
        row.update(label=s.get("label") or "", programme=s["programme"],
                   students=s["students"])
        v = s.get("verify")
        if v:
            row["plan"] = "compliant" if v["compliant"] else "not compliant"
            row["non_compliant"] = " ".join(v["non_compliant"])
        else:
            row["plan"] = "none"
        g = s.get("generate")
        if g:
            row.update(status=g["status"], feasible=g["feasible"],
                       conflict=" ".join(c["rule"] for c in g["conflict"]),
                       objective="" if g["objective"] is None else g["objective"],
                       holiday_weeks=g.get("holiday_weeks", ""),
                       abroad_weeks=g.get("abroad_weeks", ""), solve_time=g["solve_time"])
        else:
            row["status"] = "verified"
        rows.append(row)
    return rows


BATCH_WORDS = {"compliant": "ok", "not compliant": "ko", "none": "wi_no_plan",
               "verified": "wb_verified", "error": "wb_error",
               "optimal": "wi_status_optimal", "feasible": "wi_status_feasible",
               "infeasible": "wi_status_infeasible", "unknown": "wi_status_unknown"}


def shown_value(column: str, value: Any, lang: str) -> str:
    """A batch cell for people (text, HTML): values in words, numbers in ``lang``'s
    notation; the CSV keeps the raw values for scripts."""
    if isinstance(value, bool):
        return ui("yes" if value else "no", lang)
    if isinstance(value, float):
        return fmt_number(value, lang)
    if column in ("plan", "status") and value in BATCH_WORDS:
        return ui(BATCH_WORDS[value], lang)
    return str(value)


def batch_csv(summaries: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(BATCH_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in batch_rows(summaries):
        writer.writerow(csv_row(row))   # no cell a spreadsheet would evaluate
    return buf.getvalue()


def batch_html(summaries: list[dict[str, Any]], lang: str) -> str:
    rows = batch_rows(summaries, lang)
    out = ["<table><thead><tr>"]
    out += [f"<th>{escape(ui('wb_' + c, lang))}</th>" for c in BATCH_COLUMNS]
    out.append("</tr></thead><tbody>")
    for row in rows:
        bad = row["status"] in ("error", "infeasible") or row["plan"] == "not compliant"
        out.append(f"<tr{' class=ko' if bad else ''}>" + "".join(
            f"<td>{escape(shown_value(c, row[c], lang))}</td>" for c in BATCH_COLUMNS) + "</tr>")
    out.append("</tbody></table>")
    return _page(ui("wb_title", lang, n=len(rows)), "".join(out), lang)


def batch_text(summaries: list[dict[str, Any]], lang: str, console: Console) -> None:
    rows = batch_rows(summaries, lang)
    table = Table(title=ui("wb_title", lang, n=len(rows)))
    shown = ("file", "programme", "students", "plan", "status", "objective",
             "holiday_weeks", "abroad_weeks", "solve_time", "error")
    for row in rows:   # a path people can read: relative to here when it is below
        row["file"] = shown_path(str(row["file"]))
    longest = max((len(str(r["file"])) for r in rows), default=10)
    for c in shown:
        # the file column wide enough for its paths (it was folded every 10 characters)
        table.add_column(ui("wb_" + c, lang), overflow="fold",
                         min_width=min(longest, 60) if c == "file" else None)
    for row in rows:
        table.add_row(*[shown_value(c, row[c], lang) for c in shown])
    console.print(table)


def shown_path(path: str) -> str:
    """``path`` relative to the working folder when it lies below it, else as given."""
    import os

    try:
        rel = os.path.relpath(path)
    except ValueError:   # another drive
        return path
    return path if rel.startswith("..") else rel
