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

from solver.core.files import jsonable, versioned
from solver.core.plan import working_days_between
from solver.i18n import explain as i18n_explain  # noqa: F401  (the sentences of issue 14 join the catalogue)
from solver.i18n.catalog import colon, fmt_date, fmt_number, ui, ui_n
from solver.i18n.translations import N_, catalogue, pgettext

if TYPE_CHECKING:
    from solver.jobs.ask import AskResult, Wish
    from solver.jobs.edits import Edit
    from solver.jobs.explain import Conflict, ExplainResult, Member
    from solver.jobs.repair import RepairResult

# small numbers in words (a number of weeks: « deux semaines »; feminine in French)
NUMBER_WORDS = catalogue(
    N_("number.1", "one"), N_("number.2", "two"), N_("number.3", "three"),
    N_("number.4", "four"), N_("number.5", "five"), N_("number.6", "six"),
    N_("number.7", "seven"), N_("number.8", "eight"), N_("number.9", "nine"),
    N_("number.10", "ten"),
)


def _number(n: int, lang: str) -> str:
    key = f"number.{n}"
    return pgettext(lang, key, NUMBER_WORDS[key]) if key in NUMBER_WORDS else str(n)


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
    if m.kind == "wish":
        spans = []
        for part in (m.part or "").split("; "):
            lo, _, hi = part.partition("..")
            try:
                spans.append(ui("blocked_part", lang, **{
                    "from": fmt_date(dt.date.fromisoformat(lo), lang),
                    "to": fmt_date(dt.date.fromisoformat(hi), lang)}))
            except ValueError:
                spans.append(part)
        return ui("ask_member", lang, wish=", ".join(m.students) + " (" + "; ".join(spans)
                  + ") — " + m.citation)
    if m.period is not None:
        p = m.period
        key = {"history": "history_member", "signed": "signed_member"}.get(m.kind,
                                                                             "locked_member")
        return ui(key, lang, n=(m.period_index or 0) + 1,
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
    if m.weeks:   # a capacity the fixed periods already fill: its weeks and counts
        said = _cap_weeks(m, lang)
        text += " ; " + " ; ".join(said) if lang == "fr" else "; " + "; ".join(said)
    if m.students:
        text += " — " + ", ".join(m.students)
    return text


SAID_WEEKS = 3   # the busiest spans of weeks a capacity's line names (JSON: every week)


def _cap_weeks(m: Member, lang: str) -> list[str]:
    """A capacity's full weeks said: consecutive weeks with the same count as one span,
    the busiest first."""
    place = "abroad" if m.kind == "max_abroad_per_week" else "on"
    cap = getattr(m.rule, "max", 0)
    runs: list[tuple[dt.date, dt.date, int]] = []
    for w, n in sorted(m.weeks):
        if runs and runs[-1][2] == n and (w - runs[-1][1]).days == 7:
            runs[-1] = (runs[-1][0], w, n)
        else:
            runs.append((w, w, n))
    runs.sort(key=lambda x: (-x[2], x[0]))
    said = [ui(f"cap_week_{place}" if a == b else f"cap_weeks_{place}", lang,
               week=fmt_date(a, lang), last=fmt_date(b, lang), count=n, max=cap)
            for a, b, n in runs[:SAID_WEEKS]]
    if len(runs) > SAID_WEEKS:
        more = sum((b - a).days // 7 + 1 for a, b, _ in runs[SAID_WEEKS:])
        said.append(ui_n("cap_weeks_more", more, lang, n=more))
    return said


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
    if m.weeks:
        out["weeks"] = [{"week": w, "count": n, "max": getattr(m.rule, "max", 0)}
                        for w, n in m.weeks]
    out["message"] = member_message(m, lang)
    return out


def conflict_json(conflict: Conflict, lang: str) -> list[dict[str, Any]]:
    return [member_json(m, lang) for m in conflict.members]


def raise_json(conflict: Conflict | None, lang: str) -> list[dict[str, Any]]:
    """The computed first corrections of a conflict (capacities to raise), JSON."""
    return [{"rule": r.rule_id, "kind": r.kind, "max": r.now, "at_least": r.at_least,
             "student_weeks": r.student_weeks, "from": r.first, "to": r.last,
             "window": r.window, "block_weeks": r.run_weeks or None,
             "blocks_fit": r.fit if r.run_weeks else None, "message": raise_words(r, lang)}
            for r in (conflict.raise_to if conflict is not None else [])]


def raise_words(r: Any, lang: str) -> str:
    if r.run_weeks:   # the bound on blocks set the number
        return ui_n("exp_raise_cap_block", r.fit, lang, kind=r.kind, id=r.rule_id,
                    n=r.at_least, now=r.now, students=r.students, weeks=r.run_weeks,
                    fit=r.fit, room=r.now * r.fit, start=fmt_date(r.first, lang),
                    end=fmt_date(r.last, lang))
    return ui("exp_raise_cap", lang, kind=r.kind, id=r.rule_id, n=r.at_least, now=r.now,
              need=r.student_weeks, start=fmt_date(r.first, lang),
              end=fmt_date(r.last, lang))


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
    if result.others:
        out["other_conflicts"] = [{"students": c.students, "conflict": conflict_json(c, lang)}
                                  for c in result.others]
    if result.alternatives:
        out["alternatives"] = [
            {"students": g.students, "complete": g.complete,
             "fixes": [{"rank": f.rank, "changed_days": f.changed_days,
                        "minimal": f.minimal,
                        "message": fix_summary(f, lang),
                        "edits": [edit_json(e, lang) for e in f.edits],
                        "periods": {sid: [p.to_dict() for p in ps]
                                    for sid, ps in f.periods.items()}}
                       for f in g.fixes]}
            for g in result.alternatives]
    return versioned(jsonable(out))


def fix_summary(fix: Any, lang: str) -> str:
    """One fix in one sentence: its edits, separated by semicolons."""
    return "; ".join(edit_message(e, lang) for e in fix.edits)


def _days(n: int, lang: str) -> str:
    """« 5 working days » / « 5 jours ouvrés modifiés », in its plural form."""
    return ui_n("rep_n_days", n, lang, n=n)


def alternatives_text(result: RepairResult, lang: str, con: Console) -> None:
    for g in result.alternatives:
        others = [f for f in g.fixes if f.rank > 1]
        who = ", ".join(g.students)
        if not others:
            days = _days(g.fixes[0].changed_days if g.fixes else 0, lang)
            con.print(escape(f"{who}: " + ui("rep_no_alternative", lang, days=days)))
            continue
        con.print(f"[bold]{escape(who)}[/] — "
                  + escape(ui("rep_alternatives", lang,
                              days=_days(g.fixes[0].changed_days, lang))))
        for f in others:
            con.print("  " + escape(ui("rep_alternative", lang, k=f.rank,
                                       days=_days(f.changed_days, lang))))
            for e in f.edits:
                con.print(f"    - {escape(edit_message(e, lang))}")


def explain_json(result: ExplainResult, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {"programme": result.scenario.programme.id,
                           "feasible": result.feasible, "status": result.status,
                           "conflict": conflict_json(result.conflict, lang) if result.conflict
                           else []}
    if result.conflict is not None:
        out["students"] = result.conflict.students
        if result.conflict.raise_to:
            out["first_correction"] = raise_json(result.conflict, lang)
    if result.others:
        out["other_conflicts"] = [{"students": c.students, "conflict": conflict_json(c, lang)}
                                  for c in result.others]
    if result.status == "unknown" and result.tried:
        out["tried"] = result.tried
    if result.corrections is not None:
        out["corrections"] = [
            {"cost": c.cost, "minimal": c.minimal, "message": correction_words(c, lang),
             "items": [member_json(m, lang) for m in c.members],
             "needs": {rid: [{"week": n.monday, "count": n.count, "limit": n.limit}
                             for n in needs] for rid, needs in c.needs.items()}}
            for c in result.corrections.sets]
        out["corrections_complete"] = result.corrections.complete
    if result.disjoint:
        out["disjoint_conflicts"] = [[member_json(m, lang) for m in c]
                                     for c in result.disjoint]
    return versioned(jsonable(out))


def correction_words(c: Any, lang: str) -> str:
    """One correction set in words: each item to lift, and how much a capacity needs."""
    parts = []
    same: dict[tuple[str, str | None], list[Member]] = {}
    for m in c.members:   # one rule for many students: said once, with all of them
        same.setdefault((m.rule_id, m.part if m.period is None else str(id(m))), []).append(m)
    for group in same.values():
        m = group[0]
        if len(group) > 1:
            m = dataclasses.replace(m, students=[s for x in group for s in x.students])
        text = member_message(m, lang)
        needs = c.needs.get(m.rule_id)
        if needs:
            weeks = ", ".join(ui("mcs_need", lang, count=n.count, limit=n.limit,
                                 week=fmt_date(n.monday, lang)) for n in needs[:6])
            text += " — " + weeks + (" …" if len(needs) > 6 else "")
        parts.append(f"{m.rule_id}: {text}")
    return " ; ".join(parts)


def corrections_text(result: ExplainResult, lang: str, con: Console) -> None:
    rel = result.corrections
    if rel is None:
        return
    if not rel.sets:
        con.print(escape(ui("mcs_none" if rel.complete else "mcs_unknown", lang)))
        return
    con.print(f"[bold]{escape(ui('mcs_title', lang))}[/]")
    for k, c in enumerate(rel.sets, start=1):
        line = ui("mcs_item", lang, k=k, items=correction_words(c, lang))
        if not c.minimal:
            line += " " + ui("mcs_not_minimal", lang)
        con.print("  " + escape(line))


# ---- text -----------------------------------------------------------------------------

def print_conflict(conflict: Conflict, lang: str, con: Console) -> None:
    # a class rule (a cap, the same dates) binds the class, not a list of its students
    whole_class = any(m.rule is not None and m.rule.scope == "class" for m in conflict.members)
    who = ui("exp_who_class", lang) if whole_class else \
        ui("exp_who", lang, students=", ".join(conflict.students)) if conflict.students else ""
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
    from solver.jobs.explain import SCHOOL_POLICY

    for r in conflict.raise_to:   # computed: the first correction to try
        con.print(f"[bold]{escape(raise_words(r, lang))}[/]")
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
        if result.tried:
            t = result.tried
            who = ", ".join(t.get("students", [])) or ui("exp_nobody", lang)
            line = ui("exp_unknown_tried", lang, students=who, assumed=t.get("assumed", 0),
                      solves=t.get("solves", 0), limit=t.get("time_limit", 0))
            con.print(f"[yellow]{escape(line)}[/]")
        else:
            con.print(f"[yellow]{ui('exp_unknown', lang, seconds=seconds)}[/]")
    elif result.conflict is not None:
        print_conflict(result.conflict, lang, con)
        if result.others:
            con.print(escape(ui("exp_others", lang, students=", ".join(
                s for c in result.others for s in c.students))))
        # a placement already done cannot be lifted: say what can
        done = any(m.kind == "history" for m in result.conflict.members)
        con.print(ui("exp_derogation_history" if done else "exp_derogation", lang))
        corrections_text(result, lang, con)
        for k, members in enumerate(result.disjoint, start=1):
            con.print(f"[bold]{escape(ui('exp_all', lang, k=k))}[/]")
            for m in members:
                con.print(f"  - [bold]{escape(m.rule_id)}[/] ({escape(m.kind)}): "
                          f"{escape(member_message(m, lang))}")


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
        line = ui_n("rep_student", s.changed_days, lang, sid=s.student.id, name=name,
                    days=s.changed_days)
        con.print(f"[bold]{escape(line)}[/]")
        for e in s.edits:
            con.print(f"  - {escape(edit_message(e, lang))}")
    if result.alternatives:
        alternatives_text(result, lang, con)
    if result.mode != "per-student":
        con.print(ui("rep_class_mode", lang))
    if result.status in ("optimal", "feasible"):
        line = ui("rep_" + result.status, lang,
                  students=ui_n("rep_n_students", len(fixed), lang, k=len(fixed)),
                  days=_days(result.changed_days, lang),
                  seconds=seconds)
        con.print(f"[green]{escape(line)}[/]")
    elif result.status == "unknown":
        con.print(f"[yellow]{ui('rep_unknown', lang, seconds=seconds)}[/]")
    else:
        con.print(f"[bold red]{ui('rep_infeasible', lang)}[/]")
        # every student with a conflict, each explained (alike students share theirs)
        for conflict in ([result.conflict] if result.conflict is not None else []) \
                + result.others:
            print_conflict(conflict, lang, con)


# ---- "why not?" questions (explain --ask) ----------------------------------------------

def wish_words(w: Wish, lang: str) -> str:
    place = {"abroad": "place_abroad", "france": "place_france"}.get(w.place)
    where = ui(place if place else "ask_off", lang)
    return ui("ask_wish", lang, sid=w.student, place=where,
              **{"from": fmt_date(w.start, lang), "to": fmt_date(w.end, lang)})


def ask_json(result: AskResult, lang: str) -> dict[str, Any]:
    wishes = " ; ".join(wish_words(w, lang) for w in result.wishes)
    out: dict[str, Any] = {
        "feasible": result.status == "possible", "status": result.status,
        "conflict": [member_json(m, lang) for m in result.conflict],
        "ask": {"wishes": [{"student": w.student, "place": w.place, "from": w.start,
                            "to": w.end} for w in result.wishes],
                "message": wishes, "answer": ask_sentence(result, lang),
                "changed_days": result.changed_days, "optimal": result.optimal,
                "edits": [edit_json(e, lang) for es in result.edits.values() for e in es],
                "periods": {sid: [p.to_dict() for p in ps]
                            for sid, ps in result.periods.items()}}}
    return versioned(jsonable(out))


def ask_sentence(result: AskResult, lang: str) -> str:
    wishes = " ; ".join(wish_words(w, lang) for w in result.wishes)
    if result.status == "possible":
        return ui("ask_yes", lang, wish=wishes)
    if result.status == "impossible":
        return ui("ask_no", lang, wish=wishes, n=len(result.conflict))
    if result.status == "class-infeasible":
        return ui("exp_infeasible", lang, who="", n=len(result.conflict))
    return ui("ask_unknown", lang, wish=wishes, seconds=f"{result.solve_time:.1f}")


def ask_text(result: AskResult, lang: str, con: Console) -> None:
    colour = {"possible": "green", "impossible": "bold red",
              "class-infeasible": "bold red"}.get(result.status, "yellow")
    con.print(f"[{colour}]{escape(ask_sentence(result, lang))}[/]")
    if result.status == "possible":
        for sid, edits in result.edits.items():
            days = sum(e.days_changed for e in edits)
            line = ui_n("rep_student", days, lang, sid=sid, name="", days=days)
            con.print(f"[bold]{escape(line)}[/]")
            for e in edits:
                con.print(f"  - {escape(edit_message(e, lang))}")
    for m in result.conflict:
        if m.kind == "wish":
            m.citation = " ; ".join(wish_words(w, lang) for w in result.wishes)
        con.print(f"  - [bold]{escape(m.rule_id)}[/] ({escape(m.kind)}): "
                  f"{escape(member_message(m, lang))}")
        if m.citation and m.kind != "wish":
            label = ui("citation", lang) if m.rule is not None else ui("source", lang)
            con.print(f"    {label}: {escape(m.citation)}")
