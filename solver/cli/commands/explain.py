"""``stageplan explain``: the rules in conflict when no compliant plan exists.

Exit 0 when there is nothing to explain (the class complies, or a compliant plan exists:
repair or generate finds it), 1 when a minimal conflict is printed (or the time limit
stopped the search before an answer), 2 on bad input.
"""

from __future__ import annotations

import datetime as dt
import sys

import click

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
    render_to_text,
    resolve_lang,
)
from solver.core.files import dumps_json
from solver.core.model import Scenario
from solver.engine.clock import was_cut
from solver.i18n.catalog import ui
from solver.io.render.repair_out import ask_json, ask_text, explain_json, explain_text
from solver.jobs.ask import ask, parse_wishes
from solver.jobs.explain import DEFAULT_TIME_LIMIT, ExplainResult, _class_rules, explain_scenario
from solver.jobs.history import history_split
from solver.jobs.relax import MAX_SETS, correction_sets, disjoint_conflicts
from solver.load.scenario import load_scenario

MAX_DISJOINT = 5


def add_corrections(result: ExplainResult, scenario: Scenario, relax_rules: bool,
                    n_sets: int, all_conflicts: bool, time_limit: float) -> None:
    """The correction sets (and with ``all_conflicts`` the disjoint conflicts) of the
    conflict's scope: the class when class rules bind, else its student."""
    assert result.conflict is not None
    scope = scenario if _class_rules(scenario) or not result.conflict.students else \
        scenario.with_students([s for s in scenario.students
                                if s.id in result.conflict.students])
    policy = scenario.from_date is not None or not any(s.periods for s in scenario.students)
    # a capacity too small by the counts: its first correction is computed (raise_to),
    # and a search of correction sets would have to plan the class around it (a hint
    # that can take the whole time limit on a large class)
    if n_sets and not result.conflict.raise_to:
        result.corrections = correction_sets(scope, policy, relax_rules, n_sets, time_limit)
    if all_conflicts:
        result.disjoint = disjoint_conflicts(scope, policy, MAX_DISJOINT, time_limit)


@click.command("explain")
@click.argument("file", type=click.Path(dir_okay=False))
@format_option("text", "json")
@output_option
@click.option("--time-limit", "time_limit", type=click.FloatRange(0.5, 3600),
              default=DEFAULT_TIME_LIMIT, show_default=True,
              help="Wall-clock limit of the whole command in seconds (also each solve's "
              "deterministic budget); exit 4 when it stops the search before an answer.")
@click.option("--ask", "question", default=None, metavar="WISH",
              help='A "why not?" question: "S03 abroad 2027-05-17..2027-06-11" (or '
              '« S03 étranger 17/05/2027..11/06/2027 »; several joined by ";"): a '
              "compliant class calendar with it, or its minimal conflict with the rest; "
              "exit 0 possible, 1 not.")
@click.option("--relax-rules", "relax_rules", is_flag=True, default=False,
              help="Let the correction sets name the texts' rules too (by default only "
              "school-side items: policy, blocked dates, locked periods).")
@click.option("--all", "all_conflicts", is_flag=True, default=False,
              help=f"Several disjoint minimal conflicts (at most {MAX_DISJOINT}), not only "
              "the first.")
@click.option("--sets", "n_sets", type=click.IntRange(0, MAX_SETS), default=3,
              show_default=True, help="How many correction sets to list (0: none).")
@from_option
@lang_option
@handle_errors
def explain_cmd(file: str, fmt: str, output: str | None, time_limit: float,
                question: str | None, relax_rules: bool, all_conflicts: bool, n_sets: int,
                from_text: str | None, lang: str | None) -> None:
    """Why the class in FILE cannot comply: a minimal set of rules in conflict; exit 0
    nothing to explain, 1 explained, 2 bad input, 4 stopped by --time-limit."""
    lang = resolve_lang(lang)
    scenario = load_scenario(file)
    from_date = parse_from(from_text, scenario, lang)
    with command_deadline(time_limit):
        _explain(scenario, fmt, output, time_limit, question, relax_rules, all_conflicts,
                 n_sets, from_date, lang)


def _explain(scenario: Scenario, fmt: str, output: str | None, time_limit: float,
             question: str | None, relax_rules: bool, all_conflicts: bool, n_sets: int,
             from_date: dt.date | None, lang: str) -> None:
    if question is not None:
        # the same question as generate's: history kept, nothing new before --from
        asked = history_split(scenario, from_date) if from_date is not None else scenario
        answer = ask(asked, parse_wishes(question, asked), time_limit)
        if fmt == "json":
            emit(dumps_json(ask_json(answer, lang)), output)
        elif output:
            emit(render_to_text(ask_text, answer, lang), output)
        else:
            ask_text(answer, lang, console())
        sys.exit(EXIT_OK if answer.status == "possible" else
                 EXIT_UNKNOWN if answer.status == "unknown" else EXIT_BROKEN)
    result = explain_scenario(scenario, time_limit=time_limit, from_date=from_date)
    if result.status == "infeasible" and result.conflict is not None:
        add_corrections(result, result.scenario, relax_rules, n_sets, all_conflicts,
                        time_limit)
    cut = was_cut()
    if fmt == "json":
        # the wall clock cut a search: what is shown is what was found by then
        emit(dumps_json({**explain_json(result, lang), "time_limit_reached": cut}), output)
    elif output:
        emit(render_to_text(explain_text, result, lang)
             + (ui("time_limit_cut", lang) + "\n" if cut else ""), output)
    else:
        explain_text(result, lang, console())
        if cut:
            console().print(ui("time_limit_cut", lang))
    sys.exit(EXIT_OK if result.feasible else
             EXIT_UNKNOWN if result.status == "unknown" else EXIT_BROKEN)


COMMAND = explain_cmd
