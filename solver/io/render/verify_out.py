"""Verify results for people (rich tables) and for scripts (the contract's JSON)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from solver.core.files import SCHEMA_VERSION, versioned
from solver.core.model import Programme
from solver.i18n.catalog import adjustment_name, colon, fmt_weeks, route_name, ui, ui_n
from solver.jobs.verify import VerifyResult
from solver.rules.base import Rule, Violation

# rich is imported by the text renderers only (a JSON output does without it: issue 19)
if TYPE_CHECKING:
    from rich.console import Console


def violation_json(v: Violation, lang: str) -> dict[str, Any]:
    return {"rule": v.rule.id, "kind": v.rule.kind, "severity": v.severity,
            "message": v.message(lang), "citation": v.rule.render_citation(),
            "evidence": v.evidence()}


def verify_json(result: VerifyResult, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "programme": result.scenario.programme.id,
        "compliant": result.compliant,
        "engine": result.engine,
        "students": [
            {"id": s.student.id, "compliant": s.compliant,
             "route": s.student.route, "adjustment": s.student.adjustment,
             "weeks": s.weeks, "weeks_abroad": s.weeks_abroad,
             "violations": [violation_json(v, lang) for v in s.violations],
             # the school's own rules (issue 21): listed apart, never the verdict
             "policy": [violation_json(v, lang) for v in s.policy]}
            for s in result.students
        ],
    }
    out["class_violations"] = [violation_json(v, lang) for v in result.class_violations]
    out["class_policy"] = [violation_json(v, lang) for v in result.class_policy]
    if result.scenario.calendar.provisional:   # issue 10: projected school holidays
        out["calendar"] = {"provisional": True, "warning": ui("cal_provisional", lang)}
    return versioned(out)


def verify_text(result: VerifyResult, lang: str, console: Console) -> None:
    from rich.table import Table

    sc = result.scenario
    title = sc.label or sc.programme.title
    table = Table(title=f"{title} ({sc.programme.id})", show_lines=False)
    has_policy = any(s.policy for s in result.students)
    for key in ("student", "route", "adjustment", "weeks", "abroad", "verdict",
                *(("school_policy",) if has_policy else ())):
        table.add_column(ui(key, lang), justify="right" if key in ("weeks", "abroad") else "left")
    for s in result.students:
        errors = [v for v in s.violations if v.severity == "error"]
        warnings = [v for v in s.violations if v.severity == "warning"]
        if errors:
            verdict = f"[bold red]{ui('ko', lang)}[/] ({len(errors)})"
        elif warnings:
            verdict = f"[yellow]{ui('ok_warn', lang)}[/]"
        else:
            verdict = f"[green]{ui('ok', lang)}[/]"
        label = s.student.id + (f" {s.student.name}" if s.student.name else "")
        route = route_name(s.student.route, lang)
        if s.student.route == "distance" and s.student.status:
            route += f" ({route_name(s.student.status, lang)})"
        table.add_row(label, route, adjustment_name(s.student.adjustment, lang),
                      fmt_weeks(s.weeks, lang), fmt_weeks(s.weeks_abroad, lang), verdict,
                      *((str(len(s.policy)) if s.policy else "-",) if has_policy else ()))
    console.print(table)
    if sc.calendar.provisional:
        console.print(f"[yellow]{ui('warning', lang)}: {ui('cal_provisional', lang)}[/]")
    listed = [(s.student.id, v) for s in result.students for v in s.violations]
    listed += [(ui("class", lang), v) for v in result.class_violations]
    _findings(ui("violations", lang), listed, lang, console)
    # the school's preferences apart, after the law's verdict (issue 21)
    school = [(s.student.id, v) for s in result.students for v in s.policy]
    school += [(ui("class", lang), v) for v in result.class_policy]
    _findings(ui("policy_findings", lang), school, lang, console, "blue")
    n = len(result.students)
    k = sum(1 for s in result.students if not s.compliant)
    console.print()
    if k == 0:
        console.print(f"[green]{ui('all_ok', lang, n=n)}[/]")
    else:
        console.print(f"[red]{ui_n('some_ko', k, lang, k=k, n=n)}[/]")
    ck = sum(1 for v in result.class_violations if v.severity == "error")
    if ck:
        console.print(f"[red]{ui('class_ko', lang, k=ck)}[/]")


def _findings(heading: str, listed: list[tuple[str, Violation]], lang: str,
              console: Console, error_colour: str = "red") -> None:
    if not listed:
        return
    console.print(f"\n[bold]{heading}[/]")
    # one print for all of them: rich's cost is per print, and a class of 1,000 has
    # thousands of lines (issue 19); each line is rendered as its own print renders it
    lines: list[str] = []
    sep = colon(lang)
    for who, v in listed:
        colour = error_colour if v.severity == "error" else "yellow"
        # the kind is a developer's name (total_weeks): English output only
        kind = f" ({v.rule.kind})" if lang != "fr" else ""
        lines.append(f"[{colour}]{ui(v.severity, lang)}[/] [bold]{who}[/] "
                     f"[cyan]{v.rule.id}[/]{kind}{sep}{v.message(lang)}")
        if v.rule.citation:
            lines.append(f"    [dim]{ui('citation', lang)}{sep}{v.rule.render_citation()}[/]")
    console.print("\n".join(lines), highlight=False)


def rules_json(p: Programme, lang: str) -> dict[str, Any]:
    def one(r: Rule) -> dict[str, Any]:
        out = {"id": r.id, "kind": r.kind, "severity": r.severity, "weight": r.weight,
               "applies_to": {"routes": list(r.routes) if r.routes else None,
                              "adjustments": list(r.adjustments) if r.adjustments else None},
               "description": r.describe(lang), "citation": r.render_citation(),
               "reading": r.reading}
        if r.shape:
            out["in_generate"] = getattr(r, "in_generate", "hard")
        return out

    return {"schema_version": SCHEMA_VERSION, "id": p.id, "title": p.title, "source": p.source,
            "routes": p.routes, "adjustments": p.adjustments,
            "rules": [one(r) for r in p.rules], "policy": [one(r) for r in p.policy]}


def rules_text(p: Programme, lang: str, console: Console) -> None:
    console.print(f"[bold]{ui('rules_of', lang, title=p.title)}[/] ({p.id})")
    if p.source:
        console.print(f"[dim]{p.source}[/]")
    for i, r in enumerate((*p.rules, *p.policy)):
        if i == len(p.rules):
            console.print(f"\n[bold]{ui('rules_policy', lang)}[/]")
        sev = "red" if r.severity == "error" else "yellow"
        who = []
        if r.routes:
            who.append("/".join(route_name(x, lang) for x in r.routes))
        if r.adjustments:
            who.append("/".join(adjustment_name(x, lang) for x in r.adjustments))
        kind = f"{r.kind}, " if lang != "fr" else ""
        console.print(f"\n[{sev}]●[/] [bold cyan]{r.id}[/] [dim]({kind}"
                      f"{ui(r.severity, lang)})[/]", highlight=False)
        console.print(f"  {r.describe(lang)}", highlight=False)
        console.print(f"  [dim]{ui('applies', lang)}{colon(lang)}"
                      f"{', '.join(who) or ui('all', lang)}[/]", highlight=False)
        if r.citation:
            console.print(f"  « {r.render_citation()} »", highlight=False)
        if r.reading:
            console.print(f"  [italic]{ui('reading', lang)}{colon(lang)}{r.reading}[/]",
                          highlight=False)


def models_table(programmes: list[Programme], lang: str, console: Console) -> None:
    from rich.table import Table

    table = Table()
    for key in ("id", "title", "routes", "adjustments"):
        table.add_column(ui(key, lang))
    for p in programmes:
        title = p.title
        if p.replaced_by:   # a former programme: say which one replaced it
            title += f" ({ui('replaced_by', lang, new=p.replaced_by)})"
        table.add_row(p.id, title, ", ".join(route_name(r, lang) for r in p.routes),
                      ", ".join(adjustment_name(a, lang) for a in p.adjustments))
    console.print(table)
