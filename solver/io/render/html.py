"""The class calendar as self-contained, printable HTML pages (no external resources).

``grid_fragment`` is the weeks x students grid alone (a ``<div>`` with its own scoped
``<style>``), reusable by the web app: month and week-number header rows, one cell per
week with its letter and colour (``palette``), a hover title with the dates and the
convention's details, and the per-week counts (on placement, abroad) at the bottom.
``render_html`` wraps it with the period list and the verification table into a whole
page whose print style fits the two years on one A4 landscape sheet.
``render_student_html`` prints each student's own pages: their periods, companies and
tutors, every rule that applies to them with its verdict and citation, and room for
signatures: the annex a coordinator staples to a convention. Every text is escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from solver.core.model import Period, Scenario, Student
from solver.core.plan import working_days_between
from solver.i18n.catalog import (
    adjustment_name,
    colon,
    fmt_date,
    fmt_week,
    fmt_weeks,
    render_message,
    route_name,
    ui,
)
from solver.io.render.grid import (
    FREE,
    ClassGrid,
    class_grid,
    month_spans,
    period_details_text,
    period_status,
    plan_periods,
    student_label,
    week_counts,
)
from solver.io.render.palette import LOOKS, css_rules
from solver.jobs.verify import StudentResult, VerifyResult, verify
from solver.rules.base import Rule, Violation

GRID_CSS = """
.sp-grid{font:11px/1.2 system-ui,sans-serif;overflow-x:auto;max-width:100%}
.sp-grid table{border-collapse:collapse}
.sp-grid th,.sp-grid td{border:1px solid #bbb;padding:0;text-align:center}
.sp-grid td.c{width:11px;min-width:11px;height:16px;font-size:9px;font-weight:bold}
.sp-grid thead th{font-weight:normal;font-size:10px;background:#fff}
.sp-grid th.m{text-align:left;padding:0 2px;white-space:nowrap}
.sp-grid th.w{font-size:8px}
.sp-grid caption{text-align:left}
.sp-grid th.s{text-align:left;padding:0 6px;white-space:nowrap;font-weight:normal;
 position:sticky;left:0;background:#fff;z-index:1}
.sp-grid th.s .id{color:#666;font-size:85%}
.sp-grid tfoot th,.sp-grid tfoot td{font-size:9px;font-weight:bold;background:#f4f4f4}
.sp-grid .legend{margin:.4em 0}
.sp-grid .legend b{display:inline-block;min-width:14px;margin:0 3px 0 12px;
 border:1px solid #777;text-align:center}
@media print{
 .sp-grid{overflow:visible;font-size:6pt}
 .sp-grid table{width:100%;table-layout:fixed}
 .sp-grid th.s{width:30mm;position:static;padding:0 1mm;font-size:6pt;line-height:1.05;
  white-space:normal;overflow-wrap:anywhere}
 .sp-grid td.c{width:auto;min-width:0;height:3.2mm;font-size:5pt}
 .sp-grid thead th,.sp-grid tfoot td,.sp-grid tfoot th{font-size:5pt}
 .sp-grid th.w{writing-mode:vertical-rl;text-orientation:upright;letter-spacing:-.4pt;
  line-height:1;padding:.3mm 0;font-size:5pt}
 .sp-grid th.m{overflow:hidden;padding:0}
}
"""


_name = student_label


def _grid_name(student: Student) -> str:
    """The grid's row header: the name (wrapping, never cut), then the id, smaller."""
    if not student.name:
        return escape(student.id)
    return f"{escape(student.name)} <span class=\"id\">{escape(student.id)}</span>"


def _runs(values: list[str], merged: Callable[[str], bool]) -> list[tuple[str, int]]:
    """Consecutive equal values as (value, count), for the values ``merged`` says."""
    out: list[tuple[str, int]] = []
    for value in values:
        if out and out[-1][0] == value and merged(value):
            out[-1] = (value, out[-1][1] + 1)
        else:
            out.append((value, 1))
    return out


def _span(n: int) -> str:
    return f" colspan=\"{n}\"" if n > 1 else ""


def grid_fragment(scenario: Scenario, lang: str, from_date: dt.date | None = None,
                  compact: bool = False) -> str:
    """The grid as an HTML fragment (a div with a scoped style), for pages and the web app;
    with ``from_date`` (--from), history, signed and proposed placements drawn apart.
    ``compact`` (the PDF): each run of the same state is one cell across its weeks, with
    its letter once (free weeks stay one cell each, so the week lines show), the weeks
    with nobody on placement one empty cell, and no hover titles: a PDF has no hover,
    and WeasyPrint's time grows with the number of cells (benchmarks/pdf_bench.py)."""
    grid = class_grid(scenario, from_date)
    counts = week_counts(grid)
    cal = scenario.calendar
    spans = {s.id: [(cal.span_indices(p.start, p.end), p) for p in s.periods]
             for s in scenario.students}
    week_index = {w.monday: w for w in cal.weeks}
    out = [f"<div class=\"sp-grid\"><style>{GRID_CSS}{css_rules('.sp-grid ')}</style>",
           f"<table><caption class=\"legend\">{_legend(grid, lang)}</caption><thead><tr>",
           f"<th class=\"s\" scope=\"col\">{escape(ui('month', lang))}</th>"]
    def title(text: str) -> str:   # a hover title (none in a PDF)
        return "" if compact else f" title=\"{escape(text)}\""

    for name, year, span in month_spans(grid.weeks, lang):
        out.append(f"<th class=\"m\" colspan=\"{span}\" scope=\"colgroup\""
                   f"{title(f'{name} {year}')}>{escape(name if span > 1 else '')}"
                   f"{' ' + str(year % 100).zfill(2) if span > 3 else ''}</th>")
    out.append(f"</tr><tr><th class=\"s\" scope=\"col\">{escape(ui('student', lang))}</th>")
    for monday in grid.weeks:
        out.append(f"<th class=\"w\" scope=\"col\""
                   f"{title(ui('week_of', lang) + ' ' + fmt_date(monday, lang))}>"
                   f"{fmt_week(monday, lang)[1:]}</th>")
    out.append("</tr></thead><tbody>")
    for student, cells in grid.rows:
        out.append(f"<tr><th class=\"s\" scope=\"row\">{_grid_name(student)}</th>")
        if compact:
            out.extend(f"<td class=\"c {LOOKS[code].css}\"{_span(n)}>"
                       f"{code if code != FREE else ''}</td>"
                       for code, n in _runs(cells, lambda c: c != FREE))
            out.append("</tr>")
            continue
        for monday, code in zip(grid.weeks, cells, strict=True):
            look = LOOKS[code]
            w = week_index[monday]
            bits = [f"{fmt_week(monday, lang)} · {ui('week_of', lang)} {fmt_date(monday, lang)}"]
            if code != FREE:
                bits.append(ui(look.key, lang))
            bits += [period_details_text(p, lang) for (lo, hi), p in spans[student.id]
                     if lo <= w.hi and hi >= w.lo and hi >= lo]
            letter = code if code != FREE else ""
            out.append(f"<td class=\"c {look.css}\" title=\"{escape(' — '.join(bits))}\">"
                       f"{letter}</td>")
        out.append("</tr>")
    out.append("</tbody><tfoot>")
    for key, values in (("count_on", [c.on_placement for c in counts]),
                        ("count_abroad", [c.abroad for c in counts])):
        out.append(f"<tr><th class=\"s\" scope=\"row\">{escape(ui(key, lang))}</th>")
        if compact:   # the counts stay one per week; runs of weeks with none are one cell
            out.extend(f"<td{_span(n)}>{v if v != '0' else ''}</td>"
                       for v, n in _runs([str(v) for v in values], lambda v: v == "0"))
            out.append("</tr>")
            continue
        for monday, v in zip(grid.weeks, values, strict=True):
            out.append(f"<td title=\"{escape(ui(key, lang))} · {fmt_week(monday, lang)} · "
                       f"{fmt_date(monday, lang)}{colon(lang)}{v}\">{v or ''}</td>")
        out.append("</tr>")
    out.append("</tfoot></table></div>")
    return "".join(out)


def _legend(grid: ClassGrid, lang: str) -> str:
    parts = [escape(ui("legend", lang) + colon(lang))]
    for code, key in grid.legend():
        look = LOOKS[code]
        parts.append(f"<b class=\"{look.css}\">{code}</b>{escape(ui(key, lang))}")
    if grid.from_date is not None:
        when = fmt_date(grid.from_date, lang)
        parts.append(f"<br>{escape(ui('planned_from', lang, date=when))}")
    return "".join(parts)


PAGE_CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
table.list{border-collapse:collapse;margin:1em 0}
table.list td,table.list th{border:1px solid #ccc;padding:2px 8px;text-align:left;
 vertical-align:top}
.ok{color:#1a6b1a}.ko{color:#b00020;font-weight:bold}.warn{color:#8a5a00}
.sig{display:flex;gap:2em;margin-top:2em}.sig div{flex:1;border-top:1px solid #555;
 padding-top:.3em;min-height:5em}
.cite{color:#555;font-size:90%}
@page{size:A4 landscape;margin:8mm}
@media print{body{margin:0;font-size:9pt}h1{font-size:13pt;margin:0 0 2mm}
 h2{font-size:11pt;margin:3mm 0 1mm;break-after:avoid}table.list{font-size:8pt}
 .student{break-after:page}.student:last-child{break-after:auto}}
"""


def _page(title: str, lang: str, body: list[str], css: str = "") -> str:
    return "".join([f"<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">",
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
                    f"<title>{escape(title)}</title><style>{PAGE_CSS}{css}</style></head>"
                    "<body><main>", *body, "</main></body></html>\n"])


def _route(student: Student, lang: str) -> str:
    route = route_name(student.route, lang)
    if student.route == "distance" and student.status:
        route += f" ({route_name(student.status, lang)})"
    return route


def _period_cells(p: Period, lang: str) -> list[str]:
    place = ui("place_" + p.place, lang)
    return [fmt_date(p.start, lang), fmt_date(p.end, lang),
            fmt_weeks(working_days_between(p.start, p.end) / 5, lang), place,
            p.country or "", p.company or "", p.tutor or "", p.city or "",
            period_status(p, lang)]


PERIOD_HEADS = ("from", "to", "weeks", "place", "country", "company", "tutor", "city",
                "status")


def render_html(scenario: Scenario, lang: str = "en", result: VerifyResult | None = None,
                status_line: str | None = None, from_date: dt.date | None = None,
                compact: bool = False) -> str:
    """A whole page: grid, periods, verification of every student; A4 landscape in print.
    ``compact``: the page as the PDF draws it (``grid_fragment``'s compact grid)."""
    result = result or verify(scenario)
    title = scenario.label or ui("generated_plan", lang)
    out = [f"<h1>{escape(title)}</h1>", f"<p>{escape(scenario.programme.title)}</p>"]
    if status_line:
        out.append(f"<p>{escape(status_line)}</p>")
    out.append(f"<h2>{escape(ui('calendar', lang))}</h2>")
    out.append(grid_fragment(scenario, lang, from_date, compact))
    out.append(f"<h2>{escape(ui('periods', lang))}</h2><table class=\"list\"><thead><tr>")
    for key in ("student", *PERIOD_HEADS):
        out.append(f"<th scope=\"col\">{escape(ui(key, lang))}</th>")
    out.append("</tr></thead><tbody>")
    for student, _, p in plan_periods(scenario):
        out.append(f"<tr><th scope=\"row\">{escape(_name(student))}</th>"
                   + "".join(f"<td>{escape(c)}</td>" for c in _period_cells(p, lang))
                   + "</tr>")
    out.append(f"</tbody></table><h2>{escape(ui('verification', lang))}</h2>"
               "<table class=\"list\"><thead><tr>")
    # the law's verdict and its findings, then the school's policy in a column apart
    for key in ("student", "route", "adjustment", "weeks", "abroad", "verdict", "violations",
                "school_policy"):
        out.append(f"<th scope=\"col\">{escape(ui(key, lang))}</th>")
    out.append("</tr></thead><tbody>")
    for sr in result.students:
        s = sr.student
        css = "ok" if sr.compliant else "ko"
        msgs, school = _messages(sr.violations, lang), _messages(sr.policy, lang)
        out.append(f"<tr><th scope=\"row\">{escape(_name(s))}</th>"
                   f"<td>{escape(_route(s, lang))}</td>"
                   f"<td>{escape(adjustment_name(s.adjustment, lang))}</td>"
                   f"<td>{fmt_weeks(sr.weeks, lang)}</td>"
                   f"<td>{fmt_weeks(sr.weeks_abroad, lang)}</td>"
                   f"<td class=\"{css}\">{escape(ui(_verdict(sr), lang))}</td>"
                   f"<td>{msgs}</td><td>{school}</td></tr>")
    out.append("</tbody></table>")
    for v in result.class_violations:
        out.append(f"<p class=\"{'ko' if v.severity == 'error' else 'warn'}\">"
                   f"{escape(v.rule.id)}{colon(lang)}"
                   f"{escape(render_message(v.code, v.args, lang))}</p>")
    if result.class_policy:
        out.append(f"<h3>{escape(ui('policy_findings', lang))}</h3>")
        out.extend(f"<p class=\"warn\">{escape(v.rule.id)}{colon(lang)}"
                   f"{escape(render_message(v.code, v.args, lang))}</p>"
                   for v in result.class_policy)
    # the class's grid ends its A4 landscape sheet; the lists follow (issue 20)
    return _page(title, lang, out, "@media print{.sp-grid{break-after:page}}")


def _messages(found: list[Violation], lang: str) -> str:
    return "<br>".join(
        f"<span class=\"{'ko' if v.severity == 'error' else 'warn'}\">"
        f"{escape(v.rule.id)}</span>{colon(lang)}{escape(v.message(lang))}"
        for v in found)


def _verdict(sr: StudentResult) -> str:
    warn = any(v.severity == "warning" for v in sr.violations)
    return ("ok_warn" if warn else "ok") if sr.compliant else "ko"


def _rule_row(r: Rule, v: Violation | None, class_hit: bool, lang: str) -> str:
    """One rule's row of a student's page: its verdict for them and its citation."""
    if v is not None:
        css = "ko" if v.severity == "error" else "warn"
        key = "print_not_met" if v.severity == "error" else "print_not_followed"
        verdict = ui(key, lang) + colon(lang) + v.message(lang)
    elif class_hit:
        css, verdict = "ko", ui("print_not_met", lang)
    else:
        css, verdict = "ok", ui("print_met", lang)
    return (f"<tr><td>{escape(r.describe(lang))}</td>"
            f"<td class=\"{css}\">{escape(verdict)}</td>"
            f"<td class=\"cite\">{escape(r.render_citation() or '')}</td></tr>")


def render_student_html(scenario: Scenario, lang: str = "en",
                        result: VerifyResult | None = None,
                        today: dt.date | None = None, compact: bool = False) -> str:
    """Printed pages of their own per student (the annex of a convention): their periods with
    company, tutor and city, every rule that applies to them with its verdict and its
    citation, and room for the signatures. ``today``, when given, is printed as the
    check's date (not by default: the same plan gives the same page). ``compact`` (the
    PDF): the tables' columns of fixed widths, so that WeasyPrint lays each cell's text
    out once instead of measuring every column first."""
    result = result or verify(scenario)
    title = scenario.label or ui("generated_plan", lang)
    rules = scenario.rules
    class_hits = {(v.rule.id, v.student)
                  for v in (*result.class_violations, *result.class_policy)}
    out = [f"<h1 class=\"screen-only\">{escape(title)}</h1>"]
    for sr in result.students:
        s = sr.student
        who = _name(s)
        c = colon(lang)
        intro = ui("print_student_intro", lang, programme=scenario.programme.title)
        facts = " · ".join([
            escape(title),
            escape(ui("route", lang) + c + _route(s, lang)),
            escape(ui("adjustment", lang) + c + adjustment_name(s.adjustment, lang)),
            escape(ui("weeks_on", lang) + c + fmt_weeks(sr.weeks, lang)),
            escape(ui("weeks_abroad", lang) + c + fmt_weeks(sr.weeks_abroad, lang))])
        out.append(f"<section class=\"student\" aria-labelledby=\"st-{escape(s.id)}\">"
                   f"<h1 id=\"st-{escape(s.id)}\">"
                   f"{escape(ui('print_student_title', lang, who=who))}</h1>"
                   f"<p>{escape(intro)}</p><p>{facts}</p>")
        out.append(f"<h2>{escape(ui('periods', lang))}</h2>")
        if s.periods:
            out.append("<table class=\"list periods\"><thead><tr><th scope=\"col\">#</th>"
                       + "".join(f"<th scope=\"col\">{escape(ui(k, lang))}</th>"
                                 for k in PERIOD_HEADS) + "</tr></thead><tbody>")
            for n, p in enumerate(s.periods, 1):
                out.append(f"<tr><th scope=\"row\">{n}</th>"
                           + "".join(f"<td>{escape(c)}</td>" for c in _period_cells(p, lang))
                           + "</tr>")
            out.append("</tbody></table>")
        else:
            out.append(f"<p>{escape(ui('print_no_period', lang))}</p>")
        broken = {v.rule.id: v for v in sr.findings}
        # the programme's text, then the school's own rules under their own heading
        for head, group in (("print_rules", [r for r in rules if not r.school_policy]),
                            ("policy_findings", [r for r in rules if r.school_policy])):
            mine = [r for r in group if r.scope != "student" or r.applies(s)]
            if not mine:
                continue
            out.append(f"<h2>{escape(ui(head, lang))}</h2><table class=\"list rules\"><thead>"
                       f"<tr><th scope=\"col\">{escape(ui('web_rule', lang))}</th>"
                       f"<th scope=\"col\">{escape(ui('verdict', lang))}</th>"
                       f"<th scope=\"col\">{escape(ui('citation', lang))}</th></tr>"
                       "</thead><tbody>")
            for r in mine:
                out.append(_rule_row(r, broken.get(r.id), (r.id, s.id) in class_hits, lang))
            out.append("</tbody></table>")
        if today is not None:
            out.append(f"<p>{escape(ui('print_generated', lang, date=fmt_date(today, lang)))}"
                       "</p>")
        out.append(f"<h2>{escape(ui('print_signatures', lang))}</h2><div class=\"sig\">"
                   f"<div>{escape(ui('print_sign_school', lang))}</div>"
                   f"<div>{escape(ui('print_sign_company', lang))}</div>"
                   f"<div>{escape(ui('print_sign_student', lang))}</div></div></section>")
    css = "@page{size:A4 portrait;margin:15mm}@media print{.screen-only{display:none}}"
    return _page(title, lang, out, css + (FIXED_COLUMNS if compact else ""))


# the annex's tables with columns of fixed widths (compact, the PDF): # from to weeks
# place country company tutor city status; rule, verdict, citation
FIXED_COLUMNS = "".join(
    ["table.list{table-layout:fixed;width:100%}",
     *(f"table.periods th:nth-child({i}){{width:{w}%}}"
       for i, w in enumerate((4, 10, 10, 7, 9, 7, 16, 13, 12, 12), 1)),
     *(f"table.rules th:nth-child({i}){{width:{w}%}}" for i, w in enumerate((36, 22, 42), 1)),
     "table.list td{overflow-wrap:anywhere}"])
