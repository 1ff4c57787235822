"""The class calendar as a self-contained, printable HTML page (no external resources).

``grid_fragment`` is the weeks x students grid alone (a ``<div>`` with its own scoped
``<style>``), reusable by the web app; ``render_html`` wraps it with the period list
and the verification table into a whole page. Every text is escaped.
"""

from __future__ import annotations

from html import escape

from ..i18n import fmt_date, render_message, ui
from ..model import Scenario
from ..verify import VerifyResult, verify
from .grid import CELL_KEYS, COLOURS, FREE, class_grid, plan_periods

GRID_CSS = """
.sp-grid{font:12px/1.2 system-ui,sans-serif;overflow-x:auto}
.sp-grid table{border-collapse:collapse}
.sp-grid th,.sp-grid td{border:1px solid #ccc;padding:0}
.sp-grid td.c{width:14px;height:18px;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.sp-grid th.w{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:normal;
 font-size:10px;padding:2px 0}
.sp-grid th.s{text-align:left;padding:0 6px;white-space:nowrap;font-weight:normal}
.sp-grid .legend span{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;
 border:1px solid #999;vertical-align:middle}
"""


def grid_fragment(scenario: Scenario, lang: str) -> str:
    """The grid as an HTML fragment (a div with a scoped style), for pages and the web app."""
    grid = class_grid(scenario)
    out = [f"<div class=\"sp-grid\"><style>{GRID_CSS}</style><table><thead><tr>",
           f"<th class=\"s\">{escape(ui('student', lang))}</th>"]
    for monday in grid.weeks:
        out.append(f"<th class=\"w\" title=\"{escape(ui('week_of', lang))} "
                   f"{fmt_date(monday, lang)}\">{monday.day:02d}/{monday.month:02d}</th>")
    out.append("</tr></thead><tbody>")
    for student, cells in grid.rows:
        name = student.id + (f" {student.name}" if student.name else "")
        out.append(f"<tr><th class=\"s\">{escape(name)}</th>")
        for monday, code in zip(grid.weeks, cells, strict=True):
            label = ui(CELL_KEYS[code], lang) if code != FREE else ""
            out.append(f"<td class=\"c\" style=\"background:{COLOURS[code]}\" "
                       f"title=\"{fmt_date(monday, lang)} {escape(label)}\"></td>")
        out.append("</tr>")
    out.append("</tbody></table><p class=\"legend\">" + escape(ui("legend", lang)) + ":")
    for code, key in CELL_KEYS.items():
        out.append(f"<span style=\"background:{COLOURS[code]}\"></span>{escape(ui(key, lang))}")
    out.append("</p></div>")
    return "".join(out)


PAGE_CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
table.list{border-collapse:collapse;margin:1em 0}
table.list td,table.list th{border:1px solid #ccc;padding:2px 8px;text-align:left}
.ok{color:#2e7d32}.ko{color:#c62828;font-weight:bold}.warn{color:#a66f00}
@media print{body{margin:0}h2{page-break-before:auto}}
"""


def render_html(scenario: Scenario, lang: str = "en", result: VerifyResult | None = None,
                status_line: str | None = None) -> str:
    """A whole page: grid, periods, verification of every student."""
    result = result or verify(scenario)
    title = scenario.label or ui("generated_plan", lang)
    out = [f"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">",
           f"<title>{escape(title)}</title><style>{PAGE_CSS}</style></head><body>",
           f"<h1>{escape(title)}</h1>",
           f"<p>{escape(scenario.programme.title)}</p>"]
    if status_line:
        out.append(f"<p>{escape(status_line)}</p>")
    out.append(f"<h2>{escape(ui('calendar', lang))}</h2>")
    out.append(grid_fragment(scenario, lang))
    out.append(f"<h2>{escape(ui('periods', lang))}</h2><table class=\"list\"><tr>")
    for key in ("student", "from", "to", "place", "country", "locked"):
        out.append(f"<th>{escape(ui(key, lang))}</th>")
    out.append("</tr>")
    for student, _, p in plan_periods(scenario):
        out.append(f"<tr><td>{escape(student.id)}</td><td>{fmt_date(p.start, lang)}</td>"
                   f"<td>{fmt_date(p.end, lang)}</td>"
                   f"<td>{escape(ui('place_' + p.place, lang))}</td>"
                   f"<td>{escape(p.country or '')}</td><td>{'✔' if p.locked else ''}</td></tr>")
    out.append(f"</table><h2>{escape(ui('verification', lang))}</h2><table class=\"list\"><tr>")
    for key in ("student", "route", "adjustment", "weeks", "abroad", "verdict", "violations"):
        out.append(f"<th>{escape(ui(key, lang))}</th>")
    out.append("</tr>")
    for sr in result.students:
        s = sr.student
        warn = any(v.severity == "warning" for v in sr.violations)
        verdict = ("ok_warn" if warn else "ok") if sr.compliant else "ko"
        css = "ok" if sr.compliant else "ko"
        msgs = "<br>".join(
            f"<span class=\"{'ko' if v.severity == 'error' else 'warn'}\">"
            f"{escape(v.rule.id)}</span>: {escape(v.message(lang))}" for v in sr.violations)
        out.append(f"<tr><td>{escape(s.id)}</td><td>{escape(s.route)}</td>"
                   f"<td>{escape(s.adjustment)}</td><td>{sr.weeks:g}</td>"
                   f"<td>{sr.weeks_abroad:g}</td><td class=\"{css}\">{escape(ui(verdict, lang))}"
                   f"</td><td>{msgs}</td></tr>")
    out.append("</table>")
    for v in result.class_violations:
        out.append(f"<p class=\"{'ko' if v.severity == 'error' else 'warn'}\">"
                   f"{escape(v.rule.id)}: {escape(render_message(v.code, v.args, lang))}</p>")
    out.append("</body></html>\n")
    return "".join(out)
