"""``stageplan generate``: fill in a compliant placement calendar for a class.

Exit 0 when a calendar was generated (proven optimal or only compliant: the status
says which), 1 when no compliant calendar exists (the rules in conflict are printed
with their citations), 2 on bad input. ``--format yaml`` writes the plan file (a
valid input of verify, repair and generate); ``json`` the contract's JSON (the plan
under ``"plan"``); ``text`` a coloured weeks x students grid; ``html``, ``xlsx`` and
``ics`` the files a coordinator hands out (``xlsx`` needs ``-o``). Status lines go to
stderr when stdout carries a file, so outputs stay byte-for-byte reproducible.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

import click
import yaml

from solver.cli.common import (
    EXIT_BROKEN,
    EXIT_OK,
    EXIT_UNKNOWN,
    command_deadline,
    console,
    emit,
    format_for_output,
    format_option,
    from_option,
    handle_errors,
    lang_option,
    output_option,
    parse_from,
    render_to_text,
    resolve_lang,
)
from solver.core.conventions import carry_details
from solver.core.errors import InputError
from solver.core.files import dumps_json, jsonable, versioned
from solver.core.model import Scenario
from solver.core.yamlload import load_file
from solver.engine.clock import wall_left
from solver.engine.preferences import parse_preferences
from solver.i18n.catalog import fmt_number, ui
from solver.io.render.grid import grid_text
from solver.io.render.repair_out import conflict_json, raise_json
from solver.io.render.repair_out import print_conflict as print_explained
from solver.jobs.explain import explain_scenario
from solver.jobs.generate import DEFAULT_TIME_LIMIT, GenerateResult, generate
from solver.load.scenario import load_scenario

FORMATS = ("text", "yaml", "json", "html", "xlsx", "ics")


def plan_yaml(scenario: Scenario) -> str:
    """The scenario as a plan file (YAML, dates as YYYY-MM-DD, keys in contract order)."""
    data = _dates_back(json.loads(dumps_json(scenario.to_dict())))
    return str(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100))


DATE_KEYS = ("from", "to", "start", "end", "year2_start")


def _dates_back(value: Any, key: str | None = None) -> Any:
    """ISO date strings of date fields back to dates, so YAML writes them unquoted."""
    if isinstance(value, dict):
        return {k: _dates_back(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_back(v) for v in value]
    if key in DATE_KEYS and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def status_line(result: GenerateResult, lang: str) -> str:
    seconds = fmt_number(result.solve_time, lang)
    line = ui(f"gen_{result.status}", lang, seconds=seconds)
    if result.cut and result.ok:   # the best found by then: say it is not the usual answer
        line += "\n" + ui("gen_cut", lang)
    return line


def result_json(result: GenerateResult, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {"programme": result.scenario.programme.id,
                           "status": result.status,
                           "optimal": result.status == "optimal",
                           # the wall clock cut the search (the answer may depend on the
                           # machine; "unknown" proves nothing)
                           "time_limit_reached": result.cut}
    if result.ok:
        out["objective"] = result.objective
        out["bound"] = result.bound
        out["shared_windows"] = result.shared_windows
        out["grid"] = result.grid
        out["plan"] = jsonable(result.scenario.to_dict())
    else:
        out["conflict"] = [c.to_json() for c in result.conflict]
    return versioned(out)


@click.command("generate")
@click.argument("file", type=click.Path(dir_okay=False))
@format_option(*FORMATS)
@output_option
@click.option("--time-limit", "time_limit", type=click.FloatRange(0.5, 3600),
              default=DEFAULT_TIME_LIMIT, show_default=True,
              help="Wall-clock limit of the whole command in seconds (also the solver's "
              "deterministic budget); the status says whether the calendar is proven optimal "
              "or only compliant, and exit 4 that the limit came before any answer.")
@click.option("--preferences", "prefs_file", type=click.Path(dir_okay=False), default=None,
              help="YAML list of preferences (kinds avoid_holidays, avoid_before_blocked, "
              "few_periods, preferred_windows, lean_placements) replacing the defaults.")
@click.option("--separate-windows", is_flag=True, default=False,
              help="Give every student their own windows instead of class windows.")
@click.option("--fresh", is_flag=True, default=False,
              help="Ignore the periods already in the file that are not locked (the draft); "
              "by default a compliant draft is kept and a broken one changes the least.")
@from_option
@click.option("--ics-sequence", "ics_sequence", type=click.IntRange(0, 2**31 - 1), default=0,
              help="Number written as SEQUENCE in the ICS events: give a larger one at each "
              "re-export so that calendars update the events.")
@lang_option
@handle_errors
def generate_cmd(file: str, fmt: str, output: str | None, time_limit: float,
                 prefs_file: str | None, separate_windows: bool, fresh: bool,
                 from_text: str | None, lang: str | None, ics_sequence: int = 0) -> None:
    """Fill in a compliant calendar for the class in FILE; exit 0 done, 1 impossible
    (the conflicting rules are printed), 2 bad input, 4 stopped by --time-limit."""
    lang = resolve_lang(lang)
    fmt = format_for_output(fmt, output, FORMATS)
    if fmt == "xlsx" and not output:
        raise InputError(ui("gen_xlsx_needs_output", lang), None, None, "--output")
    scenario = load_scenario(file)
    prefs = None
    if prefs_file:
        prefs = parse_preferences(load_file(prefs_file), prefs_file)
    from_date = parse_from(from_text, scenario, lang)
    # --time-limit is wall-clock for the whole command: the conflict search, when no
    # calendar exists, shares it
    with command_deadline(time_limit):
        result = generate(scenario, time_limit=time_limit, preferences=prefs,
                          share_windows=not separate_windows, conflict=False, fresh=fresh,
                          from_date=from_date)
        conflict = None
        if result.status == "infeasible":
            # the conflict of explain, with the school policy generate requires: locked
            # periods and shape rules take part in it like the texts' rules
            left = wall_left() or 1.0
            conflict = explain_scenario(result.work or scenario, time_limit=max(0.05, left),
                                        policy=True, from_date=from_date).conflict
    err = console(stderr=True)
    if not result.ok:
        if fmt == "json":
            out = result_json(result, lang)
            out["conflict"] = conflict_json(conflict, lang) if conflict is not None else []
            if conflict is not None:
                out["conflict_minimal"] = conflict.minimal
                if conflict.raise_to:
                    out["first_correction"] = raise_json(conflict, lang)
            elif result.status == "infeasible":   # proven, but its conflict not found
                out["conflict_note"] = ui("gen_infeasible_no_conflict", lang)
            emit(dumps_json(out), output)
        else:
            con = console(stderr=fmt != "text")
            if conflict is not None:
                print_explained(conflict, lang, con)
            elif result.status == "infeasible":
                con.print(f"[bold red]{ui('gen_infeasible_no_conflict', lang)}[/]")
            else:
                con.print(f"[bold red]{status_line(result, lang)}[/]")
        # a search the time limit stopped is no proof: its own exit status
        sys.exit(EXIT_UNKNOWN if result.status == "unknown" else EXIT_BROKEN)
    # the companies and tutors of re-planned periods stay with them (JSON, YAML, every view)
    result.scenario = carry_details(scenario, result.scenario)
    plan = result.scenario
    data: str | bytes
    if fmt == "json":
        data = dumps_json(result_json(result, lang))
    elif fmt == "yaml":
        data = plan_yaml(plan)
    elif fmt == "html":
        from solver.io.render.html import render_html

        data = render_html(plan, lang, from_date=from_date)
    elif fmt == "xlsx":
        from solver.io.render.xlsx import render_xlsx

        data = render_xlsx(plan, lang, from_date=from_date)
    elif fmt == "ics":
        from solver.io.render.ics import render_ics

        data = render_ics(plan, lang, sequence=ics_sequence)
    else:
        if output:
            data = render_to_text(lambda con: grid_text(plan, lang, con, from_date=from_date),
                                  width=200) + status_line(result, lang) + "\n"
        else:
            con = console()
            grid_text(plan, lang, con, from_date=from_date)
            con.print(status_line(result, lang))
            sys.exit(EXIT_OK)
    emit(data, output)
    if output or fmt != "text":
        err.print(status_line(result, lang))
    sys.exit(EXIT_OK)


COMMAND = generate_cmd
