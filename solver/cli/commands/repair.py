"""``stageplan repair``: the smallest change that makes each student's plan compliant.

Exit 0 when every plan is compliant afterwards (or was already), 1 when some plan
cannot be made compliant without touching its locked periods (the rules in conflict are
printed), 2 on bad input. ``-o`` writes the repaired plan (YAML, atomically; JSON when
``--format json``); the input file is never overwritten unless ``--in-place`` is given.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from solver.cli.commands.generate import plan_yaml
from solver.cli.common import (
    EXIT_BROKEN,
    EXIT_OK,
    EXIT_UNKNOWN,
    command_deadline,
    console,
    emit,
    format_option,
    from_option,
    handle_errors,
    lang_option,
    output_option,
    parse_from,
    resolve_lang,
)
from solver.core.errors import InputError
from solver.core.files import dumps_json
from solver.core.yamlload import load_file
from solver.engine.clock import was_cut
from solver.engine.preferences import parse_preferences
from solver.i18n.catalog import ui
from solver.io.render.repair_out import repair_json, repair_text
from solver.io.roundtrip import edit_periods_text
from solver.jobs.repair import DEFAULT_TIME_LIMIT, RepairResult, repair
from solver.jobs.repair_alternatives import MAX_ALTERNATIVES, alternatives
from solver.jobs.repair_taste import repair_preferences
from solver.load.scenario import load_scenario


def repaired_text(result: RepairResult, file: str) -> str:
    """The repaired plan as the text of ``file`` with only the changed periods edited
    (comments, key order, quoting and ``weeks:`` kept); the plain plan file when the
    input cannot be edited in place (an overlay, JSON)."""
    changes = {}
    for s in result.students:
        if s.edits:
            changes[s.student.id] = [
                (None if e.action == "add" else e.period, e.before,
                 None if e.action == "remove" else e.after) for e in s.edits]
    if not changes:
        return plan_yaml(result.scenario) if result.before.file is None else _read(file)
    try:
        text = _read(file)
    except OSError:
        return plan_yaml(result.scenario)
    edited = edit_periods_text(text, file, result.before, result.scenario, changes)
    return edited if edited is not None else plan_yaml(result.scenario)


def _read(file: str) -> str:
    return Path(file).read_bytes().decode("utf-8-sig")


@click.command("repair")
@click.argument("file", type=click.Path(dir_okay=False))
@format_option("text", "json", "yaml")
@output_option
@click.option("--in-place", "in_place", is_flag=True, default=False,
              help="Overwrite FILE with the repaired plan (atomically).")
@click.option("--time-limit", "time_limit", type=click.FloatRange(0.5, 3600),
              default=DEFAULT_TIME_LIMIT, show_default=True,
              help="Wall-clock limit of the whole command in seconds (also each solve's "
              "deterministic budget); exit 4 when it stops the search before an answer.")
@click.option("--alternatives", "n_alternatives", type=click.IntRange(0, MAX_ALTERNATIVES),
              default=0, show_default=True,
              help="List up to K fixes per repaired student (the repair first), of the "
              "same minimal cost or the next costs, each in words.")
@click.option("--preferences", "preferences_file", type=click.Path(dir_okay=False),
              default=None, help="Repair's taste among equal-cost fixes: a YAML list of "
              "preferences (default: solver/jobs/repair_taste.py REPAIR_PREFERENCES).")
@from_option
@lang_option
@handle_errors
def repair_cmd(file: str, fmt: str, output: str | None, in_place: bool, time_limit: float,
               n_alternatives: int, preferences_file: str | None, from_text: str | None,
               lang: str | None) -> None:
    """Smallest change making each plan in FILE compliant; exit 0 repaired or already
    compliant, 1 impossible (the conflict is printed), 2 bad input, 4 stopped by
    --time-limit."""
    lang = resolve_lang(lang)
    if output and not in_place and Path(output).resolve() == Path(file).resolve():
        raise InputError(ui("rep_same_file", lang), file, None, "--output")
    scenario = load_scenario(file)
    prefs = (parse_preferences(load_file(preferences_file), preferences_file)
             if preferences_file else repair_preferences())
    from_date = parse_from(from_text, scenario, lang)
    with command_deadline(time_limit):
        result = repair(scenario, time_limit=time_limit, preferences=prefs,
                        from_date=from_date)
        if n_alternatives and result.ok:
            result.alternatives = alternatives(result, n_alternatives, prefs, time_limit)
        cut = was_cut()
    # a search the time limit stopped is no proof of "impossible": its own exit status
    code = EXIT_OK if result.ok else EXIT_UNKNOWN if result.status == "unknown" \
        else EXIT_BROKEN
    target = file if in_place else output
    if fmt == "json":
        emit(dumps_json({**repair_json(result, lang), "time_limit_reached": cut}), output)
        if in_place:
            emit(repaired_text(result, file), file, replace_notice=False)
    elif fmt == "yaml":
        emit(repaired_text(result, file), target, replace_notice=not in_place)
        repair_text(result, lang, console(stderr=True))
    else:
        if target:
            emit(repaired_text(result, file), target, replace_notice=not in_place)
        con = console()
        repair_text(result, lang, con)
        if cut:
            con.print(ui("time_limit_cut", lang))
        if target:
            con.print(ui("rep_written", lang, path=target))
    sys.exit(code)


COMMAND = repair_cmd
