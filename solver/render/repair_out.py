"""Repair and explain results in words (text for people, JSON for scripts).

Edits are said as a teacher would pass them on ("extend period 3 (France, from
04/01/2027) by one week: now 04/01/2027 to 05/02/2027"), each with the rules it
satisfies; conflict members as the rule's own sentence with its citation, or the locked
period with the line of the file it comes from.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape

from ..i18n import colon, fmt_date, fmt_number, ui
from ..plan import working_days_between
from .common import jsonable

if TYPE_CHECKING:
    from ..explain import Conflict, ExplainResult, Member
    from ..repair import Edit, RepairResult

WORDS_EN = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
WORDS_FR = ("", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix")


def _number(n: int, lang: str) -> str:
    words = WORDS_FR if lang == "fr" else WORDS_EN
    return words[n] if 0 < n < len(words) else str(n)


def _weeks(weeks: int, lang: str) -> str:
    return ui("one_week", lang) if weeks == 1 else ui("n_weeks", lang, n=_number(weeks, lang))


def working_duration(days: int, lang: str) -> str:
    """A number of working days, in whole weeks when it is one."""
    days = abs(days)
    if days and days % 5 == 0:
        return _weeks(days // 5, lang)
    return ui("one_day", lang) if days == 1 else ui("n_days", lang, n=days)


def calendar_shift(days: int, lang: str) -> str:
    """A shift in calendar days, in whole weeks when it is one."""
    days = abs(days)
    return _weeks(days // 7, lang) if days % 7 == 0 else ui("n_cal_days", lang, n=days)


def _place(place: str, lang: str) -> str:
    return ui("place_france" if place == "france" else "place_abroad", lang)


def edit_message(e: Edit, lang: str) -> str:
    args: dict[str, Any] = {"n": e.period + 1, "from": fmt_date(e.start, lang),
                            "to": fmt_date(e.end, lang), "new_place": _place(e.place, lang)}
    if e.before is not None:
        args.update({"place": _place(e.before.place, lang),
                     "old_from": fmt_date(e.before.start, lang),
                     "old_to": fmt_date(e.before.end, lang)})
    if e.action in ("extend", "shorten") and e.before is not None:
        delta = working_days_between(e.start, e.end) - working_days_between(
            e.before.start, e.before.end)
        text = ui(f"edit_{e.action}", lang, delta=working_duration(delta, lang), **args)
    elif e.action == "move" and e.before is not None:
        shift = (e.start - e.before.start).days
        key = "edit_move_later" if shift > 0 else "edit_move_earlier"
        text = ui(key, lang, delta=calendar_shift(shift, lang), **args)
    elif e.action == "add":
        text = ui("edit_add", lang, delta=working_duration(
            working_days_between(e.start, e.end), lang), **args)
    else:
        text = ui(f"edit_{e.action}", lang, **args)
    if lang == "fr":   # élision : « d'une semaine », « d'un jour ouvré »
        text = text.replace(" de une ", " d'une ").replace(" de un ", " d'un ")
    if e.rules:
        text += " — " + ui("rep_for", lang, rules=", ".join(e.rules))
    return text


def member_message(m: Member, lang: str) -> str:
    if m.period is not None:
        p = m.period
        return ui("locked_member", lang, n=(m.period_index or 0) + 1,
                  sid=", ".join(m.students), **{"from": fmt_date(p.start, lang),
                                                "to": fmt_date(p.end, lang)},
                  place=_place(p.place, lang))
    text = m.rule.describe(lang) if m.rule is not None else m.rule_id
    if m.part and ".." in m.part:
        lo, hi = m.part.split("..", 1)
        try:
            text += " (" + ui("blocked_part", lang, **{
                "from": fmt_date(dt.date.fromisoformat(lo), lang),
                "to": fmt_date(dt.date.fromisoformat(hi), lang)}) + ")"
        except ValueError:
            text += f" ({m.part})"
    elif m.part:
        text += f" ({m.part})"
    if m.students:
        text += " — " + ", ".join(m.students)
    return text


# ---- JSON ---------------------------------------------------------------------------

def edit_json(e: Edit, lang: str) -> dict[str, Any]:
    """One edit as the contract's JSON says it, with its message."""
    out: dict[str, Any] = {"student": e.student, "action": e.action, "period": e.period,
                           "from": e.start, "to": e.end, "place": e.place,
                           "weeks_changed": e.weeks_changed, "days_changed": e.days_changed}
    if e.before is not None:
        out["before"] = {"from": e.before.start, "to": e.before.end, "place": e.before.place}
    out["rules"] = e.rules
    out["message"] = edit_message(e, lang)
    return out


def member_json(m: Member, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {"rule": m.rule_id, "kind": m.kind, "citation": m.citation,
                           "students": m.students}
    if m.rule is not None:
        out["severity"] = m.rule.severity
    if m.part:
        out["part"] = m.part
    if m.period is not None:
        out["period"] = {"index": m.period_index, "from": m.period.start,
                         "to": m.period.end, "place": m.period.place}
    if m.source:
        out["source"] = m.source
    out["message"] = member_message(m, lang)
    return out


def conflict_json(conflict: Conflict, lang: str) -> list[dict[str, Any]]:
    return [member_json(m, lang) for m in conflict.members]


def repair_json(result: RepairResult, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {"programme": result.scenario.programme.id,
                           "status": result.status,
                           "optimal": result.status in ("optimal", "unchanged"),
                           "compliant_before": result.verify_before.compliant,
                           "mode": result.mode,
                           "changed_days": result.changed_days,
                           "edits": [edit_json(e, lang) for e in result.edits],
                           "students": [{"id": s.student.id, "status": s.status,
                                         "changed_days": s.changed_days,
                                         "broken_before": s.broken_before}
                                        for s in result.students
                                        if s.status != "unchanged" or s.broken_before],
                           "plan": result.scenario.to_dict()}
    if result.conflict is not None:
        out["conflict"] = conflict_json(result.conflict, lang)
    return jsonable(out)


def explain_json(result: ExplainResult, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {"programme": result.scenario.programme.id,
                           "feasible": result.feasible, "status": result.status,
                           "conflict": conflict_json(result.conflict, lang) if result.conflict
                           else []}
    if result.conflict is not None:
        out["students"] = result.conflict.students
    if result.others:
        out["other_conflicts"] = [{"students": c.students, "conflict": conflict_json(c, lang)}
                                  for c in result.others]
    return jsonable(out)


# ---- text -----------------------------------------------------------------------------

def print_conflict(conflict: Conflict, lang: str, con: Console) -> None:
    who = ui("exp_who", lang, students=", ".join(conflict.students)) if conflict.students \
        else ""
    head = "exp_infeasible" if conflict.minimal else "exp_infeasible_unproven"
    con.print(f"[bold red]{escape(ui(head, lang, who=who, n=len(conflict.members)))}[/]")
    # one line per rule instance, the students of the same instance together (a
    # counting conflict concerns many students through one rule)
    lines: dict[tuple[str, str | None, bool], list[Member]] = {}
    for m in conflict.members:
        lines.setdefault((m.rule_id, m.part, m.period is not None and True), []).append(m)
    for same in lines.values():
        m = same[0]
        if len(same) > 1 and m.period is None:
            m = dataclasses.replace(m, students=[s for x in same for s in x.students])
        for x in ([m] if m.period is None else same):
            kind = f" ({escape(x.kind)})" if lang != "fr" else ""   # a developer's name
            con.print(f"  - [bold]{escape(x.rule_id)}[/]{kind}{colon(lang)}"
                      f"{escape(member_message(x, lang))}")
            if x.citation:
                label = ui("citation", lang) if x.rule is not None else ui("source", lang)
                con.print(f"    {label}{colon(lang)}{escape(x.citation)}")
    from ..explain import SCHOOL_POLICY

    policy = [m.rule_id for m in conflict.members if m.source == SCHOOL_POLICY]
    if policy:
        ids = list(dict.fromkeys(policy))
        con.print(escape(ui("exp_relax_policy", lang, ids=", ".join(ids), first=ids[0])))


def explain_text(result: ExplainResult, lang: str, con: Console) -> None:
    seconds = fmt_number(result.solve_time, lang)
    if result.status == "compliant":
        con.print(f"[green]{ui('exp_compliant', lang)}[/]")
    elif result.status == "repairable":
        k = sum(1 for s in result.verify_result.students if not s.compliant)
        con.print(f"[yellow]{escape(ui('exp_repairable', lang, k=k))}[/]")
    elif result.status == "generable":
        con.print(f"[green]{escape(ui('exp_generable', lang))}[/]")
    elif result.status == "unknown":
        con.print(f"[yellow]{ui('exp_unknown', lang, seconds=seconds)}[/]")
    elif result.conflict is not None:
        print_conflict(result.conflict, lang, con)
        if result.others:
            con.print(escape(ui("exp_others", lang, students=", ".join(
                s for c in result.others for s in c.students))))
        con.print(ui("exp_derogation", lang))


def repair_text(result: RepairResult, lang: str, con: Console) -> None:
    seconds = fmt_number(result.solve_time, lang)
    if result.status == "unchanged":
        con.print(f"[green]{ui('rep_unchanged', lang)}[/]")
        return
    fixed = [s for s in result.students if s.edits or s.changed_days]
    for s in result.students:
        name = f" ({s.student.name})" if s.student.name else ""
        if s.status in ("infeasible", "unknown"):
            line = ui("rep_student_none", lang, sid=s.student.id, name=name)
            con.print(f"[bold red]{escape(line)}[/]")
            continue
        if not (s.edits or s.changed_days):
            continue
        line = ui("rep_student", lang, sid=s.student.id, name=name, days=s.changed_days)
        con.print(f"[bold]{escape(line)}[/]")
        for e in s.edits:
            con.print(f"  - {escape(edit_message(e, lang))}")
    if result.mode != "per-student":
        con.print(ui("rep_class_mode", lang))
    if result.status in ("optimal", "feasible"):
        line = ui("rep_" + result.status, lang, k=len(fixed), days=result.changed_days,
                  seconds=seconds)
        con.print(f"[green]{escape(line)}[/]")
    elif result.status == "unknown":
        con.print(f"[yellow]{ui('rep_unknown', lang, seconds=seconds)}[/]")
    else:
        con.print(f"[bold red]{ui('rep_infeasible', lang)}[/]")
        if result.conflict is not None:
            print_conflict(result.conflict, lang, con)
